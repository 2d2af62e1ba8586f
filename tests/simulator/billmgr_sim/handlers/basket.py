"""The cart (basket): orders, add-on changes and renewals waiting for payment.

Without skipbasket=on an order only lands here (``billorder.id``); nothing is created or
charged until the cart is paid. [INF] The simulator pays a cart with ``basket.pay``
(real panels go through payment.add and a payment method).
"""

import json

from .. import billing, catalog, errors, lifecycle
from ..document import Node
from . import Function

CART = 'cart'
PAID = 'paid'


def _theme(ctx):
    # The Dragon interface keeps its own cart, apart from the Orion one.
    return 'dragon' if ctx.dragon and ctx.params.get('theme') == 'dragon' else 'orion'


def _new_billorder(ctx, account_id, state, theme):
    return ctx.conn.execute('INSERT INTO billorder (account_id, created, state, theme) VALUES (?, ?, ?, ?)',
                            (account_id, ctx.clock.today_iso(), state, theme)).lastrowid


def _add_item(ctx, billorder_id, kind, itemtype, service_id, params, cost, description):
    ctx.conn.execute(
        'INSERT INTO billorder_item (billorder_id, kind, itemtype, service_id, params, cost, description) VALUES (?, ?, ?, ?, ?, ?, ?)',
        (billorder_id, kind, itemtype, service_id, json.dumps(params), cost, description))


def add_to_cart(ctx, account_id, kind, itemtype, service_id, params, cost, description):
    """Put an item into the account's open cart (one per interface theme); returns the cart's billorder id."""
    theme = _theme(ctx)
    row = ctx.conn.execute('SELECT id FROM billorder WHERE account_id = ? AND state = ? AND theme = ?', (account_id, CART, theme)).fetchone()
    billorder_id = row['id'] if row else _new_billorder(ctx, account_id, CART, theme)
    _add_item(ctx, billorder_id, kind, itemtype, service_id, params, cost, description)
    return billorder_id


def record_paid(ctx, account_id, kind, itemtype, service_id, params, cost, description):
    """The billorder of something paid at once (skipbasket=on)."""
    billorder_id = _new_billorder(ctx, account_id, PAID, _theme(ctx))
    _add_item(ctx, billorder_id, kind, itemtype, service_id, params, cost, description)
    return billorder_id


def _carts(ctx):
    if ctx.is_admin and ctx.params.filled('account'):
        raw = ctx.params.filled('account')
        return ctx.conn.execute('SELECT b.* FROM billorder b JOIN account a ON a.id = b.account_id WHERE b.state = ? AND a.name = ?'
                                ' ORDER BY b.id', (CART, raw)).fetchall()
    if ctx.is_admin:
        return ctx.conn.execute('SELECT * FROM billorder WHERE state = ? ORDER BY id', (CART,)).fetchall()
    return ctx.conn.execute('SELECT * FROM billorder WHERE state = ? AND account_id = ? ORDER BY id', (CART, ctx.account_id)).fetchall()


def _items(ctx, billorder_id):
    return ctx.conn.execute('SELECT * FROM billorder_item WHERE billorder_id = ? ORDER BY id', (billorder_id,)).fetchall()


def basket(ctx):
    """The open cart(s): one elem per item, with total_sum."""
    nodes, total = [], 0
    for cart in _carts(ctx):
        for item in _items(ctx, cart['id']):
            total += item['cost']
            elem = Node('elem', repeat=True)
            for name, value in (('id', item['id']), ('billorder', cart['id']), ('theme', cart['theme']), ('kind', item['kind']),
                                ('itemtype', item['itemtype']), ('service', item['service_id']), ('desc', item['description']),
                                ('cost', catalog.money(item['cost']))):
                elem.field(name, value)
            nodes.append(elem)
    carts = _carts(ctx)
    if carts:
        nodes.append(Node('billorder.id', carts[0]['id']))
    nodes.append(Node('total_sum', catalog.money(total)))
    return nodes


def pay(ctx):
    """Pay the caller's open carts (or the one given by ``elid``) from the balance, all or nothing."""
    carts = _carts(ctx)
    if ctx.params.filled('elid'):
        wanted = ctx.elid()
        carts = [cart for cart in carts if cart['id'] == wanted]
        if not carts:
            raise errors.not_found('elid', str(wanted))
    elif ctx.is_admin:
        raise errors.missed('elid')
    if not carts:
        raise errors.ApiError('value', 'basket', 'The cart is empty')
    nodes = [Node('ok')]
    for cart in carts:
        billing.ensure_affordable(ctx.conn, cart['account_id'], sum(item['cost'] for item in _items(ctx, cart['id'])))
        for item in _items(ctx, cart['id']):
            service_id = _fulfil(ctx, item)
            billing.charge(ctx.conn, ctx.clock, cart['account_id'], item['cost'], item['description'], service_id)
            if item['kind'] == 'order':
                nodes.append(Node('id', service_id, repeat=True))
        ctx.conn.execute('UPDATE billorder SET state = ? WHERE id = ?', (PAID, cart['id']))
    return nodes


def _fulfil(ctx, item):
    params = json.loads(item['params'])
    if item['kind'] == 'order':
        return lifecycle.create_service(ctx.conn, ctx.clock, ctx.app.processing_delay, params)
    row = ctx.conn.execute('SELECT * FROM service WHERE id = ?', (item['service_id'],)).fetchone()
    if row is None or row['status'] == 4:
        raise errors.ApiError('value', 'elid', 'Service #%d of the cart no longer exists' % item['service_id'])
    if item['kind'] == 'edit':
        lifecycle.apply_addons(ctx.conn, row['id'], params['addons'], params['monthly'])
    else:
        lifecycle.prolong(ctx.conn, row, params['period'])
    return row['id']


def delete_item(ctx):
    item_id = ctx.elid()
    row = ctx.conn.execute('SELECT i.id, b.account_id FROM billorder_item i JOIN billorder b ON b.id = i.billorder_id'
                           ' WHERE i.id = ? AND b.state = ?', (item_id, CART)).fetchone()
    if row is None:
        raise errors.not_found('elid', str(item_id))
    if not ctx.is_admin and row['account_id'] != ctx.account_id:
        raise errors.access('elid')
    ctx.conn.execute('DELETE FROM billorder_item WHERE id = ?', (item_id,))
    return [Node('ok')]


def register(registry):
    registry['basket'] = Function(basket)
    registry['basket.pay'] = Function(pay)
    registry['basket.delete'] = Function(delete_item)
