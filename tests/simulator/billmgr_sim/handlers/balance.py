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
"""

from .. import billing, catalog, errors
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


def _paged(ctx, table, account_id, order):
    p_num, p_cnt = page(ctx)
    total = ctx.conn.execute('SELECT COUNT(*) FROM %s WHERE account_id = ?' % table, (account_id,)).fetchone()[0]
    rows = ctx.conn.execute('SELECT * FROM %s WHERE account_id = ? ORDER BY %s LIMIT ? OFFSET ?' % (table, order),
                            (account_id, p_cnt, (p_num - 1) * p_cnt)).fetchall()
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
