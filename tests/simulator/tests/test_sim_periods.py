"""Period codes beyond months (real-panels §3.9): -100 trial, -50 daily, 0 one-time."""

import datetime

from billmgr_sim.testing import as_list
from sim_helpers import elems, error_of, order_now

DAY = 86400


def today(sim):
    return datetime.date.fromisoformat(sim.call('sim.clock')['doc']['today']['$'])


def new_service(sim, func, itemtype, **params):
    new_id = order_now(sim, func, **params)
    return elems(sim.call(itemtype, user='alice', filter='on', id=new_id))[0]


def test_daily_tariff_lasts_a_day_and_renews_daily(sim):
    before = sim.account('alice')['balance']
    vps = new_service(sim, 'v2.vds.order.param', 'vds', pricelist=9, order_period=-50, autoprolong=-50)
    assert vps['period'] == {'$': '-50'} and vps['cost'] == {'$': '20.00 RUB / Day'}
    assert vps['expiredate']['$'] == (today(sim) + datetime.timedelta(days=1)).isoformat()
    assert sim.account('alice')['balance'] == before - 20
    sim.advance_clock(3 * DAY)
    renewed = elems(sim.call('vds', user='alice', filter='on', id=int(vps['id']['$'])))[0]
    assert renewed['status'] == {'$': '2'} and renewed['expiredate']['$'] >= today(sim).isoformat()
    assert sim.account('alice')['balance'] < before - 20
    assert error_of(sim.call('v2.vds.order.param', user='alice', pricelist=9, order_period=1)) == ('value', 'order_period')
    form = sim.call('service.prolong', user='alice', elid=int(vps['id']['$']))['doc']
    assert form['period'] == {'$': '-50'} and 'cost' not in form
    [choices] = [item for item in as_list(sim.call('vds.edit', user='alice', elid=int(vps['id']['$']))['doc']['slist'])
                 if item['$name'] == 'autoprolong']
    assert [(val['$key'], val['$']) for val in as_list(choices['val'])] == [('null', 'Disabled'), ('-50', '20.00 RUB per day')]


def test_trial_lasts_two_weeks_once_per_account(sim):
    before = sim.account('alice')['balance']
    vps = new_service(sim, 'v2.vds.order.param', 'vds', pricelist=8, order_period=-100, domain='trial.alice.test')
    assert vps['period'] == {'$': '-100'} and vps['cost'] == {'$': '0.00 RUB / Trial'}
    assert vps['expiredate']['$'] == (today(sim) + datetime.timedelta(days=14)).isoformat()
    assert sim.account('alice')['balance'] == before
    again = sim.call('v2.vds.order.param', user='alice', pricelist=8, order_period=-100, skipbasket='on', sok='ok')
    assert error_of(again) == ('value', 'order_period')
    assert 'error' not in sim.call('v2.vds.order.param', user='bob', pricelist=8, order_period=-100, skipbasket='on', sok='ok')['doc']
    assert error_of(sim.call('v2.vds.order.param', user='alice', pricelist=8, order_period=1, autoprolong=-100)) == (
        'value', 'autoprolong')
    prolong = sim.call('service.prolong', user='alice', elid=int(vps['id']['$']))['doc']
    assert [val['$key'] for val in prolong['slist']['val']] == ['1', '12']  # not another trial
    assert error_of(sim.call('service.prolong', user='alice', elid=int(vps['id']['$']), period=-100, sok='ok')) == ('value', 'period')


def test_trial_license(sim):
    lic = new_service(sim, 'soft.order.param', 'soft', pricelist=3542, period=-100, ip='203.0.113.77', clicked_button='finish')
    assert lic['period'] == {'$': '-100'} and lic['expiredate']['$'] == (today(sim) + datetime.timedelta(days=14)).isoformat()


def test_trial_without_renewal_is_suspended_and_with_renewal_goes_on_monthly(sim):
    plain = new_service(sim, 'v2.vds.order.param', 'vds', pricelist=8, order_period=-100)
    bob = order_now(sim, 'v2.vds.order.param', user='bob', pricelist=8, order_period=-100, autoprolong=1)
    sim.advance_clock(15 * DAY)
    assert elems(sim.call('vds', user='alice', filter='on', id=int(plain['id']['$'])))[0]['item_status']['$orig'] == '3_autosuspend'
    renewed = elems(sim.call('vds', user='bob', filter='on', id=bob))[0]
    assert renewed['status'] == {'$': '2'} and renewed['period'] == {'$': '1'} and renewed['cost'] == {'$': '300.00 RUB / Month'}


def test_one_time_service_never_expires(sim):
    before = sim.account('alice')['balance']
    setup = new_service(sim, 'v2.platform.order.param', 'platform', pricelist=41, order_period=0)
    assert setup['period'] == {'$': '0'} and setup['expiredate'] == {} and setup['cost'] == {'$': '5000.00 RUB / One-time'}
    assert sim.account('alice')['balance'] == before - 5000
    sim.advance_clock(400 * DAY)
    assert elems(sim.call('platform', user='alice', filter='on', id=int(setup['id']['$'])))[0]['status'] == {'$': '2'}
    assert error_of(sim.call('service.prolong', user='alice', elid=int(setup['id']['$']))) == ('value', 'elid')
    assert error_of(sim.call('v2.platform.order.param', user='alice', pricelist=41, order_period=0, autoprolong=0, sok='ok')) in (
        None, ('value', 'autoprolong'))


def test_month_codes_are_refused_where_the_tariff_has_none(sim):
    for code in (-100, -50, 0):
        assert error_of(sim.call('v2.vds.order.param', user='alice', pricelist=6, order_period=code)) == ('value', 'order_period')
