"""Ordering: TYPE.order.param (period) and v2.TYPE.order.param (order_period), licenses included.

Without sok the answer is the order form with the computed cost. With sok=ok (real-panels §3):
- skipbasket=on pays from the balance at once: panel 6 answers ``ok`` + ``item.id`` (E1), panel 5 only ``ok``
  (E12: "the id of the new service does not come in the answer"), licences ``id`` on both (E7, E8, E19);
- otherwise into a cart: the old one (``basket``) answers ``ok`` + ``billorder.id`` (E6), the new one (``cart``)
  ``ok`` + ``lineitem.id`` (E4). Panel 5 has only the old cart; on panel 6 every v2 order goes to the new cart
  [INF: panels from 6.71 on, E21], the old API only with clicked_button=quickbasket and force_use_new_cart=on
  (E20). Dragon (seed 003) orders go to the new cart on both panels (seed 003 + E1).
"""

import functools

from .. import billing, catalog, errors, lifecycle, numeric
from ..document import Messages, Node
from ..views import slist
from . import ORDERABLE_TYPES, Function, basket, cart, common, licenses

SERVER_TYPES = ('vds', 'dedic', 'instances')
MAX_ORDER_COUNT = 10  # [INF] the limit of order_count (pricelist.export says max_multiple_order_count 10)


def order_param(itemtype, period_param, ctx):
    params = ctx.params
    open_by_keyvalue(ctx, period_param)
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
    if ctx.confirmed:
        check_confirmation(ctx, tariff_row)
    order = build_order(ctx, itemtype, tariff_row, period_param)
    if not ctx.confirmed:
        return order_form(ctx, order, tariff_row, period_param)
    order['account_id'] = ordering_account(ctx)
    check_trial(ctx, order, period_param)
    count = order_count(ctx, itemtype)
    total = catalog.first_payment(order['monthly'], order['setup'], order['period'])  # the setup fee once, with the order
    description = 'Order of %s for %s' % (tariff_row['name'], catalog.period_name(order['period']))
    if ctx.skipbasket:
        return buy_now(ctx, order, count, total, description)
    if wants_new_cart(ctx):
        return [Node('ok'), Node('lineitem.id', cart.add_line(ctx, order, count, total, tariff_row))]
    return [Node('ok'), Node('billorder.id', into_old_cart(ctx, order, count, total, description))]


def open_by_keyvalue(ctx, period_param):
    """A form opened as BILLmanager 6 clients open it from the tariff list: ``keyvalue=<tariff>_<datacenter>`` and
    ``period_<tariff>`` in place of ``pricelist``, ``datacenter`` and the period (E3 ``fetch_os_list``, which gets the
    form this way from a live panel). The values go in as the usual fields; what a request names itself wins [INF]."""
    params = ctx.params
    tariff, dummy, datacenter = (params.filled('keyvalue') or '').partition('_')
    if params.filled('pricelist') is not None or not (tariff.isdigit() and datacenter.isdigit()):
        return
    params.append('pricelist', tariff)
    if params.filled('datacenter') is None:
        params.append('datacenter', datacenter)
    period = params.filled('period_' + tariff)
    if period is not None and params.filled('period') is None and params.filled('order_period') is None:
        params.append(period_param, period)


def v2_on_panel6(ctx):
    """A v2 order on panel 6 outside Dragon: E20's rules apply (clicked_button=order, autoprolong on/off).

    Dragon keeps seed 003's way (no clicked_button=order, autoprolong=1) [INF]."""
    return ctx.panel >= 6 and ctx.func.startswith('v2.') and not ctx.dragon_theme


def check_confirmation(ctx, tariff_row):
    """What a confirmed order must carry before anything else is looked at.

    Panel 6, v2 (not Dragon): ``clicked_button=order`` (E20: required); on panel 5 v2 orders without it keep
    working, as seed 001/003 send them and E33's newer order builder does (real-panels-2 §8). ``licence_agreement=on`` in Dragon
    mode [INF] and where the tariff has an offer to accept [INF; real-panels §3.5].
    """
    if v2_on_panel6(ctx) and ctx.params.get('clicked_button') != 'order':
        raise errors.missed('clicked_button')
    needs_agreement = ctx.dragon_theme or tariff_row['offer'] == 'on'
    if needs_agreement and ctx.params.get('licence_agreement') != 'on':
        raise errors.missed('licence_agreement')


def wants_new_cart(ctx):
    if ctx.dragon_theme:
        return True
    if ctx.panel < 6:
        return False
    if ctx.func.startswith('v2.'):
        return True
    return ctx.params.get('clicked_button') == 'quickbasket' and ctx.params.get('force_use_new_cart') == 'on'


def order_count(ctx, itemtype):
    """How many services one order makes (E1, E4 send order_count): 1 to MAX_ORDER_COUNT [INF]; a licence is bound
    to one address, so only one at a time [INF: strict]."""
    raw = ctx.params.filled('order_count')
    if raw is None:
        return 1
    count = numeric.int_value('order_count', raw)
    limit = 1 if itemtype == 'soft' else MAX_ORDER_COUNT
    if not 1 <= count <= limit:
        raise errors.invalid('order_count', raw)
    return count


def buy_now(ctx, order, count, total, description):
    """skipbasket=on: charge and create ``count`` services, all or nothing; the answer as the panel gives it."""
    billing.ensure_affordable(ctx.conn, order['account_id'], total * count)
    created = []
    for dummy in range(count):
        service_id = lifecycle.create_service(ctx.conn, ctx.clock, ctx.app.processing_delay, order)
        billing.charge(ctx.conn, ctx.clock, order['account_id'], total, description + ' (#%d)' % service_id, service_id)
        created.append(service_id)
    if order['itemtype'] == 'soft':
        return [Node('ok')] + [Node('id', service_id) for service_id in created]  # E7, E8, E19: /doc/id
    if ctx.panel >= 6:
        return [Node('ok')] + [Node('item.id', service_id, repeat=True) for service_id in created]  # E1; repeated [INF]
    return [Node('ok')]  # E12 [strict]: panel 5 does not say which service was made


def into_old_cart(ctx, order, count, total, description):
    """One cart line per service, each with its service ordered (status 1) at once [INF]; returns the billorder id."""
    billorder_id = None
    for dummy in range(count):
        service_id = lifecycle.create_service(ctx.conn, ctx.clock, ctx.app.processing_delay, order, ordered=True)
        billorder_id = basket.add_to_cart(ctx, order['account_id'], basket.KIND_ORDER, order['itemtype'], service_id,
                                          {'period': order['period']}, total, description + ' (#%d)' % service_id)
    return billorder_id


def ordering_account(ctx):
    """The buyer is the caller: a client for itself. An administrator orders only as the client (``su=NAME``, or the
    session of ``account.su``): the order is placed with the client's rights and the client pays (E21; E14, E18)
    [INF: strict]. ``account=`` no longer picks the buyer [INF until evidence shows it works]."""
    if ctx.is_admin:
        raise errors.access(ctx.func, "Orders are placed in a client's account: switch to the client (account.su) and order as it")
    if ctx.params.filled('account'):
        ctx.note('ignored account=%s: the order is the caller\'s', ctx.params.filled('account'))
    return ctx.account_id


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
    order['autoprolong'] = order_autoprolong(ctx, tariff_row, order['period']) if params.has('autoprolong') else None
    order['remoteid'] = params.filled('remoteid')
    tariff_addons = catalog.addons(ctx.conn, tariff_row['id'])
    values = common.parse_addons(ctx, tariff_addons, {addon['id']: addon['included'] for addon in tariff_addons})
    order['addons'] = {str(key): value for key, value in values.items()}
    order['monthly'] = catalog.monthly_cost(tariff_row, tariff_addons, values)
    order['setup'] = tariff_row['setup']
    return order


def order_autoprolong(ctx, tariff_row, period):
    """Months (or -50) as everywhere, except on panel 6's v2 orders: ``on`` (renew for the ordered period [INF]) or
    ``off`` (E20); months there are a ``value`` error. A period that cannot renew cannot be ``on`` [INF: strict]."""
    if not v2_on_panel6(ctx):
        return common.parse_autoprolong(ctx, tariff_row)
    raw = (ctx.params.get('autoprolong') or '').strip()
    if raw == 'off':
        return None
    if raw != 'on' or not catalog.renewable(period):
        raise errors.invalid('autoprolong', raw)
    return period


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
    and ``list[$name=total_summary]`` (``elem[]{label, cost.price.cost}``; E1, E3 captured excerpt). The price is
    the first payment, a one-time setup fee included (E3; in ``orderinfo`` too [INF]); with --summary-without-total
    neither ``orderinfo`` nor ``total_summary``, only the parts (see ``summary_lists``).
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
    if v2_on_panel6(ctx):
        nodes.append(slist('autoprolong', [('off', 'Off'), ('on', 'On')]))  # E20: a flag on v2 [INF: the texts]
    else:
        nodes.append(slist('autoprolong', [('null', 'Off')] + [(p, catalog.period_name(p)) for p in periods if catalog.renewable(p)]))
    for addon in tariff_addons:
        if addon['type'] == 'enum':
            choices = [(item['id'], '%s (%s RUB)' % (item['name'], catalog.money(catalog.period_cost(item['price'], order['period']))))
                       for item in addon['enumitems']]
            nodes.append(slist('addon_%d' % addon['id'], choices))
    nodes.append(Messages(ctx.func, [('addon_%d' % addon['id'], addon['name']) for addon in tariff_addons]))
    nodes.append(form_metadata(ctx.func, order, tariff_addons, period_param, bool(datacenters)))
    total = catalog.first_payment(order['monthly'], order['setup'], order['period'])
    if not ctx.switches.summary_without_total:
        nodes.append(Node('orderinfo', 'Total amount: %s RUB' % catalog.money(total)))
    nodes.extend(summary_lists(tariff_row, tariff_addons, order, total, ctx.params.get('lang'),
                               with_total=not ctx.switches.summary_without_total))
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


# The summary's labels. Russian: E3's captured SpaceCore summary («Базовая стоимость», «Установка (разово)»), where the
# one-time line is told apart by its label alone; English and «Итого» [INF].
SUMMARY_LABELS = {
    'en': {'base': 'Base cost', 'setup': 'Setup (one-time)', 'total': 'Total'},
    'ru': {'base': 'Базовая стоимость', 'setup': 'Установка (разово)', 'total': 'Итого'},
}


def summary_lists(tariff_row, tariff_addons, order, total, lang=None, with_total=True):
    """``pricelist_summary``: the tariff, each add-on that costs extra and the one-time setup fee; ``total_summary``: the
    first payment, all of them.

    ``elem[]{label, cost{price{cost, currency}}}`` (E1 ListElem/CostElem/PriceDetails; E3 captured excerpt with two
    decimals): the setup fee is a line of its own after the base cost, its label saying "one time" (E3), and in the
    total (the first payment) [INF]. With --summary-without-total no ``total_summary``: E3's captured summary shows
    none, so the parts must be added [INF: the harder case; E1 names a total_summary list].
    """
    labels = SUMMARY_LABELS.get(lang) or SUMMARY_LABELS['en']
    period = order['period']
    rows = [(labels['base'], catalog.period_cost(tariff_row['monthly'], period))]
    if order['setup']:
        rows.append((labels['setup'], order['setup']))
    for addon in tariff_addons:
        extra = catalog.addon_monthly(addon, order['addons'][str(addon['id'])])
        if extra:
            rows.append((addon['name'], catalog.period_cost(extra, period)))
    lists = [summary_list('pricelist_summary', rows)]
    if with_total:
        lists.append(summary_list('total_summary', [(labels['total'], total)]))
    return lists


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
