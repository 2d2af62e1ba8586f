# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_task.py: what every task gets alike: its identities and account trimmed, its numbers in range."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task, check_option_ranges
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError


def test_a_task_reads_its_identities_and_account_trimmed_as_the_panel_keeps_them():
    # "alice " listed nothing of alice's, and a paid order waited its whole wait_timeout for the new service.
    params = {'account': 'alice ', 'remoteid': ' web-1\n', 'domain': ['  a.test ', 'b.test'], 'licname': '   ', 'period': ' 1 '}
    task = Task(None, params)
    assert task.params == {'account': 'alice', 'remoteid': 'web-1', 'domain': ['a.test', 'b.test'], 'licname': None, 'period': ' 1 '}
    assert params['account'] == 'alice ', 'the module params are left as they were'


@pytest.mark.parametrize('params, message', [
    ({'min_days_left': 99999999}, 'min_days_left: 99999999 is out of range (0 to 36500)'),
    ({'id': [5, 0]}, 'id: 0 is out of range (1 to 2147483647)'),
    ({'max_cost': float('nan')}, 'max_cost: nan is out of range (0 to 1000000000000)'),
])
def test_a_number_out_of_its_range_is_one_error_naming_the_option(params, message):
    with pytest.raises(InputError) as err:
        check_option_ranges(params)
    assert str(err.value) == message
