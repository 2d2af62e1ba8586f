# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""panel/_license_backends.py: the ``api`` option chooses the license backend, the current API when it is not given."""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._legacy_licenses import LegacyLicenses
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._license_backends import backend_for
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._licenses import CurrentLicenses


def test_the_api_option_chooses_the_backend(http_server, client):
    assert isinstance(backend_for(client, {}), CurrentLicenses)
    current = backend_for(client, {'api': 'current', 'account': 'alice'}, check_mode=True)
    assert isinstance(current, CurrentLicenses) and (current.account, current.check_mode) == ('alice', True)
    assert isinstance(backend_for(client, {'api': 'legacy'}), LegacyLicenses)
    assert http_server.requests == []
