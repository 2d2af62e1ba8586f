"""service.statdaily (admin): the expense of one day of a service by the tariff's settings."""

import calendar

from .. import errors
from ..clock import parse_date
from ..document import Node
from . import Function, common


def statdaily(ctx):
    service = common.load_service(ctx, None, ctx.int_param('item'), param='item')
    raw = ctx.require('statdate')
    try:
        statdate = parse_date(raw)
    except ValueError as exc:
        raise errors.invalid('statdate', raw) from exc
    conn = ctx.conn
    done = conn.execute('SELECT expense_id FROM statdaily WHERE service_id = ? AND statdate = ?', (service['id'], statdate.isoformat())).fetchone()
    if done is not None:
        if ctx.params.get('force') != 'on':
            # [INF] type and text; the documented rule is only that it is an error without force=on.
            raise errors.exists('statdate', raw, 'Statistics for %s have already been calculated; use force=on to recalculate' % raw)
        old = conn.execute('SELECT amount FROM expense WHERE id = ?', (done['expense_id'],)).fetchone()
        if old is not None:
            conn.execute('UPDATE account SET balance = balance + ? WHERE id = ?', (old['amount'], service['account_id']))
            conn.execute('DELETE FROM expense WHERE id = ?', (done['expense_id'],))
    # [INF] a day costs the monthly price divided by the days of that month; usage expenses may take the balance below zero.
    amount = service['monthly'] // calendar.monthrange(statdate.year, statdate.month)[1]
    conn.execute('UPDATE account SET balance = balance - ? WHERE id = ?', (amount, service['account_id']))
    expense_id = conn.execute('INSERT INTO expense (account_id, date, amount, service_id, description) VALUES (?, ?, ?, ?, ?)',
                              (service['account_id'], statdate.isoformat(), amount, service['id'],
                               'Daily statistics of service #%d for %s' % (service['id'], statdate.isoformat()))).lastrowid
    conn.execute('INSERT OR REPLACE INTO statdaily (service_id, statdate, expense_id) VALUES (?, ?, ?)',
                 (service['id'], statdate.isoformat(), expense_id))
    return [Node('ok')]


def register(registry):
    registry['service.statdaily'] = Function(statdaily, admin=True)
