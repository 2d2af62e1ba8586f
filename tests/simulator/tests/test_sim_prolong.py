"""service.prolong and what the clock does at expiry."""

import datetime

from billmgr_sim.pytest_plugin import BOTH_PANELS
from billmgr_sim.testing import as_list
from sim_helpers import elems, error_of, order_now


def expiredate(sim, elid, user='alice'):
    return sim.call('service.prolong', user=user, elid=elid)['doc']['expiredate']['$']


def months_later(text, months):
    day = datetime.date.fromisoformat(text)
    index = day.month - 1 + months
    return datetime.date(day.year + index // 12, index % 12 + 1, min(day.day, 28)).isoformat()[:7]


def test_form_without_sok_shows_dates_and_periods_but_no_price(sim):
    # real-panels-2 §2.7, §11 (E5, E22): the renewal form has no cost element; its periods are words.
    doc = sim.call('service.prolong', user='alice', elid=958, period=12)['doc']
    assert doc['newexpiredate']['$'][:7] == months_later(doc['expiredate']['$'], 12)
    assert doc['period'] == {'$': '12'} and 'cost' not in doc
    assert [(val['$key'], val['$']) for val in doc['slist']['val']] == [
        ('1', 'per month'), ('3', 'for three months'), ('6', 'for half a year'), ('12', 'per year'), ('24', 'for two years'),
        ('36', 'for three years')]


def autoprolong_choices(sim, itemtype, elid):
    [choices] = [item for item in as_list(sim.call(itemtype + '.edit', user='alice', elid=elid)['doc']['slist'])
                 if item['$name'] == 'autoprolong']
    return dict((val['$key'], val['$']) for val in as_list(choices['val']))


@BOTH_PANELS
def test_the_edit_forms_auto_renewal_choices_carry_the_renewal_price(billmgr_sim):
    # real-panels-2 §2.7 (E22): "5.00 EUR per month", the key null "Disabled"; the price is the service's, add-ons included.
    sim = billmgr_sim
    assert autoprolong_choices(sim, 'vds', 958) == {
        'null': 'Disabled', '1': '650.00 RUB per month', '3': '1950.00 RUB for three months', '6': '3900.00 RUB for half a year',
        '12': '7800.00 RUB per year', '24': '15600.00 RUB for two years', '36': '23400.00 RUB for three years'}
    assert autoprolong_choices(sim, 'soft', 777) == {'null': 'Disabled', '1': '400.00 RUB per month', '12': '4800.00 RUB per year'}
    # What the choice says is what a renewal for that period charges.
    sim.call('service.prolong', user='alice', elid=958, period=3, skipbasket='on', sok='ok')
    assert sim.account('alice')['expenses'][-1]['amount'] == '1950.00'


def test_autoprolong_without_price_leaves_the_price_out_of_those_tariffs_choices(billmgr_sim_factory):
    sim = billmgr_sim_factory(autoprolong_without_price=[32])
    assert autoprolong_choices(sim, 'dedic', 1065)['1'] == 'per month'
    assert autoprolong_choices(sim, 'vds', 958)['1'] == '650.00 RUB per month'


def test_renew_with_skipbasket_extends_and_charges(sim):
    before = expiredate(sim, 958)
    doc = sim.call('service.prolong', user='alice', elid=958, period=3, skipbasket='on', sok='ok')['doc']
    assert 'ok' in doc
    assert expiredate(sim, 958)[:7] == months_later(before, 3)
    assert sim.account('alice')['expenses'][-1]['amount'] == '1950.00'


def test_renew_without_skipbasket_goes_to_the_cart(sim):
    before = expiredate(sim, 1065)
    assert 'billorder.id' in sim.call('service.prolong', user='alice', elid=1065, period=1, sok='ok')['doc']
    assert expiredate(sim, 1065) == before
    assert sim.pay_cart('alice') == [1065]
    assert expiredate(sim, 1065)[:7] == months_later(before, 1)


def test_bad_input(sim):
    assert error_of(sim.call('service.prolong', user='alice', elid=958, period=5, sok='ok')) == ('value', 'period')
    assert error_of(sim.call('service.prolong', user='alice', elid=958, sok='ok')) == ('missed', 'period')
    assert error_of(sim.call('service.prolong', user='alice', elid=5, period=1, sok='ok')) == ('access', 'elid')
    assert error_of(sim.call('service.prolong', user='alice', elid='x', period=1, sok='ok')) == ('value', 'elid')
    sim.set_balance('alice', 1)
    assert error_of(sim.call('service.prolong', user='alice', elid=958, period=1, skipbasket='on', sok='ok')) == ('balance', 'account')


def test_a_service_in_processing_cannot_be_renewed(billmgr_sim_factory):
    sim = billmgr_sim_factory(processing_delay=30)
    new_id = order_now(sim, 'v2.vds.order.param', pricelist=6, order_period=1)
    answer = sim.call('service.prolong', user='alice', elid=new_id, period=1, skipbasket='on', sok='ok')
    assert error_of(answer) == ('value', 'elid')
    assert answer['doc']['error']['msg']['$'].startswith('Cannot renew this service')
    sim.advance_clock(31)
    assert 'ok' in sim.call('service.prolong', user='alice', elid=new_id, period=1, skipbasket='on', sok='ok')['doc']


def test_expiry_renews_with_autoprolong_and_suspends_without(sim):
    sim.call('vds.edit', user='alice', elid=938, autoprolong='null', sok='ok')
    before = expiredate(sim, 958)
    sim.advance_clock(40 * 86400)
    suspended = elems(sim.call('vds', user='alice', filter='on', id=938))[0]
    assert suspended['item_status']['$orig'] == '3_autosuspend'
    renewed = elems(sim.call('vds', user='alice', filter='on', id=958))[0]
    assert renewed['status']['$'] == '2' and renewed['expiredate']['$'][:7] == months_later(before, 1)
    assert any(item['description'].startswith('Auto-renewal') for item in sim.account('alice')['expenses'])
    sim.call('service.prolong', user='alice', elid=938, period=3, skipbasket='on', sok='ok')
    assert elems(sim.call('vds', user='alice', filter='on', id=938))[0]['status']['$'] == '2'
