# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A task's limits on what it may spend (``max_cost``, ``keep_balance``), checked before it pays. Private to this collection.

Both are compared with the panel's own price for what the task is about to do (the order form's
total, the renewal form's cost), never with a price worked out here, and both stop the task
before its first write.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import money_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._balance import read_account


def spending_limits(params):
    """(max_cost, keep_balance) of a task, checked; (None, None) when it sets neither."""
    limits = (params.get('max_cost'), params.get('keep_balance'))
    if limits[0] is not None and limits[0] < 0:
        raise InputError('max_cost must be 0 or more; got %s' % limits[0])
    return limits


def check_spending(client, price, limits, what, account=None, times=1):
    """Refuse ``what`` (``times`` payments of ``price``, as the panel writes it) when it breaks a limit; returns the facts.

    ``price`` is the panel's text ("650.00 RUB") or (amount, currency). The balance is read only for ``keep_balance``.
    """
    max_cost, keep_balance = limits
    if max_cost is None and keep_balance is None:
        return None
    one, currency = price if isinstance(price, tuple) else money_of(price)
    if one is None:
        raise InputError('%s: the panel shows no price for it, so max_cost and keep_balance cannot be checked; nothing was paid'
                         % what)
    cost = round(one * times, 2)
    unit = (' ' + currency) if currency else ''
    facts = {'cost': cost, 'currency': currency}
    if max_cost is not None and cost > max_cost:
        raise InputError('%s costs %.2f%s, more than max_cost %.2f; nothing was paid' % (what, cost, unit, max_cost))
    if keep_balance is not None:
        account_money = read_account(client, account)
        after = round(account_money['balance'] - cost, 2)
        facts.update(balance=account_money['balance'], balance_after=after)
        if after < keep_balance:
            raise InputError('%s costs %.2f%s: the balance of %.2f would drop to %.2f, below keep_balance %.2f; nothing was paid'
                             % (what, cost, unit, account_money['balance'], after, keep_balance))
    return facts
