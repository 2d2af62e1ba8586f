# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_service_power against the simulator: check mode sends nothing, started/stopped re-runs are unchanged, a
restart counts once and the task waits for active, bad input fails before any write, and a lost answer is never sent
again blindly - each checked in the simulator's request log and state, not only in the task's result."""

from __future__ import annotations

import pytest

from billmgr_sim.testing import db_rows, requests_per_task

ALICE_VPS = 958
POWER_FUNCS = ('service.start', 'service.stop', 'service.reboot', 'service.hardreboot')


def power_requests(per_task, name):
    return dict((func, count) for func, count in per_task[name].items() if func in POWER_FUNCS)


def codes(sim, *ids):
    sql = 'SELECT status, status_orig FROM service WHERE id IN (%s) ORDER BY id' % ', '.join('?' * len(ids))
    return [(row['status'], row['status_orig']) for row in db_rows(sim, sql, *ids)]


def instances(sim):
    """Two of alice's cloud instances, active: web.cloud.test and old.cloud.test (the processing delay is 0)."""
    return [sim.order_now('instances', 'alice', pricelist=50, datacenter=1, domain=name) for name in ('web.cloud.test', 'old.cloud.test')]


@pytest.mark.parametrize('billmgr_sim', [5, 6], indirect=True)
def test_stop_start_and_restart_with_a_wait(ansible, billmgr_sim):
    """On cloud instances, whose list shows the power state (real-panels-2 §4.2, E22): re-runs are unchanged."""
    sim = billmgr_sim
    vps, old = instances(sim)
    checked = ansible.tasks('''
        - name: stop in check mode
          ispsystem.billmgr.billmgr_service_power: {type: instances, id: [%d, %d], state: stopped}
    ''' % (vps, old), check=True, diff=True)
    assert checked.rc == 0, checked
    would = checked.task('stop in check mode')
    assert would['changed'] is True and would['actions'] == {'service.stop': [vps, old]}
    assert would['diff'] == {'before': {str(vps): 'running', str(old): 'running'}, 'after': {str(vps): 'stopped', str(old): 'stopped'}}
    assert power_requests(requests_per_task(sim, checked), 'stop in check mode') == {}
    assert codes(sim, vps, old) == [(2, '2'), (2, '2')]

    sim.set_processing_delay(2)  # a reboot is in progress for 2 s (status 2, real-panels-2 §4.3)
    sim.reset_counters()
    run = ansible.tasks('''
        - name: two identities
          ispsystem.billmgr.billmgr_service_power: {type: instances, id: [%(vps)d], remoteid: [x], state: stopped}
          ignore_errors: true
        - name: one unknown
          ispsystem.billmgr.billmgr_service_power: {type: instances, id: [%(vps)d, 999999], state: stopped}
          ignore_errors: true
        - name: stop
          ispsystem.billmgr.billmgr_service_power: {type: instances, domain: [web.cloud.test, old.cloud.test], state: stopped}
        - name: stop again
          ispsystem.billmgr.billmgr_service_power: {type: instances, id: [%(vps)d, %(old)d], state: stopped}
        - name: start
          ispsystem.billmgr.billmgr_service_power: {type: instances, id: %(vps)d, state: started}
        - name: start again
          ispsystem.billmgr.billmgr_service_power: {type: instances, id: %(vps)d, state: started}
        - name: restart and wait
          ispsystem.billmgr.billmgr_service_power: {type: instances, id: %(vps)d, state: restarted, wait: true, wait_timeout: 60}
        - name: restart the stopped one
          ispsystem.billmgr.billmgr_service_power: {type: instances, id: %(old)d, state: restarted}
    ''' % {'vps': vps, 'old': old})
    assert run.rc == 0, run
    per_task = requests_per_task(sim, run)
    assert run.failed('two identities') and 'mutually exclusive' in run.task('two identities')['msg']
    assert run.failed('one unknown') and run.task('one unknown')['msg'] == 'no instances service has id 999999'
    for name in ('two identities', 'one unknown', 'stop again', 'start again'):
        assert power_requests(per_task, name) == {}, name
    assert power_requests(per_task, 'stop') == {'service.stop': 1}  # both in one request
    assert run.task('stop')['changed'] is True and [s['power'] for s in run.task('stop')['services']] == ['stopped', 'stopped']
    assert run.task('stop again')['changed'] is False and run.task('start again')['changed'] is False
    assert run.task('start')['changed'] is True and power_requests(per_task, 'start') == {'service.start': 1}

    restart = run.task('restart and wait')
    assert restart['changed'] is True and power_requests(per_task, 'restart and wait') == {'service.reboot': 1}
    assert per_task['restart and wait']['instances'] >= 3, 'it looked until the reboot was over'
    assert [(s['status'], s['power']) for s in restart['services']] == [(2, 'running')]
    assert run.task('restart the stopped one')['actions'] == {'service.start': [old]}
    counted = sim.counters()['func']
    assert dict((func, counted.get(func, 0)) for func in POWER_FUNCS) == {
        'service.start': 2, 'service.stop': 1, 'service.reboot': 1, 'service.hardreboot': 0}
    assert codes(sim, vps, old) == [(2, '2'), (2, '2')]


def test_stopped_on_a_classic_vps_finishes_at_once_with_an_unknown_state(ansible, billmgr_sim):
    """real-panels-2 §4.2: a classic VPS list shows no power state. stopped acts when asked, every time, says the state
    is unknown and does not wait for one that cannot appear (before: 600 s and a failure on every run)."""
    sim = billmgr_sim
    run = ansible.tasks('''
        - name: stop
          ispsystem.billmgr.billmgr_service_power: {id: %(vps)d, state: stopped, wait: true}
        - name: stop again
          ispsystem.billmgr.billmgr_service_power: {id: %(vps)d, state: stopped, wait: true}
        - name: start
          ispsystem.billmgr.billmgr_service_power: {type: vds, id: %(vps)d, state: started, wait: true}
    ''' % {'vps': ALICE_VPS})
    assert run.rc == 0, run
    per_task = requests_per_task(sim, run)
    for name, func in (('stop', 'service.stop'), ('stop again', 'service.stop'), ('start', 'service.start')):
        result = run.task(name)
        assert result['changed'] is True and result['actions'] == {func: [ALICE_VPS]}, name
        assert [s['power'] for s in result['services']] == ['unknown'], name
        assert power_requests(per_task, name) == {func: 1} and per_task[name]['vds'] == 2, name  # look, act, read back
    assert max(task['ended'] - task['started'] for task in run.tasks) < 60


def test_lost_answers_are_read_back_or_reported_never_sent_again_blindly(ansible, billmgr_sim):
    sim = billmgr_sim
    cloud, dummy = instances(sim)
    sim.set_fault('service.stop', 'drop-after-commit')
    sim.set_fault('service.hardreboot', 'drop-after-commit')
    run = ansible.tasks('''
        - name: stop
          ispsystem.billmgr.billmgr_service_power: {type: instances, id: %d, state: stopped}
        - name: hard restart
          ispsystem.billmgr.billmgr_service_power: {id: %d, state: hard_restarted}
    ''' % (cloud, ALICE_VPS))
    assert run.rc == 0, run
    counted = sim.counters()
    assert counted['faults_hit'] == {'service.stop:drop-after-commit': 1, 'service.hardreboot:drop-after-commit': 1}
    assert counted['func']['service.stop'] == 1 and counted['func']['service.hardreboot'] == 1
    assert run.task('stop')['changed'] is True and run.task('stop')['services'][0]['power'] == 'stopped'
    hard = run.task('hard restart')
    assert hard['changed'] is True
    assert any('service.hardreboot for 958 was lost' in w and 'not sent again' in w for w in hard.get('warnings', [])), hard
