"""What a product type sells, as real order wizards ask for it (real-panels §3.7).

- ``v2.TYPE.order.pricelist`` (E3): ``list[$name=TYPE].elem[]`` with ``id``, ``title``, ``description``,
  ``datacenter{id, value}``, ``prices.price[]{period, cost, currency, setup}`` (``setup`` the tariff's one-time setup
  fee, "0.00" where it has none; E3 reads it as a dedicated server's setup fee), plus ``slist[datacenter]``;
  ``datacenter=ID`` chooses the datacenter, without it the first (E3: "for a given datacenter (or default
  if None)"). E3 reads the list named "vds" or "pricelist": the simulator names it after the type [INF].
- ``TYPE.order`` (E12, checked on a live panel) and ``TYPE.order.pricelist`` (E5): the wizard's tariff
  list ``list[$name=tariflist].elem[]`` with ``pricelist`` (the id), ``desc`` (the name) and ``price``
  (text), the current ``datacenter``, and ``slist`` of ``period`` and ``datacenter`` (E5 reads
  ``doc.list[0].elem``, ``doc.slist``, ``doc.datacenter.$``); none to offer is the error "No tariff plans
  available for order" (E5; its type and object [INF]).

Only tariffs that can be ordered are offered (active, not hidden, not archived) [INF].
"""

import functools

from .. import catalog, errors, numeric
from ..document import Node
from ..views import slist
from . import ORDERABLE_TYPES, Function


def chosen_datacenter(ctx):
    """The ``datacenter`` asked for (a ``value`` error when there is none such), else the first one."""
    rows = ctx.conn.execute('SELECT id, name FROM datacenter ORDER BY id').fetchall()
    raw = ctx.params.filled('datacenter')
    if raw is None:
        return rows, rows[0]
    wanted = numeric.parse_int(raw)
    for row in rows:
        if row['id'] == wanted:
            return rows, row
    raise errors.invalid('datacenter', raw)


def offered(ctx, itemtype, datacenter_id):
    """The orderable tariffs of the type with that datacenter (licenses have none: all of them)."""
    result = []
    for row in catalog.tariffs(ctx.conn, itemtype, orderable=True):
        dcs = [dc['id'] for dc in catalog.datacenters(ctx.conn, row['id'])]
        if not dcs or datacenter_id in dcs:
            result.append(row)
    return result


def v2_pricelist(itemtype, ctx):
    datacenters, current = chosen_datacenter(ctx)
    node = Node('list', attrs={'name': itemtype}, repeat=True)
    for row in offered(ctx, itemtype, current['id']):
        elem = node.add('elem', repeat=True)
        elem.field('id', row['id']).field('title', row['name']).field('description', row['description'])
        elem.append(Node('datacenter', children=[Node('id', current['id']), Node('value', current['name'])]))
        prices = elem.add('prices')
        for period in catalog.periods(row):
            prices.append(Node('price', repeat=True, children=[
                Node('period', period), Node('cost', catalog.money(catalog.period_cost(row['monthly'], period))),
                Node('currency', 'RUB'), Node('setup', catalog.money(row['setup']))]))  # E3: the one-time setup fee
    return [node, slist('datacenter', [(row['id'], row['name']) for row in datacenters])]


def wizard(itemtype, ctx):
    datacenters, current = chosen_datacenter(ctx)
    rows = offered(ctx, itemtype, current['id'])
    if not rows:
        raise errors.ApiError('missed', 'pricelist', 'No tariff plans available for order')
    node = Node('list', attrs={'name': 'tariflist'}, repeat=True)
    periods = []
    for row in rows:
        first = catalog.periods(row)[0]
        elem = node.add('elem', repeat=True)
        elem.field('pricelist', row['id']).field('desc', row['name'])
        elem.field('price', catalog.cost_text(row['monthly'], first))  # E12: a text (HTML there) [INF: the text]
        periods.extend(period for period in catalog.periods(row) if period not in periods)
    return [node, Node('datacenter', current['id']),
            slist('period', [(period, catalog.period_name(period)) for period in sorted(periods)]),
            slist('datacenter', [(row['id'], row['name']) for row in datacenters])]


def register(registry):
    for itemtype in ORDERABLE_TYPES + ('soft',):
        registry['v2.%s.order.pricelist' % itemtype] = Function(functools.partial(v2_pricelist, itemtype))
        registry['%s.order' % itemtype] = Function(functools.partial(wizard, itemtype))
        registry['%s.order.pricelist' % itemtype] = Function(functools.partial(wizard, itemtype))
