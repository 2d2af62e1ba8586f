# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What billmgr_service decides (``ServiceTask``). Private to this collection."""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._limits import spending_limits
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._lock import order_lock
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import FREE_CHANGE_RECONCILE, reconcile_timeout, write_once
from ansible_collections.ispsystem.billmgr.plugins.module_utils.operations._service_edit import ServiceEdit
from ansible_collections.ispsystem.billmgr.plugins.module_utils.operations._service_order import ServiceOrder, identity_of, wait_timeout
from ansible_collections.ispsystem.billmgr.plugins.module_utils.operations._service_steps import bring_existing
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._catalog import Catalog
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import (
    delete_service,
    find_service,
    is_going,
    read_edit_form,
    wait_until_ready,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import (
    STATUS_DELETED,
    STATUS_NAMES,
    STATUS_ORDERED,
    STATUS_PROCESSING,
    check_autoprolong,
    check_item_type,
    domain_text,
    identity_text,
    order_period,
    with_addons,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError


def _may_pay(want):
    """Whether a task on an existing service may pay for a change of it: a tariff named, or add-ons."""
    return bool(want.get('addons')) or want.get('pricelist') not in (None, '')


def _going(service):
    """A deletion shows as the service no longer listed, listed as deleted, or as being or scheduled to be deleted
    (a panel takes its time: real-panels-2 §13). The state read back, in a dict so that "gone" is not None."""
    return {'service': service} if is_going(service) else None


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
        self.edit = ServiceEdit(client, self.item_type, self._account, self.check_mode, self.warn, self.catalog)

    def run(self):
        if self.want['state'] == 'absent':
            return self.absent(self.want)
        return self.present(self.want)

    def find(self, field, value):
        """The live service with this identity (in ``account``, when the task names one), or None."""
        return find_service(self.client, self.item_type, account=self._account, **{_FIND_ARGS[field]: value})

    # -- the two states ------------------------------------------------------------------

    def present(self, want):
        field, value = identity_of(want)
        self._check_want(want)
        # Forks ordering one identity on this machine look it up one after another (the first one's order is then listed).
        # The first fork holds it through its order and the look-ups after it: the others wait that long at most.
        holding = (self.client.timeout or 0) + max(wait_timeout(want), reconcile_timeout(want))
        # A task that may pay for a change of an existing service (another tariff, add-ons) holds the lock through its
        # look-up and its writes, by id too: a second run side by side looks only once the first has paid, and finds the
        # change made (issue 32, bug 1). The lock is a local file: it costs no request.
        paying = not self.check_mode and _may_pay(want)
        with order_lock(self.client, self.item_type, field, value, holding, ordering=not self.check_mode, paying=paying) as lock:
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
                return ServiceOrder(self.client, self.item_type, want, self.catalog, self.find, self.warn, self.check_mode,
                                    placed=lock.release).create()
            if not paying:
                lock.release()
            return self._existing(service, want)

    def _existing(self, service, want):
        if service['status'] == STATUS_ORDERED:
            return self.edit.waiting_in_cart(service)
        if service['deletion'] == 'in progress':
            raise InputError('%s service %d is being deleted (%s); it cannot be made %s: nothing was sent. Once it is gone, '
                             'identify a new one by remoteid or domain'
                             % (self.item_type, service['id'], service['item_status'], want['state']))
        if service['status'] == STATUS_PROCESSING and want.get('wait', True) and not self.check_mode:
            # Ordered by an earlier run that stopped waiting (or by hand): finish the wait first.
            try:
                service = wait_until_ready(self.client, self.item_type, service['id'], wait_timeout(want))
            except TaskError as failure:
                failure.result['changed'] = False
                failure.result['service'] = with_addons(failure.result.get('service'), None)
                raise
        return bring_existing(self.edit, service, want, lambda service_id: self.find('id', service_id))

    def absent(self, want):
        field, value = identity_of(want, purpose='delete')
        if (want.get('wait_timeout') or 0) < 0:
            raise InputError('wait_timeout must be 0 or more seconds; got %s' % want['wait_timeout'])
        service = self.find(field, value)
        if service is None:
            if field == 'id':
                self._explain_missing(value, gone_is_fine=True)
            return {'changed': False, 'service': None, 'diff': {'before': {}, 'after': {}}}
        now = service
        if service['deletion'] is None and not self.check_mode:
            # Sent once; a panel that refuses (a minimum term, E23) says why in its own words, as the error.
            written = write_once(self.client, 'the deletion of %s service %d' % (self.item_type, service['id']),
                                 lambda: delete_service(self.client, self.item_type, service['id']),
                                 lambda: _going(self.find('id', service['id'])), reconcile=FREE_CHANGE_RECONCILE)
            now = written.state['service']
        # A deletion the panel already has (in progress, or at the end of the paid period) is not asked for again.
        changed = service['deletion'] is None
        if now is not None and want.get('wait', True) and not self.check_mode:
            now = self._wait_until_gone(now, want, changed)
        return {'changed': changed, 'service': with_addons(self._after_deletion(service, now), None),
                'diff': {'before': with_addons(service, None) if changed else {}, 'after': {}}}

    def _after_deletion(self, service, now):
        """The service as the deletion left it: deleted once it is gone, else as listed (``deletion`` says how far)."""
        if now is None or now['status'] == STATUS_DELETED or (self.check_mode and service['deletion'] is None):
            return dict(service, status=STATUS_DELETED, status_name=STATUS_NAMES[STATUS_DELETED], deletion=None)
        return now

    def _wait_until_gone(self, service, want, changed):
        """Poll the list until the service is gone (wait_timeout seconds). A deletion scheduled for the end of the paid
        period is not waited for: that can be weeks, and every run would fail; it is said instead."""
        if service['deletion'] == 'scheduled':
            self.warn('%s service %d is scheduled for deletion at the end of its paid period (%s); not waiting for it'
                      % (self.item_type, service['id'], service.get('expiredate') or 'date unknown'))
            return service
        timeout, started, last = wait_timeout(want), self.client.clock(), {'service': service}

        def gone():
            now = self.find('id', service['id'])
            if now is None or now['status'] == STATUS_DELETED:
                return {'service': None}
            last['service'] = now
            self.client.note_progress('%s service %d is %s, waiting up to %ss for it to be gone'
                                      % (self.item_type, service['id'], now['item_status'], timeout), started)
            return None

        done = self.client.poll(gone, timeout)
        if done is None:
            raise TaskError('%s service %d is still being deleted (%s) after %ss; the deletion is not asked for again: the next '
                            'run waits again' % (self.item_type, service['id'], last['service']['item_status'], timeout),
                            changed=changed, service=with_addons(last['service'], None))
        return None

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
