# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Two-factor logins and captchas as real panels have them (real-panels-2 §12.3, §12.4; E24, E5).

A two-factor account's login is a half session: every data function answers ``ok`` = "func=totp.confirm" and does
nothing. Read as an empty list, that would be an empty inventory, a live service "absent", an order that "waits".
Every task fails instead, saying what to do, and nothing is ordered, paid or deleted; with totp_secret the session is
confirmed and the same tasks work. A captcha on func=auth is met with authinfo on each request, and a warning.
"""

from __future__ import annotations

import pytest

from billmgr_sim.playbook import AnsibleRunner
from billmgr_sim.testing import listed, totp_code, totp_secret

INVENTORY = 'plugin: ispsystem.billmgr.billmgr\nurl: {url}\nusername: alice\npassword: Ali-6b1d\ntypes: [vds]\n'
# (alice's password is "alice": Ansible masks the name in a task's output as it masks the password)
TWO_FACTOR = ': the panel answers func=totp.confirm (it asks for the one-time code) instead of data, so nothing was read'
ADVICE = 'Use an API user without two-factor authentication, or give totp_secret'
ORDER = '''
- name: order
  ispsystem.billmgr.billmgr_service:
    type: vds
    remoteid: two-factor-order
    pricelist: 6
    datacenter: 1
  ignore_errors: true
'''
DELETE = '''
- name: delete
  ispsystem.billmgr.billmgr_service:
    type: vds
    id: 958
    state: absent
  ignore_errors: true
'''
CART = '''
- name: read the cart
  ispsystem.billmgr.billmgr_cart:
  ignore_errors: true
- name: pay the cart
  ispsystem.billmgr.billmgr_cart:
    state: paid
  ignore_errors: true
'''


@pytest.fixture
def two_factor(billmgr_sim_factory):
    return billmgr_sim_factory(totp_users=['alice'])


def live(sim):
    return sorted(int(row['id']) for row in listed(sim, 'vds', user='admin') if row['status'] != '4')


def failed_saying_two_factor(run, name):
    [failed] = run.failed(name)
    message = failed['result']['msg']
    assert TWO_FACTOR in message and ADVICE in message, message
    assert failed['result'].get('changed') in (None, False), failed
    return failed


def test_the_inventory_of_a_two_factor_user_fails_instead_of_coming_out_empty(tmp_path, two_factor):
    runner = AnsibleRunner(tmp_path, two_factor)
    rc, _data, _out, stderr = runner.inventory(INVENTORY.format(url=two_factor.url),
                                               env={'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'true'})
    assert rc != 0 and TWO_FACTOR in ' '.join(stderr.split()), stderr

    secret = totp_secret('alice')
    rc, data, _out, stderr = runner.inventory(INVENTORY.format(url=two_factor.url), env={'BILLMGR_TOTP_SECRET': secret})
    assert rc == 0, stderr
    assert sorted(data['_meta']['hostvars'][host]['billmgr_id'] for host in data['billmgr_vds']['hosts']) == [938, 958]
    assert secret not in stderr


def test_billmgr_service_fails_on_a_half_session_and_orders_and_deletes_nothing(tmp_path, two_factor):
    runner = AnsibleRunner(tmp_path, two_factor)
    balance, before = two_factor.account('alice')['balance'], live(two_factor)
    for check in (True, False):
        run = runner.tasks(ORDER + DELETE, check=check)
        failed_saying_two_factor(run, 'order')
        failed_saying_two_factor(run, 'delete')
    assert two_factor.account('alice')['balance'] == balance and live(two_factor) == before
    assert listed(two_factor, 'vds', remoteid='two-factor-order') == []


def test_billmgr_service_works_with_totp_secret(tmp_path, two_factor):
    runner = AnsibleRunner(tmp_path, two_factor)
    env = {'BILLMGR_TOTP_SECRET': totp_secret('alice')}
    checked = runner.tasks(ORDER, check=True, env=env).task('order')
    assert checked['changed'] is True and listed(two_factor, 'vds', remoteid='two-factor-order') == []
    ordered = runner.tasks(ORDER, env=env).task('order')
    assert ordered['changed'] is True and ordered['service']['remoteid'] == 'two-factor-order', ordered
    again = runner.tasks(ORDER, env=env).task('order')
    assert again['changed'] is False and again['service']['id'] == ordered['service']['id']
    deleted = runner.tasks(DELETE.replace('958', str(ordered['service']['id'])), env=env).task('delete')
    assert deleted['changed'] is True, deleted


def test_billmgr_cart_fails_on_a_half_session_and_pays_nothing(tmp_path, two_factor):
    # The order goes into alice's cart through the admin acting as her (authinfo of a two-factor user is refused).
    two_factor.order_into_cart('vds', 'admin', su='alice', pricelist=6, datacenter=1, remoteid='in-the-cart')
    runner = AnsibleRunner(tmp_path, two_factor)
    balance = two_factor.account('alice')['balance']
    run = runner.tasks(CART)
    failed_saying_two_factor(run, 'read the cart')
    failed_saying_two_factor(run, 'pay the cart')
    assert two_factor.account('alice')['balance'] == balance

    run = runner.tasks(CART, env={'BILLMGR_TOTP_SECRET': totp_secret('alice')})
    assert [item['type'] for item in run.task('read the cart')['cart']['lines']] == ['vds']
    paid = run.task('pay the cart')
    assert paid['changed'] is True, paid
    assert two_factor.account('alice')['balance'] < balance


def test_a_wrong_totp_secret_fails_once_and_the_secret_and_code_stay_hidden_at_vvv(tmp_path, two_factor):
    runner = AnsibleRunner(tmp_path, two_factor)
    wrong = 'JBSWY3DPEHPK3PXP'
    two_factor.reset_counters()
    run = runner.tasks(ORDER, env={'BILLMGR_TOTP_SECRET': wrong}, extra_args=('-vvv',))
    [failed] = run.failed('order')
    assert 'the panel refused the two-factor code made from totp_secret for user ' in failed['result']['msg'], failed
    assert two_factor.counters()['logins'] == 1
    for text in (run.stdout, run.stderr, repr(failed)):
        assert wrong not in text and totp_code(wrong) not in text


CAPTCHA_WARNING = 'the panel asks for a captcha on password logins (func=auth) from this address'


def test_a_captcha_on_func_auth_is_met_with_authinfo_on_each_request_and_a_warning(tmp_path, billmgr_sim_factory):
    # real-panels-2 §12.4 (E24): FirstVDS guards func=auth with a captcha; per-request authinfo is not guarded.
    sim = billmgr_sim_factory(captcha_users=['alice'])
    runner = AnsibleRunner(tmp_path, sim)
    sim.reset_counters()
    ordered = runner.tasks(ORDER).task('order')
    assert ordered['changed'] is True and ordered['service']['remoteid'] == 'two-factor-order', ordered
    assert any(CAPTCHA_WARNING in ' '.join(warning.split()) for warning in ordered.get('warnings', [])), ordered
    assert sim.counters()['auth_requests'] == 1, 'func=auth tried once, then authinfo'

    rc, data, _out, stderr = runner.inventory(INVENTORY.format(url=sim.url))
    assert rc == 0 and CAPTCHA_WARNING in ' '.join(stderr.split()), stderr
    assert sorted(data['_meta']['hostvars'][host]['billmgr_id'] for host in data['billmgr_vds']['hosts']) == \
        sorted([938, 958, ordered['service']['id']])
    assert 'alice:Ali-6b1d' not in stderr
