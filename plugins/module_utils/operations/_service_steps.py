# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The steps billmgr_service takes on a service that exists: resume, move to another tariff, edit, suspend. Private to this collection.

Every step is decided (and may refuse) before the first write; the writes then go in that order,
because the panel moves and edits only an active service. Once one write is done (a move is paid),
whatever fails after it, a refusal, the panel's error or a bug, is reported as a change saying what
was done (guarded/_write.py ``after_write``): a paid step never reads as "nothing happened".
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import after_write
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import read_edit_form
from ansible_collections.ispsystem.billmgr.plugins.module_utils.operations._suspension import Suspension
from ansible_collections.ispsystem.billmgr.plugins.module_utils.operations._tariff_change import TariffChange
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import iso_date, with_addons


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
    if edit.check_mode:
        # Before a move the form shows the old tariff's add-ons: the price of changing them shows only after it.
        result = edit.change(service, want, tariff.form, unpriced=moving)
        after = suspension.planned(result['service']) if suspension.action else result['service']
        if moving:
            # The terms' new expiry, where they show it as a date: what the move would make of it.
            expiry = iso_date(tariff.terms.expiry_after)
            after = dict(after, pricelist=tariff.target['title'], **({'expiredate': expiry} if expiry else {}))
        return _combined(result, after, tariff if moving else None, suspension, spending)
    return _written(edit, service, want, find_by_id, tariff if moving else None, suspension, spending, tariff.form)


class _Done(object):
    """The writes a task has made on one service; once there is one, a later step's failure is reported with them."""

    def __init__(self, item_type, service):
        self.label = '%s service %d' % (item_type, service['id'])
        self.names = []
        self.facts = {'service': with_addons(service, None)}

    def add(self, name, **facts):
        self.names.append(name)
        self.facts.update(facts)

    def then(self, step):
        """``step()``; after a write, under ``after_write``: whatever it raises says what was done, with ``changed: true``."""
        if not self.names:
            return step()
        with after_write('the %s of %s' % (' and the '.join(self.names), self.label), **self.facts):
            return step()


def _written(edit, service, want, find_by_id, tariff, suspension, spending, form):
    """The steps, written in order: resume, move (paid, or free: every step of the wizard all the same), edit (may be
    paid), suspend; then the result.

    ``form``: the edit form read before any write (a resumption leaves it as it was; a move does not).
    """
    done = _Done(edit.item_type, service)
    shown = None
    if suspension.action == 'resume':
        shown = suspension.apply()
        done.add('resumption')
    if tariff is not None:
        reconciled = done.then(tariff.apply)
        done.add('tariff change to %s (%s)' % (tariff.after, tariff.charge_text()),
                 tariff_change=dict(tariff.summary(), reconciled=reconciled))
        # The add-ons, the form and the expiry are the new tariff's now: the result reports the expiry read back.
        service = done.then(lambda: find_by_id(service['id'])) or service
        done.facts['service'] = with_addons(service, None)
        done.facts['tariff_change'] = dict(tariff.summary(service), reconciled=reconciled)
    # What the move cost is spent: max_cost allows the add-ons only what is left of it.
    result = done.then(lambda: edit.change(service, want, None if tariff is not None else form,
                                           spent=tariff.spent() if tariff is not None else None))
    if result.get('changed'):
        done.add('change')
    if suspension.action == 'suspend':
        shown = done.then(suspension.apply)
        done.add('suspension')

    def combined():
        # The service as the suspension's read-back shows it (its item_status), unless a change came after it.
        after = result['service']
        if suspension.action:
            after = shown if suspension.action == 'suspend' or not result.get('changed') else find_by_id(service['id'])
        final = _combined(result, after, tariff, suspension, spending)
        if tariff is not None:
            final['tariff_change'] = done.facts['tariff_change']
        return final
    return done.then(combined)


def _combined(result, after, tariff, suspension, spending):
    """The edit's result with the move and the suspension added: ``changed``, the service, the diff, what was paid."""
    # The edit's result already holds the add-ons as a task returns them.
    result.update(changed=True, service=dict(after, addons=(result.get('service') or {}).get('addons')))
    parts = ([tariff.diff()] if tariff is not None else []) + ([suspension.diff()] if suspension.action else [])
    for part in parts:
        for side in ('before', 'after'):
            result['diff'][side].update(part[side])
    if tariff is not None:
        result['tariff_change'] = dict(tariff.summary(), reconciled=False)
    if spending:
        result['spending'] = spending
    return result
