# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tasks/_pricelist_info_task.py: what billmgr_pricelist_info reads, and the pricelist it is asked for checked by name."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._pricelist_info_task import PricelistInfoTask
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.module_utils.panel.test__catalog import DEDIC, EXPORT, VPS_START


def test_pricelist_info_task_reads_one_type_without_templates(http_server, client):
    http_server.answer('pricelist.export', {'body': {'doc': {'pricelist': [VPS_START, DEDIC]}}})
    result = PricelistInfoTask(client, {'types': ['dedic'], 'pricelist': 'dedicated basic', 'with_templates': False}).run()
    assert result['changed'] is False
    assert [p['id'] for p in result['pricelists']] == [32] and result['pricelists'][0]['ostempls'] is None
    assert result['datacenters'] == [{'id': 1, 'name': 'Frankfurt'}, {'id': 2, 'name': 'Amsterdam'}]
    assert http_server.sent() == [{'itemtype': 'dedic'}]


def test_pricelist_info_task_refuses_an_unknown_pricelist(http_server, client):
    http_server.answer('pricelist.export', EXPORT)
    with pytest.raises(InputError, match="unknown pricelist 'VPS Pro' for item types any"):
        PricelistInfoTask(client, {'types': None, 'pricelist': 'VPS Pro', 'with_templates': True}).run()
