"""The old cart (``basket``, BILLmanager 5 and 6): orders, add-on changes and renewals waiting for payment.

An order put here (``TYPE.order.param`` without skipbasket) answers ``billorder.id`` (E6) and its service
exists at once in status 1 "ordered" (handlers/orders.py); a change through
``TYPE.edit`` answers ``billorder`` (E5). Nothing is charged until the cart is paid: from the balance with
``basket&clicked_button=free&sok=ok`` (E14, E15), or through ``payment.add``/``payment.add.pay`` (E5, E6;
handlers/payments.py). One open cart per client account (E5 getBasket shows one top-level ``billorder``); an
administrator has none of its own: it orders and pays as the client (E20, E21; real-panels-2 "Who may call what").
"""

import json

from .. import billing, catalog, errors, lifecycle
from ..document import Node
from . import Function

CART = 'cart'
PAID = 'paid'
KIND_ORDER = 'order'


def open_cart(ctx, account_id):
    """The account's open cart row, or None."""
    if account_id is None:
        return None
    return ctx.conn.execute('SELECT * FROM billorder WHERE account_id = ? AND state = ? ORDER BY id LIMIT 1',
                            (account_id, CART)).fetchone()


def add_to_cart(ctx, account_id, kind, itemtype, service_id, params, cost, description):
    """Put a line into the account's open cart (made when there is none); returns the cart's billorder id."""
    cart = open_cart(ctx, account_id)
    if cart is None:
        billorder_id = ctx.conn.execute('INSERT INTO billorder (account_id, created, state, theme) VALUES (?, ?, ?, ?)',
                                        (account_id, ctx.clock.today_iso(), CART, 'orion')).lastrowid
    else:
        billorder_id = cart['id']
    ctx.conn.execute(
        'INSERT INTO billorder_item (billorder_id, kind, itemtype, service_id, params, cost, description) VALUES (?, ?, ?, ?, ?, ?, ?)',
        (billorder_id, kind, itemtype, service_id, json.dumps(params), cost, description))
    return billorder_id


def lines(ctx, billorder_id):
    return ctx.conn.execute('SELECT * FROM billorder_item WHERE billorder_id = ? ORDER BY id', (billorder_id,)).fetchall()


def cart_total(ctx, billorder_id):
    return sum(item['cost'] for item in lines(ctx, billorder_id))


def basket(ctx):
    """Show the caller's cart, or with sok=ok act on it as the button says (delete, clearbasket, free; E5, E14, E15)."""
    button = ctx.params.get('clicked_button')
    if ctx.confirmed and button in ACTIONS:
        return ACTIONS[button](ctx)
    return cart_document(ctx)


def cart_document(ctx):
    """E5 getBasket: top-level ``billorder``, ``total_sum``, ``tax``, ``full_discount`` and ``list[name=itemlist]``.

    Each ``elem``: ``id`` (the line), ``item.type``, ``item.id`` (the service), ``item.period``, ``item.autoprolong``,
    ``cost``, ``desc``, ``rolled_back`` (E5). [INF] the values E5 shows no example of: ``desc`` text,
    ``rolled_back`` off, tax and discount always 0.00.
    """
    cart = open_cart(ctx, ctx.account_id)
    itemlist = Node('list', attrs={'name': 'itemlist'}, repeat=True)
    total = 0
    for item in lines(ctx, cart['id']) if cart else []:
        total += item['cost']
        itemlist.append(line_elem(ctx, item))
    nodes = [Node('billorder', cart['id'])] if cart else []
    return nodes + [Node('total_sum', catalog.money(total)), Node('tax', '0.00'), Node('full_discount', '0.00'), itemlist]


def line_elem(ctx, item):
    params = json.loads(item['params'])
    service = ctx.conn.execute('SELECT period, autoprolong FROM service WHERE id = ?', (item['service_id'],)).fetchone()
    period = params.get('period', service['period'] if service else None)
    autoprolong = service['autoprolong'] if service else None
    elem = Node('elem', repeat=True)
    for name, value in (('id', item['id']), ('item.type', item['itemtype']), ('item.id', item['service_id']),
                        ('item.period', period), ('item.autoprolong', 'off' if autoprolong is None else autoprolong),
                        ('cost', catalog.money(item['cost'])), ('desc', item['description']), ('rolled_back', 'off')):
        elem.field(name, value)
    return elem


def own_cart(ctx):
    cart = open_cart(ctx, ctx.account_id)
    if cart is None or not lines(ctx, cart['id']):
        raise errors.ApiError('value', 'basket', 'The cart is empty')  # [INF] type and text
    return cart


def delete_line(ctx):
    """``basket&id=<line>&clicked_button=delete&sok=ok`` (E5): a new-order line takes its ordered service with it."""
    line_id = ctx.int_param('id')
    row = ctx.conn.execute('SELECT i.*, b.account_id FROM billorder_item i JOIN billorder b ON b.id = i.billorder_id'
                           ' WHERE i.id = ? AND b.state = ?', (line_id, CART)).fetchone()
    if row is None:
        raise errors.not_found('id', str(line_id))
    if row['account_id'] != ctx.account_id:
        raise errors.access('id', value=str(line_id))
    remove_line(ctx, row)
    return [Node('ok')]


def remove_line(ctx, item):
    ctx.conn.execute('DELETE FROM billorder_item WHERE id = ?', (item['id'],))
    if item['kind'] == KIND_ORDER:
        lifecycle.forget_ordered(ctx.conn, item['service_id'])


def clear(ctx):
    """``basket&clicked_button=clearbasket&sok=ok`` (E5): every line goes, an empty cart is no error [INF]."""
    cart = open_cart(ctx, ctx.account_id)
    for item in lines(ctx, cart['id']) if cart else []:
        remove_line(ctx, item)
    return [Node('ok')]


def pay_from_balance(ctx):
    """``basket&clicked_button=free&sok=ok`` (E14, E15): the whole cart from the balance, all or nothing.

    E14 sends ``id`` too (a line or the cart, read from the list); when given it must be this cart's [INF: strict].
    """
    cart = own_cart(ctx)
    given = ctx.int_param('id', required=False)
    if given is not None and given != cart['id'] and given not in [item['id'] for item in lines(ctx, cart['id'])]:
        raise errors.not_found('id', str(given))
    pay_cart(ctx, cart)
    return [Node('ok')]


def pay_cart(ctx, cart):
    """Charge the cart's account once per line and carry every line out; nothing at all when the balance is short."""
    items = lines(ctx, cart['id'])
    billing.ensure_affordable(ctx.conn, cart['account_id'], sum(item['cost'] for item in items))
    for item in items:
        service_id = fulfil(ctx, item)
        billing.charge(ctx.conn, ctx.clock, cart['account_id'], item['cost'], item['description'], service_id)
    ctx.conn.execute('UPDATE billorder SET state = ? WHERE id = ?', (PAID, cart['id']))


def fulfil(ctx, item):
    """An ordered service goes into processing, an add-on change is applied, a renewal extends the service."""
    params = json.loads(item['params'])
    if item['kind'] == KIND_ORDER:
        lifecycle.activate_ordered(ctx.conn, ctx.clock, ctx.app.processing_delay, item['service_id'])
        return item['service_id']
    row = ctx.conn.execute('SELECT * FROM service WHERE id = ?', (item['service_id'],)).fetchone()
    if row is None or row['status'] == 4:
        raise errors.ApiError('value', 'elid', 'Service #%d of the cart no longer exists' % item['service_id'])
    if item['kind'] == 'edit':
        lifecycle.apply_addons(ctx.conn, row['id'], params['addons'], params['monthly'])
    else:
        lifecycle.prolong(ctx.conn, row, params['period'])
    return row['id']


ACTIONS = {'delete': delete_line, 'clearbasket': clear, 'free': pay_from_balance}


def register(registry):
    registry['basket'] = Function(basket)
