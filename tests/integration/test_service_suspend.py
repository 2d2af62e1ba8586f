# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_service state=suspended (TYPE.suspend) and state=present resuming (TYPE.resume) what the owner suspended, on
both panels; a suspension for abuse or a debt is not asked to be lifted, and a resume the panel refuses fails in the
panel's words (real-panels-2 §5.2)."""

from __future__ import annotations

from billmgr_sim.pytest_plugin import BOTH_PANELS
from billmgr_sim.testing import db_rows, requests_per_task

ALICE_VPS, ALICE_DEDIC = 958, 1065
TASK = 'ispsystem.billmgr.billmgr_service: {type: vds, id: %d, state: %%s}' % ALICE_VPS


def status(sim):
    row = db_rows(sim, 'SELECT status, status_orig FROM service WHERE id = ?', ALICE_VPS)[0]
    return row['status'], row['status_orig']


@BOTH_PANELS
def test_suspend_then_resume_what_the_owner_suspended(ansible, billmgr_sim):
    sim = billmgr_sim
    run = ansible.tasks('''
        - name: check mode
          %s
          check_mode: true
          diff: true
        - name: suspend
          %s
        - name: suspend again
          %s
        - name: resume
          %s
          diff: true
        - name: resume again
          %s
    ''' % (TASK % 'suspended', TASK % 'suspended', TASK % 'suspended', TASK % 'present', TASK % 'present'))
    assert run.rc == 0, run
    would = run.task('check mode')
    assert would['changed'] is True and would['diff'] == {'before': {'status': 'active'}, 'after': {'status': 'suspended'}}
    suspended = run.task('suspend')
    assert suspended['changed'] is True
    assert (suspended['service']['status'], suspended['service']['item_status']) == (3, '3_usersuspend')
    assert run.task('suspend again')['changed'] is False
    resumed = run.task('resume')
    assert resumed['changed'] is True and resumed['service']['status'] == 2
    assert resumed['diff'] == {'before': {'status': 'suspended'}, 'after': {'status': 'active'}}
    assert run.task('resume again')['changed'] is False
    per_task = requests_per_task(sim, run)
    assert per_task['check mode']['vds.suspend'] == 0 and per_task['suspend']['vds.suspend'] == 1
    assert per_task['suspend again']['vds.suspend'] == 0 and per_task['resume']['vds.resume'] == 1
    assert per_task['resume again']['vds.resume'] == 0
    assert status(sim) == (2, '2')


def test_a_service_the_panel_suspended_is_not_resumed(ansible, billmgr_sim):
    sim = billmgr_sim
    sim.suspend_as_panel(ALICE_VPS, 'abuse')
    sim.suspend_as_panel(ALICE_DEDIC, 'employee')
    run = ansible.tasks('''
        - name: present
          %s
          ignore_errors: true
        - name: staff suspended
          ispsystem.billmgr.billmgr_service: {type: dedic, id: %d, state: present}
          ignore_errors: true
        - name: suspended
          %s
        - name: nothing to suspend
          ispsystem.billmgr.billmgr_service: {type: vds, remoteid: never-ordered, pricelist: 6, state: suspended}
          ignore_errors: true
    ''' % (TASK % 'present', ALICE_DEDIC, TASK % 'suspended'))
    assert run.failed('present')
    assert run.task('present')['msg'] == ('vds service 958 is suspended by the provider for abuse (item_status 3_abusesuspend); '
                                          'this module does not lift a suspension for a debt or for abuse, so nothing was changed')
    # The client asks; the panel refuses a client's resume of a staff suspension, in its own words.
    assert run.failed('staff suspended')
    assert run.task('staff suspended')['msg'].startswith(
        "BILLmanager error (access/elid): the panel refused to resume dedic service 1065, suspended by the provider's staff "
        '(item_status 3_employeesuspend): The service was suspended by the provider (3_employeesuspend)')
    assert run.task('suspended')['changed'] is False
    assert run.failed('nothing to suspend') and 'order it with state=present first' in run.task('nothing to suspend')['msg']
    per_task = requests_per_task(sim, run)
    assert sum(per_task['present'][func] for func in ('vds.resume', 'vds.suspend', 'vds.edit')) == 0
    assert per_task['nothing to suspend'].keys() == {'vds'}  # looked up, never ordered
    assert status(sim) == (3, '3_abusesuspend')
    assert requests_per_task(sim, run)['staff suspended']['dedic.resume'] == 1
    assert db_rows(sim, 'SELECT status_orig FROM service WHERE id = ?', ALICE_DEDIC)[0]['status_orig'] == '3_employeesuspend'
