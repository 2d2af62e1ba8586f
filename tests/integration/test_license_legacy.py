# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The legacy software.* API of my.ispsystem.com (api: legacy), end to end against the simulator.

The demo data: alice owns legacy license 334673 (ISPmanager Lite (without support), 198.51.100.100,
expiring in a month). Lite costs 300 RUB a month (period id 8).
"""

from __future__ import annotations

import datetime

from billmgr_sim.testing import func_total, listed_by_id

NEW_IP = '111.222.111.222'
LEGACY_WRITES = ('software.edit', 'software.period')


def legacy_url(sim):
    return sim.url.replace('/billmgr', '/manager/billmgr')


def test_legacy_order_unchanged_rename_move_renew(ansible, billmgr_sim):
    url = legacy_url(billmgr_sim)
    balance = billmgr_sim.account('alice')['balance']
    order = '''
        - name: Order
          ispsystem.billmgr.billmgr_license:
            api: legacy
            licname: LICNAME
            pricelist: ISPmanager Lite (without support)
            ip: %s
            period: 1
    ''' % NEW_IP

    billmgr_sim.reset_counters()
    run = ansible.tasks(order, url=url, check=True)
    assert run.rc == 0, run
    assert run.task('Order')['changed'] is True
    assert run.task('Order')['license']['pricelist_id'] == 7
    counters = billmgr_sim.counters()
    assert func_total(counters, *LEGACY_WRITES) == 0 and counters['func']['software.licinfo'] == 1
    # Not even the user's saved list filter is touched in check mode; the module warns that it might hide a license.
    assert 'software.filter' not in counters['func']
    assert any('saved in the web interface may hide one' in w for w in run.task('Order').get('warnings', []))
    assert sorted(listed_by_id(billmgr_sim, 'software', user='alice')) == [334673]

    run = ansible.tasks(order, url=url)
    assert run.rc == 0, run
    license_ = run.task('Order')['license']
    assert run.task('Order')['changed'] is True
    assert license_['api'] == 'legacy' and license_['licname'] == 'LICNAME' and license_['ip'] == NEW_IP
    assert license_['pricelist'] == 'ISPmanager Lite (without support)' and license_['period'] == 1
    panel = listed_by_id(billmgr_sim, 'software', user='alice')
    assert panel[license_['id']]['licname'] == 'LICNAME' and panel[license_['id']]['price_id'] == '7'
    assert billmgr_sim.account('alice')['balance'] == balance - 300

    billmgr_sim.reset_counters()
    run = ansible.tasks(order, url=url)
    assert run.rc == 0, run
    assert run.task('Order')['changed'] is False
    assert billmgr_sim.counters()['requests'] == 1

    # The seed's example, verbatim: new name and address for license 334673.
    run = ansible.tasks('''
        - name: Rename and move
          ispsystem.billmgr.billmgr_license:
            api: legacy
            id: 334673
            licname: NEWLICNAME
            ip: 111.222.111.223
    ''', url=url, diff=True)
    assert run.rc == 0, run
    assert run.task('Rename and move')['diff']['after']['licname'] == 'NEWLICNAME'
    assert listed_by_id(billmgr_sim, 'software', user='alice')[334673]['ip'] == '111.222.111.223'

    run = ansible.tasks('''
        - name: Move again
          ispsystem.billmgr.billmgr_license:
            api: legacy
            id: 334673
            ip: 111.222.111.224
    ''', url=url)
    assert run.rc != 0
    assert 'only once per calendar month' in run.task('Move again')['msg']
    assert listed_by_id(billmgr_sim, 'software', user='alice')[334673]['ip'] == '111.222.111.223'

    expiredate = listed_by_id(billmgr_sim, 'software', user='alice')[334673]['expiredate']
    run = ansible.tasks('''
        - name: Renew for a month
          ispsystem.billmgr.billmgr_license:
            api: legacy
            id: 334673
            renew: true
    ''', url=url)
    assert run.rc == 0, run
    renewed = listed_by_id(billmgr_sim, 'software', user='alice')[334673]['expiredate']
    assert run.task('Renew for a month')['license']['expiredate'] == renewed
    assert datetime.date.fromisoformat(renewed) > datetime.date.fromisoformat(expiredate) + datetime.timedelta(days=27)
    assert billmgr_sim.account('alice')['balance'] == balance - 600


def test_legacy_lifetime_license_with_legacy_period(ansible, billmgr_sim):
    run = ansible.tasks('''
        - name: Lite for life
          ispsystem.billmgr.billmgr_license:
            api: legacy
            licname: forever
            pricelist: '7'
            legacy_period: 9
            ip: 111.222.111.5
    ''', url=legacy_url(billmgr_sim))
    assert run.rc == 0, run
    license_ = run.task('Lite for life')['license']
    assert license_['period'] is None
    assert int(license_['expiredate'][:4]) >= datetime.date.today().year + 99
    assert listed_by_id(billmgr_sim, 'software', user='alice')[license_['id']]['period'] == 'life'


def test_legacy_checks_before_paying_and_refuses_what_it_cannot_do(ansible, billmgr_sim):
    balance = billmgr_sim.account('alice')['balance']
    billmgr_sim.reset_counters()
    run = ansible.tasks('''
        - name: An address that already has Lite
          ispsystem.billmgr.billmgr_license:
            api: legacy
            licname: dup
            pricelist: ISPmanager Lite (without support)
            ip: 198.51.100.100
          ignore_errors: true

        - name: Lite is not sold by the year
          ispsystem.billmgr.billmgr_license:
            api: legacy
            licname: yearly
            pricelist: ISPmanager Lite
            ip: 111.222.111.6
            period: 12
          ignore_errors: true

        - name: Unknown product
          ispsystem.billmgr.billmgr_license:
            api: legacy
            licname: x
            pricelist: ISPmanager Ultra
            ip: 111.222.111.6
          ignore_errors: true

        - name: Delete
          ispsystem.billmgr.billmgr_license:
            api: legacy
            id: 334673
            state: absent
          ignore_errors: true

        - name: New key
          ispsystem.billmgr.billmgr_license:
            api: legacy
            id: 334673
            regenerate_key: true
          ignore_errors: true
    ''', url=legacy_url(billmgr_sim))
    assert run.rc == 0, run
    msg = dict((task['name'], task['result'].get('msg', '')) for task in run.tasks)
    assert all(task['outcome'] == 'failed' for task in run.tasks), msg
    assert 'cannot be ordered for 198.51.100.100, nothing was ordered or paid' in msg['An address that already has Lite']
    assert 'is not sold for 12 months; choose one of its periods with legacy_period: 7 (Trial (2 weeks)), 8 (1 month), 9 (life)' \
        in msg['Lite is not sold by the year']
    assert "no legacy product 'ISPmanager Ultra'" in msg['Unknown product']
    assert 'state=absent: not available with api=legacy' in msg['Delete']
    assert 'regenerate_key: not available with api=legacy' in msg['New key']
    counters = billmgr_sim.counters()
    assert func_total(counters, *LEGACY_WRITES) == 0
    # The three order tasks looked the name up. Only the first named a product that exists, so only it cleared a
    # saved list filter and looked again (a miss may be a filter's doing) and got as far as the IP check; a bad
    # product or period is refused before that write. The two refused actions sent nothing at all.
    assert counters['func'] == {'software': 4, 'software.filter': 1, 'software.licinfo': 1}
    assert billmgr_sim.account('alice')['balance'] == balance


def test_legacy_info_expiry_range_and_a_filter_left_in_the_web_interface(ansible, billmgr_sim):
    url = legacy_url(billmgr_sim)
    # Someone saved a filter in the web interface that hides every license.
    billmgr_sim.call('software.filter', user='alice', expires='2099-01-01', sok='ok')
    run = ansible.tasks('''
        - name: Expiring within 40 days
          ispsystem.billmgr.billmgr_license_info:
            api: legacy
            expires_after: "{{ '%Y-%m-%d' | strftime(now().timestamp()) }}"
            expires_before: "{{ '%Y-%m-%d' | strftime(now().timestamp() + 40 * 86400) }}"

        - name: Expiring next year
          ispsystem.billmgr.billmgr_license_info:
            api: legacy
            expires_after: "{{ '%Y-%m-%d' | strftime(now().timestamp() + 365 * 86400) }}"

        - name: The existing license is found, not ordered again
          ispsystem.billmgr.billmgr_license:
            api: legacy
            licname: LICNAME-OLD
            pricelist: ISPmanager Lite (without support)
            ip: 198.51.100.100
    ''', url=url)
    assert run.rc == 0, run
    assert [lic['id'] for lic in run.task('Expiring within 40 days')['licenses']] == [334673]
    assert run.task('Expiring next year')['licenses'] == []
    assert run.task('The existing license is found, not ordered again')['changed'] is False
    assert sorted(listed_by_id(billmgr_sim, 'software', user='alice')) == [334673]
    # The info module leaves no filter behind.
    assert billmgr_sim.call('software.filter', user='alice')['doc'].get('expires') is None
