# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The four modules as Ansible runs them: options as documented, main() end to end with a stand-in for the panel.

The panel is replaced at the client (``BillmgrModule.client``), so these tests check what the
module layer adds: argument checking, check mode, one failure path, nothing secret in the output.
"""

from __future__ import annotations

import collections
import json

import pytest
import yaml

from ansible.module_utils.testing import patch_module_args

from ansible_collections.ispsystem.billmgr.plugins.module_utils import module as module_base
from ansible_collections.ispsystem.billmgr.plugins.module_utils.api import BillmgrError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.module import connection_argument_spec
from ansible_collections.ispsystem.billmgr.plugins.modules import (
    billmgr_pricelist_info,
    billmgr_service,
    billmgr_service_info,
    billmgr_statdaily,
)

MODULES = (billmgr_service, billmgr_service_info, billmgr_pricelist_info, billmgr_statdaily)
CONNECTION = {'url': 'https://panel.example:1500/billmgr', 'username': 'alice', 'password': 'pw-MARKER-91b2'}
SECRET = 'vm-Pass-MARKER-33'


class FakeClient(object):
    """Answers read/write from a script keyed by function name; records every call."""

    def __init__(self, answers):
        self.answers = answers
        self.calls = []
        self.timeout = 30

    def _answer(self, func, params, write):
        self.calls.append((func, dict(params or {}), write))
        answer = self.answers.get(func, {'ok': ''})
        answer = answer.pop(0) if isinstance(answer, list) else answer
        if isinstance(answer, Exception):
            raise answer
        return answer

    def read(self, func, params=None, headers=None):
        return self._answer(func, params, False)

    def write(self, func, params=None, headers=None):
        return self._answer(func, params, True)

    def list(self, func, params=None):
        return self._answer(func, params, False).get('elem', [])


@pytest.fixture
def panel(monkeypatch):
    """Install a FakeClient as every module's client: ``panel(answers)`` -> the client."""
    holder = {}

    def install(answers=None):
        holder['client'] = FakeClient(answers or {})
        monkeypatch.setattr(module_base.BillmgrModule, 'client', property(lambda self: holder['client']))
        return holder['client']
    return install


Exit = collections.namedtuple('Exit', 'code result out')


def run_module(module, args, capsys, check_mode=False, diff=False):
    """main() with these options; returns Exit(code, result dict, printed text)."""
    options = dict(CONNECTION, **args)
    if check_mode:
        options['_ansible_check_mode'] = True
    if diff:
        options['_ansible_diff'] = True
    with patch_module_args(options):
        with pytest.raises(SystemExit) as exit_:
            module.main()
    out = capsys.readouterr().out
    return Exit(exit_.value.code, json.loads(out), out)


def vds(service_id, status='2', **fields):
    elem = {'id': str(service_id), 'status': status, 'item_status': {'orig': status, 'text': 'Active'}, 'ip': '10.0.0.9',
            'pricelist': 'VPS Start', 'pricelist_id': '6', 'expiredate': '2027-01-31'}
    elem.update(fields)
    return elem


# -- documentation and argument spec agree --------------------------------------------------

@pytest.mark.parametrize('module', MODULES, ids=lambda m: m.__name__.rsplit('.', 1)[-1])
def test_documented_options_are_the_argument_spec(module):
    documented = yaml.safe_load(module.DOCUMENTATION)['options']
    spec = module.argument_spec()
    assert sorted(documented) == sorted(spec)
    for name, option in documented.items():
        assert option.get('type', 'str') == spec[name].get('type', 'str'), name
        assert option.get('default') == spec[name].get('default'), name
        assert option.get('choices') == spec[name].get('choices'), name
        assert option.get('elements') == spec[name].get('elements'), name
        assert bool(option.get('required')) == bool(spec[name].get('required')), name
    assert not set(spec) & set(connection_argument_spec()), 'a module option shadows a connection option'
    yaml.safe_load(module.EXAMPLES)
    yaml.safe_load(module.RETURN)


# -- billmgr_service ------------------------------------------------------------------------

def test_present_without_identity_fails_before_any_request(panel, capsys):
    client = panel()
    code, result = run_module(billmgr_service, {'type': 'vds', 'pricelist': 6}, capsys)[:2]
    assert code == 1 and result['failed'] is True
    assert result['msg'].startswith('state=present needs an identity for the service: id, remoteid or domain.')
    assert client.calls == []


def test_argument_checks_come_first(panel, capsys):
    client = panel()
    code, result = run_module(billmgr_service, {'type': 'vds', 'remoteid': 'r', 'period': 5}, capsys)[:2]
    assert code == 1 and 'value of period must be one of: 1, 3, 6, 12, 24, 36, got: 5' in result['msg']
    code, result = run_module(billmgr_service, {'type': 'v ds', 'remoteid': 'r'}, capsys)[:2]
    assert code == 1 and "type must be an item type name" in result['msg']
    assert client.calls == []


def test_unchanged_service_exits_ok_with_the_service(panel, capsys):
    client = panel({'vds': {'elem': [vds(958, remoteid='web-01', autoprolong='1')]}})
    code, result = run_module(billmgr_service, {'type': 'vds', 'remoteid': 'web-01', 'autoprolong': 1}, capsys)[:2]
    assert code == 0 and result['changed'] is False
    assert result['service']['id'] == 958 and result['service']['autoprolong'] == 1 and result['service']['addons'] is None
    assert [call[0] for call in client.calls] == ['vds']


def test_check_mode_order_writes_nothing(panel, capsys):
    client = panel({'vds': {'elem': []}, 'v2.vds.order.param': {'cost': '500.00'}})
    code, result = run_module(billmgr_service, {'type': 'vds', 'remoteid': 'new', 'pricelist': 6}, capsys, check_mode=True, diff=True)[:2]
    assert code == 0 and result['changed'] is True and result['order']['cost'] == '500.00'
    assert result['diff']['before'] == {} and result['diff']['after']['remoteid'] == 'new'
    assert [call[2] for call in client.calls] == [False, False]


def test_userpassword_never_reaches_the_output(panel, capsys):
    client = panel({'vds': {'elem': [vds(958)]}})
    code, result, out = run_module(billmgr_service, {'type': 'vds', 'id': 958, 'userpassword': SECRET}, capsys, diff=True)
    assert code == 0 and result['changed'] is True
    assert SECRET not in out
    assert CONNECTION['password'] not in out
    assert client.calls[-1][1]['userpassword'] == SECRET and client.calls[-1][2] is True


def test_api_errors_are_one_clean_failure(panel, capsys):
    panel({'vds': {'elem': [vds(958)]},
           'vds.edit': BillmgrError('access', "Insufficient privileges to change the field 'domain'", obj='domain', func='vds.edit')})
    code, result = run_module(billmgr_service, {'type': 'vds', 'id': 958, 'domain': 'x.example.com'}, capsys)[:2]
    assert code == 1
    assert result['msg'] == "BILLmanager error (access/domain): Insufficient privileges to change the field 'domain' [func vds.edit]"
    assert result['error'] == {'type': 'access', 'object': 'domain', 'func': 'vds.edit', 'outcome_unknown': False}


def test_a_wait_timeout_fails_with_the_service_it_bought(panel, capsys, monkeypatch):
    from ansible_collections.ispsystem.billmgr.plugins.module_utils import services
    now = [0.0]
    monkeypatch.setattr(services.time, 'sleep', lambda s: now.__setitem__(0, now[0] + s))
    monkeypatch.setattr(services.time, 'monotonic', lambda: now[0])
    panel({'vds': [{'elem': []}] + [{'elem': [vds(1101, status='5', ip='', remoteid='r')]}] * 20,
           'v2.vds.order.param': {'ok': '', 'id': '1101'}})
    code, result = run_module(billmgr_service, {'type': 'vds', 'remoteid': 'r', 'pricelist': 6, 'wait_timeout': 5}, capsys)[:2]
    assert code == 1 and result['changed'] is True
    assert result['service']['id'] == 1101 and result['service']['status'] == 5
    assert 'vds service 1101 was ordered but is still processing after 5s' in result['msg']


def test_absent_deletes(panel, capsys):
    client = panel({'vds': {'elem': [vds(938, remoteid='old')]}})
    code, result = run_module(billmgr_service, {'type': 'vds', 'remoteid': 'old', 'state': 'absent'}, capsys)[:2]
    assert code == 0 and result['changed'] is True and result['service']['status'] == 4
    assert client.calls[-1] == ('vds.delete', {'elid': 938, 'sok': 'ok'}, True)


# -- the read-only modules and statdaily ---------------------------------------------------

def test_service_info_lists_every_type_and_never_writes(panel, capsys):
    client = panel({'vds': {'elem': [vds(958)]}, 'dedic': {'elem': []}, 'vhost': {'elem': [vds(945, pricelist='Hosting Start')]}})
    code, result = run_module(billmgr_service_info, {'status': ['active']}, capsys, check_mode=True)[:2]
    assert code == 0 and result['changed'] is False
    assert [(s['type'], s['id']) for s in result['services']] == [('vds', 958), ('vhost', 945)]
    assert [call[0] for call in client.calls] == ['vds', 'dedic', 'vhost'] and not any(call[2] for call in client.calls)


def test_pricelist_info_reads_the_export(panel, capsys):
    client = panel({'pricelist.export': {'pricelist': {'id': '2', 'name': 'Hosting Start', 'itemtype': 'vhost',
                                                       'price': {'period': '1', 'cost': '150.00'}}}})
    code, result = run_module(billmgr_pricelist_info, {'type': ['vhost']}, capsys)[:2]
    assert code == 0 and result['changed'] is False
    assert result['pricelists'][0]['name'] == 'Hosting Start' and result['pricelists'][0]['periods'] == [1]
    assert client.calls == [('pricelist.export', {'itemtype': 'vhost'}, False)]


def test_statdaily_check_mode_asks_nothing(panel, capsys):
    client = panel()
    code, result = run_module(billmgr_statdaily, {'item': 958, 'statdate': '2026-01-31'}, capsys, check_mode=True)[:2]
    assert code == 0 and result['changed'] is True and result['statdate'] == '2026-01-31'
    assert client.calls == []
    code, result = run_module(billmgr_statdaily, {'item': 958, 'statdate': '2026-01-31'}, capsys)[:2]
    assert code == 0 and client.calls == [('service.statdaily', {'item': 958, 'statdate': '2026-01-31'}, True)]
