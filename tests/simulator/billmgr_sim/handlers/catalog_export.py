"""pricelist.export: the public price list, what a module needs to turn names into ids.

[INF] the shape: one ``pricelist`` per tariff with its datacenters, prices per period and add-ons.
"""

from .. import catalog, errors
from ..document import Node
from . import SERVICE_TYPES, Function


def export(ctx):
    itemtype = ctx.params.filled('itemtype')
    if itemtype is not None and itemtype not in SERVICE_TYPES:
        raise errors.invalid('itemtype', itemtype)
    nodes = []
    for tariff_row in catalog.tariffs(ctx.conn, itemtype):
        tariff = Node('pricelist', repeat=True)
        tariff.field('id', tariff_row['id']).field('name', tariff_row['name']).field('itemtype', tariff_row['itemtype'])
        for dc in catalog.datacenters(ctx.conn, tariff_row['id']):
            tariff.append(Node('datacenter', children=[Node('id', dc['id']), Node('name', dc['name'])], repeat=True))
        for months in catalog.periods(tariff_row):
            tariff.append(Node('price', children=[Node('period', months), Node('cost', catalog.money(tariff_row['monthly'] * months))],
                               repeat=True))
        for addon in catalog.addons(ctx.conn, tariff_row['id']):
            tariff.append(addon_node(addon))
        nodes.append(tariff)
    return nodes


def addon_node(addon):
    node = Node('addon', repeat=True)
    node.field('id', addon['id']).field('name', addon['name']).field('type', addon['type'])
    node.field('min', addon['minimum']).field('max', addon['maximum']).field('step', addon['step'])
    node.field('measure', addon['measure']).field('default', addon['included'])
    node.field('price', catalog.money(addon['unit_price']))
    for item in addon.get('enumitems', ()):
        node.append(Node('enumitem', children=[Node('id', item['id']), Node('name', item['name']),
                                               Node('price', catalog.money(item['price']))], repeat=True))
    return node


def register(registry):
    registry['pricelist.export'] = Function(export)
