# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_accounts.py: who buys. A client for itself only; an administrator as the client, through account.su (E14, E21)."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._accounts import buyer, require_admin_for_account
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError

from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import doc, error, listing


def test_a_client_user_may_not_order_for_another_account(http_server, client):
    http_server.answer('auth', doc(auth={'level': '16', 'text': 'sid'}))
    require_admin_for_account(client, 'alice')  # the client's own account, by its user name
    with pytest.raises(InputError, match="account 'bob': only a BILLmanager administrator orders for another account"):
        require_admin_for_account(client, 'bob')
    assert len(http_server.logins) == 1 and http_server.funcs() == [], 'the level comes with the one login'


def test_without_account_the_login_buys_and_nothing_is_asked(http_server, client):
    assert buyer(client, None) is client
    assert http_server.funcs() == []


def test_a_client_buys_for_its_own_account_on_its_own_login(http_server, client):
    http_server.answer('auth', doc(auth={'level': '16', 'text': 'sid'}))
    assert buyer(client, 'alice') is client
    assert len(http_server.logins) == 1 and http_server.funcs() == []


def test_an_administrator_switches_to_the_client_and_orders_in_its_session(http_server, client):
    http_server.answer('auth', doc(auth={'level': '29', 'text': 'admin-sid'}))
    http_server.answer('account', listing({'id': '3', 'name': 'carol'}, {'id': '4', 'name': 'bob'}))
    http_server.answer('account.su', doc(auth={'id': 'bob-session-0123456789', 'level': '16', 'text': 'bob-session-0123456789'}))
    as_bob = buyer(client, 'bob')
    assert as_bob is not client and as_bob.user_level() == 16
    assert http_server.sent('account.su') == [{'elid': '4'}]
    as_bob.read('basket')
    last = http_server.requests[-1]['form']
    assert last['auth'] == 'bob-session-0123456789' and 'authinfo' not in last, 'the client session, not the admin password'


def test_check_mode_looks_the_account_up_without_switching(http_server, client):
    http_server.answer('auth', doc(auth={'level': '29', 'text': 'admin-sid'}))
    http_server.answer('account', listing({'id': '4', 'name': 'bob'}))
    assert buyer(client, 'bob', switch=False) is client
    assert http_server.funcs() == ['account']


def test_an_unknown_account_is_refused_before_anything_is_bought(http_server, client):
    http_server.answer('auth', doc(auth={'level': '29', 'text': 'admin-sid'}))
    http_server.answer('account', listing({'id': '4', 'name': 'bob'}))
    with pytest.raises(InputError, match="account 'Bob': the panel has no client account of that name"):
        buyer(client, 'Bob')
    assert http_server.writes() == []


def test_a_refused_switch_says_so(http_server, client):
    http_server.answer('auth', doc(auth={'level': '29', 'text': 'admin-sid'}))
    http_server.answer('account', listing({'id': '4', 'name': 'bob'}))
    http_server.answer('account.su', error('access', 'account.su', 'Insufficient privileges'))
    with pytest.raises(BillmgrError) as err:
        buyer(client, 'bob')
    assert "account 'bob': this login cannot act as that client (account.su refused), so nothing was ordered" in str(err.value)
