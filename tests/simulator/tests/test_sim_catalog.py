"""Catalog reads for clients: pricelist.export and the order forms."""

import pytest

from billmgr_sim.testing import as_list
from sim_helpers import error_of

LICENSE_TARIFFS = {3541, 4601, 5577, 5579, 3045, 3887, 3651, 3934, 3936, 3136, 2891}


def tariffs(sim, **params):
    return {int(item['id']['$']): item for item in as_list(sim.call('pricelist.export', user='bob', **params)['doc'].get('pricelist'))}


def test_export_lists_every_tariff_with_the_seeded_ids(sim):
    exported = tariffs(sim)
    assert {1, 2, 6, 7, 32, 40} | LICENSE_TARIFFS == set(exported)
    assert exported[6]['name'] == {'$': 'VPS Start'} and exported[6]['itemtype'] == {'$': 'vds'}
    assert exported[2]['name'] == {'$': 'Hosting Start'} and exported[32]['name'] == {'$': 'Dedicated Basic'}


def test_export_of_one_type_with_datacenters_prices_and_addons(sim):
    vds = tariffs(sim, itemtype='vds')
    assert set(vds) == {1, 6, 7}
    start = vds[6]
    assert as_list(start['datacenter']) == [{'id': {'$': '1'}, 'name': {'$': 'Frankfurt'}}]
    assert [(p['period']['$'], p['cost']['$']) for p in start['price']][:2] == [('1', '500.00'), ('3', '1500.00')]
    addons = {int(a['id']['$']): a for a in start['addon']}
    assert {7, 9, 10, 11, 12, 13, 14, 15, 28} == set(addons)
    assert (addons[11]['name']['$'], addons[11]['type']['$'], addons[11]['min']['$'], addons[11]['measure']['$']) == ('RAM', 'integer', '256', 'MB')
    assert addons[15]['type'] == {'$': 'boolean'}
    assert [dc['name']['$'] for dc in vds[7]['datacenter']] == ['Frankfurt', 'Amsterdam']


def test_export_shows_enum_items_and_license_addons(sim):
    dedic = tariffs(sim, itemtype='dedic')[32]
    raid = next(a for a in dedic['addon'] if a['id']['$'] == '33')
    assert raid['type'] == {'$': 'enum'}
    assert [(item['id']['$'], item['name']['$']) for item in raid['enumitem']] == [('1', 'No RAID'), ('2', 'RAID 1'), ('3', 'RAID 10')]
    soft = tariffs(sim, itemtype='soft')
    assert set(soft) == LICENSE_TARIFFS
    assert as_list(soft[4601]['addon'])[0]['id'] == {'$': '4602'}
    assert as_list(soft[3045]['addon'])[0]['id'] == {'$': '3049'}


def test_export_in_sjson_keeps_lists(sim):
    doc = sim.call('pricelist.export', user='alice', itemtype='vhost', out='sjson')['doc']
    assert len(doc['pricelist']) == 1 and isinstance(doc['pricelist'][0]['datacenter'], list)
    assert error_of(sim.call('pricelist.export', user='alice', itemtype='boat')) == ('value', 'itemtype')
    assert error_of(sim.call('pricelist.export', user=None)) == ('access', 'session')


@pytest.mark.parametrize('func, pricelist, slists', [
    ('v2.vds.order.param', 6, {'datacenter', 'ostempl', 'recipe', 'order_period', 'autoprolong'}),
    ('v2.dedic.order.param', 32, {'datacenter', 'ostempl', 'recipe', 'order_period', 'autoprolong', 'addon_33'}),
    ('v2.vhost.order.param', 2, {'datacenter', 'order_period', 'autoprolong'}),
    ('soft.order.param', 3541, {'period', 'autoprolong'}),
])
def test_order_forms_carry_the_choices(sim, func, pricelist, slists):
    doc = sim.call(func, user='alice', pricelist=pricelist)['doc']
    assert {item['$name'] for item in as_list(doc['slist'])} == slists
    assert doc['pricelist'] == {'$': str(pricelist)} and doc['cost']['$']
