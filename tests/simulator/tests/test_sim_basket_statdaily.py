"""The cart (basket, basket.pay, basket.delete) and service.statdaily."""

from sim_helpers import elems, error_of, ids


def test_cart_collects_orders_and_is_paid_all_or_nothing(sim):
    first = sim.call('v2.vds.order.param', user='bob', pricelist=6, order_period=1, domain='a.bob.test', sok='ok')['doc']['billorder.id']['$']
    second = sim.call('v2.vhost.order.param', user='bob', pricelist=2, order_period=12, sok='ok')['doc']['billorder.id']['$']
    assert first == second
    cart = sim.call('basket', user='bob')['doc']
    assert [item['itemtype']['$'] for item in cart['elem']] == ['vds', 'vhost'] and cart['total_sum']['$'] == '2300.00'
    assert 'elem' not in sim.call('basket', user='alice')['doc']
    sim.set_balance('bob', 1000)
    assert error_of(sim.call('basket.pay', user='bob')) == ('balance', 'account')
    assert ids(sim.call('vds', user='bob')) == [5]
    sim.set_balance('bob', 5000)
    paid = sim.call('basket.pay', user='bob')['doc']
    assert len(paid['id']) == 2 and sim.account('bob')['balance'] == 2700
    assert error_of(sim.call('basket.pay', user='bob')) == ('value', 'basket')


def test_cart_item_can_be_removed(sim):
    sim.call('v2.vds.order.param', user='bob', pricelist=6, order_period=1, sok='ok')
    item = elems(sim.call('basket', user='bob'))[0]['id']['$']
    assert error_of(sim.call('basket.delete', user='alice', elid=item)) == ('access', 'elid')
    assert 'ok' in sim.call('basket.delete', user='bob', elid=item)['doc']
    assert sim.call('basket', user='bob')['doc']['total_sum']['$'] == '0.00'


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
