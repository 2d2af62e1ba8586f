# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tasks/_service_ip_info_task.py: a service's addresses read, and a service not found is no error."""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._service_ip_info_task import AddressInfoTask
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.module_utils.panel.test__addresses import AddressPanel


def run(client, check_mode=False, diff=False, **params):
    args = dict({'type': 'vds', 'id': 958, 'remoteid': None, 'domain': None, 'ptr': None}, **params)
    return AddressInfoTask(client, args, check_mode=check_mode, diff=diff).run()


def test_info_lists_and_finds_nothing_quietly(http_server, client):
    AddressPanel(http_server)
    result = run(client, id=None, remoteid='web-1')
    assert [a['address'] for a in result['addresses']] == ['203.0.113.10', '2001:db8::10'] and result['service']['id'] == 958
    assert run(client, id=None, remoteid='none') == {'changed': False, 'service': None, 'addresses': []}
    assert http_server.writes() == []
