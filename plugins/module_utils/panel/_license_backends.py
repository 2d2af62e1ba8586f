# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which license API a task speaks: its ``api`` option chooses the backend. Private to this collection.

Here, not in either license file, because it names both (_legacy_licenses.py builds on _licenses.py), and both
license tasks choose by it.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._legacy_licenses import LegacyLicenses
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._licenses import API_CURRENT, API_LEGACY, CurrentLicenses

BACKENDS = {API_CURRENT: CurrentLicenses, API_LEGACY: LegacyLicenses}


def backend_for(client, params, check_mode=False):
    return BACKENDS[params.get('api') or API_CURRENT](client, account=params.get('account'), check_mode=check_mode)
