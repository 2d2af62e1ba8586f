"""Catalog reads for clients: pricelist.export in the real shape (real-panels §7.1) and the order forms."""

import pytest

from billmgr_sim.testing import as_list
from sim_helpers import error_of

LICENSE_TARIFFS = {3541, 3542, 4601, 5577, 5579, 3045, 3887, 3651, 3934, 3936, 3136, 2891}


def tariffs(sim, user='bob', **params):
    return {int(item['id']['$']): item for item in as_list(sim.call('pricelist.export', user=user, **params)['doc'].get('pricelist'))}


def periods(node):
    return [(p['$length'], p['$type'], p['$cost'], p['$']) for p in as_list(node['price']['period'])]


def test_export_lists_every_tariff_with_the_seeded_ids(sim):
    exported = tariffs(sim)
    assert {1, 2, 4, 6, 7, 8, 9, 32, 33, 40, 41, 50} | LICENSE_TARIFFS == set(exported)
    start = exported[6]
    assert start['name'] == {'$': 'VPS Start'} and start['name_ru'] == {'$': 'VPS Старт'}
    assert start['itemtype'] == {'$': '3'} and start['itemtype_info'] == {'intname': {'$': 'vds'}}  # E10, E9
    assert (start['active'], start['hideinorder'], start['archived']) == ({'$': 'on'}, {'$': 'off'}, {'$': 'off'})
    assert start['max_multiple_order_count'] == {'$': '10'}
    assert exported[32]['itemtype'] == {'$': '21'} and exported[3541]['itemtype'] == {'$': '40'}
    assert exported[4]['archived'] == {'$': 'on'}


def test_export_without_login_is_public_and_checks_given_credentials(sim):
    anonymous = tariffs(sim, user=None, itemtype='vds')
    assert set(anonymous) == {1, 4, 6, 7, 8, 9}
    assert error_of(sim.call('pricelist.export', user='alice', password='wrong')) == ('auth', 'badpassword')


def test_export_filters(sim):
    assert set(tariffs(sim, itemtype='vds', onlyavailable='on')) == {1, 6, 7, 8, 9}  # archived 4 left out
    assert set(tariffs(sim, pricelist=6)) == {6}
    assert set(tariffs(sim, elid=1, itemtype='platform')) == {40, 41}
    assert error_of(sim.call('pricelist.export', user='alice', elid=2)) == ('missed', 'elid')
    assert error_of(sim.call('pricelist.export', user='alice', itemtype='boat')) == ('value', 'itemtype')
    assert error_of(sim.call('pricelist.export', user='alice', itemtype='3')) == ('value', 'itemtype')  # the internal name


def test_export_prices_periods_datacenters(sim):
    vds = tariffs(sim, itemtype='vds')
    start = vds[6]
    assert start['price']['$currency'] == 'RUB'
    assert periods(start)[:3] == [('1', 'month', '500.0000', 'monthly'), ('3', 'month', '1500.0000', 'quarterly'),
                                  ('6', 'month', '3000.0000', 'semi-annual')]
    assert as_list(start['datacenter']) == [{'id': {'$': '1'}, 'name': {'$': 'Frankfurt'}, 'name_ru': {'$': 'Франкфурт'}}]
    assert [dc['name']['$'] for dc in vds[7]['datacenter']] == ['Frankfurt', 'Amsterdam']
    assert periods(vds[8]) == [('-100', 'month', '0.0000', 'trial'), ('1', 'month', '300.0000', 'monthly'),
                               ('12', 'month', '3600.0000', 'annual')]
    assert periods(vds[9]) == [('-50', 'month', '20.0000', 'daily')]
    assert periods(tariffs(sim, pricelist=41)[41]) == [('0', 'month', '5000.0000', 'one-time')]


def test_export_addons(sim):
    start = tariffs(sim, itemtype='vds')[6]
    addons = {int(a['id']['$']): a for a in start['addon']}
    assert {7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 28} == set(addons)
    ram = addons[11]
    assert (ram['name']['$'], ram['name_ru']['$'], ram['intname']['$'], ram['addontype']['$'], ram['billtype']['$']) == (
        'RAM', 'Память', 'mem', '2', '2')
    assert (ram['addonmin']['$'], ram['addonmax']['$'], ram['addonstep']['$'], ram['addonlimit']['$']) == ('256', '65536', '256', '1024')
    assert ram['measure'] == [{'$': '1'}, {'id': {'$': '1'}, 'name': {'$': 'MB'}}]  # E9: the id, then {id, name}
    assert periods(ram)[0] == ('1', 'month', '0.2500', 'monthly')
    ipv6 = addons[16]
    assert ipv6['addontype'] == {'$': '1'} and 'addonmin' not in ipv6 and 'addonlimit' not in ipv6
    assert periods(ipv6)[0][2] == '50.0000'
    panel = addons[17]
    assert panel['addontype'] == {'$': '3'} and panel['enumeration'][0] == {'$': '2'}
    items = panel['enumeration'][1]['enumerationitem']  # E10 reads addon.enumeration[1].enumerationitem
    assert [(item['id']['$'], item['name']['$'], as_list(item['price']['period'])[0]['$cost']) for item in items] == [
        ('171', 'None', '0.0000'), ('172', 'ISPmanager Lite', '400.0000'), ('173', 'ISPmanager Pro', '800.0000')]


def test_export_os_templates_and_license_addons(sim):
    start = tariffs(sim, itemtype='vds')[6]
    param = start['itemtypeparam']
    assert (param['id']['$'], param['intname']['$']) == ('106', 'ostempl')
    assert [value['intname']['$'] for value in param['itemtypeparamvalue']] == ['ISPsystem__CentOS-7-amd64', 'ISPsystem__Debian-12-amd64']
    dedic = tariffs(sim, itemtype='dedic')[32]
    raid = next(a for a in dedic['addon'] if a['id']['$'] == '33')
    assert [(item['id']['$'], item['name']['$']) for item in raid['enumeration'][1]['enumerationitem']] == [
        ('1', 'No RAID'), ('2', 'RAID 1'), ('3', 'RAID 10')]
    soft = tariffs(sim, itemtype='soft')
    assert set(soft) == LICENSE_TARIFFS and 'itemtypeparam' not in soft[3541]
    assert as_list(soft[4601]['addon'])[0]['id'] == {'$': '4602'}


def test_export_in_sjson_and_xml(sim):
    doc = sim.call('pricelist.export', user='alice', itemtype='vhost', out='sjson')['doc']
    assert len(doc['pricelist']) == 1 and isinstance(doc['pricelist'][0]['datacenter'], list)
    assert isinstance(doc['pricelist'][0]['price']['period'], list)
    status, body = sim.raw_request({'func': 'pricelist.export', 'pricelist': '8', 'out': 'xml'})
    assert status == 200
    assert b'<period cost="0.0000" type="month" length="-100">trial</period>' in body  # E9 fixture
    assert b'<itemtype>3</itemtype><itemtype_info><intname>vds</intname></itemtype_info>' in body


@pytest.mark.parametrize('func, pricelist, slists', [
    ('v2.vds.order.param', 6, {'datacenter', 'ostempl', 'recipe', 'order_period', 'autoprolong', 'addon_17'}),
    ('v2.dedic.order.param', 32, {'datacenter', 'ostempl', 'recipe', 'order_period', 'autoprolong', 'addon_33'}),
    ('v2.vhost.order.param', 2, {'datacenter', 'order_period', 'autoprolong'}),
    ('soft.order.param', 3541, {'period', 'autoprolong'}),
])
def test_order_forms_carry_the_choices(sim, func, pricelist, slists):
    doc = sim.call(func, user='alice', pricelist=pricelist)['doc']
    assert {item['$name'] for item in as_list(doc['slist'])} == slists
    assert doc['pricelist'] == {'$': str(pricelist)} and doc['orderinfo']['$'].startswith('Total amount: ')
    assert 'cost' not in doc
