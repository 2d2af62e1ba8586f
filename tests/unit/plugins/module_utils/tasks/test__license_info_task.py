# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tasks/_license_info_task.py: what billmgr_license_info asks the panel for, its input checked before any request."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._license_info_task import LicenseInfoTask
from ansible_collections.ispsystem.billmgr.plugins.modules.billmgr_license_info import ARGUMENT_SPEC as INFO_SPEC
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import listing
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.module_utils.tasks.test__license_task import LicensePanel, elem


def info_params(**options):
    result = dict((name, spec.get('default')) for name, spec in INFO_SPEC.items())
    result.update(options)
    return result


def test_info_checks_dates_and_maps_status_names(http_server, client):
    rows = [elem(1, 'a', expiredate='2026-01-10'), elem(2, 'b', status=3, expiredate='2026-03-01'), elem(3, 'c', expiredate='2026-01-20')]
    http_server.answer('soft', lambda form: listing(*[r for r in rows if r['status'] == form['status']]))
    result = LicenseInfoTask(client, info_params(statuses=['active', 'suspended'], expires_before='2026-02-01')).run()
    assert result == {'changed': False, 'licenses': result['licenses']}
    assert [lic['id'] for lic in result['licenses']] == [1, 3]
    assert [form['status'] for form in http_server.sent('soft')] == ['2', '3']


def test_info_refuses_a_bad_date_or_ip_before_any_request(http_server, client):
    with pytest.raises(InputError, match='expires_after must be a date written YYYY-MM-DD'):
        LicenseInfoTask(client, info_params(expires_after='01.02.2026')).run()
    with pytest.raises(InputError, match="ip: 'x' is not an IP address"):
        LicenseInfoTask(client, info_params(ip='x')).run()
    assert http_server.requests == []


def test_info_reads_keys_only_when_asked_one_request_each(http_server, client):
    LicensePanel(http_server, elem(1, 'a'), elem(2, 'b'))
    assert [lic.get('lickey') for lic in LicenseInfoTask(client, info_params()).run()['licenses']] == [None, None]
    assert http_server.funcs() == ['soft']
    keyed = LicenseInfoTask(client, info_params(with_keys=True)).run()['licenses']
    assert [lic['lickey'] for lic in keyed] == ['KEY-1', 'KEY-2']
    assert http_server.funcs() == ['soft', 'soft', 'soft.edit', 'soft.edit']


def test_a_plain_list_shows_deleted_licenses_which_are_left_out_unless_asked_for(http_server, client):
    """real-panels §5.5 (E12, E23): a real plain list has the deleted ones too; the module lists them only when asked."""
    rows = [elem(1, 'a'), elem(2, 'b', status=4)]
    http_server.answer('soft', lambda form: listing(*[r for r in rows if form.get('status') in (None, r['status'])]))
    assert [lic['id'] for lic in LicenseInfoTask(client, info_params()).run()['licenses']] == [1]
    assert [lic['id'] for lic in LicenseInfoTask(client, info_params(statuses=['deleted'])).run()['licenses']] == [2]
