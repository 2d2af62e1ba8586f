"""Catalog reads and prices: tariffs, their periods, datacenters and add-ons."""

from . import errors, numeric

PERIOD_NAMES = {1: '1 month', 3: '3 months', 6: '6 months', 12: '1 year', 24: '2 years', 36: '3 years'}
# [INF] how the cost column names the period ("500.00 RUB / Month" is the documented monthly form).
COST_PERIOD_NAMES = {1: 'Month', 3: '3 months', 6: 'Half a year', 12: 'Year', 24: '2 years', 36: '3 years'}
BOOLEAN_VALUES = {'1': '1', 'on': '1', 'yes': '1', 'true': '1', '0': '0', 'off': '0', 'no': '0', 'false': '0'}


def money(kopecks):
    return '%d.%02d' % divmod(int(kopecks), 100) if kopecks >= 0 else '-' + money(-kopecks)


def period_name(months):
    return PERIOD_NAMES.get(months, '%d months' % months)


def cost_text(monthly, period):
    return '%s RUB / %s' % (money(monthly * period), COST_PERIOD_NAMES.get(period, '%d months' % period))


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


def tariffs(conn, itemtype=None):
    if itemtype:
        return conn.execute('SELECT * FROM tariff WHERE itemtype = ? ORDER BY id', (itemtype,)).fetchall()
    return conn.execute('SELECT * FROM tariff ORDER BY id').fetchall()


def periods(tariff_row):
    return [int(value) for value in tariff_row['periods'].split(',')]


def datacenters(conn, tariff_id):
    return conn.execute(
        'SELECT d.id, d.name FROM datacenter d JOIN tariff_datacenter td ON td.datacenter_id = d.id'
        ' WHERE td.tariff_id = ? ORDER BY d.id', (tariff_id,)).fetchall()


def addons(conn, tariff_id):
    """The tariff's add-ons as dicts: id, name, type, measure, unit_price, minimum, maximum, step, included."""
    rows = conn.execute(
        'SELECT a.id, a.name, a.type, a.measure, a.unit_price, ta.minimum, ta.maximum, ta.step, ta.included'
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
    return conn.execute('SELECT name, title FROM ostempl ORDER BY name').fetchall()


def recipes(conn):
    return conn.execute('SELECT name, title FROM recipe ORDER BY name').fetchall()


def ostempl_exists(conn, name):
    return conn.execute('SELECT 1 FROM ostempl WHERE name = ?', (name,)).fetchone() is not None


def recipe_exists(conn, name):
    return conn.execute('SELECT 1 FROM recipe WHERE name = ?', (name,)).fetchone() is not None


def normalise_addon_value(addon, raw):
    """The stored form of a value for this add-on, or a ``value`` error naming addon_ID."""
    param = 'addon_%d' % addon['id']
    text = (raw or '').strip()
    if addon['type'] == 'boolean':
        if text.lower() not in BOOLEAN_VALUES:
            raise errors.invalid(param, raw)
        return BOOLEAN_VALUES[text.lower()]
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
        return addon['unit_price'] if value == '1' and addon['included'] != '1' else 0
    if addon['type'] == 'enum':
        return next((item['price'] for item in addon['enumitems'] if str(item['id']) == value), 0)
    return max(0, int(value) - int(addon['included'])) * addon['unit_price']


def monthly_cost(tariff_row, tariff_addons, values):
    """Tariff plus add-ons, per month, in kopecks; ``values`` maps add-on id to its stored value."""
    total = tariff_row['monthly']
    for addon in tariff_addons:
        total += addon_monthly(addon, values.get(addon['id'], addon['included']))
    return total
