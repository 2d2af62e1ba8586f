"""One-time setup fees (issue 34): Dedicated Pro (33) and VPS Pro (7) charge one with the first payment, never on renewal.

E3's captured SpaceCore order summary lists the base cost and «Установка (разово)» (setup, one time); E3's v2 tariff
wizard carries ``prices.price[].setup``. Where the fee shows in ``pricelist.export`` and the English labels are [INF].
"""

import pytest

from billmgr_sim.testing import as_list
from sim_helpers import error_of

DEDIC = {'pricelist': 33, 'order_period': 1, 'datacenter': 1}
# Dedicated Pro: 9000 a month, RAID 1 by default (500 a month), a setup fee of 4500: the first payment is 14000.
FIRST, MONTH = 14000, 9500


def summary(doc, name):
    lists = [item for item in as_list(doc.get('list')) if item['$name'] == name]
    return [(elem['label']['$'], elem['cost']['price']['cost']['$']) for item in lists for elem in as_list(item['elem'])]


def test_the_export_and_the_wizard_show_the_fee(sim):
    exported = {int(item['id']['$']): item for item in as_list(sim.call('pricelist.export', user=None)['doc']['pricelist'])}
    pro = as_list(exported[33]['price']['period'])
    assert [(p['$length'], p['$cost'], p['$setup']) for p in pro] == [
        ('1', '9000.0000', '4500.0000'), ('3', '27000.0000', '4500.0000'), ('12', '108000.0000', '4500.0000')]
    assert all('$setup' not in p for p in as_list(exported[32]['price']['period'])), 'only a tariff with a fee says so'
    wizard = as_list(sim.call('v2.dedic.order.pricelist', user='alice')['doc']['list']['elem'])
    setups = {elem['id']['$']: [price['setup']['$'] for price in as_list(elem['prices']['price'])] for elem in wizard}
    assert setups['33'] == ['4500.00'] * 3 and set(setups['32']) == {'0.00'}
    vps = {elem['id']['$']: elem for elem in as_list(sim.call('v2.vds.order.pricelist', user='alice')['doc']['list']['elem'])}
    assert as_list(vps['7']['prices']['price'])[0]['setup'] == {'$': '600.00'}


def test_the_order_form_lists_the_fee_once_and_totals_the_first_payment(sim):
    doc = sim.call('v2.dedic.order.param', user='alice', **DEDIC)['doc']
    assert summary(doc, 'pricelist_summary') == [('Base cost', '9000.00'), ('Setup (one-time)', '4500.00'), ('RAID', '500.00')]
    assert summary(doc, 'total_summary') == [('Total', '14000.00')] and doc['orderinfo'] == {'$': 'Total amount: 14000.00 RUB'}
    year = sim.call('v2.dedic.order.param', user='alice', **dict(DEDIC, order_period=12))['doc']
    assert summary(year, 'pricelist_summary')[1] == ('Setup (one-time)', '4500.00'), 'once, whatever the period'
    assert summary(year, 'total_summary') == [('Total', '118500.00')]
    russian = sim.call('v2.dedic.order.param', user='alice', lang='ru', **DEDIC)['doc']
    assert summary(russian, 'pricelist_summary')[:2] == [('Базовая стоимость', '9000.00'), ('Установка (разово)', '4500.00')]  # E3
    plain = sim.call('v2.dedic.order.param', user='alice', pricelist=32, order_period=1, datacenter=1)['doc']
    assert [label for label, cost in summary(plain, 'pricelist_summary')] == ['Base cost'], 'no fee, no line'


def test_a_summary_without_total_shows_only_the_parts(billmgr_sim_factory):
    sim = billmgr_sim_factory(summary_without_total=True)
    doc = sim.call('v2.dedic.order.param', user='alice', **DEDIC)['doc']
    assert summary(doc, 'total_summary') == [] and 'orderinfo' not in doc
    assert sum(float(cost) for label, cost in summary(doc, 'pricelist_summary')) == FIRST


@pytest.mark.parametrize('billmgr_sim', [5, 6], indirect=True, ids=['bm5', 'bm6'])
def test_the_fee_is_paid_once_with_the_order_never_on_renewal(billmgr_sim):
    sim = billmgr_sim
    before = sim.account('alice')['balance']
    paid_now = sim.order_now('dedic', 'alice', **DEDIC)
    assert sim.account('alice')['balance'] == before - FIRST
    # Into the cart: the line is the first payment, paid once.
    sim.order_into_cart('dedic', 'alice', **DEDIC)
    sim.pay_cart('alice')
    assert sim.account('alice')['balance'] == before - 2 * FIRST
    # A renewal pays the month alone (its rate is the tariff and add-ons: lifecycle renews at expiry by the same rate).
    doc = sim.call('service.prolong', user='alice', elid=paid_now, period=1, skipbasket='on', sok='ok')['doc']
    assert 'error' not in doc, doc
    assert sim.account('alice')['balance'] == before - 2 * FIRST - MONTH
    expense = sim.account('alice')['expenses'][-1]
    assert float(expense['amount']) == MONTH, expense


def test_a_balance_short_of_the_fee_refuses_the_order(sim):
    sim.set_balance('alice', FIRST - 1)  # enough for the month and its add-on, not for the setup fee too
    answer = sim.call('v2.dedic.order.param', user='alice', skipbasket='on', sok='ok', **DEDIC)
    assert error_of(answer) == ('balance', 'account')
    assert sim.account('alice')['balance'] == FIRST - 1
