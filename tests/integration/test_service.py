# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_service against the simulator: order, the same again, change, delete, for every type and both API forms.

Every step is checked against what the simulator really holds (services, add-on values,
balance), not only against what the module says.
"""

from __future__ import annotations

import pytest

from billmgr_sim.playbook import repeated
from billmgr_sim.pytest_plugin import BOTH_PANELS
from billmgr_sim.testing import as_list, edit_form, listed, text


# -- one type, the whole life -------------------------------------------------------------

VPS_TASK = '''
- name: web-01
  ispsystem.billmgr.billmgr_service:
    type: vds
    remoteid: web-01
    domain: web-01.example.com
    pricelist: 6
    datacenter: 1
    period: 1
    ostempl: ISPsystem__Debian-12-amd64
    addons:
      "11": {ram}
  register: vps
'''


def test_vds_check_mode_create_again_change_delete(ansible, billmgr_sim):
    balance = billmgr_sim.account('alice')['balance']

    run_ = ansible.tasks(VPS_TASK.format(ram=2048), check=True, diff=True)
    assert run_.rc == 0, run_
    result = run_.task('web-01')
    assert result['changed'] is True
    assert result['order']['pricelist'] == 6 and result['order']['period'] == 1
    assert (result['order']['cost'], result['order']['currency']) == (756.0, 'RUB')  # 500 RUB + (2048 - 1024) MB of RAM at 0.25 RUB, one month
    assert result['service']['id'] is None and result['service']['remoteid'] == 'web-01'
    assert result['diff']['after']['addons'] == {'11': 2048}
    assert listed(billmgr_sim, 'vds', remoteid='web-01') == []
    assert billmgr_sim.account('alice')['balance'] == balance

    created = ansible.tasks(VPS_TASK.format(ram=2048))
    assert created.rc == 0, created
    service = created.task('web-01')['service']
    assert created.task('web-01')['changed'] is True
    assert service['status'] == 2 and service['status_name'] == 'active' and service['ip']
    assert service['remoteid'] == 'web-01' and service['domain'] == 'web-01.example.com'
    assert service['pricelist'] == 'VPS Start' and service['datacenter'] == 'Frankfurt'
    assert service['ostempl'] == 'ISPsystem__Debian-12-amd64'
    [row] = listed(billmgr_sim, 'vds', remoteid='web-01')
    assert int(row['id']) == service['id'] and row['status'] == '2'
    assert edit_form(billmgr_sim, 'vds', service['id'])['addon_11'] == '2048'
    paid = billmgr_sim.account('alice')['balance']
    assert paid == pytest.approx(balance - 756.0)  # 500 + (2048 - 1024) * 0.25 for one month

    again = ansible.tasks(VPS_TASK.format(ram=2048))
    assert again.rc == 0, again
    assert again.task('web-01')['changed'] is False
    assert again.task('web-01')['service']['id'] == service['id']
    assert again.task('web-01')['service']['addons']['11'] == 2048
    assert len(listed(billmgr_sim, 'vds', remoteid='web-01')) == 1
    assert billmgr_sim.account('alice')['balance'] == paid

    # Check mode of a change: the diff says what would change; the panel, its counters of writes and the balance do not move.
    billmgr_sim.reset_counters()
    would = ansible.tasks(VPS_TASK.format(ram=4096), check=True, diff=True)
    assert would.rc == 0, would
    assert would.task('web-01')['changed'] is True
    assert would.task('web-01')['diff'] == {'before': {'addons.11': 2048}, 'after': {'addons.11': 4096}}
    # The look-up, the edit form and the price of the change (the form without sok, with the new value), no edit.
    assert billmgr_sim.counters()['func'] == {'vds': 1, 'vds.edit': 2}
    assert would.task('web-01')['currency'] == 'RUB'
    assert edit_form(billmgr_sim, 'vds', service['id'])['addon_11'] == '2048'
    assert billmgr_sim.account('alice')['balance'] == paid

    changed = ansible.tasks(VPS_TASK.format(ram=4096), diff=True)
    assert changed.rc == 0, changed
    result = changed.task('web-01')
    assert result['changed'] is True
    assert result['diff'] == {'before': {'addons.11': 2048}, 'after': {'addons.11': 4096}}
    assert result['service']['addons']['11'] == 4096
    assert edit_form(billmgr_sim, 'vds', service['id'])['addon_11'] == '4096'
    assert billmgr_sim.account('alice')['balance'] < paid
    assert would.task('web-01')['change_cost'] == round(paid - billmgr_sim.account('alice')['balance'], 2), 'the price check mode showed'

    would_delete = ansible.tasks('''
        - name: delete web-01
          ispsystem.billmgr.billmgr_service:
            type: vds
            remoteid: web-01
            state: absent
    ''', check=True)
    assert would_delete.rc == 0 and would_delete.task('delete web-01')['changed'] is True
    assert [row['status'] for row in listed(billmgr_sim, 'vds', remoteid='web-01')] == ['2']

    deleted = ansible.tasks('''
        - name: delete web-01
          ispsystem.billmgr.billmgr_service:
            type: vds
            remoteid: web-01
            state: absent
        - name: delete web-01 again
          ispsystem.billmgr.billmgr_service:
            type: vds
            remoteid: web-01
            state: absent
    ''')
    assert deleted.rc == 0, deleted
    assert deleted.task('delete web-01')['changed'] is True
    assert deleted.task('delete web-01')['service']['status'] == 4
    assert deleted.task('delete web-01 again')['changed'] is False
    assert [row['status'] for row in listed(billmgr_sim, 'vds', remoteid='web-01')] == ['4']  # listed as deleted (E12)
    assert [row['status'] for row in listed(billmgr_sim, 'vds', id=service['id'], status=4)] == ['4']


def test_a_domain_identity_ignores_case(ansible, billmgr_sim):
    task = '''
        - name: hosting
          ispsystem.billmgr.billmgr_service:
            type: vhost
            domain: Shop.Example.COM
            pricelist: Hosting Start
    '''
    # The task and its re-run, in one playbook.
    run = ansible.tasks(repeated(task, 2))
    assert run.rc == 0, run
    assert run.task('hosting 1')['service']['domain'] == 'shop.example.com'
    assert run.task('hosting 2')['changed'] is False
    assert len(listed(billmgr_sim, 'vhost', domain='shop.example.com')) == 1


# -- names instead of ids -----------------------------------------------------------------

def test_tariff_datacenter_and_addons_by_name(ansible, billmgr_sim):
    result = ansible.tasks('''
        - name: by name
          ispsystem.billmgr.billmgr_service:
            type: dedic
            remoteid: db-02
            pricelist: Dedicated Basic
            datacenter: Amsterdam
            period: 12
            addons:
              RAID: RAID 10
              IPMI access: 1
              "26": 4
    ''')
    assert result.rc == 0, result
    service = result.task('by name')['service']
    assert service['pricelist'] == 'Dedicated Basic' and service['datacenter'] == 'Amsterdam'
    assert result.task('by name')['order']['addons'] == {'26': 4, '33': 3, '35': 1}
    form = edit_form(billmgr_sim, 'dedic', service['id'])
    assert (form['pricelist'], form['datacenter']) == ('32', '2')
    assert (form['addon_33'], form['addon_35'], form['addon_26']) == ('3', '1', '4')
    assert billmgr_sim.counters()['func'].get('pricelist.export') == 1


def test_change_addons_by_name_and_autoprolong_off(ansible, billmgr_sim):
    task = '''
        - name: more
          ispsystem.billmgr.billmgr_service:
            type: vds
            id: 958
            autoprolong: "off"
            addons:
              RAM: 2048
              CPU: 2
    '''
    first = ansible.tasks(task)
    assert first.rc == 0, first
    result = first.task('more')
    assert result['changed'] is True
    # Add-ons as the task names them, the id beside (issue 36); CPU 2 was already so.
    assert result['diff']['before'] == {'addons.RAM (11)': 1024, 'autoprolong': 1}
    assert result['diff']['after'] == {'addons.RAM (11)': 2048, 'autoprolong': None}
    form = edit_form(billmgr_sim, 'vds', 958)
    assert form['addon_11'] == '2048' and form['addon_9'] == '2' and 'autoprolong' not in form

    second = ansible.tasks(task)
    assert second.rc == 0, second
    assert second.task('more')['changed'] is False


def test_admin_changes_panel_fields_of_a_client_service(ansible, billmgr_sim):
    task = '''
        - name: admin fields
          ispsystem.billmgr.billmgr_service:
            type: vds
            id: 938
            domain: renamed.example.com
            ip: 192.0.2.10
            ostempl: ISPsystem__Debian-12-amd64
            allow_reinstall: true
            recipe: ISPsystem__Docker
            service_username: user134
            serverid: vm-938
    '''
    first = ansible.tasks(task, user='admin', diff=True)
    assert first.rc == 0, first
    assert first.task('admin fields')['changed'] is True
    assert first.task('admin fields')['service']['domain'] == 'renamed.example.com'
    form = edit_form(billmgr_sim, 'vds', 938)
    assert (form['domain'], form['ip'], form['ostempl'], form['recipe'], form['username'], form['serverid']) == (
        'renamed.example.com', '192.0.2.10', 'ISPsystem__Debian-12-amd64', 'ISPsystem__Docker', 'user134', 'vm-938')

    second = ansible.tasks(task, user='admin')
    assert second.rc == 0, second
    assert second.task('admin fields')['changed'] is False


def test_userpassword_is_set_but_never_shown(ansible, billmgr_sim):
    secret = 'jYh4nsqe-Secret-71'
    result = ansible.tasks('''
        - name: password
          ispsystem.billmgr.billmgr_service:
            type: vds
            id: 958
            userpassword: {secret}
          register: out
        - name: show
          ansible.builtin.debug:
            var: out
    '''.format(secret=secret), user='admin', diff=True, extra_args=['-vvv'])
    assert result.rc == 0, result
    assert result.task('password')['changed'] is True
    assert secret not in result.stdout and secret not in result.stderr
    assert secret not in str(result.tasks)


# -- the cart and the Dragon interface ----------------------------------------------------

CART_TASK = '''
- name: cart
  ispsystem.billmgr.billmgr_service:
    type: vhost
    domain: shop.example.com
    pricelist: 2
    datacenter: 1
    skipbasket: false
    dragon: true
  ignore_errors: true
'''


@BOTH_PANELS
def test_a_dragon_order_left_in_the_cart_reports_the_cart_line(ansible, billmgr_sim):
    # Seed 003 with E1: the Dragon theme's cart is the new cart, on both panels; its line is no service yet.
    balance = billmgr_sim.account('alice')['balance']
    result = ansible.tasks(CART_TASK)
    assert result.rc == 0, result
    task = result.task('cart')
    assert task['changed'] is True and task['lineitem_id'] >= 1 and task['service'] is None, task
    [line] = as_list(dragon_cart(billmgr_sim)['elem'])
    assert text(line['id']) == str(task['lineitem_id'])
    assert billmgr_sim.account('alice')['balance'] == balance
    assert listed(billmgr_sim, 'vhost', domain='shop.example.com') == []

    # The cart line is not a service yet: a re-run cannot find it by domain, so it must not order again.
    again = ansible.tasks(CART_TASK)
    [failed] = again.failed('cart')
    assert 'already holds an unpaid vhost service order' in failed['result']['msg'], failed
    assert len(as_list(dragon_cart(billmgr_sim)['elem'])) == 1


def dragon_cart(sim):
    doc = sim.call_dragon('cart', user='alice', theme='dragon')['doc']
    [lines] = [node for node in as_list(doc['list']) if node['$name'] == 'lineitems']
    return lines


# -- request counts (the performance contract) --------------------------------------------

def test_requests_per_operation(ansible, billmgr_sim):
    create = '''
        - name: t
          ispsystem.billmgr.billmgr_service:
            type: vds
            remoteid: count-1
            pricelist: 6
            datacenter: 1{more}
    '''
    assert ansible.tasks(create.format(more='')).rc == 0
    # the look-up, the price list (every order is checked against the tariff), both carts (no unpaid order of the type may
    # wait there), the order, one poll (processing takes no time here)
    counts = billmgr_sim.counters()
    assert counts['requests'] == 6 and counts['func']['pricelist.export'] == 1
    assert counts['func']['basket'] == 1 and counts['func']['cart'] == 1

    billmgr_sim.reset_counters()
    assert ansible.tasks(create.format(more='')).task('t')['changed'] is False
    # the look-up and the edit form: lists name the tariff, so one given by id is read from the form (E18)
    assert billmgr_sim.counters()['requests'] == 2 and billmgr_sim.counters()['func']['vds.edit'] == 1

    billmgr_sim.reset_counters()
    with_addons = create.format(more='\n            addons: {"11": 1024}')
    assert ansible.tasks(with_addons).task('t')['changed'] is False
    assert billmgr_sim.counters()['requests'] == 2, 'the form read for the add-ons serves the tariff too'

    billmgr_sim.reset_counters()
    by_name = create.format(more='').replace('count-1', 'count-2').replace('pricelist: 6', 'pricelist: VPS Start')
    assert ansible.tasks(by_name).task('t')['changed'] is True
    counts = billmgr_sim.counters()
    assert counts['requests'] == 6 and counts['func']['pricelist.export'] == 1


def test_another_item_type_platform_is_ordered_found_again_and_deleted(ansible, billmgr_sim):
    """type takes any item type the panel sells; a platform gets no IP address, and waiting does not ask for one."""
    balance = billmgr_sim.account('alice')['balance']
    task = '''
        - name: platform
          ispsystem.billmgr.billmgr_service:
            type: platform
            remoteid: cloud-1
            pricelist: Cloud Platform
            period: 1
            state: {state}
    '''
    created = ansible.tasks(task.format(state='present'))
    assert created.rc == 0, created
    service = created.task('platform')['service']
    assert created.task('platform')['changed'] is True
    assert (service['type'], service['status_name'], service['pricelist']) == ('platform', 'active', 'Cloud Platform')
    # Real lists name the tariff without its id (E18); the edit form has the id.
    assert service['pricelist_id'] is None and edit_form(billmgr_sim, 'platform', service['id'])['pricelist'] == '40'
    assert billmgr_sim.account('alice')['balance'] == pytest.approx(balance - 3000.0)

    again = ansible.tasks(task.format(state='present'))
    assert again.rc == 0 and again.task('platform')['changed'] is False
    assert again.task('platform')['service']['id'] == service['id']
    assert len(listed(billmgr_sim, 'platform', remoteid='cloud-1')) == 1

    gone = ansible.tasks(task.format(state='absent'))
    assert gone.rc == 0 and gone.task('platform')['changed'] is True
    assert [row['status'] for row in listed(billmgr_sim, 'platform', remoteid='cloud-1')] == ['4']  # listed as deleted (E12)
