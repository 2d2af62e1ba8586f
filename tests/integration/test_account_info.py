# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_account_info against the simulator: the balance, charges and payments, and a renewal forecast checked
against the simulator's own services, prices and balance (not against what the module says)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from billmgr_sim.catalog import period_cost
from billmgr_sim.clock import add_months
from billmgr_sim.playbook import AnsibleRunner
from billmgr_sim.testing import db_rows

ROOT = Path(__file__).resolve().parents[2]

DAYS = 40
# A client whose password is not its name: Ansible masks a no_log value wherever it appears in a result.
CAROL = 'carol=Carol-pw-93f1'
ORDER = '''
- name: order {name}
  ispsystem.billmgr.billmgr_service: {{type: vds, remoteid: {name}, domain: {name}.alice.test, pricelist: 6, autoprolong: 1}}
'''


def expected_forecast(sim, account, days):
    """The renewals the simulator will charge: its services with auto-renewal, their expiry and its renewal prices."""
    until = datetime.date.today() + datetime.timedelta(days=days)
    rows = db_rows(sim, 'SELECT s.id, s.expiredate, s.autoprolong, s.monthly FROM service s JOIN account a ON a.id = s.account_id '
                        "WHERE a.name = ? AND s.status IN (2, 3) AND s.autoprolong > 0 AND s.itemtype IN ('vds', 'dedic', 'vhost', 'soft')",
                   account)
    due = {}
    for row in rows:
        day, renewals = datetime.date.fromisoformat(row['expiredate'][:10]), 0
        while day <= until:
            renewals, day = renewals + 1, add_months(day, row['autoprolong'])
        if renewals:
            due[row['id']] = round(period_cost(row['monthly'], row['autoprolong']) * renewals / 100.0, 2)
    return due


def test_a_client_reads_its_balance_charges_and_a_forecast_the_balance_covers_then_does_not(tmp_path, billmgr_sim_factory):
    sim = billmgr_sim_factory(users=[CAROL])
    ansible = AnsibleRunner(tmp_path, sim)
    sim.set_balance('carol', 5000)
    ordered = ansible.tasks(ORDER.format(name='fc-1') + ORDER.format(name='fc-2'), user='carol')
    assert ordered.rc == 0, ordered
    expected = expected_forecast(sim, 'carol', DAYS)
    new_ids = [ordered.task('order fc-%d' % n)['service']['id'] for n in (1, 2)]
    assert set(new_ids) <= set(expected), 'the new services renew within the window'
    balance = sim.account('carol')['balance']
    sim.reset_counters()

    run = ansible.tasks('''
        - name: money
          ispsystem.billmgr.billmgr_account_info: {days: %d, expenses: 2, payments: 1}
    ''' % DAYS, user='carol')

    assert run.rc == 0, run
    result = run.task('money')
    assert result['changed'] is False
    account = result['account']
    assert (account['name'], account['balance'], account['currency'], account['credit_limit'], account['available']) == \
        ('carol', balance, 'RUB', None, balance)
    newest = sorted(sim.account('carol')['expenses'], key=lambda e: int(e['id']), reverse=True)[:2]
    assert [(e['id'], e['amount']) for e in account['expenses']] == [(int(e['id']), float(e['amount'])) for e in newest]
    assert account['expenses'][0]['service_id'] == new_ids[1]
    forecast = result['forecast']
    assert dict((s['id'], s['amount']) for s in forecast['services']) == expected
    assert forecast['total'] == round(sum(expected.values()), 2)
    assert forecast['covered'] is (balance >= forecast['total']) and forecast['shortfall'] == 0.0
    assert forecast['until'] == (datetime.date.today() + datetime.timedelta(days=DAYS)).isoformat()
    assert forecast['unpriced'] == []
    # One balance read, one page each of charges and payments, a list per type, an edit form per service due (its
    # auto-renewal choices carry the price, real-panels-2 §2.7); the renewal form, which shows none, is not read.
    funcs = sim.counters()['func']
    assert funcs.get('vds.edit') == len(expected) and funcs.get('desktop') == 1 and 'service.prolong' not in funcs
    assert sim.account('carol')['balance'] == balance, 'reading never pays'

    sim.set_balance('carol', 100)
    short = ansible.tasks('''
        - name: money
          ispsystem.billmgr.billmgr_account_info: {days: %d}
    ''' % DAYS, user='carol').task('money')
    assert short['forecast']['covered'] is False
    assert short['forecast']['shortfall'] == round(short['forecast']['total'] - 100.0, 2) > 0


@pytest.mark.parametrize('billmgr_sim', [5, 6], ids=['bm5', 'bm6'], indirect=True)
def test_an_administrator_reads_a_clients_money_with_its_credit_limit(ansible, billmgr_sim):
    """An administrator's charges and payments of alice are alice's alone (real-panels-2 §2.5: the admin's lists are
    everyone's), in the real columns (real-panels-2 §2.3, §2.4): a payment in progress is not credited; no saved filter is touched."""
    sim = billmgr_sim
    alices_service = sim.order_now('vhost', 'alice', pricelist=2)
    sim.order_now('vhost', 'bob', pricelist=2)
    sim.add_payment('bob', 55, status=4)
    credited = sim.add_payment('alice', 70, status=4)
    in_progress = sim.add_payment('alice', 30, status=2)
    sim.set_balance('alice', 300)
    sim.set_credit_limit('alice', 250)
    expected = expected_forecast(sim, 'alice', 400)
    sim.save_filter('admin', 'expense', item=alices_service)
    sim.save_filter('alice', 'payment', status=4)
    filters_before = [sim.call('%s.filter' % func, user=user)['doc'] for user, func in (('admin', 'expense'), ('alice', 'payment'))]
    alices_charges = sorted((e for e in sim.account('alice')['expenses']), key=lambda e: int(e['id']), reverse=True)

    run = ansible.tasks('''
        - name: alice
          ispsystem.billmgr.billmgr_account_info: {account: alice, days: 400, expenses: 5, payments: 5}
        - name: no account
          ispsystem.billmgr.billmgr_account_info: {}
          ignore_errors: true
        - name: out of range
          ispsystem.billmgr.billmgr_account_info: {account: alice, days: -1}
          ignore_errors: true
    ''', user='admin')

    result = run.task('alice')
    assert (result['account']['balance'], result['account']['credit_limit'], result['account']['available']) == (300.0, 250.0, 550.0)
    assert isinstance(result['account']['id'], int)
    charges, payments = result['account']['expenses'], result['account']['payments']
    assert [(c['id'], c['amount'], c['currency'], c['date'], c['service_id']) for c in charges] == \
        [(int(e['id']), float(e['amount']), 'RUB', e['date'], int(e['service'])) for e in alices_charges[:5]]
    assert all(c['description'] for c in charges)
    assert [(p['id'], p['status'], p['status_name'], p['credited'], p['amount']) for p in payments] == \
        [(in_progress, 2, 'in progress', False, 30.0), (credited, 4, 'credited', True, 70.0)]
    assert payments[0]['status_text'] == 'Payment in progress'
    after = [sim.call('%s.filter' % func, user=user)['doc'] for user, func in (('admin', 'expense'), ('alice', 'payment'))]
    assert after == filters_before, "neither the administrator's nor the client's saved filter changed"
    assert dict((s['id'], s['amount']) for s in result['forecast']['services']) == expected and expected
    assert result['forecast']['covered'] is (550.0 >= result['forecast']['total'])
    # the seeded passwords are no words: Ansible masks a password wherever it occurs, "administrator" stays readable
    assert 'has no balance of its own: give account, the client account to read' in run.task('no account')['msg']
    assert run.task('out of range')['msg'] == 'days: -1 is out of range (0 to 3660)'


def test_a_client_may_read_only_its_own_account(ansible, billmgr_sim):
    run = ansible.tasks('''
        - name: other
          ispsystem.billmgr.billmgr_account_info: {account: bob}
          ignore_errors: true
    ''')
    assert run.failed('other')
    assert "account 'bob': only a BILLmanager administrator" in run.task('other')['msg']


def docs_forecast_playbook():
    """The AWX job of docs/money.md, as a user copies it."""
    text = (ROOT / 'docs' / 'money.md').read_text()
    start = text.index('# forecast.yml in your project')
    return text[start:text.index('```', start)]


def test_a_renewal_the_panel_will_not_price_is_never_covered_and_fails_the_documented_awx_job(tmp_path, billmgr_sim_factory):
    # Issues 32 and 34: a renewal the panel shows no price for (here its tariff's auto-renewal choices name none) was
    # left out of the total, and a balance of 0 "covered" it.
    sim = billmgr_sim_factory(users=[CAROL], autoprolong_without_price=[6])
    ansible = AnsibleRunner(tmp_path, sim)
    sim.set_balance('carol', 5000)
    ordered = ansible.tasks(ORDER.format(name='fc-late'), user='carol')
    assert ordered.rc == 0, ordered
    service_id = ordered.task('order fc-late')['service']['id']
    sim.set_balance('carol', 0)

    run = ansible.playbook(docs_forecast_playbook().replace('forecast_days: 30', 'forecast_days: %d' % DAYS),
                           env=ansible.connection_env('carol'))

    assert run.rc != 0, run
    forecast = run.task('Read the balance and forecast the renewals')['forecast']
    assert (forecast['covered'], forecast['total'], forecast['shortfall']) == (None, 0.0, None)
    assert [(s['id'], s['name']) for s in forecast['unpriced']] == [(service_id, 'fc-late.alice.test')]
    failed = run.task('Fail when the balance does not cover them')
    assert run.failed('Fail when the balance does not cover them'), failed
    assert '1 more the panel gave no price for (fc-late.alice.test)' in failed['msg']


def test_a_filter_saved_in_the_web_interface_does_not_cut_charges(ansible, billmgr_sim):
    """real-panels-2 §2.6: a saved "Service ID = N" filter on the charges list hides every other charge from a plain
    list; the module reads with filter=on, as it reads service lists."""
    sim = billmgr_sim
    for name in ('f1', 'f2'):
        assert ansible.tasks(ORDER.format(name=name)).rc == 0
    charges = db_rows(sim, "SELECT e.id, e.service_id FROM expense e JOIN account a ON a.id = e.account_id WHERE a.name = 'alice' "
                           'ORDER BY e.id DESC')
    assert len(set(row['service_id'] for row in charges)) >= 2
    sim.save_filter('alice', 'expense', item=charges[0]['service_id'])
    run = ansible.tasks('''
        - name: money
          ispsystem.billmgr.billmgr_account_info: {expenses: 10}
    ''')
    assert run.rc == 0, run
    listed_ids = [e['id'] for e in run.task('money')['account']['expenses']]
    assert listed_ids == [row['id'] for row in charges[:10]]


@pytest.mark.parametrize('panel', [5, 6], ids=['bm5', 'bm6'])
def test_renewals_are_priced_by_the_edit_form_and_an_unpriced_one_is_never_covered_nor_paid_under_a_limit(
        tmp_path, billmgr_sim_factory, panel):
    # real-panels-2 §2.7 (E5, E22): the renewal form shows no price, the edit form's auto-renewal choices do. The dedicated
    # servers' tariff (32) shows none there either (--autoprolong-without-price): their renewals have no price anywhere.
    sim = billmgr_sim_factory(panel=panel, autoprolong_without_price=[32])
    ansible = AnsibleRunner(tmp_path, sim)
    sim.set_balance('alice', 1000000)
    expected = expected_forecast(sim, 'alice', DAYS)
    unpriced = {1065, 892}
    assert unpriced < set(expected) and len(expected) > len(unpriced)
    monthly = dict((row['id'], row['monthly']) for row in db_rows(sim, 'SELECT id, monthly FROM service WHERE id IN (958, 938)'))
    quarter, month = period_cost(monthly[958], 3) / 100.0, period_cost(monthly[938], 1) / 100.0
    before = dict((row['id'], row['expiredate']) for row in db_rows(sim, 'SELECT id, expiredate FROM service WHERE id IN (958, 938, 1065)'))

    run = ansible.tasks('''
        - name: money
          ispsystem.billmgr.billmgr_account_info: {days: %d}
        - name: priced, checked
          ispsystem.billmgr.billmgr_prolong: {type: vds, id: 958, period: 3}
          check_mode: true
        - name: unpriced, checked
          ispsystem.billmgr.billmgr_prolong: {type: dedic, id: 1065, period: 1}
          check_mode: true
        - name: unpriced under a limit
          ispsystem.billmgr.billmgr_prolong: {type: dedic, id: 1065, period: 1, max_cost: 1000000}
          ignore_errors: true
        - name: priced under a limit
          ispsystem.billmgr.billmgr_prolong: {type: vds, id: 938, period: 1, max_cost: %s}
    ''' % (DAYS, month))

    assert run.rc == 0, run
    forecast = run.task('money')['forecast']
    # Priced from the edit form where it can be, at the simulator's own prices; the rest named, and never covered.
    assert dict((s['id'], s['amount']) for s in forecast['services']) == dict(
        (service_id, None if service_id in unpriced else amount) for service_id, amount in expected.items())
    assert forecast['total'] == round(sum(a for i, a in expected.items() if i not in unpriced), 2) > 0
    assert sorted(e['id'] for e in forecast['unpriced']) == sorted(unpriced)
    assert (forecast['covered'], forecast['shortfall'], forecast['currency']) == (None, None, 'RUB')
    # Check mode says the price, or that it is unknown, and pays nothing.
    priced = run.task('priced, checked')
    assert priced['msg'].endswith(', for %.2f RUB' % quarter) and priced['spending'] == {'cost': quarter, 'currency': 'RUB'}
    checked = run.task('unpriced, checked')
    assert checked['msg'].endswith('for an unknown amount (the panel shows no price for this renewal)'), checked
    assert checked['spending']['cost'] is None and checked['changed'] is True
    # A limit on a renewal nobody can price refuses before the renewal; without a price it never pays.
    refused = run.task('unpriced under a limit')
    assert run.failed('unpriced under a limit')
    assert 'the panel shows no price for this renewal' in refused['msg'] and 'without max_cost and keep_balance' in refused['msg']
    assert run.task('priced under a limit')['spending'] == {'cost': month, 'currency': 'RUB'}
    after = dict((row['id'], row['expiredate']) for row in db_rows(sim, 'SELECT id, expiredate FROM service WHERE id IN (958, 938, 1065)'))
    assert (after[958], after[1065]) == (before[958], before[1065]) and after[938] > before[938]
    assert sim.account('alice')['balance'] == 1000000 - month
