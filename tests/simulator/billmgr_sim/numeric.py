"""Numbers in request parameters: one reading of ids, counts and amounts for every function.

``str.isdigit()`` and ``int()``/``float()`` take more than a decimal number ("²", "٣", "1_000",
"nan", "inf"), and Python integers have no limit while SQLite stores 64 bits: such a value
must be the panel's ``value`` error naming the parameter, never an internal error.
"""

import math
import re

from . import errors

INT64_MAX = 2 ** 63 - 1
# ASCII digits only: in a str pattern \d would take any Unicode digit.
DECIMAL = re.compile(r'[0-9]{1,19}')
DECIMAL_FRACTION = re.compile(r'[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?')


def parse_int(text):
    """The non-negative integer written in ``text`` (ASCII digits), or None when it is not one SQLite can store."""
    if text is None or not DECIMAL.fullmatch(text):
        return None
    value = int(text)
    return value if value <= INT64_MAX else None


def parse_period(text):
    """A period code: a non-negative integer (months; 0 one-time) or -100 (trial) or -50 (daily) (real-panels §3.9)."""
    if text in ('-100', '-50'):
        return int(text)
    return parse_int(text)


def parse_float(text):
    """The finite number written in ``text`` (ASCII, optional sign, fraction and exponent), or None."""
    if text is None or not DECIMAL_FRACTION.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def int_value(name, text):
    """Parameter ``name`` as an integer, or the ``value`` error naming it."""
    value = parse_int(text)
    if value is None:
        raise errors.invalid(name, text)
    return value


def float_value(name, text):
    """Parameter ``name`` as a finite number, or the ``value`` error naming it."""
    value = parse_float(text)
    if value is None:
        raise errors.invalid(name, text)
    return value
