# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The reads of billmgr_panel_info: who is logged in, which carts and lists a panel has, what its forms show. Private to this collection.

Every request here is ``client.read``, which refuses anything not on the list of known reads (transport/_reads.py):
lists with and without ``filter=on``, the carts without ``sok``, ``pricelist.export``, and the order, edit, renewal
and tariff-change forms without ``sok``. A probe never raises on what a panel answers: a refusal is a finding, kept
with the panel's own words (its kind and message, which the client has scrubbed of secrets).

Whether a list takes ``remoteid``, ``domain`` or ``ip`` as a filter field is seen, not read from the filter form
(``TYPE.filter``: no source shows that form read without acting, so it stays off the reads list): the list is asked
with ``filter=on`` and a value no service has. A field the panel honours empties the list; one it ignores (real
filter forms of dedic and dnshost have none of the three, real-panels §5.3, E5; ``vds.filter`` has ``ip`` and
``domain``, real-panels-2 §9.2, E5) leaves it whole.
"""

from __future__ import annotations

import re

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import as_list, int_or_none, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._client import DEFAULT_PAGE_SIZE, DRAGON_HEADERS, LEVEL_CLIENT
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._addresses import represent_address
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import amount_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._catalog import Catalog, slist_choices
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._columns import status_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._list_check import check_rows
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._prolong_form import PROLONG_FUNC, renewable_after
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import order_cost, order_func
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._shapes import list_shape, shape_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import STATUS_ACTIVE, date_of

# The item types the collection works with (services, licences, BILLmanager 6 cloud instances).
ITEM_TYPES = ('vds', 'dedic', 'vhost', 'soft', 'platform', 'instances')
# Rows read to judge a list's shape: one page, small enough for any panel.
SAMPLE_ROWS = 50
# Values no service has, one per filter field: a field the panel honours finds nothing with them. The address is of
# TEST-NET-1 (RFC 5737), the domain under .invalid (RFC 2606): nothing is ever looked up.
ABSENT_VALUES = (('remoteid', 'billmgr-panel-check-none'), ('domain', 'panel-check.invalid'), ('ip', '192.0.2.254'))
TARIFF_CHANGE_STEPS = ('service.changepricelist', 'service.changepricelist.pricelist', 'service.changepricelist.getmoney')
# A price in a choice's words: "5.00 EUR per month" (E22 translatePeriod), "1 month (650.00 RUB)".
_PRICE_WORDS = re.compile(r'\d[\d\s]*[.,]\d{2}\s*([A-Z]{3}|руб|\u20bd|\u20ac|\$|\u00a3)')


def refusal(err):
    """A BillmgrError as a finding: its kind, object and the panel's words (already scrubbed by the client)."""
    return {'kind': err.kind, 'object': err.obj, 'message': err.message}


def _read(client, func, params=None, headers=None):
    """(document, None) or (None, refusal)."""
    try:
        return client.read(func, params, headers=headers), None
    except BillmgrError as err:
        return None, refusal(err)


def unknown_function(refused):
    """Whether a refusal says the panel has no such function (the simulator's and E5's ``missed``; E29 meets "the control
    module is not loaded"; what BILLmanager 5 answers is not known, real-panels-2 §1.6)."""
    if refused is None:
        return False
    said = ('%s %s %s' % (refused['kind'], refused['object'] or '', refused['message'] or '')).lower()
    return (refused['kind'] == 'missed' and 'func' in said) or 'not found' in said or 'not loaded' in said


# -- who is logged in ---------------------------------------------------------------------------

def probe_session(client, totp_given=False):
    """Whether the login works and as whom: ``role`` client/admin (level 16 is a client, E18), two-factor, captcha."""
    found = {'works': False, 'role': None, 'level': None, 'two_factor': bool(totp_given), 'captcha': False, 'refused': None}
    try:
        level = client.user_level()
        doc = client.read('whoami')
    except BillmgrError as err:
        found['refused'] = refusal(err)
        found['two_factor'] = found['two_factor'] or err.obj == 'totp'
        found['captcha'] = 'captcha' in (err.message or '').lower()
        return found
    user = doc.get('user')
    if level is None and isinstance(user, dict):
        level = int_or_none(user.get('level'))
    found.update(works=True, level=level, captcha=client.logs_in_per_request, shape=shape_of(doc))
    found['role'] = None if level is None else ('admin' if level > LEVEL_CLIENT else 'client')
    return found


# -- carts --------------------------------------------------------------------------------------

def probe_carts(client):
    """The old cart (``basket``, E5, E14), the new cart (``cart``, BILLmanager 6, E1) and the Dragon theme's cart (seed
    003: ``cart`` with the web interface's header and ``theme=dragon``), each read without ``sok``."""
    found = {}
    for name, func, params, headers in (('old_cart', 'basket', None, None), ('new_cart', 'cart', None, None),
                                        ('dragon_cart', 'cart', {'theme': 'dragon'}, DRAGON_HEADERS)):
        doc, refused = _read(client, func, params, headers)
        found[name] = {'answers': doc is not None, 'refused': refused,
                       'unknown_function': unknown_function(refused), 'shape': shape_of(doc) if doc is not None else None}
    return found


# -- one list -----------------------------------------------------------------------------------

def _total(doc, rows):
    total = int_or_none(doc.get('p_elems'))
    return total if total is not None else len(rows)


def probe_list(client, item_type):
    """One item type's list: whether the panel has it, its rows' shape (``check_rows``), a saved filter, its filter fields."""
    doc, refused = _read(client, item_type, {'filter': 'on', 'p_num': 1, 'p_cnt': SAMPLE_ROWS})
    if doc is None:
        return {'offered': False if unknown_function(refused) else None, 'refused': refused}
    rows = [elem for elem in as_list(doc.get('elem')) if isinstance(elem, dict)]
    total = _total(doc, rows)
    found = {'offered': True, 'refused': None, 'total': total, 'paged': 'p_elems' in doc, 'shape': list_shape(doc)}
    found.update(check_rows(item_type, rows))
    found['rows_read'] = found.pop('rows')
    found['active_id'] = next((int_or_none(row.get('id')) for row in rows
                               if status_of(row) == STATUS_ACTIVE and int_or_none(row.get('id'))), None)
    found['saved_filter'] = None
    found['filter_fields'] = dict((field, None) for field, _value in ABSENT_VALUES)
    if total:
        # A list without filter=on applies the filter the user saved in the web interface (E5): it shows fewer.
        plain, _refused = _read(client, item_type, {'p_num': 1, 'p_cnt': 1})
        if plain is not None:
            found['saved_filter'] = _total(plain, as_list(plain.get('elem'))) < total
        for field, value in ABSENT_VALUES:
            filtered, _refused = _read(client, item_type, {'filter': 'on', field: value, 'p_num': 1, 'p_cnt': 1})
            if filtered is not None:
                found['filter_fields'][field] = _total(filtered, as_list(filtered.get('elem'))) < total
    full_pages, rest = divmod(total, DEFAULT_PAGE_SIZE)
    pages = max(1, full_pages + (1 if rest else 0))
    found['lookup_pages'] = {'remoteid': 1 if found['filter_fields']['remoteid'] else pages}
    return found


# -- the catalogue and the order forms ----------------------------------------------------------

def probe_catalogue(client):
    """``pricelist.export`` parsed as the collection parses it (``Catalog``): tariffs, periods, add-on types, choices."""
    try:
        catalog = Catalog.read(client)
    except BillmgrError as err:
        return {'answers': False, 'refused': refusal(err), 'types': {}}
    types = {}
    for tariff in catalog.tariffs:
        empty = {'tariffs': 0, 'orderable': 0, 'periods': set(), 'addon_types': set(), 'choices': 0, 'first_orderable': None}
        kind = types.setdefault(tariff['type'] or 'unknown', empty)
        kind['tariffs'] += 1
        kind['periods'].update(price['period'] for price in tariff['prices'])
        for addon in tariff['addons']:
            kind['addon_types'].add(addon['type'] or 'unknown')
            kind['choices'] += len(addon.get('choices') or [])
        if tariff['orderable']:
            kind['orderable'] += 1
            if kind['first_orderable'] is None:
                kind['first_orderable'] = tariff['id']
    for kind in types.values():
        kind['periods'] = sorted(kind['periods'])
        kind['addon_types'] = sorted(kind['addon_types'])
    return {'answers': True, 'refused': None, 'tariffs': len(catalog.tariffs), 'types': types}


def probe_order_form(client, item_type, tariff_id):
    """The order form of one tariff, without ``sok``: the v2 form (BILLmanager 6 and late 5, E1, E3), else the old one."""
    found = {}
    for api in ('v2', 'old'):
        doc, refused = _read(client, order_func(item_type, api), {'pricelist': tariff_id})
        found[api] = {'answers': doc is not None, 'refused': refused}
        if doc is not None:
            found[api].update(priced=order_cost(doc) is not None, shape=shape_of(doc),
                              autoprolong=[choice['name'] for choice in slist_choices(doc, 'autoprolong')])
            break
    return found


# -- the forms money relies on ------------------------------------------------------------------

def _priced_choices(form, name):
    return [choice['name'] for choice in slist_choices(form, name) if _PRICE_WORDS.search(choice['title'] or '')]


def probe_service_forms(client, item_type, service_id):
    """The edit, renewal and tariff-change forms of one active service, each without ``sok``, and its addresses."""
    found = {'service_type': item_type}
    edit, refused = _read(client, '%s.edit' % item_type, {'elid': service_id})
    found['edit'] = {'answers': edit is not None, 'refused': refused}
    if edit is not None:
        found['edit'].update(autoprolong_choices=len(slist_choices(edit, 'autoprolong')),
                             priced_autoprolong=_priced_choices(edit, 'autoprolong'),
                             autoprolong=text_of(edit.get('autoprolong')) or None, shape=shape_of(edit))
    found['renewal'] = _renewal(client, service_id, edit)
    change, refused = _read(client, TARIFF_CHANGE_STEPS[0], {'elid': service_id})
    found['tariff_change'] = {'answers': change is not None, 'refused': refused,
                              'steps': list(TARIFF_CHANGE_STEPS) if change is not None else []}
    if change is not None:
        found['tariff_change'].update(choices=len(slist_choices(change, 'pricelist')), shape=shape_of(change),
                                      priced=amount_of(change.get('cost')) is not None or bool(_priced_choices(change, 'pricelist')))
    if item_type in ('vds', 'dedic'):
        addresses, refused = _read(client, 'service.ip', {'elid': service_id})
        found['addresses'] = {'answers': addresses is not None, 'refused': refused}
        if addresses is not None:
            rows = [elem for elem in as_list(addresses.get('elem')) if isinstance(elem, dict)]
            read = [represent_address(elem) for elem in rows]
            found['addresses'].update(rows=len(rows), read=sum(1 for address in read if address.get('address')),
                                      shape=list_shape(addresses))
    return found


def _renewal(client, service_id, edit):
    """The renewal form: does it show a price (``cost``: the simulator; none on real forms, real-panels-2 §2.7, E5, E22),
    prices in its period choices, or in the edit form's auto-renewal choices (E22); a renewal window (E5)."""
    try:
        doc = client.read(PROLONG_FUNC, {'elid': service_id})
    except BillmgrError as err:
        found = {'answers': False, 'refused': refusal(err), 'window_days': None, 'priced': False}
        opens = renewable_after(err)
        if opens is not None:
            expiry = date_of(edit.get('expiredate')) if edit else None
            found['window_days'] = (expiry - opens).days if expiry else 0
        return found
    found = {'answers': True, 'refused': None, 'window_days': None}
    found.update(cost=amount_of(doc.get('cost')) is not None, priced_periods=_priced_choices(doc, 'period'),
                 shape=shape_of(doc))
    found['priced'] = found['cost'] or bool(edit is not None and _priced_choices(edit, 'autoprolong'))
    return found
