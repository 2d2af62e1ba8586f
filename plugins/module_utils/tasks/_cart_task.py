# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What billmgr_cart decides: read the carts, pay them from the balance, or empty them. Private to this collection.

Paying is money, so each rule here is about paying at most once:
- what is paid is what the carts hold when the task reads them; an empty cart (or lines already
  gone) is nothing to pay, so a second run is unchanged;
- the balance is read first and a total it does not cover is refused before any payment;
- a payment is sent once and never again in the same run. When its answer is lost, the carts are
  read again: lines that left the cart, with their services made and the balance down, were paid;
  lines still there were not, and the task stops saying so (a re-run pays them, once).

BILLmanager 5's cart (``basket``) is paid whole from the balance with ``clicked_button=free``
(E14, E15); ``payment.add``/``payment.add.pay`` (E5, E6) is not used, because that is the road to a
payment system: E5 and E6 follow its ``ok`` redirect to a payment page, E26's captured answer is such a
page's address (``ok`` of type "url") with the new ``payment_id``, made without ``sok``, and the
evidence names no id for the personal account among its methods. (billmgr_api can send it: a write,
settled by the payment list when its answer is lost; tasks/_api_task.py.) BILLmanager 6's new cart is paid line by line with
``cartorder.create.confirm&paymethod_id=0`` (E4: method 0 is the balance).
"""

from __future__ import annotations

import re

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._accounts import buyer, is_admin
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import amount_of, as_number, total as total_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._cart import ACTION_ORDER, NEW_CART, OLD_CART, cart_lines
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._lock import OrderLock
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import FREE_CHANGE_RECONCILE, settle, write_once
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._balance import read_money
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import list_services
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import STATUS_ACTIVE, STATUS_PROCESSING, diff_of

# The longest a run waits for another run paying the same account's cart on this machine.
CART_LOCK_WAIT = 600
_REF = re.compile(r'^\s*(?:(basket|cart)\s*:\s*)?(\d+)\s*$')
# A paid order's service is being made or is ready; "ordered" (1) is an old-cart order still waiting for payment.
_PAID_STATUSES = (STATUS_ACTIVE, STATUS_PROCESSING)


def parse_refs(items):
    """``items`` as ``[(cart or None, line id)]``: ``12``, ``basket:12`` or ``cart:12``; anything else is refused."""
    refs = []
    for raw in items or []:
        match = _REF.match(str(raw))
        if match is None:
            raise InputError('items: %r is not a cart line id (a number, or basket:ID / cart:ID to name the cart); '
                             'nothing was changed' % (raw,))
        refs.append((match.group(1), int(match.group(2))))
    return refs


def choose(lines, refs):
    """The lines named by ``refs`` (every line without refs), and the refs no line answers (already paid or removed).

    A bare id held by a line of each cart (a BILLmanager 6 panel numbers its two carts apart) is
    refused: paying or removing the wrong one cannot be undone.
    """
    if not refs:
        return list(lines), []
    chosen, missing = [], []
    for cart, line_id in refs:
        found = [line for line in lines if line['line_id'] == line_id and cart in (None, line['cart'])]
        if len(found) > 1:
            raise InputError('items: line %d is in both carts (basket and cart); write basket:%d or cart:%d; nothing was '
                             'changed' % (line_id, line_id, line_id))
        if not found:
            missing.append('%s:%d' % (cart, line_id) if cart else str(line_id))
        elif found[0] not in chosen:
            chosen.append(found[0])
    return chosen, missing


def line_amount(line):
    """A line's price (an Amount, in the cart's currency when the line names none), or None when it cannot be read."""
    return amount_of(line['cost'], line['currency'])


def line_cost(line):
    """A line's price; a line whose price cannot be read is refused, since its payment cannot be checked."""
    cost = line_amount(line)
    if cost is None:
        raise InputError('cart line %s:%s shows no price the module can read (%r), so the balance cannot be checked; '
                         'nothing was paid' % (line['cart'], line['line_id'], line['cost']))
    return cost


def item_facts(line):
    """A cart line as the module returns it."""
    cost = line_amount(line)
    return {
        'id': line['line_id'],
        'cart': line['cart'],
        'type': line['item_type'],
        'service_id': line['item_id'],
        'billorder_id': line['billorder_id'],
        'action': line['action'],
        'description': line['desc'],
        'cost': as_number(cost),
        'currency': cost.currency if cost is not None else line['currency'],
        'period': line['period'],
    }


def cart_facts(lines, currency=None):
    """The carts as one: their lines, the total as a number, and the currency (the lines', else the balance's)."""
    amount = total_of(line_amount(line) for line in lines).in_currency(currency)
    return {'lines': [item_facts(line) for line in lines], 'total': amount.number, 'currency': amount.currency}


def line_key(line):
    return (line['cart'], line['line_id'])


class CartTask(Task):
    """``state``: present reads the carts, paid pays them from the balance, absent empties them (or the ``items``)."""

    def run(self):
        state = self.params.get('state') or 'present'
        refs = parse_refs(self.params.get('items'))
        # The cart is the client's: an administrator reads and pays it in the client's session (E14, E21).
        # account.su only opens a session, so check mode switches too, to show the client's cart.
        self.buyer = buyer(self.client, self.params.get('account'))
        if state == 'paid' and not self.check_mode:
            # Runs side by side pay one account's cart one after another, each reading it under the lock: the second
            # finds the lines paid and gone (issue 32, bug 1).
            with OrderLock(self.client, 'cart', 'account', self.params.get('account') or self.client.username).acquire(CART_LOCK_WAIT):
                return self._run(state, refs)
        return self._run(state, refs)

    def _run(self, state, refs):
        lines = cart_lines(self.buyer)
        chosen, missing = choose(lines, refs)
        self.result = {'changed': False}
        if missing:
            self.result['not_in_cart'] = missing
        if state == 'paid':
            self._pay(lines, chosen)
        elif state == 'absent':
            self._remove(lines, chosen, bool(refs))
        else:
            # The old cart writes prices without a currency (E5): the balance gives it, and says whether the cart is covered.
            money = self._money(required=False)
            self.result.update({'cart': cart_facts(lines, money['currency']), 'balance': as_number(money['balance']),
                                'msg': self._summary(lines)})
        return self.result

    # -- paying -------------------------------------------------------------------------------

    def _pay(self, lines, chosen):
        old = [line for line in chosen if line['cart'] == OLD_CART]
        left_out = [line for line in lines if line['cart'] == OLD_CART and line not in old]
        if old and left_out:
            raise InputError('the old cart (basket) is paid whole from the balance (clicked_button=free), and items leaves out '
                             'its line(s) %s; remove them first (state=absent) or name every line; nothing was paid'
                             % ', '.join('basket:%s' % line['line_id'] for line in left_out))
        costs = [line_cost(line) for line in chosen]
        money = self._money(required=bool(chosen))
        balance, available, currency = money['balance'], money['available'], money['currency']
        total = total_of(costs).in_currency(currency)
        before = cart_facts(lines, currency)
        if not chosen:
            self.result.update({'cart': before, 'paid': None,
                                'msg': 'nothing to pay: the cart is empty' if not lines else
                                'nothing to pay: no line of items is in the cart (paid or removed already)'})
            return
        self.result['balance_before'] = as_number(balance)
        if total > available:
            has = balance.text
            if available != balance:
                has += ' plus the credit limit %s' % (available - balance).text
            raise InputError('the cart\'s total %s is more than the balance %s (short by %s); nothing was paid'
                             % (total.text, has, (total - available).text))
        remaining = [line for line in lines if line not in chosen]
        after = cart_facts(remaining, before['currency'])
        self.result.update({'changed': True, 'cart': after if self.check_mode else before,
                            'paid': self._paid_facts(chosen, total, currency)})
        if self.diff:
            self.result['diff'] = diff_of({'cart': before, 'balance': as_number(balance)},
                                          {'cart': after, 'balance': as_number(balance - total)})
        if self.check_mode:
            self.result['msg'] = 'would pay %s from the balance of %s' % (total.text, balance.text)
            return
        self._send_payments(chosen, total, currency, balance)

    def _money(self, required):
        """``{balance, available, currency}`` (Amounts and the currency) of the account that pays: the client's own, read as
        billmgr_account_info reads it (an administrator naming ``account`` gets its credit limit in ``available``).

        Without ``required`` an unknown balance is None (an administrator's own page has none); with it, that is refused.
        """
        account = self.params.get('account')
        unknown = {'balance': None, 'available': None, 'currency': None}
        if is_admin(self.client) and not account:
            if required:
                raise InputError('an administrator has no cart or balance of its own: give account, the client whose cart '
                                 'to pay; nothing was paid')
            return unknown
        try:
            money = read_money(self.client, account)
        except BillmgrError as err:
            if required:
                raise err.explained('the balance could not be read, so it cannot be checked against the cart; nothing was '
                                    'paid: %s' % err.message) from None
            return unknown
        balance = money['balance']
        if balance is None and required:
            raise InputError('the panel shows no balance for account %s, so it cannot be checked against the cart; nothing was '
                             'paid' % account)
        return {'balance': balance, 'available': money['available'], 'currency': balance.currency if balance is not None else None}

    def _paid_facts(self, chosen, total, currency):
        billorders = sorted(set(line['billorder_id'] for line in chosen if line['billorder_id']))
        return {'amount': total.number, 'currency': total.currency or currency, 'lines': [item_facts(line) for line in chosen],
                'billorder_id': billorders[0] if billorders else None, 'services': []}

    def _send_payments(self, chosen, total, currency, balance):
        """Each payment once; a lost answer is settled by reading, and a line not shown paid stops the task."""
        types = sorted(set(line['item_type'] for line in chosen if line['cart'] == NEW_CART and line['item_type']))
        # The new cart's services exist only once paid (E20): what is new after paying is what the payment made.
        known = self._service_ids(types)
        old = [line for line in chosen if line['cart'] == OLD_CART]
        payments = ([('basket', {'id': old[0]['billorder_id'] or old[0]['line_id'], 'clicked_button': 'free', 'sok': 'ok'}, old)]
                    if old else [])
        payments += [('cartorder.create.confirm', {'elid': line['line_id'], 'paymethod_id': 0, 'sok': 'ok'}, [line])
                     for line in chosen if line['cart'] == NEW_CART]
        paid, reconciled = [], False
        for func, params, part in payments:
            if func == OLD_CART:
                self._refuse_a_changed_old_cart(part)
            try:
                self.buyer.write(func, params)
            except BillmgrError as err:
                if not err.outcome_unknown:
                    self._stop(err.explained('%s refused the payment of %s: %s' % (func, self._refs(part), err.message)), paid)
                # One look (timeout 0): a payment the panel took leaves the cart at once.
                if settle(self.buyer, lambda: True if self._left_cart(part) else None, 0, 'the payment of %s' % self._refs(part),
                          err, required=False) is None:
                    self._stop(err.explained('the answer to %s for %s was lost (%s) and the line(s) are still in the cart, so '
                                             'they were not paid; nothing was sent again: run the task again to pay them'
                                             % (func, self._refs(part), err.message), outcome_unknown=False), paid)
                reconciled = True
            paid.extend(part)
        self._settle(chosen, total, currency, balance, known, reconciled)

    def _refuse_a_changed_old_cart(self, priced):
        """The old cart is paid whole: read it again right before, and pay it only as priced (issue 32).

        Another run may have put a line into it since it was read and priced; paying then would pay that line too, at
        a price nobody checked.
        """
        now = [line for line in cart_lines(self.buyer) if line['cart'] == OLD_CART]
        if sorted((line_key(line), line_cost(line)) for line in now) != sorted((line_key(line), line_cost(line)) for line in priced):
            raise InputError('the old cart changed since this task read it (now %s, priced %s); nothing was paid: run the task '
                             'again to pay the cart as it is' % (self._refs(now) or 'empty', self._refs(priced)))

    def _left_cart(self, part):
        gone = set(line_key(line) for line in part) - set(line_key(line) for line in cart_lines(self.buyer))
        return len(gone) == len(part)

    def _service_ids(self, types):
        return dict((item_type, set(s['id'] for s in list_services(self.buyer, item_type))) for item_type in types)

    def _settle(self, chosen, total, currency, balance, known, reconciled):
        """Read back what the payments did: the carts, the services they made and the balance."""
        lines = cart_lines(self.buyer)
        services = self._services_made(chosen, known)
        after_balance = self._money(required=False)['balance']
        self.result['cart'] = cart_facts(lines, currency)
        self.result['paid']['services'] = services
        self.result['balance'] = as_number(after_balance)
        self.result['reconciled'] = reconciled
        if self.diff:
            self.result['diff']['after']['balance'] = as_number(after_balance)
        unpaid = [line for line in chosen if line_key(line) in set(line_key(other) for other in lines)]
        waiting = [line for line in chosen if line['cart'] == OLD_CART and line['action'] in (None, ACTION_ORDER)
                   and line['item_id'] and not any(s['id'] == line['item_id'] for s in services)]
        charged = None if after_balance is None else balance - after_balance
        if unpaid or (reconciled and (waiting or charged is None or charged < total)):
            raise TaskError('the payment answered, yet the panel does not show it done: %s; charged %s of %s. Nothing was '
                            'sent again: look at the account\'s expenses before running the task again'
                            % ('line(s) %s still in the cart' % self._refs(unpaid) if unpaid else 'services not made',
                               'an unknown amount' if charged is None else charged.text, total.text),
                            changed=True, cart=self.result['cart'], paid=self.result['paid'], reconciled=reconciled,
                            error={'outcome_unknown': True})
        if charged is not None and charged != total:
            self.warn('the balance went down by %s, the cart\'s total is %s: something else was charged or refunded '
                      'meanwhile' % (charged.text, total.text))
        self.result['msg'] = 'paid %s from the balance%s' % (total.text,
                                                             ' (the answer was lost; the cart and the services show it paid)'
                                                             if reconciled else '')

    def _services_made(self, chosen, known):
        """The services of the paid lines, active or in processing: old-cart orders by ``item.id``, new ones by being new."""
        services = []
        by_type = {}
        for line in chosen:
            if line['item_type'] and line['item_type'] not in by_type and (line['cart'] == NEW_CART or line['item_id']):
                by_type[line['item_type']] = list_services(self.buyer, line['item_type'])
        for line in chosen:
            listed = by_type.get(line['item_type'], [])
            if line['cart'] == OLD_CART:
                found = [s for s in listed if s['id'] == line['item_id']]
            else:
                found = [s for s in listed if s['id'] not in known.get(line['item_type'], ())]
            for service in found:
                if service['status'] in _PAID_STATUSES and service['id'] not in [s['id'] for s in services]:
                    services.append({'id': service['id'], 'type': line['item_type'], 'status': service['status'],
                                     'status_name': service['status_name']})
        return services

    def _stop(self, err, paid):
        """Fail with what was paid before this payment: a re-run finds those lines gone and pays only the rest."""
        if not paid:
            raise err
        raise TaskError('%s (paid before it: %s)' % (err.message, self._refs(paid)), changed=True,
                        paid={'lines': [item_facts(line) for line in paid]}, error=err.facts())

    @staticmethod
    def _refs(lines):
        return ', '.join('%s:%s' % line_key(line) for line in lines)

    # -- removing -------------------------------------------------------------------------------

    def _remove(self, lines, chosen, named):
        before = cart_facts(lines)
        remaining = [line for line in lines if line not in chosen]
        after = cart_facts(remaining, before['currency'])
        self.result.update({'changed': bool(chosen), 'removed': [item_facts(line) for line in chosen], 'cart': after})
        if self.diff:
            self.result['diff'] = diff_of({'cart': before}, {'cart': after})
        if not chosen:
            self.result['msg'] = 'nothing to remove: the cart is empty' if not lines else 'nothing to remove'
            return
        if self.check_mode:
            self.result['msg'] = 'would remove %s' % self._refs(chosen)
            return
        if named and remaining:
            removals = [(OLD_CART if line['cart'] == OLD_CART else NEW_CART,
                         {'id': line['line_id'], 'clicked_button': 'delete', 'sok': 'ok'}, [line]) for line in chosen]
        else:
            removals = [(OLD_CART, {'clicked_button': 'clearbasket', 'sok': 'ok'}, [l for l in chosen if l['cart'] == OLD_CART]),
                        ('cart.empty', {'sok': 'ok'}, [l for l in chosen if l['cart'] == NEW_CART])]
        now = lines
        for func, params, part in removals:
            if part:
                # Each removal is sent once and confirmed by its lines gone from the cart read back (guarded/_write.py).
                now = write_once(self.buyer, 'the removal of %s from the cart' % self._refs(part),
                                 lambda func=func, params=params: self.buyer.write(func, params),
                                 lambda part=part: self._gone_from_cart(part), reconcile=FREE_CHANGE_RECONCILE).state
        self.result['cart'] = cart_facts(now, before['currency'])
        self.result['msg'] = 'removed %s' % self._refs(chosen)

    def _gone_from_cart(self, part):
        """The cart's lines now, when none of ``part`` is among them; else None."""
        now = cart_lines(self.buyer)
        keys = set(line_key(line) for line in now)
        return now if not any(line_key(line) in keys for line in part) else None

    @staticmethod
    def _summary(lines):
        if not lines:
            return 'the cart is empty'
        return '%d line(s) in the cart' % len(lines)
