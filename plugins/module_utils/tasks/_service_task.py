# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What billmgr_service decides (``ServiceTask``). Private to this collection."""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._accounts import buyer
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import int_or_none, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._cart import cart_lines, cart_ref, left_in_cart, pending_changes, still_in_cart
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._catalog import Catalog
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import (
    FREE_CHANGE_RECONCILE,
    answer_lost,
    reconcile_timeout,
    settle,
    write_once,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._limits import spending_limits
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._lock import order_lock
from ansible_collections.ispsystem.billmgr.plugins.module_utils.operations._service_order import ServiceOrder, wait_timeout
from ansible_collections.ispsystem.billmgr.plugins.module_utils.operations._service_steps import bring_existing
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import (
    edit_service,
    delete_service,
    find_service,
    read_edit_form,
    represent_service,
    wait_until_ready,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import (
    STATUS_DELETED,
    STATUS_NAMES,
    STATUS_ORDERED,
    STATUS_PROCESSING,
    addon_field,
    addon_text,
    addons_of_form,
    check_autoprolong,
    domain_text,
    identity_text,
    check_item_type,
    order_period,
    is_whole_number,
    period_label,
    plain_value,
    with_addons,
)

# Options a task may change on an existing service (TYPE.edit), and where their current value is.
LIST_FIELDS = ('domain', 'ip', 'autoprolong')            # in the list element: no extra request
FORM_FIELDS = ('ostempl', 'recipe', 'username', 'serverid')  # only in the edit form
EDIT_FIELDS = LIST_FIELDS + FORM_FIELDS


def _gone(service):
    """A deletion shows as the service no longer listed, or listed as deleted."""
    return True if service is None or service.get('status') == STATUS_DELETED else None


class ServiceTask(Task):
    """billmgr_service: brings one service of one item type to the state the task asks for.

    Every check that can fail is made before the first write; an order whose answer was lost is
    looked up before it is reported; check mode reads but never writes.
    """

    def __init__(self, client, params, **mode):
        super(ServiceTask, self).__init__(client, params, **mode)
        self.want = want_from_params(params)
        self.item_type = check_item_type(self.want['type'])
        self._catalog = None
        self._account = self.want.get('account')

    def run(self):
        if self.want['state'] == 'absent':
            return self.absent(self.want)
        return self.present(self.want)

    def find(self, field, value):
        """The live service with this identity (in ``account``, when the task names one), or None."""
        return find_service(self.client, self.item_type, account=self._account, **{_FIND_ARGS[field]: value})

    @property
    def identity(self):
        return identity_of(self.want)

    # -- the two states ------------------------------------------------------------------

    def present(self, want):
        field, value = identity_of(want)
        self._check_want(want)
        # Forks ordering one identity on this machine look it up one after another (the first one's order is then listed).
        # The first fork holds it through its order and the look-ups after it: the others wait that long at most.
        holding = (self.client.timeout or 0) + max(wait_timeout(want), reconcile_timeout(want))
        with order_lock(self.client, self.item_type, field, value, holding, ordering=not self.check_mode) as lock:
            service = self.find(field, value)
            if service is None and want['state'] == 'suspended':
                raise InputError('there is no %s service with %s %s to suspend; order it with state=present first'
                                 % (self.item_type, field, value))
            if service is None:
                if field == 'id':
                    self._explain_missing(value)
                    raise InputError('%s service %s is deleted; a service cannot be ordered with a chosen id: '
                                     'identify a new one by remoteid or domain' % (self.item_type, value))
                self._refuse_identity_in_another_account(field, value)
                return ServiceOrder(self, want, placed=lock.release).create()
        if service['status'] == STATUS_ORDERED:
            return self._waiting_in_cart(service)
        if service['status'] == STATUS_PROCESSING and want.get('wait', True) and not self.check_mode:
            # Ordered by an earlier run that stopped waiting (or by hand): finish the wait first.
            try:
                service = wait_until_ready(self.client, self.item_type, service['id'], wait_timeout(want))
            except TaskError as failure:
                failure.result['changed'] = False
                failure.result['service'] = with_addons(failure.result.get('service'), None)
                raise
        return bring_existing(self, service, want)

    def absent(self, want):
        field, value = identity_of(want, purpose='delete')
        service = self.find(field, value)
        if service is None:
            if field == 'id':
                self._explain_missing(value, gone_is_fine=True)
            return {'changed': False, 'service': None, 'diff': {'before': {}, 'after': {}}}
        if not self.check_mode:
            write_once(self.client, 'the deletion of %s service %d' % (self.item_type, service['id']),
                       lambda: delete_service(self.client, self.item_type, service['id']),
                       lambda: _gone(find_service(self.client, self.item_type, service_id=service['id'])),
                       reconcile=FREE_CHANGE_RECONCILE)
        after = dict(service, status=STATUS_DELETED, status_name=STATUS_NAMES[STATUS_DELETED])
        return {'changed': True, 'service': with_addons(after, None),
                'diff': {'before': with_addons(service, None), 'after': {}}}

    def _refuse_identity_in_another_account(self, field, value):
        """Before ordering for ``account``: the identity must not already be taken outside that account's list.

        The account filter compares the panel's account name, which may differ from what the task
        says (a display name such as "Example Ltd (ops@example.com)", or a client user whose level
        is unknown because it logged in with a session key and whose order the panel bills to its
        own account). Either way the service bought by the last run would stay invisible, and every
        run would buy another one. Costs one list request, on the order path only.
        """
        if not self._account:
            return
        other = find_service(self.client, self.item_type, **{_FIND_ARGS[field]: value})
        if other is not None:
            raise InputError('%s service %s already has %s %s, in account %r, not in account %r as the task says; '
                             'nothing was ordered. Give account exactly as the panel lists it, or leave it out'
                             % (self.item_type, other['id'], field, value, other.get('account'), self._account))

    def _explain_missing(self, service_id, gone_is_fine=False):
        """An id the list does not show: let the panel say why (another account's: ``access``; none: ``missed``).

        Costs one read, and only on this path. Returns when the service exists but is deleted.
        """
        try:
            read_edit_form(self.client, self.item_type, service_id)
        except BillmgrError as err:
            if gone_is_fine and err.kind == 'missed':
                return
            if err.kind == 'missed':
                raise InputError('%s service %s does not exist; a service cannot be ordered with a chosen id: '
                                 'identify a new one by remoteid or domain (%s)' % (self.item_type, service_id, err))
            raise

    # -- change ----------------------------------------------------------------------------

    @staticmethod
    def needs_form(want):
        """Whether comparing the task with the service takes its edit form: add-ons and FORM_FIELDS are only there."""
        return bool(want.get('addons')) or any(want.get(name) is not None for name in FORM_FIELDS)

    def change(self, service, want, form=None):
        """The ``TYPE.edit`` of what differs on an existing service (``form``: its edit form, when already read)."""
        if form is None and self.needs_form(want):
            form = read_edit_form(self.client, self.item_type, service['id'])
        self._check_order_only_options(service, want, form)
        current = self._current(service, form)
        wanted = self._wanted(service, form, want)
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
        diff = {
            'before': dict((_diff_key(key), _diff_value(key, current.get(key))) for key in sorted(changes)),
            'after': dict((_diff_key(key), _diff_value(key, changes[key])) for key in sorted(changes)),
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
                return self._waiting_in_cart(service, waiting[0], after_addons)
        result = {'changed': True, 'diff': diff}
        if not self.check_mode:
            billorder_id = self._edit(service, changes, skipbasket)
            if billorder_id is not None:
                # A paid change waits in the cart: the add-ons stay as they were until it is paid.
                result['billorder_id'] = billorder_id
                self.warn(left_in_cart('the change of %s service %d' % (self.item_type, service['id']),
                                       'billorder %d' % billorder_id, 'it applies'))
                changes = dict((key, value) for key, value in changes.items() if addon_field(key) is None)
            else:
                self._check_applied(service, changes)
        updated = dict(service)
        for key, value in changes.items():
            if key in updated:
                updated[key] = value
            elif addon_field(key) is not None and after_addons is not None:
                after_addons[addon_field(key)] = value
        result['service'] = with_addons(updated, after_addons)
        return result

    def _edit(self, service, changes, skipbasket):
        """The one write of a change, sent once; a lost answer is settled by reading the fields back, never by sending again.

        An ok answer is read back by ``_check_applied``, which knows what a paid change in the cart leaves as it was.
        """
        def send():
            return edit_service(self.client, self.item_type, service['id'], changes, skipbasket=skipbasket)
        try:
            return send()
        except BillmgrError as err:
            # A password is never shown back: a lost answer to it alone cannot be settled by reading.
            if not answer_lost(err) or not [key for key in changes if key != 'userpassword']:
                raise
            settle(self.client, lambda: True if not self._read_back(service, changes)[0] else None,
                   FREE_CHANGE_RECONCILE, 'the change of %s service %d' % (self.item_type, service['id']), err)
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
        return [key for key in sorted(keys) if after.get(key) != changes[key]], processing, after

    def _check_applied(self, service, changes):
        """Read the service back (one request, by id) and fail when the panel took the change but did not make it.

        A panel may ignore a field it does not let this user change instead of refusing it (E5): without
        looking, every run would report the same change again. The list shows domain, ip and
        auto-renewal; the edit form the rest. A service being processed is still applying it.
        """
        keys = [key for key in changes if key != 'userpassword']
        missed, processing, after = self._read_back(service, changes)
        if missed and not processing:
            what = ', '.join('%s (asked %s, the panel shows %s)' % (
                _diff_key(key), _diff_value(key, changes[key]), _diff_value(key, after.get(key))) for key in missed)
            raise TaskError('%s service %d: the panel accepted the change but did not make it: %s. It may not let this user '
                            'change it (an administrator can); nothing more was done'
                            % (self.item_type, service['id'], what), changed=len(missed) < len(keys),
                            service=with_addons(service, None))

    def _waiting_in_cart(self, service, line=None, addons=None):
        """An order (status "ordered") or a change of this service already waits unpaid in the cart: not asked for again."""
        result = {'changed': False, 'service': with_addons(service, addons), 'diff': {'before': {}, 'after': {}}}
        if line is not None:
            result.update(cart_ref(line))
        what = 'a change of' if line is not None else 'the order of'
        self.warn(still_in_cart('%s %s service %d' % (what, self.item_type, service['id']),
                                'billorder %s' % line['billorder_id'] if line and line['billorder_id'] else ''))
        return result

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
                addons = catalog.addons(catalog.tariff(tariff_ref, self.item_type), addons)
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

    def _check_want(self, want):
        if want.get('period') is not None:
            order_period(want['period'])
        check_autoprolong(want.get('autoprolong'))
        if want.get('wait_timeout') is not None and want['wait_timeout'] < 0:
            raise InputError('wait_timeout must be 0 or more seconds; got %s' % want['wait_timeout'])
        reconcile_timeout(want)
        spending_limits(want)

    # -- the catalog, read at most once ------------------------------------------------------

    def catalog(self):
        if self._catalog is None:
            self._catalog = Catalog.read(self.client, self.item_type)
        return self._catalog


_FIND_ARGS = {'id': 'service_id', 'remoteid': 'remoteid', 'domain': 'domain'}

# The task options ServiceManager reads, by the API's names. The connection's username and
# password never get in: the service's own ``username`` comes from ``service_username``.
_WANT_KEYS = ('type', 'state', 'id', 'remoteid', 'domain', 'pricelist', 'datacenter', 'period', 'autoprolong', 'ostempl',
              'recipe', 'addons', 'ip', 'userpassword', 'serverid', 'account', 'skipbasket', 'api', 'dragon', 'wait', 'wait_timeout',
              'reconcile_timeout', 'allow_reinstall', 'allow_tariff_change', 'max_cost', 'keep_balance')


def want_from_params(params):
    """billmgr_service's options as ServiceManager's ``want``."""
    want = dict((key, params.get(key)) for key in _WANT_KEYS)
    want['username'] = params.get('service_username')
    # The identity as the panel keeps it: the look-up, the order and the comparison all use these values.
    want['remoteid'] = identity_text(want.get('remoteid'))
    want['domain'] = domain_text(want.get('domain'))
    return want


def identity_of(want, purpose='order or change'):
    """(field, value) of the first identity the task gives: id, then remoteid, then domain."""
    if want.get('id') is not None:
        return 'id', int(want['id'])
    for field in ('remoteid', 'domain'):
        if want.get(field):
            return field, want[field]
    if purpose == 'delete':
        raise InputError('state=absent needs the service to delete: give id, remoteid or domain')
    raise InputError(
        'state=present needs an identity for the service: id, remoteid or domain. Without one the task cannot '
        'tell an existing service from a new one, and every run would order (and pay for) another service. '
        'remoteid, a unique name of your choosing, is the safest')


def _diff_key(key):
    addon_id = addon_field(key)
    return 'addons.%s' % addon_id if addon_id is not None else key


def _diff_value(key, value):
    return plain_value(value) if addon_field(key) is not None and value is not None else value
