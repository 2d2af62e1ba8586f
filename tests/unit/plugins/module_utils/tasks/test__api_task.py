# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._api_task import ApiCallTask, is_secret, masked
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError


class Recorder(object):
    def __init__(self):
        self.calls = []

    def read(self, func, params):
        self.calls.append(('read', func, params))
        return {'elem': [{'id': '1', 'userpassword': 'pw-1', 'lickey': 'K-1', 'name': 'a'}]}

    def write(self, func, params):
        self.calls.append(('write', func, params))
        return {'ok': ''}


def run(check_mode=False, **params):
    client, secrets = Recorder(), []
    args = dict({'params': {}, 'elid': None, 'write': False}, **params)
    result = ApiCallTask(client, args, check_mode=check_mode, secret=secrets.append).run()
    return result, client.calls, secrets


def test_secret_names_and_masking():
    assert all(is_secret(name) for name in ('password', 'passwd', 'userpassword', 'key', 'lickey', 'api_token', 'authinfo'))
    assert not any(is_secret(name) for name in ('name', 'elid', 'domain', 'sok'))
    assert masked({'elem': [{'id': '1', 'passwd': 'x', 'keys': {'text': 'y'}, 'key': ''}]}) == \
        {'elem': [{'id': '1', 'passwd': '********', 'keys': {'text': 'y'}, 'key': ''}]}


def test_a_read_sends_the_params_and_masks_secrets_everywhere():
    result, calls, secrets = run(func=' vds ', params={'filter': True, 'userpassword': 'S3cret'}, elid=['958', ' 959'])
    assert calls == [('read', 'vds', {'filter': True, 'userpassword': 'S3cret', 'elid': '958, 959'})]
    assert secrets == ['S3cret']
    assert result['request'] == {'filter': True, 'userpassword': '********', 'elid': '958, 959'}
    assert result['doc'] == {'elem': [{'id': '1', 'userpassword': '********', 'lickey': '********', 'name': 'a'}]}
    assert result['changed'] is False


def test_writes_need_write_and_are_not_sent_in_check_mode():
    with pytest.raises(InputError):
        run(func='vds.edit', params={'sok': 'ok'})
    result, calls, dummy = run(check_mode=True, func='vds.edit', params={'sok': 'ok'}, write=True)
    assert calls == [] and result['changed'] is True and result['doc'] is None
    result, calls, dummy = run(func='vds.reboot', elid=['958'], write=True)
    assert calls == [('write', 'vds.reboot', {'elid': '958'})] and result['changed'] is True


@pytest.mark.parametrize('params', [{'func': 'x'}, {'out': 'xml'}, {'authinfo': 'a:b'}, {'su': 'bob'}, {'elid': 1}, {'a': [1]}, {'a': {'b': 1}}])
def test_refused_params_send_nothing(params):
    with pytest.raises(InputError):
        run(func='vds', params=params)


@pytest.mark.parametrize('func', ['', 'vds;x', '.vds', 'vds.', 'v ds', '1vds'])
def test_refused_function_names(func):
    with pytest.raises(InputError):
        run(func=func)


# Functions real panels act on without sok (real-panels-2 §7, E22, E25), and others no list names as reads.
WRITE_LIKE = ['vds.delete', 'dedic.delete', 'service.reboot', 'service.stop', 'service.start', 'service.hardreboot',
              'vds.suspend', 'vds.resume', 'soft.suspend', 'soft.resume', 'service.ip.delete', 'payment.add',
              'service.statdaily', 'cart.empty', 'cartorder.create.confirm', 'vds.setfilter', 'totp.confirm']


@pytest.mark.parametrize('check_mode', [False, True], ids=['run', 'check'])
@pytest.mark.parametrize('func', WRITE_LIKE)
def test_a_write_like_function_without_write_sends_nothing(func, check_mode):
    # Issue 32, bug 4: without sok these were taken as reads, sent in check mode and retried on a timeout.
    with pytest.raises(InputError, match='%s may change the panel .*: set write: true' % func.replace('.', r'\.')):
        run(check_mode=check_mode, func=func, elid=['958'])


@pytest.mark.parametrize('func', WRITE_LIKE)
def test_a_write_like_function_with_write_is_not_sent_in_check_mode_and_is_sent_once_as_a_write(func):
    result, calls, dummy = run(check_mode=True, func=func, elid=['958'], write=True)
    assert calls == [] and result['changed'] is True and result['doc'] is None
    result, calls, dummy = run(func=func, elid=['958'], write=True)
    assert [call for call in calls if call[0] == 'write'] == [('write', func, {'elid': '958'})]
    # A payment reads the payment list first, to settle a lost answer by it (E26).
    assert [call[1] for call in calls if call[0] == 'read'] == (['payment'] if func.startswith('payment.add') else [])


class PaymentPanel(Recorder):
    """payment.add whose answer is lost; ``made`` says whether the panel made payment 151 all the same."""

    def __init__(self, made, lost=True):
        super(PaymentPanel, self).__init__()
        self.payments, self.made, self.lost = [{'id': '150'}], made, lost

    def read(self, func, params):
        self.calls.append(('read', func, params))
        assert func == 'payment' and params['filter'] == 'on'
        return {'elem': list(self.payments)}

    def write(self, func, params):
        self.calls.append(('write', func, params))
        if self.made:
            self.payments.insert(0, {'id': '151'})
        if self.lost:
            raise BillmgrError('timeout', 'the answer was lost', func=func, outcome_unknown=True)
        return {'ok': {'$type': 'url', '$': '/mancgi/sbpayment?elid=151'}, 'payment_id': '151'}

    def poll(self, probe, timeout):
        return probe()

    def say(self, text):
        self.calls.append(('say', text))


def run_payment(panel):
    args = {'func': 'payment.add', 'params': {'billorder': 28, 'paymethod': 1}, 'elid': None, 'write': True}
    return ApiCallTask(panel, args, check_mode=False, secret=lambda text: None).run()


def test_a_payment_is_money_moved_and_its_lost_answer_is_settled_by_the_payment_list():
    """real-panels-2 §1.3, E26: payment.add acts without sok; a lost answer is read back, never sent again."""
    result = run_payment(PaymentPanel(made=True, lost=False))
    assert result['changed'] is True and result['doc']['payment_id'] == '151'
    panel = PaymentPanel(made=True)
    with pytest.raises(TaskError, match='shows payment 151 made: money moved') as caught:
        run_payment(panel)
    assert caught.value.result['changed'] is True and caught.value.result['doc'] is None
    panel = PaymentPanel(made=False)
    with pytest.raises(BillmgrError, match='shows no new payment') as caught:
        run_payment(panel)
    assert caught.value.outcome_unknown
    for panel in (PaymentPanel(made=True), PaymentPanel(made=False)):
        with pytest.raises((TaskError, BillmgrError)):
            run_payment(panel)
        assert [call[1] for call in panel.calls if call[0] == 'write'] == ['payment.add']


@pytest.mark.parametrize('func, params', [('vds', {}), ('expense', {}), ('pricelist.export', {}), ('whoami', {}),
                                          ('vds.edit', {}), ('v2.vds.order.param', {'pricelist': 6}), ('service.prolong', {}),
                                          ('service.changepricelist', {}), ('service.ip', {})])
def test_known_reads_run_in_check_mode_as_reads(func, params):
    result, calls, dummy = run(check_mode=True, func=func, params=params, elid=['958'])
    assert calls == [('read', func, dict(params, elid='958'))] and result['changed'] is False
