"""pricelist.export: the public price list (real-panels §7.1).

The shape follows what real clients read from live panels:

- public, without login (E9: "BILLmanager gives the price list without authorisation"), also with
  credentials (E6); credentials that are given are checked [INF: strict];
- parameters ``itemtype`` = the internal name (E9 ``itemtype=vds``), ``onlyavailable=on`` (E9, E10, E11),
  ``elid`` = the provider (E10 ``elid=1``; the simulator has provider 1 only, another is a ``missed``
  error [INF]), ``pricelist`` = one tariff (E11);
- ``doc.pricelist[]``: ``id``, ``name``, ``name_ru``, ``description``, ``active``, ``hideinorder``,
  ``archived`` (on/off, E9), ``itemtype`` = the numeric product type id (E10) with the internal name in
  ``itemtype_info/intname`` (E9; E18 ids vs intname), ``price[@currency]/period[@type,@length,@cost]`` (and
  ``@setup`` where the tariff has a one-time setup fee [INF])
  with the period's label as text (E9 fixture: ``<period cost="490.0000" type="month" length="1">monthly</period>``,
  ``<period cost="0.0000" type="month" length="-100">trial</period>``; E10 ``price.period[0].$cost``;
  E11), ``datacenter{id,name,name_ru}`` (E9), ``addon[]`` (E9, E10), ``itemtypeparam[]`` with
  ``itemtypeparamvalue[].intname`` (E10: the OS template), ``max_multiple_order_count`` (E10).
"""

from .. import auth, catalog, errors, numeric
from ..document import Node
from . import SERVICE_TYPES, Function

CURRENCY = 'RUB'
PROVIDER_ID = 1  # E10 elid=1, E18: PROJECT_ID is the provider
MAX_MULTIPLE_ORDER_COUNT = 10  # [INF] the value
OSTEMPL_PARAM_ID = 106  # [INF] the id (E10 looks the OS template parameter up by its id, 106 on that panel)
SERVER_TYPES = ('vds', 'dedic', 'instances')


def export(ctx):
    if auth.has_credentials(ctx.params):
        ctx.user = auth.authenticate(ctx)
    params = ctx.params
    itemtype = params.filled('itemtype')
    if itemtype is not None and itemtype not in SERVICE_TYPES:
        raise errors.invalid('itemtype', itemtype)
    provider = params.filled('elid')
    if provider is not None and numeric.parse_int(provider) != PROVIDER_ID:
        raise errors.not_found('elid', provider)
    only = params.get('onlyavailable') == 'on'
    rows = catalog.tariffs(ctx.conn, itemtype, orderable=only)
    wanted = params.filled('pricelist')
    if wanted is not None:
        wanted_id = numeric.int_value('pricelist', wanted)
        rows = [row for row in rows if row['id'] == wanted_id]
    return [tariff_node(ctx.conn, row) for row in rows]


def price_node(periods, cost_of, setup=0):
    """``price[@currency]`` with one ``period[@type,@length,@cost]`` per period code, its label as text.

    ``type`` is "month" for every code, trial included (E9 fixture); for -50 and 0 the same [INF]. A tariff's one-time
    setup fee is the attribute ``setup`` of each period, four decimals like ``cost``, only where the tariff has one
    [INF: the name and place; E3 shows the fee per period in the v2 wizard's ``prices.price[].setup``].
    """
    node = Node('price', attrs={'currency': CURRENCY})
    for period in periods:
        attrs = {'cost': catalog.money4(cost_of(period)), 'type': 'month', 'length': period}
        if setup:
            attrs['setup'] = catalog.money4(setup)
        node.append(Node('period', catalog.period_label(period), attrs, repeat=True))
    return node


def tariff_node(conn, row):
    node = Node('pricelist', repeat=True)
    for name in ('id', 'name', 'name_ru', 'description', 'active', 'hideinorder', 'archived'):
        node.field(name, row[name])
    node.field('itemtype', catalog.ITEMTYPE_IDS[row['itemtype']])
    node.append(Node('itemtype_info', children=[Node('intname', row['itemtype'])]))
    periods = catalog.periods(row)
    node.append(price_node(periods, lambda period: catalog.period_cost(row['monthly'], period), row['setup']))
    for dc in catalog.datacenters(conn, row['id']):
        node.append(Node('datacenter', children=[Node('id', dc['id']), Node('name', dc['name']), Node('name_ru', dc['name_ru'])],
                         repeat=True))
    for addon in catalog.addons(conn, row['id']):
        node.append(addon_node(conn, addon, periods))
    if row['itemtype'] in SERVER_TYPES:
        param = Node('itemtypeparam', repeat=True)
        param.field('id', OSTEMPL_PARAM_ID).field('name', 'Operating system').field('intname', 'ostempl')
        for index, os_row in enumerate(catalog.ostempls(conn), start=1):
            param.append(Node('itemtypeparamvalue', repeat=True, children=[
                Node('id', OSTEMPL_PARAM_ID * 100 + index), Node('name', os_row['title']), Node('intname', os_row['name'])]))
        node.append(param)
    node.field('max_multiple_order_count', MAX_MULTIPLE_ORDER_COUNT)
    return node


def addon_node(conn, addon, periods):
    """One add-on (E9, E10).

    ``addontype`` 1 boolean, 2 integer, 3 enum (E10); ``billtype`` 2 (E10 shows "2" on the monthly add-ons;
    the meaning [INF]); ``addonmin`` (E10: the slider's minimum); ``addonlimit`` = the amount included in
    the tariff (E9: "addons with the amount included in the tariff (addonlimit)"); ``addonmax`` and
    ``addonstep`` [INF: the names]; integer add-ons only. ``measure`` twice: the id, then ``{id, name}``
    (E9 fixture). ``price`` per period of the tariff: the price of one unit (integer) or of the option
    (boolean) (E10 ``addon.price.period[0].$cost``). Enum add-ons: ``enumeration`` twice, the id and then
    ``{id, name, enumerationitem[]{id, name, price}}`` (E10 reads ``addon.enumeration[1].enumerationitem``).
    """
    node = Node('addon', repeat=True)
    node.field('id', addon['id']).field('name', addon['name']).field('name_ru', addon['name_ru']).field('intname', addon['intname'])
    node.field('addontype', catalog.ADDONTYPE[addon['type']]).field('billtype', 2)
    if addon['type'] == 'integer':
        node.field('addonmin', addon['minimum']).field('addonmax', addon['maximum']).field('addonstep', addon['step'])
        node.field('addonlimit', addon['included'])
    unit = catalog.measure(conn, addon['measure'])
    if unit is not None:
        node.field('measure', unit[0])
        node.append(Node('measure', children=[Node('id', unit[0]), Node('name', unit[1])]))
    node.append(price_node(periods, lambda period: catalog.period_cost(addon['unit_price'], period)))
    if addon['type'] == 'enum':
        node.field('enumeration', addon['enumeration'])
        enumeration = Node('enumeration', children=[Node('id', addon['enumeration']), Node('name', addon['name'])])
        for item in addon['enumitems']:
            enumeration.append(Node('enumerationitem', repeat=True, children=[
                Node('id', item['id']), Node('name', item['name']),
                price_node(periods, lambda period, price=item['price']: catalog.period_cost(price, period))]))
        node.append(enumeration)
    return node


def register(registry):
    registry['pricelist.export'] = Function(export, public=True)
