"""Ordering: TYPE.order.param (period) and v2.TYPE.order.param (order_period), licenses included.

Without sok the answer is the order form with the computed cost; with sok the order goes
to the cart (billorder.id), or with skipbasket=on is paid from the balance at once.
"""

import functools

from .. import billing, catalog, errors, lifecycle, numeric
from ..document import Messages, Node
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
        # E12 (a live panel): a bare TYPE.order.param without a pricelist answers wizard_unavailable; the
        # tariffs come from TYPE.order (handlers/order_catalog.py). The object and text [INF].
        raise errors.ApiError('wizard_unavailable', 'pricelist', 'Choose a tariff plan first: the order wizard is unavailable')
    tariff_row = catalog.tariff(ctx.conn, tariff_raw, itemtype)
    if tariff_row is None or not catalog.orderable(tariff_row):
        raise errors.invalid('pricelist', tariff_raw)
    if ctx.confirmed and ctx.dragon and params.get('theme') == 'dragon' and params.get('licence_agreement') != 'on':
        # [INF] the Dragon cart takes an order only with the licence agreement accepted.
        raise errors.missed('licence_agreement')
    order = build_order(ctx, itemtype, tariff_row, period_param)
    if not ctx.confirmed:
        return order_form(ctx, order, tariff_row, period_param)
    order['account_id'] = ordering_account(ctx)
    check_trial(ctx, order, period_param)
    total = catalog.period_cost(order['monthly'], order['period'])
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


def check_trial(ctx, order, period_param):
    """[INF: strict] an account gets one trial of a tariff: a second one is a ``value`` error naming the period."""
    if order['period'] != catalog.TRIAL:
        return
    used = ctx.conn.execute('SELECT 1 FROM service WHERE account_id = ? AND tariff_id = ? AND trial = 1',
                            (order['account_id'], order['pricelist'])).fetchone()
    if used is not None:
        raise errors.ApiError('value', period_param, 'The trial period of this tariff plan has already been used',
                              value=str(catalog.TRIAL))


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
    """The period code ordered (months, -100 trial, -50 daily, 0 one-time; §3.9), one of the tariff's.

    The other spelling is accepted too: seed 003 orders with ``period`` through v2 [INF].
    """
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
    period = numeric.parse_period(raw)
    if period not in periods:
        raise errors.invalid(name, raw)
    return period


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
    """The form a client sees before confirming (real-panels §3.8).

    Chosen values by name (``addon_N`` plain values, booleans on/off, enums the item id); ``slist``s of
    datacenter, ostempl (``$key``, text, ``$valuegroup``; E1), recipe (``$depend`` = the OS template the
    recipe belongs to; E1), periods, autoprolong and enum add-ons (``slist[name=addon_N]`` keyed by the
    enumerationitem ids; E1, E3 captured excerpt, E5); add-on names in ``messages.msg.addon_N`` (E1);
    add-on limits in ``metadata.form.page[].field[]`` (E1 TemplateServiceImpl: slider/select/input);
    the price in ``orderinfo`` ("Total amount: ... RUB", E5) and in ``list[$name=pricelist_summary]``
    and ``list[$name=total_summary]`` (``elem[]{label, cost.price.cost}``; E1, E3 captured excerpt).
    """
    conn = ctx.conn
    nodes = [Node('pricelist', tariff_row['id']), Node(period_param, order['period'])]
    for name in ('datacenter', 'ostempl', 'domain', 'ip', 'licname', 'remoteid', 'autoprolong'):
        if order.get(name) is not None:
            nodes.append(Node(name, order[name]))
    servers = order['itemtype'] in SERVER_TYPES
    if servers:
        nodes.append(Node('recipe', order['recipe'] or 'null'))
    tariff_addons = catalog.addons(conn, tariff_row['id'])
    for addon in tariff_addons:
        nodes.append(Node('addon_%d' % addon['id'], order['addons'][str(addon['id'])]))
    datacenters = catalog.datacenters(conn, tariff_row['id'])
    if datacenters:
        nodes.append(slist('datacenter', [(row['id'], row['name']) for row in datacenters]))
    if servers:
        nodes.append(ostempl_slist(conn))
        nodes.append(recipe_slist(conn))
    periods = catalog.periods(tariff_row)
    nodes.append(slist(period_param, [(period, catalog.period_name(period)) for period in periods]))
    nodes.append(slist('autoprolong', [('null', 'Off')] + [(p, catalog.period_name(p)) for p in periods if catalog.renewable(p)]))
    for addon in tariff_addons:
        if addon['type'] == 'enum':
            choices = [(item['id'], '%s (%s RUB)' % (item['name'], catalog.money(catalog.period_cost(item['price'], order['period']))))
                       for item in addon['enumitems']]
            nodes.append(slist('addon_%d' % addon['id'], choices))
    nodes.append(Messages(ctx.func, [('addon_%d' % addon['id'], addon['name']) for addon in tariff_addons]))
    nodes.append(form_metadata(ctx.func, order, tariff_addons, period_param, bool(datacenters)))
    total = catalog.period_cost(order['monthly'], order['period'])
    nodes.append(Node('orderinfo', 'Total amount: %s RUB' % catalog.money(total)))
    nodes.extend(summary_lists(tariff_row, tariff_addons, order, total))
    return nodes


def ostempl_slist(conn):
    node = Node('slist', attrs={'name': 'ostempl'}, repeat=True)
    for row in catalog.ostempls(conn):
        node.add('val', row['title'], {'key': row['name'], 'valuegroup': row['valuegroup']}, repeat=True)
    return node


def recipe_slist(conn):
    """``null`` (none), then each recipe once per OS template it can be installed on (``$depend``; E1).

    [INF] every seeded recipe runs on every seeded OS template.
    """
    node = Node('slist', attrs={'name': 'recipe'}, repeat=True)
    node.add('val', 'None', {'key': 'null'}, repeat=True)
    for os_row in catalog.ostempls(conn):
        for recipe in catalog.recipes(conn):
            node.add('val', recipe['title'], {'key': recipe['name'], 'depend': os_row['name']}, repeat=True)
    return node


def form_metadata(func, order, tariff_addons, period_param, with_datacenter):
    """``metadata[$type=form].form.page[].field[]`` (E1 Page/Field: ``$name`` and ``slider``/``select``/``input``
    with ``$name``; a slider has ``$min $max $step``). Integer add-ons are sliders, enum add-ons selects,
    boolean add-ons checkboxes (``input $type=checkbox``). The page names and the fields of the first
    page [INF].
    """
    basic = Node('page', attrs={'name': 'basic'}, repeat=True)
    names = ([('datacenter', 'select')] if with_datacenter else []) + [(period_param, 'select'), ('autoprolong', 'select')]
    if order['itemtype'] in SERVER_TYPES:
        names += [('ostempl', 'select'), ('recipe', 'select')]
    if order['itemtype'] != 'soft':
        names.append(('domain', 'input'))
    for name, kind in names:
        field = basic.add('field', attrs={'name': name}, repeat=True)
        field.add(kind, attrs={'name': name, 'type': 'text'} if kind == 'input' else {'name': name})
    page = Node('page', attrs={'name': 'addons'}, repeat=True)
    for addon in tariff_addons:
        name = 'addon_%d' % addon['id']
        field = page.add('field', attrs={'name': name}, repeat=True)
        if addon['type'] == 'integer':
            attrs = {'name': name}
            for key, attr in (('minimum', 'min'), ('maximum', 'max'), ('step', 'step')):
                if addon[key] is not None:
                    attrs[attr] = addon[key]
            field.add('slider', attrs=attrs)
        elif addon['type'] == 'enum':
            field.add('select', attrs={'name': name})
        else:
            field.add('input', attrs={'name': name, 'type': 'checkbox'})
    form = Node('form', children=[basic] + ([page] if tariff_addons else []))
    return Node('metadata', attrs={'name': func, 'type': 'form'}, children=[form])


def summary_lists(tariff_row, tariff_addons, order, total):
    """``pricelist_summary``: the tariff and each add-on that costs extra; ``total_summary``: the total.

    ``elem[]{label, cost{price{cost, currency}}}`` (E1 ListElem/CostElem/PriceDetails; E3 captured
    excerpt with two decimals); the labels [INF].
    """
    period = order['period']
    rows = [('Base cost', catalog.period_cost(tariff_row['monthly'], period))]
    for addon in tariff_addons:
        extra = catalog.addon_monthly(addon, order['addons'][str(addon['id'])])
        if extra:
            rows.append((addon['name'], catalog.period_cost(extra, period)))
    return [summary_list('pricelist_summary', rows), summary_list('total_summary', [('Total', total)])]


def summary_list(name, rows):
    node = Node('list', attrs={'name': name}, repeat=True)
    for label, kopecks in rows:
        price = Node('price', children=[Node('cost', catalog.money(kopecks)), Node('currency', 'RUB')])
        node.append(Node('elem', repeat=True, children=[Node('label', label), Node('cost', children=[price])]))
    return node


def register(registry):
    for itemtype in ORDERABLE_TYPES + ('soft',):
        registry[itemtype + '.order.param'] = Function(functools.partial(order_param, itemtype, 'period'))
        registry['v2.%s.order.param' % itemtype] = Function(functools.partial(order_param, itemtype, 'order_period'))
