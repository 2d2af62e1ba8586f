#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: billmgr_account_info
short_description: Read a BILLmanager account's balance, charges and payments, and forecast what auto-renewal will cost
version_added: 0.1.0
description:
  - Reads the balance of the logged-in client account (the start page, C(desktop)), or, for an administrator, of the
    client account named by O(account) (the C(account) list) with its credit limit (C(subaccount)).
  - On request, the latest charges (C(expense)) and payments (C(payment)). An administrator's lists in the panel are
    every client's, so the module reads a client's in a session as that client (C(account.su)), as it orders and pays
    for a client; it saves no list filter, so nothing is left narrowed in the administrator's web interface.
  - A renewal forecast. Every service that renews itself (auto-renewal on) and expires within O(days) days renews
    once per period until then. Each renewal is priced as the panel prices it - by the auto-renewal choice for its
    period in the service's edit form (C(TYPE.edit) without confirmation, for example "500.00 RUB per month"), one read
    per service that is due; the renewal form (C(service.prolong)) of real panels shows no price. The forecast adds
    them up and says whether the balance, with the credit limit when known, covers them. BILLmanager is prepaid, and a renewal the account cannot pay leaves
    the service suspended.
author: [ispsystem.billmgr contributors (@ispsystem-community)]
extends_documentation_fragment: [ispsystem.billmgr.billmgr, ispsystem.billmgr.billmgr.actiongroup, ispsystem.billmgr.billmgr.info_module]
options:
  account:
    description:
      - The client account to read, by its name as the panel lists it or its id (administrators, who have no balance
        of their own). A client user reads its own account and may leave this out.
    type: str
  expenses:
    description: How many of the latest charges to return in RV(account.expenses). V(0) returns none.
    type: int
    default: 0
  payments:
    description: How many of the latest payments to return in RV(account.payments). V(0) returns none.
    type: int
    default: 0
  forecast:
    description: Whether to forecast the renewals due within O(days).
    type: bool
    default: true
  days:
    description: The forecast's window in days from today (0 to 3660).
    type: int
    default: 30
  types:
    description: The item types whose services the forecast looks at.
    type: list
    elements: str
    default: [vds, dedic, vhost, soft]
notes:
  - Requests. A client's balance costs one request, an administrator's two (the account list and the credit limit).
    Each list of charges or payments costs one, and an administrator's switch to the client one more. The forecast
    lists each type (one request per type) and reads one edit form per service that is due (it gives both the months
    of auto-renewal and their price).
  - A client user cannot read its credit limit, so RV(account.credit_limit) is V(null) and RV(account.available) is the
    balance.
seealso:
  - module: ispsystem.billmgr.billmgr_prolong
  - module: ispsystem.billmgr.billmgr_service_info
'''

EXAMPLES = r'''
- name: Weekly - will the balance cover the next 30 days of auto-renewals?
  ispsystem.billmgr.billmgr_account_info:
    days: 30
  register: money

- name: Warn before services get suspended
  ansible.builtin.fail:
    msg: >-
      Renewals due by {{ money.forecast.until }} cost {{ money.forecast.total }} {{ money.forecast.currency }};
      the account has {{ money.account.available }}. Top up {{ money.forecast.shortfall }} before then.
  # covered is null when the panel gave no price for a renewal due (unpriced): that is not covered either.
  when: money.forecast.covered is not true

- name: An administrator reads a client's balance and its last 10 charges, without a forecast
  ispsystem.billmgr.billmgr_account_info:
    account: alice
    expenses: 10
    forecast: false
'''

RETURN = r'''
account:
  description: The account's money.
  returned: always
  type: dict
  contains:
    name:
      description: The account - the client's user name, or the account's name in the panel's list.
      type: str
    id:
      description: The account's id (read by administrators only), else V(null).
      type: int
    balance:
      description: The balance, as a number.
      type: float
      sample: 1234.5
    currency:
      description: The currency the panel names with the balance, when it does.
      type: str
      sample: RUB
    credit_limit:
      description: How far below zero the balance may go (administrators only), else V(null).
      type: float
    available:
      description: The balance plus the credit limit, when known - what renewals and orders can spend.
      type: float
    expenses:
      description:
        - The latest charges, newest first (with O(expenses)). V(date) is the ISO day of the charge (the panel's text
          when it is no date it knows), V(service_id) the service it was for, V(description) what the panel calls it,
          V(amount) a number with V(currency) beside it.
      returned: when O(expenses) is more than 0
      type: list
      elements: dict
      sample: [{"id": 81, "date": "2026-12-01", "amount": 500.0, "currency": "RUB", "service_id": 958,
                "description": "Order of service #958 for 1 month"}]
    payments:
      description:
        - The latest payments, newest first. V(status) is the panel's status code and V(status_name) its meaning -
          V(new), V(in progress) (not yet credited), V(pledged), V(credited), V(pending return), V(returned),
          V(fraudulent), or V(unknown) for a code the vendor does not list or none. V(status_text) is the panel's own
          word for it, in the panel's language. V(credited) is V(true) only for a credited payment (code 4), the one
          whose money reached the account.
      returned: when O(payments) is more than 0
      type: list
      elements: dict
      sample: [{"id": 4, "number": "000004", "date": "2026-12-01", "amount": 1500.0, "currency": "RUB", "status": 4,
                "status_name": "credited", "status_text": "Credited", "credited": true, "method": "Personal account"}]
forecast:
  description: The renewals due within O(days) and whether the account covers them.
  returned: when O(forecast=true)
  type: dict
  contains:
    days:
      description: The window, in days.
      type: int
    from:
      description: Today (ISO date).
      type: str
    until:
      description: The window's last day (ISO date).
      type: str
    services:
      description:
        - The services due, soonest first - V(type), V(id), V(name), V(expiredate), V(autoprolong) (the period in months),
          V(renewals) (how many within the window), V(cost) (of one renewal), V(amount) (cost times renewals), V(currency).
      type: list
      elements: dict
      sample: [{"type": "vds", "id": 958, "name": "web.alice.test", "expiredate": "2026-12-20", "autoprolong": 1,
                "renewals": 1, "cost": 500.0, "amount": 500.0, "currency": "RUB"}]
    total:
      description: What the renewals cost together.
      type: float
    currency:
      description: The currency of the renewal prices (as the edit form's choices name it; where a price names none, the
        service's list price or the account's balance names it).
      type: str
    available:
      description: RV(account.available).
      type: float
    covered:
      description:
        - Whether RV(forecast.available) covers the renewals due.
        - V(null) (unknown) when a renewal due has no price (RV(forecast.unpriced)) and the priced ones alone are covered,
          or when the balance could not be read. Never V(true) then, so test it with C(is true).
      type: bool
    shortfall:
      description:
        - How much is missing (V(0) when covered; at least this much when RV(forecast.unpriced) is not empty).
        - V(null) when RV(forecast.covered) is.
      type: float
    unpriced:
      description:
        - The services due whose renewal the panel gave no price for (the edit form's auto-renewal choice for the period
          names none, or the form was refused), with a warning. They are in RV(forecast.services) with no C(cost) and no
          C(amount), and left out of RV(forecast.total).
        - Also a service due whose edit form does not say the months of auto-renewal where the list shows only the period's
          label; its C(autoprolong) is that label and its C(renewals) null.
      type: list
      elements: dict
      sample: [{"type": "vds", "id": 961, "name": "db.alice.test", "expiredate": "2026-12-28", "autoprolong": 1, "renewals": 1}]
'''

from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._account_info_task import AccountInfoTask
from ansible_collections.ispsystem.billmgr.plugins.module_utils._base import BillmgrModule

ARGUMENT_SPEC = dict(
    account=dict(type='str'),
    expenses=dict(type='int', default=0),
    payments=dict(type='int', default=0),
    forecast=dict(type='bool', default=True),
    days=dict(type='int', default=30),
    types=dict(type='list', elements='str', default=['vds', 'dedic', 'vhost', 'soft']),
)


def main():
    BillmgrModule(ARGUMENT_SPEC).run(AccountInfoTask)


if __name__ == '__main__':
    main()
