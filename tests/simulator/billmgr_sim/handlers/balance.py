"""The money of an account, as scripts read it: ``desktop`` (the balance), ``subaccount``, ``expense`` and ``payment``.

- ``desktop``: the client's start page carries the balance as text with the currency, ``balance`` = "12.34 RUB"
  (real-panels "Real functions…": E5, E6), and as the ``balance`` attribute of ``user`` (third-party balance checks
  read ``doc.user.$balance`` from ``func=desktop&startform=vds``). An administrator's start page has no balance [INF].
- ``subaccount``: the personal accounts of a client account, for administrators only (a third-party client notes it
  is documented with the admin access level; a client's request is refused) [INF: strict]. An element has ``id``,
  ``balance``, ``currency`` (a third-party client reads both) and ``creditlimit`` (the field ``subaccount.edit`` sets,
  in a third-party admin client); the account is ``elid`` (that client opens the list with ``plid``; both accepted).
- ``expense``: the charges, newest first (E5 sorts ``p_col=+time``), in the vendor's columns (real-panels-2 §2.3: E25,
  E5 ``ExpensesTable``, E23, E24): ``id``, ``locale_name`` (what was charged), ``realdate`` (with a time of day [INF:
  the harder case; the simulator keeps the day, so 00:00:00]) and ``cdate``, ``amount`` ("500.00 RUB"), ``item`` and
  ``main_item`` (the service; E24 reads ``main_item`` as the parent service) [INF: a service's own charge names it in
  both], and for an administrator ``account`` (the client, E25) [INF: its name].
- ``payment``: ``id``, ``number``, ``create_date``, ``paymethod_name``, ``subaccountamount_iso`` ("9.00 RUB"),
  ``paymethodamount_iso`` (E25, E24, E27), for an administrator ``account_name`` (E25), and ``status``: a word in the
  request's language with the code in its ``orig`` attribute (real-panels-2 §2.4: E24 "Credited", E30 «Зачислен» and
  the code beside it). Codes (E25): 1 new, 2 payment in progress, 3 pledged, 4 credited, 5 pending return, 6 returned,
  7 fraudulent. A payment from the balance paying the cart is 4, credited [INF: that it is a payment at all].

Who sees what (real-panels-2 §2.5, E25): a client its own; an administrator every client's, whatever ``elid`` says
(the lists have an account column, not a per-account ``elid``; an ``elid`` is ignored and noted). An administrator
narrows them by the saved filter: ``expense.setfilter&elid=<expense ids>`` ("Set a filter by the selected client",
E25) saves the client of the selected expenses as the administrator's expense filter [INF: ``elid`` names the list's
selected rows, as for every toolbar function; the filter replaces the one saved]; it stays until ``expense.filter``
resets it (sticky per user, real-panels-2 §2.6, §9.1). ``account.payment&elid=<account id>`` lists one client's
payments (E25: a client's payments are that sublist of ``account``) [INF: in the columns of ``payment``].

Both lists honour a filter the user saved (``expense.filter``/``payment.filter`` with ``sok``), as service lists do,
unless the request says ``filter=on`` and its own fields (real-panels-2 §2.6, §9.1: E24 resets these filters because a
saved "Service ID = 388" hid charges; E27 reads ``payment&filter=on&status=1&paymethod=...``). The fields: ``item``
(the service) of an expense [INF: the name], ``status`` and ``paymethod`` of a payment (E27), and ``account`` (the
client's id) of both [INF: the field ``expense.setfilter`` fills].
"""

import functools
import json


from .. import billing, catalog, errors, numeric
from ..document import Node
from . import Function
from .lists import page

CURRENCY = 'RUB'  # [INF] the simulator's one currency, as its costs are written ("500.00 RUB / Month")
CREDITED = 4  # E25: 4 credited (E30 reads 4 as credited, beside the word)
PAYMENT_STATUSES = (1, 2, 3, 4, 5, 6, 7)  # E25
# The status word by language: "Credited" (E24, live) and «Зачислен» (E30); the other words [INF].
STATUS_WORDS = {
    'en': {1: 'New', 2: 'Payment in progress', 3: 'Pledged payment', 4: 'Credited', 5: 'Pending return', 6: 'Returned',
           7: 'Fraudulent'},
    'ru': {1: 'Новый', 2: 'Оплачивается', 3: 'Обещанный платёж', 4: 'Зачислен', 5: 'Ожидает возврата', 6: 'Возвращён',
           7: 'Мошеннический'},
}
TOP_UP_METHOD = (1, 'Bank card')  # [INF] sim.payment's method: money from outside, not the balance


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
    """A client's own account; for an administrator None, every client's (real-panels-2 §2.5, E25): ``elid`` is ignored."""
    if not ctx.is_admin:
        return ctx.account_id
    for name in ('elid', 'plid'):
        if ctx.params.filled(name) is not None:
            ctx.note('ignored %s of %s: an administrator\'s list is every client\'s (narrow it with its filter)', name,
                     ctx.params.get('func'))
    return None


# list -> filter field -> SQL condition on its table; every value an integer.
MONEY_FILTERS = {'expense': {'item': 'service_id = ?', 'account': 'account_id = ?'},
                 'payment': {'status': 'status = ?', 'paymethod': 'paymethod = ?', 'account': 'account_id = ?'}}


def money_filter(ctx, func):
    """The filter that governs this request: its own fields with ``filter=on``, else the one the user saved."""
    if ctx.params.get('filter') == 'on':
        return {name: ctx.params.filled(name) for name in MONEY_FILTERS[func] if ctx.params.filled(name) is not None}
    return saved_money_filter(ctx, func)


def saved_money_filter(ctx, func):
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
    without it, the form: every field, the saved value or empty [INF: as E24's empty defaults name them]."""
    if ctx.confirmed:
        chosen = {name: ctx.params.filled(name) for name in MONEY_FILTERS[func] if ctx.params.filled(name) is not None}
        store_money_filter(ctx, ctx.user['id'], func, chosen)
        return [Node('ok')]
    saved = saved_money_filter(ctx, func)
    return [Node(name, saved.get(name, '')) for name in MONEY_FILTERS[func]]


def set_filter_by_client(ctx):
    """``expense.setfilter&elid=<expense ids>`` (E25, admin): the client of the selected expenses becomes the
    administrator's saved expense filter, and stays [INF: see the module's docstring]; several clients are a ``value`` error."""
    accounts = set()
    for expense_id in ctx.elids():
        row = ctx.conn.execute('SELECT account_id FROM expense WHERE id = ?', (expense_id,)).fetchone()
        if row is None:
            raise errors.not_found('elid', str(expense_id))
        accounts.add(row['account_id'])
    if len(accounts) != 1:
        raise errors.ApiError('value', 'elid', 'Select the expenses of one client', value=ctx.params.get('elid'))
    store_money_filter(ctx, ctx.user['id'], 'expense', {'account': str(accounts.pop())})
    return [Node('ok')]


def _paged(ctx, table, account_id, order):
    where, args = [], []
    if account_id is not None:
        where, args = ['account_id = ?'], [account_id]
    for name, value in money_filter(ctx, table).items():
        where.append(MONEY_FILTERS[table][name])
        args.append(numeric.int_value(name, value))
    where = ' WHERE ' + ' AND '.join(where) if where else ''
    p_num, p_cnt = page(ctx)
    total = ctx.conn.execute('SELECT COUNT(*) FROM %s%s' % (table, where), args).fetchone()[0]
    rows = ctx.conn.execute('SELECT * FROM %s%s ORDER BY %s LIMIT ? OFFSET ?' % (table, where, order),
                            args + [p_cnt, (p_num - 1) * p_cnt]).fetchall()
    return rows, [Node('p_num', p_num), Node('p_cnt', p_cnt), Node('p_elems', total)]


def _account_names(ctx):
    return dict((row['id'], row['name']) for row in ctx.conn.execute('SELECT id, name FROM account'))


def expense(ctx):
    rows, paging = _paged(ctx, 'expense', _account_of(ctx), 'id DESC')
    names = _account_names(ctx) if ctx.is_admin else {}
    nodes = []
    for row in rows:
        elem = Node('elem', repeat=True)
        elem.field('id', row['id']).field('locale_name', row['description'])
        if ctx.is_admin:
            elem.field('account', names.get(row['account_id']))
        elem.field('realdate', row['date'] + ' 00:00:00').field('cdate', row['date'])
        elem.field('amount', '%s %s' % (catalog.money(row['amount']), CURRENCY))
        if row['service_id'] is not None:
            elem.field('item', row['service_id']).field('main_item', row['service_id'])
        nodes.append(elem)
    return nodes + paging


def payment_elems(ctx, rows):
    words = STATUS_WORDS.get(ctx.params.get('lang')) or STATUS_WORDS['en']
    names = _account_names(ctx) if ctx.is_admin else {}
    nodes = []
    for row in rows:
        amount = '%s %s' % (catalog.money(row['amount']), CURRENCY)
        elem = Node('elem', repeat=True)
        elem.field('id', row['id']).field('number', '%06d' % row['id']).field('create_date', row['created'])
        if ctx.is_admin:
            elem.field('account_name', names.get(row['account_id']))
        method = TOP_UP_METHOD[1] if row['paymethod'] == TOP_UP_METHOD[0] else 'Personal account'
        elem.field('paymethod_name', method).field('subaccountamount_iso', amount).field('paymethodamount_iso', amount)
        elem.append(Node('status', words[row['status']], {'orig': str(row['status'])}))
        nodes.append(elem)
    return nodes


def payment(ctx):
    rows, paging = _paged(ctx, 'payment', _account_of(ctx), 'id DESC')
    return payment_elems(ctx, rows) + paging


def account_payment(ctx):
    """``account.payment&elid=<account id>``: one client's payments (E25), for administrators."""
    account_id = ctx.elid()
    if ctx.conn.execute('SELECT id FROM account WHERE id = ?', (account_id,)).fetchone() is None:
        raise errors.not_found('elid', str(account_id))
    rows, paging = _paged(ctx, 'payment', account_id, 'id DESC')
    return payment_elems(ctx, rows) + paging


def add_payment(ctx):
    """Test control ``sim.payment``: ``name=alice&amount=RUB&status=1..7`` records a top-up payment in that state;
    a credited one (4) adds its amount to the balance [INF]. Answers the payment's ``id``."""
    name = ctx.require('name')
    row = ctx.conn.execute('SELECT id FROM account WHERE name = ?', (name,)).fetchone()
    if row is None:
        raise errors.invalid('name', name)
    raw_amount = ctx.require('amount')
    kopecks = round(numeric.float_value('amount', raw_amount) * 100)
    if not 0 < kopecks <= numeric.INT64_MAX:
        raise errors.invalid('amount', raw_amount)
    status = ctx.int_param('status')
    if status not in PAYMENT_STATUSES:
        raise errors.invalid('status', str(status))
    payment_id = ctx.conn.execute('INSERT INTO payment (account_id, billorder_id, paymethod, amount, created, status) '
                                  'VALUES (?, 0, ?, ?, ?, ?)', (row['id'], TOP_UP_METHOD[0], kopecks, ctx.clock.today_iso(), status)).lastrowid
    if status == CREDITED:
        ctx.conn.execute('UPDATE account SET balance = balance + ? WHERE id = ?', (kopecks, row['id']))
    return [Node('id', payment_id)]


def register(registry):
    registry['desktop'] = Function(desktop)
    registry['subaccount'] = Function(subaccount, admin=True)
    registry['expense'] = Function(expense)
    registry['payment'] = Function(payment)
    registry['expense.setfilter'] = Function(set_filter_by_client, admin=True)
    registry['account.payment'] = Function(account_payment, admin=True)
    registry['sim.payment'] = Function(add_payment, admin=True, control=True)
    for func in MONEY_FILTERS:
        registry[func + '.filter'] = Function(functools.partial(save_money_filter, func))
