# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the panel says about renewing a service before it is renewed: the renewal form and the renewal window. Private to this collection.

The renewal form carries no price on real panels (real-panels-2 §2.7, §11: E5, E22); what a renewal costs is read from
the edit form's auto-renewal choices (``_renewal_price.py``).
"""

from __future__ import annotations

import re

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import as_list, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import date_of

PROLONG_FUNC = 'service.prolong'


class ProlongForm(object):
    """What ``service.prolong`` without ``sok`` says: the expiry now, after one renewal, and the periods offered."""

    def __init__(self, expiredate, newexpiredate, periods):
        self.expiredate = expiredate
        self.newexpiredate = newexpiredate
        self.periods = periods

    @classmethod
    def from_doc(cls, doc):
        periods = []
        for slist in as_list(doc.get('slist')):
            if isinstance(slist, dict) and slist.get('name') == 'period':
                for choice in as_list(slist.get('val')):
                    key = choice.get('key') if isinstance(choice, dict) else choice
                    try:
                        periods.append(int(text_of(key)))
                    except (TypeError, ValueError):
                        continue
        return cls(date_of(doc.get('expiredate')), date_of(doc.get('newexpiredate')), periods)


_RENEWABLE_AFTER = re.compile(r'renewed only after\s+(\S+)', re.IGNORECASE)


def renewable_after(err):
    """The day a panel's renewal window opens, when this is its refusal ("The service can be renewed only after <date>",
    the date also in ``param[value]``; real-panels.md 10.2, E5), else None."""
    if not err.is_api_error:
        return None
    found = _RENEWABLE_AFTER.search(err.message or '')
    if found is None:
        return None
    return date_of(err.value) or date_of(found.group(1).rstrip('.'))


def prolong_request(service_id, period, skipbasket=True):
    """The one renewal that pays: ``service.prolong`` with ``sok`` (func, params). Without ``sok`` it is the form."""
    params = {'elid': service_id, 'period': period, 'sok': 'ok'}
    if skipbasket:
        params['skipbasket'] = 'on'
    return PROLONG_FUNC, params


def read_prolong_form(client, service_id, period):
    """The renewal form for ``period`` months; the panel refuses it for a service it cannot renew."""
    return ProlongForm.from_doc(client.read(PROLONG_FUNC, {'elid': service_id, 'period': period}))
