# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_pricelist_info against the simulator's demo catalog: what a user needs to write an order task."""

from __future__ import annotations


def test_vps_tariffs_with_addons_datacenters_and_templates(ansible, billmgr_sim):
    result = ansible.tasks('''
        - name: vps
          ispsystem.billmgr.billmgr_pricelist_info:
            type: vds
    ''', check=True)
    assert result.rc == 0, result
    answer = result.task('vps')
    assert answer['changed'] is False
    assert [(t['id'], t['name'], t['type'], t['orderable']) for t in answer['pricelists']] == [
        (1, 'VPS Mini', 'vds', True), (4, 'VPS Old', 'vds', False), (6, 'VPS Start', 'vds', True), (7, 'VPS Pro', 'vds', True),
        (8, 'VPS Trial', 'vds', True), (9, 'VPS Daily', 'vds', True)]
    start = answer['pricelists'][2]
    assert [(p['period'], p['code']) for p in start['periods']] == [(1, 1), (3, 3), (6, 6), (12, 12), (24, 24), (36, 36)]
    assert start['periods'][0] == {'period': 1, 'code': 1, 'cost': '500.0000', 'currency': 'RUB', 'setup': None}
    # VPS Pro charges a one-time setup fee with an order's first payment (issue 34; the simulator's export shows it).
    assert [(p['code'], p['setup']) for p in answer['pricelists'][3]['periods']] == [(1, '600.0000'), (12, '600.0000')]
    assert start['periods'][3] == {'period': 12, 'code': 12, 'cost': '6000.0000', 'currency': 'RUB', 'setup': None}
    assert start['datacenters'] == [{'id': 1, 'name': 'Frankfurt'}]
    [ram] = [addon for addon in start['addons'] if addon['name'] == 'RAM']
    assert (ram['id'], ram['type'], ram['min'], ram['max'], ram['step'], ram['measure'], ram['included']) == (
        11, 'integer', 256, 65536, 256, 'MB', 1024)
    assert {'name': 'ISPsystem__Debian-12-amd64', 'title': 'Debian 12 (amd64)'} in start['ostempls']
    # The form offers each recipe once per OS template it installs on ($depend, E1).
    assert [(recipe['name'], recipe['ostempl']) for recipe in start['recipes']] == [
        ('ISPsystem__Docker', 'ISPsystem__CentOS-7-amd64'), ('ISPsystem__LAMP', 'ISPsystem__CentOS-7-amd64'),
        ('ISPsystem__Docker', 'ISPsystem__Debian-12-amd64'), ('ISPsystem__LAMP', 'ISPsystem__Debian-12-amd64')]
    assert answer['datacenters'] == [{'id': 1, 'name': 'Frankfurt'}, {'id': 2, 'name': 'Amsterdam'}]
    # the archived tariff takes no orders: its order form is not read
    old = answer['pricelists'][1]
    assert old['recipes'] is None
    # the price list once, and one order form per orderable VPS tariff for its templates
    assert billmgr_sim.counters()['func'] == {'pricelist.export': 1, 'v2.vds.order.param': 5}


def test_one_tariff_by_name_without_order_forms(ansible, billmgr_sim):
    result = ansible.tasks('''
        - name: dedicated
          ispsystem.billmgr.billmgr_pricelist_info:
            pricelist: Dedicated Basic
            with_templates: false
        - name: hosting
          ispsystem.billmgr.billmgr_pricelist_info:
            types: [vhost]
    ''')
    assert result.rc == 0, result
    [dedic] = result.task('dedicated')['pricelists']
    assert dedic['id'] == 32 and dedic['type'] == 'dedic' and dedic['recipes'] is None
    # Without the order forms the OS templates come from the export's itemtypeparam (E10); recipes only a form has.
    assert dedic['ostempls'] == [{'name': 'ISPsystem__CentOS-7-amd64', 'title': 'CentOS 7 (amd64)'},
                                 {'name': 'ISPsystem__Debian-12-amd64', 'title': 'Debian 12 (amd64)'}]
    [raid] = [addon for addon in dedic['addons'] if addon['id'] == 33]
    assert raid['type'] == 'enum' and [(item['id'], item['name']) for item in raid['choices']] == [(1, 'No RAID'), (2, 'RAID 1'), (3, 'RAID 10')]
    assert [item['prices'][0]['cost'] for item in raid['choices']] == ['0.0000', '500.0000', '1000.0000']
    assert [t['name'] for t in result.task('hosting')['pricelists']] == ['Hosting Start']
    assert result.task('hosting')['pricelists'][0]['ostempls'] is None
    assert billmgr_sim.counters()['func'] == {'pricelist.export': 2}


def test_an_unknown_tariff_lists_the_valid_ones(ansible, billmgr_sim):
    result = ansible.tasks('''
        - name: unknown
          ispsystem.billmgr.billmgr_pricelist_info:
            type: vds
            pricelist: VPS Huge
          ignore_errors: true
    ''')
    [failed] = result.failed('unknown')
    assert failed['result']['msg'] == ("unknown pricelist 'VPS Huge' for item types vds; "
                                       "valid: VPS Mini (1), VPS Old (4), VPS Start (6), VPS Pro (7), VPS Trial (8), VPS Daily (9)")
