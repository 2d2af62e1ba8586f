"""Catalog reads and prices: tariffs, their periods, datacenters and add-ons.

Periods are codes (real-panels §3.9; E1 ``BillingPeriod``, E2, E8, E18): a positive number is months,
-100 a trial, -50 daily billing, 0 a one-time payment. A tariff's price (``monthly`` column) is its rate
per base period: per month for month periods, per day for a daily tariff, the whole price for a
one-time tariff; a trial costs nothing [INF: both]. A one-time service never expires (``advance``).
"""

import datetime

from . import errors, numeric
from .clock import add_months

TRIAL, DAILY, ONE_TIME = -100, -50, 0
TRIAL_DAYS = 14  # [INF] a trial lasts two weeks (the legacy price list of seed 004 has "Trial (2 weeks)")
# The period's label (E1 BillingPeriod; the texts "trial" and "monthly" of E9's export fixture agree).
PERIOD_LABELS = {TRIAL: 'trial', DAILY: 'daily', 1: 'monthly', 3: 'quarterly', 6: 'semi-annual', 12: 'annual',
                 24: 'biennial', 36: 'triennial', ONE_TIME: 'one-time'}
PERIOD_NAMES = {TRIAL: 'Trial', DAILY: '1 day', ONE_TIME: 'One-time', 1: '1 month', 3: '3 months', 6: '6 months',
                12: '1 year', 24: '2 years', 36: '3 years'}  # [INF] the texts of period choices
# How the cost column names the period: "500.00 RUB / Month" (E6 splits it on the space; E30's Russian panel writes
# «Месяц»); [INF] the names of the other periods.
COST_PERIOD_NAMES = {TRIAL: 'Trial', DAILY: 'Day', ONE_TIME: 'One-time', 1: 'Month', 3: '3 months', 6: 'Half a year',
                     12: 'Year', 24: '2 years', 36: '3 years'}
# How renewal periods are worded where a panel offers them: the renewal form's period choices and the edit form's
# auto-renewal choices (real-panels-2 §2.7, E22's period texts: "per month", "for three months", "half a year",
# "per year", "for two years", "for three years"). [INF] "for" before "half a year", and "per day".
RENEWAL_PERIOD_WORDS = {DAILY: 'per day', 1: 'per month', 3: 'for three months', 6: 'for half a year', 12: 'per year',
                        24: 'for two years', 36: 'for three years'}
# Boolean add-ons are on/off (real-panels §8.2: E10 builds addon_ID=on|off, E13 FirstVDS addon_56336=off).
# [INF: strict] any other spelling (1/0, yes/no) is a value error naming addon_ID.
BOOLEAN_VALUES = ('on', 'off')
# Add-on types as pricelist.export writes them (E9, E10: addontype 1 boolean, 2 integer, 3 enum).
ADDONTYPE = {'boolean': '1', 'integer': '2', 'enum': '3'}
# Numeric product type ids (E10: "3" vds, "21" dedicated servers, "40" soft; E18: itemtype ids vs intname);
# vhost and platform are [INF].
ITEMTYPE_IDS = {'vds': 3, 'dedic': 21, 'soft': 40, 'vhost': 2, 'platform': 61, 'instances': 114}  # instances' id [INF]


def money(kopecks):
    return '%d.%02d' % divmod(int(kopecks), 100) if kopecks >= 0 else '-' + money(-kopecks)


def money4(kopecks):
    """Four decimals, as pricelist.export writes costs ("490.0000", E9 fixture; E10, E11 read ``$cost``)."""
    return money(kopecks) + '00'


def period_name(period):
    return PERIOD_NAMES.get(period, '%d months' % period)


def period_label(period):
    return PERIOD_LABELS.get(period, '%d months' % period)


def period_cost(rate, period):
    """What one period costs at a tariff's rate: months x rate, a day or a one-time payment the rate, a trial nothing."""
    if period == TRIAL:
        return 0
    if period in (DAILY, ONE_TIME):
        return rate
    return rate * period


def first_payment(monthly, setup, period):
    """What an order pays: one period at the rate (tariff and add-ons) plus the tariff's one-time setup fee (seed.SETUP_FEES;
    E3's order summary lists both). Renewals pay the period alone."""
    return period_cost(monthly, period) + setup


def advance(day, period):
    """The expiry date one period after ``day``; None for a one-time payment (it does not expire) [INF]."""
    if period == TRIAL:
        return day + datetime.timedelta(days=TRIAL_DAYS)
    if period == DAILY:
        return day + datetime.timedelta(days=1)
    if period == ONE_TIME:
        return None
    return add_months(day, period)


def renewable(period):
    """A trial cannot be renewed or auto-renewed as a trial, a one-time payment not at all [INF: strict]."""
    return period not in (TRIAL, ONE_TIME)


def renewal_words(period):
    return RENEWAL_PERIOD_WORDS.get(period, 'for %d months' % period)


def cost_text(monthly, period):
    return '%s RUB / %s' % (money(period_cost(monthly, period)), COST_PERIOD_NAMES.get(period, '%d months' % period))


def tariff(conn, tariff_id, itemtype=None):
    """The tariff row, or None when there is none (of that item type); ``tariff_id`` is an id or a parameter's text."""
    if isinstance(tariff_id, str):
        tariff_id = numeric.parse_int(tariff_id)
    if tariff_id is None:
        return None
    row = conn.execute('SELECT * FROM tariff WHERE id = ?', (tariff_id,)).fetchone()
    if row is None or (itemtype is not None and row['itemtype'] != itemtype):
        return None
    return row


def tariffs(conn, itemtype=None, orderable=False):
    """The tariffs (of one item type); ``orderable``: only active ones neither hidden nor archived."""
    where, args = [], []
    if itemtype:
        where.append('itemtype = ?')
        args.append(itemtype)
    if orderable:
        where.append("active = 'on' AND hideinorder = 'off' AND archived = 'off'")
    clause = (' WHERE ' + ' AND '.join(where)) if where else ''
    return conn.execute('SELECT * FROM tariff%s ORDER BY id' % clause, args).fetchall()


def orderable(tariff_row):
    """[INF: strict] a tariff that is inactive, hidden from the order or archived cannot be ordered through the API."""
    return tariff_row['active'] == 'on' and tariff_row['hideinorder'] == 'off' and tariff_row['archived'] == 'off'


def periods(tariff_row):
    return [int(value) for value in tariff_row['periods'].split(',')]


def datacenters(conn, tariff_id):
    return conn.execute(
        'SELECT d.id, d.name, d.name_ru FROM datacenter d JOIN tariff_datacenter td ON td.datacenter_id = d.id'
        ' WHERE td.tariff_id = ? ORDER BY d.id', (tariff_id,)).fetchall()


def addons(conn, tariff_id):
    """The tariff's add-ons as dicts: id, name, name_ru, intname, type, measure, unit_price, minimum, maximum, step, included."""
    rows = conn.execute(
        'SELECT a.id, a.name, a.name_ru, a.intname, a.type, a.measure, a.unit_price, a.enumeration,'
        ' ta.minimum, ta.maximum, ta.step, ta.included'
        ' FROM addon a JOIN tariff_addon ta ON ta.addon_id = a.id WHERE ta.tariff_id = ? ORDER BY a.id',
        (tariff_id,)).fetchall()
    result = []
    for row in rows:
        addon = dict(row)
        if addon['type'] == 'enum':
            addon['enumitems'] = [dict(item) for item in conn.execute(
                'SELECT id, name, price FROM enumitem WHERE addon_id = ? ORDER BY id', (addon['id'],))]
        result.append(addon)
    return result


def ostempls(conn):
    return conn.execute('SELECT name, title, valuegroup FROM ostempl ORDER BY name').fetchall()


def recipes(conn):
    return conn.execute('SELECT name, title FROM recipe ORDER BY name').fetchall()


def measure(conn, name):
    """(id, name) of a unit of measure, or None."""
    if name is None:
        return None
    row = conn.execute('SELECT id, name FROM measure WHERE name = ?', (name,)).fetchone()
    return (row['id'], row['name']) if row else None


def ostempl_exists(conn, name):
    return conn.execute('SELECT 1 FROM ostempl WHERE name = ?', (name,)).fetchone() is not None


def recipe_exists(conn, name):
    return conn.execute('SELECT 1 FROM recipe WHERE name = ?', (name,)).fetchone() is not None


def normalise_addon_value(addon, raw):
    """The stored form of a value for this add-on, or a ``value`` error naming addon_ID."""
    param = 'addon_%d' % addon['id']
    text = (raw or '').strip()
    if addon['type'] == 'boolean':
        if text not in BOOLEAN_VALUES:
            raise errors.invalid(param, raw)
        return text
    if addon['type'] == 'enum':
        if text not in {str(item['id']) for item in addon['enumitems']}:
            raise errors.invalid(param, raw)
        return text
    value = numeric.parse_int(text)
    if value is None:
        raise errors.invalid(param, raw)
    low, high, step = addon['minimum'], addon['maximum'], addon['step'] or 1
    if (low is not None and value < low) or (high is not None and value > high) or (value - (low or 0)) % step:
        raise errors.invalid(param, raw)
    return str(value)


def addon_monthly(addon, value):
    """Monthly price of an add-on value: what goes beyond the tariff's included amount."""
    if addon['type'] == 'boolean':
        return addon['unit_price'] if value == 'on' and addon['included'] != 'on' else 0
    if addon['type'] == 'enum':
        return next((item['price'] for item in addon['enumitems'] if str(item['id']) == value), 0)
    return max(0, int(value) - int(addon['included'])) * addon['unit_price']


def monthly_cost(tariff_row, tariff_addons, values):
    """Tariff plus add-ons, per month, in kopecks; ``values`` maps add-on id to its stored value."""
    total = tariff_row['monthly']
    for addon in tariff_addons:
        total += addon_monthly(addon, values.get(addon['id'], addon['included']))
    return total
