# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_statdaily against the simulator: one charge per service and day, unless forced."""

from __future__ import annotations

CHARGE = '''
- name: charge
  ispsystem.billmgr.billmgr_statdaily:
    item: 958
    statdate: "2026-01-31"{more}
'''


def day_charges(sim, day='2026-01-31'):
    return [expense for expense in sim.account('alice')['expenses'] if expense['date'] == day and expense['service'] == '958']


def test_check_mode_then_charge_then_unchanged_then_forced(ansible, billmgr_sim):
    balance = billmgr_sim.account('alice')['balance']

    checked = ansible.tasks(CHARGE.format(more=''), user='admin', check=True)
    assert checked.rc == 0, checked
    assert checked.task('charge')['changed'] is True
    assert day_charges(billmgr_sim) == []
    assert billmgr_sim.counters()['func'].get('service.statdaily') is None

    charged = ansible.tasks(CHARGE.format(more=''), user='admin')
    assert charged.rc == 0, charged
    assert charged.task('charge')['changed'] is True
    assert charged.task('charge')['statdate'] == '2026-01-31' and charged.task('charge')['item'] == 958
    [expense] = day_charges(billmgr_sim)
    after_one = billmgr_sim.account('alice')['balance']
    assert after_one < balance

    again = ansible.tasks(CHARGE.format(more=''), user='admin')
    assert again.rc == 0, again
    assert again.task('charge')['changed'] is False
    assert 'already calculated' in again.task('charge')['msg']
    assert day_charges(billmgr_sim) == [expense]
    assert billmgr_sim.account('alice')['balance'] == after_one

    forced = ansible.tasks(CHARGE.format(more='\n    force: true'), user='admin')
    assert forced.rc == 0, forced
    assert forced.task('charge')['changed'] is True
    [recalculated] = day_charges(billmgr_sim)
    assert recalculated['amount'] == expense['amount']
    assert billmgr_sim.account('alice')['balance'] == after_one  # the old charge refunded, the new one taken
    assert billmgr_sim.counters()['func']['service.statdaily'] == 3


def test_a_client_gets_the_access_error_and_a_bad_date_fails_before_asking(ansible, billmgr_sim):
    client = ansible.tasks(CHARGE.format(more='') + '  ignore_errors: true\n', user='alice')
    [failed] = client.failed('charge')
    assert failed['result']['msg'].startswith('BILLmanager error (access')
    assert day_charges(billmgr_sim) == []

    billmgr_sim.reset_counters()
    bad = ansible.tasks(CHARGE.format(more='').replace('2026-01-31', '31.01.2026') + '  ignore_errors: true\n', user='admin')
    [failed] = bad.failed('charge')
    assert failed['result']['msg'] == "statdate must be a date written YYYY-MM-DD; got '31.01.2026'"
    assert billmgr_sim.counters()['requests'] == 0
