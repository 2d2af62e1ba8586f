# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_prolong against the simulator: every test reads the panel's own state (expiry, balance, expenses) before and after.

Demo data (alice): vds 958 (650 RUB/month with its add-ons) and 938, vhost 945 (alice.test) and 1085, dedic 1065 and 892,
platform 1100, license 777 (alice-lite, 400 RUB/month, periods 1 and 12). Everything expires one month after today.
"""

from __future__ import annotations

import datetime

import pytest

from billmgr_sim.clock import add_months
from billmgr_sim.playbook import AnsibleRunner
from billmgr_sim.testing import start_simulator


def state(sim, item_type, service_id):
    """Expiry date and auto-renewal as the panel's edit form shows them to the administrator."""
    doc = sim.call('%s.edit' % item_type, elid=service_id)['doc']
    autoprolong = (doc.get('autoprolong') or {}).get('$')
    return {'expiredate': doc['expiredate']['$'], 'autoprolong': int(autoprolong) if autoprolong else None}


def renewal_expenses(sim, service_id, account='alice'):
    return [e for e in sim.account(account)['expenses'] if e['service'] == str(service_id) and e['description'].startswith('Renewal')]


def months_later(iso, months, times=1):
    day = datetime.date.fromisoformat(iso)
    for _step in range(times):
        day = add_months(day, months)
    return day.isoformat()


def run(ansible, sim, tasks, **kwargs):
    """Run a playbook and return it with the requests it made (the test's own checks are not counted)."""
    sim.reset_counters()
    result = ansible.tasks(tasks, url=sim.url, **kwargs)
    counters = sim.counters()
    return result, counters


# -- until: as many renewals as needed, then nothing ---------------------------------------------------

def test_until_renews_the_right_number_of_periods_and_a_rerun_changes_nothing(ansible, billmgr_sim):
    sim = billmgr_sim
    before = state(sim, 'vds', 958)
    balance = sim.account('alice')['balance']
    wanted = months_later(before['expiredate'], 1, times=3)
    # Five days past two months: three one-month renewals are needed, the third overshoots to the same day of the month.
    until = (datetime.date.fromisoformat(months_later(before['expiredate'], 1, times=2)) + datetime.timedelta(days=5)).isoformat()
    task = '''
    - name: Keep VPS 958 paid
      ispsystem.billmgr.billmgr_prolong:
        id: 958
        type: vds
        until: "%s"
''' % until

    checked, counters = run(ansible, sim, task, check=True, diff=True)
    assert checked.rc == 0, checked
    result = checked.task('Keep VPS 958 paid')
    assert result['changed'] is True
    assert (result['renewals'], result['expiredate_before'], result['expiredate']) == (3, before['expiredate'], wanted)
    assert result['diff']['after']['expiredate'] == wanted
    assert state(sim, 'vds', 958) == before
    assert sim.account('alice')['balance'] == balance
    assert counters['requests'] == 3  # the look-up, the renewal form (dates) and the edit form (the price)
    assert counters['func'] == {'vds': 1, 'service.prolong': 1, 'vds.edit': 1}
    assert result['msg'].endswith(', for 1950.00 RUB') and result['spending'] == {'cost': 1950.0, 'currency': 'RUB'}

    renewed, counters = run(ansible, sim, task, diff=True)
    assert renewed.rc == 0, renewed
    result = renewed.task('Keep VPS 958 paid')
    assert result['changed'] is True
    assert (result['renewals'], result['expiredate_before'], result['expiredate']) == (3, before['expiredate'], wanted)
    assert result['service']['id'] == 958 and result['service']['type'] == 'vds'
    assert result['service']['expiredate'] == wanted
    # A renewal neither sets nor reads the months: auto-renewal is as the panel lists it (real-panels-2 §9.3, E23).
    assert result['diff'] == {'before': {'expiredate': before['expiredate'], 'autoprolong': 'Month'},
                              'after': {'expiredate': wanted, 'autoprolong': 'Month'}}
    assert state(sim, 'vds', 958)['expiredate'] == wanted
    expenses = renewal_expenses(sim, 958)
    assert len(expenses) == 3
    assert sim.account('alice')['balance'] == pytest.approx(balance - sum(float(e['amount']) for e in expenses))
    assert sim.account('alice')['balance'] == pytest.approx(balance - 3 * 650)
    # the look-up, the look again under the service's lock, then each renewal read back
    assert counters['func'] == {'vds': 5, 'service.prolong': 3}

    again, counters = run(ansible, sim, task)
    assert again.rc == 0, again
    result = again.task('Keep VPS 958 paid')
    assert result['changed'] is False
    assert (result['renewals'], result['expiredate_before'], result['expiredate']) == (0, wanted, wanted)
    assert state(sim, 'vds', 958)['expiredate'] == wanted
    assert len(renewal_expenses(sim, 958)) == 3
    assert counters['requests'] == 1  # the look-up alone


def test_min_days_left_renews_a_license_by_licname_a_year_at_a_time(ansible, billmgr_sim):
    sim = billmgr_sim
    before = state(sim, 'soft', 777)
    balance = sim.account('alice')['balance']
    task = '''
    - name: Keep the license 60 days ahead
      ispsystem.billmgr.billmgr_prolong:
        licname: alice-lite
        min_days_left: 60
        period: 12
'''
    first, counters = run(ansible, sim, task)
    assert first.rc == 0, first
    result = first.task('Keep the license 60 days ahead')
    assert (result['changed'], result['renewals']) == (True, 1)
    assert result['expiredate'] == months_later(before['expiredate'], 12)
    assert state(sim, 'soft', 777)['expiredate'] == months_later(before['expiredate'], 12)
    assert sim.account('alice')['balance'] == pytest.approx(balance - 12 * 400)
    # the look-up by licname, the look again under the licence's lock, renewal, read-back
    assert counters['func'] == {'soft': 3, 'service.prolong': 1}

    again, counters = run(ansible, sim, task)
    assert again.task('Keep the license 60 days ahead')['changed'] is False
    assert sim.account('alice')['balance'] == pytest.approx(balance - 12 * 400)
    assert counters['func'] == {'soft': 1}


def test_until_in_the_past_renews_nothing(ansible, billmgr_sim):
    sim = billmgr_sim
    before = state(sim, 'vds', 938)
    task = '''
    - name: A date that has passed
      ispsystem.billmgr.billmgr_prolong:
        id: 938
        type: vds
        until: "2020-01-01"
'''
    result, counters = run(ansible, sim, task)
    assert result.rc == 0, result
    outcome = result.task('A date that has passed')
    assert (outcome['changed'], outcome['renewals']) == (False, 0)
    assert any('in the past' in w for w in outcome.get('warnings', []))
    assert state(sim, 'vds', 938) == before
    assert counters['requests'] == 1


def test_a_target_that_takes_more_than_max_renewals_fails_before_paying(ansible, billmgr_sim):
    sim = billmgr_sim
    before = state(sim, 'vds', 958)
    balance = sim.account('alice')['balance']
    task = '''
    - name: A mistyped year
      ispsystem.billmgr.billmgr_prolong:
        id: 958
        type: vds
        until: "2099-12-31"
'''
    result, counters = run(ansible, sim, task)
    assert result.rc != 0
    assert 'max_renewals' in result.task('A mistyped year')['msg']
    assert 'service.prolong' not in counters['func']
    assert state(sim, 'vds', 958) == before
    assert sim.account('alice')['balance'] == balance


# -- period: once per run ---------------------------------------------------------------------------

def test_period_renews_once_on_every_run(ansible, billmgr_sim):
    sim = billmgr_sim
    before = state(sim, 'vhost', 945)
    balance = sim.account('alice')['balance']
    task = '''
    - name: Renew the hosting by a quarter
      ispsystem.billmgr.billmgr_prolong:
        type: vhost
        domain: alice.test
        period: 3
'''
    checked, counters = run(ansible, sim, task, check=True)
    assert checked.rc == 0, checked
    result = checked.task('Renew the hosting by a quarter')
    assert (result['changed'], result['renewals'], result['expiredate']) == (True, 1, months_later(before['expiredate'], 3))
    assert state(sim, 'vhost', 945) == before
    assert sim.account('alice')['balance'] == balance
    assert counters['requests'] == 3

    for times in (1, 2):
        renewed, counters = run(ansible, sim, task)
        assert renewed.rc == 0, renewed
        result = renewed.task('Renew the hosting by a quarter')
        assert (result['changed'], result['renewals']) == (True, 1)
        assert result['expiredate'] == months_later(before['expiredate'], 3, times=times)
        assert state(sim, 'vhost', 945)['expiredate'] == months_later(before['expiredate'], 3, times=times)
        assert len(renewal_expenses(sim, 945)) == times
        assert counters['requests'] == 4  # look-up, look again under the lock, renewal, read-back
    amounts = [float(e['amount']) for e in renewal_expenses(sim, 945)]
    assert amounts[0] == amounts[1] > 0
    assert sim.account('alice')['balance'] == pytest.approx(balance - sum(amounts))


# -- autoprolong on every item type --------------------------------------------------------------------

# One run sets it on all five (each item type is its own functions and service), one unsets it.
AUTOPROLONG_SERVICES = [('vds', 958), ('dedic', 1065), ('vhost', 1085), ('soft', 777), ('platform', 1100)]


def test_autoprolong_is_set_and_unset_idempotently_on_every_item_type(ansible, billmgr_sim):
    sim = billmgr_sim
    before = dict((item_type, state(sim, item_type, service_id)) for item_type, service_id in AUTOPROLONG_SERVICES)
    account = sim.account('alice')
    tasks = ''.join('''
    - name: Yearly auto-renewal, checked (%(type)s)
      ispsystem.billmgr.billmgr_prolong:
        id: %(id)d
        type: %(type)s
        autoprolong: 12
      check_mode: true
    - name: Yearly auto-renewal (%(type)s)
      ispsystem.billmgr.billmgr_prolong:
        id: %(id)d
        type: %(type)s
        autoprolong: 12
    - name: Yearly auto-renewal again (%(type)s)
      ispsystem.billmgr.billmgr_prolong:
        id: %(id)d
        type: %(type)s
        autoprolong: '12'
''' % {'id': service_id, 'type': item_type} for item_type, service_id in AUTOPROLONG_SERVICES)
    result, counters = run(ansible, sim, tasks, diff=True)
    assert result.rc == 0, result
    for item_type, service_id in AUTOPROLONG_SERVICES:
        checked = result.task('Yearly auto-renewal, checked (%s)' % item_type)
        assert checked['changed'] is True
        assert checked['diff']['after']['autoprolong'] == 12
        assert result.task('Yearly auto-renewal (%s)' % item_type)['changed'] is True  # so the checked run wrote nothing
        assert result.task('Yearly auto-renewal (%s)' % item_type)['service']['autoprolong'] == 12
        assert result.task('Yearly auto-renewal again (%s)' % item_type)['changed'] is False
        assert state(sim, item_type, service_id) == dict(before[item_type], autoprolong=12)
    # for each item type: 3 look-ups, 3 form reads, 1 write, 1 read-back
    expected = {}
    for item_type, _service_id in AUTOPROLONG_SERVICES:
        expected.update({item_type: 4, '%s.edit' % item_type: 4})
    assert counters['func'] == expected

    tasks = ''.join('''
    - name: No auto-renewal (%(type)s)
      ispsystem.billmgr.billmgr_prolong:
        id: %(id)d
        type: %(type)s
        autoprolong: off
    - name: No auto-renewal again (%(type)s)
      ispsystem.billmgr.billmgr_prolong:
        id: %(id)d
        type: %(type)s
        autoprolong: "off"
''' % {'id': service_id, 'type': item_type} for item_type, service_id in AUTOPROLONG_SERVICES)
    result, counters = run(ansible, sim, tasks)
    assert result.rc == 0, result
    for item_type, service_id in AUTOPROLONG_SERVICES:
        assert result.task('No auto-renewal (%s)' % item_type)['changed'] is True
        assert result.task('No auto-renewal (%s)' % item_type)['service']['autoprolong'] is None
        assert result.task('No auto-renewal again (%s)' % item_type)['changed'] is False
        assert state(sim, item_type, service_id) == dict(before[item_type], autoprolong=None)
    # nothing was charged (each item type's balance check, made once for all)
    after = sim.account('alice')
    assert after['balance'] == account['balance'] and after['expenses'] == account['expenses']


def test_autoprolong_with_id_alone_finds_the_type(ansible, billmgr_sim):
    sim = billmgr_sim
    task = '''
    - name: Monthly auto-renewal of the license
      ispsystem.billmgr.billmgr_prolong:
        id: 777
        autoprolong: 1
'''
    result, counters = run(ansible, sim, task)
    assert result.rc == 0, result
    outcome = result.task('Monthly auto-renewal of the license')
    assert outcome['changed'] is True
    assert outcome['service']['type'] == 'soft'
    assert state(sim, 'soft', 777)['autoprolong'] == 1
    # vds, dedic, vhost, soft looked in; the form, the write, the read-back
    assert counters['func'] == {'vds': 1, 'dedic': 1, 'vhost': 1, 'soft': 2, 'soft.edit': 2}


def test_autoprolong_and_until_in_one_task(ansible, billmgr_sim):
    sim = billmgr_sim
    before = state(sim, 'dedic', 892)
    until = months_later(before['expiredate'], 1)
    task = '''
    - name: Renew and turn auto-renewal off
      ispsystem.billmgr.billmgr_prolong:
        id: 892
        type: dedic
        until: "%s"
        autoprolong: "off"
''' % until
    result, _counters = run(ansible, sim, task)
    assert result.rc == 0, result
    outcome = result.task('Renew and turn auto-renewal off')
    assert (outcome['changed'], outcome['renewals'], outcome['expiredate']) == (True, 1, until)
    assert outcome['service']['autoprolong'] is None
    assert state(sim, 'dedic', 892) == {'expiredate': until, 'autoprolong': None}
    assert len(renewal_expenses(sim, 892)) == 1


# -- failures that pay nothing ----------------------------------------------------------------------------

@pytest.mark.parametrize('identity', ['id: 938', 'domain: old-vps.alice.test'])
def test_a_deleted_service_fails_with_the_panels_message(ansible, billmgr_sim, identity):
    sim = billmgr_sim
    assert 'ok' in sim.call('vds.delete', user='alice', elid=938, sok='ok')['doc']
    before = state(sim, 'vds', 938)
    balance = sim.account('alice')['balance']
    task = '''
    - name: Renew a deleted VPS
      ispsystem.billmgr.billmgr_prolong:
        %s
        type: vds
        period: 1
''' % identity
    result, _counters = run(ansible, sim, task)
    assert result.rc != 0
    outcome = result.task('Renew a deleted VPS')
    assert 'Cannot renew this service: the service has been deleted' in outcome['msg']
    assert outcome['error']['func'] == 'service.prolong'
    assert outcome['renewals'] == 0
    assert state(sim, 'vds', 938) == before
    assert sim.account('alice')['balance'] == balance


def test_a_service_in_processing_fails_with_the_panels_message(ansible, billmgr_sim_factory):
    sim = billmgr_sim_factory(processing_delay=3600)
    ordered = sim.call('v2.vds.order.param', user='alice', pricelist=6, datacenter=1, order_period=1, domain='new.alice.test',
                       ostempl='ISPsystem__Debian-12-amd64', licence_agreement='on', skipbasket='on', sok='ok')['doc']
    assert 'error' not in ordered, ordered
    balance = sim.account('alice')['balance']
    task = '''
    - name: Renew a VPS still being set up
      ispsystem.billmgr.billmgr_prolong:
        type: vds
        domain: new.alice.test
        period: 1
'''
    result, _counters = run(ansible, sim, task)
    assert result.rc != 0
    outcome = result.task('Renew a VPS still being set up')
    assert 'Cannot renew this service: the service has not been processed yet' in outcome['msg']
    assert outcome['service']['status_name'] == 'processing'
    before = outcome['service']['expiredate']
    assert state(sim, 'vds', outcome['service']['id'])['expiredate'] == before
    assert sim.account('alice')['balance'] == balance


def test_insufficient_balance_pays_nothing_or_keeps_what_was_paid(ansible, billmgr_sim):
    sim = billmgr_sim
    before = state(sim, 'vds', 958)
    sim.set_balance('alice', 100)
    task = '''
    - name: Renew without the money
      ispsystem.billmgr.billmgr_prolong:
        id: 958
        type: vds
        period: 1
'''
    result, _counters = run(ansible, sim, task)
    assert result.rc != 0
    outcome = result.task('Renew without the money')
    assert 'Insufficient funds' in outcome['msg']
    assert (outcome['changed'], outcome['renewals']) == (False, 0)
    assert state(sim, 'vds', 958) == before
    assert sim.account('alice')['balance'] == 100
    assert renewal_expenses(sim, 958) == []

    # Enough for one month of three: the first renewal stays made and paid, and the failure says so.
    sim.set_balance('alice', 1000)
    task = '''
    - name: Renew for three months with money for one
      ispsystem.billmgr.billmgr_prolong:
        id: 958
        type: vds
        until: "%s"
''' % months_later(before['expiredate'], 1, times=3)
    result, counters = run(ansible, sim, task)
    assert result.rc != 0
    outcome = result.task('Renew for three months with money for one')
    assert 'Insufficient funds' in outcome['msg'] and '1 renewal(s) were made' in outcome['msg']
    assert (outcome['changed'], outcome['renewals']) == (True, 1)
    assert outcome['expiredate'] == months_later(before['expiredate'], 1)
    assert state(sim, 'vds', 958)['expiredate'] == months_later(before['expiredate'], 1)
    assert sim.account('alice')['balance'] == pytest.approx(1000 - 650)
    assert len(renewal_expenses(sim, 958)) == 1
    assert counters['func']['service.prolong'] == 2


# -- lost answers: never pay twice ---------------------------------------------------------------------------

def test_a_lost_answer_without_effect_is_not_sent_again(ansible, billmgr_sim):
    sim = billmgr_sim
    before = state(sim, 'vds', 958)
    sim.set_fault('service.prolong', 'drop-before-commit')
    task = '''
    - name: Renew over a bad line
      ispsystem.billmgr.billmgr_prolong:
        id: 958
        type: vds
        until: "%s"
''' % months_later(before['expiredate'], 1, times=2)
    result, counters = run(ansible, sim, task)
    assert result.rc != 0
    outcome = result.task('Renew over a bad line')
    assert outcome['error']['outcome_unknown'] is True
    assert 'not renewing again' in outcome['msg']
    assert counters['func']['service.prolong'] == 1
    assert state(sim, 'vds', 958) == before
    assert renewal_expenses(sim, 958) == []


def test_a_lost_answer_of_a_renewal_that_was_made_is_counted_once(ansible, billmgr_sim):
    sim = billmgr_sim
    before = state(sim, 'vds', 958)
    wanted = months_later(before['expiredate'], 1, times=2)
    sim.set_fault('service.prolong', 'drop-after-commit')
    task = '''
    - name: Renew over a bad line
      ispsystem.billmgr.billmgr_prolong:
        id: 958
        type: vds
        until: "%s"
''' % wanted
    result, counters = run(ansible, sim, task)
    assert result.rc == 0, result
    outcome = result.task('Renew over a bad line')
    assert (outcome['changed'], outcome['renewals'], outcome['expiredate']) == (True, 2, wanted)
    assert any('was lost' in w for w in outcome.get('warnings', []))
    assert counters['func']['service.prolong'] == 2
    assert state(sim, 'vds', 958)['expiredate'] == wanted
    assert len(renewal_expenses(sim, 958)) == 2


# -- bad input fails before any request -------------------------------------------------------------------------

BAD_INPUT = [
    ('id: 958\n        type: vds\n        until: "2026-13-45"', 'YYYY-MM-DD'),
    ('id: 958\n        type: vds\n        until: "31.12.2026"', 'YYYY-MM-DD'),
    ('id: 958\n        type: vds\n        min_days_left: -1', 'min_days_left: -1 is out of range (0 to 36500)'),
    ('id: 958\n        type: vds\n        period: 2', 'period must be one of 1, 3, 6, 12, 24, 36 months, or daily; got 2'),
    ('id: 958\n        type: vds\n        until: "2027-01-01"\n        min_days_left: 3', 'mutually exclusive'),
    ('id: 958\n        type: vds\n        until: "2027-01-01"\n        max_renewals: 0', 'max_renewals: 0 is out of range (1 to 1000)'),
    ('id: 958\n        type: vds\n        autoprolong: 2', 'autoprolong must be one of 1, 3, 6, 12, 24, 36 (months), daily or off; got 2'),
    ('id: 958\n        type: "vds&func=vds.delete"\n        period: 1', 'type must be an item type name'),
    ('type: vds\n        period: 1', 'one of the following is required: id, remoteid, domain, licname'),
    ('id: 958\n        type: vds', 'one of the following is required: period, until, min_days_left, autoprolong'),
    ('remoteid: abc\n        period: 1', 'type is required'),
]


@pytest.fixture(scope='module')
def bad_input_run(tmp_path_factory):
    """Every BAD_INPUT case as one task of a single playbook (each failing without stopping the others), on a
    simulator of their own: the run, and the requests all of them made together."""
    sim = start_simulator(tmp_path_factory.mktemp('bad_input_sim'))
    try:
        ansible = AnsibleRunner(tmp_path_factory.mktemp('bad_input_run'), sim)
        tasks = ''.join('''
    - name: Bad input %d
      ispsystem.billmgr.billmgr_prolong:
        %s
      ignore_errors: true
''' % (number, args) for number, (args, _message) in enumerate(BAD_INPUT))
        yield run(ansible, sim, tasks)
    finally:
        sim.stop()


@pytest.mark.parametrize('number', range(len(BAD_INPUT)))
def test_bad_input_fails_before_any_request(bad_input_run, number):
    result, counters = bad_input_run
    message = BAD_INPUT[number][1]
    [failed] = result.failed('Bad input %d' % number)
    assert message in failed['result']['msg']
    # No case sent a request: the whole playbook sent none.
    assert counters['requests'] == 0
