# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""An account's money as the panel shows it: balance, credit limit, charges and payments. Private to this collection.

A client reads its balance on its start page (``desktop``: ``balance`` "12.34 RUB", E5, E6; or the
``balance`` attribute of ``user``, as other scripts read it). An administrator reads a client's
from the ``account`` list (E18) and the credit limit from the client's ``subaccount`` list, which
clients may not open. ``expense`` and ``payment`` are paged lists, newest first (E5).
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._accounts import account_elem, is_admin, require_admin_for_account
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import amount_of, as_number, money_facts
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import as_list, int_or_none, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import iso_date

# Payment statuses, by the codes a third-party client lists.
PAYMENT_STATUSES = {1: 'new', 2: 'paid', 3: 'promised', 4: 'credited', 5: 'awaiting refund', 6: 'refunded',
                    7: 'fraudulent', 8: 'initiated', 9: 'cancelled'}


def read_money(client, account=None):
    """``{name, id, balance, credit_limit, available}`` (Amounts, None when unknown) of the user's account, or of ``account``
    for an administrator."""
    require_admin_for_account(client, account)
    if not is_admin(client):
        return _own_account(client)
    if not account:
        raise InputError('an administrator has no balance of its own: give account, the client account to read')
    elem = account_elem(client, account, doing='nothing was read')
    elid = elem['id']
    balance = amount_of(elem.get('balance'))
    credit_limit = None
    try:
        for elem in [e for e in as_list(client.read('subaccount', {'elid': elid}).get('elem')) if isinstance(e, dict)]:
            currency = text_of(elem.get('currency')) or None
            credit_limit = amount_of(elem.get('creditlimit'), currency)
            balance = balance.in_currency(currency) if balance is not None else None
    except BillmgrError as err:
        if err.kind != 'access':
            raise
    return _account(text_of(elem.get('name')) or account, elid, balance, credit_limit)


def read_account(client, account=None):
    """``{name, id, balance, currency, credit_limit, available}`` as billmgr_account_info returns them: numbers and the currency."""
    return account_facts(read_money(client, account))


def account_facts(money):
    """read_money's answer as a result: each amount a number, the currency once beside them."""
    amounts = [money[key] for key in ('balance', 'credit_limit', 'available') if money[key] is not None]
    currency = next((amount.currency for amount in amounts if amount.currency), None)
    return {'name': money['name'], 'id': money['id'], 'balance': as_number(money['balance']), 'currency': currency,
            'credit_limit': as_number(money['credit_limit']), 'available': as_number(money['available'])}


def _own_account(client):
    doc = client.read('desktop', {'startform': 'vds'})
    balance = amount_of(doc.get('balance'))
    if balance is None and isinstance(doc.get('user'), dict):
        balance = amount_of(doc['user'].get('balance'))
    if balance is None:
        raise BillmgrError('response', 'the start page (desktop) shows no balance for user %s' % client.username, func='desktop')
    return _account(client.username, None, balance, None)


def _account(name, elid, balance, credit_limit):
    # A client cannot read its credit limit: what it has available is its balance.
    available = balance
    if balance is not None and credit_limit is not None:
        available = balance + credit_limit
    return {'name': name, 'id': elid, 'balance': balance, 'credit_limit': credit_limit, 'available': available}


def latest(client, func, count, elid=None):
    """The newest ``count`` elements of a paged list (``expense``, ``payment``): one request.

    ``filter=on`` with no fields reads the list past a filter the user saved in the web interface, as service lists are
    read: a saved "Service ID = 388" would otherwise silently hide every other charge (real-panels-2 §2.6, §9.1: E24, E27).
    """
    params = {'p_num': 1, 'p_cnt': count, 'p_col': '+time', 'filter': 'on'}
    if elid is not None:
        params['elid'] = elid
    # An empty element (an empty object in JSON) has nothing to read: left out, as lists of the client leave none in.
    return [elem for elem in as_list(client.read(func, params).get('elem')) if isinstance(elem, dict)][:count]


def expense_facts(elem):
    facts = {'id': int_or_none(elem.get('id')), 'date': iso_date(elem.get('date')) or text_of(elem.get('date')) or None,
             'service_id': int_or_none(elem.get('item')), 'description': text_of(elem.get('name')) or None}
    facts.update(money_facts(amount_of(elem.get('amount')), 'amount'))
    return facts


def payment_facts(elem):
    status = int_or_none(elem.get('status'))
    facts = {'id': int_or_none(elem.get('id')), 'number': text_of(elem.get('number')) or None,
             'date': iso_date(elem.get('create_date')) or text_of(elem.get('create_date')) or None,
             'status': status, 'status_name': PAYMENT_STATUSES.get(status), 'method': text_of(elem.get('paymethod_name')) or None}
    facts.update(money_facts(amount_of(elem.get('subaccountamount_iso') or elem.get('amount')), 'amount'))
    return facts
