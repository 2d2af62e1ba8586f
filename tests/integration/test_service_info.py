# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_service_info against the simulator's demo accounts: what each user sees, filters, add-ons, paging."""

from __future__ import annotations


def ids(result, name):
    return [(service['type'], service['id']) for service in result.task(name)['services']]


def test_a_client_lists_its_own_services_of_each_type(ansible, billmgr_sim):
    result = ansible.tasks('''
        - name: default types
          ispsystem.billmgr.billmgr_service_info:
        - name: vds only
          ispsystem.billmgr.billmgr_service_info:
            type: vds
        - name: platform
          ispsystem.billmgr.billmgr_service_info:
            type: [platform]
    ''', check=True)
    assert result.rc == 0, result
    assert ids(result, 'default types') == [('vds', 938), ('vds', 958), ('dedic', 892), ('dedic', 1065), ('vhost', 945), ('vhost', 1085)]
    assert ids(result, 'vds only') == [('vds', 938), ('vds', 958)]
    assert ids(result, 'platform') == [('platform', 1100)]
    assert result.task('vds only')['changed'] is False
    [web] = [s for s in result.task('vds only')['services'] if s['id'] == 958]
    assert web['status'] == 2 and web['status_name'] == 'active' and web['ip'] == '127.0.3.190'
    # Real lists name the tariff without its id (E18): the id is null, not guessed.
    assert web['pricelist'] == 'VPS Start' and web['pricelist_id'] is None and web['autoprolong'] == 'Month'
    assert web['ostempl'] == 'ISPsystem__CentOS-7-amd64' and web['addons'] is None
    assert len(web['expiredate']) == 10 and web['expiredate'][4] == '-'

    bob = ansible.tasks('''
        - name: bob's
          ispsystem.billmgr.billmgr_service_info:
            type: vds
    ''', user='bob')
    assert ids(bob, "bob's") == [('vds', 5)]


def test_filters_and_add_ons(ansible, billmgr_sim):
    billmgr_sim.call('vds.delete', elid=938, sok='ok')
    result = ansible.tasks('''
        - name: by id with add-ons
          ispsystem.billmgr.billmgr_service_info:
            type: vds
            id: 958
            with_addons: true
        - name: by domain
          ispsystem.billmgr.billmgr_service_info:
            type: [vds, dedic, vhost]
            domain: db.alice.test
        - name: deleted
          ispsystem.billmgr.billmgr_service_info:
            type: vds
            status: deleted
        - name: active or processing
          ispsystem.billmgr.billmgr_service_info:
            type: vds
            statuses: [2, processing]
        - name: nothing
          ispsystem.billmgr.billmgr_service_info:
            type: vds
            remoteid: no-such-thing
    ''', user='admin')
    assert result.rc == 0, result
    [web] = result.task('by id with add-ons')['services']
    assert web['addons'] == {'7': 10000, '9': 2, '10': 0, '11': 1024, '12': 100, '13': 1, '14': 7, '15': 0, '16': 'off', '17': 171,
                             '28': 0}
    assert ids(result, 'by domain') == [('dedic', 1065)]
    assert ids(result, 'deleted') == [('vds', 938)]
    assert result.task('deleted')['services'][0]['status_name'] == 'deleted'
    assert ids(result, 'active or processing') == [('vds', 5), ('vds', 958)]
    assert result.task('nothing')['services'] == []


def test_account_filter_for_an_administrator(ansible, billmgr_sim):
    result = ansible.tasks('''
        - name: bob's vds
          ispsystem.billmgr.billmgr_service_info:
            type: vds
            account: bob
    ''', user='admin')
    assert result.rc == 0, result
    assert ids(result, "bob's vds") == [('vds', 5)]
    assert result.task("bob's vds")['services'][0]['account'] == 'bob'


def test_bad_status_fails_before_asking(ansible, billmgr_sim):
    result = ansible.tasks('''
        - name: bad
          ispsystem.billmgr.billmgr_service_info:
            status: sleeping
          ignore_errors: true
    ''')
    [failed] = result.failed('bad')
    assert failed['result']['msg'].startswith("unknown status 'sleeping'; use one of ordered (1), active (2)")
    assert billmgr_sim.counters()['requests'] == 0
