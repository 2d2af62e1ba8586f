# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_cart against BILLmanager 5 (the old cart, paid whole) and 6 (the new cart, paid line by line): paid once, on both.

Three orders go into the cart through billmgr_service with skipbasket=false, one of each type
(the cart guard allows one unpaid order per type): VPS Start 500, Hosting Start 150 and
Dedicated Basic 5000 RUB, 5650 RUB in all.
"""

from __future__ import annotations

from billmgr_sim.pytest_plugin import BOTH_PANELS
from billmgr_sim.testing import db_rows, edit_form

ORDERS = '''
- name: order {item_type}
  ispsystem.billmgr.billmgr_service:
    type: {item_type}
    remoteid: cart-{item_type}
    domain: cart-{item_type}.example.com
    pricelist: {pricelist}
    datacenter: 1
    skipbasket: false
'''
TOTAL = 500 + 150 + 5000
PAY = '''
- name: pay
  ispsystem.billmgr.billmgr_cart:
    state: paid
  ignore_errors: true
'''
READ = '''
- name: read
  ispsystem.billmgr.billmgr_cart:
'''


THREE = (('vds', 6), ('vhost', 2), ('dedic', 32))


def order_three(ansible):
    """The three orders through billmgr_service, then the cart as billmgr_cart reads it."""
    tasks = ''.join(ORDERS.format(item_type=item_type, pricelist=pricelist) for item_type, pricelist in THREE) + READ
    run = ansible.tasks(tasks)
    assert run.rc == 0, run
    cart = run.task('read')['cart']
    assert sorted(item['type'] for item in cart['lines']) == ['dedic', 'vds', 'vhost'], cart
    assert cart['total'] == TOTAL and cart['currency'] == 'RUB', cart
    return cart


def fill_cart(sim):
    """The same three orders sent by the test straight to the panel: the tests that are about paying or emptying
    the cart need it filled, not billmgr_service's ordering (test_three_orders_... covers that) at two playbook runs."""
    for item_type, pricelist in THREE:
        sim.order_into_cart(item_type, 'alice', pricelist=pricelist, datacenter=1, remoteid='cart-%s' % item_type,
                            domain='cart-%s.example.com' % item_type)


def payment_requests(sim):
    """How many payments reached the panel: the old cart's clicked_button=free is counted from the expenses it leaves."""
    counts = sim.counters()['func']
    return counts.get('cartorder.create.confirm', 0) if sim.panel == 6 else sum(
        1 for dummy in db_rows(sim, "SELECT id FROM billorder WHERE state = 'paid'"))


def live_services(sim):
    return db_rows(sim, "SELECT remoteid, status FROM service WHERE remoteid LIKE 'cart-%' AND status IN (2, 5) ORDER BY remoteid")


@BOTH_PANELS
def test_three_orders_are_paid_once_and_their_services_are_made(ansible, billmgr_sim):
    balance = billmgr_sim.account('alice')['balance']
    cart = order_three(ansible)
    assert {item['cart'] for item in cart['lines']} == {'basket' if billmgr_sim.panel == 5 else 'cart'}
    assert billmgr_sim.account('alice')['balance'] == balance, 'nothing is paid until the cart is'

    run = ansible.tasks(PAY)
    paid = run.task('pay')
    assert paid['changed'] is True and not run.failed('pay'), paid
    assert paid['paid']['amount'] == TOTAL and paid['paid']['currency'] == 'RUB', paid
    assert paid['balance_before'] == balance and paid['balance'] == balance - TOTAL and paid['reconciled'] is False, paid
    assert sorted(s['type'] for s in paid['paid']['services']) == ['dedic', 'vds', 'vhost'], paid
    assert all(s['status'] in (2, 5) for s in paid['paid']['services']), paid
    assert paid['cart'] == {'lines': [], 'total': 0.0, 'currency': 'RUB'}, paid
    assert billmgr_sim.account('alice')['balance'] == balance - TOTAL
    assert [row['remoteid'] for row in live_services(billmgr_sim)] == ['cart-dedic', 'cart-vds', 'cart-vhost']
    assert payment_requests(billmgr_sim) == (3 if billmgr_sim.panel == 6 else 1)

    again = ansible.tasks(PAY).task('pay')
    assert again['changed'] is False and again['paid'] is None and 'nothing to pay' in again['msg'], again
    assert billmgr_sim.account('alice')['balance'] == balance - TOTAL, 'the second run pays nothing'
    assert payment_requests(billmgr_sim) == (3 if billmgr_sim.panel == 6 else 1)


def payment_func(sim):
    return 'cartorder.create.confirm' if sim.panel == 6 else 'basket&clicked_button=free'


@BOTH_PANELS
def test_a_lost_answer_to_the_payment_is_found_paid_and_a_rerun_pays_nothing_more(ansible, billmgr_sim):
    balance = billmgr_sim.account('alice')['balance']
    fill_cart(billmgr_sim)
    billmgr_sim.set_fault(payment_func(billmgr_sim), 'drop-after-commit')
    run = ansible.tasks(PAY)
    lost = run.task('pay')
    assert lost['changed'] is True and not run.failed('pay'), lost
    assert lost['reconciled'] is True and 'the answer was lost' in lost['msg'], lost
    assert lost['paid']['amount'] == TOTAL and lost['balance'] == balance - TOTAL, lost
    assert len(lost['paid']['services']) == 3, lost
    assert billmgr_sim.counters()['faults_hit'], 'the fault was hit'

    again = ansible.tasks(PAY).task('pay')
    assert again['changed'] is False, again
    assert billmgr_sim.account('alice')['balance'] == balance - TOTAL, 'charged exactly once'
    assert len(live_services(billmgr_sim)) == 3


@BOTH_PANELS
def test_a_payment_lost_before_the_panel_took_it_is_not_sent_again_and_a_rerun_pays_once(ansible, billmgr_sim):
    balance = billmgr_sim.account('alice')['balance']
    fill_cart(billmgr_sim)
    billmgr_sim.set_fault(payment_func(billmgr_sim), 'drop-before-commit')
    run = ansible.tasks(PAY)
    lost = run.task('pay')
    assert run.failed('pay') and 'still in the cart, so they were not paid' in lost['msg'], lost
    assert lost['error']['outcome_unknown'] is False, lost
    assert billmgr_sim.account('alice')['balance'] == balance
    assert billmgr_sim.counters()['func'].get('cartorder.create.confirm', 0) == (1 if billmgr_sim.panel == 6 else 0)

    run = ansible.tasks(PAY)
    again = run.task('pay')
    assert again['changed'] is True and not run.failed('pay'), again
    assert billmgr_sim.account('alice')['balance'] == balance - TOTAL


@BOTH_PANELS
def test_a_cart_larger_than_the_balance_is_refused_with_both_amounts_and_nothing_paid(ansible, billmgr_sim):
    fill_cart(billmgr_sim)
    billmgr_sim.set_balance('alice', 1000)
    billmgr_sim.reset_counters()
    run = ansible.tasks(PAY)
    refused = run.task('pay')
    assert run.failed('pay'), refused
    assert "the cart's total 5650.00 RUB is more than the balance 1000.00 RUB (short by 4650.00 RUB)" in refused['msg'], refused
    assert 'nothing was paid' in refused['msg']
    assert billmgr_sim.account('alice')['balance'] == 1000
    counts = billmgr_sim.counters()['func']
    assert counts.get('cartorder.create.confirm', 0) == 0 and db_rows(billmgr_sim, "SELECT id FROM billorder WHERE state = 'paid'") == []
    assert len(ansible.tasks(READ).task('read')['cart']['lines']) == 3


@BOTH_PANELS
def test_absent_removes_one_item_then_all_and_then_nothing(ansible, billmgr_sim):
    fill_cart(billmgr_sim)
    cart = ansible.tasks(READ).task('read')['cart']
    vhost = [item for item in cart['lines'] if item['type'] == 'vhost'][0]
    one = '''
- name: remove{again}
  ispsystem.billmgr.billmgr_cart:
    state: absent
    items: ['%s']
''' % vhost['id']
    everything = '''
- name: empty{again}
  ispsystem.billmgr.billmgr_cart:
    state: absent
'''
    run = ansible.tasks(one.format(again='') + one.format(again=' again') + everything.format(again='') + READ
                        + everything.format(again=' again'))
    removed = run.task('remove')
    assert removed['changed'] is True and [item['id'] for item in removed['removed']] == [vhost['id']], removed
    assert sorted(item['type'] for item in removed['cart']['lines']) == ['dedic', 'vds'], removed
    assert removed['cart']['total'] == 5500.0

    twice = run.task('remove again')
    assert twice['changed'] is False and twice['not_in_cart'] == [str(vhost['id'])], twice

    emptied = run.task('empty')
    assert emptied['changed'] is True and len(emptied['removed']) == 2 and emptied['cart']['lines'] == [], emptied
    assert run.task('read')['cart']['lines'] == []
    assert run.task('empty again')['changed'] is False
    assert billmgr_sim.account('alice')['balance'] == 100000, 'removing pays nothing'


@BOTH_PANELS
def test_check_mode_shows_what_would_be_paid_or_removed_and_changes_nothing(ansible, billmgr_sim):
    fill_cart(billmgr_sim)
    balance = billmgr_sim.account('alice')['balance']
    empty = READ.replace('name: read', 'name: empty').replace('billmgr_cart:', 'billmgr_cart:\n    state: absent')
    run = ansible.tasks(PAY + empty + READ, check=True, diff=True)
    would = run.task('pay')
    assert would['changed'] is True and would['paid']['amount'] == TOTAL, would
    assert would['cart']['lines'] == [] and 'would pay 5650.00 RUB' in would['msg'], would
    assert len(would['diff']['before']['cart']['lines']) == 3 and would['diff']['after']['balance'] == balance - TOTAL, would
    gone = run.task('empty')
    assert gone['changed'] is True and len(gone['removed']) == 3, gone
    assert billmgr_sim.account('alice')['balance'] == balance
    assert len(run.task('read')['cart']['lines']) == 3, 'the cart as it is after both, read in check mode'
    counts = billmgr_sim.counters()['func']
    assert not any(counts.get(func) for func in ('cartorder.create.confirm', 'cart.empty')), counts
    assert db_rows(billmgr_sim, "SELECT id FROM billorder WHERE state = 'paid'") == []


@BOTH_PANELS
def test_an_admin_pays_a_clients_cart_from_the_clients_balance(ansible, billmgr_sim):
    fill_cart(billmgr_sim)
    alice = billmgr_sim.account('alice')['balance']
    task = PAY.replace('state: paid', 'state: paid\n    account: alice')
    paid = ansible.tasks(task, user='admin').task('pay')
    assert paid['changed'] is True and paid['paid']['amount'] == TOTAL, paid
    assert billmgr_sim.account('alice')['balance'] == alice - TOTAL
    assert ansible.tasks(task, user='admin').task('pay')['changed'] is False
    assert billmgr_sim.account('alice')['balance'] == alice - TOTAL


@BOTH_PANELS
def test_a_paid_change_and_an_order_are_paid_together_in_whichever_carts_they_wait(ansible, billmgr_sim):
    """BILLmanager 6 keeps paid changes in the old cart and new orders in the new one (E5, E20): both are paid, once."""
    vps = '''
- name: vps
  ispsystem.billmgr.billmgr_service:
    type: vds
    remoteid: grow-cart
    pricelist: 6
    datacenter: 1
- name: grow
  ispsystem.billmgr.billmgr_service:
    type: vds
    remoteid: grow-cart
    addons: {RAM: 2048}
    skipbasket: false
''' + ORDERS.format(item_type='vhost', pricelist=2)
    assert ansible.tasks(vps).rc == 0
    cart = ansible.tasks(READ).task('read')['cart']
    carts = sorted(item['cart'] for item in cart['lines'])
    assert carts == (['basket', 'basket'] if billmgr_sim.panel == 5 else ['basket', 'cart']), cart
    balance = billmgr_sim.account('alice')['balance']
    run = ansible.tasks(PAY)
    paid = run.task('pay')
    assert paid['changed'] is True and not run.failed('pay'), paid
    assert paid['paid']['amount'] == cart['total'] and round(balance - billmgr_sim.account('alice')['balance'], 2) == cart['total'], paid
    [row] = db_rows(billmgr_sim, "SELECT id FROM service WHERE remoteid = 'grow-cart'")
    assert edit_form(billmgr_sim, 'vds', row['id'])['addon_11'] == '2048', 'the change is applied once paid'
    assert [r['remoteid'] for r in live_services(billmgr_sim)] == ['cart-vhost']
    assert ansible.tasks(PAY).task('pay')['changed'] is False


@BOTH_PANELS
def test_an_admin_counts_the_clients_credit_limit_and_a_client_only_its_balance(ansible, billmgr_sim):
    """The credit limit lets the balance go below zero (the simulator's billing); only an administrator can read it."""
    fill_cart(billmgr_sim)
    billmgr_sim.set_balance('alice', 1000)
    billmgr_sim.set_credit_limit('alice', 5000)
    run = ansible.tasks(PAY)
    assert run.failed('pay') and 'more than the balance 1000.00 RUB (short by 4650.00 RUB)' in run.task('pay')['msg'], run.task('pay')
    admin = PAY.replace('state: paid', 'state: paid\n    account: alice')
    run = ansible.tasks(admin, user='admin')
    paid = run.task('pay')
    assert paid['changed'] is True and not run.failed('pay') and paid['paid']['amount'] == TOTAL, paid
    assert billmgr_sim.account('alice')['balance'] == 1000 - TOTAL
