# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What billmgr_service_ip_info looks up (``AddressInfoTask``): a service's addresses and their PTR names. Private to this collection."""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._addresses import check_identity, named_service, read_addresses
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task


class AddressInfoTask(Task):
    """billmgr_service_ip_info: the service and its addresses; a service not found is ``service`` null, no addresses."""

    def run(self):
        check_identity(self.params)
        service = named_service(self.client, self.params)
        addresses = read_addresses(self.client, service['id']) if service else []
        return {'changed': False, 'service': service, 'addresses': addresses}
