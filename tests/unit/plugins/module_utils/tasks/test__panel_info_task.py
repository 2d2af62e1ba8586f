# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tasks/_panel_info_task.py: the check from login to report, read only, and its report file."""

from __future__ import annotations

import json

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._panel_info_task import PanelInfoTask
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import NO_NEW_CART, doc, export, export_tariff, listing, old_cart
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.module_utils.panel.test__columns import VDS


def test_a_check_reads_only_and_writes_its_report(http_server, client, tmp_path):
    http_server.answer('whoami', doc(user={'$level': '16', '$': 'alice'}))
    http_server.answer('basket', old_cart())
    http_server.answer('cart', NO_NEW_CART)
    http_server.answer('vds', listing(VDS))
    http_server.answer('pricelist.export', export(export_tariff(6, 'VPS Start')))
    http_server.answer('v2.vds.order.param', doc(orderinfo='Total amount: 500.00 RUB'))
    http_server.answer('vds.edit', doc(expiredate='2027-01-31', autoprolong='1'))
    http_server.answer('service.prolong', doc(expiredate='2027-01-31', cost='500.00'))
    http_server.answer('service.changepricelist', doc())
    http_server.answer('service.ip', listing({'id': '1', 'ip': '127.0.3.190'}))
    http_server.answer('desktop', doc(balance='1234.50 RUB'))
    path = tmp_path / 'report.json'
    result = PanelInfoTask(client, {'types': ['vds'], 'report': str(path)}, check_mode=True).run()
    assert result['changed'] is False and result['panel']['panel'] == 5
    assert result['features']['ordering']['verdict'] == 'works' and result['features']['account_info']['verdict'] == 'works'
    assert result['requests'] == len(http_server.requests) + len(http_server.logins)
    assert http_server.writes() == []
    written = json.loads(path.read_text(encoding='utf-8'))
    assert written == json.loads(json.dumps(result['report'])) and 'web.alice.test' not in path.read_text(encoding='utf-8')


def test_a_report_path_that_is_a_directory_is_refused_before_any_request(http_server, client, tmp_path):
    with pytest.raises(InputError, match='is a directory'):
        PanelInfoTask(client, {'types': None, 'report': str(tmp_path)}).run()
    assert http_server.requests == [] and http_server.logins == []
