# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One paid renewal (``service.prolong`` with ``sok``), for billmgr_prolong and billmgr_license alike. Private to this collection.

A renewal spends money, so it is a guarded write: sent once, never again in the same run, and confirmed by the
expiry date read back, not by the answer's ok. A lost answer is settled by reading the expiry back. The caller holds
the service's lock (``renewal_lock``) and reads the expiry under it before each renewal, so two runs side by side
never both renew what one renewal was enough for.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._lock import OrderLock
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import NotShown, write_once
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._prolong_form import PROLONG_FUNC, prolong_request
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import date_of, iso
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, TaskError

# The longest a run waits for another run renewing the same service on this machine.
RENEWAL_LOCK_WAIT = 600


def renewal_lock(client, item_type, service_id, timeout=RENEWAL_LOCK_WAIT):
    """The lock of one service's renewals, taken: forks and playbooks side by side renew it one after another."""
    return OrderLock(client, item_type, 'id', service_id).acquire(timeout)


def renew(client, item_type, service, period, read_back, skipbasket=True, reconcile=0, request=None):
    """Renew ``service`` (as last read, with its ``expiredate``) by ``period``; the service read back once it shows.

    ``read_back()`` reads the service again by id (None when it is not listed); ``request`` is (func, params) where the
    API renews otherwise than with ``service.prolong`` (the old licence billing's ``software.period``). Raises
    BillmgrError (its outcome unknown) when the answer was lost and the expiry did not move, TaskError when the panel
    said ok and it did not.
    """
    before = date_of(service.get('expiredate'))
    what = 'the renewal of %s %s' % (item_type, service['id'])

    def moved():
        now = read_back()
        expiry = date_of(now.get('expiredate')) if now else None
        return now if expiry is not None and (before is None or expiry > before) else None
    func, params = request or prolong_request(service['id'], period, skipbasket)
    try:
        return write_once(client, what, lambda: client.write(func, params), moved, reconcile=reconcile, paid=True)
    except BillmgrError as err:
        if not err.outcome_unknown:
            raise
        raise err.explained('%s; its expiry date is still %s: not renewing again. Check the account\'s expenses in the panel '
                            'before running the task again' % (err.message, iso(before)), outcome_unknown=True) from None
    except NotShown:
        raise TaskError('%s accepted %s, but its expiry date is still %s; not renewing again (the panel may still be '
                        'processing it): look at the service before running the task again' % (PROLONG_FUNC, what, iso(before)),
                        changed=True,
                        error={'type': None, 'object': None, 'func': PROLONG_FUNC, 'outcome_unknown': True}) from None
