# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_service waiting for a new service: polls with a short backoff, and a timeout that loses nothing.

The simulator here takes an hour to process an order; the tests move its clock instead of sleeping.
The module runs on a clock five times as fast (AnsibleRunner clock_scale): its backoff and its
wait_timeout shrink together, so "3 seconds" below are 3 seconds of the module's clock.
"""

from __future__ import annotations

import threading

import pytest

from billmgr_sim.playbook import AnsibleRunner
from billmgr_sim.testing import db_rows, listed

CLOCK_SCALE = 5

ORDER = '''
- name: order
  ispsystem.billmgr.billmgr_service:
    type: vds
    remoteid: slow-01
    pricelist: 6
    datacenter: 1
    wait_timeout: {wait_timeout}
'''


@pytest.fixture
def billmgr_sim(billmgr_sim_factory):
    """A panel whose orders take an hour of its clock to process."""
    return billmgr_sim_factory(processing_delay=3600)


@pytest.fixture
def ansible(tmp_path, billmgr_sim):
    return AnsibleRunner(tmp_path, billmgr_sim, clock_scale=CLOCK_SCALE)


def finish_processing_later(sim, remoteid, after):
    """In the background: once the order is in, wait ``after`` (real) seconds, then move the clock past its processing.

    It looks in the database, not through the panel: the test counts the panel's vds lists as the module's own.
    """
    stop = threading.Event()

    def finish():
        while not stop.is_set() and not db_rows(sim, 'SELECT id FROM service WHERE remoteid = ?', remoteid):
            stop.wait(0.02)
        if not stop.wait(after):
            sim.advance_clock(3600)
    thread = threading.Thread(target=finish, daemon=True)
    thread.start()
    return stop


def test_wait_polls_until_the_service_is_active_with_its_address(ansible, billmgr_sim):
    stop = finish_processing_later(billmgr_sim, 'slow-01', after=ansible.real_seconds(3.0))
    try:
        result = ansible.tasks(ORDER.format(wait_timeout=60))
    finally:
        stop.set()
    assert result.rc == 0, result
    service = result.task('order')['service']
    assert service['status'] == 2 and service['ip']
    # The vds lists are the identity look-up and the polls.
    polls = billmgr_sim.counters()['func']['vds'] - 1
    # Backoff 1, 2, 4, ... seconds: about 3 polls for 3 seconds, not one per second, not one long sleep.
    assert 2 <= polls <= 6, polls


def test_timeout_names_the_service_and_the_next_run_finds_it(ansible, billmgr_sim):
    balance = billmgr_sim.account('alice')['balance']
    first = ansible.tasks(ORDER.format(wait_timeout=2))
    assert first.rc != 0
    [failed] = first.failed('order')
    result = failed['result']
    [row] = listed(billmgr_sim, 'vds', remoteid='slow-01')
    service_id = int(row['id'])
    assert result['changed'] is True
    assert result['service']['id'] == service_id and result['service']['status'] == 5
    assert ('vds service %d was ordered but is still processing after 2s' % service_id) in result['msg']

    billmgr_sim.advance_clock(3600)
    second = ansible.tasks(ORDER.format(wait_timeout=60))
    assert second.rc == 0, second
    assert second.task('order')['changed'] is False
    assert second.task('order')['service']['id'] == service_id
    assert second.task('order')['service']['status'] == 2
    assert len(listed(billmgr_sim, 'vds', remoteid='slow-01')) == 1
    assert billmgr_sim.account('alice')['balance'] == balance - 500.0


def test_the_next_run_waits_for_a_service_still_processing(ansible, billmgr_sim):
    no_wait = ansible.tasks(ORDER.format(wait_timeout=60).replace('wait_timeout: 60', 'wait: false'))
    assert no_wait.rc == 0, no_wait
    assert no_wait.task('order')['service']['status'] == 5

    stop = finish_processing_later(billmgr_sim, 'slow-01', after=ansible.real_seconds(2.0))
    try:
        waited = ansible.tasks(ORDER.format(wait_timeout=60))
    finally:
        stop.set()
    assert waited.rc == 0, waited
    assert waited.task('order')['changed'] is False
    assert waited.task('order')['service']['status'] == 2 and waited.task('order')['service']['ip']
    assert len(listed(billmgr_sim, 'vds', remoteid='slow-01')) == 1
