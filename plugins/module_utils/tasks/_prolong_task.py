# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What billmgr_prolong decides: renewals (``service.prolong``) and auto-renewal of any service. Private to this collection.

Every ``service.prolong`` with ``sok=ok`` spends money, so the rules here are about money:

- a renewal is one write, never retried; after each one the expiry date is read again from the
  panel, and the next step is decided from what the panel says, never from what was expected;
- when a write's answer is lost (``outcome_unknown``), the expiry date is read before anything
  else, and a renewal whose effect cannot be seen is never sent again in the same run;
- everything that can be checked here (dates, periods, how many renewals a target takes) is
  checked before the first write; what only the panel knows (the periods a tariff offers, whether
  a service can be renewed now, the balance) it refuses on the renewal itself, charging nothing.
"""

from __future__ import annotations

import datetime

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._accounts import is_admin
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._catalog import check_form_autoprolong
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._columns import (
    autoprolong_agrees,
    autoprolong_months_of,
    is_label,
    panel_autoprolong,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._licenses import filter_licenses, one_license, represent_license
from ansible_collections.ispsystem.billmgr.plugins.module_utils.operations._renewal import renew, renewal_lock
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import money_facts
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._prolong_form import read_prolong_form, renewable_after
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._renewal_price import renewal_price
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import (
    edit_service,
    find_deleted,
    find_service,
    list_services,
    read_edit_form,
    represent_service,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._renewal_dates import (
    check_max_renewals,
    plan_renewals,
    renewal_label,
    renewal_target,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._limits import check_spending, spending_limits
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import (
    STATUS_DELETED,
    add_period,
    addons_of_form,
    check_autoprolong,
    check_item_type,
    date_of,
    identity_text,
    iso,
    period_label,
    renewal_period,
    with_addons,
)

# The item types tried, in this order, when a service is given by id alone.
KNOWN_TYPES = ('vds', 'dedic', 'vhost', 'soft', 'platform')
DEFAULT_MAX_RENEWALS = 36


# -- look-up -----------------------------------------------------------------------------

def find_by_id(client, service_id, item_type=None):
    """The service with this id, or None; a deleted one too, so the panel itself can say why it cannot be renewed.

    Without ``item_type`` the lists of KNOWN_TYPES are asked in turn, one request per type until
    the service is found. Panels leave deleted services out of a list unless asked for status 4,
    so that is asked only after the service was not found among the live ones.
    """
    candidates = [item_type] if item_type else list(KNOWN_TYPES)
    for status in (None, STATUS_DELETED):
        for candidate in candidates:
            found = [s for s in list_services(client, candidate, status=status, filters={'id': service_id}) if s['id'] == service_id]
            if found:
                return found[0]
    return None


def find_license(client, licname):
    """The live license with this licname, as a service; or None.

    One request: the ``soft`` list filtered by licname (what the license modules ask) is matched by
    their rules (exact licname, not deleted, at most one), and the same list element gives the
    ``service`` every module of this kind returns.
    """
    elems = {}
    for elem in client.list('soft', {'filter': 'on', 'licname': licname}):
        license_ = represent_license(elem)
        if filter_licenses([license_], licname=licname):
            elems[license_['id']] = elem
    found = one_license([represent_license(elem) for elem in elems.values()], 'licname %r' % licname)
    return represent_service('soft', elems[found['id']]) if found else None


def find_renewable(client, item_type=None, service_id=None, remoteid=None, domain=None, licname=None):
    """The service a renewal task means, or a ValueError saying what was looked for."""
    remoteid, licname = identity_text(remoteid), identity_text(licname)
    if item_type is not None:
        check_item_type(item_type)
    if service_id is not None:
        service = find_by_id(client, int(service_id), item_type)
        what = 'with id %s' % service_id
    elif licname:
        if item_type not in (None, 'soft'):
            raise InputError('licname identifies a license (type soft), not a %s service' % item_type)
        service = find_license(client, licname)
        item_type = 'soft'
        what = 'with licname %s' % licname
    elif remoteid or domain:
        if not item_type:
            raise InputError('type is required to find a service by remoteid or domain')
        service = find_service(client, item_type, remoteid=remoteid, domain=domain)
        if service is None:
            # Only live services are found; a deleted one is handed on so the panel's refusal says why (one more
            # request, on this failure path only).
            service = find_deleted(client, item_type, remoteid=remoteid, domain=domain)
        what = 'with remoteid %s' % remoteid if remoteid else 'with domain %s' % domain
    else:
        raise InputError('a service is chosen by id, or by type with remoteid, domain or licname; none was given')
    if service is None:
        kinds = item_type or ' or '.join(KNOWN_TYPES)
        raise InputError('no %s service %s is visible to this user' % (kinds, what))
    return service


# -- one renewal task --------------------------------------------------------------------------

class RenewalTask(Task):
    """billmgr_prolong: renewals and auto-renewal of one service, in the order the task asks for them.

    Keeps what was found and done, so a failure halfway still reports the renewals already
    paid for (``result()``).
    """

    def __init__(self, client, params, today=None, **mode):
        super(RenewalTask, self).__init__(client, params, **mode)
        self.today = today or datetime.date.today()
        self.service = None
        self.expiredate_before = None
        self.expiredate = None
        self.renewals = 0
        self.autoprolong_before = None
        self.autoprolong = None
        self.addons = None
        self.changed = False
        # The day the panel's renewal window opens, when it stopped a renewal the task wanted.
        self.next_renewal = None
        self.limits = spending_limits(params)
        self.spending = None
        self.edit_form = None  # the edit form, when set_autoprolong read it: it prices renewals too
        self.message = None

    def run(self):
        p = self.params
        # Everything that can be wrong with the task fails here, before the first request.
        target = renewal_target(p.get('until'), p.get('min_days_left'), self.today)
        max_renewals = check_max_renewals(DEFAULT_MAX_RENEWALS if p.get('max_renewals') is None else p['max_renewals'])
        period = renewal_period(p.get('period'))
        if p.get('type') is not None:
            check_item_type(p['type'])
        if p.get('autoprolong') is not None:
            check_autoprolong(p['autoprolong'])
        self.find(p.get('type'), service_id=p.get('id'), remoteid=p.get('remoteid'), domain=p.get('domain'),
                  licname=p.get('licname'))
        try:
            if p.get('autoprolong') is not None:
                self.set_autoprolong(p['autoprolong'])
            if target is not None:
                self.renew_until(target, period or 1, max_renewals)
            elif period:
                self.renew_once(period)
        except BillmgrError as err:
            raise TaskError(self.failure_message(err), error=err.facts(), **self.result()) from None
        except TaskError as err:
            raise TaskError(self.failure_message(err), **dict(self.result(), **err.result)) from None
        return self.result(diff=self.diff)

    # -- steps ----------------------------------------------------------------------------------

    def find(self, item_type=None, service_id=None, remoteid=None, domain=None, licname=None):
        self.service = find_renewable(self.client, item_type, service_id, remoteid, domain, licname)
        self.expiredate_before = self.expiredate = date_of(self.service['expiredate'])
        self.autoprolong_before = self.autoprolong = self.service['autoprolong']
        return self.service

    def set_autoprolong(self, choice):
        """Auto-renewal through the type's own edit function: read, compare, write only when different."""
        wanted = check_autoprolong(choice)
        what = '%s %s' % (self.service['type'], self.service['id'])
        form = self.edit_form = read_edit_form(self.client, self.service['type'], self.service['id'])
        check_form_autoprolong(form, wanted, what)
        self.addons = addons_of_form(form)
        # The form keeps months (E5) where the list may show a label; a form with a label too is an error naming it.
        months = autoprolong_months_of(panel_autoprolong(form.get('autoprolong')), lambda: form, what)
        self.autoprolong_before = self.autoprolong = months
        self.service = dict(self.service, autoprolong=months)
        if self.autoprolong == wanted:
            return
        self.changed = True
        self.autoprolong = wanted
        if self.check_mode:
            return
        edit_service(self.client, self.service['type'], self.service['id'], {'autoprolong': wanted}, skipbasket=False)
        self._refresh()
        if not autoprolong_agrees(self.service['autoprolong'], wanted):
            self.warn('%s.edit accepted autoprolong %s, but the service list now shows %s'
                      % (self.service['type'], wanted or 'off', self.service['autoprolong'] or 'off'))

    def renew_once(self, period):
        """One renewal by ``period`` months: not idempotent, every run pays again."""
        form = self._form(period) if self.check_mode or self.limits != (None, None) else None
        price = self._check_spending(period, 1)
        if self.check_mode:
            self.changed = True
            self.renewals = 1
            self.expiredate = self._predict(form, None, period)[0]
            self._would_cost(period, price)
            return
        with renewal_lock(self.client, self.service['type'], self.service['id']):
            self._refresh()
            self._prolong(period)

    def renew_until(self, target, period, max_renewals=DEFAULT_MAX_RENEWALS):
        """Renew by ``period`` months as often as needed for the service to last until ``target``, then stop.

        A service that already expires on ``target`` or later costs nothing (the look-up is the
        only request), and so does a ``target`` before today (renewing could not make it reach a
        day that has passed). Outside check mode the renewal form is not read: the renewal itself
        is refused, and nothing is paid, for a period the tariff does not offer.
        """
        if target < self.today:
            self.warn('%s is in the past: nothing to renew' % target.isoformat())
            return
        if self.expiredate is not None and self.expiredate >= target:
            return
        try:
            if self.check_mode:
                self._renew_until(target, period, max_renewals)
                return
            # Runs side by side renew one service one after another; each reads the expiry again under the lock, so
            # the second one sees what the first paid for (issue 32, bug 1).
            with renewal_lock(self.client, self.service['type'], self.service['id']):
                self._refresh()
                if self.expiredate is None or self.expiredate < target:
                    self._renew_until(target, period, max_renewals)
        except BillmgrError as err:
            opens = renewable_after(err)
            if opens is None:
                raise
            # The panel renews only within a window before expiry: as far as it allows now is done, the rest is for a
            # later run. That is not a failure, and what was paid stays reported.
            self.next_renewal = opens
            self.warn('%s %s can be renewed again only after %s (the panel\'s renewal window): %s now, expiry %s; run the '
                      'task again from that day to reach %s' % (
                          self.service['type'], self.service['id'], opens.isoformat(),
                          '%d renewal(s) made' % self.renewals if self.renewals else 'nothing renewed',
                          iso(self.expiredate), target.isoformat()))

    def _renew_until(self, target, period, max_renewals):
        reading = self.check_mode or self.expiredate is None or self.limits != (None, None)
        form = self._form(period) if reading else None
        if self._start(form) >= target:
            return
        plan = self._predict(form, target, period, limit=max_renewals)
        if len(plan) > max_renewals:
            raise InputError('lasting until %s takes more than max_renewals (%d) renewals of %s from %s; '
                             'nothing was renewed: raise max_renewals or choose a longer period'
                             % (target.isoformat(), max_renewals, renewal_label(period), iso(self._start(form))))
        price = self._check_spending(period, len(plan))
        if self.check_mode:
            self.changed = True
            self.renewals = len(plan)
            self.expiredate = plan[-1]
            self._would_cost(period, price)
            return
        while self.expiredate is None or self.expiredate < target:
            if self.renewals >= max_renewals:
                raise TaskError('%s %s still expires on %s after %d renewals (max_renewals); stopped before %s'
                                % (self.service['type'], self.service['id'], iso(self.expiredate), self.renewals,
                                   target.isoformat()))
            self._prolong(period)

    # -- results --------------------------------------------------------------------------------

    def result(self, diff=False):
        result = {
            'changed': self.changed,
            'service': with_addons(self.service, self.addons),
            'expiredate_before': iso(self.expiredate_before),
            'expiredate': iso(self.expiredate),
            'renewals': self.renewals,
        }
        if self.next_renewal is not None:
            result['next_renewal'] = iso(self.next_renewal)
        if self.spending:
            result['spending'] = self.spending
        if self.message:
            result['msg'] = self.message
        if diff:
            result['diff'] = {
                'before': {'expiredate': iso(self.expiredate_before), 'autoprolong': self.autoprolong_before},
                'after': {'expiredate': iso(self.expiredate), 'autoprolong': self.autoprolong},
            }
        return result

    def failure_message(self, err):
        """The error, plus what this run already did (renewals are paid for even when a later one fails)."""
        message = str(err)
        if self.renewals and not self.check_mode:
            message += ' (%d renewal(s) were made and paid before this failure: expiry %s -> %s)' % (
                self.renewals, iso(self.expiredate_before), iso(self.expiredate))
        return message

    # -- internals ------------------------------------------------------------------------------

    def _form(self, period):
        form = read_prolong_form(self.client, self.service['id'], period)
        if form.periods and period not in form.periods:
            raise InputError('%s %s cannot be renewed for %s; its tariff offers %s'
                             % (self.service['type'], self.service['id'], renewal_label(period),
                                ', '.join(str(period_label(p)) for p in form.periods)))
        return form

    def _check_spending(self, period, renewals):
        """max_cost and keep_balance against the panel's price of all the renewals planned, before the first; in check
        mode the price is read to be shown. Returns the price of one renewal (an Amount), None when unknown or not read.

        The price is the edit form's auto-renewal choice for ``period`` (real renewal forms show none, real-panels-2
        §2.7). Without one a limit cannot be kept, so the task stops here rather than pay an amount nobody has seen.
        """
        if self.limits == (None, None) and not self.check_mode:
            return None
        what = '%d renewal(s) of %s %s' % (renewals, self.service['type'], self.service['id'])
        price = self._price(period, what)
        if self.limits == (None, None):
            self.spending = money_facts(None if price is None else price * renewals)
            return price
        if price is None:
            raise InputError(
                '%s: the panel shows no price for this renewal (the auto-renewal choices of the service\'s edit form name '
                'none for %s), so max_cost and keep_balance cannot be checked; nothing was paid. To renew at the price the '
                'panel charges, whatever it is, run the task without max_cost and keep_balance' % (what, renewal_label(period)))
        # An administrator's renewal is paid by the service's account; a client's by its own.
        account = self.service.get('account') if is_admin(self.client) else None
        self.spending = check_spending(self.client, price, self.limits, what, account=account, times=renewals) or self.spending
        return price

    def _price(self, period, what):
        """The panel's price of one renewal by ``period`` (renewal_price, the forecast's too), or None when it shows none.

        Without limits a form the panel refuses only makes the price unknown; with them it stops the task, unpaid.
        """
        try:
            return renewal_price(self.client, self.service['type'], self.service, period, form=self.edit_form)
        except BillmgrError as err:
            if self.limits != (None, None):
                raise
            self.warn('%s: the panel gives no renewal price (%s)' % (what, err.message))
            return None

    def _would_cost(self, period, price):
        """Check mode's message: the renewals planned and what they would cost, or that the price is unknown."""
        cost = 'an unknown amount (the panel shows no price for this renewal)' if price is None else (price * self.renewals).text
        self.message = 'would make %d renewal(s) of %s %s by %s, until %s, for %s' % (
            self.renewals, self.service['type'], self.service['id'], renewal_label(period), iso(self.expiredate), cost)

    def _predict(self, form, target, period, limit=None):
        """The expiry dates the renewals would give: the first as the panel's form says (when read), the rest counted on.

        With ``limit``, no more than ``limit + 1`` of them (see plan_renewals).
        """
        first = form.newexpiredate if form is not None and form.newexpiredate else add_period(self._start(form), period)
        return [first] + (plan_renewals(first, target, period, None if limit is None else limit - 1) if target else [])

    def _start(self, form):
        """The expiry date renewals count from: the list's, else the renewal form's."""
        start = self.expiredate or (form.expiredate if form is not None else None)
        if start is None:
            raise TaskError('%s %s has no expiry date (status %s); it cannot be planned for'
                            % (self.service['type'], self.service['id'], self.service['status_name']))
        return start

    def _prolong(self, period):
        """One paid renewal (operations/_renewal.py); the expiry date read back decides the next step."""
        try:
            written = renew(self.client, self.service['type'], self.service, period,
                            lambda: find_by_id(self.client, self.service['id'], self.service['type']))
        except TaskError:
            self.changed = True  # the panel took the renewal, and most likely the money
            raise
        self.service = written.state
        self.expiredate = date_of(self.service['expiredate'])
        if written.reconciled:
            self.warn('the answer to a renewal of %s %s was lost, but the panel shows it made: expiry now %s'
                      % (self.service['type'], self.service['id'], iso(self.expiredate)))
        self.changed = True
        self.renewals += 1

    def _refresh(self):
        service = find_by_id(self.client, self.service['id'], self.service['type'])
        if service is None:
            raise TaskError('%s %s is no longer listed after its renewal' % (self.service['type'], self.service['id']))
        if is_label(service['autoprolong']) and not is_label(self.autoprolong) and autoprolong_agrees(service['autoprolong'], self.autoprolong):
            service['autoprolong'] = self.autoprolong  # the months this task read or set: the list shows only their label
        self.service = service
        self.expiredate = date_of(service['expiredate'])
