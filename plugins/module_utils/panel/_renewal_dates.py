# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Renewal arithmetic: the date a service should last until, and the expiry dates renewals give on the way there.

Private to this collection. Pure dates, no requests: billmgr_prolong plans its renewals with it, and the account
forecast counts the renewals auto-renewal will make, by the same rule.
"""

from __future__ import annotations

import datetime

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import PERIOD_DAILY, add_period, parse_date


def renewal_label(period):
    """A renewal period as a message names it."""
    return 'a day (daily billing)' if period == PERIOD_DAILY else '%d month(s)' % period


def renewal_target(until=None, min_days_left=None, today=None):
    """The date a service should last until (``until``, or today + ``min_days_left``), None when neither is given."""
    today = today or datetime.date.today()
    if until is not None:
        return parse_date(until, 'until')
    if min_days_left is None:
        return None
    if min_days_left < 0:
        raise InputError('min_days_left must be 0 or more, got %d' % min_days_left)
    return today + datetime.timedelta(days=min_days_left)


def plan_renewals(expiredate, target, period, limit=None):
    """The expiry dates renewals by ``period`` (months, or daily) would give, one per renewal, until ``target`` is reached.

    Empty when the service already lasts until ``target`` (expires on it or later). With ``limit``
    the plan stops after ``limit + 1`` renewals: enough to tell that it takes more than ``limit``,
    without counting (or overflowing) all the way to a mistyped year such as 9999.
    """
    steps = []
    current = expiredate
    while current < target and (limit is None or len(steps) <= limit):
        try:
            current = add_period(current, period)
        except (ValueError, OverflowError):
            raise InputError('renewals by %s from %s cannot reach %s: they would end after the year 9999'
                             % (renewal_label(period), expiredate.isoformat(), target.isoformat())) from None
        steps.append(current)
    return steps


def renewals_until(expiredate, period, until):
    """How many renewals by ``period`` happen from ``expiredate`` until ``until`` (each on the day the service expires):
    as many as it takes to last past ``until``."""
    return len(plan_renewals(datetime.date.fromisoformat(expiredate), until + datetime.timedelta(days=1), period))


def check_max_renewals(max_renewals):
    if max_renewals is not None and max_renewals < 1:
        raise InputError('max_renewals must be 1 or more, got %d' % max_renewals)
    return max_renewals
