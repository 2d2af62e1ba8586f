"""The tariff-change wizard, service.changepricelist(.pricelist, .getmoney) (real-panels-2 §3.2: E22, E25; the price rule,
the new expiry and the refusals [INF]) and TYPE.suspend / TYPE.resume (E5;
who suspended in item_status, api-facts codes; who may resume [INF])."""

import datetime

import pytest

from billmgr_sim.pytest_plugin import BOTH_PANELS
from billmgr_sim.testing import as_list, db_rows
from sim_helpers import elems, error_of

ALICE_VPS = 958  # VPS Start (6) in Frankfurt, add-ons RAM 1024 and 2 CPUs, expires in a month
BOB_VPS = 5


def tariff_of(sim, elid):
    [row] = db_rows(sim, 'SELECT tariff_id, monthly, period FROM service WHERE id = ?', elid)
    return row


def offered(doc, name='pricelist'):
    [choices] = [node for node in as_list(doc['slist']) if node['$name'] == name]
    return [(val['$key'], val['$']) for val in as_list(choices['val'])]


def days_left(sim, elid):
    [row] = db_rows(sim, 'SELECT expiredate FROM service WHERE id = ?', elid)
    today = datetime.date.fromisoformat(sim.advance_clock(0))
    return (datetime.date.fromisoformat(row['expiredate']) - today).days


def terms(sim, elid=ALICE_VPS, pricelist=7, user='alice'):
    """Step 2 as E22's client area sends it: the terms, as texts."""
    doc = sim.call('service.changepricelist.pricelist', user=user, elid=elid, pricelist=pricelist, snext='ok', sok='ok')['doc']
    assert 'error' not in doc, doc
    return {key: node['$'] for key, node in doc.items() if isinstance(node, dict) and '$' in node}


def charged(text):
    """The amount in E22's words, "You will be charged with 233.33 RUB", in kopecks."""
    assert text.startswith('You will be charged with ') and text.endswith(' RUB'), text
    whole, cents = text.split()[-2].split('.')
    return int(whole) * 100 + int(cents)


def pay(sim, elid=ALICE_VPS, pricelist=7, **extra):
    return sim.call('service.changepricelist.getmoney', user='alice', elid=elid, pricelist=pricelist, sok='ok', **extra)['doc']


def test_the_form_lists_the_tariffs_of_the_same_type_in_the_services_datacenter_and_no_price(sim):
    doc = sim.call('service.changepricelist', user='alice', elid=ALICE_VPS)['doc']
    # vds tariffs sold in Frankfurt, not the current one (6), not the archived one (4); trial and daily still renew.
    assert offered(doc) == [('1', 'VPS Mini'), ('7', 'VPS Pro'), ('8', 'VPS Trial'), ('9', 'VPS Daily')]
    chosen = sim.call('service.changepricelist', user='alice', elid=ALICE_VPS, pricelist=7)['doc']
    assert 'cost' not in doc and 'cost' not in chosen and 'money_info' not in chosen  # E22: the form has no price


def test_the_terms_give_the_amount_to_pay_the_prices_and_the_expiry_and_change_nothing(sim):
    before = tariff_of(sim, ALICE_VPS)
    balance = sim.account('alice')['balance']
    shown = terms(sim)
    # VPS Pro: 1200.00 a month, RAM and CPU within its included amounts (4096 MB, 2 cores): 1200.00 a month.
    expected = (120000 - before['monthly']) * days_left(sim, ALICE_VPS) // 30
    assert charged(shown['money_info']) == expected
    assert shown['newprice'] == '1200.00 RUB / Month' and shown['newpricelist'] == 'VPS Pro'
    assert shown['oldpricelist'] == 'VPS Start' and shown['oldprice'].endswith(' RUB / Month')
    assert shown['oldexpiredate'] == shown['newexpiredate'], 'an upgrade is paid for: the expiry stays'
    assert 'cost' not in shown
    # The old one-step call (E8) only moves the wizard on: the same terms, nothing charged or moved.
    again = sim.call('service.changepricelist', user='alice', elid=ALICE_VPS, pricelist=7, period=1, sok='ok')['doc']
    assert 'ok' not in again and again['money_info']['$'] == shown['money_info']
    assert tariff_of(sim, ALICE_VPS) == before and sim.account('alice')['balance'] == balance


def test_the_payment_step_charges_the_terms_once_moves_the_service_and_records_the_expense(sim):
    price = charged(terms(sim)['money_info'])
    balance = sim.account('alice')['balance']
    assert 'ok' in pay(sim, clicked_button='finish', snext='ok')
    assert tariff_of(sim, ALICE_VPS)['tariff_id'] == 7
    account = sim.account('alice')
    assert round(account['balance'] * 100) == round(balance * 100) - price
    assert account['expenses'][-1]['amount'] == '%d.%02d' % divmod(price, 100) and 'VPS Pro' in account['expenses'][-1]['description']
    [elem] = elems(sim.call('vds', user='alice', filter='on', id=ALICE_VPS))
    assert elem['pricelist']['$'] == 'VPS Pro'
    # The same tariff again is refused: a second send would not charge twice.
    assert error_of(sim.call('service.changepricelist.getmoney', user='alice', elid=ALICE_VPS, pricelist=7, sok='ok')) == ('value', 'pricelist')
    assert len(sim.account('alice')['expenses']) == len(account['expenses'])


@BOTH_PANELS
def test_a_downgrade_costs_nothing_and_moves_the_expiry_as_the_terms_said(billmgr_sim):
    sim = billmgr_sim
    balance = sim.account('alice')['balance']
    shown = terms(sim, pricelist=1)
    assert shown['money_info'] == 'You will be charged with 0.00 RUB'
    assert shown['newexpiredate'] > shown['oldexpiredate'], 'the paid time left buys more time on the cheaper tariff'
    assert 'ok' in pay(sim, pricelist=1)
    [elem] = elems(sim.call('vds', user='alice', filter='on', id=ALICE_VPS))
    assert elem['pricelist']['$'] == 'VPS Mini' and elem['expiredate']['$'] == shown['newexpiredate']
    assert tariff_of(sim, ALICE_VPS)['tariff_id'] == 1 and sim.account('alice')['balance'] == balance


def test_the_wizard_takes_no_period(sim):
    # E22 sends none; one sent is ignored: the service keeps its own period where the new tariff sells it.
    assert terms(sim)['newprice'] == '1200.00 RUB / Month'
    assert 'ok' in pay(sim, period=12)
    assert tariff_of(sim, ALICE_VPS)['period'] == 1


def test_refusals(sim):
    def refused(func='service.changepricelist.getmoney', **params):
        return error_of(sim.call(func, user='alice', elid=params.pop('elid', ALICE_VPS), sok='ok', **params))
    for func in ('service.changepricelist.pricelist', 'service.changepricelist.getmoney'):
        assert refused(func, pricelist=32) == ('value', 'pricelist')  # a dedicated server tariff
        assert refused(func, pricelist=4) == ('value', 'pricelist')  # archived
        assert refused(func, pricelist=6) == ('value', 'pricelist')  # its own
        assert refused(func, pricelist=999) == ('value', 'pricelist')
        assert refused(func) == ('missed', 'pricelist')
        assert refused(func, elid=BOB_VPS, pricelist=7) == ('access', 'elid')
    assert refused('service.changepricelist') == ('missed', 'pricelist')
    other_type = sim.call('service.changepricelist', user='alice', elid=ALICE_VPS, pricelist=32)['doc']['error']['msg']['$']
    assert other_type == 'The tariff is for another product type (dedic)'
    sim.set_balance('alice', 1)
    assert refused(pricelist=7) == ('balance', 'account')
    assert tariff_of(sim, ALICE_VPS)['tariff_id'] == 6 and sim.account('alice')['balance'] == 1.0


def test_the_credit_limit_covers_a_change(sim):
    sim.set_balance('alice', 1)
    sim.set_credit_limit('alice', 100000)
    assert 'ok' in pay(sim)
    assert sim.account('alice')['balance'] < 0


def test_a_suspended_service_keeps_its_tariff(sim):
    sim.call('vds.suspend', user='alice', elid=ALICE_VPS)
    assert error_of(sim.call('service.changepricelist.getmoney', user='alice', elid=ALICE_VPS, pricelist=7, sok='ok')) == ('value', 'elid')


def test_a_dropped_answer_of_the_payment_step_has_still_charged(sim):
    balance = sim.account('alice')['balance']
    sim.set_fault('service.changepricelist.getmoney', 'drop-after-commit')
    with pytest.raises(Exception):
        pay(sim)
    assert tariff_of(sim, ALICE_VPS)['tariff_id'] == 7 and sim.account('alice')['balance'] < balance


# -- suspend / resume --------------------------------------------------------------------------

def status(sim, itemtype, elid, user='alice'):
    [elem] = elems(sim.call(itemtype, user=user, filter='on', id=elid))
    return elem['status']['$'], elem['item_status']['$orig'], elem['item_status']['$']


def test_the_owner_suspends_and_resumes(sim):
    assert 'ok' in sim.call('vds.suspend', user='alice', elid=ALICE_VPS)['doc']
    assert status(sim, 'vds', ALICE_VPS) == ('3', '3_usersuspend', 'Suspended by the client')
    assert 'ok' in sim.call('vds.suspend', user='alice', elid=ALICE_VPS)['doc']  # again: as it was
    assert 'ok' in sim.call('vds.resume', user='alice', elid=ALICE_VPS)['doc']
    assert status(sim, 'vds', ALICE_VPS)[:2] == ('2', '2')
    assert 'ok' in sim.call('dedic.suspend', user='alice', elid='892, 1065')['doc']
    assert status(sim, 'dedic', 892)[0] == status(sim, 'dedic', 1065)[0] == '3'


def test_the_owner_cannot_resume_what_the_panel_suspended(sim):
    for reason, code in (('employee', '3_employeesuspend'), ('abuse', '3_abusesuspend')):
        assert sim.suspend_as_panel(ALICE_VPS, reason) == code
        answer = sim.call('vds.resume', user='alice', elid=ALICE_VPS)
        assert error_of(answer) == ('access', 'elid')
        assert code in answer['doc']['error']['msg']['$']
        assert status(sim, 'vds', ALICE_VPS)[:2] == ('3', code)
    assert 'ok' in sim.call('vds.resume', user='admin', elid=ALICE_VPS)['doc']  # staff may
    sim.suspend_as_panel(ALICE_VPS, 'auto')
    assert error_of(sim.call('vds.resume', user='admin', elid=ALICE_VPS)) == ('value', 'elid')  # renew it first


def test_an_administrators_suspension_is_staffs(sim):
    sim.call('vds.suspend', user='admin', elid=ALICE_VPS)
    assert status(sim, 'vds', ALICE_VPS)[1] == '3_employeesuspend'
    assert error_of(sim.call('vds.resume', user='alice', elid=ALICE_VPS)) == ('access', 'elid')


def test_suspend_refusals(sim):
    assert error_of(sim.call('vds.suspend', user='alice', elid=BOB_VPS)) == ('access', 'elid')
    assert error_of(sim.call('vds.suspend', user='alice', elid=892)) == ('missed', 'elid')  # a dedicated server, not a vds
    assert error_of(sim.call('vds.resume', user='alice', elid=ALICE_VPS)) is None  # active: nothing to do
    sim.call('vds.delete', user='alice', elid=938, sok='ok')
    assert error_of(sim.call('vds.suspend', user='alice', elid=938)) == ('value', 'elid')
    # One refused service in a group leaves the others as they were.
    assert error_of(sim.call('vds.suspend', user='alice', elid='%d, 938' % ALICE_VPS)) == ('value', 'elid')
    assert status(sim, 'vds', ALICE_VPS)[0] == '2'


@pytest.mark.parametrize('billmgr_sim', [6], indirect=True)
def test_panel_6_shows_who_suspended_a_vm(billmgr_sim):
    billmgr_sim.call('vds.suspend', user='alice', elid=ALICE_VPS)
    assert status(billmgr_sim, 'vds', ALICE_VPS)[:2] == ('3', '3_usersuspend')
    billmgr_sim.suspend_as_panel(ALICE_VPS, 'auto')
    assert status(billmgr_sim, 'vds', ALICE_VPS)[:2] == ('3', '3_autosuspend')  # E22: 2_2_16 is for instances only


def test_the_dropped_answer_of_a_suspension_has_suspended(sim):
    sim.set_fault('vds.suspend', 'drop-after-commit')
    with pytest.raises(Exception):
        sim.call('vds.suspend', user='alice', elid=ALICE_VPS)
    assert status(sim, 'vds', ALICE_VPS)[:2] == ('3', '3_usersuspend')
