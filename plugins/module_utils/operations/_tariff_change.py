# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Moving an existing service to the tariff a task names: ``service.changepricelist`` (E8, E5). Private to this collection.

The move costs money, so it is never a side effect: without ``allow_tariff_change`` a task naming
another tariff fails, saying what the move would cost. The panel's form (the function without
``sok``) says which tariffs the service may move to and the price; ``max_cost`` and ``keep_balance``
are checked against that price before the one write. The write is never sent twice: a lost answer
is settled by reading the service's tariff back.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import int_or_none, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import amount_of, currency_of, money_facts
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._catalog import slist_choices
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import reconcile_timeout, write_once
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import read_edit_form
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._limits import check_spending, spending_limits
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import order_period

CHANGE_FUNC = 'service.changepricelist'


def read_change_form(client, service_id, pricelist=None, period=None):
    """The form of a move: the tariffs offered (``slist`` pricelist) and, for a chosen one, its price (``cost``)."""
    params = {'elid': service_id}
    if pricelist is not None:
        params['pricelist'] = pricelist
    if period is not None:
        params['period'] = period
    return client.read(CHANGE_FUNC, params)


def change_tariff(client, service_id, pricelist, period=None):
    """The move itself (one write, charged by the panel at once)."""
    params = {'elid': service_id, 'pricelist': pricelist, 'sok': 'ok'}
    if period is not None:
        params['period'] = period
    return client.write(CHANGE_FUNC, params)


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
        self.period = None
        self.cost = None  # the panel's price, an Amount

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
        """Read the panel's form (twice: the tariffs offered, then the price), check the limits; no write.

        Fails without ``allow_tariff_change``, naming both tariffs and the price, and when the panel
        does not offer the tariff for this service.
        """
        service = self.service
        wanted = str(self.want['pricelist']).strip()
        period = order_period(self.want['period']) if self.want.get('period') is not None else None
        offered = slist_choices(read_change_form(self.client, service['id']), 'pricelist')
        matches = [choice for choice in offered if choice['name'] == wanted or choice['title'].lower() == wanted.lower()]
        if len(matches) != 1:
            raise InputError('%s service %d is on tariff %s; the panel does not offer %s for it (it offers %s); nothing was '
                             'changed' % (self.item_type, service['id'], self.before, wanted,
                                          ', '.join(tariff_text(c['title'], c['name']) for c in offered) or 'no other tariff'))
        self.target = matches[0]
        self.period = period
        form = read_change_form(self.client, service['id'], self.target['name'], period)
        # The form writes the number alone; the service's list price ("500.00 RUB / Month") names the currency.
        self.cost = amount_of(form.get('cost'), currency_of(service.get('cost')))
        price = self.price_text()
        if not self.want.get('allow_tariff_change'):
            raise InputError('%s service %d is on tariff %s, not %s; changing the tariff costs %s. Set allow_tariff_change: '
                             'true to change it; nothing was changed'
                             % (self.item_type, service['id'], self.before, self.after, price))
        return check_spending(self.client, self.cost, spending_limits(self.want),
                              'changing the tariff of %s service %d to %s' % (self.item_type, service['id'], self.after),
                              account=self.want.get('account'))

    def price_text(self):
        return self.cost.text if self.cost is not None else 'an amount the panel does not show'

    def summary(self):
        """What the task returns as ``tariff_change``."""
        return dict({'from': self.service.get('pricelist'), 'to': self.target['title'], 'pricelist': int(self.target['name'])},
                    **money_facts(self.cost))

    def diff(self):
        return {'before': {'pricelist': self.before}, 'after': {'pricelist': self.after, 'tariff_change_cost': self.price_text()}}

    def apply(self):
        """The one write, confirmed by the edit form showing the new tariff; a lost answer is settled by reading the
        tariff back for ``reconcile_timeout`` seconds, never sent again. Returns whether it was settled that way."""
        def moved():
            form = read_edit_form(self.client, self.item_type, self.service['id'])
            return True if text_of(form.get('pricelist')).strip() == self.target['name'] else None
        written = write_once(self.client, 'the tariff change of %s service %d to %s' % (self.item_type, self.service['id'],
                                                                                        self.after),
                             lambda: change_tariff(self.client, self.service['id'], self.target['name'], self.period), moved,
                             reconcile=reconcile_timeout(self.want), paid=True)
        return written.reconciled
