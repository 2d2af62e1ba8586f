# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_service state=absent while a panel takes its time over a deletion (real-panels-2 §13, E22, E23).

A deletion passes through 5_close "Deletion in progress" (the simulator keeps it there for its processing delay), or
waits for the end of the paid period (``--close-at-period-end``: scheduledclose=on); a tariff with a minimum term
refuses it. The next run must not ask again, and a refusal is the panel's own words.
"""

from __future__ import annotations

from billmgr_sim.playbook import AnsibleRunner
from billmgr_sim.testing import listed

OLD_VPS = 938  # alice's, active, tariff 6 (no minimum term)

ABSENT = '''
- name: delete
  ispsystem.billmgr.billmgr_service:
    type: vds
    id: {id}
    state: absent
    wait: {wait}
  register: gone
'''


def absent(ansible, service_id=OLD_VPS, wait=False):
    run_ = ansible.tasks(ABSENT.format(id=service_id, wait='true' if wait else 'false'))
    assert run_.rc == 0, run_
    return run_.task('delete')


def test_a_second_absent_during_a_deletion_is_unchanged_with_one_delete_sent(ansible, billmgr_sim):
    billmgr_sim.set_processing_delay(3600)  # the deletion takes an hour
    first = absent(ansible)
    assert first['changed'] is True
    assert first['service']['deletion'] == 'in progress' and first['service']['item_status'] == '5_close'
    second = absent(ansible)
    assert second['changed'] is False and second['service']['deletion'] == 'in progress'
    assert billmgr_sim.counters()['func'].get('vds.delete') == 1
    billmgr_sim.advance_clock(3601)
    third = absent(ansible, wait=True)  # deleted by now: listed as status 4, found as absent, nothing sent
    assert third['changed'] is False and third['service'] is None
    assert billmgr_sim.counters()['func'].get('vds.delete') == 1


def test_wait_waits_for_the_deletion_to_finish(ansible, billmgr_sim):
    billmgr_sim.set_processing_delay(2)
    result = absent(ansible, wait=True)
    assert result['changed'] is True and result['service']['status'] == 4 and result['service']['deletion'] is None
    assert [row['status'] for row in listed(billmgr_sim, 'vds', id=OLD_VPS)] == ['4']  # deleted, still listed (E12)
    assert billmgr_sim.counters()['func'].get('vds.delete') == 1


def test_a_deletion_at_the_end_of_the_paid_period_is_not_asked_for_again(tmp_path, billmgr_sim_factory):
    sim = billmgr_sim_factory(close_at_period_end=True)
    ansible = AnsibleRunner(tmp_path, sim)
    first = absent(ansible, wait=True)  # scheduled: not waited for, and said so
    assert first['changed'] is True and first['service']['deletion'] == 'scheduled'
    assert any('end of its paid period' in warning for warning in first.get('warnings', []))
    second = absent(ansible, wait=True)
    assert second['changed'] is False and second['service']['deletion'] == 'scheduled'
    assert sim.counters()['func'].get('vds.delete') == 1
    assert [row['status'] for row in listed(sim, 'vds', id=OLD_VPS)] == ['2']  # still running until then


def test_a_refused_deletion_fails_in_the_panel_s_words(ansible, billmgr_sim):
    mini = billmgr_sim.order_now('vds', 'alice', pricelist=1, domain='mini.alice.test')  # a month's minimum term (E23)
    run_ = ansible.tasks(ABSENT.format(id=mini, wait='true'))
    assert run_.rc != 0
    assert run_.failed('delete')
    failed = run_.task('delete')
    assert 'minimum term' in failed['msg'] and not failed.get('changed')
    assert [row['status'] for row in listed(billmgr_sim, 'vds', id=mini)] == ['2']
