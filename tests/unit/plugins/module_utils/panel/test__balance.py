# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""panel/_balance.py: the latest charges and payments are read past a filter saved in the web interface."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._balance import latest
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import listing


@pytest.mark.parametrize('func', ['expense', 'payment'])
def test_latest_reads_with_its_own_empty_filter(http_server, client, func):
    """real-panels-2 §2.6, §9.1: without filter=on the panel applies the user's saved filter (E24)."""
    http_server.queue(listing({'id': '3'}, {'id': '2'}, {'id': '1'}))
    assert [elem['id'] for elem in latest(client, func, 2)] == ['3', '2']
    [request] = http_server.requests
    form = request['form']
    assert form['func'] == func and form['filter'] == 'on' and form['p_cnt'] == '2'
    assert not set(form) - {'func', 'filter', 'p_num', 'p_cnt', 'p_col', 'out', 'authinfo', 'auth', 'lang', 'sok'}
