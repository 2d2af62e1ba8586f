# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What billmgr_license_info looks up (``LicenseInfoTask``), through either license API. Private to this collection."""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._license_backends import backend_for
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import STATUS_DELETED, iso, normalise_ip, parse_date, status_codes


class LicenseInfoTask(Task):
    """billmgr_license_info: licenses matching every filter; their keys (one request each) only when asked."""

    def run(self):
        p = self.params
        query = {
            'license_id': p.get('id'),
            'licname': p.get('licname'),
            'ip': normalise_ip(p.get('ip')),
            'status': status_codes(p.get('statuses')) or None,
            'expires_after': iso(parse_date(p['expires_after'], 'expires_after')) if p.get('expires_after') else None,
            'expires_before': iso(parse_date(p['expires_before'], 'expires_before')) if p.get('expires_before') else None,
        }
        backend = backend_for(self.client, p)
        if p.get('with_keys') and not backend.can_read_key:
            raise InputError('with_keys: not available with api=%s (it gives out no license keys)' % backend.api)
        licenses = backend.search(query)
        if query['status'] is None:
            # Real plain lists show deleted licenses too (real-panels §5.5: E12, E23): left out unless asked for.
            licenses = [lic for lic in licenses if lic.get('status') != STATUS_DELETED]
        if p.get('with_keys'):
            licenses = [dict(lic, lickey=backend.key(lic['id']) or None) for lic in licenses]
        return {'changed': False, 'licenses': licenses}
