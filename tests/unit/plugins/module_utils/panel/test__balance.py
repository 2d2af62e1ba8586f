# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""panel/_balance.py: the latest charges and payments, read past a filter saved in the web interface, in the vendor's
columns, and for an administrator as the client (real-panels-2 §2.3-2.6)."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._balance import (
    expense_facts,
    latest,
    payment_facts,
    read_ledger,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import doc, listing


@pytest.mark.parametrize('func', ['expense', 'payment'])
def test_latest_reads_with_its_own_empty_filter(http_server, client, func):
    """real-panels-2 §2.6, §9.1: without filter=on the panel applies the user's saved filter (E24)."""
    http_server.queue(listing({'id': '3'}, {'id': '2'}, {'id': '1'}))
    assert [elem['id'] for elem in latest(client, func, 2)] == ['3', '2']
    [request] = http_server.requests
    form = request['form']
    assert form['func'] == func and form['filter'] == 'on' and form['p_cnt'] == '2'
    assert not set(form) - {'func', 'filter', 'p_num', 'p_cnt', 'p_col', 'out', 'authinfo', 'auth', 'lang', 'sok'}


def test_a_charge_is_read_from_the_vendors_columns():
    """real-panels-2 §2.3 (E25, E5, E23, E24): realdate may carry a time; main_item is the parent service; locale_name names it."""
    assert expense_facts({'id': '9', 'realdate': '2026-12-01 13:45:10', 'cdate': '2026-11-30', 'locale_name': 'VPS Start (renewal)',
                          'intname': 'vds', 'item': '4711', 'main_item': '958', 'amount': '500.00 RUB'}) == \
        {'id': 9, 'date': '2026-12-01', 'service_id': 958, 'description': 'VPS Start (renewal)', 'amount': 500.0, 'currency': 'RUB'}
    plain = expense_facts({'id': '10', 'cdate': '01.12.2026', 'intname': 'vds', 'item': '958', 'amount': '0.05 EUR'})
    assert (plain['date'], plain['service_id'], plain['description'], plain['amount'], plain['currency']) == \
        ('2026-12-01', 958, 'vds', 0.05, 'EUR')
    assert expense_facts({'id': '11', 'realdate': 'yesterday'})['date'] == 'yesterday', 'a date it cannot read is kept as the panel wrote it'


@pytest.mark.parametrize('elem, read', [
    # The word in the panel's language, the code in $orig (E24 "Credited"; E30 «Зачислен», code 4 beside it).
    ({'status': {'orig': '4', 'text': 'Credited'}}, (4, 'credited', 'Credited', True)),
    ({'status': {'orig': '2', 'text': 'Payment in progress'}}, (2, 'in progress', 'Payment in progress', False)),
    ({'status': 'Зачислен', 'status_orig': '4'}, (4, 'credited', 'Зачислен', True)),
    ({'status': 'Зачислен', 'real_status': '4'}, (4, 'credited', 'Зачислен', True)),
    ({'status': '2'}, (2, 'in progress', None, False)),
    # A code the vendor does not list, or none: unknown, with the panel's word; never credited.
    ({'status': {'orig': '9', 'text': 'Paid'}}, (9, 'unknown', 'Paid', False)),
    ({'status': 'Paid'}, (None, 'unknown', 'Paid', False)),
    ({'status': '²'}, (None, 'unknown', '²', False)),
    ({}, (None, 'unknown', None, False)),
])
def test_a_payments_status_is_the_vendors_code_and_only_4_is_credited(elem, read):
    facts = payment_facts(dict(elem, id='3', subaccountamount_iso='1000.00 RUB', create_date='2026-12-01'))
    assert (facts['status'], facts['status_name'], facts['status_text'], facts['credited']) == read
    assert (facts['amount'], facts['currency'], facts['date']) == (1000.0, 'RUB', '2026-12-01')


def test_a_client_reads_its_own_lists_with_no_switch(http_server, client):
    http_server.answer('expense', listing({'id': '2', 'amount': '5.00 RUB'}))
    ledger = read_ledger(client, {'name': 'alice', 'id': None}, expenses=1)
    assert [e['id'] for e in ledger['expenses']] == [2] and 'payments' not in ledger
    assert http_server.funcs() == ['expense']
    assert read_ledger(client, {'name': 'alice', 'id': None}) == {} and http_server.funcs() == ['expense']


def test_an_administrator_reads_a_clients_lists_in_the_clients_session(http_server, client):
    """real-panels-2 §2.5 (E25): the admin's lists are everyone's, elid or not; the client's own are the client's (account.su, E14)."""
    http_server.answer('auth', doc(auth={'level': '29', 'text': 'admin-sid'}))
    http_server.answer('account.su', doc(auth={'id': 'bob-session-0123456789', 'level': '16', 'text': 'bob-session-0123456789'}))
    http_server.answer('expense', listing({'id': '7', 'amount': '5.00 RUB'}))
    http_server.answer('payment', listing({'id': '8', 'status': {'$orig': '2', '$': 'Payment in progress'}}))
    ledger = read_ledger(client, {'name': 'bob', 'id': 4}, expenses=3, payments=3)
    assert [e['id'] for e in ledger['expenses']] == [7] and ledger['payments'][0]['status_name'] == 'in progress'
    assert http_server.sent('account.su') == [{'elid': '4'}] and http_server.writes() == []
    for request in [r['form'] for r in http_server.requests if r['form']['func'] in ('expense', 'payment')]:
        assert request['auth'] == 'bob-session-0123456789' and 'elid' not in request and request['filter'] == 'on'


def test_a_row_of_another_client_stops_an_administrators_read(http_server, client):
    http_server.answer('auth', doc(auth={'level': '29', 'text': 'admin-sid'}))
    http_server.answer('account.su', doc(auth={'id': 'bob-session-0123456789', 'level': '16', 'text': 'bob-session-0123456789'}))
    http_server.answer('payment', listing({'id': '8', 'account_name': 'bob'}, {'id': '9', 'account_name': 'alice'}))
    with pytest.raises(BillmgrError, match='the payment list read for account bob has a row of account alice'):
        read_ledger(client, {'name': 'bob', 'id': 4}, payments=2)
