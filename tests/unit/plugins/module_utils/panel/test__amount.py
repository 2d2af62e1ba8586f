# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import decimal

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import (
    Amount,
    CurrencyMismatch,
    amount_in,
    amount_of,
    amount_option,
    as_number,
    currency_of,
    label_amount,
    money_facts,
    total,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError


def read(value, currency=None):
    """What amount_of reads, as (the exact number's text, currency), or None."""
    amount = amount_of(value, currency)
    return None if amount is None else (str(amount.value), amount.currency)


@pytest.mark.parametrize('text, expected', [
    ('500.00 RUB', ('500.00', 'RUB')),
    ('500 RUB / Month', ('500', 'RUB')),
    ('500.00 RUB / 3 months', ('500.00', 'RUB')),
    ('1234.50', ('1234.50', None)),
    ('1 234,50 RUB', ('1234.50', 'RUB')),
    ('1\u00a0234,50 RUB', ('1234.50', 'RUB')),
    ('1\u202f234\u202f567,50\u00a0EUR', ('1234567.50', 'EUR')),
    ('1,234.56', ('1234.56', None)),
    ('1,234,567.56 USD', ('1234567.56', 'USD')),
    ('1.234,56', ('1234.56', None)),
    ('1.234.567', ('1234567', None)),
    ('-12.5', ('-12.5', None)),
    ('12,5', ('12.5', None)),
    ('0.2500', ('0.2500', None)),
    ('  7 EUR', ('7', 'EUR')),
])
def test_the_panels_text_is_read_exactly_in_each_way_panels_write_it(text, expected):
    assert read(text) == expected


def test_a_russian_panels_currency_is_the_iso_code_it_stands_for():
    assert read('1 234,50 руб.') == ('1234.50', 'RUB')
    assert read('99 \u20bd') == ('99', 'RUB')
    assert read('5 Kč') == ('5', 'Kč'), 'an unknown currency word is kept as the panel writes it'


def test_numbers_nodes_and_a_separate_currency_field_are_read_too():
    assert read(500) == ('500', None)
    assert read(0.1) == ('0.1', None), 'a float is read by its shortest text, not its binary fraction'
    assert read(decimal.Decimal('12.345')) == ('12.345', None)
    assert read({'$': '650.00 RUB'}) == ('650.00', 'RUB')
    assert read({'orig': '', 'text': '-400.00 EUR'}) == ('-400.00', 'EUR')
    assert read('650.00', 'RUB') == ('650.00', 'RUB'), 'the currency of another field, when the text names none'
    assert read('650.00 EUR', 'RUB') == ('650.00', 'EUR'), "the text's own currency wins"
    assert currency_of('500.00 RUB / Month') == 'RUB' and currency_of('500.00') is None and currency_of(None) is None


@pytest.mark.parametrize('label, expected', [
    ('5.00 EUR per month', ('5.00', 'EUR')),  # E22: amount, currency code, the period's words
    ('650.00 RUB for three months', ('650.00', 'RUB')),
    ('Month - 500.00 RUB', ('500.00', 'RUB')),
    ('1 year (6 000,00 RUB)', ('6000.00', 'RUB')),
    ('2 years - 1\u00a0234,50 руб.', ('1234.50', 'RUB')),
    ('500,00 руб. в месяц', ('500.00', 'RUB')),
    ('\u20ac5.00 per month', ('5.00', 'EUR')),
    ('per month: 99 \u20bd', ('99', 'RUB')),
    ({'$': '20.00 RUB per day'}, ('20.00', 'RUB')),
])
def test_a_choices_label_gives_the_amount_written_with_its_currency(label, expected):
    amount = label_amount(label)
    assert (str(amount.value), amount.currency) == expected


@pytest.mark.parametrize('label', [
    'per month', 'Disabled', '3 months', 'for 2 years', '12', '500.00 per month', 'Month - 500.00', '1,234 RUB per month',
    '500.00 RUB per month, setup 100.00 RUB', 'RUB', '', None, {'$': ''}, ['5 RUB'], 'USDT 5', '5 RUBLES per month'])
def test_a_label_without_one_amount_and_its_currency_has_no_price(label):
    # "3 months" is a period, not 3 of a currency; two amounts leave the renewal's own unknown; never 0.
    assert label_amount(label) is None


@pytest.mark.parametrize('value', ['', None, 'free', 'RUB', '-', '1,234', True, float('nan'), float('inf'), float('-inf'),
                                   decimal.Decimal('NaN'), decimal.Decimal('Infinity'), {'$': 'n/a'}, [], {}, ['500'], object()])
def test_what_cannot_be_read_is_unknown_never_an_error(value):
    assert amount_of(value) is None


@pytest.mark.parametrize('text, expected', [
    ('You will be charged with 233.33 RUB', ('233.33', 'RUB')),  # E22's words
    ('Amount to pay: 1 234,50 RUB', ('1234.50', 'RUB')),
    ('К оплате: 1\u00a0234,50 руб.', ('1234.50', 'RUB')),
    ('12.50 EUR will be refunded upon plan update', ('12.50', 'EUR')),
    ('For 3 months you will be charged with 1,234.56 USD.', ('1234.56', 'USD')),  # the count has no currency
    ('Until 2026-05-01 you pay $12.50', ('12.50', 'USD')),
    ('You will be charged with 0.00', ('0.00', 'GBP')),  # one bare number: the currency given
])
def test_the_one_amount_a_sentence_names_is_read(text, expected):
    amount = amount_in(text, 'GBP')
    assert (str(amount.value), amount.currency) == expected


@pytest.mark.parametrize('text', [None, '', 'Free of charge', 'From 1.00 RUB to 2.00 RUB', 'For 3 months: 12.50',
                                  'Pay 1,234 now', {'$': 'nothing'}, 'Until 2026-05-01: 12.00'])
def test_a_sentence_without_one_clear_amount_is_unknown(text):
    assert amount_in(text) is None


def test_sums_are_exact_and_carry_the_currency():
    assert Amount('0.1') + Amount('0.2') == Amount('0.3') and Amount(0.1) + Amount(0.2) == Amount('0.3')
    assert amount_of(0.1) + amount_of(0.2) == amount_of('0.3')
    assert total([Amount('0.10', 'RUB')] * 10).text == '1.00 RUB'
    assert total([]).in_currency('EUR').text == '0.00 EUR' and total([None, Amount(2)]).text == '2.00'
    assert (Amount('500.00', 'RUB') * 3).text == '1500.00 RUB' and (3 * Amount('0.1')).number == 0.3
    assert (Amount(100) - Amount('0.01', 'RUB')).text == '99.99 RUB', 'an unknown currency takes the known one'
    assert (-Amount(5, 'RUB')).text == '-5.00 RUB'
    with pytest.raises(TypeError):
        Amount(1) * 1.5  # pylint: disable=expression-not-assigned


def test_comparisons_are_exact():
    assert Amount('300.00') < Amount('300.01') and Amount('0.3') >= Amount('0.1') + Amount('0.2')
    assert Amount('500', 'RUB') >= Amount('500.00') and Amount(1, 'RUB') != Amount(2, 'RUB')
    assert Amount(1) != 1 and Amount(1) is not None
    with pytest.raises(TypeError):
        Amount(1) < 1  # pylint: disable=expression-not-assigned


def test_two_known_currencies_are_never_added_or_compared():
    rub, eur = Amount(500, 'RUB'), Amount(500, 'EUR')
    for operation in (lambda: rub + eur, lambda: rub - eur, lambda: rub < eur, lambda: rub == eur, lambda: total([rub, eur])):
        with pytest.raises(CurrencyMismatch, match='500.00 RUB and 500.00 EUR are in different currencies'):
            operation()
    assert issubclass(CurrencyMismatch, InputError), 'a task maps it once, as any refusal before a write'


def test_an_amount_leaves_as_a_number_rounded_to_hundredths_with_its_currency_beside_it():
    assert Amount('1234.505', 'RUB').number == 1234.51 and isinstance(Amount(5).number, float)
    assert Amount('0.125').figure == '0.13' and Amount('-2').text == '-2.00'
    assert as_number(None) is None and as_number(Amount('650.00', 'RUB')) == 650.0
    assert money_facts(Amount('650', 'RUB')) == {'cost': 650.0, 'currency': 'RUB'}
    assert money_facts(None, 'amount', 'RUB') == {'amount': None, 'currency': 'RUB'}
    assert money_facts(Amount(1), currency='EUR') == {'cost': 1.0, 'currency': 'EUR'}


def test_an_amount_does_not_change():
    amount = Amount(5, 'RUB')
    with pytest.raises(AttributeError):
        amount.value = decimal.Decimal(6)
    assert amount.in_currency('EUR') is amount and Amount(5).in_currency('EUR').currency == 'EUR'
    assert repr(amount) == "Amount('5', 'RUB')" and str(amount) == '5.00 RUB'


@pytest.mark.parametrize('name', ['max_cost', 'keep_balance'])
@pytest.mark.parametrize('value', [float('nan'), float('inf'), float('-inf'), 'nan', 'Infinity', 'lots', True])
def test_a_limit_that_is_not_a_finite_amount_is_refused_naming_the_option(name, value):
    with pytest.raises(InputError, match='^%s must be a finite amount of money' % name):
        amount_option({name: value}, name)


def test_a_users_amount_is_exact_and_may_have_a_floor():
    assert amount_option({}, 'max_cost') is None and amount_option({'max_cost': None}, 'max_cost') is None
    assert amount_option({'max_cost': 0.1}, 'max_cost') == Amount('0.1')
    assert amount_option({'keep_balance': '-100.5'}, 'keep_balance') == Amount('-100.5')
    assert amount_option({'max_cost': 0}, 'max_cost', minimum=0) == Amount(0)
    with pytest.raises(InputError, match='^max_cost must be 0 or more; got -1$'):
        amount_option({'max_cost': -1}, 'max_cost', minimum=0)
