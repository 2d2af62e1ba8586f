# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_base.py: BillmgrModule runs one task and maps each way of failing once, as a module's main() does."""

from __future__ import annotations

import json

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils._base import CONNECTION_SPEC, BillmgrModule
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.cores import MASK, module_outside_the_controller, patch_module_args, printed, warning_texts
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import error, listing

PASSWORD = 'pw-MARKER-base'
KEY = 'LICKEY-MARKER-base'
SPEC = {'fail': {'type': 'str', 'choices': ['input', 'task', 'panel', 'none']}}


class ListingTask(Task):
    """A task that reads one list, then fails the way ``fail`` says, or returns what it was handed."""

    def run(self):
        self.client.list('vds')
        failure = self.params['fail']
        if failure == 'input':
            raise InputError('period must be one of 1, 3, 6, 12, 24, 36 months; got 5')
        if failure == 'task':
            raise TaskError('vds service 1101 was ordered but is still processing after 5s', changed=True, service={'id': 1101})
        if failure == 'panel':
            self.client.write('vds.edit', {'elid': 1, 'sok': 'ok'})
        self.warn('a warning from the task')
        self.secret(KEY)
        return {'changed': self.check_mode, 'diff_asked': self.diff, 'key_echo': KEY}


def run(http_server, capsys, fail='none', **options):
    args = dict({'url': http_server.url, 'username': 'alice', 'password': PASSWORD, 'fail': fail}, **options)
    with patch_module_args(args):
        with pytest.raises(SystemExit) as exit_:
            BillmgrModule(SPEC).run(ListingTask)
    out = capsys.readouterr().out
    return exit_.value.code, json.loads(out), out


def test_a_task_result_is_the_modules_result_with_its_warnings_and_secrets_masked(http_server, capsys, monkeypatch):
    http_server.answer('vds', listing())
    with module_outside_the_controller(monkeypatch):
        code, result, out = run(http_server, capsys, _ansible_check_mode=True, _ansible_diff=True)
    assert code == 0
    assert result['changed'] is True and result['diff_asked'] is True
    assert warning_texts(result) == ['a warning from the task']
    # A secret the task handed over is masked wherever Ansible prints, on every core: the module strips it (before
    # ansible-core 2.22) or reports it to the controller (2.22 and later).
    assert KEY not in printed(out) and PASSWORD not in printed(out)
    # Shown as Ansible masks a whole value: its placeholder before 2.22, the controller's from 2.22 on.
    assert json.loads(printed(out))['key_echo'] in ('VALUE_SPECIFIED_IN_NO_LOG_PARAMETER', MASK)
    assert http_server.logins[0]['form']['password'] == PASSWORD


def test_bad_input_is_its_message_alone(http_server, capsys):
    http_server.answer('vds', listing())
    code, result, _out = run(http_server, capsys, fail='input')
    assert code == 1 and result['msg'] == 'period must be one of 1, 3, 6, 12, 24, 36 months; got 5'
    assert 'error' not in result and result.get('changed', False) is False


def test_a_task_error_reports_what_was_done_before_it(http_server, capsys):
    http_server.answer('vds', listing())
    code, result, _out = run(http_server, capsys, fail='task')
    assert code == 1 and result['msg'] == 'vds service 1101 was ordered but is still processing after 5s'
    assert result['changed'] is True and result['service'] == {'id': 1101}
    assert 'error' not in result


def test_a_panel_error_carries_its_facts(http_server, capsys):
    http_server.answer('vds', listing())
    http_server.answer('vds.edit', error('access', 'elid', 'Insufficient privileges'))
    code, result, _out = run(http_server, capsys, fail='panel')
    assert code == 1 and result['msg'] == 'BILLmanager error (access/elid): Insufficient privileges [func vds.edit]'
    assert result['error'] == {'type': 'access', 'object': 'elid', 'func': 'vds.edit', 'outcome_unknown': False}


def test_a_wire_failure_is_a_panel_error_too(http_server, capsys):
    http_server.answer('vds', listing())
    http_server.answer('vds.edit', {'drop': True})
    code, result, _out = run(http_server, capsys, fail='panel')
    assert code == 1 and result['error']['type'] == 'connection' and result['error']['outcome_unknown'] is True


def test_connection_options_come_from_one_spec_with_environment_fallbacks(http_server, capsys, monkeypatch):
    assert set(CONNECTION_SPEC) == {'url', 'username', 'password', 'session', 'totp_secret', 'validate_certs', 'ca_path',
                                    'timeout'}
    assert CONNECTION_SPEC['password']['no_log'] is True and CONNECTION_SPEC['session']['no_log'] is True
    assert CONNECTION_SPEC['totp_secret']['no_log'] is True
    monkeypatch.setenv('BILLMGR_URL', http_server.url)
    monkeypatch.setenv('BILLMGR_USERNAME', 'bob')
    monkeypatch.setenv('BILLMGR_PASSWORD', 'from-env')
    http_server.answer('vds', listing())
    with patch_module_args({'fail': 'none'}):
        with pytest.raises(SystemExit) as exit_:
            BillmgrModule(SPEC).run(ListingTask)
    capsys.readouterr()
    assert exit_.value.code == 0
    assert (http_server.logins[0]['form']['username'], http_server.logins[0]['form']['password']) == ('bob', 'from-env')


def test_username_without_password_is_refused_before_any_request(http_server, capsys):
    with patch_module_args({'url': http_server.url, 'username': 'alice', 'fail': 'none'}):
        with pytest.raises(SystemExit) as exit_:
            BillmgrModule(SPEC).run(ListingTask)
    result = json.loads(capsys.readouterr().out)
    assert exit_.value.code == 1 and 'parameters are required together: username, password' in result['msg']
    assert http_server.requests == []
