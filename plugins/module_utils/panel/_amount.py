# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Money: an exact amount with its currency (``Amount``), read, added and compared here only. Private to this collection.

Floats cannot hold 0.10 exactly, and a limit compared as a float can be crossed by a rounding
(0.1 + 0.2 > 0.3). An Amount is a Decimal, so sums and comparisons are exact; it is rounded to
hundredths only when it leaves as a task's result (``as_number``) or in a message (``text``).

Panels write money for people: "1 234,50 RUB", "500.00 RUB / Month", "1.234,56 руб.". What the
panel sends is read leniently (``amount_of``: None for what cannot be read, never an error);
what the user gives (``max_cost``, ``keep_balance``) strictly (``amount_option``: one InputError
naming the option). A currency the panel does not write is unknown (None) and takes the other
side's in a sum; two different known currencies are refused, never converted.
"""

from __future__ import annotations

import decimal
import re

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError

HUNDREDTH = decimal.Decimal('0.01')
# Spaces panels group thousands with: normal, no-break (U+00A0), narrow no-break (U+202F), thin (U+2009).
_SPACES = re.compile('[ \u00a0\u202f\u2009]')
# A number (digits, group spaces, points and commas), then the currency's word or sign, if any; "/ Month" after it is not read.
_MONEY = re.compile('^\\s*(-?\\d[\\d \u00a0\u202f\u2009.,]*)\\s*([^\\W\\d][\\w.]*|[\u20bd$\u20ac\u00a3])?', re.UNICODE)
# The same currency as a Russian-language panel writes it on some pages and as an ISO code on others.
_CURRENCY_ALIASES = {'руб.': 'RUB', 'руб': 'RUB', 'р.': 'RUB', '\u20bd': 'RUB', '$': 'USD', '\u20ac': 'EUR', '\u00a3': 'GBP'}


class CurrencyMismatch(InputError):
    """Two amounts in different currencies met in a sum or a comparison: nothing is converted, the task stops."""


class Amount(object):
    """An exact amount of money (``value``, a Decimal) and its ``currency`` (None when the panel did not say). Immutable."""

    __slots__ = ('value', 'currency')

    def __init__(self, value, currency=None):
        # A float by its shortest text (0.1 is "0.1"), not by the binary fraction it holds.
        object.__setattr__(self, 'value', decimal.Decimal(str(value) if isinstance(value, float) else value))
        object.__setattr__(self, 'currency', currency or None)

    def __setattr__(self, name, value):
        raise AttributeError('an Amount does not change; make another')

    # -- one currency --------------------------------------------------------------------------

    def common_currency(self, other):
        """The currency of a sum or comparison with ``other``: the known one of the two; two different ones are refused."""
        if self.currency and other.currency and self.currency != other.currency:
            raise CurrencyMismatch('%s and %s are in different currencies; the module converts none, so it cannot compare '
                                   'or add them' % (self.text, other.text))
        return self.currency or other.currency

    def in_currency(self, currency):
        """The same amount, in ``currency`` when its own is unknown (a form that writes the number alone)."""
        return self if self.currency or not currency else Amount(self.value, currency)

    # -- arithmetic ----------------------------------------------------------------------------

    def __add__(self, other):
        return Amount(self.value + other.value, self.common_currency(other))

    def __sub__(self, other):
        return Amount(self.value - other.value, self.common_currency(other))

    def __mul__(self, count):
        """``count`` payments of this amount: a whole number, never a float (that is what would round)."""
        if isinstance(count, bool) or not isinstance(count, int):
            raise TypeError('an Amount is multiplied by a count, not by %r' % (count,))
        return Amount(self.value * count, self.currency)

    __rmul__ = __mul__

    def __neg__(self):
        return Amount(-self.value, self.currency)

    # -- comparison ----------------------------------------------------------------------------

    def _other(self, other):
        if not isinstance(other, Amount):
            raise TypeError('an Amount is compared with an Amount, not with %r' % (other,))
        self.common_currency(other)
        return other.value

    def __eq__(self, other):
        if not isinstance(other, Amount):
            return NotImplemented
        return self.value == self._other(other)

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __lt__(self, other):
        return self.value < self._other(other)

    def __le__(self, other):
        return self.value <= self._other(other)

    def __gt__(self, other):
        return self.value > self._other(other)

    def __ge__(self, other):
        return self.value >= self._other(other)

    def __hash__(self):
        return hash(self.value)

    # -- leaving as a result or a message ------------------------------------------------------

    @property
    def number(self):
        """The amount as a task returns it: a float rounded to hundredths (``5650.5``)."""
        return float(self.value.quantize(HUNDREDTH, rounding=decimal.ROUND_HALF_UP))

    @property
    def figure(self):
        """The number alone as a message writes it, in hundredths: ``5650.50``."""
        return '%s' % self.value.quantize(HUNDREDTH, rounding=decimal.ROUND_HALF_UP)

    @property
    def text(self):
        """The amount as a message writes it: ``5650.50 RUB``."""
        return '%s %s' % (self.figure, self.currency) if self.currency else self.figure

    def __str__(self):
        return self.text

    def __repr__(self):
        return 'Amount(%r, %r)' % (str(self.value), self.currency)


# -- reading the panel's money (leniently) -------------------------------------------------------

def amount_of(value, currency=None):
    """The panel's amount (text as panels write it, a number, or a field node) as an Amount, or None when it cannot be read.

    ``currency`` is the one to assume when the value names none (a form that gives it in another field).
    """
    if isinstance(value, dict) and '$' in value:
        value = value['$']
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, decimal.Decimal)):
        number, named = _finite(str(value)), None
    else:
        text = text_of(value)
        found = _MONEY.match(text) if isinstance(text, str) else None
        if not found:
            return None
        number, named = _finite(_plain_number(found.group(1))), found.group(2)
    if number is None:
        return None
    return Amount(number, _currency_code(named) or _currency_code(currency))


# A number inside a sentence: digits in groups of three after spaces ("1 234,50"), or plain digits, then decimals or
# groups after points and commas ("1,234.56", "1.234,56", "233.33"). Not preceded by a letter, digit or sign.
_NUMBER_IN_TEXT = re.compile('(?<![\\w.,-])(-?(?:\\d{1,3}(?:[ \u00a0\u202f\u2009]\\d{3})+|\\d+)(?:[.,]\\d+)*)', re.UNICODE)
_ISO_CODE = re.compile('^[A-Z]{3}$')
_SIGN_BEFORE = re.compile('[\u20bd$\u20ac\u00a3]\\s*$')


def amount_in(text, currency=None):
    """The one amount a sentence names ("You will be charged with 233.33 RUB", "Amount to pay: 1 234,50 руб."), or None.

    A panel writes some prices inside a sentence (the tariff change's ``money_info``, real-panels-2 §3.2). Read
    leniently: the number that has a currency beside it (an ISO code or a known word after it, a sign before it) is
    the amount; a sentence with no currency counts only when it holds one number. Two amounts with currencies, or
    several bare numbers (a date, a count of months), are ambiguous: None, never a guess.
    """
    with_currency, bare = _amounts_in(text)
    if len(with_currency) == 1:
        return with_currency[0]
    if not with_currency and len(bare) == 1 and bare[0] is not None:
        return Amount(bare[0], _currency_code(currency))
    return None


def _amounts_in(text):
    """The amounts a text names with their currency (an ISO code or a known word after the number, a sign before it),
    and the numbers it holds without one (None for a number that cannot be read): the one reading of money in prose."""
    text = text_of(text)
    with_currency, bare = [], []
    if not isinstance(text, str):
        return with_currency, bare
    for found in _NUMBER_IN_TEXT.finditer(text):
        number = _finite(_plain_number(found.group(1)))
        if number is None:
            bare.append(None)
            continue
        word = text[found.end():].split(None, 1)[0] if text[found.end():].strip() else ''
        code = _currency_word(word)
        if code is None and _SIGN_BEFORE.search(text[:found.start()]):
            code = _currency_code(_SIGN_BEFORE.search(text[:found.start()]).group(0).strip())
        (with_currency if code else bare).append(Amount(number, code) if code else number)
    return with_currency, bare


def _currency_word(word):
    """The currency a word after a number names (an alias such as "руб." or an ISO code, a full stop or closing bracket after it allowed), or None."""
    if word.lower() in _CURRENCY_ALIASES:
        return _CURRENCY_ALIASES[word.lower()]
    word = word.rstrip('.,;:)]')
    if word.lower() in _CURRENCY_ALIASES:
        return _CURRENCY_ALIASES[word.lower()]
    return word if _ISO_CODE.match(word) else None


def label_amount(label):
    """The amount a choice's label names ("650.00 RUB per month", "Month - 500.00 RUB", «500,00 руб. в месяц»), or None.

    Edit forms price auto-renewal in the label of each period's choice (real-panels-2 §2.7, E22: amount, currency code,
    then the period's words). Only a number written with its currency is money; a label with none, or with two amounts
    (which one is the renewal?), has no price that can be trusted: None, never 0.
    """
    with_currency = _amounts_in(label['$'] if isinstance(label, dict) and '$' in label else label)[0]
    return with_currency[0] if len(with_currency) == 1 else None


def _plain_number(text):
    """``text`` ("1 234,50", "1,234.56", "1.234,56", "12,5") as Decimal's own notation, or None when it is ambiguous.

    Of a point and a comma the last one is the decimal sign; one kind alone is grouping when it
    comes more than once. A single comma before exactly three digits ("1,234") is a thousand or a
    decimal by locale: left unknown rather than read a thousand times too large or too small.
    """
    text = _SPACES.sub('', text).rstrip('.,')
    points, commas = text.count('.'), text.count(',')
    if points and commas:
        decimal_sign = '.' if text.rfind('.') > text.rfind(',') else ','
        group_sign = ',' if decimal_sign == '.' else '.'
        return text.replace(group_sign, '').replace(decimal_sign, '.')
    sign = '.' if points else ','
    count = points or commas
    if count > 1:
        return text.replace(sign, '')
    if sign == ',' and count == 1 and len(text) - text.rfind(',') - 1 == 3:
        return None
    return text.replace(',', '.')


def _finite(text):
    if text is None:
        return None
    try:
        number = decimal.Decimal(text)
    except decimal.InvalidOperation:
        return None
    return number if number.is_finite() else None


def _currency_code(word):
    text = text_of(word).strip()
    return _CURRENCY_ALIASES.get(text.lower(), text) or None


def currency_of(value):
    """The currency a panel's amount names ("500.00 RUB / Month" -> RUB), or None."""
    amount = amount_of(value)
    return amount.currency if amount is not None else None


def total(amounts):
    """The exact sum of ``amounts`` (None ones left out): 0 of unknown currency when there are none."""
    result = Amount(0)
    for amount in amounts:
        if amount is not None:
            result = result + amount
    return result


def as_number(amount):
    """``amount`` as a task returns it (a float rounded to hundredths), or None when unknown."""
    return None if amount is None else amount.number


def money_facts(amount, name='cost', currency=None):
    """``{name: number, 'currency': ...}``: a result's money, the number with its currency beside it (``currency`` when unknown)."""
    return {name: as_number(amount), 'currency': (amount.currency if amount is not None else None) or currency}


# -- reading the user's money (strictly) -------------------------------------------------------

def amount_option(params, name, minimum=None):
    """The task's option ``name`` (``max_cost``, ``keep_balance``) as an Amount of unknown currency, or None when not given.

    NaN passes every comparison (``cost > nan`` is false), so a NaN limit would switch the limit
    off without a word: it is refused, as is infinity and anything below ``minimum``.
    """
    value = params.get(name)
    if value is None:
        return None
    number = None if isinstance(value, bool) else _finite(str(value).strip())
    if number is None:
        raise InputError('%s must be a finite amount of money (a number such as 500 or 99.90); got %r' % (name, value))
    if minimum is not None and number < minimum:
        raise InputError('%s must be %s or more; got %s' % (name, minimum, value))
    return Amount(number)
