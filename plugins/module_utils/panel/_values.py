# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The vocabulary of the API, each item once. Private to this collection.

Statuses, periods, auto-renewal, dates, whole numbers, IP addresses, item types, add-on fields
and diffs: how the panel writes them and how a task may give them. Everything that reads a
value from the panel or from a task goes through here, so one value has one meaning everywhere; what a list
element's columns say, read leniently, is in _columns.py. A task's value that is wrong is an InputError; the panel's
never is.
"""

from __future__ import annotations

import calendar
import datetime
import ipaddress
import re

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import int_or_none, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError

# -- statuses ---------------------------------------------------------------------------------

STATUS_ORDERED = 1
STATUS_ACTIVE = 2
STATUS_SUSPENDED = 3
STATUS_DELETED = 4
STATUS_PROCESSING = 5

STATUS_NAMES = {
    STATUS_ORDERED: 'ordered',
    STATUS_ACTIVE: 'active',
    STATUS_SUSPENDED: 'suspended',
    STATUS_DELETED: 'deleted',
    STATUS_PROCESSING: 'processing',
}
STATUS_CODES = dict((name, code) for code, name in STATUS_NAMES.items())


def status_codes(values):
    """Statuses given as codes (2) or names (active) -> codes; an unknown one is an InputError."""
    codes = []
    for value in values or []:
        text = str(value).strip().lower()
        if text.isdigit() and int(text) in STATUS_NAMES:
            codes.append(int(text))
        elif text in STATUS_CODES:
            codes.append(STATUS_CODES[text])
        else:
            raise InputError('unknown status %r; use one of %s' % (value, ', '.join(
                '%s (%s)' % (name, code) for code, name in sorted(STATUS_NAMES.items()))))
    return codes


# -- identities ---------------------------------------------------------------------------------

def identity_text(value):
    """An identity or account a task gives (account, remoteid, domain, licname) as the panel keeps it: without
    surrounding blanks; None when empty. Every task's params pass through it (tasks/_task.py: trimmed_identities).

    Panels store these values trimmed [INF, and the simulator does the same], so ``"web-1 "`` or a YAML
    block's trailing newline must find the service ``web-1``, not order another one on every run.
    Every look-up and every order of an identity goes through here.
    """
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def domain_text(value):
    """A domain as an identity: trimmed like any (identity_text) and in lower case, as panels keep domain names."""
    text = identity_text(value)
    return text.lower() if text else None


# -- ids, numbers, item types -------------------------------------------------------------------

# Ids are database keys in the panel; larger numbers only make it fail with an internal error.
MAX_ID = 2 ** 31 - 1
_WHOLE_NUMBER = re.compile(r'^\s*-?\d+\s*$')
_ITEM_TYPE = re.compile(r'^[a-z][a-z0-9_]*$')


def is_whole_number(value):
    return not isinstance(value, bool) and bool(_WHOLE_NUMBER.match(str(value)))


def check_id(value, what='id'):
    number = int(value)
    if not 0 < number <= MAX_ID:
        raise InputError('%s must be a BILLmanager id, a whole number from 1 to %d; got %s' % (what, MAX_ID, value))
    return number


def check_item_type(item_type):
    if not item_type or not _ITEM_TYPE.match(item_type):
        raise InputError('type must be an item type name such as vds, dedic, vhost or platform; got %r' % (item_type,))
    return item_type


def plain_value(text):
    """A form value typed for return values: digits become an int, empty becomes None."""
    text = text_of(text).strip()
    return int(text) if is_whole_number(text) else (text or None)


# -- periods and auto-renewal ---------------------------------------------------------------------

# Order and renewal periods in months, as the API numbers them.
PERIODS = (1, 3, 6, 12, 24, 36)
# Periods that are not months have codes of their own (E1 BillingPeriod, E8, E18), and names in tasks.
PERIOD_TRIAL = -100
PERIOD_DAILY = -50
PERIOD_ONE_TIME = 0
PERIOD_CODES = {'trial': PERIOD_TRIAL, 'daily': PERIOD_DAILY, 'one-time': PERIOD_ONE_TIME}
PERIOD_NAMES = dict((code, name) for name, code in PERIOD_CODES.items())
# What turns auto-renewal off, as a task or the panel may write it (YAML turns a bare off into false).
AUTOPROLONG_OFF = ('', 'off', 'null', 'none', 'no', 'false', '0')
# Months are a whole number: not "12.5", "-1", "1 year" (a year is 12, not 1) or "12x".
_MONTHS = re.compile(r'^\d+$')


def renewal_period(value, option='period'):
    """A renewal's period as the API's code: months, or ``daily`` (-50) for a daily-billed service; None when not given.

    A trial or a one-time purchase is never renewed.
    """
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in ('daily', str(PERIOD_DAILY)):
        return PERIOD_DAILY
    if not isinstance(value, bool) and text.isdigit() and int(text) in PERIODS:
        return int(text)
    raise InputError('%s must be one of %s months, or daily; got %r' % (option, ', '.join(str(p) for p in PERIODS), value))


def add_period(day, period):
    """The expiry one renewal by ``period`` gives: a day later for daily billing, else ``period`` months later."""
    if period == PERIOD_DAILY:
        return day + datetime.timedelta(days=1)
    return add_months(day, period)


def order_period(value, option='period'):
    """An order's period as the API's code: months as they are, ``trial``, ``daily`` or ``one-time`` by name."""
    text = str(value).strip().lower()
    if text in PERIOD_CODES:
        return PERIOD_CODES[text]
    if not isinstance(value, bool) and text.isdigit() and int(text) in PERIODS:
        return int(text)
    raise InputError('%s must be one of %s (months), %s; got %r'
                     % (option, ', '.join(str(p) for p in PERIODS), ', '.join(sorted(PERIOD_CODES)), value))


def period_label(code):
    """How a task names a period code: the months, or trial, daily, one-time."""
    return PERIOD_NAMES.get(code, code)


def export_period(unit, length):
    """The period code of a price in ``pricelist.export`` (``type``, ``length``): the E9 fixture writes month and the code."""
    length = int_or_none(length)
    unit = (text_of(unit) or 'month').strip().lower()
    if length is None:
        return None
    if unit == 'year':
        return length * 12
    if unit == 'day':
        return PERIOD_DAILY if length == 1 else None
    return length


def autoprolong_months(value):
    """A task's auto-renewal as months, ``daily`` (-50), or None when it is off: the strict reading of what a task gives.

    Off is ``off``, ``null`` (the API's word), 0, false, no or empty; months are a whole number; a daily-billed
    service renews by its code -50 (E1 BillingPeriod), which a task may also write ``daily``.
    Anything else is an InputError. What the panel sends is read by _columns.py:panel_autoprolong, which never raises.
    """
    if value is None or value is False:
        return None
    text = str(text_of(value)).strip().lower()
    if text in AUTOPROLONG_OFF:
        return None
    if text in ('daily', str(PERIOD_DAILY)):
        return PERIOD_DAILY
    months = int(text) if value is not True and _MONTHS.match(text) else None
    if months is None:
        raise InputError(_AUTOPROLONG_CHOICES % (value,))
    return months or None


_AUTOPROLONG_CHOICES = 'autoprolong must be one of %s (months), daily or off; got %%r' % ', '.join(str(p) for p in PERIODS)


def check_autoprolong(value):
    """A task's auto-renewal: months of PERIODS, daily or off (None); the panel refuses periods its tariff does not offer."""
    months = autoprolong_months(value)
    if months is not None and months not in PERIODS + (PERIOD_DAILY,):
        raise InputError(_AUTOPROLONG_CHOICES % (value,))
    return months


def autoprolong_param(months):
    """The API's value for ``autoprolong`` in an edit or order: the months, or ``null`` for off."""
    return 'null' if months is None else months


# -- dates --------------------------------------------------------------------------------------

# Dates come as ISO dates with lang=en; other locales of the panel write them day first.
# A daily-billed service's expiry carries the time of day, to the minute (E2: "2025-04-07 20:00").
_DATE_FORMATS = ('%Y-%m-%d', '%d.%m.%Y', '%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S', '%d.%m.%Y %H:%M', '%d.%m.%Y %H:%M:%S')
_TIME_OF_DAY = re.compile(r'^\d{1,2}:\d{2}(:\d{2})?$')
_ISO_DATE = re.compile(r'^\d{4}-\d{2}-\d{2}$')


def iso_date(value):
    """``YYYY-MM-DD`` for any date the panel writes, None for an empty or unknown one."""
    text = text_of(value).strip()
    if not text:
        return None
    if _ISO_DATE.match(text):  # as lang=en writes it; the same date strptime would read, in a tenth of its time
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            pass  # not a day of the calendar, or digits fromisoformat does not read: strptime decides
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def expiry_facts(elem):
    """``expiredate`` (the day) and ``expiretime`` (``YYYY-MM-DD HH:MM`` when the panel gives a time, else None).

    Daily tariffs list ``expiredate`` with a time, and ``real_expiredate`` / ``i_expiretime`` beside
    it (real-panels.md 6.2, E2); either way the day is read, and the time kept.
    """
    text = text_of(elem.get('expiredate')).strip()
    day = iso_date(text) or iso_date(elem.get('real_expiredate'))
    if not day:
        return {'expiredate': None, 'expiretime': None}
    clock = text.split()[1] if len(text.split()) == 2 else text_of(elem.get('i_expiretime')).strip()
    if not _TIME_OF_DAY.match(clock or ''):
        return {'expiredate': day, 'expiretime': None}
    hours, minutes = clock.split(':')[:2]
    return {'expiredate': day, 'expiretime': '%s %02d:%s' % (day, int(hours), minutes)}


def date_of(value):
    """A panel date as a ``datetime.date``, or None."""
    iso = iso_date(value)
    return datetime.date.fromisoformat(iso) if iso else None


def date_or_text(value):
    """A date the panel may also write in words: the ISO date when it is one, else the text, else None."""
    text = text_of(value).strip()
    return iso_date(text) or text or None


def parse_date(value, option):
    """A task's ``YYYY-MM-DD`` as a ``datetime.date``; an InputError naming the option for anything else."""
    text = str(value).strip()
    if not _ISO_DATE.match(text):
        raise InputError('%s must be a date written YYYY-MM-DD; got %r' % (option, value))
    try:
        return datetime.date(int(text[0:4]), int(text[5:7]), int(text[8:10]))
    except ValueError as err:
        raise InputError('%s must be a date written YYYY-MM-DD; got %r (%s)' % (option, value, err)) from None


def days_left(expiredate, today=None):
    """Whole days from today until an ISO expiry date (negative when expired), None without a date."""
    if not expiredate:
        return None
    today = today or datetime.date.today()
    return (datetime.date.fromisoformat(expiredate) - today).days


def add_months(day, months):
    """The same day ``months`` later, clipped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year = day.year + index // 12
    month = index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def iso(day):
    return day.isoformat() if day else None


# -- IP addresses -------------------------------------------------------------------------------

def normalise_ip(value, option='ip'):
    """The address in its canonical text, or an InputError naming the option."""
    if value is None:
        return None
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        raise InputError('%s: %r is not an IP address' % (option, value)) from None


_ADDRESS_SEPARATORS = re.compile(r'[\s,;]+')


def ip_addresses(value):
    """Every address of a list's ``ip``, in the panel's order: real panels may list several in one field (real-panels.md 5.8)."""
    found = []
    for part in _ADDRESS_SEPARATORS.split(text_of(value).strip()):
        if part and part not in found:
            found.append(part)
    return found


def host_address(addresses):
    """The one address to connect to: the first IPv4, else the first IPv6, else the first text; None for none."""
    parsed = []
    for address in addresses:
        try:
            parsed.append((ipaddress.ip_address(address).version, address))
        except ValueError:
            parsed.append((None, address))
    for version in (4, 6, None):
        for found_version, address in parsed:
            if found_version == version:
                return address
    return None


# -- add-ons ------------------------------------------------------------------------------------

# The API names an add-on's field addon_<id>; tasks may write the id alone.
ADDON_FIELD = re.compile(r'^addon_(\d+)$')
# Real panels write on/off add-ons as on and off (E10, E13); tasks may say it in YAML's words too.
_BOOLEAN_TEXT = {'on': 'on', 'yes': 'on', 'true': 'on', 'off': 'off', 'no': 'off', 'false': 'off'}


def addon_key(ref):
    """A task's add-on key without the API's ``addon_`` prefix: ``addon_11`` and ``11`` are the same add-on."""
    text = str(ref).strip()
    match = ADDON_FIELD.match(text)
    return match.group(1) if match else text


def addon_field(key):
    """The add-on id of a form field name (``addon_11`` -> ``11``), or None for another field."""
    match = ADDON_FIELD.match(key)
    return match.group(1) if match else None


def boolean_text(value):
    """An on/off value as the API writes it (``on``/``off``), or None when the value is not one; digits are numbers."""
    if isinstance(value, bool):
        return 'on' if value else 'off'
    return _BOOLEAN_TEXT.get(str(value).strip().lower())


def addon_text(value):
    """A task's add-on value as the API writes it, before the tariff says what kind it is: on/off as on/off, numbers as text."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return boolean_text(value) or str(value).strip()


def addons_of_form(form):
    """The add-on values of an edit or order form: ``{"11": "1024", ...}`` (ids as strings, values as the API writes them)."""
    addons = {}
    for key, value in (form or {}).items():
        addon_id = addon_field(key)
        if addon_id is not None and not isinstance(value, list):
            addons[addon_id] = text_of(value).strip()
    return addons


def typed_addons(addons):
    if addons is None:
        return None
    return dict((key, plain_value(value)) for key, value in sorted(addons.items(), key=lambda kv: int(kv[0])))


def with_addons(obj, addons):
    """An object's return value plus its add-on values (None when they were not read)."""
    if obj is None:
        return None
    result = dict(obj)
    result['addons'] = typed_addons(addons)
    return result


# -- diff ---------------------------------------------------------------------------------------

def addon_label(addon_id, labels=None):
    """An add-on as a diff names it: the name the task gave it with its id beside (``RAM (11)``), else its id."""
    name = (labels or {}).get(str(addon_id))
    return '%s (%s)' % (name, addon_id) if name else str(addon_id)


def labelled_addons(addons, labels=None):
    """Add-on values (``typed_addons``) keyed as a diff shows them (``addon_label``)."""
    if addons is None:
        return None
    return dict((addon_label(key, labels), value) for key, value in addons.items())


def diff_of(before, after):
    """Ansible's diff for two plain dicts, limited to the keys that differ."""
    before, after = before or {}, after or {}
    keys = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    return {'before': dict((k, before.get(k)) for k in keys), 'after': dict((k, after.get(k)) for k in keys)}
