# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What auto-renewal will charge in the next days, and whether the account covers it. Private to this collection.

BILLmanager is prepaid: a service whose renewal the balance cannot pay is suspended. Every
service that renews itself (auto-renewal on) and expires within the window renews once per
period until the window's end; each renewal costs what the service's edit form prices that
period's auto-renewal choice at (``_renewal_price.py``; real renewal forms show no price,
real-panels-2 §2.7). That form also says the months where the list shows a label, so a service
due costs one read and a service not due none.
"""

from __future__ import annotations

import datetime

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import as_number, money_facts, total
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._renewal_price import renewal_price
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._renewal_dates import renewals_until
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._columns import autoprolong_months_of, is_label
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import list_services, read_edit_form
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import (
    STATUS_ACTIVE,
    STATUS_SUSPENDED,
    date_of,
    iso,
)

DEFAULT_DAYS = 30
DEFAULT_TYPES = ('vds', 'dedic', 'vhost', 'soft')
# A suspended service renews too once the account can pay (it is often suspended because it could not).
RENEWING_STATUSES = [STATUS_ACTIVE, STATUS_SUSPENDED]


def forecast(client, account, available, days=DEFAULT_DAYS, types=DEFAULT_TYPES, today=None, warn=None):
    """The renewals due within ``days``, their cost, and whether ``available`` (an Amount: balance and credit) covers them."""
    today = today or datetime.date.today()
    until = today + datetime.timedelta(days=days)
    currency = available.currency if available is not None else None
    due, amounts, unpriced = [], [], []
    for item_type in types:
        for service in list_services(client, item_type, status=RENEWING_STATUSES, account=account):
            period = service.get('autoprolong')
            if not period or not service.get('expiredate'):
                continue
            form = edit_form_once(client, item_type, service['id'])
            if is_label(period):
                period = renewal_months(item_type, service, until, form, warn)
                if not period:
                    continue
            # Due for months nobody says (a label on the form too): how often and what it costs are unknown, so unpriced.
            known = not is_label(period)
            renewals = renewals_until(service['expiredate'], period, until) if known else None
            if known and not renewals:
                continue
            cost = renewal_cost(client, item_type, service, period, form, warn) if known else None
            entry = {'type': item_type, 'id': service['id'], 'name': service.get('domain') or service.get('name') or service.get('ip'),
                     'expiredate': service['expiredate'], 'autoprolong': period, 'renewals': renewals}
            if cost is None:
                unpriced.append(dict(entry))
            else:
                cost = cost.in_currency(currency)
            amount = None if cost is None else cost * renewals
            amounts.append(amount)
            entry.update(money_facts(cost, 'cost', currency), amount=as_number(amount))
            due.append(entry)
    owed = total(amounts).in_currency(currency)
    covered = coverage(available, owed, unpriced)
    if unpriced and warn:
        warn('the forecast leaves out %d renewal(s) the panel gave no price for (%s), so whether the balance covers them is unknown'
             % (len(unpriced), ', '.join('%s %s' % (e['type'], e['id']) for e in unpriced)))
    return {'days': days, 'from': iso(today), 'until': iso(until), 'services': sorted(due, key=lambda e: (e['expiredate'], e['id'])),
            'total': owed.number, 'currency': owed.currency, 'available': as_number(available), 'covered': covered,
            'shortfall': shortfall(available, owed, covered), 'unpriced': sorted(unpriced, key=lambda e: (e['expiredate'], e['id']))}


def coverage(available, owed, unpriced):
    """True, False, or None when unknown: a renewal without a price costs an unknown amount, so it can never be
    counted as covered (issue 32: a renewal window made the panel refuse the price form, the total left the service out,
    and a balance of 0 "covered" it). The priced renewals alone can still prove it is not covered."""
    if available is None:
        return None
    if not available >= owed:
        return False
    return None if unpriced else True


def shortfall(available, owed, covered):
    """What is missing: 0 when covered, at least ``owed - available`` when not, None when unknown."""
    if covered is None:
        return None
    return 0.0 if covered else (owed - available).number


def edit_form_once(client, item_type, service_id):
    """A reader of the service's edit form that asks the panel at most once, and only when called."""
    read = []

    def form():
        if not read:
            read.append(read_edit_form(client, item_type, service_id))
        return read[0]
    return form


def renewal_months(item_type, service, until, form, warn=None):
    """The months of a service the list shows renewing for a label ("Month", real-panels-2 §9.3): from its edit form
    (``form()``), read only when it expires within the window; None when it does not; the label, with a warning, when
    the form does not say the months either."""
    if date_of(service['expiredate']) > until:
        return None
    try:
        return autoprolong_months_of(service['autoprolong'], form, '%s service %s' % (item_type, service['id']))
    except BillmgrError as err:
        if warn:
            warn('the forecast cannot count the renewals of %s service %s: %s' % (item_type, service['id'], err.message))
        return service['autoprolong']


def renewal_cost(client, item_type, service, period, form, warn=None):
    """The price of one renewal for ``period`` (an Amount) from the edit form (``form()``), or None when the panel shows
    none; a form that cannot be read is unpriced too, with a warning."""
    try:
        return renewal_price(client, item_type, service, period, form=form())
    except BillmgrError as err:
        if warn:
            warn('%s service %s: the panel gives no renewal price (%s)' % (item_type, service['id'], err.message))
        return None
