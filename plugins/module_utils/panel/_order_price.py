# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What an order will cost: its first payment, read from the order form, and the parts it is made of. Private to this collection.

An order's first payment can be more than its recurring price: a panel may charge a one-time setup fee with it
(dedicated servers most of all). A captured SpaceCore order form (E3) lists it as a line of its own in
``list[pricelist_summary]``, after the base cost: «Базовая стоимость» 208.60, «Установка (разово)» 103.60 (setup, one
time), each as ``cost.price.cost`` without a currency. Only the label tells the one-time line apart. The form may also
give the whole in ``list[total_summary]`` (E1) or in words in ``orderinfo`` ("Total amount: 650.00 RUB", E5).

The first payment is the total line when the form has one (the panel's own sum, discounts included). Without it, the
parts are added; and where ``orderinfo`` names an amount too, the larger of the two counts, since which of them leaves
something out (the setup fee, a discount) cannot be told: limits are then checked against the most the order may cost.
A line whose label names no one-time charge counts as recurring: the first such line is the tariff's price, the others
add-ons. A one-time line not recognised as one is so counted as an add-on; the first payment stays right.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import CurrencyMismatch, amount_of, as_number, total
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import as_list, text_of

# Words of a one-time line's label: E3's «(разово)»; the other spellings, English and Russian, are guesses.
ONE_TIME_WORDS = ('разов', 'однократ', 'one-time', 'one time', 'onetime', 'once', 'setup')


def _summary(form, name):
    """``[(label, Amount or None)]`` of the form's ``list[name]`` (``elem[]{label, cost.price.cost}``, E1, E3)."""
    lines = []
    for node in as_list(form.get('list')):
        if not isinstance(node, dict) or node.get('name') != name:
            continue
        for elem in as_list(node.get('elem')):
            if not isinstance(elem, dict):
                continue
            cost = elem.get('cost')
            price = cost.get('price') if isinstance(cost, dict) else None
            amount = amount_of(price.get('cost'), price.get('currency')) if isinstance(price, dict) else None
            lines.append((text_of(elem.get('label')).strip(), amount))
    return lines


def is_one_time(label):
    """Whether a summary line's label names a one-time charge (a setup fee): E3's «Установка (разово)»."""
    words = label.lower()
    return any(word in words for word in ONE_TIME_WORDS)


def _words_amount(form):
    words = text_of(form.get('orderinfo')).strip()
    return amount_of(words.split(':', 1)[1] if ':' in words else words)


def _larger(first, second):
    if first is None or second is None:
        return first if second is None else second
    return second if second > first else first


def order_price(form):
    """The order form's price: ``total`` (the first payment), ``recurring`` (the tariff), ``setup`` (one-time charges),
    ``addons`` (the other recurring lines), each an Amount or None when the form does not show it, and ``currency``.

    Read leniently: a form without a summary still has the total of its ``orderinfo``; a summary line whose cost
    cannot be read leaves the parts' sum unknown (never a smaller sum); amounts in two currencies leave it all unknown.
    """
    lines = _summary(form, 'pricelist_summary')
    totals = [amount for label, amount in _summary(form, 'total_summary') if amount is not None]
    try:
        recurring, setup, addons = [], [], []
        for label, amount in lines:
            (setup if is_one_time(label) else addons if recurring else recurring).append(amount)
        recurring = recurring[0] if recurring else None
        complete = bool(lines) and all(amount is not None for label, amount in lines)
        words = _words_amount(form)
        first = totals[0] if totals else _larger(total(a for label, a in lines) if complete else None, words)
        known = [a for a in [first, words, recurring] + setup + addons if a is not None]
        currency = next((a.currency for a in known if a.currency), None)
        price = {
            'total': first,
            'recurring': recurring,
            'setup': total(setup) if lines and None not in setup else None,
            'addons': total(addons) if lines and None not in addons else None,
        }
    except CurrencyMismatch:
        return {'total': None, 'recurring': None, 'setup': None, 'addons': None, 'currency': None}
    price = dict((key, amount.in_currency(currency) if amount is not None else None) for key, amount in price.items())
    price['currency'] = currency
    return price


def order_cost(form):
    """The first payment the order form shows (an Amount), or None: see ``order_price``."""
    return order_price(form)['total']


def price_facts(price):
    """An order's price as a task returns it: ``cost`` (the first payment), ``recurring_cost``, ``setup_cost``,
    ``addons_cost`` (numbers, None where the form does not show them) and ``currency``."""
    return {
        'cost': as_number(price['total']),
        'recurring_cost': as_number(price['recurring']),
        'setup_cost': as_number(price['setup']),
        'addons_cost': as_number(price['addons']),
        'currency': price['currency'],
    }
