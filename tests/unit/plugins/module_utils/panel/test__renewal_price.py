# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""panel/_renewal_price.py: the price of one renewal, from the edit form's auto-renewal choices (real-panels-2 §2.7, E22)."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import Amount
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._renewal_price import choice_prices, renewal_price
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import doc, error


def edit_form(*choices, **fields):
    """An edit form (TYPE.edit without sok) whose autoprolong slist has these (key, label) choices."""
    vals = [{'$key': key, '$': label} for key, label in choices]
    return doc(dict(fields, elid='958', autoprolong='1', slist=[{'$name': 'ostempl', 'val': [{'$key': '1', '$': '5 RUB'}]},
                                                                {'$name': 'autoprolong', 'val': vals}]))


E22_CHOICES = (('null', 'Disabled'), ('1', '650.00 RUB per month'), ('3', '1950.00 RUB for three months'),
               ('12', '7800.00 RUB per year'), ('-50', '20.00 RUB per day'))


def test_each_choice_names_its_periods_price_and_off_is_no_period():
    # The form as the client unwraps it (the raw notation is read through a real client below).
    prices = choice_prices({'slist': {'name': 'autoprolong', 'val': [{'key': k, 'text': t} for k, t in E22_CHOICES]}})
    assert prices == {1: Amount('650.00', 'RUB'), 3: Amount('1950.00', 'RUB'), 12: Amount('7800.00', 'RUB'),
                      -50: Amount('20.00', 'RUB')}


@pytest.mark.parametrize('form', [
    {}, None, {'slist': {'name': 'autoprolong', 'val': [{'key': '1', 'text': 'per month'}]}},
    {'slist': {'name': 'autoprolong', 'val': [{'key': 'Month', 'text': '500.00 RUB per month'}]}},
    {'slist': {'name': 'period', 'val': [{'key': '1', 'text': '500.00 RUB per month'}]}},
])
def test_a_form_without_a_priced_choice_for_the_months_has_no_price(form):
    assert choice_prices(form).get(1) is None


def test_one_read_of_the_edit_form_prices_a_renewal(http_server, client):
    http_server.answer('vds.edit', edit_form(*E22_CHOICES))
    service = {'id': 958, 'cost': '650.00 RUB / Month'}
    assert renewal_price(client, 'vds', service, 3) == Amount('1950.00', 'RUB')
    assert http_server.funcs() == ['vds.edit']
    assert http_server.sent('vds.edit')[0]['elid'] == '958'
    assert http_server.writes() == []
    # For a period it offers no priced choice for: unknown, never 0.
    assert renewal_price(client, 'vds', service, 6) is None


def test_a_form_already_read_is_not_read_again_and_a_refused_one_is_the_callers_to_judge(http_server, client):
    form = {'slist': {'name': 'autoprolong', 'val': [{'key': '1', 'text': '500.00 per month'}, {'key': '12', 'text': '€60 per year'}]}}
    assert renewal_price(client, 'vds', {'id': 958}, 1, form=form) is None, 'a number without its currency is no price'
    assert renewal_price(client, 'vds', {'id': 958, 'cost': '5.00 EUR / Month'}, 12, form=form) == Amount('60', 'EUR')
    assert http_server.funcs() == []
    http_server.answer('vds.edit', error('access', 'vds.edit'))
    with pytest.raises(BillmgrError):
        renewal_price(client, 'vds', {'id': 958}, 1)
