"""Ordering: TYPE.order.param (period) and v2.TYPE.order.param (order_period), licenses included.

Without sok the answer is the order form with the computed cost; with sok the order goes
to the cart (billorder.id), or with skipbasket=on is paid from the balance at once.
"""

import functools

from .. import billing, catalog, errors, lifecycle, numeric
from ..document import Node
from ..views import slist
from . import ORDERABLE_TYPES, Function, common, licenses
from .basket import add_to_cart, record_paid

SERVER_TYPES = ('vds', 'dedic')


def order_param(itemtype, period_param, ctx):
    params = ctx.params
    tariff_raw = params.filled('pricelist')
    if tariff_raw is None:
        if ctx.confirmed:
            raise errors.missed('pricelist')
        return [slist('pricelist', [(row['id'], row['name']) for row in catalog.tariffs(ctx.conn, itemtype)])]
    tariff_row = catalog.tariff(ctx.conn, tariff_raw, itemtype)
    if tariff_row is None:
        raise errors.invalid('pricelist', tariff_raw)
    if ctx.confirmed and ctx.dragon and params.get('theme') == 'dragon' and params.get('licence_agreement') != 'on':
        # [INF] the Dragon cart takes an order only with the licence agreement accepted.
        raise errors.missed('licence_agreement')
    order = build_order(ctx, itemtype, tariff_row, period_param)
    if not ctx.confirmed:
        return order_form(ctx, order, tariff_row, period_param)
    order['account_id'] = ordering_account(ctx)
    total = order['monthly'] * order['period']
    description = 'Order of %s for %s' % (tariff_row['name'], catalog.period_name(order['period']))
    if not ctx.skipbasket:
        billorder_id = add_to_cart(ctx, order['account_id'], 'order', itemtype, None, order, total, description)
        return [Node('ok'), Node('billorder.id', billorder_id)]
    service_id = lifecycle.create_service(ctx.conn, ctx.clock, ctx.app.processing_delay, order)
    billing.charge(ctx.conn, ctx.clock, order['account_id'], total, description + ' (#%d)' % service_id, service_id)
    billorder_id = record_paid(ctx, order['account_id'], 'order', itemtype, service_id, order, total, description)
    return [Node('ok'), Node('id', service_id), Node('billorder.id', billorder_id)]


def ordering_account(ctx):
    """A client orders for itself; an admin names the client with ``account`` or acts as it with ``su`` [INF]."""
    if not ctx.is_admin:
        return ctx.account_id
    raw = ctx.require('account')
    account_id = numeric.parse_int(raw)
    row = ctx.conn.execute('SELECT id FROM account WHERE name = ? OR id = ?', (raw, -1 if account_id is None else account_id)).fetchone()
    if row is None:
        raise errors.invalid('account', raw)
    return row['id']


def build_order(ctx, itemtype, tariff_row, period_param):
    """Validate the order's fields; every bad field is a ``missed``/``value`` error naming it."""
    order = {'itemtype': itemtype, 'pricelist': tariff_row['id'], 'period': order_period(ctx, tariff_row, period_param)}
    order['datacenter'] = order_datacenter(ctx, tariff_row)
    params = ctx.params
    if itemtype in SERVER_TYPES:
        ostempl = params.filled('ostempl')
        order['ostempl'] = common.check_ostempl(ctx, ostempl) if ostempl else catalog.ostempls(ctx.conn)[0]['name']
        order['recipe'] = common.check_recipe(ctx, params.get('recipe'))
    else:
        for name in ('ostempl', 'recipe'):
            if params.filled(name):
                ctx.note('ignored %s: a %s service has no operating system', name, itemtype)
    if itemtype == 'soft':
        ip = params.filled('ip')
        if ip is None and ctx.confirmed:
            raise errors.missed('ip')
        order['ip'] = licenses.check_licensable(ctx, tariff_row['id'], common.check_ip(ip)) if ip else None
        order['licname'] = params.filled('licname')
    else:
        domain = params.filled('domain')
        order['domain'] = common.check_domain(domain) if domain else None
    order['autoprolong'] = common.parse_autoprolong(ctx, tariff_row) if params.has('autoprolong') else None
    order['remoteid'] = params.filled('remoteid')
    tariff_addons = catalog.addons(ctx.conn, tariff_row['id'])
    values = common.parse_addons(ctx, tariff_addons, {addon['id']: addon['included'] for addon in tariff_addons})
    order['addons'] = {str(key): value for key, value in values.items()}
    order['monthly'] = catalog.monthly_cost(tariff_row, tariff_addons, values)
    return order


def order_period(ctx, tariff_row, period_param):
    """Months ordered. The other spelling is accepted too: seed 003 orders with ``period`` through v2 [INF]."""
    name = period_param
    raw = ctx.params.filled(name)
    if raw is None:
        name = 'period' if period_param == 'order_period' else 'order_period'
        raw = ctx.params.filled(name)
    periods = catalog.periods(tariff_row)
    if raw is None:
        if ctx.confirmed:
            raise errors.missed(period_param)
        return periods[0]
    months = numeric.parse_int(raw)
    if months not in periods:
        raise errors.invalid(name, raw)
    return months


def order_datacenter(ctx, tariff_row):
    """The datacenter; when left out and the tariff has only one, that one [INF] (the VPS examples omit it)."""
    datacenters = catalog.datacenters(ctx.conn, tariff_row['id'])
    raw = ctx.params.filled('datacenter')
    if raw is None:
        if not datacenters:
            return None
        if len(datacenters) == 1 or not ctx.confirmed:
            return datacenters[0]['id']
        raise errors.missed('datacenter')
    datacenter_id = numeric.parse_int(raw)
    if datacenter_id not in [row['id'] for row in datacenters]:
        raise errors.invalid('datacenter', raw)
    return datacenter_id


def order_form(ctx, order, tariff_row, period_param):
    """The form a client sees before confirming: chosen values, choices (slist) and the cost."""
    conn = ctx.conn
    nodes = [Node('pricelist', tariff_row['id']), Node('pricelist_name', tariff_row['name']), Node(period_param, order['period'])]
    for name in ('datacenter', 'ostempl', 'domain', 'ip', 'licname', 'remoteid', 'autoprolong'):
        if order.get(name) is not None:
            nodes.append(Node(name, order[name]))
    if order['itemtype'] in SERVER_TYPES:
        nodes.append(Node('recipe', order['recipe'] or 'null'))
    tariff_addons = catalog.addons(conn, tariff_row['id'])
    for addon in tariff_addons:
        nodes.append(addon_field(addon, order['addons'][str(addon['id'])]))
    datacenters = catalog.datacenters(conn, tariff_row['id'])
    if datacenters:
        nodes.append(slist('datacenter', [(row['id'], row['name']) for row in datacenters]))
    if order['itemtype'] in SERVER_TYPES:
        nodes.append(slist('ostempl', [(row['name'], row['title']) for row in catalog.ostempls(conn)]))
        nodes.append(slist('recipe', [('null', 'None')] + [(row['name'], row['title']) for row in catalog.recipes(conn)]))
    nodes.append(slist(period_param, [(months, catalog.period_name(months)) for months in catalog.periods(tariff_row)]))
    nodes.append(slist('autoprolong', [('null', 'Off')] + [(m, catalog.period_name(m)) for m in catalog.periods(tariff_row)]))
    for addon in tariff_addons:
        if addon['type'] == 'enum':
            choices = [(item['id'], '%s (%s RUB)' % (item['name'], catalog.money(item['price']))) for item in addon['enumitems']]
            nodes.append(slist('addon_%d' % addon['id'], choices))
    total = order['monthly'] * order['period']
    nodes.append(Node('orderinfo', '%s, %s: %s RUB' % (tariff_row['name'], catalog.period_name(order['period']), catalog.money(total))))
    nodes.append(Node('cost', catalog.money(total)))
    nodes.append(Node('cost_monthly', catalog.money(order['monthly'])))
    return nodes


def addon_field(addon, value):
    """An add-on's value with its limits as attributes [INF: real panels put limits in the form's metadata]."""
    attrs = {'name': addon['name'], 'type': addon['type']}
    for key, attr in (('minimum', 'min'), ('maximum', 'max'), ('step', 'step')):
        if addon[key] is not None:
            attrs[attr] = addon[key]
    if addon['measure']:
        attrs['measure'] = addon['measure']
    attrs['included'] = addon['included']
    return Node('addon_%d' % addon['id'], value, attrs)


def register(registry):
    for itemtype in ORDERABLE_TYPES + ('soft',):
        registry[itemtype + '.order.param'] = Function(functools.partial(order_param, itemtype, 'period'))
        registry['v2.%s.order.param' % itemtype] = Function(functools.partial(order_param, itemtype, 'order_period'))
