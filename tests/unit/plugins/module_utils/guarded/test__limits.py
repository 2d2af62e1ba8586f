# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded import _limits
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._limits import check_spending, spending_limits


@pytest.fixture
def balance(monkeypatch):
    reads = []

    def read_account(client, account=None):
        reads.append(account)
        return {'balance': 800.0}
    monkeypatch.setattr(_limits, 'read_account', read_account)
    return reads


def test_no_limits_read_nothing(balance):
    assert check_spending(None, None, (None, None), 'x') is None and balance == []


def test_max_cost_is_compared_with_the_panels_price_times_the_payments(balance):
    assert check_spending(None, '500.00 RUB', (500.0, None), 'the order') == {'cost': 500.0, 'currency': 'RUB'}
    with pytest.raises(InputError, match=r'^2 renewals costs 1000.00, more than max_cost 999.00; nothing was paid$'):
        check_spending(None, (500.0, None), (999.0, None), '2 renewals', times=2)
    assert balance == [], 'max_cost alone reads no balance'


def test_keep_balance_reads_the_balance_once_and_says_the_amounts(balance):
    assert check_spending(None, '500 RUB', (None, 300.0), 'the order', account='alice') == \
        {'cost': 500.0, 'currency': 'RUB', 'balance': 800.0, 'balance_after': 300.0}
    with pytest.raises(InputError, match='the balance of 800.00 would drop to 300.00, below keep_balance 300.01'):
        check_spending(None, '500 RUB', (None, 300.01), 'the order')
    assert balance == ['alice', None]


def test_a_missing_price_or_a_negative_limit_is_refused():
    with pytest.raises(InputError, match='the panel shows no price for it'):
        check_spending(None, None, (10.0, None), 'the order')
    with pytest.raises(InputError, match='max_cost must be 0 or more'):
        spending_limits({'max_cost': -1})
    assert spending_limits({}) == (None, None)
