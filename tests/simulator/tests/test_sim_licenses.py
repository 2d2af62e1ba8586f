"""Licenses: soft.order.param, soft.edit (licname, ip once a month, newkey), suspend/resume, checkip, delete."""

import pytest

from sim_helpers import elems, error_of, ids, statuses

ORDER = {'pricelist': 3541, 'period': 1, 'ip': '198.51.100.7', 'licname': 'shop', 'clicked_button': 'finish', 'skipbasket': 'on', 'sok': 'ok'}


def license_form(sim, elid):
    return sim.call('soft.edit', user='alice', elid=elid)['doc']


def test_order_returns_the_id_and_the_key_comes_after_processing(billmgr_sim_factory):
    sim = billmgr_sim_factory(processing_delay=20)
    doc = sim.call('soft.order.param', user='alice', autoprolong=12, **dict(ORDER, period=12))['doc']
    new_id = doc['id']['$']
    form = license_form(sim, new_id)
    assert (form['licname']['$'], form['ip']['$'], form['status']['$'], form['autoprolong']['$']) == ('shop', '198.51.100.7', '5', '12')
    assert form['lickey'] == {} and form['pricelist'] == {'$': '3541'}
    assert sim.account('alice')['expenses'][-1]['amount'] == '4800.00'
    sim.advance_clock(21)
    form = license_form(sim, new_id)
    assert form['status'] == {'$': '2'} and len(form['lickey']['$']) == 40


def test_addon_nodes_are_priced(sim):
    sim.call('soft.order.param', user='alice', addon_4602=3, **dict(ORDER, pricelist=4601))
    assert sim.account('alice')['expenses'][-1]['amount'] == '1800.00'


@pytest.mark.parametrize('params, expected', [
    ({'period': 3}, ('value', 'period')),
    ({'ip': ''}, ('missed', 'ip')),
    ({'ip': '10.1.2.3'}, ('value', 'ip')),
    ({'ip': 'not-an-ip'}, ('value', 'ip')),
    ({'ip': '203.0.113.10'}, ('exists', 'ip')),  # license 777 is ISPmanager Lite on that address
    ({'pricelist': 6}, ('value', 'pricelist')),
])
def test_bad_license_orders(sim, params, expected):
    assert error_of(sim.call('soft.order.param', user='alice', **dict(ORDER, **params))) == expected
    assert ids(sim.call('soft', user='alice')) == [777]


def test_the_same_address_for_another_product_is_fine(sim):
    assert 'id' in sim.call('soft.order.param', user='alice', **dict(ORDER, pricelist=3136, ip='203.0.113.10'))['doc']


def test_rename_and_change_ip_once_a_month(sim):
    assert 'ok' in sim.call('soft.edit', user='alice', elid=777, licname='renamed', ip='198.51.100.20', sok='ok')['doc']
    form = license_form(sim, 777)
    assert (form['licname']['$'], form['ip']['$']) == ('renamed', '198.51.100.20')
    answer = sim.call('soft.edit', user='alice', elid=777, ip='198.51.100.21', sok='ok')
    assert error_of(answer) == ('value', 'ip') and 'once a month' in answer['doc']['error']['msg']['$']
    assert 'ok' in sim.call('soft.edit', user='alice', elid=777, ip='198.51.100.20', licname='same-ip', sok='ok')['doc']
    sim.advance_clock(32 * 86400)
    assert 'ok' in sim.call('soft.edit', user='alice', elid=777, ip='198.51.100.21', sok='ok')['doc']


def test_new_key(sim):
    old = license_form(sim, 777)['lickey']['$']
    assert 'ok' in sim.call('soft.edit', user='alice', elid=777, clicked_button='newkey', sok='ok')['doc']
    form = license_form(sim, 777)
    assert form['lickey']['$'] != old and form['real_keychange']['$']


def test_suspend_and_resume(sim):
    assert 'ok' in sim.call('soft.suspend', user='alice', elid=777)['doc']
    elem = elems(sim.call('soft', user='alice'))[0]
    assert (elem['status']['$'], elem['item_status']['$orig']) == ('3', '3_usersuspend')
    assert error_of(sim.call('soft.edit', user='alice', elid=777, clicked_button='newkey', sok='ok')) == ('value', 'elid')
    assert 'ok' in sim.call('soft.resume', user='alice', elid=777)['doc']
    assert elems(sim.call('soft', user='alice'))[0]['status']['$'] == '2'
    assert error_of(sim.call('soft.suspend', user='bob', elid=777)) == ('access', 'elid')


def test_checkip(sim):
    assert 'ok' in sim.call('soft.checkip', user='bob', pricelist=3541, period=1, ip='198.51.100.9')['doc']
    assert error_of(sim.call('soft.checkip', user='bob', pricelist=3541, period=1, ip='203.0.113.10')) == ('exists', 'ip')
    assert error_of(sim.call('soft.checkip', user='bob', pricelist=3541, period=1, ip='192.168.1.1')) == ('value', 'ip')
    assert error_of(sim.call('soft.checkip', user='bob', pricelist=3541, period=6, ip='198.51.100.9')) == ('value', 'period')
    assert error_of(sim.call('soft.checkip', user='bob', period=1, ip='198.51.100.9')) == ('missed', 'pricelist')


def test_delete_frees_the_address_and_renew_works(sim):
    assert 'ok' in sim.call('service.prolong', user='alice', elid=777, period=12, skipbasket='on', sok='ok')['doc']
    assert sim.account('alice')['expenses'][-1]['amount'] == '4800.00'
    assert 'ok' in sim.call('soft.delete', user='alice', elid=777, sok='ok')['doc']
    assert statuses(sim.call('soft', user='alice')) == {777: 4}  # listed as deleted (real-panels §5.5, E12)
    assert 'ok' in sim.call('soft.checkip', user='bob', pricelist=3541, ip='203.0.113.10')['doc']


def test_new_key_is_in_the_answer(sim):
    doc = sim.call('soft.edit', user='alice', elid=777, clicked_button='newkey', sok='ok')['doc']
    assert 'ok' in doc and len(doc['lickey']['$']) == 40
    assert license_form(sim, 777)['lickey']['$'] == doc['lickey']['$']
    assert 'lickey' not in sim.call('soft.edit', user='alice', elid=777, licname='renamed', sok='ok')['doc']
