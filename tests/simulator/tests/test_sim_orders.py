"""Ordering: forms with costs, the cart, skipbasket, processing, validation that writes nothing."""

import pytest

from billmgr_sim.testing import as_list
from sim_helpers import elems, error_of, ids, matching_ids, newest_id, order_now, service_count

VPS = {'pricelist': 6, 'order_period': 1, 'domain': 'new.alice.test'}


def order(sim, user='alice', func='v2.vds.order.param', **params):
    return sim.call(func, user=user, **dict(VPS, **params))


def summary(doc, name):
    return [(elem['label']['$'], elem['cost']['price']['cost']['$'])
            for elem in as_list(next(item for item in as_list(doc['list']) if item['$name'] == name)['elem'])]


def test_order_form_without_sok_computes_the_cost(sim):
    doc = order(sim, addon_9=5)['doc']  # 4 extra cores at 150 RUB
    assert 'cost' not in doc and 'cost_monthly' not in doc
    assert doc['orderinfo'] == {'$': 'Total amount: 1100.00 RUB'}
    assert summary(doc, 'pricelist_summary') == [('Base cost', '500.00'), ('CPU', '600.00')]
    assert summary(doc, 'total_summary') == [('Total', '1100.00')]
    assert summary(order(sim, addon_9=5, order_period=12)['doc'], 'total_summary') == [('Total', '13200.00')]
    slists = {item['$name']: item['val'] for item in doc['slist']}
    assert slists['datacenter'] == {'$key': '1', '$': 'Frankfurt'}
    assert [(val['$key'], val['$valuegroup']) for val in slists['ostempl']] == [
        ('ISPsystem__CentOS-7-amd64', 'centos'), ('ISPsystem__Debian-12-amd64', 'debian')]
    assert [(val['$key'], val.get('$depend')) for val in slists['recipe']] == [
        ('null', None), ('ISPsystem__Docker', 'ISPsystem__CentOS-7-amd64'), ('ISPsystem__LAMP', 'ISPsystem__CentOS-7-amd64'),
        ('ISPsystem__Docker', 'ISPsystem__Debian-12-amd64'), ('ISPsystem__LAMP', 'ISPsystem__Debian-12-amd64')]
    assert [val['$key'] for val in slists['order_period']] == ['1', '3', '6', '12', '24', '36']
    assert doc['addon_9'] == {'$': '5'} and doc['addon_11'] == {'$': '1024'} and doc['addon_16'] == {'$': 'off'}
    assert doc['messages']['msg']['addon_11'] == 'RAM'
    assert service_count(sim) == 9  # nothing ordered


def test_order_form_without_pricelist_is_refused(sim):
    assert error_of(sim.call('v2.vds.order.param', user='alice')) == ('wizard_unavailable', 'pricelist')
    assert error_of(sim.call('vds.order.param', user='alice', sok='ok')) == ('missed', 'pricelist')


def test_order_with_skipbasket_charges_and_creates_in_processing(billmgr_sim_factory):
    sim = billmgr_sim_factory(processing_delay=60)
    doc = order(sim, skipbasket='on', sok='ok', addon_9=5, recipe='ISPsystem__LAMP', ostempl='ISPsystem__Debian-12-amd64', autoprolong=1)['doc']
    assert 'ok' in doc and 'id' not in doc and 'billorder.id' not in doc  # panel 5: E12
    new_id = newest_id(sim, 'vds')
    account = sim.account('alice')
    assert account['balance'] == 100000 - 1100
    assert account['expenses'][-1]['amount'] == '1100.00' and account['expenses'][-1]['service'] == str(new_id)
    processing = elems(sim.call('vds', user='alice', filter='on', id=new_id))[0]
    assert processing['item_status']['$orig'] == '5_open' and processing['status']['$'] == '5'
    assert 'ip' not in processing
    sim.advance_clock(61)
    active = elems(sim.call('vds', user='alice', filter='on', id=new_id))[0]
    assert active['status']['$'] == '2' and active['ip']['$'] == '127.0.%d.%d' % (new_id >> 8, new_id & 255)
    assert (active['ostempl']['$'], active['recipe']['$'], active['autoprolong']['$']) == ('ISPsystem__Debian-12-amd64', 'ISPsystem__LAMP', 'Month')
    assert sim.call('vds.edit', user='alice', elid=new_id)['doc']['autoprolong'] == {'$': '1'}  # the form keeps months (E5)


def test_order_without_skipbasket_goes_to_the_cart(sim):
    """E6: billorder.id; the ordered service waits in status 1 until paid (E1/E2 status 1 ordered, E5 item.id)."""
    before = service_count(sim)
    doc = order(sim, sok='ok')['doc']
    assert 'ok' in doc and 'id' not in doc
    billorder = doc['billorder.id']['$']
    assert service_count(sim) == before + 1 and sim.account('alice')['balance'] == 100000
    cart = sim.call('basket', user='alice')['doc']
    assert cart['billorder']['$'] == billorder and cart['total_sum']['$'] == '500.00'
    ordered = ids(sim.call('vds', user='alice', filter='on', status=1))
    assert sim.pay_cart('alice') == ordered
    assert matching_ids(sim, 'vds', domain='new.alice.test') == ordered
    assert sim.account('alice')['balance'] == 99500


def test_insufficient_balance_creates_nothing(sim):
    sim.set_balance('alice', 100)
    before = service_count(sim)
    answer = order(sim, skipbasket='on', sok='ok')
    assert error_of(answer) == ('balance', 'account')
    assert 'Insufficient funds' in answer['doc']['error']['msg']['$']
    assert service_count(sim) == before
    assert sim.account('alice') == {'balance': 100.0, 'expenses': []}


@pytest.mark.parametrize('params, expected', [
    ({'pricelist': 999}, ('value', 'pricelist')),
    ({'pricelist': 2}, ('value', 'pricelist')),  # a hosting tariff on the VPS function
    ({'pricelist': ''}, ('missed', 'pricelist')),
    ({'order_period': 5}, ('value', 'order_period')),
    ({'order_period': ''}, ('missed', 'order_period')),
    ({'datacenter': 2}, ('value', 'datacenter')),
    ({'datacenter': 'x'}, ('value', 'datacenter')),
    ({'pricelist': 7, 'order_period': 12}, ('missed', 'datacenter')),  # two datacenters: no default
    ({'pricelist': 7, 'order_period': 3, 'datacenter': 1}, ('value', 'order_period')),
    ({'ostempl': 'ISPsystem__Windows-2022'}, ('value', 'ostempl')),
    ({'recipe': 'ISPsystem__Nginx'}, ('value', 'recipe')),
    ({'domain': 'bad domain!'}, ('value', 'domain')),
    ({'autoprolong': 5}, ('value', 'autoprolong')),
    ({'addon_11': 100}, ('value', 'addon_11')),
    ({'addon_11': 300}, ('value', 'addon_11')),  # not a step of 256
    ({'addon_15': 'maybe'}, ('value', 'addon_15')),
])
def test_bad_order_input_names_the_field_and_writes_nothing(sim, params, expected):
    before = service_count(sim)
    assert error_of(order(sim, skipbasket='on', sok='ok', **params)) == expected
    assert error_of(order(sim, sok='ok', **params)) == expected
    assert service_count(sim) == before
    assert sim.account('alice') == {'balance': 100000.0, 'expenses': []}
    assert 'billorder' not in sim.call('basket', user='alice')['doc']


def test_an_addon_the_tariff_does_not_have_is_ignored_and_logged(sim):
    new_id = order_now(sim, 'v2.vds.order.param', addon_4602=3, addon_x=1, **VPS)
    form = sim.call('vds.edit', user='alice', elid=new_id)['doc']
    assert 'addon_4602' not in form
    with open(sim.events_log_path, encoding='utf-8') as log:
        assert 'ignored addon_4602' in log.read()


def test_v1_functions_use_period_and_v2_accepts_it_too(sim):
    new_vds = order_now(sim, 'vds.order.param', pricelist=6, period=3)
    assert sim.call('vds.edit', user='alice', elid=new_vds)['doc']['period'] == {'$': '3'}
    assert error_of(sim.call('vds.order.param', user='alice', pricelist=6, skipbasket='on', sok='ok')) == ('missed', 'period')
    new_id = order_now(sim, 'v2.vhost.order.param', pricelist=2, period=1)
    assert sim.call('vhost.edit', user='alice', elid=new_id)['doc']['period'] == {'$': '1'}


def test_a_domain_is_made_up_when_not_given(sim):
    new_id = order_now(sim, 'v2.vds.order.param', pricelist=1, order_period=1)
    domain = sim.call('vds.edit', user='alice', elid=new_id)['doc']['domain']['$']
    assert domain.startswith('vds-') and domain.endswith('.example.com')


def test_each_orderable_type(sim):
    for func, params in (('v2.vhost.order.param', {'pricelist': 2}), ('v2.dedic.order.param', {'pricelist': 32, 'datacenter': 2, 'addon_33': 3}),
                         ('v2.platform.order.param', {'pricelist': 40})):
        new_id = order_now(sim, func, user='bob', order_period=1, **params)
        itemtype = func.split('.')[1]
        assert ids(sim.call(itemtype, user='bob'))[-1] == new_id, func
    # RAID 10 (enum item 3) costs 1000 a month on top of the tariff's 5000
    assert sim.account('bob')['expenses'][1]['amount'] == '6000.00'


def test_admin_orders_only_as_the_client(sim):
    """E21: an order is placed with the client's rights and paid by the client; account= no longer picks the buyer."""
    for params in ({}, {'account': 'bob'}):
        answer = order(sim, user='admin', skipbasket='on', sok='ok', **params)
        assert error_of(answer) == ('access', 'v2.vds.order.param')
        assert "client's account" in answer['doc']['error']['msg']['$']
    assert error_of(order(sim, user='admin')) is None  # the form is shown
    new_id = order_now(sim, 'v2.vds.order.param', user='admin', su='bob', **VPS)
    assert new_id in ids(sim.call('vds', user='bob'))
    assert ids(sim.call('vds', user='bob')) == [5, new_id]
    assert 'ok' in order(sim, user='bob', account='alice', skipbasket='on', sok='ok')['doc']  # ignored: bob's own
    assert len(ids(sim.call('vds', user='bob'))) == 3 and sim.account('alice')['balance'] == 100000


def test_dragon_orders_need_the_licence_agreement(sim):
    headers = {'ISP-Client': 'Web-interface'}
    params = {'func': 'v2.vds.order.param', 'authinfo': 'alice:Ali-6b1d', 'out': 'json', 'pricelist': '6', 'order_period': '1',
              'sok': 'ok', 'theme': 'dragon'}
    import json  # pylint: disable=import-outside-toplevel
    answer = json.loads(sim.raw_request(params, headers=headers)[1])
    assert error_of(answer) == ('missed', 'licence_agreement')
    answer = json.loads(sim.raw_request(dict(params, licence_agreement='on'), headers=headers)[1])
    assert answer['doc']['$theme'] == 'dragon' and 'lineitem.id' in answer['doc']  # the Dragon cart is the new cart
