"""The money of an account, as scripts read it: ``desktop`` (the balance), ``subaccount``, ``expense`` and ``payment``.

- ``desktop``: the client's start page carries the balance as text with the currency, ``balance`` = "12.34 RUB"
  (real-panels "Real functions…": E5, E6), and as the ``balance`` attribute of ``user`` (third-party balance checks
  read ``doc.user.$balance`` from ``func=desktop&startform=vds``). An administrator's start page has no balance [INF].
- ``subaccount``: the personal accounts of a client account, for administrators only (a third-party client notes it
  is documented with the admin access level; a client's request is refused) [INF: strict]. An element has ``id``,
  ``balance``, ``currency`` (a third-party client reads both) and ``creditlimit`` (the field ``subaccount.edit`` sets,
  in a third-party admin client); the account is ``elid`` (that client opens the list with ``plid``; both accepted).
- ``expense``: the account's charges, newest first (E5 sorts ``p_col=+time``) [INF: fields id, date, amount, item,
  name]. ``payment``: payments, with ``number``, ``create_date``, ``subaccountamount_iso`` ("9.00 RUB") and
  ``status`` 1 new .. 9 cancelled (a third-party client lists the codes); a payment from the balance is status 2
  (paid) [INF].

Both lists honour a filter the user saved (``expense.filter``/``payment.filter`` with ``sok``), as service lists do,
unless the request says ``filter=on`` and its own fields (real-panels-2 §2.6, §9.1: E24 resets these filters because a
saved "Service ID = 388" hid charges; E27 reads ``payment&filter=on&status=1&paymethod=...``). The fields: ``item``
(the service) of an expense [INF: the name], ``status`` and ``paymethod`` of a payment (E27).
"""

import functools
import json


from .. import billing, catalog, errors, numeric
from ..document import Node
from . import Function
from .lists import page

CURRENCY = 'RUB'  # [INF] the simulator's one currency, as its costs are written ("500.00 RUB / Month")
PAID = 2  # of 1 new, 2 paid, 3 promised, 4 credited, 5 awaiting refund, 6 refunded, 7 fraudulent, 8 initiated, 9 cancelled


def desktop(ctx):
    if ctx.is_admin:
        return [Node('user', ctx.user['name'], {'level': ctx.user['level']})]
    text = '%s %s' % (catalog.money(billing.balance(ctx.conn, ctx.account_id)), CURRENCY)
    return [Node('balance', text), Node('user', ctx.user['name'], {'balance': catalog.money(billing.balance(ctx.conn, ctx.account_id)),
                                                                   'level': ctx.user['level']})]


def subaccount(ctx):
    raw = ctx.params.filled('elid') or ctx.params.filled('plid')
    if raw is None:
        raise errors.missed('elid')
    try:
        account_id = int(raw)
    except ValueError:
        raise errors.invalid('elid', raw) from None
    row = ctx.conn.execute('SELECT * FROM account WHERE id = ?', (account_id,)).fetchone()
    if row is None:
        raise errors.not_found('elid', raw)
    elem = Node('elem', repeat=True)
    elem.field('id', row['id']).field('balance', catalog.money(row['balance'])).field('currency', CURRENCY)
    elem.field('creditlimit', catalog.money(row['creditlimit']))
    return [elem]


def _account_of(ctx):
    """A client's own account; an administrator names one with ``elid`` (or ``plid``) [INF]."""
    if not ctx.is_admin:
        return ctx.account_id
    raw = ctx.params.filled('elid') or ctx.params.filled('plid')
    if raw is None:
        raise errors.missed('elid')
    try:
        return int(raw)
    except ValueError:
        raise errors.invalid('elid', raw) from None


# list -> filter field -> SQL condition on its table; every value an integer.
MONEY_FILTERS = {'expense': {'item': 'service_id = ?'},
                 'payment': {'status': '%d = ?' % PAID, 'paymethod': 'paymethod = ?'}}


def money_filter(ctx, func):
    """The filter that governs this request: its own fields with ``filter=on``, else the one the user saved."""
    if ctx.params.get('filter') == 'on':
        return {name: ctx.params.filled(name) for name in MONEY_FILTERS[func] if ctx.params.filled(name) is not None}
    row = ctx.conn.execute('SELECT params FROM saved_filter WHERE user_id = ? AND func = ?', (ctx.user['id'], func)).fetchone()
    return {name: value for name, value in json.loads(row['params']).items() if name in MONEY_FILTERS[func]} if row else {}


def store_money_filter(ctx, user_id, func, chosen):
    """Save ``chosen`` as the user's filter of ``func`` (expense.filter, sim.filter); a bad value is a ``value`` error."""
    for name, value in chosen.items():
        numeric.int_value(name, value)
    ctx.conn.execute('INSERT OR REPLACE INTO saved_filter (user_id, func, params) VALUES (?, ?, ?)',
                     (user_id, func, json.dumps(chosen)))


def save_money_filter(func, ctx):
    """``expense.filter``/``payment.filter``: with sok the given fields become the saved filter (none: cleared);
    without it, the saved fields."""
    if ctx.confirmed:
        chosen = {name: ctx.params.filled(name) for name in MONEY_FILTERS[func] if ctx.params.filled(name) is not None}
        store_money_filter(ctx, ctx.user['id'], func, chosen)
        return [Node('ok')]
    return [Node(name, value) for name, value in money_filter(ctx, func).items()]


def _paged(ctx, table, account_id, order):
    where, args = ['account_id = ?'], [account_id]
    for name, value in money_filter(ctx, table).items():
        where.append(MONEY_FILTERS[table][name])
        args.append(numeric.int_value(name, value))
    where = ' WHERE ' + ' AND '.join(where)
    p_num, p_cnt = page(ctx)
    total = ctx.conn.execute('SELECT COUNT(*) FROM %s%s' % (table, where), args).fetchone()[0]
    rows = ctx.conn.execute('SELECT * FROM %s%s ORDER BY %s LIMIT ? OFFSET ?' % (table, where, order),
                            args + [p_cnt, (p_num - 1) * p_cnt]).fetchall()
    return rows, [Node('p_num', p_num), Node('p_cnt', p_cnt), Node('p_elems', total)]


def expense(ctx):
    rows, paging = _paged(ctx, 'expense', _account_of(ctx), 'id DESC')
    nodes = []
    for row in rows:
        elem = Node('elem', repeat=True)
        elem.field('id', row['id']).field('date', row['date']).field('amount', '%s %s' % (catalog.money(row['amount']), CURRENCY))
        if row['service_id'] is not None:
            elem.field('item', row['service_id'])
        elem.field('name', row['description'])
        nodes.append(elem)
    return nodes + paging


def payment(ctx):
    rows, paging = _paged(ctx, 'payment', _account_of(ctx), 'id DESC')
    nodes = []
    for row in rows:
        elem = Node('elem', repeat=True)
        elem.field('id', row['id']).field('number', '%06d' % row['id']).field('create_date', row['created'])
        elem.field('subaccountamount_iso', '%s %s' % (catalog.money(row['amount']), CURRENCY))
        elem.field('status', PAID)
        elem.field('paymethod_name', 'Personal account')
        nodes.append(elem)
    return nodes + paging


def register(registry):
    registry['desktop'] = Function(desktop)
    registry['subaccount'] = Function(subaccount, admin=True)
    registry['expense'] = Function(expense)
    registry['payment'] = Function(payment)
    for func in MONEY_FILTERS:
        registry[func + '.filter'] = Function(functools.partial(save_money_filter, func))
