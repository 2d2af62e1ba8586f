"""The demo catalog, users and services a new database starts with.

Ids are the ones the vendor's examples use, so those URLs run verbatim. The examples
disagree in one place: add-on 28 is ordered with VPS tariff 6 (value 1) and edited on
dedicated server 1065 (value 5000). Here an add-on is a catalog entry that several
tariffs may link to with their own limits, so "Traffic" (28) belongs to tariffs 6, 7 and 32.
"""

import datetime
import hashlib

from . import catalog, db
from .clock import add_months
from .passwords import hash_password

RUB = 100  # kopecks

DATACENTERS = ((1, 'Frankfurt', 'Франкфурт'), (2, 'Amsterdam', 'Амстердам'))  # id, name, name_ru (E9: datacenter id, name, name_ru)
ALL_PERIODS = '1,3,6,12,24,36'

# id, itemtype, name, monthly price (RUB; per day for a daily tariff, the whole price for a one-time one),
# period codes (months; -100 trial, -50 daily, 0 one-time: real-panels §3.9), datacenters
TARIFFS = (
    (1, 'vds', 'VPS Mini', 250, ALL_PERIODS, (1,)),
    (2, 'vhost', 'Hosting Start', 150, ALL_PERIODS, (1,)),
    (6, 'vds', 'VPS Start', 500, ALL_PERIODS, (1,)),
    (7, 'vds', 'VPS Pro', 1200, '1,12', (1, 2)),
    (8, 'vds', 'VPS Trial', 300, '-100,1,12', (1,)),  # a trial, then months
    (9, 'vds', 'VPS Daily', 20, '-50', (1,)),  # billed per day
    (4, 'vds', 'VPS Old', 200, '1,12', (1,)),  # archived: not in onlyavailable=on, cannot be ordered
    (32, 'dedic', 'Dedicated Basic', 5000, ALL_PERIODS, (1, 2)),
    (33, 'dedic', 'Dedicated Pro', 9000, '1,3,12', (1,)),  # with a setup fee (SETUP_FEES)
    (40, 'platform', 'Cloud Platform', 3000, '1,12', (1,)),
    (50, 'instances', 'Cloud Instance', 400, '1,12', (1,)),  # a BILLmanager 6 cloud server (E22); the tariff is demo data
    (41, 'platform', 'Platform Setup', 5000, '0', (1,)),  # a one-time payment
    # ISPsystem licenses (seed 002): periods 1 and 12 months, no datacenter.
    (3541, 'soft', 'ISPmanager Lite', 400, '1,12', ()),
    (4601, 'soft', 'ISPmanager Business', 1500, '1,12', ()),
    (5577, 'soft', 'BILLmanager', 1000, '1,12', ()),
    (5579, 'soft', 'BILLmanager Corporate', 5000, '1,12', ()),
    (3045, 'soft', 'VMmanager KVM', 600, '1,12', ()),
    (3887, 'soft', 'VMmanager Cloud', 2000, '1,12', ()),
    (3651, 'soft', 'VMmanager OVZ', 500, '1,12', ()),
    (3934, 'soft', 'DCImanager', 1500, '1,12', ()),
    (3936, 'soft', 'DCImanager Enterprise', 6000, '1,12', ()),
    (3136, 'soft', 'DNSmanager', 200, '1,12', ()),
    (2891, 'soft', 'IPmanager', 200, '1,12', ()),
    (3542, 'soft', 'ISPmanager Lite Trial', 400, '-100,1,12', ()),  # a license with a trial
)
ARCHIVED_TARIFFS = (4,)
# One-time setup fees (RUB), paid with the first payment of an order and never on renewal: a captured SpaceCore order
# summary lists a base cost and a line "Установка (разово)" (setup, one time) (E3, reference/responses), and E3's
# v2 tariff wizard carries prices.price[].setup. Dedicated servers are where panels charge it most; which tariffs,
# the amounts, one fee for every period of a tariff, and that a trial or a tariff change pays none [INF].
SETUP_FEES = {33: 4500, 7: 600}
# [INF] tariffs with an offer (terms) to accept: a confirmed order needs licence_agreement=on (E4, E5 send it;
# real-panels §3.5). Two licences no test orders: BILLmanager Corporate and DCImanager Enterprise.
OFFER_TARIFFS = (5579, 3936)
# Russian names and descriptions of the tariffs (E9: name_ru, description): demo data, made up.
TARIFF_NAMES_RU = {
    1: 'VPS Мини', 2: 'Хостинг Старт', 6: 'VPS Старт', 7: 'VPS Про', 8: 'VPS Пробный', 9: 'VPS Посуточный', 4: 'VPS Старый',
    32: 'Выделенный Базовый', 33: 'Выделенный Про', 40: 'Облачная платформа', 41: 'Установка платформы'}

# Units of measure: id, name (E9: an add-on's measure is written twice, the id and {id, name}); ids [INF].
MEASURES = ((1, 'MB'), (2, 'GB'), (3, 'pcs'), (4, 'cores'), (5, 'Mbit/s'), (6, 'days'))

# id, name, type, measure, monthly price per unit in kopecks (integer) or of the option (boolean),
# internal name (E9 reads ncpu, mem, disc, outbound, ip; the others [INF]), enumeration id (enum add-ons)
ADDONS = (
    (5, 'Sites', 'integer', 'pcs', 10 * RUB, 'sites', None),
    (34, 'Disk quota', 'integer', 'MB', 1, 'quota', None),
    (7, 'Disk', 'integer', 'MB', 2, 'disc', None),
    (9, 'CPU', 'integer', 'cores', 150 * RUB, 'ncpu', None),
    (10, 'IPv6 addresses', 'integer', 'pcs', 5 * RUB, 'ipv6', None),
    (11, 'RAM', 'integer', 'MB', 25, 'mem', None),
    (12, 'Port speed', 'integer', 'Mbit/s', 50, 'outbound', None),
    (13, 'IPv4 addresses', 'integer', 'pcs', 150 * RUB, 'ip', None),
    (14, 'Backup retention', 'integer', 'days', 2 * RUB, 'backup', None),
    # 15 and 35 are switched on with a number in seed 000 (addon_15=0, addon_35=1): integer add-ons of 0 to 1 here.
    (15, 'DDoS protection', 'integer', None, 300 * RUB, 'ddos', None),
    (16, 'IPv6', 'boolean', None, 50 * RUB, 'ipv6_enable', None),
    (17, 'Control panel', 'enum', None, 0, 'panel', 2),
    (28, 'Traffic', 'integer', 'GB', 10, 'traffic', None),
    (26, 'IPv4 addresses', 'integer', 'pcs', 150 * RUB, 'ip', None),
    (33, 'RAID', 'enum', None, 0, 'raid', 1),
    (35, 'IPMI access', 'integer', None, 200 * RUB, 'ipmi', None),
    (4602, 'Additional sites', 'integer', 'pcs', 100 * RUB, 'sites', None),
    (3049, 'Nodes', 'integer', 'pcs', 300 * RUB, 'nodes', None),
    (3889, 'Nodes', 'integer', 'pcs', 300 * RUB, 'nodes', None),
    (3698, 'Nodes', 'integer', 'pcs', 250 * RUB, 'nodes', None),
)
# Russian names of the add-ons (E9, E10 read name_ru): demo data, made up.
ADDON_NAMES_RU = {7: 'Диск', 9: 'Процессор', 11: 'Память', 13: 'IPv4-адреса', 15: 'Защита от DDoS', 16: 'IPv6',
                  17: 'Панель управления', 28: 'Трафик', 33: 'RAID', 35: 'Доступ к IPMI'}

# addon id, enum item id, name, monthly price (kopecks). Item ids are records of the panel's own, as in
# E13 (addon_56329=93), E3 (addon_16660: 398), E10 (addon_2208=2210).
ENUMITEMS = (
    (33, 1, 'No RAID', 0),
    (33, 2, 'RAID 1', 500 * RUB),
    (33, 3, 'RAID 10', 1000 * RUB),
    (17, 171, 'None', 0),
    (17, 172, 'ISPmanager Lite', 400 * RUB),
    (17, 173, 'ISPmanager Pro', 800 * RUB),
)

# tariff, addon, min, max, step, included (the default value, free of charge)
TARIFF_ADDONS = (
    (2, 5, 1, 100, 1, '5'),
    (2, 34, 512, 102400, 512, '1024'),
    (1, 7, 5000, 100000, 1000, '5000'),
    (1, 9, 1, 4, 1, '1'),
    (1, 11, 256, 4096, 256, '512'),
    (6, 7, 5000, 500000, 1000, '10000'),
    (6, 9, 1, 32, 1, '1'),
    (6, 10, 0, 16, 1, '0'),
    (6, 11, 256, 65536, 256, '1024'),
    (6, 12, 100, 1000, 100, '100'),
    (6, 13, 1, 16, 1, '1'),
    (6, 14, 0, 90, 1, '7'),
    (6, 15, 0, 1, 1, '0'),
    (6, 16, None, None, None, 'off'),
    (6, 17, None, None, None, '171'),
    (6, 28, 0, 100000, 1, '0'),
    (7, 7, 20000, 1000000, 1000, '40000'),
    (7, 9, 2, 64, 1, '2'),
    (7, 11, 2048, 262144, 1024, '4096'),
    (7, 13, 1, 32, 1, '1'),
    (7, 28, 0, 100000, 1, '1000'),
    (8, 9, 1, 8, 1, '1'),
    (8, 11, 512, 8192, 512, '1024'),
    (8, 16, None, None, None, 'off'),
    (9, 9, 1, 8, 1, '1'),
    (9, 11, 512, 16384, 512, '1024'),
    (4, 11, 256, 2048, 256, '512'),
    (32, 26, 1, 32, 1, '1'),
    (32, 28, 0, 100000, 1, '1000'),
    (32, 33, None, None, None, '1'),
    (32, 35, 0, 1, 1, '0'),
    (33, 26, 1, 32, 1, '2'),
    (33, 28, 0, 100000, 1, '5000'),
    (33, 33, None, None, None, '2'),
    (4601, 4602, 0, 100, 1, '0'),
    (3045, 3049, 1, 100, 1, '1'),
    (3887, 3889, 1, 1000, 1, '1'),
    (3651, 3698, 1, 100, 1, '1'),
)

# name, title, valuegroup (E1 reads the OS family from $valuegroup of slist ostempl; the group names are demo data)
OSTEMPLS = (('ISPsystem__CentOS-7-amd64', 'CentOS 7 (amd64)', 'centos'), ('ISPsystem__Debian-12-amd64', 'Debian 12 (amd64)', 'debian'))
RECIPES = (('ISPsystem__LAMP', 'LAMP'), ('ISPsystem__Docker', 'Docker'))

# Legacy price list of my.ispsystem.com (seed 004): price id, name, periods (id, name, days, months, cost RUB).
# [INF] durations: a trial is 14 days, "life"/"lifetime" 100 years; the costs are made up.
LEGACY_PRICES = (
    (7, 'ISPmanager Lite (without support)', ((7, 'Trial (2 weeks)', 14, 0, 0), (8, '1 month', 0, 1, 300), (9, 'life', 0, 1200, 6000))),
    (11, 'ISPmanager Pro (without support)', ((15, 'Trial (2 weeks)', 14, 0, 0), (16, '1 month', 0, 1, 600), (17, 'life', 0, 1200, 12000))),
    (15, 'VDSmanager-Linux', ((24, 'Trial (2 weeks)', 14, 0, 0), (25, '1 month', 0, 1, 500), (26, 'lifetime', 0, 1200, 10000))),
    (884, 'VDSmanager-FreeBSD', ((534, 'Trial (2 weeks)', 14, 0, 0), (535, '1 month', 0, 1, 500), (536, 'lifetime', 0, 1200, 10000))),
    (432, 'BILLmanager Standard', ((246, 'Trial (2 weeks)', 14, 0, 0), (380, '1 month', 0, 1, 700), (381, '1 year', 0, 12, 7000))),
    (434, 'BILLmanager Advanced', ((247, 'Trial (2 weeks)', 14, 0, 0), (382, '1 month', 0, 1, 1400), (383, '1 year', 0, 12, 14000))),
    (435, 'BILLmanager Corporate', ((248, 'Trial (2 weeks)', 14, 0, 0), (384, '1 month', 0, 1, 3000), (385, '1 year', 0, 12, 30000))),
    (16, 'DSmanager', ((27, 'Trial (2 weeks)', 14, 0, 0), (28, '1 month', 0, 1, 400), (29, '1 year', 0, 12, 4000), (661, 'lifetime', 0, 1200, 8000))),
    (17, 'DNSmanager', ((30, 'Trial (2 weeks)', 14, 0, 0), (31, 'lifetime', 0, 1200, 3000))),
    (18, 'IPmanager', ((32, 'Trial (2 weeks)', 14, 0, 0), (33, 'lifetime', 0, 1200, 3000))),
)

ADMIN = ('admin', 'Adm-2f9c')
CLIENTS = (('alice', 'Ali-6b1d'), ('bob', 'Bob-8e4a'))
CLIENT_BALANCE = 100000 * RUB
ADMIN_LEVEL = 28
CLIENT_LEVEL = 16

# id, itemtype, owner, tariff, datacenter, domain, ostempl, addon values that differ from the tariff's defaults
DEMO_SERVICES = (
    (5, 'vds', 'bob', 6, 1, 'bob-vps.test', 'ISPsystem__Debian-12-amd64', {}),
    (892, 'dedic', 'alice', 32, 1, 'node1.alice.test', 'ISPsystem__Debian-12-amd64', {}),
    (938, 'vds', 'alice', 6, 1, 'old-vps.alice.test', 'ISPsystem__CentOS-7-amd64', {}),
    (945, 'vhost', 'alice', 2, 1, 'alice.test', None, {34: '512'}),
    (958, 'vds', 'alice', 6, 1, 'web.alice.test', 'ISPsystem__CentOS-7-amd64', {11: '1024', 9: '2'}),
    (1065, 'dedic', 'alice', 32, 1, 'db.alice.test', 'ISPsystem__Debian-12-amd64', {26: '2'}),
    (1085, 'vhost', 'alice', 2, 1, 'blog.alice.test', None, {}),
    (1100, 'platform', 'alice', 40, 1, 'platform.alice.test', None, {}),
)
DEMO_LICENSE = (777, 'alice', 3541, 'alice-lite', '203.0.113.10')
# A license is issued for a public address only (handlers/licenses.py): the demo licenses have documentation-range
# addresses (TEST-NET-3 and TEST-NET-2), which no tool can reach.
DEMO_LEGACY_LICENSE = (334673, 'alice', 7, 8, 'LICNAME-OLD', '198.51.100.100')


# --multi-ip: services that also have an IPv6 address, listed as "IPv4 IPv6" in one ``ip`` string
# (real-panels §5.8, E12: "'1.2.3.4 2001:..'"): alice's VPS web.alice.test and dedicated db.alice.test.
MULTI_IP_SERVICES = (958, 1065)


def service_ipv6(service_id):
    """A documentation-range IPv6 address derived from the id, so tests can predict it (demo data)."""
    return '2001:db8::%x' % service_id


def add_second_addresses(conn):
    """Give MULTI_IP_SERVICES their IPv6 address too (once: an address list already has a blank)."""
    for service_id in MULTI_IP_SERVICES:
        conn.execute("UPDATE service SET ip = ip || ' ' || ? WHERE id = ? AND ip IS NOT NULL AND instr(ip, ' ') = 0",
                     (service_ipv6(service_id), service_id))


def service_ip(service_id):
    """The address a service gets when processing ends: derived from its id, so tests can predict it [INF].

    A loopback address (127.0.0.0/8): whatever a playbook, an inventory or a role does with it (SSH, ping,
    wait_for_connection) stays on this machine, and a real server never has one. The IPv6 addresses of
    --multi-ip are from the documentation prefix 2001:db8::/32 (service_ipv6): listed, never connected to."""
    return '127.%d.%d.%d' % ((service_id >> 16) & 255, (service_id >> 8) & 255, service_id & 255)


def license_key(service_id, generation):
    """A license key, the same for the same service and key generation."""
    return hashlib.sha1(('billmgr-sim:%d:%d' % (service_id, generation)).encode()).hexdigest()


def seed_catalog(conn):
    conn.executemany('INSERT INTO datacenter (id, name, name_ru) VALUES (?, ?, ?)', DATACENTERS)
    for tariff_id, itemtype, name, monthly, periods, datacenters in TARIFFS:
        conn.execute('INSERT INTO tariff (id, itemtype, name, monthly, periods, name_ru, description, archived, offer, setup)'
                     ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                     (tariff_id, itemtype, name, monthly * RUB, periods, TARIFF_NAMES_RU.get(tariff_id, name),
                      '%s (%s)' % (name, itemtype), 'on' if tariff_id in ARCHIVED_TARIFFS else 'off',
                      'on' if tariff_id in OFFER_TARIFFS else 'off', SETUP_FEES.get(tariff_id, 0) * RUB))
        conn.executemany('INSERT INTO tariff_datacenter VALUES (?, ?)', [(tariff_id, dc) for dc in datacenters])
    conn.executemany('INSERT INTO measure (id, name) VALUES (?, ?)', MEASURES)
    conn.executemany('INSERT INTO addon (id, name, type, measure, unit_price, intname, enumeration, name_ru)'
                     ' VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                     [row + (ADDON_NAMES_RU.get(row[0], row[1]),) for row in ADDONS])
    conn.executemany('INSERT INTO enumitem (addon_id, id, name, price) VALUES (?, ?, ?, ?)', ENUMITEMS)
    conn.executemany('INSERT INTO tariff_addon VALUES (?, ?, ?, ?, ?, ?)', TARIFF_ADDONS)
    conn.executemany('INSERT INTO ostempl (name, title, valuegroup) VALUES (?, ?, ?)', OSTEMPLS)
    conn.executemany('INSERT INTO recipe (name, title) VALUES (?, ?)', RECIPES)
    seed_legacy_prices(conn)


def seed_legacy_prices(conn):
    for price_id, name, periods in LEGACY_PRICES:
        conn.execute('INSERT INTO legacy_price (id, name) VALUES (?, ?)', (price_id, name))
        conn.executemany('INSERT INTO legacy_period (id, price_id, name, days, months, cost) VALUES (?, ?, ?, ?, ?, ?)',
                         [(pid, price_id, pname, days, months, cost * RUB) for pid, pname, days, months, cost in periods])


def add_user(conn, name, password, level=CLIENT_LEVEL, balance=CLIENT_BALANCE):
    """Create a user; a client gets an account of the same name."""
    account_id = None
    if level < ADMIN_LEVEL:
        account_id = conn.execute('INSERT INTO account (name, balance) VALUES (?, ?)', (name, balance)).lastrowid
    password_hash, salt = hash_password(password)
    conn.execute('INSERT INTO user (name, password_hash, salt, level, account_id) VALUES (?, ?, ?, ?, ?)',
                 (name, password_hash, salt, level, account_id))


def seed_demo_services(conn, today):
    accounts = {row['name']: row['id'] for row in conn.execute('SELECT id, name FROM account')}
    created = add_months(today, -2).isoformat()
    expires = add_months(today, 1).isoformat()
    for service_id, itemtype, owner, tariff_id, datacenter_id, domain, ostempl, addons in DEMO_SERVICES:
        tariff_addons = catalog.addons(conn, tariff_id)
        values = {addon['id']: addon['included'] for addon in tariff_addons}
        values.update(addons)
        monthly = catalog.monthly_cost(catalog.tariff(conn, tariff_id), tariff_addons, values)
        conn.execute(
            'INSERT INTO service (id, itemtype, account_id, tariff_id, datacenter_id, period, monthly, domain, ip, ostempl,'
            ' status, status_orig, createdate, expiredate, autoprolong) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 2, ?, ?, ?, 1)',
            (service_id, itemtype, accounts[owner], tariff_id, datacenter_id, monthly, domain, service_ip(service_id), ostempl,
             '2', created, expires))
        conn.executemany('INSERT INTO service_addon VALUES (?, ?, ?)', [(service_id, aid, val) for aid, val in values.items()])
    license_id, owner, tariff_id, licname, ip = DEMO_LICENSE
    conn.execute(
        'INSERT INTO service (id, itemtype, account_id, tariff_id, period, monthly, ip, status, status_orig, createdate,'
        ' expiredate, autoprolong, licname, lickey) VALUES (?, \'soft\', ?, ?, 1, ?, ?, 2, \'2\', ?, ?, NULL, ?, ?)',
        (license_id, accounts[owner], tariff_id, catalog.tariff(conn, tariff_id)['monthly'], ip, created, expires, licname,
         license_key(license_id, 0)))
    legacy_id, owner, price_id, period_id, licname, ip = DEMO_LEGACY_LICENSE
    conn.execute(
        'INSERT INTO legacy_license (id, account_id, price_id, period_id, licname, ip, createdate, expiredate, status)'
        ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, 2)',
        (legacy_id, accounts[owner], price_id, period_id, licname, ip, created, expires))


def seed_panel_catalog(conn, panel_seed):
    """A seed file's catalogue (seedfile.PanelSeed) instead of the demo one. The OS
    templates, recipes and the legacy price list stay the built-in ones (a seed file does not describe them)."""
    conn.executemany('INSERT INTO datacenter (id, name, name_ru) VALUES (?, ?, ?)', panel_seed.datacenters)
    conn.executemany('INSERT INTO tariff (id, itemtype, name, monthly, periods, name_ru, archived, offer, description)'
                     ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
                     [row + ('%s (%s)' % (row[2], row[1]),) for row in panel_seed.tariffs])
    conn.executemany('INSERT INTO tariff_datacenter VALUES (?, ?)', panel_seed.tariff_datacenters)
    conn.executemany('INSERT INTO measure (id, name) VALUES (?, ?)', panel_seed.measures)
    conn.executemany('INSERT INTO addon (id, name, type, measure, unit_price, intname, enumeration, name_ru)'
                     ' VALUES (?, ?, ?, ?, ?, ?, ?, ?)', panel_seed.addons)
    conn.executemany('INSERT INTO enumitem (addon_id, id, name, price) VALUES (?, ?, ?, ?)', panel_seed.enumitems)
    conn.executemany('INSERT INTO tariff_addon VALUES (?, ?, ?, ?, ?, ?)', panel_seed.tariff_addons)
    conn.executemany('INSERT INTO ostempl (name, title, valuegroup) VALUES (?, ?, ?)', OSTEMPLS)
    conn.executemany('INSERT INTO recipe (name, title) VALUES (?, ?)', RECIPES)
    seed_legacy_prices(conn)


def seeded_users(panel_seed=None):
    """(name, password, admin?, balance in kopecks) of the users a new database gets."""
    if panel_seed is not None and panel_seed.users is not None:
        return tuple(panel_seed.users)
    return ((ADMIN[0], ADMIN[1], True, 0),) + tuple((name, password, False, CLIENT_BALANCE) for name, password in CLIENTS)


def seed(conn, today=None, extra_users=(), panel_seed=None):
    """Create the schema and fill a new database in one transaction, so a failure leaves no tables: the demo, or a
    seed file's panel (no services)."""
    today = today or datetime.date.today()
    conn.execute('BEGIN')
    try:
        db.create_schema(conn)
        if panel_seed is None:
            seed_catalog(conn)
        else:
            seed_panel_catalog(conn, panel_seed)
        for name, password, admin, balance in seeded_users(panel_seed):
            add_user(conn, name, password, level=ADMIN_LEVEL if admin else CLIENT_LEVEL, balance=balance)
        if panel_seed is None:  # the demo services are of the demo catalogue's tariffs
            seed_demo_services(conn, today)
        for name, password in extra_users:
            add_user(conn, name, password)
        db.set_meta(conn, 'clock_offset', 0)
        conn.execute('COMMIT')
    except BaseException:
        conn.execute('ROLLBACK')
        raise
