"""The old cart (basket: real-panels §4.1-4.3, E5, E14, E15) and service.statdaily."""

import http.client
import urllib.error

import pytest

from sim_helpers import error_of, ids


def basket_lines(sim, user):
    from billmgr_sim.testing import as_list  # pylint: disable=import-outside-toplevel
    return as_list(sim.call('basket', user=user)['doc']['list'].get('elem'))


def test_cart_collects_orders_and_is_paid_all_or_nothing(sim):
    """E6 billorder.id; E5 getBasket shape; E14/E15 clicked_button=free pays from the balance."""
    first = sim.call('v2.vds.order.param', user='bob', pricelist=6, order_period=1, domain='a.bob.test', sok='ok')['doc']['billorder.id']['$']
    second = sim.call('v2.vhost.order.param', user='bob', pricelist=2, order_period=12, sok='ok')['doc']['billorder.id']['$']
    assert first == second
    cart = sim.call('basket', user='bob')['doc']
    assert [line['item.type']['$'] for line in basket_lines(sim, 'bob')] == ['vds', 'vhost'] and cart['total_sum']['$'] == '2300.00'
    assert cart['billorder']['$'] == first and cart['list']['$name'] == 'itemlist'
    assert 'elem' not in sim.call('basket', user='alice')['doc']['list']
    sim.set_balance('bob', 1000)
    assert error_of(sim.call('basket', user='bob', clicked_button='free', sok='ok')) == ('balance', 'account')
    assert ids(sim.call('vds', user='bob', filter='on', status=2)) == [5]
    sim.set_balance('bob', 5000)
    assert 'ok' in sim.call('basket', user='bob', clicked_button='free', sok='ok')['doc']
    assert sim.account('bob')['balance'] == 2700
    assert error_of(sim.call('basket', user='bob', clicked_button='free', sok='ok')) == ('value', 'basket')


def test_cart_item_can_be_removed(sim):
    """E5: basket&id=<line>&clicked_button=delete&sok=ok; the ordered service goes with its line."""
    sim.call('v2.vds.order.param', user='bob', pricelist=6, order_period=1, sok='ok')
    line = basket_lines(sim, 'bob')[0]
    assert error_of(sim.call('basket', user='alice', id=line['id']['$'], clicked_button='delete', sok='ok')) == ('access', 'id')
    assert 'ok' in sim.call('basket', user='bob', id=line['id']['$'], clicked_button='delete', sok='ok')['doc']
    assert sim.call('basket', user='bob')['doc']['total_sum']['$'] == '0.00'
    assert ids(sim.call('vds', user='bob')) == [5]


def test_statdaily(sim):
    assert 'ok' in sim.call('service.statdaily', item=958, statdate='2026-01-15')['doc']
    first = sim.account('alice')['expenses']
    assert len(first) == 1 and first[0]['date'] == '2026-01-15' and first[0]['amount'] == '20.96'  # 650 / 31
    answer = sim.call('service.statdaily', item=958, statdate='2026-01-15')
    assert error_of(answer) == ('exists', 'statdate')
    assert 'ok' in sim.call('service.statdaily', item=958, statdate='2026-01-15', force='on')['doc']
    again = sim.account('alice')
    assert len(again['expenses']) == 1 and again['balance'] == 100000 - 20.96
    assert error_of(sim.call('service.statdaily', user='alice', item=958, statdate='2026-01-15')) == ('access', 'service.statdaily')
    assert error_of(sim.call('service.statdaily', item=958, statdate='15.01.2026')) == ('value', 'statdate')
    assert error_of(sim.call('service.statdaily', item='x', statdate='2026-01-15')) == ('value', 'item')
    assert error_of(sim.call('service.statdaily', item=958)) == ('missed', 'statdate')
    assert error_of(sim.call('service.statdaily', item=4242, statdate='2026-01-15')) == ('missed', 'item')


def test_a_fault_aimed_at_the_payment_leaves_the_cart_reads_alone(sim):
    """A fault on ``basket&clicked_button=free`` loses only the payment's answer: reading the cart is not hit."""
    sim.call('v2.vds.order.param', user='bob', pricelist=6, order_period=1, domain='a.bob.test', sok='ok')
    sim.set_fault('basket&clicked_button=free', 'drop-after-commit')
    assert len(basket_lines(sim, 'bob')) == 1
    with pytest.raises((urllib.error.URLError, ConnectionError, http.client.HTTPException)):
        sim.call('basket', user='bob', clicked_button='free', sok='ok')
    assert sim.account('bob')['balance'] == 99500 and 'elem' not in sim.call('basket', user='bob')['doc']['list']
    assert sim.counters()['faults_hit'] == {'basket:drop-after-commit': 1}
