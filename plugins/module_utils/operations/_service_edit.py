# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Changing an existing service for billmgr_service (``ServiceEdit``): ``TYPE.edit`` of what differs. Private to this collection.

Everything a change needs comes in as arguments (the client, the item type, the account, check mode, how to warn and
how to read the catalogue once): it never takes the task. The write goes through the guarded write (guarded/_write.py):
a change of add-ons may cost money, so the panel's price for it is read first, shown in check mode and checked against
``max_cost`` and ``keep_balance``; it is sent once; a lost answer is settled by reading the fields back, and an ok answer
is confirmed by reading them back too.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.operations._step import Step
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._limits import spending_limits
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import FREE_CHANGE_RECONCILE, guarded_write
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._accounts import buyer
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._cart import cart_lines, cart_ref, left_in_cart, pending_changes, still_in_cart
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import money_facts
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._columns import autoprolong_months_of, is_label, label_agrees
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import (
    edit_service,
    find_service,
    read_edit_cost,
    read_edit_form,
    represent_service,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import (
    STATUS_PROCESSING,
    addon_field,
    addon_label,
    addon_text,
    addons_of_form,
    check_autoprolong,
    identity_text,
    is_whole_number,
    order_period,
    period_label,
    plain_value,
    with_addons,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import int_or_none, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError, TaskError

# Options a task may change on an existing service (TYPE.edit), and where their current value is.
LIST_FIELDS = ('domain', 'ip', 'autoprolong')            # in the list element: no extra request
FORM_FIELDS = ('ostempl', 'recipe', 'username', 'serverid')  # only in the edit form
EDIT_FIELDS = LIST_FIELDS + FORM_FIELDS


class ServiceEdit(Step):
    """The change of one item type's existing services, for one task's account and mode."""

    def __init__(self, client, item_type, account=None, check_mode=False, warn=None, catalog=None):
        super(ServiceEdit, self).__init__(client, item_type, check_mode, warn)
        self._account = account
        # The price list, read at most once and only when a change needs it (auto-renewal months, add-ons by name).
        self.catalog = catalog
        self.addon_labels = {}

    @staticmethod
    def needs_form(want):
        """Whether comparing the task with the service takes its edit form: add-ons and FORM_FIELDS are only there."""
        return bool(want.get('addons')) or any(want.get(name) is not None for name in FORM_FIELDS)

    def change(self, service, want, form=None, spent=None, unpriced=False):
        """The ``TYPE.edit`` of what differs on an existing service (``form``: its edit form, when already read).

        ``spent`` and ``unpriced``: see ``_write``.
        """
        if form is None and self.needs_form(want):
            form = read_edit_form(self.client, self.item_type, service['id'])
        self._check_order_only_options(service, want, form)
        current = self._current(service, form)
        wanted = self._wanted(service, form, want)
        if 'autoprolong' in wanted:
            # Compared as months, and returned as months: the list may show only the period's label.
            listed = service.get('autoprolong')
            # Without the form at hand, a label settles it when it names these months, or says on where the task wants off.
            if form is None and label_agrees(listed, wanted['autoprolong']):
                current['autoprolong'] = wanted['autoprolong']
            elif form is None and is_label(listed) and wanted['autoprolong'] is None:
                current['autoprolong'] = listed
            else:
                current['autoprolong'] = self._months(service, form)
            service = dict(service, autoprolong=current['autoprolong'])
        changes = dict((key, value) for key, value in wanted.items() if current.get(key) != value)
        if 'ostempl' in changes and not want.get('allow_reinstall'):
            # A new template is a reinstall: the panel wipes the server's disk. Never a side effect of a task that drifted.
            raise InputError('%s service %d runs %s; changing ostempl to %s would reinstall the server and erase its disks. '
                             'Set allow_reinstall: true to do that; nothing was changed'
                             % (self.item_type, service['id'], current.get('ostempl') or 'no known template', changes['ostempl']))
        secret_change = want.get('userpassword') is not None
        after_addons = dict(addons_of_form(form)) if form is not None else None
        if not changes and not secret_change:
            return {'changed': False, 'service': with_addons(service, after_addons), 'diff': {'before': {}, 'after': {}}}
        if changes.get('autoprolong') is not None:
            # The list does not say which months the tariff renews for; the price list does (one read, only for a change).
            catalog = self.catalog()
            tariff_ref = (int_or_none(form.get('pricelist')) if form is not None else None) or service.get('pricelist')
            catalog.check_autoprolong(catalog.tariff(tariff_ref, self.item_type), changes['autoprolong'])
        labels = self.addon_labels
        diff = {
            'before': dict((_diff_key(key, labels), _diff_value(key, current.get(key))) for key in sorted(changes)),
            'after': dict((_diff_key(key, labels), _diff_value(key, changes[key])) for key in sorted(changes)),
        }
        if secret_change:
            # The panel never shows a password back, so it cannot be compared: it is set on every run that gives it.
            changes['userpassword'] = want['userpassword']
            diff['before']['userpassword'], diff['after']['userpassword'] = '(not shown)', '(set)'
        skipbasket = want.get('skipbasket', True)
        if not skipbasket:
            waiting = pending_changes(cart_lines(buyer(self.client, self._account, switch=not self.check_mode)),
                                      self.item_type, service['id'])
            if waiting:
                return self.waiting_in_cart(service, waiting[0], after_addons)
        result = {'changed': True, 'diff': diff}
        written, priced = self._write(service, changes, skipbasket, want, spent, unpriced)
        if priced:
            result.update(money_facts(priced['cost'], 'change_cost'))
        if written.spending:
            result['spending'] = written.spending
        if written.answer is not None:
            # A paid change waits in the cart: the add-ons stay as they were until it is paid.
            result['billorder_id'] = written.answer
            self.warn(left_in_cart('the change of %s service %d' % (self.item_type, service['id']),
                                   'billorder %d' % written.answer, 'it applies'))
            changes = dict((key, value) for key, value in changes.items() if addon_field(key) is None)
        updated = dict(service)
        for key, value in changes.items():
            if key in updated:
                updated[key] = value
            elif addon_field(key) is not None and after_addons is not None:
                after_addons[addon_field(key)] = value
        result['service'] = with_addons(updated, after_addons)
        return result

    def _write(self, service, changes, skipbasket, want, spent=None, unpriced=False):
        """The one write of a change, through the guarded write; returns the ``Written`` and the price read ({} when none).

        A change of add-ons may cost money: the panel's price for it is read first (in check mode, and when a limit is
        set) and checked against ``max_cost`` (less ``spent``, what the task paid before) and ``keep_balance``; a form
        that shows no price is refused when a limit is set. ``unpriced``: the add-ons are another tariff's than the form
        shows (check mode before a tariff change), so their price cannot be read yet. The answer is the billorder id
        when the panel put the change into the cart. A lost answer is settled by reading the fields back, never by
        sending again; an ok answer is confirmed by reading them back (``_confirm``).
        """
        what = 'the change of %s service %d' % (self.item_type, service['id'])
        addons = dict((key, value) for key, value in changes.items() if addon_field(key) is not None)
        priced, answered = {}, []

        def price():
            priced['cost'] = read_edit_cost(self.client, self.item_type, service['id'], addons)
            return priced['cost']

        def send():
            answered.append(edit_service(self.client, self.item_type, service['id'], changes, skipbasket=skipbasket))
            return answered[0]
        if unpriced and self.check_mode and addons:
            self.warn('%s: the price of the add-on change shows only once the tariff is changed' % what)
        shown = [key for key in changes if key != 'userpassword']
        written = guarded_write(self.client, what, send, lambda: self._confirm(service, changes, answered, bool(addons)),
                                check_mode=self.check_mode, price=price if addons and not unpriced else None,
                                limits=spending_limits(want, spent), account=self._account,
                                # A password is never shown back: a lost answer to it alone is unknown at once.
                                reconcile=FREE_CHANGE_RECONCILE if shown else 0, paid=bool(addons))
        return written, priced

    def _confirm(self, service, changes, answered, paid):
        """The read-back of a change: True when made (or waiting in the cart), None while a lost answer does not show it.

        After an ok answer a change not made fails here, which knows what a panel that ignores a field looks like.
        """
        if answered and answered[0] is not None:
            return True  # in the cart: applied only once paid
        if not [key for key in changes if key != 'userpassword']:
            return True if answered else None
        missed, processing, after = self._read_back(service, changes)
        if not missed:
            return True
        if not answered:
            return None
        if processing:
            return True
        self._not_made(service, changes, missed, after, paid)
        return None

    def _read_back(self, service, changes):
        """The changed fields the panel does not show as asked (one read, by id), whether the service is processing, what it shows."""
        keys = [key for key in changes if key != 'userpassword']
        if not keys:
            return [], False, {}
        if any(key not in LIST_FIELDS for key in keys):
            form = read_edit_form(self.client, self.item_type, service['id'])
            after = self._current(represent_service(self.item_type, form), form)
            processing = False
        else:
            listed = find_service(self.client, self.item_type, service_id=service['id']) or {}
            after, processing = self._current(listed, None), listed.get('status') == STATUS_PROCESSING
            if 'autoprolong' in keys and listed:
                after['autoprolong'] = self._months(listed)
        return [key for key in sorted(keys) if after.get(key) != changes[key]], processing, after

    def _not_made(self, service, changes, missed, after, paid):
        """Fail when the panel took the change but did not make it.

        A panel may ignore a field it does not let this user change instead of refusing it (E5): without
        looking, every run would report the same change again. A change of add-ons may have been charged, so it is
        reported as changed.
        """
        keys = [key for key in changes if key != 'userpassword']
        what = ', '.join('%s (asked %s, the panel shows %s)' % (
            _diff_key(key, self.addon_labels), _diff_value(key, changes[key]), _diff_value(key, after.get(key))) for key in missed)
        raise TaskError('%s service %d: the panel accepted the change but did not make it: %s. It may not let this user '
                        'change it (an administrator can); nothing more was done'
                        % (self.item_type, service['id'], what), changed=paid or len(missed) < len(keys),
                        service=with_addons(service, None))

    def waiting_in_cart(self, service, line=None, addons=None):
        """An order (status "ordered") or a change of this service already waits unpaid in the cart: not asked for again."""
        result = {'changed': False, 'service': with_addons(service, addons), 'diff': {'before': {}, 'after': {}}}
        if line is not None:
            result.update(cart_ref(line))
        what = 'a change of' if line is not None else 'the order of'
        self.warn(still_in_cart('%s %s service %d' % (what, self.item_type, service['id']),
                                'billorder %s' % line['billorder_id'] if line and line['billorder_id'] else ''))
        return result

    def _months(self, service, form=None):
        """Auto-renewal in months (None off): the list's, or the edit form's where the list shows a label (real-panels-2
        §9.3, E23), read once; a form without months either is an error naming the field, never a change on every run."""
        return autoprolong_months_of(service.get('autoprolong'),
                                     lambda: form if form is not None else read_edit_form(self.client, self.item_type, service['id']),
                                     '%s service %s' % (self.item_type, service['id']))

    def _current(self, service, form):
        current = dict((key, service.get(key)) for key in LIST_FIELDS)
        if form is not None:
            for key in FORM_FIELDS:
                current[key] = text_of(form.get(key)).strip() or None
            for addon_id, value in addons_of_form(form).items():
                current['addon_%s' % addon_id] = addon_text(value)
        return current

    def _wanted(self, service, form, want):
        wanted = {}
        # The names the task gave its add-ons, by id: a diff shows them as the task wrote them (issue 36).
        self.addon_labels = {}
        for key in EDIT_FIELDS:
            if key == 'autoprolong':
                if want.get('autoprolong') is not None:
                    wanted[key] = check_autoprolong(want['autoprolong'])
            elif want.get(key) is not None:
                wanted[key] = str(want[key])
        addons = dict((str(k), addon_text(v)) for k, v in (want.get('addons') or {}).items())
        if addons:
            present = addons_of_form(form)
            if any(not key.isdigit() for key in addons) or any(not is_whole_number(value) for value in addons.values()):
                catalog = self.catalog()
                tariff_ref = int_or_none(form.get('pricelist')) or service.get('pricelist_id') or service.get('pricelist')
                addons = catalog.addons(catalog.tariff(tariff_ref, self.item_type), addons, self.addon_labels)
            missing = sorted((key for key in addons if key not in present), key=int)
            if missing:
                raise InputError('%s service %d has no add-on %s: its tariff %s offers add-ons %s' % (
                    self.item_type, service['id'], ', '.join(missing), service.get('pricelist') or '',
                    ', '.join(sorted(present, key=int)) or 'none'))
            for addon_id, value in addons.items():
                if present.get(addon_id) in ('on', 'off') and value in ('1', '0'):
                    # The form shows an on/off add-on; the panel refuses 1 and 0 for it (E10, E13).
                    value = 'on' if value == '1' else 'off'
                wanted['addon_%s' % addon_id] = value
        return wanted

    def _check_order_only_options(self, service, want, form):
        """Options that only an order uses: warn when the existing service differs, never change it (the tariff: _tariff_change)."""
        self.refuse_remoteid_change(service, want)
        self._check_datacenter_and_period(service, want, form)

    def refuse_remoteid_change(self, service, want):
        remoteid = want.get('remoteid')
        if remoteid and service.get('remoteid') and remoteid != identity_text(service['remoteid']):
            raise InputError('%s service %d has remoteid %s, not %s; remoteid cannot be changed'
                             % (self.item_type, service['id'], service['remoteid'], remoteid))

    def _check_datacenter_and_period(self, service, want, form):
        """A datacenter or period the task gives that the existing service does not have: said, never changed.

        The panel has no edit for either (a move or a new period is a new order, or a renewal's own
        period), so a difference would otherwise pass unnoticed. Compared where the panel shows the
        service's value without another request: the list's datacenter name, the edit form's ids.
        """
        datacenter = want.get('datacenter')
        if datacenter not in (None, ''):
            text = str(datacenter).strip()
            if text.isdigit():
                current = int_or_none(form.get('datacenter')) if form is not None else None
                differs = current is not None and current != int(text)
            else:
                current = service.get('datacenter')
                differs = current is not None and current.lower() != text.lower()
            if differs:
                self.warn('%s service %d is in datacenter %s, not %s; a service does not move to another datacenter, and '
                          'this module does not change it' % (self.item_type, service['id'], current, text))
        if want.get('period') is not None and form is not None:
            current = int_or_none(form.get('period'))
            period = order_period(want['period'])
            if current is not None and current != period:
                self.warn('%s service %d is billed for period %s, not %s; the period is chosen when ordering (billmgr_prolong '
                          'renews for any period), and this module does not change it'
                          % (self.item_type, service['id'], period_label(current), period_label(period)))


def _diff_key(key, labels=None):
    addon_id = addon_field(key)
    return 'addons.%s' % addon_label(addon_id, labels) if addon_id is not None else key


def _diff_value(key, value):
    return plain_value(value) if addon_field(key) is not None and value is not None else value
