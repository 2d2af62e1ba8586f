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
    assert [(t['id'], t['name'], t['type']) for t in answer['pricelists']] == [
        (1, 'VPS Mini', 'vds'), (6, 'VPS Start', 'vds'), (7, 'VPS Pro', 'vds')]
    start = answer['pricelists'][1]
    assert start['periods'] == [1, 3, 6, 12, 24, 36]
    assert start['prices'][0] == {'period': 1, 'cost': '500.00'} and start['prices'][3] == {'period': 12, 'cost': '6000.00'}
    assert start['datacenters'] == [{'id': 1, 'name': 'Frankfurt'}]
    [ram] = [addon for addon in start['addons'] if addon['name'] == 'RAM']
    assert (ram['id'], ram['type'], ram['min'], ram['max'], ram['step'], ram['measure'], ram['default']) == (
        11, 'integer', 256, 65536, 256, 'MB', '1024')
    assert {'name': 'ISPsystem__Debian-12-amd64', 'title': 'Debian 12 (amd64)'} in start['ostempls']
    assert [recipe['name'] for recipe in start['recipes']] == ['ISPsystem__Docker', 'ISPsystem__LAMP']
    assert answer['datacenters'] == [{'id': 1, 'name': 'Frankfurt'}, {'id': 2, 'name': 'Amsterdam'}]
    # the price list once, and one order form per VPS tariff for its templates
    assert billmgr_sim.counters()['func'] == {'pricelist.export': 1, 'v2.vds.order.param': 3}


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
    assert dedic['id'] == 32 and dedic['type'] == 'dedic' and dedic['ostempls'] is None
    [raid] = [addon for addon in dedic['addons'] if addon['id'] == 33]
    assert raid['type'] == 'enum' and [item['name'] for item in raid['enumitems']] == ['No RAID', 'RAID 1', 'RAID 10']
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
                                       "valid: VPS Mini (1), VPS Start (6), VPS Pro (7)")
