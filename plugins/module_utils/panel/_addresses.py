# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A service's IP addresses and their reverse DNS, as billmgr_service_ip and billmgr_service_ip_info read them. Private to this collection.

``service.ip&elid=ID`` lists a service's addresses (real-panels.md, "Real functions ... not implemented": E5, E16);
the PTR name of one is its ``domain``, set with ``service.ip.edit&elid=IPID&plid=ID&domain=NAME&sok=ok``. A row's
columns are real-panels-2 §6.1's (E22 ``DedicIPItem``, E23): ``name`` is the address, ``is_main`` (on/off) marks the
main one, ``type`` is a label ("Public IPv4", E23) and so the address's own version wins. They are read leniently: an
unreadable flag is "not main", an address that does not parse has no type. A dedicated server's edit form also holds the address's ``mask`` and
``gateway``, which a real cabinet sends back with the name and ``clicked_button=ok`` (real-panels-2 §6.2, E22): left
out, they may be cleared.
"""

from __future__ import annotations

import ipaddress
import re

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import int_or_none, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import find_service
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import boolean_text, normalise_ip

ADDRESS_TYPES = ('vds', 'dedic')
_HOST_LABEL = re.compile(r'^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$')
_TOP_LABEL = re.compile(r'^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$')


def represent_address(elem):
    """One element of ``service.ip`` as the plain dict every address is returned as."""
    address = text_of(elem.get('name')).strip()
    try:
        version = ipaddress.ip_address(address).version
    except ValueError:
        version = None
    return {
        'id': int_or_none(elem.get('id')),
        'address': address,
        'type': 'ipv%d' % version if version else None,
        'main': boolean_text(text_of(elem.get('is_main'))) == 'on',
        'ptr': ptr_text(text_of(elem.get('domain'))),
        'gateway': text_of(elem.get('gateway')).strip() or None,
    }


def ptr_text(value):
    """A PTR name as compared and sent: lower case, without the root's trailing dot; None for none."""
    text = (value or '').strip().lower()
    return text[:-1] if text.endswith('.') else (text or None)


def check_ptr(name, address):
    """The PTR name a task asks for, checked as a host name; None clears it."""
    if name is None:
        return None
    if not isinstance(name, str):
        raise InputError('ptr for %s: %r is not a host name' % (address, name))
    text = ptr_text(name)
    if text is None:
        return None
    labels = text.split('.')
    if len(text) > 253 or not all(_HOST_LABEL.match(label) for label in labels[:-1]) or not _TOP_LABEL.match(labels[-1]):
        raise InputError('ptr for %s: %r is not a host name (letters, digits and hyphens in dot-separated labels)' % (address, name))
    return text


def wanted_ptrs(ptr):
    """``ptr`` (address -> name, or a list of {address, ptr}) as {canonical address: checked name or None}."""
    if ptr is None:
        return {}
    if isinstance(ptr, dict):
        pairs = list(ptr.items())
    elif isinstance(ptr, list):
        pairs = []
        for item in ptr:
            # An item without ptr would clear the record: a wish to clear one says ptr: null (or '') out loud.
            if not isinstance(item, dict) or set(item) != {'address', 'ptr'}:
                raise InputError('ptr: each list item is {address: ..., ptr: ...} (ptr: null clears the record); got %r' % (item,))
            pairs.append((item['address'], item.get('ptr')))
    else:
        raise InputError('ptr is a mapping of address to name, or a list of {address, ptr}; got %r' % (ptr,))
    wanted = {}
    for address, name in pairs:
        canonical = normalise_ip(address, 'ptr')
        if canonical in wanted:
            raise InputError('ptr: %s is given twice' % canonical)
        wanted[canonical] = check_ptr(name, canonical)
    return wanted


def read_addresses(client, service_id):
    return [represent_address(elem) for elem in client.list('service.ip', {'elid': service_id})]


def check_identity(params):
    if params['type'] not in ADDRESS_TYPES:
        raise InputError('type %s has no addresses of its own; use one of %s' % (params['type'], ', '.join(ADDRESS_TYPES)))
    if params.get('id') is None and not params.get('remoteid') and not params.get('domain'):
        raise InputError('name the service by id, remoteid or domain')


def named_service(client, params):
    """The service of ``type`` the task names by ``id``, ``remoteid`` or ``domain`` (see check_identity), or None."""
    return find_service(client, params['type'], service_id=params.get('id'), remoteid=params.get('remoteid'), domain=params.get('domain'))


# The item types whose address form holds more than the PTR: the fields sent back as the form holds them (E22).
FORM_FIELDS_KEPT = {'dedic': ('mask', 'gateway')}


def ptr_edit(client, item_type, service_id, address_id, name):
    """The parameters of ``service.ip.edit`` that set the PTR of address ``address_id`` to ``name`` (None clears it).

    A VPS's edit is the name alone (E22). A dedicated server's first reads its form (one request, a read) and sends
    back the ``mask`` and ``gateway`` it holds, so an edit of the name does not blank them (real-panels-2 §6.2).
    """
    params = {'elid': address_id, 'plid': service_id, 'domain': name or '', 'sok': 'ok'}
    kept = FORM_FIELDS_KEPT.get(item_type)
    if kept:
        form = client.read('service.ip.edit', {'elid': address_id, 'plid': service_id})
        for field in kept:
            if field in form:
                params[field] = text_of(form.get(field)).strip()
        params['clicked_button'] = 'ok'
    return params
