# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Whether a service list's rows are in a shape the collection reads: billmgr_panel_info's look at one list. Private to this collection.

Each row is read as every module reads it (``represent_service``), and what the panel sent is set beside what came
out: a status the collection cannot read, an expiry it cannot date, an auto-renewal column it cannot name. Nothing
here raises on panel data; a column the rows lack is a finding, not an error.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._columns import LABEL_MONTHS, is_label
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import TYPES_WITH_IP, represent_service
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._shapes import codes_of, kind_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import STATUS_ACTIVE, STATUS_DELETED, boolean_text, ip_addresses

# The compound code of a stopped cloud instance (real-panels-2 §4.2, E22 InstanceItem).
POWER_CODES = ('2_2_16',)


def _status_column(elems):
    """Where the rows keep their status: ``status``, ``item_status`` only, ``item_real_status`` (E23), or ``missing``."""
    columns = set()
    for elem in elems:
        if text_of(elem.get('status')).strip():
            columns.add('status')
        elif elem.get('item_status') not in (None, ''):
            columns.add('item_status')
        elif elem.get('item_real_status') not in (None, ''):
            columns.add('item_real_status')
        else:
            columns.add('missing')
    return sorted(columns)


def _expiry_kinds(elems):
    """How the rows write their expiry: ``date``, ``datetime`` (a daily tariff, E2), a word with ``real_expiredate``
    beside it (E23 "Daily charges"), ``empty`` (one-time)."""
    kinds = set()
    for elem in elems:
        kind = kind_of(text_of(elem.get('expiredate')))
        if kind not in ('date', 'datetime', 'empty'):
            kind = 'text+real_expiredate' if text_of(elem.get('real_expiredate')).strip() else 'text'
        kinds.add(kind)
    return sorted(kinds)


def _autoprolong_kinds(elems, services):
    """How the auto-renewal column reads: ``months``, ``label`` (a period label we know, real-panels-2 §9.3),
    ``unknown label`` (a word we cannot turn into months: the edit form is read instead), ``empty`` (off)."""
    kinds = set()
    for elem, service in zip(elems, services):
        if 'autoprolong' not in elem:
            kinds.add('absent')
            continue
        value = service['autoprolong']
        if value is None:
            kinds.add('empty')
        elif is_label(value):
            kinds.add('label' if value.strip().lower() in LABEL_MONTHS else 'unknown label')
        else:
            kinds.add('months')
    return sorted(kinds)


def _address_kinds(elems):
    kinds = set()
    for elem in elems:
        count = len(ip_addresses(text_of(elem.get('ip'))))
        kinds.add('none' if not count else ('one' if count == 1 else 'several'))
    return sorted(kinds)


def check_rows(item_type, elems):
    """What the rows of one list page say, and what the collection could not read from them.

    ``problems`` are what makes a feature fail on these rows (a status nobody can read); ``notes`` are differences the
    collection copes with (a label for auto-renewal, a time of day in the expiry), which a report still names so that
    the simulator can be started like this panel.
    """
    elems = [elem for elem in elems if isinstance(elem, dict)]
    services = [represent_service(item_type, elem) for elem in elems]
    problems, notes = [], []
    unread_status = [s for s in services if s['status'] is None]
    if unread_status:
        problems.append('%d of %d rows have no status the collection reads (status, item_status, item_real_status)'
                        % (len(unread_status), len(services)))
    no_id = [s for s in services if s['id'] is None]
    if no_id:
        problems.append('%d rows have no id' % len(no_id))
    undated = [elem for elem, s in zip(elems, services)
               if s['expiredate'] is None and kind_of(text_of(elem.get('expiredate'))) not in ('empty',)]
    if undated:
        problems.append('%d rows have an expiry the collection cannot read as a date' % len(undated))
    autoprolong = _autoprolong_kinds(elems, services)
    if 'unknown label' in autoprolong:
        notes.append('the auto-renewal column holds a word that is no known period label: its months come from the edit form')
    addresses = _address_kinds(elems)
    active = [s for s in services if s['status'] == STATUS_ACTIVE]
    if item_type in TYPES_WITH_IP and active and all(not s['ip'] for s in active):
        notes.append('no active %s row shows an address (ip column)' % item_type)
    status_columns = _status_column(elems)
    codes = sorted(set(codes_of(elems, 'status') + codes_of(elems, 'item_status') + codes_of(elems, 'item_real_status')))
    return {
        'rows': len(elems),
        'problems': problems,
        'notes': notes,
        'status_columns': status_columns,
        'status_codes': codes,
        'expiry': _expiry_kinds(elems),
        'autoprolong': autoprolong,
        'addresses': addresses,
        'remoteid_column': any('remoteid' in elem for elem in elems),
        'power_state': any(code in POWER_CODES for code in codes),
        'deleted_listed': any(s['status'] == STATUS_DELETED for s in services),
        'scheduled_close': any(boolean_text(text_of(elem.get('scheduledclose'))) == 'on' for elem in elems),
    }
