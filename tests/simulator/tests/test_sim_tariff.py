"""service.changepricelist (E8, E5; the form, the price rule and the refusals [INF]) and TYPE.suspend / TYPE.resume (E5;
who suspended in item_status, api-facts codes; who may resume [INF])."""

import datetime

import pytest

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


def test_the_form_lists_the_tariffs_of_the_same_type_in_the_services_datacenter(sim):
    doc = sim.call('service.changepricelist', user='alice', elid=ALICE_VPS)['doc']
    # vds tariffs sold in Frankfurt, not the current one (6), not the archived one (4); trial and daily still renew.
    assert offered(doc) == [('1', 'VPS Mini'), ('7', 'VPS Pro'), ('8', 'VPS Trial'), ('9', 'VPS Daily')]
    assert 'cost' not in doc


def test_the_form_with_a_tariff_gives_the_price_of_the_change(sim):
    doc = sim.call('service.changepricelist', user='alice', elid=ALICE_VPS, pricelist=7)['doc']
    before = tariff_of(sim, ALICE_VPS)
    # VPS Pro: 1200.00 a month, RAM and CPU within its included amounts (4096 MB, 2 cores): 1200.00 a month.
    expected = (120000 - before['monthly']) * days_left(sim, ALICE_VPS) // 30
    assert doc['cost']['$'] == '%d.%02d' % divmod(expected, 100)
    assert doc['pricelist']['$'] == '7' and doc['period']['$'] == '1'
    assert tariff_of(sim, ALICE_VPS) == before  # the form changes nothing


def test_a_change_charges_once_moves_the_service_and_records_the_expense(sim):
    price = sim.call('service.changepricelist', user='alice', elid=ALICE_VPS, pricelist=7)['doc']['cost']['$']
    balance = sim.account('alice')['balance']
    doc = sim.call('service.changepricelist', user='alice', elid=ALICE_VPS, pricelist=7, sok='ok')['doc']
    assert 'ok' in doc
    assert tariff_of(sim, ALICE_VPS)['tariff_id'] == 7
    account = sim.account('alice')
    assert account['balance'] == round(balance - float(price), 2)
    assert account['expenses'][-1]['amount'] == price and 'VPS Pro' in account['expenses'][-1]['description']
    [elem] = elems(sim.call('vds', user='alice', filter='on', id=ALICE_VPS))
    assert elem['pricelist']['$'] == 'VPS Pro'
    # The same tariff again is refused: a second send would not charge twice.
    assert error_of(sim.call('service.changepricelist', user='alice', elid=ALICE_VPS, pricelist=7, sok='ok')) == ('value', 'pricelist')
    assert len(sim.account('alice')['expenses']) == len(account['expenses'])


def test_a_downgrade_is_free(sim):
    balance = sim.account('alice')['balance']
    assert sim.call('service.changepricelist', user='alice', elid=ALICE_VPS, pricelist=1)['doc']['cost']['$'] == '0.00'
    assert 'ok' in sim.call('service.changepricelist', user='alice', elid=ALICE_VPS, pricelist=1, sok='ok')['doc']
    assert tariff_of(sim, ALICE_VPS)['tariff_id'] == 1 and sim.account('alice')['balance'] == balance


def test_refusals(sim):
    def refused(**params):
        return error_of(sim.call('service.changepricelist', user='alice', elid=params.pop('elid', ALICE_VPS), sok='ok', **params))
    assert refused(pricelist=32) == ('value', 'pricelist')  # a dedicated server tariff
    assert refused(pricelist=4) == ('value', 'pricelist')  # archived
    assert refused(pricelist=6) == ('value', 'pricelist')  # its own
    assert refused(pricelist=999) == ('value', 'pricelist')
    assert refused() == ('missed', 'pricelist')
    assert refused(pricelist=7, period=3) == ('value', 'period')  # VPS Pro sells 1 and 12 months
    assert refused(elid=BOB_VPS, pricelist=7) == ('access', 'elid')
    other_type = sim.call('service.changepricelist', user='alice', elid=ALICE_VPS, pricelist=32)['doc']['error']['msg']['$']
    assert other_type == 'The tariff is for another product type (dedic)'
    sim.set_balance('alice', 1)
    assert refused(pricelist=7) == ('balance', 'account')
    assert tariff_of(sim, ALICE_VPS)['tariff_id'] == 6 and sim.account('alice')['balance'] == 1.0


def test_the_credit_limit_covers_a_change(sim):
    sim.set_balance('alice', 1)
    sim.set_credit_limit('alice', 100000)
    assert 'ok' in sim.call('service.changepricelist', user='alice', elid=ALICE_VPS, pricelist=7, sok='ok')['doc']
    assert sim.account('alice')['balance'] < 0


def test_a_suspended_service_keeps_its_tariff(sim):
    sim.call('vds.suspend', user='alice', elid=ALICE_VPS)
    assert error_of(sim.call('service.changepricelist', user='alice', elid=ALICE_VPS, pricelist=7, sok='ok')) == ('value', 'elid')


def test_a_dropped_answer_after_the_change_has_still_charged(sim):
    balance = sim.account('alice')['balance']
    sim.set_fault('service.changepricelist', 'drop-after-commit')
    with pytest.raises(Exception):
        sim.call('service.changepricelist', user='alice', elid=ALICE_VPS, pricelist=7, sok='ok')
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
