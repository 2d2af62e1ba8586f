# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What billmgr_service_info looks up (``ServiceInfoTask``). Private to this collection."""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import search_services
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task


class ServiceInfoTask(Task):
    """billmgr_service_info: services of several item types matching every filter given, read only."""

    def run(self):
        p = self.params
        services = search_services(self.client, p['types'], status=p['statuses'], account=p['account'], service_id=p['id'],
                                   remoteid=p['remoteid'], domain=p['domain'], addons=p['with_addons'])
        return {'changed': False, 'services': services}
