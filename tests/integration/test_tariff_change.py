# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_service moves an existing service to another tariff (service.changepricelist, E8) only with allow_tariff_change:
refused without it with the price, max_cost and keep_balance checked before the write, check mode and --diff show the
price, the change is charged once, a re-run is unchanged, and a lost answer is read back, never sent again."""

from __future__ import annotations

from billmgr_sim.testing import db_rows, requests_per_task

ALICE_VPS = 958  # VPS Start (6), Frankfurt
MOVE = 'ispsystem.billmgr.billmgr_service: {type: vds, id: %d, pricelist: "VPS Pro"%%s}' % ALICE_VPS


def tariff_id(sim):
    return db_rows(sim, 'SELECT tariff_id FROM service WHERE id = ?', ALICE_VPS)[0]['tariff_id']


def panel_price(sim):
    """What the panel says the move costs (the form without sok), as a number."""
    return float(sim.call('service.changepricelist', user='alice', elid=ALICE_VPS, pricelist=7)['doc']['cost']['$'])


def test_a_tariff_change_is_refused_checked_shown_then_charged_once(ansible, billmgr_sim):
    sim = billmgr_sim
    price = panel_price(sim)
    assert price > 0
    sim.set_balance('alice', 5000)
    charges = len(sim.account('alice')['expenses'])

    run = ansible.tasks('''
        - name: without the flag
          %s
          ignore_errors: true
        - name: over max_cost
          %s
          ignore_errors: true
        - name: below keep_balance
          %s
          ignore_errors: true
        - name: check mode
          %s
          check_mode: true
          diff: true
        - name: change
          %s
          diff: true
        - name: again
          %s
    ''' % (MOVE % '', MOVE % ', allow_tariff_change: true, max_cost: %.2f' % (price - 1),
           MOVE % ', allow_tariff_change: true, keep_balance: %.2f' % (5000 - price + 1), MOVE % ', allow_tariff_change: true',
           MOVE % ', allow_tariff_change: true, max_cost: %.2f, keep_balance: %.2f' % (price, 5000 - price),
           MOVE % ', allow_tariff_change: true'))

    shown = '%.2f' % price
    # The change form writes the number alone; the service's list price names the currency (issue 32: it was null).
    priced = shown + ' RUB'
    assert run.failed('without the flag')
    assert run.task('without the flag')['msg'] == (
        'vds service 958 is on tariff VPS Start, not VPS Pro (7); changing the tariff costs %s. Set allow_tariff_change: true '
        'to change it; nothing was changed' % priced)
    assert run.task('over max_cost')['msg'] == (
        'changing the tariff of vds service 958 to VPS Pro (7) costs %s, more than max_cost %.2f; nothing was paid' % (priced, price - 1))
    assert 'below keep_balance %.2f; nothing was paid' % (5000 - price + 1) in run.task('below keep_balance')['msg']

    would = run.task('check mode')
    assert would['changed'] is True and would['tariff_change']['cost'] == price and would['service']['pricelist'] == 'VPS Pro'
    assert would['diff']['before'] == {'pricelist': 'VPS Start'}
    assert would['diff']['after'] == {'pricelist': 'VPS Pro (7)', 'tariff_change_cost': priced}

    changed = run.task('change')
    assert changed['changed'] is True and changed['tariff_change']['reconciled'] is False
    assert changed['spending'] == {'cost': price, 'currency': 'RUB', 'balance': 5000.0, 'balance_after': round(5000 - price, 2)}
    assert changed['service']['pricelist'] == 'VPS Pro' and changed['diff']['after']['pricelist'] == 'VPS Pro (7)'
    again = run.task('again')
    assert again['changed'] is False and 'tariff_change' not in again

    # Charged exactly once, by the one task that changed it: the refused and check-mode tasks only read the form.
    account = sim.account('alice')
    assert tariff_id(sim) == 7 and account['balance'] == round(5000 - price, 2)
    assert len(account['expenses']) == charges + 1 and account['expenses'][-1]['amount'] == shown
    per_task = requests_per_task(sim, run)
    assert per_task['without the flag']['service.changepricelist'] == 2 and per_task['check mode']['service.changepricelist'] == 2
    assert per_task['change']['service.changepricelist'] == 3 and per_task['again']['service.changepricelist'] == 0


def test_a_tariff_the_panel_does_not_offer_changes_nothing(ansible, billmgr_sim):
    sim = billmgr_sim
    balance = sim.account('alice')['balance']
    run = ansible.tasks('''
        - name: a dedicated tariff
          ispsystem.billmgr.billmgr_service: {type: vds, id: %d, pricelist: "Dedicated Basic", allow_tariff_change: true}
          ignore_errors: true
    ''' % ALICE_VPS)
    assert run.failed('a dedicated tariff')
    assert 'the panel does not offer Dedicated Basic for it (it offers VPS Mini (1), VPS Pro (7)' in run.task('a dedicated tariff')['msg']
    assert tariff_id(sim) == 6 and sim.account('alice')['balance'] == balance


def test_a_lost_answer_is_read_back_and_a_rerun_charges_nothing_more(ansible, billmgr_sim):
    sim = billmgr_sim
    price = panel_price(sim)
    balance = sim.account('alice')['balance']
    sim.set_fault('service.changepricelist&sok=ok', 'drop-after-commit')
    run = ansible.tasks('''
        - name: change, answer lost
          %s
        - name: again
          %s
    ''' % (MOVE % ', allow_tariff_change: true, reconcile_timeout: 5', MOVE % ', allow_tariff_change: true'))
    assert run.rc == 0, run
    lost = run.task('change, answer lost')
    assert lost['changed'] is True and lost['tariff_change']['reconciled'] is True
    assert run.task('again')['changed'] is False
    assert sim.counters()['faults_hit'] == {'service.changepricelist:drop-after-commit': 1}
    assert tariff_id(sim) == 7 and sim.account('alice')['balance'] == round(balance - price, 2)
    assert requests_per_task(sim, run)['change, answer lost']['service.changepricelist'] == 3  # two form reads, one write
