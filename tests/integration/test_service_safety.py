# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_service where money is at stake: lost answers, someone else's service, bad input.

A lost order answer must never lead to a second order; bad input must fail before anything
is bought; the API's refusals must come back as one clean message.
"""

from __future__ import annotations

import json

from billmgr_sim.testing import listed


def failure(run_, name):
    """The result of task ``name``, which must have failed."""
    failed = run_.failed(name)
    assert failed, 'task %r did not fail: %r' % (name, run_.task(name))
    return failed[-1]['result']


def order_requests(sim):
    return sum(count for func, count in sim.counters()['func'].items() if func.endswith('.order.param'))


ORDER = '''
- name: order
  ispsystem.billmgr.billmgr_service:
    type: vds
    remoteid: safe-01
    pricelist: 6
    datacenter: 1
    timeout: 3
    # An order lost before the panel took it is looked for this long before the task fails (the default is 300 s).
    reconcile_timeout: 5
'''


# -- a lost answer ------------------------------------------------------------------------

def test_order_answer_lost_after_commit_is_found_not_ordered_again(ansible, billmgr_sim):
    balance = billmgr_sim.account('alice')['balance']
    billmgr_sim.set_fault('v2.vds.order.param', 'drop-after-commit')

    first = ansible.tasks(ORDER)
    assert first.rc == 0, first
    result = first.task('order')
    assert result['changed'] is True and result['reconciled'] is True
    assert result['service']['remoteid'] == 'safe-01' and result['service']['status'] == 2
    assert billmgr_sim.counters()['faults_hit'] == {'v2.vds.order.param:drop-after-commit': 1}

    second = ansible.tasks(ORDER)
    assert second.rc == 0, second
    assert second.task('order')['changed'] is False
    assert second.task('order')['service']['id'] == result['service']['id']
    assert len(listed(billmgr_sim, 'vds', remoteid='safe-01')) == 1
    assert order_requests(billmgr_sim) == 1
    assert billmgr_sim.account('alice')['balance'] == balance - 500.0


def test_order_lost_before_commit_fails_clearly_and_the_rerun_orders_once(ansible, billmgr_sim):
    billmgr_sim.set_fault('v2.vds.order.param', 'drop-before-commit')

    first = ansible.tasks(ORDER)
    assert first.rc != 0
    result = failure(first, 'order')
    assert 'may or may not have been made' in result['msg'] and 'remoteid safe-01' in result['msg']
    assert result['error']['outcome_unknown'] is True
    assert listed(billmgr_sim, 'vds', remoteid='safe-01') == []

    second = ansible.tasks(ORDER)
    assert second.rc == 0, second
    assert second.task('order')['changed'] is True
    assert len(listed(billmgr_sim, 'vds', remoteid='safe-01')) == 1
    assert order_requests(billmgr_sim) == 2


# -- another account's service, admin-only fields -----------------------------------------

def test_client_cannot_touch_another_accounts_service(ansible, billmgr_sim):
    before = listed(billmgr_sim, 'vds', id=5)
    result = ansible.tasks('''
        - name: change bob's
          ispsystem.billmgr.billmgr_service:
            type: vds
            id: 5
            autoprolong: 12
          ignore_errors: true
        - name: delete bob's
          ispsystem.billmgr.billmgr_service:
            type: vds
            id: 5
            state: absent
          ignore_errors: true
        - name: admin field on my own
          ispsystem.billmgr.billmgr_service:
            type: vds
            id: 958
            domain: taken-over.example.com
          ignore_errors: true
    ''')
    for name in ("change bob's", "delete bob's"):
        task = failure(result, name)
        assert task['msg'] == 'BILLmanager error (access/elid): Insufficient privileges to access object 5 [func vds.edit]'
        assert task['error']['type'] == 'access'
    own = failure(result, 'admin field on my own')
    assert own['msg'].startswith("BILLmanager error (access/domain): Insufficient privileges to change the field 'domain'")
    assert listed(billmgr_sim, 'vds', id=5) == before
    assert listed(billmgr_sim, 'vds', id=958)[0]['domain'] == 'web.alice.test'


# -- bad input fails before any write -----------------------------------------------------

BAD_INPUTS = {
    'unknown tariff name': ({'pricelist': 'VPS Gigantic'},
                            "unknown pricelist 'VPS Gigantic' for vds services to order; valid: VPS Mini (1), VPS Start (6), VPS Pro (7), "
                            "VPS Trial (8), VPS Daily (9)"),
    'tariff id of another type': ({'pricelist': 2}, 'unknown pricelist 2 for vds services to order; valid: VPS Mini (1)'),
    'period 5': ({'period': 5}, 'period must be one of 1, 3, 6, 12, 24, 36 (months), daily, one-time, trial; got 5'),
    'period the tariff lacks': ({'pricelist': 'VPS Pro', 'period': 3}, 'tariff VPS Pro (7) cannot be ordered for period 3; its periods: 1, 12'),
    'addon by name not in tariff': ({'addons': {'Sites': 3}}, "unknown add-on 'Sites' in tariff VPS Start (6); valid: Disk (7), CPU (9)"),
    'addon by id not in tariff': ({'addons': {'5': 3}}, "unknown add-on '5' in tariff VPS Start (6)"),
    'addon value out of range': ({'addons': {'RAM': 100}}, 'add-on RAM (11) must be between 256 and 65536 MB; got 100'),
    'addon value off step': ({'addons': {'RAM': 1000}}, 'add-on RAM (11) goes in steps of 256 from 256; got 1000'),
    'unknown datacenter': ({'datacenter': 'Moon'}, "unknown datacenter 'Moon' for tariff VPS Start (6); valid: Frankfurt (1)"),
    'bad autoprolong': ({'autoprolong': 'weekly'}, "autoprolong must be one of 1, 3, 6, 12, 24, 36 (months), daily or off; got 'weekly'"),
    'ip on an order': ({'ip': '192.0.2.1'}, 'ip can only be changed on an existing service'),
    'no identity': ({'remoteid': None}, 'needs an identity for the service: id, remoteid or domain. Without one the task cannot '
                                        'tell an existing service from a new one, and every run would order (and pay for) another service'),
    "addon the service's tariff lacks": ({'remoteid': None, 'id': 958, 'addons': {'5': 3}},
                                         'vds service 958 has no add-on 5: its tariff VPS Start offers add-ons 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 28'),
    'a service id that does not exist': ({'remoteid': None, 'id': 999999}, 'vds service 999999 does not exist'),
}


def test_bad_input_fails_before_anything_is_bought(ansible, billmgr_sim):
    tasks = []
    for name, (options, _message) in BAD_INPUTS.items():
        args = {'type': 'vds', 'remoteid': 'bad-input', 'pricelist': 'VPS Start', 'datacenter': 1}
        args.update(options)
        args = dict((key, value) for key, value in args.items() if value is not None)
        tasks.append('- name: "%s"\n  ispsystem.billmgr.billmgr_service: %s\n  ignore_errors: true\n' % (name, json.dumps(args)))
    balance = billmgr_sim.account('alice')['balance']
    result = ansible.tasks(''.join(tasks))

    for name, (_options, message) in BAD_INPUTS.items():
        task = failure(result, name)
        assert message in task['msg'], (name, task['msg'])
    assert order_requests(billmgr_sim) == 0
    assert billmgr_sim.account('alice')['balance'] == balance
    assert listed(billmgr_sim, 'vds', remoteid='bad-input') == []
    assert billmgr_sim.call('vds.edit', elid=958)['doc']['addon_11']['$'] == '1024'


def test_the_panels_refusal_comes_back_as_one_message(ansible, billmgr_sim):
    # Every order is checked against the price list first, so the refusal must be one only the panel knows of:
    # a second trial of a tariff by the same account.
    assert billmgr_sim.order_now('vds', 'alice', pricelist=8, order_period=-100, remoteid='first-trial')
    result = ansible.tasks('''
        - name: a second trial
          ispsystem.billmgr.billmgr_service:
            type: vds
            remoteid: refused
            pricelist: 8
            period: trial
          ignore_errors: true
    ''')
    task = failure(result, 'a second trial')
    assert task['msg'] == ("BILLmanager error (value/order_period): The trial period of this tariff plan has already been used "
                           "[func v2.vds.order.param]")
    assert task['error'] == {'type': 'value', 'object': 'order_period', 'func': 'v2.vds.order.param', 'outcome_unknown': False}
    assert listed(billmgr_sim, 'vds', remoteid='refused') == []
