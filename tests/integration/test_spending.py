# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""max_cost and keep_balance: checked against the panel's own price before anything is paid, for orders and renewals,
in check mode too. Each refusal is checked in the simulator (no order or renewal request, the balance as it was)."""

from __future__ import annotations

import datetime

from billmgr_sim.testing import listed

ORDER = 'ispsystem.billmgr.billmgr_service: {type: vds, remoteid: %s, pricelist: 6%s}'
# VPS Start (tariff 6) costs 500.00 RUB a month in the simulator's catalogue.
PRICE = 500.0


def bought(sim, remoteid):
    """The simulator's services with this remoteid and its charges: what an order left behind."""
    return list(listed(sim, 'vds', remoteid=remoteid)), len(sim.account('alice')['expenses'])


def test_an_order_over_max_cost_or_below_keep_balance_is_refused_before_it_is_paid(ansible, billmgr_sim):
    sim = billmgr_sim
    sim.set_balance('alice', 800)
    charges = len(sim.account('alice')['expenses'])

    run = ansible.tasks('''
        - name: over max_cost
          %s
          ignore_errors: true
        - name: over max_cost in check mode
          %s
          check_mode: true
          ignore_errors: true
        - name: below keep_balance
          %s
          ignore_errors: true
        - name: more than the balance in check mode
          %s
          check_mode: true
        - name: more than the balance into the cart in check mode
          %s
          check_mode: true
        - name: an unknown OS template in check mode
          %s
          check_mode: true
          ignore_errors: true
    ''' % (ORDER % ('sp-1', ', max_cost: 400'), ORDER % ('sp-1', ', max_cost: 400'), ORDER % ('sp-1', ', keep_balance: 400'),
           ORDER % ('sp-2', ', period: 12, ostempl: ISPsystem__Debian-12-amd64'),
           ORDER % ('sp-2', ', period: 12, ostempl: ISPsystem__Debian-12-amd64, skipbasket: false'),
           ORDER % ('sp-2', ', ostempl: Debian 12')))

    for name in ('over max_cost', 'over max_cost in check mode'):
        assert run.failed(name), name
        assert run.task(name)['msg'] == 'the vds order costs 500.00 RUB, more than max_cost 400.00; nothing was paid'
    refusal = 'the vds order costs 500.00 RUB: the balance of 800.00 would drop to 300.00, below keep_balance 400.00; nothing was paid'
    assert run.task('below keep_balance')['msg'] == refusal
    # Check mode says when the balance cannot pay, not just "changed" (issue 36): a year of VPS Start is 6000.00 RUB.
    short = 'check mode: the balance of 800.00 RUB does not cover the vds order, which costs 6000.00 RUB: the order would '
    assert run.task('more than the balance in check mode')['warnings'] == [
        short + 'fail for lack of funds (paid at once from the balance); top up the account first']
    assert run.task('more than the balance into the cart in check mode')['warnings'] == [
        short + 'wait unpaid in the cart until the account is topped up and the cart paid']
    # An OS template the tariff lacks: one line with the tariff's templates, in check mode too (issue 36).
    assert run.failed('an unknown OS template in check mode')
    assert run.task('an unknown OS template in check mode')['msg'].startswith(
        "unknown ostempl 'Debian 12' for tariff VPS Start (6); valid: ISPsystem__CentOS-7-amd64 (")
    assert bought(sim, 'sp-1') == ([], charges) and sim.account('alice')['balance'] == 800.0

    allowed = ansible.tasks('''
        - name: within both
          %s
    ''' % (ORDER % ('sp-1', ', max_cost: 500, keep_balance: 300')))
    assert allowed.rc == 0, allowed
    assert allowed.task('within both')['spending'] == {'cost': PRICE, 'currency': 'RUB', 'balance': 800.0, 'balance_after': 300.0}
    services, after = bought(sim, 'sp-1')
    assert len(services) == 1 and after == charges + 1 and sim.account('alice')['balance'] == 300.0


def test_an_administrators_order_checks_the_clients_balance(ansible, billmgr_sim):
    sim = billmgr_sim
    sim.set_balance('alice', 600)
    charges = len(sim.account('alice')['expenses'])
    run = ansible.tasks('''
        - name: for alice
          %s
          ignore_errors: true
    ''' % (ORDER % ('sp-admin', ', account: alice, keep_balance: 200')), user='admin')
    assert run.failed('for alice')
    assert 'the balance of 600.00 would drop to 100.00, below keep_balance 200.00; nothing was paid' in run.task('for alice')['msg']
    assert bought(sim, 'sp-admin') == ([], charges) and sim.account('alice')['balance'] == 600.0


def test_renewals_are_checked_all_together_before_the_first(ansible, billmgr_sim):
    sim = billmgr_sim
    sim.set_balance('alice', 5000)
    service = ansible.tasks('- name: order\n  ' + ORDER % ('sp-renew', '')).task('order')['service']
    balance = sim.account('alice')['balance']
    until = (datetime.date.fromisoformat(service['expiredate']) + datetime.timedelta(days=40)).isoformat()
    renew = 'ispsystem.billmgr.billmgr_prolong: {type: vds, id: %d, until: "%s"%%s}' % (service['id'], until)

    refused = ansible.tasks('''
        - name: over max_cost
          %s
          ignore_errors: true
        - name: below keep_balance
          %s
          ignore_errors: true
    ''' % (renew % ', max_cost: 999', renew % (', keep_balance: %d' % (balance - 999))))
    # The simulator's renewal form gives the price without a currency.
    assert refused.task('over max_cost')['msg'] == '2 renewal(s) of vds %d costs 1000.00 RUB, more than max_cost 999.00; nothing was paid' % service['id']
    assert 'below keep_balance' in refused.task('below keep_balance')['msg']
    assert sim.account('alice')['balance'] == balance
    assert listed(sim, 'vds', user='alice', id=service['id'])[0]['expiredate'][:10] == service['expiredate']

    renewed = ansible.tasks('''
        - name: within
          %s
    ''' % (renew % ', max_cost: 1000'))
    assert renewed.rc == 0, renewed
    result = renewed.task('within')
    assert result['renewals'] == 2 and result['spending'] == {'cost': 1000.0, 'currency': 'RUB'}
    assert sim.account('alice')['balance'] == balance - 1000.0
