# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded import _limits
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._limits import balance_shortfall, check_spending, spending_limits
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import Amount, amount_of


@pytest.fixture
def balance(monkeypatch):
    reads = []

    def read_money(client, account=None):
        reads.append(account)
        return {'balance': Amount('800.00')}
    monkeypatch.setattr(_limits, 'read_money', read_money)
    return reads


def limits(max_cost, keep_balance):
    return spending_limits({'max_cost': max_cost, 'keep_balance': keep_balance})


def test_no_limits_read_nothing(balance):
    assert check_spending(None, None, (None, None), 'x') is None and balance == []


def test_max_cost_is_compared_with_the_panels_price_times_the_payments(balance):
    assert check_spending(None, amount_of('500.00 RUB'), limits(500.0, None), 'the order') == {'cost': 500.0, 'currency': 'RUB'}
    with pytest.raises(InputError, match=r'^2 renewals costs 1000.00, more than max_cost 999.00; nothing was paid$'):
        check_spending(None, Amount(500), limits(999.0, None), '2 renewals', times=2)
    assert balance == [], 'max_cost alone reads no balance'


def test_keep_balance_reads_the_balance_once_and_says_the_amounts(balance):
    assert check_spending(None, amount_of('500 RUB'), limits(None, 300.0), 'the order', account='alice') == \
        {'cost': 500.0, 'currency': 'RUB', 'balance': 800.0, 'balance_after': 300.0}
    with pytest.raises(InputError, match='the balance of 800.00 would drop to 300.00, below keep_balance 300.01'):
        check_spending(None, amount_of('500 RUB'), limits(None, 300.01), 'the order')
    assert balance == ['alice', None]


def test_a_missing_price_or_a_negative_limit_is_refused():
    with pytest.raises(InputError, match='the panel shows no price for it'):
        check_spending(None, None, limits(10.0, None), 'the order')
    with pytest.raises(InputError, match='max_cost must be 0 or more'):
        spending_limits({'max_cost': -1})
    assert spending_limits({}) == (None, None)


@pytest.mark.parametrize('option', ['max_cost', 'keep_balance'])
@pytest.mark.parametrize('value', [float('nan'), float('inf'), float('-inf')])
def test_a_limit_of_nan_or_infinity_is_refused_since_it_would_switch_the_limit_off(option, value):
    # NaN passes every comparison: "cost > nan" is false, so max_cost: .nan would let any price through.
    with pytest.raises(InputError, match='^%s must be a finite amount of money' % option):
        spending_limits({option: value})


def test_limits_are_compared_exactly(balance):
    assert check_spending(None, amount_of('0.10'), limits(0.3, None), '3 renewals', times=3) == {'cost': 0.3, 'currency': None}
    assert check_spending(None, Amount('0.1'), limits(None, 0.2), 'the order')['balance_after'] == 799.9


def test_what_the_task_spent_before_is_no_longer_allowed_by_max_cost(balance):
    max_cost, keep_balance = spending_limits({'max_cost': 500.0, 'keep_balance': None}, spent=amount_of('233.33 RUB'))
    assert max_cost.text == '266.67 RUB' and keep_balance is None
    with pytest.raises(InputError, match='more than max_cost 266.67; nothing was paid'):
        check_spending(None, amount_of('300 RUB'), (max_cost, None), 'the change')
    assert spending_limits({'max_cost': None, 'keep_balance': 100.0}, spent=amount_of('233.33 RUB'))[0] is None


def _money(monkeypatch, balance, credit_limit=None, fails=None):
    def read_money(client, account=None):
        if fails is not None:
            raise fails
        available = balance + credit_limit if credit_limit is not None else balance
        return {'balance': balance, 'credit_limit': credit_limit, 'available': available}
    monkeypatch.setattr(_limits, 'read_money', read_money)


def test_balance_shortfall_says_what_the_balance_and_credit_cannot_pay(monkeypatch):
    price = amount_of('500.00 RUB')
    _money(monkeypatch, amount_of('499.99 RUB'))
    assert balance_shortfall(None, price, 'the vds order') == (
        'the balance of 499.99 RUB does not cover the vds order, which costs 500.00 RUB: the order would fail for lack of '
        'funds (paid at once from the balance); top up the account first')
    assert 'would wait unpaid in the cart' in balance_shortfall(None, price, 'the vds order', into_cart=True)
    # A credit limit that covers the rest lets the panel charge: nothing to say.
    _money(monkeypatch, amount_of('100.00 RUB'), credit_limit=amount_of('400.00 RUB'))
    assert balance_shortfall(None, price, 'the vds order', account='alice') is None
    _money(monkeypatch, amount_of('100.00 RUB'), credit_limit=amount_of('300.00 RUB'))
    assert 'balance of 100.00 RUB and a credit limit of 300.00 RUB does not cover' in balance_shortfall(None, price, 'x', account='a')


@pytest.mark.parametrize('balance, fails', [
    (amount_of('10.00 EUR'), None),  # another currency: not compared, nothing said
    (None, BillmgrError('response', 'the start page (desktop) shows no balance')),
    (None, InputError('an administrator has no balance of its own')),
])
def test_balance_shortfall_says_nothing_where_it_cannot_know(monkeypatch, balance, fails):
    _money(monkeypatch, balance, fails=fails)
    assert balance_shortfall(None, amount_of('500.00 RUB'), 'the vds order') is None
    assert balance_shortfall(None, None, 'an order without a price') is None
