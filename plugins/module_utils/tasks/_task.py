# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The shape of every task. Private to this collection.

A module runs exactly one task: ``TaskClass(client, params, ...).run()`` returns the result the
module exits with. The task reads the module's params by their documented names and never
touches the AnsibleModule: how it reports warnings and secrets is handed in.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import MAX_ID, identity_text
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError

DAY = 24 * 60 * 60
# The one range of every whole-number or decimal option of every module, by its name (an option means the same in
# every module that has it). Python's numbers have no limit of their own: an unchecked 99999999 days overflows a date
# deep in a task, a negative count lists nothing, NaN compares false with every price. The bounds are [INF]: wide
# enough for any real task, narrow enough that the arithmetic behind them stays in range.
OPTION_RANGES = {
    'id': (1, MAX_ID),
    'item': (1, MAX_ID),
    'legacy_period': (1, MAX_ID),
    'timeout': (1, DAY),
    'wait_timeout': (0, DAY),
    'reconcile_timeout': (0, DAY),
    'min_days_left': (0, 36500),
    'max_renewals': (1, 1000),
    'days': (0, 3660),
    'expenses': (0, 1000),
    'payments': (0, 1000),
    'max_cost': (0, 10 ** 12),
    'keep_balance': (-10 ** 12, 10 ** 12),
}


def check_option_ranges(params):
    """Refuse a numeric option outside its OPTION_RANGES with one InputError naming it, before any request.

    A list option (billmgr_service_power's ``id``) has each of its values checked.
    """
    for option, (low, high) in sorted(OPTION_RANGES.items()):
        value = params.get(option)
        for number in value if isinstance(value, list) else [value]:
            # ``not low <= number <= high`` and not ``number < low or ...``: NaN is refused too.
            if number is not None and not low <= number <= high:
                raise InputError('%s: %s is out of range (%s to %s)' % (option, number, low, high))


# The options that name what a task acts on, in any module: the panel keeps them trimmed, so "alice " must find
# alice's services (it made a paid order wait its whole wait_timeout for a service listed under "alice ").
IDENTITY_OPTIONS = ('account', 'remoteid', 'domain', 'licname')


def trimmed_identities(params):
    """``params`` with every identity and account trimmed by identity_text (a list option, each of its values)."""
    trimmed = dict(params)
    for option in IDENTITY_OPTIONS:
        value = trimmed.get(option)
        if isinstance(value, list):
            trimmed[option] = [identity_text(item) for item in value]
        elif value is not None:
            trimmed[option] = identity_text(value)
    return trimmed


class Task(object):
    """One module's decisions. ``run()`` returns the result dict; failures raise InputError, TaskError or BillmgrError."""

    def __init__(self, client, params, check_mode=False, diff=False, warn=None, secret=None):
        self.client = client
        self.params = trimmed_identities(params)
        self.check_mode = check_mode
        self.diff = diff
        self.warnings = []
        self.warn = warn or self.warnings.append
        # Values that must be masked wherever Ansible prints (a license key the task did not return).
        self.secret = secret or (lambda value: None)

    def run(self):
        raise NotImplementedError
