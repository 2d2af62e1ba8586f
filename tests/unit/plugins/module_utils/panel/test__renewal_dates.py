# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""panel/_renewal_dates.py: the date a renewal task aims at, and the expiry dates renewals give until it is reached."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._renewal_dates import (
    check_max_renewals,
    plan_renewals,
    renewal_label,
    renewal_target,
    renewals_until,
)

TODAY = datetime.date(2026, 11, 23)
D = datetime.date


def test_plan_renewals_stops_at_the_first_date_on_or_after_the_target():
    assert plan_renewals(D(2026, 12, 23), D(2027, 3, 15), 1) == [D(2027, 1, 23), D(2027, 2, 23), D(2027, 3, 23)]
    assert plan_renewals(D(2026, 12, 23), D(2027, 3, 23), 1)[-1] == D(2027, 3, 23)
    assert plan_renewals(D(2026, 12, 23), D(2026, 12, 23), 1) == []
    assert plan_renewals(D(2026, 12, 23), D(2027, 6, 1), 12) == [D(2027, 12, 23)]


@pytest.mark.parametrize('text', ['2026-13-01', '23.12.2026', '2026-1-5', 'tomorrow', '', '2026-02-30'])
def test_a_bad_until_is_refused(text):
    with pytest.raises(InputError, match='until must be a date written YYYY-MM-DD'):
        renewal_target(text, today=TODAY)


def test_until_accepts_a_yaml_date_turned_into_text():
    assert renewal_target(D(2027, 1, 31), today=TODAY) == D(2027, 1, 31)
    assert renewal_target(' 2027-01-31 ', today=TODAY) == D(2027, 1, 31)


def test_renewal_target_from_until_or_min_days_left():
    assert renewal_target('2027-01-31', None, today=TODAY) == D(2027, 1, 31)
    assert renewal_target(None, 30, today=TODAY) == D(2026, 12, 23)
    assert renewal_target(None, 0, today=TODAY) == TODAY
    assert renewal_target(None, None, today=TODAY) is None
    with pytest.raises(InputError, match='YYYY-MM-DD'):
        renewal_target('', None, today=TODAY)
    with pytest.raises(InputError, match='min_days_left'):
        renewal_target(None, -1, today=TODAY)


def test_a_daily_service_renews_a_day_at_a_time_until_the_target():
    assert plan_renewals(D(2027, 1, 30), D(2027, 2, 2), -50) == [D(2027, 1, 31), D(2027, 2, 1), D(2027, 2, 2)]


def test_renewals_until_counts_each_renewal_on_its_expiry_day():
    today = D(2026, 12, 2)
    until = today + datetime.timedelta(days=30)
    assert renewals_until('2026-12-20', 1, until) == 1
    assert renewals_until('2027-01-01', 1, until) == 1
    assert renewals_until('2027-01-02', 1, until) == 0
    assert renewals_until('2026-12-03', 1, today + datetime.timedelta(days=90)) == 3
    assert renewals_until('2026-12-03', 12, today + datetime.timedelta(days=90)) == 1
    assert renewals_until('2026-12-03', -50, today + datetime.timedelta(days=3)) == 3


def test_plans_too_long_for_the_calendar_are_refused_by_name():
    assert renewal_label(-50) == 'a day (daily billing)' and renewal_label(12) == '12 month(s)'
    with pytest.raises(InputError, match=r'renewals by 12 month\(s\) from 9999-01-01 cannot reach 9999-12-31'):
        plan_renewals(D(9999, 1, 1), D(9999, 12, 31), 12)


def test_max_renewals_is_one_or_more():
    assert check_max_renewals(None) is None and check_max_renewals(1) == 1
    with pytest.raises(InputError, match='max_renewals must be 1 or more, got 0'):
        check_max_renewals(0)
