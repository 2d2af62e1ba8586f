# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""An account's money as the panel shows it: balance, credit limit, charges and payments. Private to this collection.

A client reads its balance on its start page (``desktop``: ``balance`` "12.34 RUB", E5, E6; or the
``balance`` attribute of ``user``, as other scripts read it). An administrator reads a client's
from the ``account`` list (E18) and the credit limit from the client's ``subaccount`` list, which
clients may not open. ``expense`` and ``payment`` are paged lists, newest first (E5), in the vendor's
columns (real-panels-2 §2.3, §2.4: E25, E5, E23, E24, E30).
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._accounts import account_elem, client_session, is_admin, require_admin_for_account
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import amount_of, as_number, money_facts
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import as_list, int_or_none, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import iso_date

# Payment statuses by the vendor's codes (real-panels-2 §2.4, E25). Only 4 is money credited: 2 is still in progress.
PAYMENT_STATUSES = {1: 'new', 2: 'in progress', 3: 'pledged', 4: 'credited', 5: 'pending return', 6: 'returned', 7: 'fraudulent'}
CREDITED = 4
UNKNOWN_STATUS = 'unknown'


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


def read_ledger(client, money, expenses=0, payments=0):
    """``{expenses: [...], payments: [...]}``: the newest ``expenses`` charges and ``payments`` payments (0: not read) of the
    account ``money`` names (read_money's answer), as results.

    A client reads its own lists. An administrator's ``expense`` and ``payment`` are every client's, with an account
    column, whatever ``elid`` says (real-panels-2 §2.5, E25). The panel narrows them for one client by saving a filter,
    which then stays in the administrator's web interface (``expense.setfilter``: sticky per user, real-panels-2 §2.6,
    §9.1), or in ``account.payment``, known by its name only. So an administrator reads them as the client, in a session of the
    client's (``account.su``, as orders and carts for a client are sent: E14, E20, E21; the vendor's own ``expense.su``
    drills down from the charges to the client's panel, E25): the panel itself narrows, nothing is saved, so nothing
    needs undoing; and a row that names another client stops the read rather than be shown as this one's.
    """
    if not expenses and not payments:
        return {}
    reader, owner = client, None
    if money['id'] is not None:
        reader, owner = client_session(client, money['name'], money['id'], 'no charges or payments were read'), money['name']
    ledger = {}
    if expenses:
        ledger['expenses'] = [expense_facts(elem) for elem in _owned(latest(reader, 'expense', expenses), owner, 'expense')]
    if payments:
        ledger['payments'] = [payment_facts(elem) for elem in _owned(latest(reader, 'payment', payments), owner, 'payment')]
    return ledger


def _owned(elems, owner, func):
    """``elems``, when none names a client other than ``owner`` (the account column of an administrator's list, E25)."""
    for elem in elems if owner else ():
        named = text_of(elem.get('account') or elem.get('account_name')).strip()
        if named and named != owner:
            raise BillmgrError('response', 'the %s list read for account %s has a row of account %s: the panel did not narrow '
                               'it to the client, so none of it is shown' % (func, owner, named), func=func)
    return elems


def latest(client, func, count):
    """The newest ``count`` elements of a paged list (``expense``, ``payment``): one request.

    ``filter=on`` with no fields reads the list past a filter the user saved in the web interface, as service lists are
    read: a saved "Service ID = 388" would otherwise silently hide every other charge (real-panels-2 §2.6, §9.1: E24, E27).
    """
    params = {'p_num': 1, 'p_cnt': count, 'p_col': '+time', 'filter': 'on'}
    # An empty element (an empty object in JSON) has nothing to read: left out, as lists of the client leave none in.
    return [elem for elem in as_list(client.read(func, params).get('elem')) if isinstance(elem, dict)][:count]


def _first_date(elem, names):
    """The ISO day of the first of ``names`` the element fills (a time of day is dropped), else its text, else None."""
    for name in names:
        text = text_of(elem.get(name)).strip()
        if text:
            return iso_date(text) or text
    return None


def expense_facts(elem):
    """One charge: ``realdate`` (which may carry a time; ``cdate`` when it is missing), the service (``main_item``, the
    parent service, else ``item``: E23, E24), what the panel calls it (``locale_name``, else ``intname``) and the amount."""
    service = int_or_none(elem.get('main_item'))
    facts = {'id': int_or_none(elem.get('id')), 'date': _first_date(elem, ('realdate', 'cdate', 'date')),
             'service_id': service if service is not None else int_or_none(elem.get('item')),
             'description': (text_of(elem.get('locale_name')) or text_of(elem.get('intname')) or text_of(elem.get('name'))).strip() or None}
    facts.update(money_facts(amount_of(elem.get('amount')), 'amount'))
    return facts


def payment_status(elem):
    """(the status code or None, the panel's word for it or None).

    The cell is a word in the panel's language with the code beside it: ``$orig`` (real-panels-2 §2.4: E24 "Credited",
    E30 «Зачислен» with the code in ``status_orig``/``real_status``); a panel that writes the bare code gives no word.
    """
    cell = elem.get('status')
    word = text_of(cell).strip() or None
    code = int_or_none(cell.get('orig')) if isinstance(cell, dict) else None
    for name in ('status_orig', 'real_status'):
        code = int_or_none(elem.get(name)) if code is None else code
    if word is not None and word.isascii() and word.isdigit():
        code, word = int(word) if code is None else code, None
    return code, word


def payment_facts(elem):
    """One payment: its status by the vendor's code (a code we do not know is ``unknown``, never credited), the panel's word
    for it, the date it was placed, the method and the amount credited to the account (E25, E24, E27)."""
    code, word = payment_status(elem)
    facts = {'id': int_or_none(elem.get('id')), 'number': text_of(elem.get('number')).strip() or None,
             'date': _first_date(elem, ('create_date', 'pay_date')),
             'status': code, 'status_name': PAYMENT_STATUSES.get(code, UNKNOWN_STATUS), 'status_text': word,
             'credited': code == CREDITED, 'method': text_of(elem.get('paymethod_name')).strip() or None}
    facts.update(money_facts(amount_of(elem.get('subaccountamount_iso') or elem.get('paymethodamount_iso') or elem.get('amount')),
                             'amount'))
    return facts
