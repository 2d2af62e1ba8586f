# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The steps billmgr_service takes on a service that exists: resume, move to another tariff, edit, suspend. Private to this collection.

Every step is decided (and may refuse) before the first write; the writes then go in that order,
because the panel moves and edits only an active service. Once one write is done (a move is paid),
a later failure is reported as a change, saying what was done.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import read_edit_form
from ansible_collections.ispsystem.billmgr.plugins.module_utils.operations._suspension import Suspension
from ansible_collections.ispsystem.billmgr.plugins.module_utils.operations._tariff_change import TariffChange
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import with_addons


def bring_existing(edit, service, want, find_by_id):
    """The result for an existing ``service``: ``edit.change`` alone when neither the tariff nor the suspension moves.

    ``edit`` is the ServiceEdit of the service's type (its client, check mode and warnings); ``find_by_id(id)`` reads a
    service again after a move, in the task's account.
    """
    client, item_type = edit.client, edit.item_type
    edit.refuse_remoteid_change(service, want)
    form = read_edit_form(client, item_type, service['id']) if edit.needs_form(want) else None
    tariff = TariffChange(client, item_type, service, want, form)
    moving = tariff.differs()
    spending = tariff.plan() if moving else None
    suspension = Suspension(client, item_type, service, want['state'])
    if not moving and suspension.action is None:
        return edit.change(service, want, tariff.form)
    done, acting = [], not edit.check_mode
    reconciled, shown = False, None
    try:
        if suspension.action == 'resume' and acting:
            shown = suspension.apply()
            done.append('resumed')
        if moving and acting:
            reconciled = tariff.apply()
            done.append('moved to tariff %s (paid)' % tariff.after)
            # The add-ons and the form are the new tariff's now.
            service = find_by_id(service['id']) or service
        result = edit.change(service, want, None if moving and acting else tariff.form)
        if suspension.action == 'suspend' and acting:
            shown = suspension.apply()
            done.append('suspended')
        # The service as the suspension's read-back shows it (its item_status), unless a change came after it.
        after = None
        if suspension.action and acting:
            after = shown if suspension.action == 'suspend' or not result.get('changed') else find_by_id(service['id'])
    except (BillmgrError, InputError, TaskError) as err:
        if not done:
            raise
        extra = {'tariff_change': tariff.summary()} if moving else {}
        raise TaskError('%s; before that, this task had already %s %s service %d'
                        % (err, ' and '.join(done), item_type, service['id']),
                        changed=True, service=with_addons(service, None), **extra) from None
    addons = (result.get('service') or {}).get('addons')
    if after is None:
        after = suspension.planned(result['service']) if suspension.action else result['service']
        if moving and not acting:
            after = dict(after, pricelist=tariff.target['title'])
    result.update(changed=True, service=with_addons(after, addons))
    for part in ([tariff.diff()] if moving else []) + ([suspension.diff()] if suspension.action else []):
        for side in ('before', 'after'):
            result['diff'][side].update(part[side])
    if moving:
        result['tariff_change'] = dict(tariff.summary(), reconciled=reconciled)
    if spending:
        result['spending'] = spending
    return result
