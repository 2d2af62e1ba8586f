# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One login per module run, however many requests the run makes (E13, issue 18).

A create that waits polls the panel again and again; every poll in the session the run opened,
not a full login of its own. The module runs on a fast clock (AnsibleRunner clock_scale): it polls
with its usual backoff, by its own clock, in a twentieth of the real time. An inventory refresh
over several list pages is one login too: test_inventory.test_every_page_is_read_once.
"""

from __future__ import annotations

import threading
import time

import pytest

from billmgr_sim.playbook import AnsibleRunner
from billmgr_sim.testing import listed

CLOCK_SCALE = 20
POLLS = 10
# Processing for ten minutes of the simulator's clock: moving it on ends no session (they last an idle hour).
PROCESSING_SECONDS = 600
ORDER_FUNC = 'v2.vds.order.param'


@pytest.fixture
def billmgr_sim(billmgr_sim_factory):
    """A panel whose orders stay in processing until the test moves its clock on."""
    return billmgr_sim_factory(processing_delay=PROCESSING_SECONDS)


def finish_processing_after_polls(sim, polls, timeout=120):
    """In the background: once the order is in and the service's list has been read ``polls`` more times, move the
    clock past its processing. Returns (thread, seen): seen['at_order'] is the list count when the order was seen."""
    seen = {}

    def finish():
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            counted = sim.counters()['func']
            if 'at_order' not in seen and counted.get(ORDER_FUNC):
                # Read after the order, so any poll already made is left out: the count below can only be low.
                seen['at_order'] = counted.get('vds', 0)
            if 'at_order' in seen and counted.get('vds', 0) - seen['at_order'] >= polls:
                sim.advance_clock(PROCESSING_SECONDS)
                return
            time.sleep(0.05)
    thread = threading.Thread(target=finish, daemon=True)
    thread.start()
    return thread, seen


def test_a_create_that_polls_ten_times_logs_in_once(tmp_path, billmgr_sim):
    ansible = AnsibleRunner(tmp_path, billmgr_sim, clock_scale=CLOCK_SCALE)
    billmgr_sim.reset_counters()
    thread, seen = finish_processing_after_polls(billmgr_sim, POLLS)
    run = ansible.tasks('''
    - name: order
      ispsystem.billmgr.billmgr_service:
        type: vds
        remoteid: polled-01
        pricelist: 6
        datacenter: 1
        wait_timeout: 900
    ''')
    thread.join()
    assert run.rc == 0, run
    task = run.task('order')
    assert task['changed'] is True and task['service']['status'] == 2, task
    counters = billmgr_sim.counters()
    polls = counters['func']['vds'] - seen['at_order']
    assert polls >= POLLS, counters
    assert counters['func'][ORDER_FUNC] == 1 and len(listed(billmgr_sim, 'vds', remoteid='polled-01')) == 1
    # The simulator does not count the test's own sim.* calls as logins: these are the module's.
    assert counters['logins'] == 1 and counters['logins_by_user'] == {'alice': 1}, counters
    assert counters['auth_requests'] == 1, counters
