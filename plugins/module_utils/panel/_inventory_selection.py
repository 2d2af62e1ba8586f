# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which services the inventory lists, selected by the panel's own list filters. Private to this collection.

A list filter has one value per field (the filter forms of real panels: ``pricelist``, ``datacenter``, ``status``,
real-panels §5.3, E5; ``account`` by its full name for an administrator, vendor seeds 001/003). So each named tariff,
datacenter and account is one filtered list per item type, and a type none of the named tariffs belongs to is not
listed at all: the panel sends only what was asked for, in fewer pages than the whole account. Names become ids
through one price list read (tariffs and datacenters) and one account list read (accounts, administrators only).
"""

from __future__ import annotations

import itertools

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._accounts import is_admin
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import int_or_none, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._catalog import Catalog, is_named
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import list_services

# An error names at most this many of the known names: an administrator's panel may have thousands of accounts.
KNOWN_SHOWN = 30


def _known(things):
    names = ['%s (%s)' % (thing['name'], thing['id']) for thing in things]
    more = len(names) - KNOWN_SHOWN
    return ', '.join(names[:KNOWN_SHOWN]) + (' and %d more' % more if more > 0 else '') if names else 'none'


def _resolve(option, what, refs, things, where):
    """Every thing each of ``refs`` names (a name may fit tariffs of several item types), in the order named."""
    chosen = {}
    for ref in refs:
        found = [thing for thing in things if is_named(thing, ref)]
        if not found:
            raise InputError('%s: unknown %s %r%s; known: %s' % (option, what, ref, where, _known(things)))
        for thing in found:
            chosen.setdefault((thing.get('type'), thing['id']), thing)
    return list(chosen.values())


def resolve_catalog(client, types, pricelists, datacenters):
    """(tariffs, datacenters) that ``pricelists`` and ``datacenters`` name among the tariffs of ``types``: one read."""
    catalog = Catalog.read(client, types[0] if len(types) == 1 else None)
    # A tariff whose item type the export does not say may be of any listed type [INF: strict, it is listed for each].
    tariffs = [tariff for tariff in catalog.tariffs if tariff['type'] in types or tariff['type'] is None]
    where = ' for %s services' % ', '.join(types)
    chosen_tariffs = _resolve('pricelists', 'pricelist', pricelists, tariffs, where) if pricelists else []
    offered = {}
    for tariff in tariffs:
        for datacenter in tariff['datacenters']:
            if datacenter['id'] is not None:
                offered.setdefault(datacenter['id'], datacenter)
    chosen_datacenters = _resolve('datacenters', 'datacenter', datacenters, list(offered.values()), where) if datacenters else []
    return chosen_tariffs, chosen_datacenters


def resolve_accounts(client, accounts):
    """The accounts' full names, as the list filter takes them (vendor seeds 001/003), from one account list read.

    Only an administrator can read the account list; anyone else sees only the own account's services, so a client's
    ``account`` is used as written.
    """
    if not accounts:
        return []
    if not is_admin(client):
        return list(dict.fromkeys(str(account).strip() for account in accounts))
    known = [{'id': int_or_none(text_of(elem.get('id') or elem.get('elid'))), 'name': text_of(elem.get('name')).strip()}
             for elem in client.list('account', {'filter': 'on'})]
    return [account['name'] for account in _resolve('account', 'account', accounts, known, '')]


def _same(listed, wanted):
    """A listed name against a chosen one; a list without the column proves nothing either way."""
    return listed is None or wanted is None or listed.strip().lower() == (wanted['name'] or '').strip().lower()


def list_selected(client, types, filters=None, pricelists=(), datacenters=(), accounts=()):
    """The services of ``types`` on the named tariffs, in the named datacenters, of the named accounts.

    ``filters`` (the status, when one) goes with every list. Each combination of a tariff, a datacenter and an account
    is one filtered list per type; every service is checked here too, so a panel whose filter form lacks a field gives
    the same hosts (in more pages). The ids ``pricelists`` and ``datacenters`` resolve to are what the filter takes.
    """
    tariffs, places = resolve_catalog(client, types, pricelists, datacenters) if pricelists or datacenters else ([], [])
    names = resolve_accounts(client, accounts)
    services, seen = [], set()
    for item_type in types:
        own_tariffs = [tariff for tariff in tariffs if tariff['type'] in (item_type, None)]
        if pricelists and not own_tariffs:
            continue  # no named tariff is of this type: it has no service to list
        for tariff, place, account in itertools.product(own_tariffs or [None], places or [None], names or [None]):
            chosen = dict(filters or {})
            if tariff is not None:
                chosen['pricelist'] = tariff['id']
            if place is not None:
                chosen['datacenter'] = place['id']
            for service in list_services(client, item_type, account=account, filters=chosen):
                key = (item_type, service['id'])
                if not (_same(service['pricelist'], tariff) and _same(service['datacenter'], place)):
                    continue
                # A server the panel is deleting (5_close, real-panels-2 §13) is no host to configure, whatever the statuses.
                if service.get('deletion') == 'in progress':
                    continue
                if service['id'] is not None and key in seen:
                    continue
                seen.add(key)
                services.append(service)
    return services
