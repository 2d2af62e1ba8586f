# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_license_info against the simulator: filters, keys, and the admin's view of several accounts."""

from __future__ import annotations

from billmgr_sim.testing import LICENSE_IPS, edit_form, listed_by_id

IP1, IP2 = LICENSE_IPS[:2]


def test_filters_combine_and_match_the_panel(ansible, billmgr_sim):
    run = ansible.tasks('''
        - name: Order two more
          ispsystem.billmgr.billmgr_license:
            licname: "{{ item.name }}"
            pricelist: ISPmanager Lite
            ip: "{{ item.ip }}"
            period: "{{ item.period }}"
          loop:
            - {name: monthly, ip: %s, period: 1}
            - {name: yearly, ip: %s, period: 12}

        - name: Suspend one
          ispsystem.billmgr.billmgr_license:
            licname: monthly
            state: suspended

        - name: All
          ispsystem.billmgr.billmgr_license_info:

        - name: By address
          ispsystem.billmgr.billmgr_license_info:
            ip: %s

        - name: Suspended
          ispsystem.billmgr.billmgr_license_info:
            statuses: [suspended]

        - name: Active or suspended, by name
          ispsystem.billmgr.billmgr_license_info:
            licname: monthly
            status: [active, suspended]

        - name: Expiring within two months
          ispsystem.billmgr.billmgr_license_info:
            expires_before: "{{ '%%Y-%%m-%%d' | strftime(now().timestamp() + 62 * 86400) }}"

        - name: Expiring in more than two months
          ispsystem.billmgr.billmgr_license_info:
            expires_after: "{{ '%%Y-%%m-%%d' | strftime(now().timestamp() + 62 * 86400) }}"
    ''' % (IP1, IP2, IP2))
    assert run.rc == 0, run
    panel = listed_by_id(billmgr_sim, 'soft', user='alice')
    every = run.task('All')['licenses']
    assert [lic['id'] for lic in every] == sorted(panel)
    assert all('lickey' not in lic for lic in every)
    by_name = dict((lic['licname'], lic) for lic in every)
    assert by_name['yearly']['period'] == 12 and by_name['monthly']['period'] == 1
    assert by_name['yearly']['expiredate'] == panel[by_name['yearly']['id']]['expiredate']
    assert [lic['licname'] for lic in run.task('By address')['licenses']] == ['yearly']
    assert [lic['licname'] for lic in run.task('Suspended')['licenses']] == ['monthly']
    assert [lic['licname'] for lic in run.task('Active or suspended, by name')['licenses']] == ['monthly']
    # (Compared by id: the simulator's password "alice" is masked in every output, "alice-lite" included.)
    assert [lic['id'] for lic in run.task('Expiring within two months')['licenses']] == [777, by_name['monthly']['id']]
    assert [lic['licname'] for lic in run.task('Expiring in more than two months')['licenses']] == ['yearly']
    assert all(task['outcome'] == 'ok' and not task['result']['changed'] for task in run.tasks if task['name'] != 'Order two more'
               and task['name'] != 'Suspend one')


def test_deleted_licenses_only_when_asked_for(ansible, billmgr_sim):
    billmgr_sim.call('soft.delete', user='alice', elid=777, sok='ok')
    run = ansible.tasks('''
        - name: Live
          ispsystem.billmgr.billmgr_license_info:

        - name: Deleted
          ispsystem.billmgr.billmgr_license_info:
            status: [deleted]
    ''')
    assert run.rc == 0, run
    assert run.task('Live')['licenses'] == []
    assert [lic['id'] for lic in run.task('Deleted')['licenses']] == [777]
    assert run.task('Deleted')['licenses'][0]['status_name'] == 'deleted'


def test_keys_only_when_asked_for_and_an_admin_narrows_to_an_account(ansible, billmgr_sim):
    billmgr_sim.reset_counters()
    run = ansible.tasks('''
        - name: With keys
          ispsystem.billmgr.billmgr_license_info:
            with_keys: true
          no_log: true
          register: keys

        - name: The key is there
          ansible.builtin.assert:
            that: keys.licenses[0].lickey | length == 40
    ''')
    assert run.rc == 0, run
    assert billmgr_sim.counters()['func'] == {'soft': 1, 'soft.edit': 1}
    assert edit_form(billmgr_sim, 'soft', 777, user='alice')['lickey']

    run = ansible.tasks('''
        - name: Alice's, seen by the admin
          ispsystem.billmgr.billmgr_license_info:
            account: alice

        - name: Bob's, seen by the admin
          ispsystem.billmgr.billmgr_license_info:
            account: bob

        - name: A bad date
          ispsystem.billmgr.billmgr_license_info:
            expires_before: 31.12.2026
          ignore_errors: true
    ''', user='admin')
    assert run.rc == 0, run
    assert [lic['id'] for lic in run.task("Alice's, seen by the admin")['licenses']] == [777]
    assert run.task("Alice's, seen by the admin")['licenses'][0]['account'] == 'alice'
    assert run.task("Bob's, seen by the admin")['licenses'] == []
    assert "expires_before must be a date written YYYY-MM-DD; got '31.12.2026'" in run.task('A bad date')['msg']
    assert listed_by_id(billmgr_sim, 'soft')[777]['account'] == 'alice'
