# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The shape of a panel's answer without its data: what billmgr_panel_info's report holds. Private to this collection.

A user attaches the report to a bug report, so nothing in it may name them: every value becomes its kind (``<date>``,
``<ip>``, ``<domain>``, ``<money> RUB``, ``<text>``, ``<id>``), except the panel's own vocabulary, which is the same on
every panel and is what a report is for: status codes (``2``, ``2_2_16``, ``5_close``), on/off, period codes and labels
("Month", «Месяц»), currency codes. Field names are kept; ``tparams`` (the request echoed back) is left out whole.
"""

from __future__ import annotations

import re

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import as_list, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._columns import LABEL_MONTHS

FORMAT = 'ispsystem.billmgr panel shapes 1'
# Fields whose values are the panel's codes, kept when they look like one (a short number, a compound status code).
CODE_FIELDS = frozenset(('status', 'item_status', 'item_real_status', 'orig', 'real_status', 'status_orig', 'period',
                         'order_period', 'autoprolong', 'billdaily', 'scheduledclose', 'main', 'is_main', 'no_delete',
                         'type', 'addontype', 'rolled_back', 'action', 'active', 'archived', 'hideinorder', 'level'))
# Words every panel uses alike (on/off, the period labels of real-panels-2 §9.3, E23, E30), kept wherever they appear.
VOCABULARY = frozenset(('on', 'off', 'null', 'yes', 'no', 'true', 'false', 'daily charges', 'ipv4', 'ipv6', 'order',
                        'active', 'stopped', 'suspended', 'deleted', 'processing', 'ordered')) | frozenset(LABEL_MONTHS)
LEFT_OUT = frozenset(('tparams',))
# How many elements of a list, and values of a field, a report keeps: enough to show the shape, little to read.
SAMPLES = 2
_CODE = re.compile(r'^-?\d{1,4}(_[a-z0-9]+)*$', re.ASCII)
_DATE = re.compile(r'^\d{4}-\d{2}-\d{2}$|^\d{2}\.\d{2}\.\d{4}$', re.ASCII)
_DATETIME = re.compile(r'^(\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4})[ T]\d{1,2}:\d{2}(:\d{2})?$', re.ASCII)
_TIME = re.compile(r'^\d{1,2}:\d{2}(:\d{2})?$', re.ASCII)
_NUMBER = re.compile(r'^-?\d+$', re.ASCII)
_DECIMAL = re.compile(r'^-?\d[\d\s\u00a0]*[.,]\d+$')
_MONEY = re.compile(r'^-?\d[\d\s\u00a0]*([.,]\d+)?\s*([A-Z]{3}|руб\.?|[$\u20ac\u20bd\u00a3])(\s*/\s*(.+))?$')
_IPV4 = re.compile(r'^\d{1,3}(\.\d{1,3}){3}(/\d{1,2})?$', re.ASCII)
_IPV6 = re.compile(r'^[0-9a-f:]*:[0-9a-f:.]*(/\d{1,3})?$', re.IGNORECASE | re.ASCII)
_EMAIL = re.compile(r'^[^@\s]+@[^@\s]+$')
_DOMAIN = re.compile(r'^(\*\.)?([a-z0-9_-]+\.)+[a-z0-9-]+\.?$', re.IGNORECASE)
_CURRENCIES = re.compile(r'^[A-Z]{3}$', re.ASCII)


def kind_of(text):
    """The kind of one value as a report names it: ``date``, ``datetime``, ``ip``, ``money``, ``domain``, ... or ``text``."""
    text = str(text).strip()
    if text == '':
        return 'empty'
    words = text.split()
    if len(words) > 1 and all(_IPV4.match(word) or _IPV6.match(word) for word in words):
        return 'ips'
    for kind, pattern in (('datetime', _DATETIME), ('date', _DATE), ('time', _TIME), ('number', _NUMBER),
                          ('decimal', _DECIMAL), ('ip', _IPV4), ('ip', _IPV6), ('money', _MONEY), ('email', _EMAIL),
                          ('domain', _DOMAIN)):
        if pattern.match(text):
            return kind
    return 'text'


def masked(field, text):
    """One value as a report keeps it: the panel's vocabulary as it is, anything else as its kind."""
    text = str(text).strip()
    if text.lower() in VOCABULARY or (field in CODE_FIELDS and _CODE.match(text)) or _CURRENCIES.match(text):
        return text
    kind = kind_of(text)
    if kind == 'money':
        # The currency and the period ("500.00 RUB / Month") say how a panel writes money; the amount is the user's.
        found = _MONEY.match(text)
        period = (found.group(4) or '').strip()
        kept_period = period if period.lower() in VOCABULARY else ('<text>' if period else '')
        return ' / '.join(filter(None, ('<money> %s' % found.group(2), kept_period)))
    if kind == 'number' and field in ('id', 'elid', 'item', 'plid', 'billorder', 'account'):
        return '<id>'
    if kind == 'empty':
        return ''
    return '<%s>' % kind


def shape_of(node, field=None, depth=0):
    """A document (as the client unwraps it) with every value masked, lists cut to SAMPLES elements (with their count)."""
    if depth > 8:
        return '<deeper>'
    if isinstance(node, dict):
        return dict((key, shape_of(value, key, depth + 1)) for key, value in sorted(node.items()) if key not in LEFT_OUT)
    if isinstance(node, list):
        shaped = [shape_of(item, field, depth + 1) for item in node[:SAMPLES]]
        if len(node) > SAMPLES:
            shaped.append('<%d more>' % (len(node) - SAMPLES))
        return shaped
    if node is None:
        return None
    return masked(field, text_of(node))


def field_kinds(elems):
    """``{field: [kinds]}`` over a list's elements: which fields its rows carry and what their values look like."""
    kinds = {}
    for elem in elems:
        if not isinstance(elem, dict):
            continue
        for key, value in elem.items():
            if key in LEFT_OUT:
                continue
            kind = 'object' if isinstance(value, dict) else kind_of(text_of(value))
            found = kinds.setdefault(key, [])
            if kind not in found:
                found.append(kind)
    return dict((key, sorted(value)) for key, value in sorted(kinds.items()))


def codes_of(elems, field):
    """The distinct codes a list's rows show in ``field`` (``orig`` of an object such as item_status), sorted."""
    codes = set()
    for elem in elems:
        value = elem.get(field) if isinstance(elem, dict) else None
        code = text_of(value.get('orig')) if isinstance(value, dict) else text_of(value)
        if code and _CODE.match(code.strip()):
            codes.add(code.strip())
    return sorted(codes)


def list_shape(doc):
    """A list answer's shape: its fields and their kinds, a masked sample of its rows, the paging fields it sends."""
    elems = [elem for elem in as_list(doc.get('elem')) if isinstance(elem, dict)]
    return {'fields': field_kinds(elems), 'sample': shape_of(elems[:SAMPLES]),
            'paging': sorted(key for key in ('p_elems', 'p_num', 'p_cnt') if key in doc)}
