# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tasks/_statdaily_task.py: usage charges of one day, at most once per date unless forced."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._statdaily_task import StatdailyTask
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import error, ok


def statdaily(client, item, statdate, force=False, check_mode=False):
    return StatdailyTask(client, {'item': item, 'statdate': statdate, 'force': force}, check_mode=check_mode).run()


def test_statdaily_is_unchanged_when_the_date_is_done_and_forced_otherwise(http_server, client):
    http_server.queue(error('exists', 'statdate', 'Statistics for 2026-01-31 have already been calculated'))
    done = statdaily(client, 958, '2026-01-31')
    assert done['changed'] is False
    assert done['msg'] == 'statistics of service 958 for 2026-01-31 were already calculated'
    http_server.queue(ok())
    forced = statdaily(client, 958, '2026-01-31', force=True)
    assert forced['changed'] is True and forced['msg'] == 'statistics of service 958 for 2026-01-31 recalculated'
    assert http_server.requests[1]['form']['force'] == 'on' and 'force' not in http_server.requests[0]['form']
    assert statdaily(client, 958, '2026-01-31', check_mode=True)['changed'] is True
    assert len(http_server.requests) == 2
    # With force, "exists" is not the date being done: it is a failure.
    http_server.queue(error('exists', 'statdate', 'done'))
    with pytest.raises(BillmgrError):
        statdaily(client, 958, '2026-01-31', force=True)


def test_a_first_calculation_says_so(http_server, client):
    result = statdaily(client, '958', '2026-02-01')
    assert result == {'changed': True, 'item': 958, 'statdate': '2026-02-01', 'force': False,
                      'msg': 'statistics of service 958 for 2026-02-01 calculated'}
    assert http_server.writes() == [('service.statdaily', {'item': '958', 'statdate': '2026-02-01'})]


def test_check_mode_cannot_know_whether_the_date_was_done_and_says_so(http_server, client):
    assert 'check mode cannot ask whether 2026-02-01' in statdaily(client, 958, '2026-02-01', check_mode=True)['msg']
    assert 'msg' not in statdaily(client, 958, '2026-02-01', force=True, check_mode=True)
    assert http_server.requests == []


@pytest.mark.parametrize('item, statdate, message', [
    (0, '2026-02-01', 'item must be a BILLmanager id'),
    (958, '01.02.2026', 'statdate must be a date written YYYY-MM-DD'),
])
def test_bad_input_is_refused_before_any_request(http_server, client, item, statdate, message):
    with pytest.raises(InputError, match=message):
        statdaily(client, item, statdate)
    assert http_server.requests == []
