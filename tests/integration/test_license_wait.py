# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Waiting for the license key.

The simulator issues a license an hour after it is ordered, by its own clock; a test moves that
clock on when the license should be ready, so nothing depends on how fast the machine is. The
module runs on a clock ten times as fast (AnsibleRunner clock_scale): READY_AFTER and the
wait_timeouts are seconds of the module's clock.
"""

from __future__ import annotations

import json
import threading
import time

import pytest

from billmgr_sim.playbook import AnsibleRunner
from billmgr_sim.testing import LICENSE_IPS, edit_form, listed_by_id

IP1, IP2 = LICENSE_IPS[:2]

PROCESSING_SECONDS = 3600
READY_AFTER = 3
CLOCK_SCALE = 10


@pytest.fixture
def billmgr_sim(billmgr_sim_factory):
    return billmgr_sim_factory(processing_delay=PROCESSING_SECONDS)


@pytest.fixture
def ansible(tmp_path, billmgr_sim):
    return AnsibleRunner(tmp_path, billmgr_sim, clock_scale=CLOCK_SCALE)


def issue_licenses_later(sim, seconds):
    """Once a license is being processed, wait ``seconds`` (real) and move the simulator's clock past the processing time."""
    def issue():
        deadline = time.monotonic() + 120
        while not listed_by_id(sim, 'soft', user='alice', status=5) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(seconds)
        sim.advance_clock(PROCESSING_SECONDS)
    thread = threading.Thread(target=issue, daemon=True)
    thread.start()
    return thread


def test_order_waits_until_the_key_is_issued(ansible, billmgr_sim):
    started = time.monotonic()
    issue_licenses_later(billmgr_sim, ansible.real_seconds(READY_AFTER))
    run = ansible.tasks('''
        - name: Order and wait
          ispsystem.billmgr.billmgr_license:
            licname: slow-1
            pricelist: ISPmanager Lite
            ip: %s
            with_key: true
            wait_timeout: 120
          register: ordered
          no_log: true

        - name: Keep the license and its key
          ansible.builtin.copy:
            content: "{{ ordered.license | to_json }}"
            dest: "{{ playbook_dir }}/license.json"
            mode: '0600'
    ''' % IP1)
    assert run.rc == 0, run
    assert time.monotonic() - started >= ansible.real_seconds(READY_AFTER)
    license_ = json.loads((ansible.workdir / 'license.json').read_text())
    assert license_['status_name'] == 'active'
    assert license_['lickey'] == edit_form(billmgr_sim, 'soft', license_['id'], user='alice')['lickey'] != ''


def test_without_wait_the_license_is_returned_in_processing_and_a_later_run_waits(ansible, billmgr_sim):
    run = ansible.tasks('''
        - name: Order without waiting
          ispsystem.billmgr.billmgr_license:
            licname: slow-2
            pricelist: ISPmanager Lite
            ip: %s
            wait: false
    ''' % IP2)
    assert run.rc == 0, run
    license_ = run.task('Order without waiting')['license']
    assert license_['status_name'] == 'processing'
    assert edit_form(billmgr_sim, 'soft', license_['id'], user='alice')['lickey'] == ''

    timer = issue_licenses_later(billmgr_sim, ansible.real_seconds(READY_AFTER))
    run = ansible.tasks('''
        - name: Make sure it is issued
          ispsystem.billmgr.billmgr_license:
            licname: slow-2
            wait_timeout: 120
    ''')
    timer.join()
    assert run.rc == 0, run
    assert run.task('Make sure it is issued')['changed'] is False
    assert run.task('Make sure it is issued')['license']['status_name'] == 'active'
    assert listed_by_id(billmgr_sim, 'soft', user='alice')[license_['id']]['status'] == '2'


def test_wait_timeout_fails_clearly_and_a_rerun_does_not_order_again(ansible, billmgr_sim):
    task = '''
        - name: Order with a short wait
          ispsystem.billmgr.billmgr_license:
            licname: slow-3
            pricelist: ISPmanager Lite
            ip: %s
            wait_timeout: 1
    ''' % IP1
    run = ansible.tasks(task)
    assert run.rc != 0
    message = run.task('Order with a short wait')['msg']
    assert 'has no key after 1s' in message and 'Raise wait_timeout' in message, message
    billmgr_sim.advance_clock(PROCESSING_SECONDS)
    run = ansible.tasks(task)
    assert run.rc == 0, run
    assert run.task('Order with a short wait')['changed'] is False
    assert billmgr_sim.counters()['func']['soft.order.param'] == 1
