# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The modules as Ansible runs them: options as documented, main() end to end against the scripted server.

Each module gets ``url`` pointing at the scripted server, so what it sends and how it fails is
the real client's; these tests check what the module layer adds: argument checking, check mode,
one failure path, nothing secret in the output.
"""

from __future__ import annotations

import collections
import json

import pytest
import yaml


from ansible_collections.ispsystem.billmgr.plugins.module_utils import _base
from ansible_collections.ispsystem.billmgr.plugins.doc_fragments.billmgr import ModuleDocFragment
from ansible_collections.ispsystem.billmgr.plugins.module_utils._base import CONNECTION_SPEC
from ansible_collections.ispsystem.billmgr.plugins.modules import (
    billmgr_license,
    billmgr_license_info,
    billmgr_pricelist_info,
    billmgr_prolong,
    billmgr_service,
    billmgr_service_info,
    billmgr_statdaily,
)
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.cores import module_outside_the_controller, patch_module_args, printed, warning_texts
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import doc, error, export, export_addon, export_tariff, listing, order_form

MODULES = (billmgr_service, billmgr_service_info, billmgr_pricelist_info, billmgr_statdaily, billmgr_license,
           billmgr_license_info, billmgr_prolong)
PASSWORD = 'pw-MARKER-91b2'
SECRET = 'vm-Pass-MARKER-33'


@pytest.fixture
def panel(http_server, fake_time, monkeypatch):
    """The scripted server as every module's panel; the modules' clients run on the fake clock."""
    made = _base.client_from_params

    def on_the_fake_clock(params, log=None):
        client = made(params, log=log)
        client.sleep, client.clock = fake_time.sleep, fake_time.clock
        return client
    monkeypatch.setattr(_base, 'client_from_params', on_the_fake_clock)
    http_server.connection = {'url': http_server.url, 'username': 'alice', 'password': PASSWORD}
    return http_server


Exit = collections.namedtuple('Exit', 'code result out')


def run_module(panel, module, args, capsys, check_mode=False, diff=False):
    """main() with these options, connected to the scripted panel; returns Exit(code, result dict, printed text)."""
    options = dict(panel.connection, **args)
    if check_mode:
        options['_ansible_check_mode'] = True
    if diff:
        options['_ansible_diff'] = True
    # Its warnings are the result's even when an earlier test in this process loaded controller code.
    with pytest.MonkeyPatch.context() as monkeypatch, module_outside_the_controller(monkeypatch), patch_module_args(options):
        with pytest.raises(SystemExit) as exit_:
            module.main()
    out = capsys.readouterr().out
    return Exit(exit_.value.code, json.loads(out), out)


def vds(service_id, status='2', **fields):
    # As real lists give it: the tariff by name, no pricelist_id.
    elem = {'id': str(service_id), 'status': status, 'item_status': {'orig': status, 'text': 'Active'}, 'ip': '127.0.0.9',
            'pricelist': 'VPS Start', 'expiredate': '2027-01-31'}
    elem.update(fields)
    return elem


# -- documentation and argument spec agree --------------------------------------------------


def _name(module):
    return module.__name__.rsplit('.', 1)[-1]


def documented_options(module):
    """The module's own options plus those of the collection's fragments it names, except the connection's."""
    documentation = yaml.safe_load(module.DOCUMENTATION)
    options = dict(documentation.get('options') or {})
    for fragment in documentation.get('extends_documentation_fragment') or []:
        if fragment.startswith('ispsystem.billmgr.billmgr.'):
            text = getattr(ModuleDocFragment, fragment.rsplit('.', 1)[-1].upper())
            options.update(yaml.safe_load(text).get('options') or {})
    return options


@pytest.mark.parametrize('module', MODULES, ids=_name)
def test_every_documented_option_is_accepted_by_the_argument_spec(module):
    # What a user copies from the module's documentation must never be an "unsupported parameter".
    documented = documented_options(module)
    accepted = set(module.ARGUMENT_SPEC)
    for spec in module.ARGUMENT_SPEC.values():
        accepted.update(spec.get('aliases') or [])
    assert not set(documented) - accepted


@pytest.mark.parametrize('module', MODULES, ids=_name)
def test_documented_options_are_the_argument_spec(module):
    documented = documented_options(module)
    spec = module.ARGUMENT_SPEC
    assert sorted(documented) == sorted(spec)
    for name, option in documented.items():
        assert option.get('type', 'str') == spec[name].get('type', 'str'), name
        assert option.get('default') == spec[name].get('default'), name
        assert option.get('choices') == spec[name].get('choices'), name
        assert option.get('elements') == spec[name].get('elements'), name
        assert bool(option.get('required')) == bool(spec[name].get('required')), name
        assert sorted(option.get('aliases') or []) == sorted(spec[name].get('aliases') or []), name
    assert not set(spec) & set(CONNECTION_SPEC), 'a module option shadows a connection option'
    yaml.safe_load(module.EXAMPLES)
    yaml.safe_load(module.RETURN)


# -- billmgr_service ------------------------------------------------------------------------

def test_present_without_identity_fails_before_any_request(panel, capsys):
    code, result = run_module(panel, billmgr_service, {'type': 'vds', 'pricelist': 6}, capsys)[:2]
    assert code == 1 and result['failed'] is True
    assert result['msg'].startswith('state=present needs an identity for the service: id, remoteid or domain.')
    # Bad input is no panel error: it carries no error type for failed_when to test.
    assert 'error' not in result
    assert panel.requests == []


def test_argument_checks_come_first(panel, capsys):
    code, result = run_module(panel, billmgr_service, {'type': 'vds', 'remoteid': 'r', 'period': 5}, capsys)[:2]
    assert code == 1 and result['msg'] == 'period must be one of 1, 3, 6, 12, 24, 36 (months), daily, one-time, trial; got 5'
    code, result = run_module(panel, billmgr_service, {'type': 'vds', 'remoteid': 'r', 'period': 'weekly'}, capsys)[:2]
    assert code == 1 and "got 'weekly'" in result['msg']
    code, result = run_module(panel, billmgr_service, {'type': 'v ds', 'remoteid': 'r'}, capsys)[:2]
    assert code == 1 and "type must be an item type name" in result['msg']
    assert panel.requests == []


def test_unchanged_service_exits_ok_with_the_service(panel, capsys):
    panel.answer('vds', listing(vds(958, remoteid='web-01', autoprolong='1')))
    code, result = run_module(panel, billmgr_service, {'type': 'vds', 'remoteid': 'web-01', 'autoprolong': 1}, capsys)[:2]
    assert code == 0 and result['changed'] is False
    assert result['service']['id'] == 958 and result['service']['autoprolong'] == 1 and result['service']['addons'] is None
    assert panel.funcs() == ['vds']
    assert panel.logins[0]['form']['password'] == PASSWORD and panel.requests[0]['form']['auth'] == 'sid-0'


def test_check_mode_order_writes_nothing(panel, capsys):
    panel.answer('vds', listing())
    panel.answer('pricelist.export', export(export_tariff(6, 'VPS Start')))
    panel.answer('v2.vds.order.param', order_form(cost='500.00', pricelist=6, order_period=1))
    panel.answer('desktop', doc(balance='120.00 RUB'))
    code, result = run_module(panel, billmgr_service, {'type': 'vds', 'remoteid': 'new', 'pricelist': 6}, capsys,
                              check_mode=True, diff=True)[:2]
    assert code == 0 and result['changed'] is True and (result['order']['cost'], result['order']['currency']) == (500.0, 'RUB')
    assert result['diff']['before'] == {} and result['diff']['after']['remoteid'] == 'new'
    # The balance, read to say it cannot pay (issue 36): in the module's warnings, beside "changed".
    assert panel.funcs() == ['vds', 'pricelist.export', 'basket', 'cart', 'v2.vds.order.param', 'desktop'] and panel.writes() == []
    assert ('check mode: the balance of 120.00 RUB does not cover the vds order, which costs 500.00 RUB: the order would fail '
            'for lack of funds (paid at once from the balance); top up the account first') in warning_texts(result)


def test_userpassword_never_reaches_the_output(panel, capsys):
    panel.answer('vds', listing(vds(958)))
    code, result, out = run_module(panel, billmgr_service, {'type': 'vds', 'id': 958, 'userpassword': SECRET}, capsys, diff=True)
    assert code == 0 and result['changed'] is True
    assert SECRET not in printed(out) and PASSWORD not in printed(out)
    assert panel.writes()[-1][0] == 'vds.edit' and panel.writes()[-1][1]['userpassword'] == SECRET


def test_api_errors_are_one_clean_failure(panel, capsys):
    panel.answer('vds', listing(vds(958)))
    panel.answer('vds.edit', error('access', 'domain', "Insufficient privileges to change the field 'domain'"))
    code, result = run_module(panel, billmgr_service, {'type': 'vds', 'id': 958, 'domain': 'x.example.com'}, capsys)[:2]
    assert code == 1
    assert result['msg'] == "BILLmanager error (access/domain): Insufficient privileges to change the field 'domain' [func vds.edit]"
    assert result['error'] == {'type': 'access', 'object': 'domain', 'func': 'vds.edit', 'outcome_unknown': False}


def test_a_wait_timeout_fails_with_the_service_it_bought(panel, capsys, fake_time):
    panel.answer('vds', listing(), listing(vds(1101, status='5', ip='', remoteid='r')))
    panel.answer('pricelist.export', export(export_tariff(6, 'VPS Start')))
    panel.answer('v2.vds.order.param', doc(ok='', id='1101'))
    code, result = run_module(panel, billmgr_service, {'type': 'vds', 'remoteid': 'r', 'pricelist': 6, 'wait_timeout': 5}, capsys)[:2]
    assert code == 1 and result['changed'] is True
    assert result['service']['id'] == 1101 and result['service']['status'] == 5
    assert 'vds service 1101 was ordered but is still processing after 5s' in result['msg']
    # A task's own failure is no panel error either.
    assert 'error' not in result
    assert sum(fake_time.sleeps) == pytest.approx(5.0)


def test_absent_deletes(panel, capsys):
    # The list before the deletion, and after it: the deletion is confirmed by reading it back.
    panel.answer('vds', listing(vds(938, remoteid='old')), listing())
    code, result = run_module(panel, billmgr_service, {'type': 'vds', 'remoteid': 'old', 'state': 'absent'}, capsys)[:2]
    assert code == 0 and result['changed'] is True and result['service']['status'] == 4
    assert panel.writes() == [('vds.delete', {'elid': '938', 'sok': 'ok'})]


# -- the read-only modules and statdaily ---------------------------------------------------

def test_service_info_lists_every_type_and_never_writes(panel, capsys):
    panel.answer('vds', listing(vds(958)))
    panel.answer('dedic', listing())
    panel.answer('vhost', listing(vds(945, pricelist='Hosting Start')))
    code, result = run_module(panel, billmgr_service_info, {'statuses': ['active']}, capsys, check_mode=True)[:2]
    assert code == 0 and result['changed'] is False
    assert [(s['type'], s['id']) for s in result['services']] == [('vds', 958), ('vhost', 945)]
    assert panel.funcs() == ['vds', 'dedic', 'vhost'] and panel.writes() == []


def test_pricelist_info_reads_the_export(panel, capsys):
    panel.answer('pricelist.export', export(export_tariff(2, 'Hosting Start', 'vhost', costs=((1, '150.0000'),))))
    code, result = run_module(panel, billmgr_pricelist_info, {'types': ['vhost']}, capsys)[:2]
    assert code == 0 and result['changed'] is False
    assert result['pricelists'][0]['name'] == 'Hosting Start'
    assert result['pricelists'][0]['periods'] == [{'period': 1, 'code': 1, 'cost': '150.0000', 'currency': 'RUB', 'setup': None}]
    assert panel.sent() == [{'itemtype': 'vhost'}]


def test_pricelist_info_returns_what_its_return_block_documents(panel, capsys):
    addons = (export_addon(11, 'RAM', low=256, high=4096, step=256, included=512, measure='MB'),
              export_addon(16, 'IPv6', kind='boolean'),
              export_addon(17, 'Control panel', kind='enum', choices=((171, 'None'), (172, 'ISPmanager Lite', ((1, '400.0000'),)))))
    panel.answer('pricelist.export', export(export_tariff(8, 'VPS Trial', 'vds', costs=((-100, '0.0000'), (1, '300.0000')), addons=addons,
                                                          ostempls=(('ISPsystem__Debian-12-amd64', 'Debian 12 (amd64)'),))))
    form = order_form(cost='300.00', pricelist=8)
    form['body']['doc']['slist'] = {'$name': 'recipe', 'val': [
        {'$key': 'null', '$': 'None'}, {'$key': 'ISPsystem__LAMP', '$depend': 'ISPsystem__Debian-12-amd64', '$': 'LAMP'}]}
    panel.answer('v2.vds.order.param', form)
    code, result = run_module(panel, billmgr_pricelist_info, {'types': ['vds']}, capsys)[:2]
    assert code == 0
    [tariff] = result['pricelists']
    documented = yaml.safe_load(billmgr_pricelist_info.RETURN)['pricelists']['contains']
    assert sorted(tariff) == sorted(documented)
    assert tariff['orderable'] is True and [p['period'] for p in tariff['periods']] == ['trial', 1]
    assert [a['type'] for a in tariff['addons']] == ['integer', 'boolean', 'enum']
    assert [c['id'] for c in tariff['addons'][2]['choices']] == [171, 172]
    assert tariff['ostempls'] == [{'name': 'ISPsystem__Debian-12-amd64', 'title': 'Debian 12 (amd64)'}]
    assert tariff['recipes'] == [{'name': 'ISPsystem__LAMP', 'title': 'LAMP', 'ostempl': 'ISPsystem__Debian-12-amd64'}]
    assert panel.funcs() == ['pricelist.export', 'v2.vds.order.param'] and panel.writes() == []


def test_statdaily_check_mode_asks_nothing(panel, capsys):
    code, result = run_module(panel, billmgr_statdaily, {'item': 958, 'statdate': '2026-01-31'}, capsys, check_mode=True)[:2]
    assert code == 0 and result['changed'] is True and result['statdate'] == '2026-01-31'
    assert panel.requests == []
    code, result = run_module(panel, billmgr_statdaily, {'item': 958, 'statdate': '2026-01-31'}, capsys)[:2]
    assert code == 0 and panel.writes() == [('service.statdaily', {'item': '958', 'statdate': '2026-01-31'})]


# -- the license and renewal modules ---------------------------------------------------------

def test_license_info_keys_are_masked_as_no_log_values_unless_asked(panel, capsys):
    row = {'id': '777', 'licname': 'alice-lite', 'ip': '203.0.113.10', 'status': '2', 'item_status': {'orig': '2', 'text': 'Active'}}
    panel.answer('soft', listing(row))
    panel.answer('soft.edit', doc(lickey='LICKEY-MARKER-1'))
    code, result = run_module(panel, billmgr_license_info, {'licname': 'alice-lite', 'with_keys': True}, capsys)[:2]
    assert code == 0 and result['licenses'][0]['lickey'] == 'LICKEY-MARKER-1'
    code, result, out = run_module(panel, billmgr_license_info, {'licname': 'alice-lite'}, capsys)
    assert code == 0 and 'lickey' not in result['licenses'][0]
    assert panel.funcs() == ['soft', 'soft.edit', 'soft']


def test_prolong_refuses_two_identities_before_any_request(panel, capsys):
    code, result = run_module(panel, billmgr_prolong, {'id': 958, 'licname': 'x', 'period': 1}, capsys)[:2]
    assert code == 1 and 'parameters are mutually exclusive: id|remoteid|domain|licname' in result['msg']
    assert panel.requests == []
