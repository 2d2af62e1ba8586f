# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_license against the simulator (current soft.* API): playbooks a reseller would write, and the panel's real state.

The demo data: alice owns license 777 (ISPmanager Lite, 203.0.113.10) and 100000 RUB;
ISPmanager Lite costs 400 RUB a month, VMmanager KVM 600 plus 300 per node beyond the first.
"""

from __future__ import annotations

from billmgr_sim.pytest_plugin import BOTH_PANELS
from billmgr_sim.testing import LICENSE_IPS, as_list, db_snapshot, edit_form, func_total, listed_by_id, snapshot_changes

IP1, IP2, IP3, IP4 = LICENSE_IPS

ORDER_WRITES = ('soft.order.param',)
ALL_WRITES = ('soft.order.param', 'soft.edit', 'soft.suspend', 'soft.resume', 'soft.delete', 'service.prolong')


def test_order_then_unchanged_then_rename_and_move_then_delete(ansible, billmgr_sim):
    order = '''
        - name: Order
          ispsystem.billmgr.billmgr_license:
            licname: web-1
            pricelist: ISPmanager Lite
            ip: %s
            period: 1
            autoprolong: 1
          register: order
    ''' % IP1
    balance = billmgr_sim.account('alice')['balance']

    # Check mode: the product and the IP are checked, nothing is ordered or paid.
    billmgr_sim.reset_counters()
    run = ansible.tasks(order, check=True, diff=True)
    assert run.rc == 0, run
    result = run.task('Order')
    assert result['changed'] is True
    assert result['license']['id'] is None and result['license']['pricelist_id'] == 3541
    assert result['diff']['after']['licname'] == 'web-1'
    assert func_total(billmgr_sim.counters(), *ALL_WRITES) == 0
    assert sorted(listed_by_id(billmgr_sim, 'soft', user='alice')) == [777]
    assert billmgr_sim.account('alice')['balance'] == balance

    # The order: paid once, waited for until the key is issued, the key not in the result.
    billmgr_sim.reset_counters()
    run = ansible.tasks(order, extra_args=['-v'])
    assert run.rc == 0, run
    result = run.task('Order')
    license_ = result['license']
    assert result['changed'] is True
    assert license_['licname'] == 'web-1' and license_['ip'] == IP1 and license_['status_name'] == 'active'
    assert license_['pricelist'] == 'ISPmanager Lite' and license_['autoprolong'] == 1 and license_['period'] == 1
    assert 'lickey' not in license_
    counters = billmgr_sim.counters()
    assert counters['func']['soft.order.param'] == 1
    assert counters['func']['soft.checkip'] == 1
    new_id = license_['id']
    panel = listed_by_id(billmgr_sim, 'soft', user='alice')
    assert sorted(panel) == [777, new_id]
    assert panel[new_id]['licname'] == 'web-1' and panel[new_id]['ip'] == IP1 and panel[new_id]['status'] == '2'
    key = edit_form(billmgr_sim, 'soft', new_id, user='alice')['lickey']
    assert key and key not in run.stdout
    assert billmgr_sim.account('alice')['balance'] == balance - 400

    # The same task again: the list, and the edit form for the months the list names only by label ("Month",
    # real-panels-2 §9.3); nothing bought.
    billmgr_sim.reset_counters()
    run = ansible.tasks(order)
    assert run.rc == 0, run
    assert run.task('Order')['changed'] is False
    assert run.task('Order')['license'] == license_
    assert billmgr_sim.counters()['requests'] == 2 and billmgr_sim.counters()['func']['soft.edit'] == 1
    assert billmgr_sim.account('alice')['balance'] == balance - 400

    # Rename and move to another address, by id.
    run = ansible.tasks('''
        - name: Rename and move
          ispsystem.billmgr.billmgr_license:
            id: %d
            licname: web-1-new
            ip: %s
    ''' % (new_id, IP2), diff=True)
    assert run.rc == 0, run
    result = run.task('Rename and move')
    assert result['changed'] is True
    assert result['diff'] == {'before': {'ip': IP1, 'ipchange': None, 'licname': 'web-1'},
                              'after': {'ip': IP2, 'ipchange': result['license']['ipchange'], 'licname': 'web-1-new'}}
    panel = listed_by_id(billmgr_sim, 'soft', user='alice')[new_id]
    assert panel['licname'] == 'web-1-new' and panel['ip'] == IP2

    # A second move in the same calendar month is refused, with the rule named; nothing changes.
    run = ansible.tasks('''
        - name: Move again
          ispsystem.billmgr.billmgr_license:
            id: %d
            ip: %s
    ''' % (new_id, IP3))
    assert run.rc != 0
    message = run.task('Move again')['msg']
    assert 'only once per calendar month' in message, message
    assert 'BILLmanager said: The IP address of a license can be changed only once a month' in message
    assert listed_by_id(billmgr_sim, 'soft', user='alice')[new_id]['ip'] == IP2

    # Next month the address may change again.
    billmgr_sim.advance_clock(32 * 86400)
    run = ansible.tasks('''
        - name: Move next month
          ispsystem.billmgr.billmgr_license:
            id: %d
            ip: %s
    ''' % (new_id, IP3))
    assert run.rc == 0, run
    assert listed_by_id(billmgr_sim, 'soft', user='alice')[new_id]['ip'] == IP3

    # Delete, then delete again (unchanged).
    delete = '''
        - name: Delete
          ispsystem.billmgr.billmgr_license:
            licname: web-1-new
            state: absent
    '''
    run = ansible.tasks(delete)
    assert run.rc == 0, run
    assert run.task('Delete')['changed'] is True
    # Still listed, as deleted: real plain lists show deleted services (real-panels §5.5, E12).
    rows = listed_by_id(billmgr_sim, 'soft', user='alice')
    assert sorted(rows) == [777, new_id] and rows[new_id]['status'] == '4' and rows[777]['status'] != '4'
    assert listed_by_id(billmgr_sim, 'soft', user='alice', status=4)[new_id]['licname'] == 'web-1-new'
    run = ansible.tasks(delete)
    assert run.rc == 0, run
    assert run.task('Delete')['changed'] is False


def test_check_mode_changes_nothing_on_an_existing_license(ansible, billmgr_sim):
    before = db_snapshot(billmgr_sim)
    billmgr_sim.reset_counters()
    run = ansible.tasks('''
        - name: Rename, move, renew, re-key and turn renewal on
          ispsystem.billmgr.billmgr_license:
            id: 777
            licname: renamed
            ip: %s
            autoprolong: 12
            renew: true
            regenerate_key: true
    ''' % IP1, check=True, diff=True)
    assert run.rc == 0, run
    result = run.task('Rename, move, renew, re-key and turn renewal on')
    assert result['changed'] is True
    assert result['diff']['after'] == {'licname': 'renamed', 'ip': IP1, 'autoprolong': 12}
    # The look-up, and the price list for the months the product renews for; no write.
    assert billmgr_sim.counters()['func'] == {'soft': 1, 'pricelist.export': 1}
    assert snapshot_changes(before, db_snapshot(billmgr_sim)) == {}
    assert listed_by_id(billmgr_sim, 'soft', user='alice')[777]['licname'] == 'alice-lite'


def test_suspend_then_resume(ansible, billmgr_sim):
    suspend = '''
        - name: Suspend
          ispsystem.billmgr.billmgr_license:
            licname: alice-lite
            state: suspended
    '''
    run = ansible.tasks(suspend)
    assert run.rc == 0, run
    assert run.task('Suspend')['changed'] is True
    assert run.task('Suspend')['license']['status_name'] == 'suspended'
    assert listed_by_id(billmgr_sim, 'soft', user='alice')[777]['status'] == '3'

    billmgr_sim.reset_counters()
    run = ansible.tasks(suspend)
    assert run.rc == 0, run
    assert run.task('Suspend')['changed'] is False
    assert billmgr_sim.counters()['requests'] == 1

    run = ansible.tasks('''
        - name: Resume
          ispsystem.billmgr.billmgr_license:
            licname: alice-lite
    ''')
    assert run.rc == 0, run
    assert run.task('Resume')['changed'] is True
    assert run.task('Resume')['license']['status_name'] == 'active'
    assert listed_by_id(billmgr_sim, 'soft', user='alice')[777]['status'] == '2'


def test_new_key_is_always_a_change_and_stays_secret_unless_asked_for(ansible, billmgr_sim):
    old_key = edit_form(billmgr_sim, 'soft', 777, user='alice')['lickey']
    run = ansible.tasks('''
        - name: New key
          ispsystem.billmgr.billmgr_license:
            id: 777
            regenerate_key: true
    ''', extra_args=['-v'])
    assert run.rc == 0, run
    assert run.task('New key')['changed'] is True
    assert 'lickey' not in run.task('New key')['license']
    new_key = edit_form(billmgr_sim, 'soft', 777, user='alice')['lickey']
    assert new_key and new_key != old_key
    assert new_key not in run.stdout and new_key not in run.stderr
    assert listed_by_id(billmgr_sim, 'soft', user='alice')[777]['real_keychange']

    run = ansible.tasks('''
        - name: New key, returned
          ispsystem.billmgr.billmgr_license:
            id: 777
            regenerate_key: true
            return_key: true
          register: rekeyed
          no_log: true

        - name: Install it
          ansible.builtin.copy:
            content: "{{ rekeyed.license.lickey }}"
            dest: "{{ playbook_dir }}/license.key"
            mode: '0600'
    ''')
    assert run.rc == 0, run
    newest = edit_form(billmgr_sim, 'soft', 777, user='alice')['lickey']
    assert newest != new_key
    assert (ansible.workdir / 'license.key').read_text() == newest

    # return_key (the old name of with_key, still an alias) on an unchanged license reads the key from the edit form.
    run = ansible.tasks('''
        - name: Read the key
          ispsystem.billmgr.billmgr_license:
            id: 777
            return_key: true
          register: current
          no_log: true

        - name: Show that it is there
          ansible.builtin.assert:
            that: current.license.lickey | length == 40 and current is not changed
    ''')
    assert run.rc == 0, run


def test_an_ip_that_cannot_be_licensed_fails_before_payment(ansible, billmgr_sim):
    balance = billmgr_sim.account('alice')['balance']
    run = ansible.tasks('''
        - name: Order for a private address
          ispsystem.billmgr.billmgr_license:
            licname: internal
            pricelist: ISPmanager Lite
            ip: 10.1.2.3
    ''')
    assert run.rc != 0
    message = run.task('Order for a private address')['msg']
    assert 'cannot be ordered for 10.1.2.3, nothing was ordered or paid' in message, message
    assert 'not a public address' in message
    assert run.task('Order for a private address')['error']['func'] == 'soft.checkip'

    # The same product for an address that already has it.
    run = ansible.tasks('''
        - name: First
          ispsystem.billmgr.billmgr_license:
            licname: first
            pricelist: ISPmanager Lite
            ip: %s

        - name: Second on the same address
          ispsystem.billmgr.billmgr_license:
            licname: second
            pricelist: ISPmanager Lite
            ip: %s
    ''' % (IP4, IP4))
    assert run.rc != 0
    assert 'already exists for the IP address %s' % IP4 in run.task('Second on the same address')['msg']
    assert billmgr_sim.counters()['func']['soft.order.param'] == 1
    assert sorted(lic['licname'] for lic in listed_by_id(billmgr_sim, 'soft', user='alice').values()) == ['alice-lite', 'first']
    assert billmgr_sim.account('alice')['balance'] == balance - 400


def test_bad_input_fails_before_any_write(ansible, billmgr_sim):
    billmgr_sim.reset_counters()
    run = ansible.tasks('''
        - name: Unknown product
          ispsystem.billmgr.billmgr_license:
            licname: web-2
            pricelist: ISPmanager Ultra
            ip: %s
          ignore_errors: true

        - name: Period 6
          ispsystem.billmgr.billmgr_license:
            licname: web-2
            pricelist: ISPmanager Lite
            ip: %s
            period: 6
          ignore_errors: true

        - name: Invalid IP
          ispsystem.billmgr.billmgr_license:
            licname: web-2
            pricelist: ISPmanager Lite
            ip: 300.1.2.3
          ignore_errors: true

        - name: Auto-renewal for 6 months
          ispsystem.billmgr.billmgr_license:
            licname: web-2
            pricelist: ISPmanager Lite
            ip: %s
            autoprolong: 6
          ignore_errors: true

        - name: Add-on the product does not have
          ispsystem.billmgr.billmgr_license:
            licname: web-2
            pricelist: VMmanager KVM
            ip: %s
            addons:
              CPU: 2
          ignore_errors: true

        - name: No name, no id
          ispsystem.billmgr.billmgr_license:
            pricelist: ISPmanager Lite
            ip: %s
          ignore_errors: true

        - name: Another product for an existing license
          ispsystem.billmgr.billmgr_license:
            id: 777
            pricelist: BILLmanager
          ignore_errors: true
    ''' % (IP1, IP1, IP1, IP1, IP1))
    assert run.rc == 0, run
    messages = dict((name, run.task(name).get('msg', '')) for name in (
        'Unknown product', 'Period 6', 'Invalid IP', 'Auto-renewal for 6 months', 'Add-on the product does not have',
        'No name, no id', 'Another product for an existing license'))
    assert [name for name in messages if not run.failed(name)] == [], messages
    assert "unknown pricelist 'ISPmanager Ultra' for soft services to order; valid: IPmanager (2891)" in messages['Unknown product']
    assert 'tariff ISPmanager Lite (3541) cannot be ordered for period 6; its periods: 1, 12' in messages['Period 6']
    assert "'300.1.2.3' is not an IP address" in messages['Invalid IP']
    assert 'autoprolong: tariff ISPmanager Lite (3541) renews for 1, 12 months or off; got 6' in messages['Auto-renewal for 6 months']
    assert "unknown add-on 'CPU' in tariff VMmanager KVM (3045); valid: Nodes (3049)" in messages['Add-on the product does not have']
    assert 'one of the following is required: id, licname' in messages['No name, no id']
    assert 'is for ISPmanager Lite, not BILLmanager' in messages['Another product for an existing license']
    counters = billmgr_sim.counters()
    assert func_total(counters, *ALL_WRITES) == 0
    assert func_total(counters, 'soft.checkip') == 0
    assert sorted(listed_by_id(billmgr_sim, 'soft', user='alice')) == [777]


def test_a_lost_order_answer_is_looked_up_not_ordered_again(ansible, billmgr_sim):
    balance = billmgr_sim.account('alice')['balance']
    billmgr_sim.set_fault('soft.order.param', 'drop-after-commit')
    run = ansible.tasks('''
        - name: Order
          ispsystem.billmgr.billmgr_license:
            licname: web-lost
            pricelist: '3541'
            ip: %s
    ''' % IP1)
    assert run.rc == 0, run
    assert run.task('Order')['changed'] is True
    assert run.task('Order')['license']['licname'] == 'web-lost'
    assert billmgr_sim.counters()['func']['soft.order.param'] == 1
    assert [lic['licname'] for lic in listed_by_id(billmgr_sim, 'soft', user='alice').values()].count('web-lost') == 1
    assert billmgr_sim.account('alice')['balance'] == balance - 400


def test_order_with_addons_and_renew(ansible, billmgr_sim):
    balance = billmgr_sim.account('alice')['balance']
    run = ansible.tasks('''
        - name: VMmanager for three nodes
          ispsystem.billmgr.billmgr_license:
            licname: cluster-a
            pricelist: VMmanager KVM
            ip: %s
            addons:
              Nodes: 3
          register: kvm

        - name: Renew it for a year
          ispsystem.billmgr.billmgr_license:
            id: "{{ kvm.license.id }}"
            renew: true
            period: 12
          register: renewed
    ''' % IP1)
    assert run.rc == 0, run
    license_id = run.task('VMmanager for three nodes')['license']['id']
    assert edit_form(billmgr_sim, 'soft', license_id, user='alice')['addon_3049'] == '3'
    monthly = 600 + 2 * 300
    assert billmgr_sim.account('alice')['balance'] == balance - monthly - 12 * monthly
    before = run.task('VMmanager for three nodes')['license']['expiredate']
    after = run.task('Renew it for a year')['license']['expiredate']
    assert run.task('Renew it for a year')['changed'] is True
    assert int(after[:4]) == int(before[:4]) + 1 and after[4:] == before[4:]
    assert listed_by_id(billmgr_sim, 'soft', user='alice')[license_id]['expiredate'] == after


def test_auto_renewal_is_turned_on_and_off(ansible, billmgr_sim):
    run = ansible.tasks('''
        - name: Yearly renewal
          ispsystem.billmgr.billmgr_license:
            id: 777
            autoprolong: 12
    ''')
    assert run.rc == 0, run
    assert run.task('Yearly renewal')['changed'] is True
    # The list names the period ("Year", real-panels-2 §9.3, E23); the edit form keeps the months (E5).
    assert listed_by_id(billmgr_sim, 'soft', user='alice')[777]['autoprolong'] == 'Year'
    assert edit_form(billmgr_sim, 'soft', 777, user='alice')['autoprolong'] == '12'
    run = ansible.tasks('''
        - name: No renewal
          ispsystem.billmgr.billmgr_license:
            id: 777
            autoprolong: off
    ''')
    assert run.rc == 0, run
    assert run.task('No renewal')['changed'] is True
    assert run.task('No renewal')['license']['autoprolong'] is None
    assert listed_by_id(billmgr_sim, 'soft', user='alice')[777].get('autoprolong', '') == ''


@BOTH_PANELS
def test_skipbasket_false_puts_the_order_in_the_cart_once(ansible, billmgr_sim):
    balance = billmgr_sim.account('alice')['balance']
    task = '''
        - name: Order into the cart
          ispsystem.billmgr.billmgr_license:
            licname: from-cart
            pricelist: ISPmanager Lite
            ip: %s
            skipbasket: false
    ''' % IP1
    run = ansible.tasks(task)
    assert run.rc == 0, run
    result = run.task('Order into the cart')
    assert result['changed'] is True and result['billorder_id'] > 0 and result['license']['id'] is None
    assert any('waits unpaid in the cart' in warning for warning in result['warnings']), result
    assert billmgr_sim.account('alice')['balance'] == balance
    # The old order API puts licences into the old cart on both panels (E20); it lists the order as "ordered".
    listed_now = listed_by_id(billmgr_sim, 'soft', user='alice')
    [ordered] = [lic_id for lic_id in listed_now if lic_id != 777]
    assert listed_now[ordered]['status'] == '1'

    # Run again before the cart is paid: the order is found, not placed a second time.
    again = ansible.tasks(task).task('Order into the cart')
    assert again['changed'] is False and again['license']['id'] == ordered, again
    assert any('waits unpaid in the cart' in warning for warning in again['warnings']), again
    basket = billmgr_sim.call('basket', user='alice')['doc']
    [itemlist] = [node for node in as_list(basket['list']) if node['$name'] == 'itemlist']
    assert len(as_list(itemlist['elem'])) == 1
    assert billmgr_sim.counters()['func']['soft.order.param'] == 1

    assert billmgr_sim.pay_cart('alice') == [ordered]
    assert billmgr_sim.account('alice')['balance'] < balance
