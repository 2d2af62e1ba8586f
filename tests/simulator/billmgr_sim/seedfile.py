"""A seed file (``billmgr-sim serve --seed my-panel.yml``): one's own catalogue and users instead of the demo ones.

    datacenters:
      - {id: 1, name: Frankfurt}
    addons:
      - {id: 11, name: RAM, type: integer, unit: MB, price: 0.25}
      - {id: 16, name: IPv6, type: boolean, price: 50}
      - id: 17
        name: Control panel
        type: enum
        items: [{id: 171, name: None, price: 0}, {id: 172, name: ISPmanager Lite, price: 400}]
    tariffs:
      - id: 6
        type: vds
        name: VPS Start
        price: 500
        periods: [1, 3, 12]
        datacenters: [1]
        addons:
          - {id: 11, min: 256, max: 65536, step: 256, included: 1024}
          - {id: 16, included: off}
          - {id: 17, included: 171}
    users:
      - {name: admin, password: Adm-2f9c, admin: true}
      - {name: carol, password: secret, balance: 5000}

``load(path)`` checks the whole file before the simulator touches a database and raises ``SeedFileError``
with ``FILE:LINE: key.path: what is wrong``. The rules are those of the built-in catalogue (seed.py, catalog.py):
period codes of real-panels §3.9, add-on types of pricelist.export (E9, E10), prices in RUB with kopecks.
"""

import decimal
import os

from .catalog import DAILY, ONE_TIME, TRIAL
from .handlers import SERVICE_TYPES
from .numeric import INT64_MAX
from .seed import CLIENT_BALANCE

ADDON_TYPES = ('integer', 'boolean', 'enum')
# [INF: strict] Money (prices, balances) is at most a billion RUB: above any real price list, and low enough
# that the sums the panel makes of it stay within SQLite's 64-bit integers (kopecks).
MAX_RUB = 10 ** 9
# The longest period in months: the legacy price list's "life" (seed.py, 100 years); a longer one has no expiry date.
MAX_PERIOD_MONTHS = 1200


class SeedFileError(ValueError):
    pass


class PanelSeed:
    """The rows a seed file gives, in the shapes of seed.py's tables (prices in kopecks)."""

    def __init__(self, path):
        self.path = path
        self.datacenters = []      # (id, name, name_ru)
        self.tariffs = []          # (id, itemtype, name, kopecks, 'p1,p2', name_ru, archived on/off, offer on/off)
        self.tariff_datacenters = []
        self.measures = []         # (id, name)
        self.addons = []           # (id, name, type, measure, kopecks, intname, enumeration, name_ru)
        self.enumitems = []        # (addon id, item id, name, kopecks)
        self.tariff_addons = []    # (tariff, addon, min, max, step, included)
        self.users = None          # [(name, password, admin?, balance kopecks)]; None: the demo users


class _Checker:
    """Walks the loaded data with its key path; ``fail`` names the line of the node at that path."""

    def __init__(self, path, root_node):
        self.path = path
        self.root_node = root_node

    def fail(self, keys, message):
        where = '.'.join(_key_text(key) for key in keys).replace('.[', '[')
        line = _line_of(self.root_node, keys)
        raise SeedFileError('%s:%s: %s%s' % (self.path, line, where + ': ' if where else '', message))

    def mapping(self, keys, value, required=(), optional=()):
        if not isinstance(value, dict):
            self.fail(keys, 'expected a mapping, got %s' % _shown(value))
        for name in value:
            if name not in required and name not in optional:
                self.fail(keys + [name], 'unknown key (known: %s)' % ', '.join(required + optional))
        for name in required:
            if name not in value:
                self.fail(keys, 'missing key %r' % name)
        return value

    def items(self, keys, value, allow_empty=False):
        if not isinstance(value, list) or (not value and not allow_empty):
            self.fail(keys, 'expected a non-empty list, got %s' % _shown(value))
        return [(keys + [index], item) for index, item in enumerate(value)]

    def integer(self, keys, value, minimum=None, maximum=INT64_MAX):
        """A whole number SQLite can store (a larger one would stop the write half-way)."""
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(keys, 'expected a whole number, got %s' % _shown(value))
        if minimum is not None and value < minimum:
            self.fail(keys, 'must be at least %d, got %d' % (minimum, value))
        if value > maximum:
            self.fail(keys, 'must be at most %d, got %d' % (maximum, value))
        return value

    def text(self, keys, value):
        if not isinstance(value, str) or not value.strip():
            self.fail(keys, 'expected a non-empty string, got %s' % _shown(value))
        try:
            value.encode('utf-8')
        except UnicodeEncodeError:  # YAML's "\ud800" is a lone surrogate, which SQLite cannot store
            self.fail(keys, 'not text: %r has a lone surrogate' % value)
        return value

    def flag(self, keys, value):
        if not isinstance(value, bool):
            self.fail(keys, 'expected true or false, got %s' % _shown(value))
        return value

    def kopecks(self, keys, value):
        """A price in RUB (a number, at most two decimals) as whole kopecks."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(keys, 'expected a price in RUB (a number), got %s' % _shown(value))
        amount = decimal.Decimal(str(value))  # YAML's .nan and .inf are floats too: no amount of money
        if not amount.is_finite() or not 0 <= amount <= MAX_RUB or amount * 100 != (amount * 100).to_integral_value():
            self.fail(keys, 'a price is a number of RUB from 0 to %d with at most two decimals, got %s' % (MAX_RUB, value))
        return int(amount * 100)

    def unique(self, keys, seen, value, what):
        if value in seen:
            self.fail(keys, 'duplicate %s %r' % (what, value))
        seen.add(value)


def _key_text(key):
    return '[%d]' % key if isinstance(key, int) else str(key)


def _shown(value):
    if value is None:
        return 'nothing'
    return '%s %r' % (type(value).__name__, value)


def _line_of(node, keys):
    """The 1-based line of the YAML node at ``keys`` (or of its nearest ancestor that exists)."""
    import yaml  # pylint: disable=import-outside-toplevel
    for key in keys:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((value for name, value in node.value if getattr(name, 'value', None) == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            child = node.value[key]
        if child is None:
            break
        node = child
    return node.start_mark.line + 1 if node is not None else 1


def load(path):
    """Read and check a seed file: a PanelSeed, or SeedFileError naming the file, line and key."""
    try:
        import yaml  # pylint: disable=import-outside-toplevel
    except ImportError as exc:  # a checkout used without `pip install`
        raise SeedFileError('%s: reading a seed file needs PyYAML (pip install PyYAML)' % path) from exc
    try:
        with open(path, encoding='utf-8') as stream:
            source = stream.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise SeedFileError('%s: cannot read the seed file: %s' % (path, getattr(exc, 'strerror', None) or exc)) from exc
    try:
        root_node = yaml.compose(source, Loader=yaml.SafeLoader)
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, 'problem_mark', None)
        line = mark.line + 1 if mark is not None else 1
        raise SeedFileError('%s:%d: not valid YAML: %s' % (path, line, getattr(exc, 'problem', None) or exc)) from exc
    checker = _Checker(os.fspath(path), root_node)
    if data is None:
        checker.fail([], 'the file is empty: it needs at least a list of tariffs')
    checker.mapping([], data, required=('tariffs',), optional=('datacenters', 'addons', 'users'))
    panel = PanelSeed(os.fspath(path))
    _datacenters(checker, data.get('datacenters', []), panel)
    addon_types = _addons(checker, data.get('addons', []), panel)
    _tariffs(checker, data['tariffs'], panel, addon_types)
    if 'users' in data:
        _users(checker, data['users'], panel)
    return panel


def _datacenters(checker, value, panel):
    seen = set()
    for keys, item in checker.items(['datacenters'], value, allow_empty=True):
        checker.mapping(keys, item, required=('id', 'name'), optional=('name_ru',))
        datacenter_id = checker.integer(keys + ['id'], item['id'], minimum=1)
        checker.unique(keys + ['id'], seen, datacenter_id, 'datacenter id')
        name = checker.text(keys + ['name'], item['name'])
        name_ru = checker.text(keys + ['name_ru'], item['name_ru']) if 'name_ru' in item else name
        panel.datacenters.append((datacenter_id, name, name_ru))


def _addons(checker, value, panel):
    """The add-on rows; returns {addon id: (type, {enum item ids})} for the tariffs' checks."""
    types, measures = {}, {}
    for keys, item in checker.items(['addons'], value, allow_empty=True):
        checker.mapping(keys, item, required=('id', 'name', 'type'), optional=('unit', 'price', 'items', 'intname', 'name_ru'))
        addon_id = checker.integer(keys + ['id'], item['id'], minimum=1)
        checker.unique(keys + ['id'], set(types), addon_id, 'add-on id')
        name = checker.text(keys + ['name'], item['name'])
        addon_type = item['type']
        if addon_type not in ADDON_TYPES:
            checker.fail(keys + ['type'], 'one of %s, got %s' % (', '.join(ADDON_TYPES), _shown(addon_type)))
        if addon_type == 'enum':
            if 'price' in item:
                checker.fail(keys + ['price'], 'an enum add-on has a price per item (items[].price), not one of its own')
            item_ids = _enum_items(checker, keys, item.get('items'), addon_id, panel)
        else:
            if 'items' in item:
                checker.fail(keys + ['items'], 'only an enum add-on has items')
            if 'price' not in item:
                checker.fail(keys, "missing key 'price' (RUB a month per unit, or for the option when boolean)")
            item_ids = set()
        unit = checker.text(keys + ['unit'], item['unit']) if 'unit' in item else None
        if unit is not None and unit not in measures:
            measures[unit] = len(measures) + 1
            panel.measures.append((measures[unit], unit))
        price = checker.kopecks(keys + ['price'], item['price']) if 'price' in item else 0
        intname = checker.text(keys + ['intname'], item['intname']) if 'intname' in item else 'addon%d' % addon_id
        name_ru = checker.text(keys + ['name_ru'], item['name_ru']) if 'name_ru' in item else name
        # An enum add-on's enumeration gets the add-on's id as its own (pricelist.export names both, E10).
        panel.addons.append((addon_id, name, addon_type, unit, price, intname, addon_id if addon_type == 'enum' else None,
                             name_ru))
        types[addon_id] = (addon_type, item_ids)
    return types


def _enum_items(checker, keys, value, addon_id, panel):
    if value is None:
        checker.fail(keys, "missing key 'items' (an enum add-on's choices)")
    seen = set()
    for item_keys, item in checker.items(keys + ['items'], value):
        checker.mapping(item_keys, item, required=('id', 'name'), optional=('price',))
        item_id = checker.integer(item_keys + ['id'], item['id'], minimum=1)
        checker.unique(item_keys + ['id'], seen, item_id, 'item id')
        price = checker.kopecks(item_keys + ['price'], item['price']) if 'price' in item else 0
        panel.enumitems.append((addon_id, item_id, checker.text(item_keys + ['name'], item['name']), price))
    return seen


def _tariffs(checker, value, panel, addon_types):
    seen = set()
    datacenter_ids = {row[0] for row in panel.datacenters}
    for keys, item in checker.items(['tariffs'], value):
        checker.mapping(keys, item, required=('id', 'type', 'name', 'price', 'periods'),
                        optional=('datacenters', 'addons', 'archived', 'offer', 'name_ru'))
        tariff_id = checker.integer(keys + ['id'], item['id'], minimum=1)
        checker.unique(keys + ['id'], seen, tariff_id, 'tariff id')
        itemtype = item['type']
        if itemtype not in SERVICE_TYPES:
            checker.fail(keys + ['type'], 'one of %s, got %s' % (', '.join(SERVICE_TYPES), _shown(itemtype)))
        name = checker.text(keys + ['name'], item['name'])
        periods = _periods(checker, keys + ['periods'], item['periods'])
        datacenters = _tariff_datacenters(checker, keys, item, itemtype, datacenter_ids)
        archived = checker.flag(keys + ['archived'], item['archived']) if 'archived' in item else False
        offer = checker.flag(keys + ['offer'], item['offer']) if 'offer' in item else False
        name_ru = checker.text(keys + ['name_ru'], item['name_ru']) if 'name_ru' in item else name
        panel.tariffs.append((tariff_id, itemtype, name, checker.kopecks(keys + ['price'], item['price']),
                              ','.join(str(period) for period in periods), name_ru,
                              'on' if archived else 'off', 'on' if offer else 'off'))
        panel.tariff_datacenters.extend((tariff_id, datacenter_id) for datacenter_id in datacenters)
        _tariff_addons(checker, keys, item.get('addons', []), tariff_id, addon_types, panel)


def _periods(checker, keys, value):
    periods = []
    for period_keys, period in checker.items(keys, value):
        checker.integer(period_keys, period, maximum=MAX_PERIOD_MONTHS)
        if period < 0 and period not in (TRIAL, DAILY):
            checker.fail(period_keys, 'not a period code: months (1, 3, 12, ...), -100 trial, -50 daily or 0 one-time')
        if period in periods:
            checker.fail(period_keys, 'period %d is listed twice' % period)
        periods.append(period)
    # The tariff's price is per day (daily) or once (one-time): neither mixes with other periods (catalog.py).
    for code, what in ((DAILY, 'daily (-50)'), (ONE_TIME, 'one-time (0)')):
        if code in periods and len(periods) > 1:
            checker.fail(keys, 'a %s tariff has no other period: its price is per day or once' % what)
    if periods == [TRIAL]:
        checker.fail(keys, 'a trial (-100) needs a period to go on with after it ends')
    return periods


def _tariff_datacenters(checker, keys, item, itemtype, datacenter_ids):
    if itemtype == 'soft':
        if item.get('datacenters'):
            checker.fail(keys + ['datacenters'], 'a licence (soft) has no datacenter')
        return []
    if 'datacenters' not in item:
        checker.fail(keys, "missing key 'datacenters' (the ids a %s of this tariff can be ordered in)" % itemtype)
    chosen = []
    for dc_keys, datacenter_id in checker.items(keys + ['datacenters'], item['datacenters']):
        checker.integer(dc_keys, datacenter_id)
        if datacenter_id not in datacenter_ids:
            checker.fail(dc_keys, 'no datacenter %d in the datacenters list' % datacenter_id)
        checker.unique(dc_keys, set(chosen), datacenter_id, 'datacenter')
        chosen.append(datacenter_id)
    return chosen


def _tariff_addons(checker, keys, value, tariff_id, addon_types, panel):
    seen = set()
    for addon_keys, item in checker.items(keys + ['addons'], value, allow_empty=True):
        if not isinstance(item, dict) or 'id' not in item:
            checker.fail(addon_keys, "expected a mapping with an 'id'")
        addon_id = checker.integer(addon_keys + ['id'], item['id'])
        if addon_id not in addon_types:
            checker.fail(addon_keys + ['id'], 'no add-on %d in the addons list' % addon_id)
        checker.unique(addon_keys + ['id'], seen, addon_id, 'add-on')
        addon_type, item_ids = addon_types[addon_id]
        if addon_type == 'integer':
            checker.mapping(addon_keys, item, required=('id', 'min', 'max', 'included'), optional=('step',))
            minimum = checker.integer(addon_keys + ['min'], item['min'], minimum=0)
            maximum = checker.integer(addon_keys + ['max'], item['max'], minimum=minimum)
            step = checker.integer(addon_keys + ['step'], item['step'], minimum=1) if 'step' in item else 1
            included = checker.integer(addon_keys + ['included'], item['included'], minimum=minimum)
            if included > maximum:
                checker.fail(addon_keys + ['included'], 'must be at most max (%d), got %d' % (maximum, included))
            panel.tariff_addons.append((tariff_id, addon_id, minimum, maximum, step, str(included)))
            continue
        checker.mapping(addon_keys, item, required=('id', 'included'))
        included = item['included']
        if addon_type == 'boolean':
            # YAML 1.1 reads a bare on/off as true/false: both spellings mean the panel's on/off (§8.2).
            if isinstance(included, bool):
                included = 'on' if included else 'off'
            if included not in ('on', 'off'):
                checker.fail(addon_keys + ['included'], 'a boolean add-on is on or off, got %s' % _shown(item['included']))
        else:
            checker.integer(addon_keys + ['included'], included)
            if included not in item_ids:
                checker.fail(addon_keys + ['included'], 'not an item of add-on %d (items: %s)'
                             % (addon_id, ', '.join(str(item_id) for item_id in sorted(item_ids))))
            included = str(included)
        panel.tariff_addons.append((tariff_id, addon_id, None, None, None, included))


def _users(checker, value, panel):
    panel.users, seen = [], set()
    for keys, item in checker.items(['users'], value):
        checker.mapping(keys, item, required=('name', 'password'), optional=('admin', 'balance'))
        name = checker.text(keys + ['name'], item['name'])
        if '=' in name or name != name.strip():
            checker.fail(keys + ['name'], 'a user name has no "=" and no surrounding blanks')
        checker.unique(keys + ['name'], seen, name, 'user')
        password = item['password']
        if isinstance(password, (int, float)) and not isinstance(password, bool):
            password = str(password)  # `password: 1234` is meant as text
        password = checker.text(keys + ['password'], password)
        admin = checker.flag(keys + ['admin'], item['admin']) if 'admin' in item else False
        if admin and 'balance' in item:
            checker.fail(keys + ['balance'], 'an admin has no account, so no balance')
        # without one, what the demo clients have
        balance = checker.kopecks(keys + ['balance'], item['balance']) if 'balance' in item else CLIENT_BALANCE
        panel.users.append((name, password, admin, balance))
    if not any(user[2] for user in panel.users):
        checker.fail(['users'], 'at least one user is an admin (admin: true): the simulator is controlled as an admin')
