# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_service moves an existing service to another tariff through the panel's wizard (real-panels-2 §3.2, E22):
the choice, the terms (the amount to pay in ``money_info``, the new expiry), the payment step. Only with
allow_tariff_change; max_cost and keep_balance are checked against the terms before the payment step; check mode and
--diff show the terms; the change is paid once at the terms' price, a re-run is unchanged, a lost answer to the payment
is read back, never sent again, and a move that costs nothing still goes through every step. On both panel generations."""

from __future__ import annotations

from billmgr_sim.pytest_plugin import BOTH_PANELS
from billmgr_sim.testing import db_rows, edit_form, requests_per_task

ALICE_VPS = 958  # VPS Start (6), Frankfurt
MOVE = 'ispsystem.billmgr.billmgr_service: {type: vds, id: %d, pricelist: "VPS Pro"%%s}' % ALICE_VPS
DOWN = 'ispsystem.billmgr.billmgr_service: {type: vds, id: %d, pricelist: "VPS Mini", allow_tariff_change: true%%s}' % ALICE_VPS
STEPS = ('service.changepricelist', 'service.changepricelist.pricelist', 'service.changepricelist.getmoney')


def tariff_id(sim):
    return db_rows(sim, 'SELECT tariff_id FROM service WHERE id = ?', ALICE_VPS)[0]['tariff_id']


def terms(sim, pricelist=7):
    """The panel's terms for the move (the wizard's second step, as E22 sends it): {field: text}."""
    doc = sim.call('service.changepricelist.pricelist', user='alice', elid=ALICE_VPS, pricelist=pricelist, snext='ok', sok='ok')['doc']
    return {key: node['$'] for key, node in doc.items() if isinstance(node, dict) and '$' in node}


def price_of(shown):
    """The amount in the terms' money_info ("You will be charged with 233.33 RUB"), as a number."""
    return float(shown['money_info'].split()[-2])


def steps(counter):
    return tuple(counter[func] for func in STEPS)


@BOTH_PANELS
def test_a_tariff_change_is_refused_checked_shown_then_paid_once_at_the_terms_price(ansible, billmgr_sim):
    sim = billmgr_sim
    shown = terms(sim)
    price = price_of(shown)
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
    ''' % (MOVE % '', MOVE % ', allow_tariff_change: true, max_cost: %.2f' % (price - 0.01),
           MOVE % ', allow_tariff_change: true, keep_balance: %.2f' % (5000 - price + 0.01), MOVE % ', allow_tariff_change: true',
           MOVE % ', allow_tariff_change: true, max_cost: %.2f, keep_balance: %.2f' % (price, 5000 - price),
           MOVE % ', allow_tariff_change: true'))

    priced = '%.2f RUB' % price  # money_info names the currency
    assert run.failed('without the flag')
    assert run.task('without the flag')['msg'] == (
        'vds service 958 is on tariff VPS Start, not VPS Pro (7); changing the tariff costs %s. Set allow_tariff_change: true '
        'to change it; nothing was changed' % priced)
    assert run.task('over max_cost')['msg'] == (
        'changing the tariff of vds service 958 to VPS Pro (7) costs %s, more than max_cost %.2f; nothing was paid' % (priced, price - 0.01))
    assert 'below keep_balance %.2f; nothing was paid' % (5000 - price + 0.01) in run.task('below keep_balance')['msg']

    would = run.task('check mode')
    assert would['changed'] is True and would['service']['pricelist'] == 'VPS Pro'
    assert would['tariff_change'] == {'from': 'VPS Start', 'to': 'VPS Pro', 'pricelist': 7, 'cost': price, 'currency': 'RUB',
                                      'expiredate': shown['newexpiredate'], 'reconciled': False}
    assert would['diff']['before'] == {'pricelist': 'VPS Start', 'tariff_price': shown['oldprice'], 'expiredate': shown['oldexpiredate']}
    assert would['diff']['after'] == {'pricelist': 'VPS Pro (7)', 'tariff_change_cost': priced, 'tariff_price': '1200.00 RUB / Month',
                                      'expiredate': shown['newexpiredate']}

    changed = run.task('change')
    assert changed['changed'] is True and changed['tariff_change']['reconciled'] is False
    assert (changed['tariff_change']['cost'], changed['tariff_change']['currency']) == (price, 'RUB')
    assert changed['tariff_change']['expiredate'] == changed['service']['expiredate'] == shown['newexpiredate']
    assert changed['spending'] == {'cost': price, 'currency': 'RUB', 'balance': 5000.0, 'balance_after': round(5000 - price, 2)}
    assert changed['service']['pricelist'] == 'VPS Pro' and changed['diff']['after']['pricelist'] == 'VPS Pro (7)'
    again = run.task('again')
    assert again['changed'] is False and 'tariff_change' not in again

    # Paid exactly once, at the terms' price, by the one task that changed it: the others only read the choice and the terms.
    account = sim.account('alice')
    assert tariff_id(sim) == 7 and edit_form(sim, 'vds', ALICE_VPS)['pricelist'] == '7'
    assert account['balance'] == round(5000 - price, 2)
    assert len(account['expenses']) == charges + 1 and account['expenses'][-1]['amount'] == '%.2f' % price
    per_task = requests_per_task(sim, run)
    for name in ('without the flag', 'over max_cost', 'below keep_balance', 'check mode'):
        assert steps(per_task[name]) == (1, 1, 0), name
    assert steps(per_task['change']) == (1, 1, 1) and steps(per_task['again']) == (0, 0, 0)


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


@BOTH_PANELS
def test_a_free_downgrade_takes_every_step_and_a_lost_payment_is_read_back_without_a_second_payment(ansible, billmgr_sim):
    sim = billmgr_sim
    shown = terms(sim, pricelist=1)
    assert price_of(shown) == 0 and shown['newexpiredate'] > shown['oldexpiredate']  # VPS Start -> VPS Mini
    balance = sim.account('alice')['balance']
    charges = len(sim.account('alice')['expenses'])
    sim.set_fault('service.changepricelist.getmoney&pricelist=7', 'drop-after-commit')
    run = ansible.tasks('''
        - name: downgrade
          %s
        - name: downgrade again
          %s
        - name: change, answer lost
          %s
        - name: again
          %s
    ''' % (DOWN % ', max_cost: 0', DOWN % ', max_cost: 0', MOVE % ', allow_tariff_change: true, reconcile_timeout: 5',
           MOVE % ', allow_tariff_change: true'))
    assert run.rc == 0, run

    # Nothing to pay (max_cost 0 allows it), every step all the same, and the expiry moved as the terms said.
    down = run.task('downgrade')
    assert down['changed'] is True and down['service']['pricelist'] == 'VPS Mini'
    assert (down['tariff_change']['cost'], down['tariff_change']['currency']) == (0, 'RUB')
    assert down['tariff_change']['expiredate'] == down['service']['expiredate'] == shown['newexpiredate']
    assert run.task('downgrade again')['changed'] is False

    lost = run.task('change, answer lost')
    assert lost['changed'] is True and lost['tariff_change']['reconciled'] is True and lost['tariff_change']['cost'] > 0
    assert run.task('again')['changed'] is False
    assert sim.counters()['faults_hit'] == {'service.changepricelist.getmoney:drop-after-commit': 1}
    # Paid once, at the terms' price the task reported, although its answer was lost.
    account = sim.account('alice')
    assert tariff_id(sim) == 7 and account['balance'] == round(balance - lost['tariff_change']['cost'], 2)
    assert [e['amount'] for e in account['expenses'][charges:]] == ['%.2f' % lost['tariff_change']['cost']]
    per_task = requests_per_task(sim, run)
    assert steps(per_task['downgrade']) == (1, 1, 1) and steps(per_task['downgrade again']) == (0, 0, 0)
    assert steps(per_task['change, answer lost']) == (1, 1, 1), 'the payment step once, then the tariff read back'
    assert per_task['change, answer lost']['vds.edit'] >= 1 and steps(per_task['again']) == (0, 0, 0)
