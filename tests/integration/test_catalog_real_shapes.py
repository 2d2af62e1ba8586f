# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The catalogue as real panels write it (real-panels §7.1, §3.8, §3.9, §5.6, §8), from playbooks to the panel's state.

The simulator's demo catalogue: VPS Start (6) sells 1 to 36 months at 500 RUB a month, with add-ons by
kind (addontype): 16 "IPv6" a boolean (on/off, 50 RUB), 11 "RAM" an integer (256..65536 MB in steps of
256, 1024 included, 0.25 RUB per MB), 17 "Control panel" an enum (items 171 None, 172 ISPmanager Lite at
400 RUB, 173 ISPmanager Pro at 800 RUB), 15 "DDoS protection" an integer of 0 to 1. VPS Trial (8) sells
a trial (-100), VPS Daily (9) only daily billing (-50, 20 RUB a day), Platform Setup (41) only a one-time
payment (0, 5000 RUB); VPS Old (4) is archived.

Every step is checked against what the simulator holds (its database, the edit form, the balance, its
request counters), not only against what the module says.
"""

from __future__ import annotations

import pytest

from billmgr_sim.playbook import AnsibleRunner
from billmgr_sim.testing import LICENSE_IPS, db_snapshot, edit_form, listed, requests_per_task, snapshot_changes, start_simulator

VPS_BY_NAMES = '''
- name: web
  ispsystem.billmgr.billmgr_service:
    type: vds
    remoteid: cat-web-01
    domain: cat-web-01.example.com
    pricelist: VPS Start
    datacenter: Frankfurt
    period: 1
    addons:
      IPv6: {ipv6}
      RAM: 2048
      Control panel: ISPmanager Lite
'''


def test_vps_by_names_with_boolean_integer_and_enum_addons(ansible, billmgr_sim):
    balance = billmgr_sim.account('alice')['balance']
    before = db_snapshot(billmgr_sim)

    # Check mode: the names are resolved through the price list, the cost comes from the order form; nothing is written.
    billmgr_sim.reset_counters()
    checked = ansible.tasks(VPS_BY_NAMES.format(ipv6='true'), check=True, diff=True)
    assert checked.rc == 0, checked
    result = checked.task('web')
    assert result['changed'] is True
    assert result['order']['pricelist'] == 6 and result['order']['datacenter'] == 1 and result['order']['period'] == 1
    assert result['order']['addons'] == {'11': 2048, '16': 'on', '17': 172}
    # total_summary of the form: 500 + (2048 - 1024) MB * 0.25 + IPv6 50 + ISPmanager Lite 400, one month
    assert (result['order']['cost'], result['order']['currency']) == (1206.0, 'RUB')
    assert result['service']['id'] is None and result['service']['pricelist'] == 'VPS Start'
    assert result['service']['datacenter'] == 'Frankfurt'
    # Check mode reads the carts too: an unpaid order of the type waiting there stops the order (issue 19, bug 8); and the
    # balance, to say when it cannot pay (issue 36: here it can, so nothing is said).
    assert billmgr_sim.counters()['func'] == {'vds': 1, 'pricelist.export': 1, 'v2.vds.order.param': 1, 'basket': 1, 'cart': 1,
                                              'desktop': 1}
    assert snapshot_changes(before, db_snapshot(billmgr_sim)) == {}
    # --diff names the add-ons as the task did (issue 36); no ostempl: the form's default is named, and the tariff's others.
    assert result['diff']['after']['addons'] == {'RAM (11)': 2048, 'IPv6 (16)': 'on', 'Control panel (17)': 172}
    assert '"Control panel (17)": 172' in checked.stdout, checked.stdout
    default_os = ("no ostempl was given: the new vds service gets the panel's default OS template, ISPsystem__CentOS-7-amd64; "
                  "set ostempl to choose one of tariff VPS Start: ISPsystem__CentOS-7-amd64")
    assert [warning for warning in result['warnings'] if warning.startswith(default_os)], result['warnings']
    assert not [warning for warning in result['warnings'] if 'balance' in warning], result['warnings']
    assert billmgr_sim.account('alice')['balance'] == balance

    # The order: one write, the add-ons stored as the panel writes them (boolean on/off, enum the item id).
    billmgr_sim.reset_counters()
    created = ansible.tasks(VPS_BY_NAMES.format(ipv6='true'))
    assert created.rc == 0, created
    result = created.task('web')
    assert result['changed'] is True
    service = result['service']
    assert service['status_name'] == 'active' and service['pricelist'] == 'VPS Start' and service['datacenter'] == 'Frankfurt'
    assert (service['addons']['11'], service['addons']['16'], service['addons']['17']) == (2048, 'on', 172)
    assert [warning for warning in result['warnings'] if warning.startswith(default_os)], 'the default the service got'
    counters = billmgr_sim.counters()
    assert counters['func']['v2.vds.order.param'] == 1 and counters['func']['pricelist.export'] == 1
    [row] = listed(billmgr_sim, 'vds', remoteid='cat-web-01')
    assert int(row['id']) == service['id'] and row['pricelist'] == 'VPS Start' and row['datacentername'] == 'Frankfurt'
    form = edit_form(billmgr_sim, 'vds', service['id'])
    assert (form['addon_16'], form['addon_17'], form['addon_11']) == ('on', '172', '2048')
    assert billmgr_sim.account('alice')['balance'] == pytest.approx(balance - 1206.0)
    paid = billmgr_sim.account('alice')['balance']

    # The same again: found, compared with the edit form, nothing written.
    state = db_snapshot(billmgr_sim)
    billmgr_sim.reset_counters()
    again = ansible.tasks(VPS_BY_NAMES.format(ipv6='true'))
    assert again.rc == 0, again
    assert again.task('web')['changed'] is False
    assert again.task('web')['service']['id'] == service['id']
    assert billmgr_sim.counters()['func'] == {'vds': 1, 'vds.edit': 1, 'pricelist.export': 1}  # look-up, form, names
    assert snapshot_changes(state, db_snapshot(billmgr_sim)) == {}

    # IPv6 off: one edit, written as off (never 0); a downgrade is free.
    switched = ansible.tasks(VPS_BY_NAMES.format(ipv6='false'), diff=True)
    assert switched.rc == 0, switched
    result = switched.task('web')
    assert result['changed'] is True
    assert result['diff'] == {'before': {'addons.IPv6 (16)': 'on'}, 'after': {'addons.IPv6 (16)': 'off'}}  # as the task names it
    assert '+    "addons.IPv6 (16)": "off"' in switched.stdout, switched.stdout  # what --diff prints
    assert result['service']['addons']['16'] == 'off'
    form = edit_form(billmgr_sim, 'vds', service['id'])
    assert (form['addon_16'], form['addon_17'], form['addon_11']) == ('off', '172', '2048')
    assert billmgr_sim.account('alice')['balance'] == pytest.approx(paid)
    assert len(listed(billmgr_sim, 'vds', remoteid='cat-web-01')) == 1

    state = db_snapshot(billmgr_sim)
    billmgr_sim.reset_counters()
    unchanged = ansible.tasks(VPS_BY_NAMES.format(ipv6='false'))
    assert unchanged.rc == 0, unchanged
    assert unchanged.task('web')['changed'] is False
    assert unchanged.task('web')['service']['addons']['16'] == 'off'
    assert billmgr_sim.counters()['func'] == {'vds': 1, 'vds.edit': 1, 'pricelist.export': 1}
    assert snapshot_changes(state, db_snapshot(billmgr_sim)) == {}


def test_pricelist_info_shows_enum_choices_with_prices_and_periods_with_currency(ansible, billmgr_sim):
    run = ansible.tasks('''
        - name: start
          ispsystem.billmgr.billmgr_pricelist_info:
            pricelist: VPS Start
            with_templates: false
        - name: special periods
          ispsystem.billmgr.billmgr_pricelist_info:
            types: [vds, platform]
            with_templates: false
    ''')
    assert run.rc == 0, run
    [start] = run.task('start')['pricelists']
    assert (start['id'], start['name'], start['type'], start['orderable']) == (6, 'VPS Start', 'vds', True)
    assert start['periods'][0] == {'period': 1, 'code': 1, 'cost': '500.0000', 'currency': 'RUB', 'setup': None}
    assert [(p['period'], p['code'], p['cost'], p['currency']) for p in start['periods']] == [
        (1, 1, '500.0000', 'RUB'), (3, 3, '1500.0000', 'RUB'), (6, 6, '3000.0000', 'RUB'),
        (12, 12, '6000.0000', 'RUB'), (24, 24, '12000.0000', 'RUB'), (36, 36, '18000.0000', 'RUB')]
    addons = dict((addon['id'], addon) for addon in start['addons'])
    assert addons[16] == {'id': 16, 'name': 'IPv6', 'type': 'boolean', 'min': None, 'max': None, 'step': None,
                          'included': None, 'measure': None}
    assert addons[11] == {'id': 11, 'name': 'RAM', 'type': 'integer', 'min': 256, 'max': 65536, 'step': 256,
                          'included': 1024, 'measure': 'MB'}
    assert (addons[15]['type'], addons[15]['min'], addons[15]['max']) == ('integer', 0, 1)
    panel = addons[17]
    assert (panel['name'], panel['type']) == ('Control panel', 'enum')
    assert [(choice['id'], choice['name']) for choice in panel['choices']] == [
        (171, 'None'), (172, 'ISPmanager Lite'), (173, 'ISPmanager Pro')]
    lite = panel['choices'][1]
    assert lite['prices'][0] == {'period': 1, 'code': 1, 'cost': '400.0000', 'currency': 'RUB'}
    assert [(p['period'], p['code'], p['cost'], p['currency']) for p in lite['prices']] == [
        (1, 1, '400.0000', 'RUB'), (3, 3, '1200.0000', 'RUB'), (6, 6, '2400.0000', 'RUB'),
        (12, 12, '4800.0000', 'RUB'), (24, 24, '9600.0000', 'RUB'), (36, 36, '14400.0000', 'RUB')]
    assert [p['cost'] for p in panel['choices'][0]['prices']][:1] == ['0.0000']
    assert [p['cost'] for p in panel['choices'][2]['prices']][:1] == ['800.0000']
    assert 'choices' not in addons[11] and 'choices' not in addons[16]

    tariffs = dict((tariff['id'], tariff) for tariff in run.task('special periods')['pricelists'])
    assert tariffs[8]['periods'] == [{'period': 'trial', 'code': -100, 'cost': '0.0000', 'currency': 'RUB', 'setup': None},
                                     {'period': 1, 'code': 1, 'cost': '300.0000', 'currency': 'RUB', 'setup': None},
                                     {'period': 12, 'code': 12, 'cost': '3600.0000', 'currency': 'RUB', 'setup': None}]
    assert tariffs[9]['periods'] == [{'period': 'daily', 'code': -50, 'cost': '20.0000', 'currency': 'RUB', 'setup': None}]
    assert tariffs[41]['type'] == 'platform'
    assert tariffs[41]['periods'] == [{'period': 'one-time', 'code': 0, 'cost': '5000.0000', 'currency': 'RUB', 'setup': None}]
    # The archived tariff is listed, and said not to be orderable.
    assert (tariffs[4]['name'], tariffs[4]['orderable']) == ('VPS Old', False)
    assert all(tariffs[key]['orderable'] for key in (1, 6, 7, 8, 9, 40, 41))
    assert billmgr_sim.counters()['func'] == {'pricelist.export': 2}


# Each refusal: the task's addons/period/pricelist, and what the message must say (the tariff's own choices).
REFUSALS = {
    'unknown add-on': (
        'pricelist: VPS Start\n    addons: {"Backup disk": 1}',
        ["unknown add-on 'Backup disk' in tariff VPS Start (6)",
         'Disk (7), CPU (9), IPv6 addresses (10), RAM (11), Port speed (12), IPv4 addresses (13), Backup retention (14), '
         'DDoS protection (15), IPv6 (16), Control panel (17), Traffic (28)']),
    'integer above its maximum': (
        'pricelist: VPS Start\n    addons: {RAM: 100000}',
        ['RAM (11)', '256', '65536', '100000']),
    'integer below its minimum': (
        'pricelist: VPS Start\n    addons: {RAM: 128}',
        ['RAM (11)', '256', '65536', '128']),
    'integer off its step': (
        'pricelist: VPS Start\n    addons: {RAM: 1000}',
        ['RAM (11)', 'steps of 256', '1000']),
    'former boolean 15 is an integer of 0 to 1': (
        'pricelist: VPS Start\n    addons: {"DDoS protection": 2}',
        ['DDoS protection (15)', 'between 0 and 1', '2']),
    'boolean given a number': (
        'pricelist: VPS Start\n    addons: {IPv6: 5}',
        ['IPv6 (16)', 'on or off', '5']),
    'enum value that is not a choice': (
        'pricelist: VPS Start\n    addons: {"Control panel": cPanel}',
        ["'cPanel'", 'Control panel (17)', 'None (171), ISPmanager Lite (172), ISPmanager Pro (173)']),
    'enum item of another add-on': (
        'pricelist: VPS Start\n    addons: {"Control panel": 2}',
        ['Control panel (17)', 'None (171), ISPmanager Lite (172), ISPmanager Pro (173)']),
    'period the tariff does not sell': (
        'pricelist: VPS Pro\n    period: 3',
        ['VPS Pro (7)', 'period 3', 'its periods: 1, 12']),
    'trial where there is none': (
        'pricelist: VPS Start\n    period: trial',
        ['VPS Start (6)', 'period trial', 'its periods: 1, 3, 6, 12, 24, 36']),
    'daily where there is none': (
        'pricelist: VPS Trial\n    period: daily',
        ['VPS Trial (8)', 'period daily', 'its periods: trial, 1, 12']),
    'months on a daily tariff': (
        'pricelist: VPS Daily\n    period: 1',
        ['VPS Daily (9)', 'period 1', 'its periods: daily']),
    'archived tariff': (
        'pricelist: VPS Old',
        ['tariff VPS Old (4) takes no new orders', 'VPS Mini (1), VPS Start (6), VPS Pro (7), VPS Trial (8), VPS Daily (9)']),
    # By id, with nothing else to resolve: still checked against the price list before the order is sent.
    'archived tariff by id': (
        'pricelist: 4',
        ['tariff VPS Old (4) takes no new orders', 'VPS Mini (1), VPS Start (6), VPS Pro (7), VPS Trial (8), VPS Daily (9)']),
    'trial by tariff id where there is none': (
        'pricelist: 6\n    period: trial',
        ['VPS Start (6)', 'period trial', 'its periods: 1, 3, 6, 12, 24, 36']),
    'months by tariff id on a daily tariff': (
        'pricelist: 9\n    period: 12',
        ['VPS Daily (9)', 'period 12', 'its periods: daily']),
}


@pytest.fixture(scope='module')
def refusals_run(tmp_path_factory):
    """Every REFUSALS case as one task of a single playbook (each failing without stopping the others), on a
    simulator of their own: the run, what each task asked the panel, and the panel before and after."""
    sim = start_simulator(tmp_path_factory.mktemp('refusals_sim'))
    try:
        ansible = AnsibleRunner(tmp_path_factory.mktemp('refusals_run'), sim)
        before = db_snapshot(sim)
        balance = sim.account('alice')['balance']
        run = ansible.tasks(''.join('''
        - name: refused %s
          ispsystem.billmgr.billmgr_service:
            type: vds
            remoteid: cat-refused
            %s
          ignore_errors: true
''' % (case, REFUSALS[case][0].replace('\n    ', '\n            ')) for case in sorted(REFUSALS)))
        yield {'run': run, 'requests': requests_per_task(sim, run), 'changes': snapshot_changes(before, db_snapshot(sim)),
               'balance': (balance, sim.account('alice')['balance']), 'listed': listed(sim, 'vds', remoteid='cat-refused')}
    finally:
        sim.stop()


@pytest.mark.parametrize('case', sorted(REFUSALS))
def test_refusals_happen_before_any_write_and_name_the_tariffs_choices(refusals_run, case):
    _options, expected = REFUSALS[case]
    [failed] = refusals_run['run'].failed('refused %s' % case)
    message = failed['result']['msg']
    for part in expected:
        assert part in message, (case, message)
    assert failed['result'].get('changed') is not True
    # Nothing was ordered, not even the order request sent: the look-up and the price list only.
    assert refusals_run['requests']['refused %s' % case] == {'vds': 1, 'pricelist.export': 1}, case
    # No case of the playbook wrote anything.
    assert refusals_run['changes'] == {}
    balance_before, balance_after = refusals_run['balance']
    assert balance_after == balance_before
    assert refusals_run['listed'] == []


# The tariffs that sell a period other than months: (type, tariff, period, code in the list, cost, what the list says).
SPECIAL_PERIODS = {
    'trial': ('vds', 'VPS Trial', 'trial', '-100', 0.0, '0.00 RUB / Trial'),
    'daily': ('vds', 'VPS Daily', 'daily', '-50', 20.0, None),
    'one-time': ('platform', 'Platform Setup', 'one-time', '0', 5000.0, None),
}


def test_trial_daily_and_one_time_orders(ansible, billmgr_sim):
    """The three tariffs side by side, one task each: checked, then ordered, then again; one playbook run a step."""
    cases = sorted(SPECIAL_PERIODS)
    tasks = ''.join('''
        - name: order %s
          ispsystem.billmgr.billmgr_service:
            type: %s
            remoteid: cat-%s
            pricelist: %s
            period: %s
    ''' % (case, SPECIAL_PERIODS[case][0], case, SPECIAL_PERIODS[case][1], SPECIAL_PERIODS[case][2]) for case in cases)
    balance = billmgr_sim.account('alice')['balance']
    before = db_snapshot(billmgr_sim)

    checked = ansible.tasks(tasks, check=True)
    assert checked.rc == 0, checked
    for case in cases:
        _item_type, _tariff, _period, code, cost, _listed_cost = SPECIAL_PERIODS[case]
        assert checked.task('order %s' % case)['changed'] is True
        assert checked.task('order %s' % case)['order']['period'] == int(code)
        assert (checked.task('order %s' % case)['order']['cost'], checked.task('order %s' % case)['order']['currency']) == (cost, 'RUB')
    assert snapshot_changes(before, db_snapshot(billmgr_sim)) == {}

    billmgr_sim.reset_counters()
    created = ansible.tasks(tasks)
    assert created.rc == 0, created
    per_task = requests_per_task(billmgr_sim, created)
    # one order each, in its own task and in all
    orders = dict((func, count) for func, count in billmgr_sim.counters()['func'].items() if func.endswith('.order.param'))
    assert orders == {'v2.vds.order.param': 2, 'v2.platform.order.param': 1}, orders
    services = {}
    for case in cases:
        item_type, tariff, _period, code, cost, listed_cost = SPECIAL_PERIODS[case]
        service = services[case] = created.task('order %s' % case)['service']
        assert created.task('order %s' % case)['changed'] is True and service['status_name'] == 'active'
        assert per_task['order %s' % case]['v2.%s.order.param' % item_type] == 1
        [row] = listed(billmgr_sim, item_type, remoteid='cat-%s' % case)
        assert int(row['id']) == service['id'] and row['pricelist'] == tariff and row['period'] == code
        if listed_cost:
            assert row['cost'] == listed_cost
        if case == 'one-time':
            assert row['expiredate'] == '' and service['expiredate'] is None  # never expires
        else:
            assert row['expiredate'] and service['expiredate'] == row['expiredate']
    assert billmgr_sim.account('alice')['balance'] == pytest.approx(balance - sum(SPECIAL_PERIODS[case][4] for case in cases))

    state = db_snapshot(billmgr_sim)
    again = ansible.tasks(tasks)
    assert again.rc == 0, again
    for case in cases:
        assert again.task('order %s' % case)['changed'] is False and again.task('order %s' % case)['service']['id'] == services[case]['id']
    assert snapshot_changes(state, db_snapshot(billmgr_sim)) == {}


def test_one_time_refused_where_the_tariff_sells_months(ansible, billmgr_sim):
    before = db_snapshot(billmgr_sim)
    billmgr_sim.reset_counters()
    run = ansible.tasks('''
        - name: refused
          ispsystem.billmgr.billmgr_service:
            type: platform
            remoteid: cat-platform
            pricelist: Cloud Platform
            period: one-time
          ignore_errors: true
    ''')
    [failed] = run.failed('refused')
    message = failed['result']['msg']
    assert 'Cloud Platform (40)' in message and 'period one-time' in message and 'its periods: 1, 12' in message, message
    assert billmgr_sim.counters()['func'] == {'platform': 1, 'pricelist.export': 1}
    assert snapshot_changes(before, db_snapshot(billmgr_sim)) == {}


def test_license_trial_where_the_product_offers_one(ansible, billmgr_sim):
    ip = LICENSE_IPS[0]
    task = '''
        - name: trial
          ispsystem.billmgr.billmgr_license:
            licname: cat-trial
            pricelist: %s
            ip: %s
            period: trial
          ignore_errors: %s
    '''
    before = db_snapshot(billmgr_sim)
    billmgr_sim.reset_counters()
    refused = ansible.tasks(task % ('ISPmanager Lite', ip, 'true'))
    [failed] = refused.failed('trial')
    message = failed['result']['msg']
    assert 'ISPmanager Lite (3541)' in message and 'period trial' in message and 'its periods: 1, 12' in message, message
    assert 'soft.order.param' not in billmgr_sim.counters()['func']
    assert snapshot_changes(before, db_snapshot(billmgr_sim)) == {}

    balance = billmgr_sim.account('alice')['balance']
    ordered = ansible.tasks(task % ('ISPmanager Lite Trial', ip, 'false'))
    assert ordered.rc == 0, ordered
    license_ = ordered.task('trial')['license']
    assert ordered.task('trial')['changed'] is True and license_['pricelist'] == 'ISPmanager Lite Trial'
    [row] = [row for row in listed(billmgr_sim, 'soft', user='alice') if row['licname'] == 'cat-trial']
    assert int(row['id']) == license_['id'] and row['period'] == '-100' and row['ip'] == ip
    assert billmgr_sim.account('alice')['balance'] == pytest.approx(balance)  # a trial costs nothing

    state = db_snapshot(billmgr_sim)
    again = ansible.tasks(task % ('ISPmanager Lite Trial', ip, 'false'))
    assert again.rc == 0, again
    assert again.task('trial')['changed'] is False and again.task('trial')['license']['id'] == license_['id']
    assert snapshot_changes(state, db_snapshot(billmgr_sim)) == {}
