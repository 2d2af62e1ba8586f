#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: billmgr_cart
short_description: Read, pay or empty the BILLmanager cart
version_added: 0.1.0
description:
  - Treats the account's carts as one resource - the old cart C(basket) of BILLmanager 5 (where BILLmanager 6 keeps paid
    changes too) and the new cart C(cart) of BILLmanager 6 - where orders made with
    O(ispsystem.billmgr.billmgr_service#module:skipbasket=false) and paid changes wait for payment.
  - O(state=present) reads them, O(state=paid) pays them from the account's balance, O(state=absent) empties them or
    removes O(items).
  - Paying is idempotent - a cart that is empty (or whose lines are already paid) is nothing to pay, and the task
    reports no change. A payment is sent once and never again in the same run.
author: [ispsystem.billmgr contributors (@ispsystem-community)]
extends_documentation_fragment: [ispsystem.billmgr.billmgr, ispsystem.billmgr.billmgr.actiongroup]
attributes:
  check_mode:
    description: Reads the carts and the balance, and reports what would be paid or removed; nothing is paid or removed.
    support: full
  diff_mode:
    description: Shows the cart (and, when paying, the balance) before and after.
    support: full
options:
  state:
    description:
      - V(present) reads the carts and changes nothing.
      - V(paid) pays every line, or those of O(items), from the account's balance. BILLmanager 5's cart is paid whole
        (C(basket) with C(clicked_button=free)), BILLmanager 6's new cart line by line (C(cartorder.create.confirm) with
        C(paymethod_id=0), the balance).
      - V(absent) empties the carts (C(basket) with C(clicked_button=clearbasket), C(cart.empty)), or removes the lines of
        O(items) (C(clicked_button=delete)).
    type: str
    choices: [present, paid, absent]
    default: present
  items:
    description:
      - The cart lines to pay or remove, by the line ids RV(cart.lines[].id) shows. Without it, every line.
      - A BILLmanager 6 panel numbers the lines of its two carts apart, so an id may be in both; write V(basket:12) or
        V(cart:12) then (the task fails on an id in both).
      - A line that is not in the cart (already paid or removed) is left out and listed in RV(not_in_cart); it is no
        error, so the task can run again.
      - The old cart is paid whole, so with O(state=paid) O(items) must name each of its lines or none.
    type: list
    elements: str
  account:
    description:
      - The client account whose cart it is, when an administrator works for a client (by its name or id).
      - The cart and the balance are the client's - the client pays, as the vendor documents it. The module finds the
        account in the panel's C(account) list and switches to it with C(account.su) (in check mode too - that only opens a
        session), then reads and pays in the client's session. A client user may only name its own account.
    type: str
notes:
  - Before paying, the module reads the balance as M(ispsystem.billmgr.billmgr_account_info) does and refuses a total the
    balance does not cover, with both amounts, before anything is paid. An administrator naming O(account) also gets the
    client's credit limit, which counts; a client cannot read its own, so for a client only the balance counts.
  - A payment whose answer is lost (a dropped connection, a timeout, a page instead of the answer) is never sent again.
    The module reads the carts, the services and the balance instead - lines that left the cart, with their services
    made and the balance down, were paid (RV(reconciled) is true, the task reports a change); lines still in the cart
    were not, and the task fails saying so, without sending anything again. Running the task again pays what is left.
  - Requests - reading costs two requests (the two carts; a BILLmanager 5 panel answers the new cart with an error),
    plus one for the balance (C(desktop)) with O(state=present) or O(state=paid). Paying costs one list per item type of
    the new cart's lines (the services there before), one request for the old cart and one per new-cart line, and then
    one list per item type of the paid lines, two reads of the carts and one of the balance. Removing costs one request
    per cart emptied, or one per line removed, and two reads of the carts.
    An administrator with O(account) adds two (the account list and C(account.su)), and reads the balance from the
    account list and C(subaccount) (two requests) instead of C(desktop).
seealso:
  - module: ispsystem.billmgr.billmgr_service
  - name: Paying the cart
    description: Orders into the cart, paying it once, and what a lost answer does.
    link: https://github.com/ispsystem-community/ansible-collection-billmgr/blob/main/docs/money.md
'''

EXAMPLES = r'''
- name: Order three services into the cart
  ispsystem.billmgr.billmgr_service:
    type: "{{ item.type }}"
    remoteid: "{{ item.remoteid }}"
    pricelist: "{{ item.pricelist }}"
    datacenter: 1
    skipbasket: false
  loop:
    - {type: vds, remoteid: web-1, pricelist: 6}
    - {type: vhost, remoteid: site-1, pricelist: 2}
    - {type: dedic, remoteid: db-1, pricelist: 32}

- name: Pay the cart from the balance (safe to run again)
  ispsystem.billmgr.billmgr_cart:
    state: paid
  register: payment

- name: Say what was paid
  ansible.builtin.debug:
    msg: "{{ payment.paid.amount }} {{ payment.paid.currency }} for {{ payment.paid.services | map(attribute='id') | list }}"
  when: payment.paid is truthy

- name: Remove one line
  ispsystem.billmgr.billmgr_cart:
    state: absent
    items: [17]

- name: An administrator pays a client's cart (the client's balance pays)
  ispsystem.billmgr.billmgr_cart:
    state: paid
    account: alice
'''

RETURN = r'''
cart:
  description:
    - Both carts as one, after the task (in check mode, as the task would leave them).
  returned: always
  type: dict
  contains:
    lines:
      description: The lines waiting for payment.
      type: list
      elements: dict
      contains:
        id:
          description: The line's id, what O(items) takes.
          type: int
        cart:
          description: V(basket) (the old cart) or V(cart) (BILLmanager 6's new cart).
          type: str
        type:
          description: The item type of the line (V(vds), V(vhost), ...), null when the panel does not say.
          type: str
        service_id:
          description:
            - The service the old cart's line is about - the ordered service, or the existing one a paid change or
              renewal is for. Null in the new cart, whose lines become services only when paid.
          type: int
        billorder_id:
          description: The old cart's id (C(billorder)); null in the new cart.
          type: int
        action:
          description: What a new-cart line does (V(order), ...); null in the old cart.
          type: str
        description:
          description: The panel's description of the line.
          type: str
        cost:
          description: The line's price, as a number.
          type: float
        currency:
          description: The currency, when the panel writes it with the price.
          type: str
        period:
          description: The period of the line, as the panel gives it (months in the old cart).
          type: str
    total:
      description: The sum of the lines' prices, as a number.
      type: float
    currency:
      description: The currency of the cart (or of the balance), when the panel writes one.
      type: str
  sample:
    lines:
      - {id: 3, cart: cart, type: vds, service_id: null, billorder_id: null, action: order,
         description: "VPS Start vds, domain -, period 1 month", cost: 500.0, currency: RUB, period: null}
    total: 500.0
    currency: RUB
paid:
  description:
    - What was paid (in check mode, would be paid), with O(state=paid); null when there was nothing to pay.
  returned: with O(state=paid)
  type: dict
  contains:
    amount:
      description: The total paid, as a number.
      type: float
    currency:
      description: The balance's currency.
      type: str
    lines:
      description: The lines paid, as in RV(cart.lines).
      type: list
      elements: dict
    billorder_id:
      description: The old cart's id, when its lines were paid.
      type: int
    services:
      description:
        - The services of the paid lines, as they are after paying (being made or active) - C(id), C(type), C(status),
          C(status_name). Empty in check mode.
      type: list
      elements: dict
  sample:
    amount: 5650.0
    currency: RUB
    billorder_id: null
    services: [{id: 1201, type: vds, status: 5, status_name: processing}]
balance_before:
  description: The balance before paying, as a number (without the credit limit).
  returned: when the task paid or would pay
  type: float
  sample: 100000.0
balance:
  description:
    - The balance as a number - after paying, as read back from the panel, with O(state=paid); as it is, with
      O(state=present). Null when the panel shows the login no balance.
  returned: with O(state=present), and when the task paid
  type: float
  sample: 94350.0
reconciled:
  description: Whether an answer to a payment was lost and the payment was found done by reading the panel.
  returned: when the task paid
  type: bool
  sample: false
removed:
  description: The lines removed (in check mode, would be removed), as in RV(cart.lines).
  returned: with O(state=absent)
  type: list
  elements: dict
not_in_cart:
  description: The O(items) that no cart line answers (already paid or removed).
  returned: when O(items) names a line that is not in the cart
  type: list
  elements: str
  sample: ['17']
msg:
  description: What the task did.
  returned: always
  type: str
  sample: paid 5650.00 RUB from the balance
'''

from ansible_collections.ispsystem.billmgr.plugins.module_utils._base import BillmgrModule
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._cart_task import CartTask

ARGUMENT_SPEC = dict(
    state=dict(type='str', default='present', choices=['present', 'paid', 'absent']),
    items=dict(type='list', elements='str'),
    account=dict(type='str'),
)


def main():
    BillmgrModule(ARGUMENT_SPEC).run(CartTask)


if __name__ == '__main__':
    main()
