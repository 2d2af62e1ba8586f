# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Moving an existing service to the tariff a task names: the panel's three-step wizard (real-panels-2 §3.2). Private to this collection.

1. ``service.changepricelist&elid``: the tariffs the service may move to (``slist`` pricelist, E5, E22); no price.
2. ``service.changepricelist.pricelist&elid&pricelist&snext=ok&sok=ok``: the terms (E22): ``money_info``, the amount
   to pay in a sentence ("You will be charged with 12.50 EUR"; a refund in other words), ``newprice``/``oldprice`` (the
   tariffs' own prices), ``oldexpiredate``/``newexpiredate``. It pays nothing (transport/_reads.py says why).
3. ``service.changepricelist.getmoney&elid&pricelist&sok=ok``: pays and moves (E22). The one write.

The move costs money, so it is never a side effect: without ``allow_tariff_change`` a task naming another tariff
fails, saying what the terms ask. ``max_cost`` and ``keep_balance`` are checked against the terms' amount before the
payment step; terms without a readable amount stop the task, naming ``money_info``: nothing is paid at an unknown
price. The payment step is sent once: success is the edit form showing the new tariff, and a lost answer is settled
by reading the tariff back, never by sending it again. A move that costs nothing goes through every step just the same.
"""

from __future__ import annotations

import re

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import int_or_none, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import Amount, amount_in, currency_of, money_facts
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._catalog import slist_choices
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import reconcile_timeout, write_once
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import read_edit_form
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._limits import check_spending, spending_limits
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import date_or_text

CHANGE_FUNC = 'service.changepricelist'
TERMS_FUNC = 'service.changepricelist.pricelist'
PAY_FUNC = 'service.changepricelist.getmoney'
# E22's client area reads any money_info without its "You will be charged with" as a refund. Here a refund is only
# what says so; anything else is read as a charge, the side on which a limit is never crossed unnoticed.
_REFUND = re.compile('refund|will be returned|returned to|возврат|вернут', re.IGNORECASE | re.UNICODE)


def read_change_form(client, service_id):
    """Step 1: the tariffs the panel offers this service (``slist`` pricelist)."""
    return client.read(CHANGE_FUNC, {'elid': service_id})


def read_terms(client, service_id, pricelist):
    """Step 2, as E22 sends it: the terms of the move (a read: the payment is step 3)."""
    return client.read(TERMS_FUNC, {'elid': service_id, 'pricelist': pricelist, 'snext': 'ok', 'sok': 'ok'})


def pay_change(client, service_id, pricelist):
    """Step 3: the payment and the move, with E22's buttons (``clicked_button=finish&snext=ok&sok=ok``)."""
    return client.write(PAY_FUNC, {'elid': service_id, 'pricelist': pricelist, 'clicked_button': 'finish', 'snext': 'ok',
                                   'sok': 'ok'})


class Terms(object):
    """What the terms step shows, read leniently: the amount to pay (an Amount, negative for a refund; None when
    ``money_info`` holds no amount that can be read), the sentence itself, the tariffs' prices and the expiry before
    and after (ISO dates where they are dates)."""

    def __init__(self, doc, currency=None):
        self.money_info = text_of(doc.get('money_info')).strip() or None
        amount = amount_in(self.money_info, currency)
        if amount is not None and amount.value > 0 and _REFUND.search(self.money_info):
            # Built from the value rather than with unary minus: pylint of ansible-core 2.16 cannot tell it is no None.
            amount = Amount(-amount.value, amount.currency)
        self.cost = amount
        self.price_before = text_of(doc.get('oldprice')).strip() or None
        self.price_after = text_of(doc.get('newprice')).strip() or None
        self.expiry_before = date_or_text(doc.get('oldexpiredate'))
        self.expiry_after = date_or_text(doc.get('newexpiredate'))


def tariff_text(name, tariff_id):
    return ' '.join(str(part) for part in (name, '(%s)' % tariff_id if tariff_id is not None else None) if part) or 'an unknown tariff'


class TariffChange(object):
    """The move a task's ``pricelist`` asks of one existing service, decided before any write.

    ``form`` is the service's edit form when the task has read it (it shows the tariff's id, which
    the list does not, E18).
    """

    def __init__(self, client, item_type, service, want, form=None):
        self.client = client
        self.service = service
        self.want = want
        self.form = form
        self.item_type = item_type
        self.target = None  # {'name': id text, 'title': name} once planned
        self.terms = None  # the terms step's Terms once planned
        self.cost = None  # the terms' amount to pay, an Amount

    def current_id(self):
        """The service's tariff id: the list's where it has one, else the edit form's; None when unknown without another read.

        Real lists name the tariff, not its id (E18), so a tariff named by id costs the edit form's read: a service on
        another tariff must fail the task (or be moved), never pass unnoticed. Naming the tariff keeps a re-run at one
        request (the look-up).
        """
        if self.service.get('pricelist_id') is not None:
            return self.service['pricelist_id']
        if self.form is None:
            self.form = read_edit_form(self.client, self.item_type, self.service['id'])
        return int_or_none(self.form.get('pricelist'))

    def differs(self):
        """Whether the task names another tariff than the service's: an id against the id, a name against the list's name."""
        wanted = self.want.get('pricelist')
        if wanted in (None, ''):
            return False
        text = str(wanted).strip()
        if text.isdigit():
            current = self.current_id()
            return current is not None and current != int(text)
        current = self.service.get('pricelist')
        return current is not None and current.lower() != text.lower()

    @property
    def before(self):
        return tariff_text(self.service.get('pricelist'), self.service.get('pricelist_id')
                           or (int_or_none(self.form.get('pricelist')) if self.form is not None else None))

    @property
    def after(self):
        return tariff_text(self.target['title'], self.target['name'])

    def plan(self):
        """Steps 1 and 2 (reads): the tariff offered, then its terms; check the flag, the amount and the limits; no write.

        Fails without ``allow_tariff_change``, naming both tariffs and what the terms ask, when the panel does not
        offer the tariff for this service, and when the terms show no amount that can be read.
        """
        service = self.service
        wanted = str(self.want['pricelist']).strip()
        offered = slist_choices(read_change_form(self.client, service['id']), 'pricelist')
        matches = [choice for choice in offered if choice['name'] == wanted or choice['title'].lower() == wanted.lower()]
        if len(matches) != 1:
            raise InputError('%s service %d is on tariff %s; the panel does not offer %s for it (it offers %s); nothing was '
                             'changed' % (self.item_type, service['id'], self.before, wanted,
                                          ', '.join(tariff_text(c['title'], c['name']) for c in offered) or 'no other tariff'))
        self.target = matches[0]
        # money_info names its currency; where it does not, the service's list price ("500.00 RUB / Month") does.
        self.terms = Terms(read_terms(self.client, service['id'], self.target['name']), currency_of(service.get('cost')))
        self.cost = self.terms.cost
        what = 'changing the tariff of %s service %d to %s' % (self.item_type, service['id'], self.after)
        if not self.want.get('allow_tariff_change'):
            raise InputError('%s service %d is on tariff %s, not %s; changing the tariff costs %s. Set allow_tariff_change: '
                             'true to change it; nothing was changed'
                             % (self.item_type, service['id'], self.before, self.after, self.price_text()))
        if self.cost is None:
            raise InputError('%s: the panel\'s terms show no amount to pay that can be read (money_info: %s), so the price is '
                             'unknown; nothing was paid' % (what, repr(self.terms.money_info) if self.terms.money_info else 'none'))
        return check_spending(self.client, self.cost, spending_limits(self.want), what, account=self.want.get('account'))

    def price_text(self):
        if self.cost is not None:
            return self.cost.text if self.cost.value >= 0 else '%s (refunded)' % (-self.cost).text
        return 'an amount the panel\'s terms do not show (money_info: %s)' % (
            repr(self.terms.money_info) if self.terms is not None and self.terms.money_info else 'none')

    def spent(self):
        """What the move takes from ``max_cost``: its amount, nothing for a refund (a refund does not raise the limit)."""
        return self.cost if self.cost is None or self.cost.value >= 0 else self.cost * 0

    def charge_text(self):
        """How the move's money reads in a message: "charged 233.33 RUB", "refunded 10.00 RUB"."""
        if self.cost is not None and self.cost.value < 0:
            return 'refunded %s' % Amount(-self.cost.value, self.cost.currency).text
        return 'charged %s' % self.cost.text if self.cost is not None else 'paid'

    def summary(self, service=None):
        """What the task returns as ``tariff_change``: the tariffs, the amount (negative: refunded), its currency and the
        new expiry, the read-back ``service``'s once moved, else the terms'."""
        expiry = (service or {}).get('expiredate') or self.terms.expiry_after
        return dict({'from': self.service.get('pricelist'), 'to': self.target['title'], 'pricelist': int(self.target['name']),
                     'expiredate': expiry}, **money_facts(self.cost))

    def diff(self):
        """The terms as --diff shows them: the tariff, its price and the expiry on both sides, the amount to pay after."""
        before, after = {'pricelist': self.before}, {'pricelist': self.after, 'tariff_change_cost': self.price_text()}
        for side, price, expiry in ((before, self.terms.price_before, self.terms.expiry_before),
                                    (after, self.terms.price_after, self.terms.expiry_after)):
            side.update(dict((key, value) for key, value in (('tariff_price', price), ('expiredate', expiry)) if value))
        return {'before': before, 'after': after}

    def apply(self):
        """Step 3, the one write, confirmed by the edit form showing the new tariff; a lost answer is settled by reading
        the tariff back for ``reconcile_timeout`` seconds, never sent again. Returns whether it was settled that way."""
        def moved():
            form = read_edit_form(self.client, self.item_type, self.service['id'])
            return True if text_of(form.get('pricelist')).strip() == self.target['name'] else None
        written = write_once(self.client, 'the tariff change of %s service %d to %s' % (self.item_type, self.service['id'],
                                                                                        self.after),
                             lambda: pay_change(self.client, self.service['id'], self.target['name']), moved,
                             reconcile=reconcile_timeout(self.want), paid=True)
        return written.reconciled
