# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_service state=suspended (TYPE.suspend) and state=present resuming (TYPE.resume) what the owner suspended, on
both panels; a service the panel suspended is not resumed, the task fails with the reason from item_status."""

from __future__ import annotations

from billmgr_sim.pytest_plugin import BOTH_PANELS
from billmgr_sim.testing import db_rows, requests_per_task

ALICE_VPS = 958
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
    run = ansible.tasks('''
        - name: present
          %s
          ignore_errors: true
        - name: suspended
          %s
        - name: nothing to suspend
          ispsystem.billmgr.billmgr_service: {type: vds, remoteid: never-ordered, pricelist: 6, state: suspended}
          ignore_errors: true
    ''' % (TASK % 'present', TASK % 'suspended'))
    assert run.failed('present')
    assert run.task('present')['msg'] == ('vds service 958 is suspended by the provider for abuse (item_status 3_abusesuspend); '
                                          'this module resumes only a service its owner suspended, so nothing was changed')
    assert run.task('suspended')['changed'] is False
    assert run.failed('nothing to suspend') and 'order it with state=present first' in run.task('nothing to suspend')['msg']
    per_task = requests_per_task(sim, run)
    assert sum(per_task['present'][func] for func in ('vds.resume', 'vds.suspend', 'vds.edit')) == 0
    assert per_task['nothing to suspend'].keys() == {'vds'}  # looked up, never ordered
    assert status(sim) == (3, '3_abusesuspend')
