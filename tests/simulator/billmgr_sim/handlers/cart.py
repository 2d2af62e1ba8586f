"""The new cart of BILLmanager 6 (``cart``): line items that become services only when paid.

E20 glossary: ``cart`` is the new cart, one per client; a ``lineitem`` is one of its items; an order (and
its services) is made when paying. An order put here answers ``lineitem.id`` (E4). ``func=cart`` lists the
lines (E1 CartResponseMapper), ``cart&id&clicked_button=delete`` removes one (E1), ``cart.empty`` empties it
(E5), ``cartorder.create.confirm&elid&paymethod_id=0`` pays (E4).

The Dragon interface has a cart of its own (seed 003), the BILLmanager 6 cart (real-panels §4.5: seed 003 + E1).
Panel 5 has no new cart (its functions are not found), except for Dragon requests [INF: how a panel 5 with the
Dragon theme keeps its cart].
"""

import json

from .. import billing, catalog, errors, lifecycle
from ..document import Node
from . import Function

PERSONAL_ACCOUNT = 0  # E4 pays with paymethod_id=0: the balance


def available(ctx):
    return ctx.panel >= 6 or ctx.dragon_theme


def add_line(ctx, order, count, cost, tariff_row):
    """A new-order line for ``count`` services costing ``cost`` each; nothing is created yet. Returns the line id.

    [INF] several services of one order are one line with a count (``order_count``, E1, E4).
    """
    configuration = '%s, domain %s, period %s' % (order['itemtype'], order.get('domain') or order.get('ip') or '-',
                                                  catalog.period_name(order['period']).lower())
    if count > 1:
        configuration += ', %d pcs' % count
    return ctx.conn.execute(
        'INSERT INTO lineitem (account_id, action, itemtype, service_id, params, count, cost, main, configuration)'
        ' VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?)',
        (order['account_id'], 'order', order['itemtype'], json.dumps(order), count, cost, tariff_row['name'], configuration)).lastrowid


def own_lines(ctx):
    if ctx.account_id is None:
        return []  # an administrator has no cart of its own: it acts as the client (E20, E21; account.su, su=)
    return ctx.conn.execute('SELECT * FROM lineitem WHERE account_id = ? ORDER BY id', (ctx.account_id,)).fetchall()


def cart(ctx):
    if ctx.confirmed and ctx.params.get('clicked_button') == 'delete':
        return delete_line(ctx)
    return cart_document(own_lines(ctx))


def cart_document(rows):
    """E1 CartResponseMapper: ``list[name=lineitems].elem[]`` {``id``, ``main``, ``price``, ``configuration``,
    ``action``} and ``total`` {``cost``, ``currency``, ``count``}.

    [INF] ``item.type`` (what the line is) and ``count`` (services in the line) are added; ``price`` is the
    line's whole price; ``total.count`` counts services; ``action`` is order, edit or prolong.
    """
    node = Node('list', attrs={'name': 'lineitems'}, repeat=True)
    total = count = 0
    for row in rows:
        price = row['cost'] * row['count']
        total += price
        count += row['count']
        elem = node.add('elem', repeat=True)
        for name, value in (('id', row['id']), ('main', row['main']), ('price', catalog.money(price)),
                            ('configuration', row['configuration']), ('action', row['action']), ('item.type', row['itemtype']),
                            ('count', row['count'])):
            elem.field(name, value)
    summary = Node('total', children=[Node('cost', catalog.money(total)), Node('currency', 'RUB'), Node('count', count)])
    return [node, summary]


def find_line(ctx, raw_id, param):
    row = ctx.conn.execute('SELECT * FROM lineitem WHERE id = ?', (raw_id,)).fetchone()
    if row is None:
        raise errors.not_found(param, str(raw_id))
    if row['account_id'] != ctx.account_id:
        raise errors.access(param, value=str(raw_id))
    return row


def delete_line(ctx):
    """``cart&id=<line>&clicked_button=delete&sok=ok`` (E1)."""
    row = find_line(ctx, ctx.int_param('id'), 'id')
    ctx.conn.execute('DELETE FROM lineitem WHERE id = ?', (row['id'],))
    return [Node('ok')]


def empty(ctx):
    """``cart.empty&sok=ok`` (E5); without sok nothing happens and the cart is shown [INF]."""
    if not ctx.confirmed:
        return cart_document(own_lines(ctx))
    if ctx.account_id is not None:
        ctx.conn.execute('DELETE FROM lineitem WHERE account_id = ?', (ctx.account_id,))
    return [Node('ok')]


def confirm(ctx):
    """``cartorder.create.confirm&elid=<lineitem>&paymethod_id=0&sok=ok`` (E4): pay the lines named in ``elid``.

    Paying is per line (real-panels-2 §1.5, §8: E4 and E31 pass the line just added; ``elid=1, 2`` for several), from
    the balance (paymethod 0, the only method here). The answer is a bare ``ok``: neither E4 nor E31 found the new
    service's id in it (E4 then looks for the newest id in the list). [INF: strict] all lines or none.
    """
    if not ctx.confirmed:
        raise errors.missed('sok')  # [INF: strict] the confirmation needs sok=ok
    rows = [find_line(ctx, line_id, 'elid') for line_id in dict.fromkeys(ctx.elids())]
    method = ctx.int_param('paymethod_id')
    if method != PERSONAL_ACCOUNT:
        raise errors.invalid('paymethod_id', str(method))
    pay_lines(ctx, rows)
    return [Node('ok')]


def pay_lines(ctx, rows):
    """Charge and create every service of the lines, then drop the lines; returns the new service ids."""
    billing.ensure_affordable(ctx.conn, ctx.account_id, sum(row['cost'] * row['count'] for row in rows))
    created = []
    for row in rows:
        order = json.loads(row['params'])
        for dummy in range(row['count']):
            service_id = lifecycle.create_service(ctx.conn, ctx.clock, ctx.app.processing_delay, order)
            billing.charge(ctx.conn, ctx.clock, row['account_id'], row['cost'], '%s (#%d)' % (row['main'], service_id), service_id)
            created.append(service_id)
        ctx.conn.execute('DELETE FROM lineitem WHERE id = ?', (row['id'],))
    return created


def register(registry):
    registry['cart'] = Function(cart, available=available)
    registry['cart.empty'] = Function(empty, available=available)
    registry['cartorder.create.confirm'] = Function(confirm, available=available)
