# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What billmgr_service_ip decides (``AddressTask``): the PTR name of each address asked for, set where it differs.

Private to this collection. Reading the addresses and checking what a task asks are panel/_addresses.py's; the PTR
write is a guarded write (guarded/_write.py), so it is the task's.
"""

from __future__ import annotations

import ipaddress

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._addresses import (
    check_identity,
    named_service,
    ptr_edit,
    read_addresses,
    wanted_ptrs,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import FREE_CHANGE_RECONCILE, write_once
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import normalise_ip


def set_ptr(client, item_type, service_id, address, name):
    """One free, readable change, sent once and confirmed by reading the addresses back: the PTR set, the gateway kept."""
    params = ptr_edit(client, item_type, service_id, address['id'], name)

    def send():
        return client.write('service.ip.edit', params)

    def applied():
        return True if any(a['id'] == address['id'] and a['ptr'] == name and a['gateway'] == address['gateway']
                           for a in read_addresses(client, service_id)) else None

    write_once(client, 'the PTR of %s' % address['address'], send, applied, reconcile=FREE_CHANGE_RECONCILE)


class AddressTask(Task):
    """billmgr_service_ip: the addresses, and each PTR of ``ptr`` set where it differs (one write per address)."""

    def run(self):
        check_identity(self.params)
        wanted = wanted_ptrs(self.params.get('ptr'))
        service = named_service(self.client, self.params)
        if service is None:
            raise InputError('no %s service has %s' % (self.params['type'], self._identity()))
        addresses = read_addresses(self.client, service['id'])
        by_address = dict((normalise_ip(a['address']), a) for a in addresses if _is_ip(a['address']))
        unknown = sorted(set(wanted) - set(by_address))
        if unknown:
            raise InputError('%s service %d has no address %s (it has %s); nothing was changed' % (
                self.params['type'], service['id'], ', '.join(unknown), ', '.join(a['address'] for a in addresses) or 'none'))
        changes = [(by_address[address], name) for address, name in sorted(wanted.items()) if by_address[address]['ptr'] != name]
        result = {'changed': bool(changes), 'service': service, 'addresses': addresses}
        if self.diff:
            result['diff'] = {'before': dict((a['address'], a['ptr']) for a, dummy in changes),
                              'after': dict((a['address'], name) for a, name in changes)}
        if not changes or self.check_mode:
            return result
        for done, (address, name) in enumerate(changes):
            try:
                set_ptr(self.client, self.params['type'], service['id'], address, name)
            except BillmgrError as err:
                if not done:
                    raise
                raise TaskError('%s; the PTR of %s was set before it' % (err, ', '.join(a['address'] for a, dummy in changes[:done])),
                                **result) from None
        result['addresses'] = read_addresses(self.client, service['id'])
        return result

    def _identity(self):
        p = self.params
        return 'id %s' % p['id'] if p.get('id') is not None else ('remoteid %s' % p['remoteid'] if p.get('remoteid') else 'domain %s' % p['domain'])


def _is_ip(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
