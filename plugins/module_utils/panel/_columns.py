# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a list element's columns say, read leniently. Private to this collection.

Read leniently, write strictly (design §3): nothing here raises InputError, whatever a panel sends. A value that
cannot be read is unknown (None, or the panel's own text kept as it is), never a guess that leads to a write. Where a
task needs more than a list shows (the months of auto-renewal), the edit form is read, once, where it is needed.
"""

from __future__ import annotations

import re

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import int_or_none, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import (
    AUTOPROLONG_OFF,
    PERIOD_DAILY,
    STATUS_NAMES,
    expiry_facts,
    iso_date,
)

# ASCII digits only: '²'.isdigit() is true, and int('²') fails.
_MONTHS = re.compile(r'^\d+$', re.ASCII)


# -- statuses -----------------------------------------------------------------------------------

def status_of(elem):
    """The numeric status of a list element: ``status``, else the code of ``item_status`` (its ``orig``), else
    ``item_real_status``, which real panels fill when they leave item_status out (real-panels-2 §9.4, E23)."""
    status = int_or_none(elem.get('status'))
    if status is None:
        status = int_or_none(_code(elem.get('item_status')))
    if status is None:
        status = int_or_none(_code(elem.get('item_real_status')))
    return status


def _code(value):
    return value.get('orig') if isinstance(value, dict) else value


def status_facts(elem):
    """``status``, ``status_name`` and ``item_status`` of a list element, as every object returns them."""
    status = status_of(elem)
    item_status = elem.get('item_status')
    if not isinstance(item_status, dict) and not text_of(item_status):
        item_status = elem.get('item_real_status')
    status_name = STATUS_NAMES.get(status)
    if status_name is None and isinstance(item_status, dict) and text_of(item_status):
        status_name = text_of(item_status).lower()
    detail = item_status.get('orig') if isinstance(item_status, dict) else (text_of(item_status) or None)
    return {'status': status, 'status_name': status_name, 'item_status': text_of(detail) or None}


# -- auto-renewal -------------------------------------------------------------------------------

def panel_autoprolong(value):
    """Auto-renewal as the panel shows it, never an error: months (an int), -50 (daily), None when off, else its label.

    Real panels list the period's label ("Month", "Year", «Месяц»: real-panels-2 §9.3, E23, E30) and nothing when
    it is off (E5); edit forms and some panels give months (E5). A label says auto-renewal is on, not for how long:
    ``autoprolong_months_of`` reads the months from the edit form where a task needs them.
    """
    text = text_of(value).strip()
    if text.lower() in AUTOPROLONG_OFF:
        return None
    if text.lower() in ('daily', str(PERIOD_DAILY)):
        return PERIOD_DAILY
    if _MONTHS.match(text):
        return int(text)
    return text


# Period labels read as months only to see that nothing needs changing (E23 shows "Month"; the others are its plain
# kin in English and Russian [INF]): a label that does not agree with the task is settled by the edit form before any
# write, so a wrong reading can cost a request, never a change.
LABEL_MONTHS = {'month': 1, 'месяц': 1, '3 months': 3, '3 месяца': 3, 'half a year': 6, 'полгода': 6, 'year': 12, 'год': 12,
                '2 years': 24, '2 года': 24, '3 years': 36, '3 года': 36, 'day': PERIOD_DAILY, 'день': PERIOD_DAILY}


def label_agrees(listed, months):
    """Whether a list's period label is known to name ``months``."""
    return is_label(listed) and months is not None and LABEL_MONTHS.get(listed.strip().lower()) == months


def is_label(autoprolong):
    """Whether auto-renewal is on for a period the list names in words, not months."""
    return isinstance(autoprolong, str)


def autoprolong_agrees(listed, months):
    """Whether the list shows auto-renewal as ``months`` (None: off); a label agrees with any months, as it cannot tell."""
    return listed is not None and months is not None if is_label(listed) else listed == months


def autoprolong_months_of(listed, read_form, what):
    """The months of auto-renewal (-50 daily, None off): the list's value when it is months, else the edit form's.

    ``read_form`` reads the edit form; it is called only when the list shows a label. A form that does not say months
    either is a BillmgrError naming the field and both values: comparing a label with months would send a change on
    every run.
    """
    if not is_label(listed):
        return listed
    form = read_form()
    months = panel_autoprolong(form.get('autoprolong'))
    if is_label(months):
        raise BillmgrError('value', '%s: the panel lists autoprolong %r and its edit form %r, neither as months, so the '
                           'months of auto-renewal are unknown; nothing was changed' % (what, listed, months),
                           obj='autoprolong', value=months)
    return months


# -- every item alike ---------------------------------------------------------------------------

def item_facts(elem):
    """What every item's list element says alike, services and licenses: id, status, tariff, account, dates, cost."""
    facts = status_facts(elem)
    facts.update({
        'id': int_or_none(elem.get('id') or elem.get('elid')),
        'ip': text_of(elem.get('ip')) or None,
        'pricelist': text_of(elem.get('pricelist')) or None,
        'pricelist_id': int_or_none(elem.get('pricelist_id')),
        'account': text_of(elem.get('account')) or None,
        'createdate': iso_date(elem.get('createdate')),
        'autoprolong': panel_autoprolong(elem.get('autoprolong')),
        'cost': text_of(elem.get('cost')) or None,
    })
    facts.update(expiry_facts(elem))
    return facts
