"""The shapes real panels answer in (real-panels §3.7, §3.8, §5.6, §8): order forms, tariff discovery, add-on values."""

import pytest

from billmgr_sim.testing import as_list
from sim_helpers import elems, error_of, order_now

VPS = {'pricelist': 6, 'order_period': 1, 'domain': 'new.alice.test'}


def form(sim, **params):
    return sim.call('v2.vds.order.param', user='alice', **dict(VPS, **params))['doc']


def fields(doc):
    """field name -> (kind, attributes) from metadata.form.page[].field[] (E1)."""
    result = {}
    for page in as_list(doc['metadata']['form']['page']):
        for field in as_list(page['field']):
            kind = next(key for key in ('slider', 'select', 'input') if key in field)
            result[field['$name']] = (kind, field[kind])
    return result


def test_form_metadata_carries_the_addon_limits(sim):
    doc = form(sim)
    assert doc['metadata']['$type'] == 'form' and doc['metadata']['$name'] == 'v2.vds.order.param'
    meta = fields(doc)
    assert meta['addon_11'] == ('slider', {'$name': 'addon_11', '$min': '256', '$max': '65536', '$step': '256'})
    assert meta['addon_16'] == ('input', {'$name': 'addon_16', '$type': 'checkbox'})
    assert meta['addon_17'] == ('select', {'$name': 'addon_17'})
    assert meta['ostempl'][0] == 'select' and meta['domain'][0] == 'input'
    assert doc['addon_11'] == {'$': '1024'}  # the value only: no limits in attributes any more


def test_form_messages_name_the_addons(sim):
    msg = form(sim)['messages']['msg']
    assert (msg['addon_11'], msg['addon_16'], msg['addon_17']) == ('RAM', 'IPv6', 'Control panel')
    sjson = sim.call('v2.vds.order.param', user='alice', out='sjson', **VPS)['doc']
    assert sjson['messages']['msg']['addon_9'] == 'CPU'  # as the captured sjson answer: name -> text
    status, body = sim.raw_request({'func': 'v2.vds.order.param', 'authinfo': 'alice:Ali-6b1d', 'pricelist': '6'})
    assert status == 200 and b'<msg name="addon_11">RAM</msg>' in body


def test_form_enum_choices_are_the_enumerationitem_ids(sim):
    doc = form(sim, addon_17=173)
    choices = next(item for item in doc['slist'] if item['$name'] == 'addon_17')['val']
    assert [(val['$key'], val['$']) for val in choices] == [
        ('171', 'None (0.00 RUB)'), ('172', 'ISPmanager Lite (400.00 RUB)'), ('173', 'ISPmanager Pro (800.00 RUB)')]
    assert doc['addon_17'] == {'$': '173'}
    assert doc['orderinfo'] == {'$': 'Total amount: 1300.00 RUB'}
    summary = as_list(next(item for item in as_list(doc['list']) if item['$name'] == 'pricelist_summary')['elem'])
    assert [(e['label']['$'], e['cost']['price']['cost']['$'], e['cost']['price']['currency']['$']) for e in summary] == [
        ('Base cost', '500.00', 'RUB'), ('Control panel', '800.00', 'RUB')]
    assert error_of(sim.call('v2.vds.order.param', user='alice', addon_17=2, **VPS)) == ('value', 'addon_17')  # a RAID item


@pytest.mark.parametrize('value', ['1', '0', 'yes', 'true', 'ON', ''])
def test_boolean_addons_take_only_on_and_off(sim, value):
    assert error_of(sim.call('v2.vds.order.param', user='alice', addon_16=value, **VPS)) == ('value', 'addon_16')
    assert error_of(sim.call('vds.edit', user='alice', elid=958, addon_16=value, sok='ok')) == ('value', 'addon_16')


def test_boolean_addon_on_in_order_edit_and_cost(sim):
    assert form(sim, addon_16='on')['orderinfo'] == {'$': 'Total amount: 550.00 RUB'}
    new_id = order_now(sim, 'v2.vds.order.param', addon_16='on', **VPS)
    assert sim.call('vds.edit', user='alice', elid=new_id)['doc']['addon_16'] == {'$': 'on'}
    assert sim.call('vds.edit', user='alice', elid=958)['doc']['addon_16'] == {'$': 'off'}
    assert 'ok' in sim.call('vds.edit', user='alice', elid=958, addon_16='on', skipbasket='on', sok='ok')['doc']
    assert sim.call('vds.edit', user='alice', elid=958)['doc']['addon_16'] == {'$': 'on'}
    assert 'ok' in sim.call('vds.edit', user='alice', elid=958, addon_16='off', sok='ok')['doc']
    assert sim.call('vds.edit', user='alice', elid=958)['doc']['addon_16'] == {'$': 'off'}


@pytest.mark.parametrize('value', ['255', '65537', '300', '-256', '1k'])
def test_integer_addons_keep_to_their_limits(sim, value):
    assert error_of(sim.call('v2.vds.order.param', user='alice', addon_11=value, **VPS)) == ('value', 'addon_11')


def test_lists_carry_the_tariff_name_and_no_id(sim):
    for itemtype in ('vds', 'dedic', 'vhost', 'soft', 'platform'):
        for elem in elems(sim.call(itemtype, user='alice')):
            assert 'pricelist_id' not in elem and elem['pricelist']['$'] and not elem['pricelist']['$'].isdigit()


def test_v2_order_pricelist(sim):
    doc = sim.call('v2.vds.order.pricelist', user='alice')['doc']
    plans = as_list(doc['list'])
    assert [item['$name'] for item in plans] == ['vds']
    by_id = {elem['id']['$']: elem for elem in as_list(plans[0]['elem'])}
    assert set(by_id) == {'1', '6', '7', '8', '9'}  # the archived tariff 4 is not offered
    start = by_id['6']
    assert start['title'] == {'$': 'VPS Start'} and start['datacenter'] == {'id': {'$': '1'}, 'value': {'$': 'Frankfurt'}}
    assert as_list(start['prices']['price'])[0] == {'period': {'$': '1'}, 'cost': {'$': '500.00'}, 'currency': {'$': 'RUB'},
                                                    'setup': {'$': '0.00'}}
    assert [val['$key'] for val in doc['slist']['val']] == ['1', '2']
    amsterdam = sim.call('v2.vds.order.pricelist', user='alice', datacenter=2)['doc']['list']['elem']
    assert amsterdam['id'] == {'$': '7'} and amsterdam['datacenter']['value'] == {'$': 'Amsterdam'}
    assert error_of(sim.call('v2.vds.order.pricelist', user='alice', datacenter=9)) == ('value', 'datacenter')
    assert error_of(sim.call('v2.vds.order.pricelist', user=None)) == ('access', 'session')


def test_order_wizard_tariff_list(sim):
    doc = sim.call('vds.order', user='alice')['doc']
    assert doc['list']['$name'] == 'tariflist'
    tariffs = [(e['pricelist']['$'], e['desc']['$'], e['price']['$']) for e in doc['list']['elem']]
    assert tariffs[:2] == [('1', 'VPS Mini', '250.00 RUB / Month'), ('6', 'VPS Start', '500.00 RUB / Month')]
    assert {item['$name'] for item in doc['slist']} == {'period', 'datacenter'} and doc['datacenter'] == {'$': '1'}
    assert sim.call('dedic.order.pricelist', user='alice', datacenter=2)['doc']['list']['elem']['pricelist'] == {'$': '32'}
    licenses = sim.call('soft.order', user='alice', datacenter=2)['doc']  # licenses have no datacenter: all offered
    assert len(licenses['list']['elem']) == 12
    assert error_of(sim.call('platform.order', user='alice', datacenter=2)) == ('missed', 'pricelist')
    assert sim.call('platform.order', user='alice', datacenter=2)['doc']['error']['msg']['$'] == 'No tariff plans available for order'


def test_archived_tariff_cannot_be_ordered(sim):
    assert error_of(sim.call('v2.vds.order.param', user='alice', pricelist=4, order_period=1, sok='ok', skipbasket='on')) == (
        'value', 'pricelist')
