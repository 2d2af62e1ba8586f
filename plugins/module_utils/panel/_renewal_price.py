# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What one renewal of a service costs, as the panel shows it before anything is paid. Private to this collection.

Real renewal forms (``service.prolong`` without ``sok``) show the dates and the periods, and no price
(real-panels-2 §2.7, §11: E5, E22). The price is in the service's edit form (``TYPE.edit`` without
``sok``): each auto-renewal choice names what a renewal for its period costs, "5.00 EUR per month"
(E22). The forecast (``_forecast.py``) and billmgr_prolong's limits (``tasks/_prolong_task.py``) both
ask ``renewal_price`` here, so the two never disagree on what a renewal costs.

A choice without a price, or no choice for the period, is an unknown price (None), never 0: what
is unknown can neither be counted as covered nor be checked against ``max_cost``.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import currency_of, label_amount
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._catalog import slist_choices
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._columns import panel_autoprolong
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import read_edit_form


def choice_prices(form):
    """``{months: Amount or None}``: the price each auto-renewal choice of an edit form names (``null``, off, left out).

    The keys are months, ``-50`` for daily billing (E5: forms keep months); a key that is neither is no period.
    """
    prices = {}
    for choice in slist_choices(form or {}, 'autoprolong'):
        months = panel_autoprolong(choice['name'])
        if isinstance(months, int):
            prices[months] = label_amount(choice['title'])
    return prices


def renewal_price(client, item_type, service, months, form=None):
    """The panel's price of one renewal of ``service`` (as listed) for ``months``: an Amount, or None when it shows none.

    ``form`` is the service's edit form when the caller has read it already; else it is read here (one request).
    A label that names no currency is in the service's, as its list price writes it ("500.00 RUB / Month").
    Reading the form may raise BillmgrError; the caller says what an unreadable price means for it.
    """
    if form is None:
        form = read_edit_form(client, item_type, service['id'])
    price = choice_prices(form).get(months)
    return None if price is None else price.in_currency(currency_of(service.get('cost')))
