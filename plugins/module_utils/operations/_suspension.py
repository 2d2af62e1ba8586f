# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Suspending and resuming a service (``TYPE.suspend``, ``TYPE.resume``, E5) for billmgr_service. Private to this collection.

Who suspended a service is in its compound ``item_status``. Real panels show the panel's own codes
(real-panels-2 §5.2, E22 ``ServerState``): ``3_employeesuspend`` staff, ``3_abusesuspend`` abuse,
``3_autosuspend`` an expiry nobody paid. No source shows the code of a suspension by the service's
owner, so the task does not guess one: it asks the panel to resume, and the panel decides whether
this login may; a refusal is reported in the panel's words. Only an unpaid expiry (renewing lifts
it) and an abuse suspension (the provider's call) are never asked to be lifted by a task. Both
writes are free and show in the list, so the write is confirmed by the status read back
(guarded/_write.py).
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import FREE_CHANGE_RECONCILE, write_once
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import find_service
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import STATUS_ACTIVE, STATUS_NAMES, STATUS_SUSPENDED

BY_STAFF = '3_employeesuspend'
BY_EXPIRY = '3_autosuspend'
FOR_ABUSE = '3_abusesuspend'
# BILLmanager 6 writes a stopped VM so (E5, E22); the simulator's guess is an unpaid expiry.
STOPPED = '2_2_16'
REASONS = {
    BY_STAFF: "by the provider's staff",
    FOR_ABUSE: 'by the provider for abuse',
    BY_EXPIRY: 'because it expired unpaid; renew it (ispsystem.billmgr.billmgr_prolong) to bring it back',
    STOPPED: 'and stopped by the panel (2_2_16), most likely because it expired unpaid; renew it or ask the provider',
}
# Suspensions a task never asks to lift, whoever runs it: the panel's, for a debt or for abuse.
NOT_RESUMED = (BY_EXPIRY, FOR_ABUSE, STOPPED)
# The kinds of error a panel refuses a request with (it did nothing): not a lost answer, which is settled by reading back.
REFUSALS = ('access', 'value', 'missed')


def reason_of(service):
    """Why the service is suspended, for a message: the meaning of a code the evidence shows, else the code as it is."""
    code = service.get('item_status')
    if code in REASONS:
        return '%s (item_status %s)' % (REASONS[code], code)
    return '(item_status %s)' % (code or 'not shown')


class Suspension(object):
    """What ``state`` asks of an existing service's suspension: ``suspend``, ``resume`` or nothing (``action`` None).

    Refuses, before any write, a ``present`` task on a service the panel suspended for a debt or for abuse.
    """

    def __init__(self, client, item_type, service, state):
        self.client = client
        self.item_type = item_type
        self.service = service
        suspended = service.get('status') == STATUS_SUSPENDED
        self.action = None
        if state == 'suspended' and service.get('status') == STATUS_ACTIVE:
            self.action = 'suspend'
        elif state == 'present' and suspended:
            if service.get('item_status') in NOT_RESUMED:
                raise InputError('%s service %d is suspended %s; this module does not lift a suspension for a debt or for '
                                 'abuse, so nothing was changed' % (self.item_type, service['id'], reason_of(service)))
            self.action = 'resume'
        elif state == 'suspended' and not suspended:
            raise InputError('%s service %d is %s; only an active service can be suspended, so nothing was changed'
                             % (self.item_type, service['id'], service.get('status_name') or service.get('status')))

    @property
    def wanted_status(self):
        return STATUS_SUSPENDED if self.action == 'suspend' else STATUS_ACTIVE

    def diff(self):
        return {'before': {'status': self.service.get('status_name')}, 'after': {'status': STATUS_NAMES[self.wanted_status]}}

    def apply(self):
        """The write (no ``sok``, as E7's soft.suspend), confirmed by the service's status read back by id."""
        service_id = self.service['id']

        def send():
            try:
                return self.client.write('%s.%s' % (self.item_type, self.action), {'elid': service_id})
            except BillmgrError as err:
                if self.action != 'resume' or err.kind not in REFUSALS:
                    raise
                # The panel decides who may lift a suspension; its refusal, in its words, says why.
                raise err.explained('the panel refused to resume %s service %d, suspended %s: %s' % (
                    self.item_type, service_id, reason_of(self.service), err.message)) from None

        def applied():
            found = find_service(self.client, self.item_type, service_id=service_id)
            return found if found is not None and found['status'] == self.wanted_status else None
        what = 'suspension' if self.action == 'suspend' else 'resumption'
        return write_once(self.client, 'the %s of %s service %d' % (what, self.item_type, service_id), send, applied,
                          reconcile=FREE_CHANGE_RECONCILE).state

    def planned(self, service):
        """``service`` as the action leaves it (check mode, or before it is read back)."""
        return dict(service, status=self.wanted_status, status_name=STATUS_NAMES[self.wanted_status])
