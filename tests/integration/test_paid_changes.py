# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_service on paid changes of an existing service (issue 32).

A change of add-ons is priced before it is sent (the edit form's ``orderinfo``, real-panels §4.4, E5), the price is
shown in check mode and checked against max_cost and keep_balance; a form that shows no price is refused when a limit
is set. A task that moves the tariff and changes add-ons works in check mode and not, the tariff named or by id, and
whatever fails after the paid move is reported as changed, with the move.
"""

from __future__ import annotations

from billmgr_sim.playbook import AnsibleRunner
from billmgr_sim.testing import db_rows, requests_per_task

ALICE_VPS = 958  # VPS Start (6), Frankfurt; RAM (11) 1024 MB; IPv6 addresses (10) only on this tariff
ALICE_DEDIC = 1065  # Dedicated (32); IPv4 addresses (26): 2, a paid add-on
MORE_IPS = 'ispsystem.billmgr.billmgr_service: {type: dedic, id: %d, addons: {"26": 4}%%s}' % ALICE_DEDIC
MOVE = ('ispsystem.billmgr.billmgr_service: {type: vds, id: %d, pricelist: %%s, allow_tariff_change: true, '
        'addons: {%%s}%%s}' % ALICE_VPS)


def addon_value(sim, service_id, addon_id):
    return db_rows(sim, 'SELECT value FROM service_addon WHERE service_id = ? AND addon_id = ?', service_id, addon_id)[0]['value']


def edit_price(sim):
    """What the panel says four IPv4 addresses cost (the edit form without sok, with the new value), as a number."""
    return float(sim.call('dedic.edit', user='alice', elid=ALICE_DEDIC, addon_26='4')['doc']['orderinfo']['$'].split()[2])


def test_an_addon_change_is_priced_shown_refused_over_the_limits_then_charged(ansible, billmgr_sim):
    sim = billmgr_sim
    price = edit_price(sim)
    assert price > 0
    sim.set_balance('alice', 50000)
    charges = len(sim.account('alice')['expenses'])
    run = ansible.tasks('''
        - name: max_cost 0
          %s
          ignore_errors: true
        - name: below keep_balance
          %s
          ignore_errors: true
        - name: check mode
          %s
          check_mode: true
        - name: change
          %s
        - name: again
          %s
    ''' % (MORE_IPS % ', max_cost: 0', MORE_IPS % ', keep_balance: %.2f' % (50000 - price + 1), MORE_IPS % '',
           MORE_IPS % ', max_cost: %.2f, keep_balance: %.2f' % (price, 50000 - price), MORE_IPS % ', max_cost: 0'))

    priced = '%.2f RUB' % price
    refused = run.task('max_cost 0')
    assert run.failed('max_cost 0') and refused['changed'] is False
    assert refused['msg'] == 'the change of dedic service 1065 costs %s, more than max_cost 0.00; nothing was paid' % priced
    assert run.failed('below keep_balance')
    assert 'below keep_balance %.2f; nothing was paid' % (50000 - price + 1) in run.task('below keep_balance')['msg']
    would = run.task('check mode')
    assert would['changed'] is True and (would['change_cost'], would['currency']) == (price, 'RUB')
    assert would['diff'] == {'before': {'addons.26': 2}, 'after': {'addons.26': 4}}
    changed = run.task('change')
    assert changed['changed'] is True and changed['service']['addons']['26'] == 4
    assert changed['spending'] == {'cost': price, 'currency': 'RUB', 'balance': 50000.0, 'balance_after': round(50000 - price, 2)}
    assert run.task('again')['changed'] is False, 'nothing to pay: max_cost 0 does not stop an unchanged task'

    account = sim.account('alice')
    assert addon_value(sim, ALICE_DEDIC, 26) == '4' and account['balance'] == round(50000 - price, 2)
    assert len(account['expenses']) == charges + 1
    per_task = requests_per_task(sim, run)
    assert per_task['max_cost 0']['dedic.edit'] == 2, 'the form, then its price; never the write'
    assert per_task['change']['dedic.edit'] == 4, 'the form, its price, the write, the read-back'


def test_a_form_without_a_price_is_refused_when_a_limit_is_set(tmp_path, billmgr_sim_factory):
    sim = billmgr_sim_factory(edit_without_price=True)
    balance = sim.account('alice')['balance']
    run = AnsibleRunner(tmp_path, sim).tasks('''
        - name: max_cost
          %s
          ignore_errors: true
        - name: check mode
          %s
          check_mode: true
    ''' % (MORE_IPS % ', max_cost: 100000', MORE_IPS % ''))
    assert run.failed('max_cost') and run.task('max_cost')['changed'] is False
    assert run.task('max_cost')['msg'] == ('the change of dedic service 1065: the panel shows no price for it, so max_cost and '
                                           'keep_balance cannot be checked; nothing was paid')
    would = run.task('check mode')
    assert would['changed'] is True and would['change_cost'] is None and would['currency'] is None
    assert addon_value(sim, ALICE_DEDIC, 26) == '2' and sim.account('alice')['balance'] == balance


def test_a_tariff_change_with_addons_in_check_mode_by_name_and_by_id_then_made(ansible, billmgr_sim):
    sim = billmgr_sim
    sim.set_balance('alice', 50000)
    run = ansible.tasks('''
        - name: check mode by name
          %s
          check_mode: true
        - name: check mode by id
          %s
          check_mode: true
        - name: change
          %s
        - name: again
          %s
    ''' % (MOVE % ('"VPS Pro"', '"11": 8192', ''), MOVE % ('7', '"11": 8192', ''), MOVE % ('"VPS Pro"', '"11": 8192', ''),
           MOVE % ('7', '"11": 8192', '')))
    assert run.rc == 0, run
    for name in ('check mode by name', 'check mode by id'):
        would = run.task(name)
        assert would['changed'] is True and would['service']['pricelist'] == 'VPS Pro', name
        assert would['service']['addons']['11'] == 8192 and would['tariff_change']['to'] == 'VPS Pro', name
    changed = run.task('change')
    assert changed['changed'] is True and changed['tariff_change']['pricelist'] == 7
    assert changed['service']['addons']['11'] == 8192
    assert run.task('again')['changed'] is False
    assert addon_value(sim, ALICE_VPS, 11) == '8192'


def test_a_failure_after_the_paid_move_is_reported_changed_with_the_move(ansible, billmgr_sim):
    sim = billmgr_sim
    sim.set_balance('alice', 50000)
    run = ansible.tasks('''
        - name: an add-on the new tariff lacks
          %s
          ignore_errors: true
    ''' % MOVE % ('"VPS Pro"', '"10": 2', ''))
    [failed] = run.failed('an add-on the new tariff lacks')
    result = failed['result']
    assert result['changed'] is True and result['tariff_change']['to'] == 'VPS Pro', result
    assert result['msg'].startswith('The tariff change to VPS Pro (7) (charged %.2f RUB) of vds service 958 was done, but then '
                                    % result['tariff_change']['cost'])
    assert 'vds service 958 has no add-on 10' in result['msg']
    assert db_rows(sim, 'SELECT tariff_id FROM service WHERE id = ?', ALICE_VPS)[0]['tariff_id'] == 7


def test_max_cost_counts_the_move_and_the_addons_together(ansible, billmgr_sim):
    sim = billmgr_sim
    sim.set_balance('alice', 50000)
    terms = sim.call('service.changepricelist.pricelist', user='alice', elid=ALICE_VPS, pricelist=7, snext='ok', sok='ok')['doc']
    move = float(terms['money_info']['$'].split()[-2])  # "You will be charged with 233.33 RUB" (E22)
    run = ansible.tasks('''
        - name: move and more RAM
          %s
          ignore_errors: true
    ''' % MOVE % ('"VPS Pro"', '"11": 8192', ', max_cost: %.2f' % move))
    [failed] = run.failed('move and more RAM')
    result = failed['result']
    assert result['changed'] is True and result['tariff_change']['cost'] == move, result
    assert 'more than max_cost 0.00; nothing was paid' in result['msg'], 'the move spent all of max_cost'
    assert addon_value(sim, ALICE_VPS, 11) == '4096', 'the new tariff has 4096 MB included; the upgrade was not bought'
