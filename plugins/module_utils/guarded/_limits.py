# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A task's limits on what it may spend (``max_cost``, ``keep_balance``), checked before it pays. Private to this collection.

Both are compared with the panel's own price for what the task is about to do (the order form's
total, the renewal form's cost), never with a price worked out here, and both stop the task
before its first write. The comparisons are exact (``Amount``), so a limit is never crossed by a rounding.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import amount_option, as_number, money_facts
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._balance import read_money


def spending_limits(params, spent=None):
    """(max_cost, keep_balance) of a task as Amounts, checked before any request; (None, None) when it sets neither.

    A balance may be kept below zero on credit, so only ``max_cost`` must be 0 or more. ``spent``: what the task has
    already paid (an Amount), which ``max_cost`` no longer allows; the balance read for ``keep_balance`` shows it.
    """
    max_cost = amount_option(params, 'max_cost', minimum=0)
    if max_cost is not None and spent is not None:
        max_cost = max_cost - spent
    return max_cost, amount_option(params, 'keep_balance')


def check_spending(client, price, limits, what, account=None, times=1):
    """Refuse ``what`` (``times`` payments of ``price``, the panel's Amount) when it breaks a limit; returns the facts.

    The balance is read only for ``keep_balance``.
    """
    max_cost, keep_balance = limits
    if max_cost is None and keep_balance is None:
        return None
    if price is None:
        raise InputError('%s: the panel shows no price for it, so max_cost and keep_balance cannot be checked; nothing was paid'
                         % what)
    cost = price * times
    facts = money_facts(cost)
    if max_cost is not None and cost > max_cost:
        raise InputError('%s costs %s, more than max_cost %s; nothing was paid' % (what, cost.text, max_cost.figure))
    if keep_balance is not None:
        balance = read_money(client, account)['balance']
        if balance is None:
            raise InputError('%s: the panel shows no balance for the account, so keep_balance cannot be checked; nothing was '
                             'paid' % what)
        after = balance - cost
        facts.update(balance=as_number(balance), balance_after=as_number(after), currency=after.currency)
        if after < keep_balance:
            raise InputError('%s costs %s: the balance of %s would drop to %s, below keep_balance %s; nothing was paid'
                             % (what, cost.text, balance.figure, after.figure, keep_balance.figure))
    return facts


def balance_shortfall(client, price, what, account=None, into_cart=False):
    """Check mode's word on money: a warning when the account's balance (with its credit, where the panel shows it) does
    not cover ``price``, the panel's Amount for ``what``; else None.

    One read, and only a warning: a balance the panel does not show, or shows in another currency, says nothing.
    """
    if price is None:
        return None
    try:
        money = read_money(client, account)
        short = money['available'] is not None and money['available'] < price
    except (BillmgrError, InputError):
        return None
    if not short:
        return None
    balance = money['balance'].text if money['balance'] is not None else money['available'].text
    credit = (' and a credit limit of %s' % money['credit_limit'].text) if money['credit_limit'] is not None else ''
    outcome = ('would wait unpaid in the cart until the account is topped up and the cart paid' if into_cart
               else 'would fail for lack of funds (paid at once from the balance); top up the account first')
    return 'the balance of %s%s does not cover %s, which costs %s: the order %s' % (balance, credit, what, price.text, outcome)
