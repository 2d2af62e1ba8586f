# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every module's read path and the inventory on a panel that lists auto-renewal as the period's label ("Month",
real-panels-2 §9.3, E23; some rows with item_real_status alone, real-panels-2 §9.4): nothing fails, a task that sets or
compares auto-renewal does it in months, once. (Months in a list, which no source shows, are read by
panel/_columns.py and unit-tested there.)"""

from __future__ import annotations

from billmgr_sim.playbook import AnsibleRunner
from billmgr_sim.testing import inventory_value

# What real panels list, plus E23's rows without item_status (odd ids: 777 and 1065 here).
SWITCHES = {'item_real_status': True}

TASKS = '''
- name: info before
  ispsystem.billmgr.billmgr_service_info: {type: vds}
- name: present unchanged
  ispsystem.billmgr.billmgr_service: {type: vds, id: 958, autoprolong: 1}
- name: autoprolong 12
  ispsystem.billmgr.billmgr_service: {type: vds, id: 958, autoprolong: 12}
- name: autoprolong 12 again
  ispsystem.billmgr.billmgr_service: {type: vds, id: 958, autoprolong: 12}
- name: prolong off
  ispsystem.billmgr.billmgr_prolong: {type: vds, id: 938, autoprolong: 'off'}
- name: prolong off again
  ispsystem.billmgr.billmgr_prolong: {type: vds, id: 938, autoprolong: 'off'}
- name: forecast
  ispsystem.billmgr.billmgr_account_info: {days: 400}
- name: license 12
  ispsystem.billmgr.billmgr_license: {id: 777, autoprolong: 12}
- name: license 12 again
  ispsystem.billmgr.billmgr_license: {id: 777, autoprolong: 12}
- name: license info
  ispsystem.billmgr.billmgr_license_info: {}
- name: info after
  ispsystem.billmgr.billmgr_service_info: {type: vds}
- name: dedicated servers
  ispsystem.billmgr.billmgr_service_info: {type: dedic}
'''


def listed(result, key='services'):
    return dict((item['id'], item['autoprolong']) for item in result[key])


def test_modules_and_the_inventory_read_labels_and_write_months_once(tmp_path, billmgr_sim_factory):
    sim = billmgr_sim_factory(**SWITCHES)
    ansible = AnsibleRunner(tmp_path, sim)

    run = ansible.tasks(TASKS)

    assert run.rc == 0, run
    # Info modules say what the panel lists.
    assert listed(run.task('info before')) == {938: 'Month', 958: 'Month'}
    # A task that compares or sets auto-renewal does it in months, and changes it once.
    for name, changed, months in (('present unchanged', False, 1), ('autoprolong 12', True, 12), ('autoprolong 12 again', False, 12)):
        result = run.task(name)
        assert (result['changed'], result['service']['autoprolong']) == (changed, months), (name, result)
    assert [run.task(name)['changed'] for name in ('prolong off', 'prolong off again')] == [True, False]
    assert run.task('prolong off again')['service']['autoprolong'] is None
    for name, changed in (('license 12', True), ('license 12 again', False)):
        result = run.task(name)
        assert (result['changed'], result['license']['autoprolong'], result['license']['status']) == (changed, 12, 2), (name, result)
    # The panel made the changes, in months.
    assert sim.call('vds.edit', user='alice', elid=958)['doc']['autoprolong'] == {'$': '12'}
    assert sim.call('soft.edit', user='alice', elid=777)['doc']['autoprolong'] == {'$': '12'}
    assert listed(run.task('info after')) == {938: None, 958: 'Year'}
    assert listed(run.task('license info'), 'licenses')[777] == 'Year'
    # A row without status or item_status (E23) is read from item_real_status.
    dedics = dict((s['id'], s) for s in run.task('dedicated servers')['services'])
    assert (dedics[1065]['status'], dedics[1065]['status_name'], dedics[1065]['autoprolong']) == (2, 'active', 'Month')
    # The forecast renews in months, read from each due service's edit form where the list shows a label.
    due = run.task('forecast')['forecast']['services']
    assert due and all(isinstance(s['autoprolong'], int) and s['autoprolong'] > 0 for s in due), due
    assert 938 not in [s['id'] for s in due]

    rc, data, _out, stderr = ansible.inventory('plugin: ispsystem.billmgr.billmgr\nurl: %s\nusername: alice\npassword: Ali-6b1d\n' % sim.url)
    assert rc == 0 and data is not None, stderr
    hostvars = data['_meta']['hostvars']
    # Strings from the panel come marked unsafe.
    assert inventory_value(hostvars['web.alice.test']['billmgr_autoprolong']) == 'Year'
    assert hostvars['old-vps.alice.test']['billmgr_autoprolong'] is None
    assert hostvars['db.alice.test']['billmgr_status'] == 2
