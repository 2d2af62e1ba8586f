# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""examples/order_vps.yml runs as documented: check mode, then an order, then a run that buys nothing."""

from __future__ import annotations

from pathlib import Path

from billmgr_sim.testing import listed

EXAMPLE = Path(__file__).resolve().parents[2] / 'examples' / 'order_vps.yml'
ORDER_TASK = 'Order the VPS (or keep the one ordered before) and wait until it is active'


def test_order_vps_example(ansible, billmgr_sim):
    env = ansible.connection_env('admin')
    balance = billmgr_sim.account('alice')['balance']

    checked = ansible.playbook(EXAMPLE.read_text(), extra_args=['-e', 'customer=alice'], env=env, check=True, diff=True)
    assert checked.rc == 0, checked
    assert checked.task(ORDER_TASK)['changed'] is True and checked.task(ORDER_TASK)['order']['cost'] == 906.0
    assert billmgr_sim.account('alice')['balance'] == balance

    ordered = ansible.playbook(EXAMPLE.read_text(), extra_args=['-e', 'customer=alice'], env=env)
    assert ordered.rc == 0, ordered
    service = ordered.task(ORDER_TASK)['service']
    assert service['status'] == 2 and service['account'] == 'alice'
    assert service['addons'] == {'9': 2, '11': 2048}

    again = ansible.playbook(EXAMPLE.read_text(), extra_args=['-e', 'customer=alice'], env=env)
    assert again.rc == 0, again
    assert again.task(ORDER_TASK)['changed'] is False
    assert 'changed=0' in again.stdout
    assert len(listed(billmgr_sim, 'vds', remoteid='example-web-01')) == 1
    assert billmgr_sim.account('alice')['balance'] == balance - 906.0
