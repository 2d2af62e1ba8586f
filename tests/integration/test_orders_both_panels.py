# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Orders, the carts and orders for a client, against BILLmanager 5 (old cart) and 6 (new cart): never twice on either.

Every test runs once per panel generation (``BOTH_PANELS``); what differs between them (where a
cart order lands, what a paid order answers) is read from the panel, not assumed by the test.
Carts are read and paid through the panel's own functions (real-panels.md §4).
"""

from __future__ import annotations

import pytest

from billmgr_sim.playbook import AnsibleRunner, repeated
from billmgr_sim.pytest_plugin import BOTH_PANELS
from billmgr_sim.testing import LICENSE_IPS, as_list, db_rows, edit_form, text

CART_ORDER = '''
- name: order
  ispsystem.billmgr.billmgr_service:
    type: vds
    remoteid: {remoteid}
    pricelist: 6
    datacenter: 1
    skipbasket: false
  ignore_errors: true
'''


def cart_lines(sim, user='alice'):
    """What waits in the user's carts: the old cart's ``list[itemlist]`` and, where the panel has it, the new ``list[lineitems]``."""
    lines = []
    for func, name in (('basket', 'itemlist'), ('cart', 'lineitems')):
        doc = sim.call(func, user=user)['doc']
        if 'error' in doc:
            assert func == 'cart' and sim.panel == 5, doc  # BILLmanager 5 has no new cart
            continue
        for node in as_list(doc.get('list')):
            if node.get('$name') == name:
                lines.extend((func, elem) for elem in as_list(node.get('elem')))
    return lines


def pay_carts(sim, user='alice'):
    """Pay everything waiting, from the balance, the way real clients do (E14, E15; E4)."""
    for func, elem in cart_lines(sim, user):
        if func == 'cart':
            doc = sim.call('cartorder.create.confirm', user=user, elid=text(elem['id']), paymethod_id='0', sok='ok')['doc']
            assert 'error' not in doc, doc
    if any(func == 'basket' for func, _elem in cart_lines(sim, user)):
        doc = sim.call('basket', user=user, clicked_button='free', sok='ok')['doc']
        assert 'error' not in doc, doc
    assert cart_lines(sim, user) == []


@BOTH_PANELS
def test_an_order_into_the_cart_run_three_times_leaves_one_order(ansible, billmgr_sim):
    balance = billmgr_sim.account('alice')['balance']
    # Three runs of the task, as three tasks of one playbook.
    run = ansible.tasks(repeated(CART_ORDER.format(remoteid='cart-1'), 3))
    first = run.task('order 1')
    assert first['changed'] is True and first.get('failed') is not True, first
    assert first['found_by'] in ('billorder.id', 'lineitem.id')
    assert ('billorder_id' in first) == (first['found_by'] == 'billorder.id')
    assert any('waits unpaid in the cart' in warning for warning in first.get('warnings', [])), first
    for name in ('order 2', 'order 3'):
        task = run.task(name)
        # The old cart lists the order as an item "ordered" (found by remoteid); the new cart only as a line (refused).
        assert task['changed'] is False and run.failed(name) == [] or 'already holds' in task.get('msg', ''), task
        said = task.get('msg', '') + ' '.join(task.get('warnings', []))
        assert 'waits unpaid in the cart' in said or 'already holds an unpaid vds service order' in said, task
    assert len(cart_lines(billmgr_sim)) == 1
    assert billmgr_sim.account('alice')['balance'] == balance, 'nothing is paid until the cart is'

    pay_carts(billmgr_sim)
    assert db_rows(billmgr_sim, "SELECT count(*) AS n FROM service WHERE remoteid = 'cart-1' AND status != 4")[0]['n'] == 1
    assert billmgr_sim.account('alice')['balance'] == balance - 500


@BOTH_PANELS
def test_a_dropped_cart_order_answer_then_a_rerun_leaves_one_order(ansible, billmgr_sim):
    billmgr_sim.set_fault('v2.vds.order.param', 'drop-after-commit')
    run = ansible.tasks(repeated(CART_ORDER.format(remoteid='cart-2'), 2))
    lost = run.task('order 1')
    assert lost['changed'] is True and lost['reconciled'] is True and lost['found_by'] == 'reconciled', lost
    assert lost.get('billorder_id') or lost.get('lineitem_id'), lost
    again = run.task('order 2')
    assert again['changed'] is False, again
    assert len(cart_lines(billmgr_sim)) == 1
    assert billmgr_sim.counters()['func']['v2.vds.order.param'] == 1, 'the lost order is not sent again, by the task or the re-run'


@BOTH_PANELS
def test_a_paid_change_into_the_cart_waits_then_applies_once_paid(ansible, billmgr_sim):
    order = '''
    - name: vps
      ispsystem.billmgr.billmgr_service:
        type: vds
        remoteid: grow-1
        pricelist: 6
        datacenter: 1
    '''
    grow = '''
    - name: grow
      ispsystem.billmgr.billmgr_service:
        type: vds
        remoteid: grow-1
        addons: {RAM: 2048}
        skipbasket: false
    '''
    # The order, then the change, in one playbook: nothing is looked at in between.
    ordered = ansible.tasks(order + grow)
    service_id = ordered.task('vps')['service']['id']
    waiting = ordered.task('grow')
    assert waiting['changed'] is True and waiting['billorder_id'] >= 1, waiting
    assert any('waits unpaid in the cart' in warning for warning in waiting['warnings']), waiting
    assert waiting['service']['addons']['11'] == 1024, 'not applied before it is paid'
    assert edit_form(billmgr_sim, 'vds', service_id)['addon_11'] == '1024'

    still = ansible.tasks(grow).task('grow')
    assert still['changed'] is False and still['billorder_id'] == waiting['billorder_id'], still
    assert len(cart_lines(billmgr_sim)) == 1, 'the change is not asked for twice'

    pay_carts(billmgr_sim)
    assert edit_form(billmgr_sim, 'vds', service_id)['addon_11'] == '2048'
    done = ansible.tasks(grow).task('grow')
    assert done['changed'] is False and 'billorder_id' not in done, done


@BOTH_PANELS
def test_an_admin_order_for_a_client_lands_in_its_account_and_is_charged_to_it_once(ansible, billmgr_sim):
    for_bob = '''
    - name: for bob
      ispsystem.billmgr.billmgr_service:
        type: vds
        remoteid: for-bob-1
        pricelist: 6
        datacenter: 1
        account: bob
    '''
    bob = billmgr_sim.account('bob')['balance']
    run = ansible.tasks(repeated(for_bob, 2), user='admin')
    first = run.task('for bob 1')
    assert first['changed'] is True and first['service']['status'] == 2, first
    second = run.task('for bob 2')
    assert second['changed'] is False, second
    rows = db_rows(billmgr_sim, "SELECT s.id, a.name FROM service s JOIN account a ON a.id = s.account_id WHERE s.remoteid = 'for-bob-1'")
    assert [row['name'] for row in rows] == ['bob']
    assert billmgr_sim.account('bob')['balance'] == bob - 500
    assert billmgr_sim.counters()['func'].get('account.su') == 1, 'switched to the client once, for the one order'


@BOTH_PANELS
def test_an_admin_cannot_order_for_an_account_that_does_not_exist(ansible, billmgr_sim):
    result = ansible.tasks(CART_ORDER.replace('skipbasket: false', 'account: nobody').format(remoteid='for-nobody'), user='admin')
    [failed] = result.failed('order')
    assert "account 'nobody': the panel has no client account of that name" in failed['result']['msg'], failed
    assert billmgr_sim.counters()['func'].get('v2.vds.order.param', 0) == 0


@BOTH_PANELS
def test_autoprolong_months_on_a_v2_order_are_set_in_the_same_task(ansible, billmgr_sim):
    task = '''
    - name: renewing
      ispsystem.billmgr.billmgr_service:
        type: vds
        remoteid: renew-3
        pricelist: 6
        datacenter: 1
        autoprolong: 3
    '''
    ordered = ansible.tasks(task).task('renewing')
    assert ordered['changed'] is True and ordered['service']['autoprolong'] == 3, ordered
    [row] = db_rows(billmgr_sim, "SELECT autoprolong FROM service WHERE remoteid = 'renew-3'")
    assert row['autoprolong'] == 3
    assert ansible.tasks(task).task('renewing')['changed'] is False


@BOTH_PANELS
def test_an_admin_licence_order_for_a_client_is_the_clients_and_charged_to_it_once(ansible, billmgr_sim):
    task = '''
    - name: licence for bob
      ispsystem.billmgr.billmgr_license:
        licname: bob-panel
        pricelist: ISPmanager Lite
        ip: %s
        account: bob
        wait: false
    ''' % LICENSE_IPS[3]
    bob = billmgr_sim.account('bob')['balance']
    run = ansible.tasks(repeated(task, 2), user='admin')
    first = run.task('licence for bob 1')
    assert first['changed'] is True and first['license']['id'], first
    assert run.task('licence for bob 2')['changed'] is False
    rows = db_rows(billmgr_sim, "SELECT a.name FROM service s JOIN account a ON a.id = s.account_id WHERE s.licname = 'bob-panel'")
    assert [row['name'] for row in rows] == ['bob']
    assert billmgr_sim.account('bob')['balance'] == bob - 400, 'ISPmanager Lite, one month, once'
    assert billmgr_sim.counters()['func'].get('account.su') == 1


@pytest.mark.parametrize('panel, parts_only', [(5, False), (6, True)], ids=['bm5-with-total', 'bm6-parts-only'])
def test_a_setup_fee_is_part_of_the_first_payment_that_max_cost_checks(tmp_path, billmgr_sim_factory, panel, parts_only):
    """Dedicated Pro: 9000 a month, RAID 1 (500), a one-time setup fee of 4500 (E3's «Установка (разово)»): the order's
    first payment is 14000, its renewals 9500. A max_cost between the two refuses the order. BILLmanager 5's form gives
    a total line; BILLmanager 6's here only the parts (--summary-without-total, as E3's captured summary), which are added."""
    sim = billmgr_sim_factory(panel=panel, summary_without_total=parts_only)
    order = '''
    - name: %s
      ispsystem.billmgr.billmgr_service:
        type: dedic
        remoteid: setup-1
        pricelist: Dedicated Pro
        datacenter: 1
        max_cost: %s
      check_mode: %s
      ignore_errors: true
    '''
    balance = sim.account('alice')['balance']
    run = AnsibleRunner(tmp_path, sim).tasks(''.join(order % case for case in (
        ('would', 'null', 'true'), ('above the recurring price', 10000, 'false'), ('enough', 14000, 'false'))))
    would = run.task('would')
    assert would['changed'] is True and would['service']['id'] is None, would
    parts = dict((key, would['order'][key]) for key in ('cost', 'recurring_cost', 'setup_cost', 'addons_cost', 'currency'))
    assert parts == {'cost': 14000.0, 'recurring_cost': 9000.0, 'setup_cost': 4500.0, 'addons_cost': 500.0, 'currency': 'RUB'}
    [refused] = run.failed('above the recurring price')
    assert refused['result']['msg'] == ('the dedic order (its first payment, with a one-time setup fee of 4500.00 RUB) costs '
                                        '14000.00 RUB, more than max_cost 10000.00; nothing was paid'), refused
    ordered = run.task('enough')
    assert ordered['changed'] is True and ordered['service']['status'] == 2, ordered
    assert ordered['spending']['cost'] == 14000.0 and ordered['order']['setup_cost'] == 4500.0, ordered
    assert sim.account('alice')['balance'] == balance - 14000, 'the setup fee paid once, with the order'
    assert sim.counters()['func'].get('v2.dedic.order.param', 0) == 3 + 1, 'three forms read for the price, one order'
