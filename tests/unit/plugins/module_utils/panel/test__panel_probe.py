# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_panel_probe.py: the check's reads - only known reads, never sok - and what each refusal or answer means."""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._reads import is_read
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._panel_probe import (
    probe_carts,
    probe_list,
    probe_service_forms,
    probe_session,
)
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import NO_NEW_CART, doc, error, listing, old_cart, new_cart
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.module_utils.panel.test__columns import VDS


def assert_only_reads(http_server):
    for form in http_server.sent():
        assert 'sok' not in form
    assert [func for func in http_server.funcs() if not is_read(func)] == []


def test_session_says_who_is_logged_in(http_server, client):
    http_server.answer('whoami', doc(user={'$level': '16', '$': 'alice'}))
    found = probe_session(client)
    assert (found['works'], found['role'], found['level'], found['two_factor'], found['captcha']) == (True, 'client', 16, False, False)
    assert found['shape'] == {'user': {'level': '16', 'text': '<text>'}}


def test_a_two_factor_half_session_is_a_finding_not_an_error(http_server, client):
    # E24, E5: a half session answers ok = func=totp.confirm instead of data.
    http_server.answer('whoami', doc(ok={'$type': 'form', '$': 'func=totp.confirm'}))
    found = probe_session(client)
    assert found['works'] is False and found['two_factor'] is True and found['refused']['object'] == 'totp'


def test_carts_tell_the_generation_apart(http_server, client):
    # The Dragon request (seed 003) reaches the new cart where the plain one is unknown (BILLmanager 5).
    http_server.answer('basket', old_cart())
    http_server.answer('cart', lambda form: new_cart() if form.get('theme') == 'dragon' else NO_NEW_CART)
    found = probe_carts(client)
    assert found['old_cart']['answers'] and found['dragon_cart']['answers']
    assert not found['new_cart']['answers'] and found['new_cart']['unknown_function']
    assert http_server.sent('cart') == [{}, {'theme': 'dragon'}]
    assert_only_reads(http_server)


ROWS = [dict(VDS, id={'$': str(n)}) for n in range(1, 4)]


def vds_list(form):
    """A panel whose vds list honours domain (E5 vds.filter) but not remoteid or ip, and whose saved filter hides one row."""
    if form.get('filter') != 'on':
        return listing(*ROWS[:2])
    if form.get('domain'):
        return listing()
    return listing(*ROWS)


def test_a_list_is_read_with_its_saved_filter_and_filter_fields_seen(http_server, client):
    http_server.answer('vds', vds_list)
    found = probe_list(client, 'vds')
    assert found['offered'] and found['total'] == 3 and found['active_id'] == 1
    assert found['saved_filter'] is True
    assert found['filter_fields'] == {'remoteid': False, 'domain': True, 'ip': False}
    assert found['lookup_pages'] == {'remoteid': 1} and found['problems'] == []
    sent = http_server.sent('vds')
    assert len(sent) == 5 and {'filter': 'on', 'remoteid': 'billmgr-panel-check-none'} in sent
    assert_only_reads(http_server)


def test_an_unknown_list_is_not_offered_and_costs_one_request(http_server, client):
    http_server.answer('instances', error('missed', 'func', "Function 'instances' not found"))
    assert probe_list(client, 'instances')['offered'] is False
    http_server.answer('platform', error('access', 'func', 'Insufficient privileges'))
    assert probe_list(client, 'platform')['offered'] is None
    # The access refusal makes the client ask whoami whether its session ended (transport/_session.py): a read too.
    assert http_server.funcs() == ['instances', 'platform', 'whoami']


def slist(name, *choices):
    return {'$name': name, 'val': [{'$key': key, '$': text} for key, text in choices]}


def test_service_forms_say_where_the_price_is(http_server, client):
    # E22: the edit form's auto-renewal choices carry the price; the renewal form has none (real-panels-2 §2.7).
    http_server.answer('vds.edit', doc(expiredate='2027-01-07', autoprolong='1',
                                       slist=slist('autoprolong', ('null', 'Disabled'), ('1', '5.00 EUR per month'))))
    http_server.answer('service.prolong', doc(expiredate='2027-01-07', slist=slist('period', ('1', 'per month'))))
    http_server.answer('service.changepricelist', doc(slist=slist('pricelist', ('7', 'VPS Pro'), ('8', 'VPS Big'))))
    http_server.answer('service.ip', listing({'id': '5', 'name': '127.0.3.190', 'is_main': 'on'}))
    found = probe_service_forms(client, 'vds', 958)
    assert found['edit']['priced_autoprolong'] == ['1'] and found['edit']['autoprolong_choices'] == 1
    assert found['renewal']['cost'] is False and found['renewal']['priced'] is True
    assert found['tariff_change']['choices'] == 2 and found['tariff_change']['steps'][-1] == 'service.changepricelist.getmoney'
    assert found['addresses']['rows'] == 1 and found['addresses']['read'] == 1
    assert_only_reads(http_server)


def test_a_renewal_window_is_read_from_the_refusal(http_server, client):
    http_server.answer('vds.edit', doc(expiredate='2027-01-31'))
    http_server.answer('service.prolong', {'body': {'doc': {'error': {
        '$type': 'value', '$object': 'elid', 'msg': {'$': 'The service can be renewed only after 2027-01-21'},
        'param': [{'$name': 'value', '$': '2027-01-21'}]}}}})
    http_server.answer('service.changepricelist', error('value', 'elid'))
    http_server.answer('service.ip', listing())
    found = probe_service_forms(client, 'vds', 958)
    assert found['renewal']['answers'] is False and found['renewal']['window_days'] == 10
    assert found['tariff_change']['answers'] is False and found['tariff_change']['steps'] == []
