# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""examples/licenses.yml runs as documented: as an administrator for a customer (check mode, the real run, then a run that
buys nothing), and as a client user buying for itself."""

from __future__ import annotations

from pathlib import Path

from billmgr_sim.testing import edit_form, listed_by_id

EXAMPLE = Path(__file__).resolve().parents[2] / 'examples' / 'licenses.yml'
ORDER_TASK = 'A license for every server, renewed automatically every month'
RENEW_TASK = 'Renew those that do not renew themselves'
# ISPmanager Lite 400; Business 1500 + 5 sites x 100; VMmanager KVM 600 + 2 nodes x 300; renewing 777 (Lite) 400.
COST = 400 + 2000 + 1200 + 400
# 45 days: the demo license 777 (one month left, no auto-renewal) is due whatever today's date is.
EXTRA = ['-e', 'renew_days=45', '-e', 'customer=alice']


def test_licenses_example(ansible, billmgr_sim):
    env = ansible.connection_env('admin')
    balance = billmgr_sim.account('alice')['balance']

    checked = ansible.playbook(EXAMPLE.read_text(), env=env, check=True, extra_args=EXTRA)
    assert checked.rc == 0, checked
    assert all(item['changed'] for item in checked.task(ORDER_TASK)['results'])
    assert sorted(listed_by_id(billmgr_sim, 'soft', user='alice')) == [777]
    assert billmgr_sim.account('alice')['balance'] == balance

    run = ansible.playbook(EXAMPLE.read_text(), env=env, extra_args=EXTRA)
    assert run.rc == 0, run
    ordered = dict((item['license']['licname'], item['license']) for item in run.task(ORDER_TASK)['results'])
    assert sorted(ordered) == ['kvm-cluster', 'web-1', 'web-2']
    assert all(lic['account'] == 'alice' and lic['status_name'] == 'active' and lic['autoprolong'] == 1 for lic in ordered.values())
    assert edit_form(billmgr_sim, 'soft', ordered['kvm-cluster']['id'], user='alice')['addon_3049'] == '3'
    assert edit_form(billmgr_sim, 'soft', ordered['web-2']['id'], user='alice')['addon_4602'] == '5'
    assert [item['item']['id'] for item in run.task(RENEW_TASK)['results']] == [777]
    assert billmgr_sim.account('alice')['balance'] == balance - COST

    again = ansible.playbook(EXAMPLE.read_text(), env=env, extra_args=EXTRA)
    assert again.rc == 0, again
    assert 'changed=0' in again.stdout
    assert sorted(listed_by_id(billmgr_sim, 'soft', user='alice')) == sorted([777] + [lic['id'] for lic in ordered.values()])
    assert billmgr_sim.account('alice')['balance'] == balance - COST


def test_licenses_example_as_a_client_user_buys_for_itself(ansible, billmgr_sim):
    env = ansible.connection_env('bob')
    before = billmgr_sim.account('bob')['balance']

    checked = ansible.playbook(EXAMPLE.read_text(), env=env, check=True, extra_args=['-e', 'renew_days=45'])

    assert checked.rc == 0, checked
    planned = checked.task(ORDER_TASK)['results']
    assert [item['changed'] for item in planned] == [True, True, True]
    assert sorted(item['license']['licname'] for item in planned) == ['kvm-cluster', 'web-1', 'web-2']
    assert billmgr_sim.account('bob')['balance'] == before
