# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_service, billmgr_license and billmgr_prolong read autoprolong the same way: the same values
pass, the same values fail with the same words, and a refused value writes nothing."""

from __future__ import annotations

import json

# Every module run costs a playbook task, so a few of each kind; _values' unit tests go through them all.
# Months as text and as a number, each one every object here renews for: license products renew for 1 or 12 months
# only, and a change is checked against the price list, also in check mode (test_months_the_tariff_does_not_offer...).
ACCEPTED = ['12', 1, 'off', False, 0]
REFUSED = [5, -1, 'sometimes', True, '12.5']

# Each module on an object whose tariff renews for every period (VPS Start, 958) or, for the license,
# on an existing license (777, ISPmanager Lite: 1 or 12 months).
TASKS = {
    'billmgr_service': {'type': 'vds', 'id': 958},
    'billmgr_prolong': {'type': 'vds', 'id': 958},
    'billmgr_license': {'id': 777},
}


def playbook(sim, values):
    tasks = []
    for module, args in sorted(TASKS.items()):
        tasks.append({
            'name': module,
            'ispsystem.billmgr.%s' % module: dict(args, autoprolong='{{ item }}'),
            'loop': values,
            'check_mode': True,
            'ignore_errors': True,
        })
    connection = {'url': sim.url, 'username': 'alice', 'password': 'Ali-6b1d'}
    return json.dumps([{'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks,
                        'module_defaults': {'group/ispsystem.billmgr.billmgr': connection}}])


def outcomes(run, module):
    return [(item['item'], item.get('failed', False), item.get('msg', '')) for item in run.task(module)['results']]


def autoprolong_of(sim, item_type, elid):
    doc = sim.call('%s.edit' % item_type, elid=elid)['doc']
    value = doc.get('autoprolong')
    return value.get('$') if isinstance(value, dict) else value


def test_the_three_modules_accept_and_refuse_the_same_values(ansible, billmgr_sim):
    before = (autoprolong_of(billmgr_sim, 'vds', 958), autoprolong_of(billmgr_sim, 'soft', 777))
    run = ansible.playbook(playbook(billmgr_sim, ACCEPTED + REFUSED))
    assert run.rc == 0, run

    by_module = dict((module, outcomes(run, module)) for module in TASKS)
    for module, seen in by_module.items():
        assert [item for item, failed, _msg in seen if failed] == REFUSED, (module, seen)
        for item, failed, msg in seen:
            if failed:
                assert msg.startswith('autoprolong must be one of 1, 3, 6, 12, 24, 36 (months), daily or off; got'), (module, item, msg)
    # The same words from all three, value by value.
    assert by_module['billmgr_service'] == by_module['billmgr_license'] == by_module['billmgr_prolong']
    # Check mode: nothing was written, whatever the value.
    assert (autoprolong_of(billmgr_sim, 'vds', 958), autoprolong_of(billmgr_sim, 'soft', 777)) == before


def test_months_the_tariff_does_not_offer_are_refused_before_any_write(ansible, billmgr_sim):
    # VPS Pro (7) renews for 1 or 12 months, license products for 1 or 12: 6 is refused by all three, before writing.
    order = {'type': 'vds', 'remoteid': 'vocab-1', 'pricelist': 7, 'datacenter': 1, 'period': 1, 'autoprolong': 6}
    lic = {'licname': 'vocab-lic', 'pricelist': 'ISPmanager Lite', 'ip': '203.0.113.77', 'autoprolong': 6}
    tasks = [
        {'name': 'order', 'ispsystem.billmgr.billmgr_service': order, 'ignore_errors': True},
        {'name': 'license', 'ispsystem.billmgr.billmgr_license': lic, 'ignore_errors': True},
        {'name': 'prolong', 'ispsystem.billmgr.billmgr_prolong': {'id': 777, 'type': 'soft', 'autoprolong': 6},
         'ignore_errors': True},
    ]
    connection = {'url': billmgr_sim.url, 'username': 'alice', 'password': 'Ali-6b1d'}
    balance = billmgr_sim.account('alice')['balance']
    license_autoprolong = autoprolong_of(billmgr_sim, 'soft', 777)
    run = ansible.playbook(json.dumps([{'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks,
                                        'module_defaults': {'group/ispsystem.billmgr.billmgr': connection}}]))
    assert run.rc == 0, run
    assert "autoprolong: tariff VPS Pro (7) renews for 1, 12 months or off; got 6" in run.task('order')['msg']
    assert "autoprolong: tariff ISPmanager Lite (3541) renews for 1, 12 months or off; got 6" in run.task('license')['msg']
    assert "autoprolong: soft 777 renews for 1, 12 months or off; got 6" in run.task('prolong')['msg']
    assert all(run.failed(name) for name in ('order', 'license', 'prolong'))
    counts = billmgr_sim.counters()['func']
    # Refused before the order, the licence's IP check and the renewal were sent.
    assert [func for func in ('v2.vds.order.param', 'soft.checkip', 'soft.order.param', 'service.prolong') if func in counts] == []
    assert billmgr_sim.account('alice')['balance'] == balance
    assert autoprolong_of(billmgr_sim, 'soft', 777) == license_autoprolong


def test_daily_auto_renewal_is_set_on_a_daily_tariff_and_refused_on_a_monthly_one(ansible, billmgr_sim):
    # Issue 32 rough edge: no module could set the daily code -50. VPS Daily (9) is billed per day (seed.py).
    run = ansible.tasks('''
        - name: daily
          ispsystem.billmgr.billmgr_service: {type: vds, remoteid: daily-1, pricelist: 9, period: daily, autoprolong: daily}
        - name: again
          ispsystem.billmgr.billmgr_prolong: {type: vds, remoteid: daily-1, autoprolong: -50}
        - name: monthly
          ispsystem.billmgr.billmgr_prolong: {type: vds, id: 958, autoprolong: daily}
          ignore_errors: true
    ''')
    service = run.task('daily')['service']
    assert not run.failed('daily') and service['autoprolong'] == -50, run.task('daily')
    assert autoprolong_of(billmgr_sim, 'vds', service['id']) == '-50'
    assert run.task('again')['changed'] is False
    assert run.failed('monthly') and 'renews for' in run.task('monthly')['msg'], run.task('monthly')
