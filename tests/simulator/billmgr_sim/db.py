"""SQLite storage: the schema and the connection.

Money is stored in kopecks (integers) so sums never drift.
"""

import os
import sqlite3

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, balance INTEGER NOT NULL DEFAULT 0,
    creditlimit INTEGER NOT NULL DEFAULT 0);
CREATE TABLE user (
    id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL, salt TEXT NOT NULL,
    level INTEGER NOT NULL, account_id INTEGER REFERENCES account(id),
    failures INTEGER NOT NULL DEFAULT 0, blocked_until REAL NOT NULL DEFAULT 0);
CREATE TABLE session (id TEXT PRIMARY KEY, user_id INTEGER NOT NULL, ip TEXT, last_seen REAL NOT NULL, half INTEGER NOT NULL DEFAULT 0);
CREATE TABLE login_key (key TEXT PRIMARY KEY, user_id INTEGER NOT NULL, created REAL NOT NULL);
CREATE TABLE datacenter (id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_ru TEXT NOT NULL DEFAULT '');
CREATE TABLE tariff (
    id INTEGER PRIMARY KEY, itemtype TEXT NOT NULL, name TEXT NOT NULL, monthly INTEGER NOT NULL,
    periods TEXT NOT NULL, name_ru TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '',
    active TEXT NOT NULL DEFAULT 'on', hideinorder TEXT NOT NULL DEFAULT 'off', archived TEXT NOT NULL DEFAULT 'off',
    offer TEXT NOT NULL DEFAULT 'off', setup INTEGER NOT NULL DEFAULT 0);
CREATE TABLE tariff_datacenter (tariff_id INTEGER, datacenter_id INTEGER, PRIMARY KEY (tariff_id, datacenter_id));
CREATE TABLE addon (id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, measure TEXT, unit_price INTEGER NOT NULL,
    name_ru TEXT NOT NULL DEFAULT '', intname TEXT NOT NULL DEFAULT '', enumeration INTEGER);
CREATE TABLE measure (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL);
CREATE TABLE tariff_addon (
    tariff_id INTEGER, addon_id INTEGER, minimum INTEGER, maximum INTEGER, step INTEGER,
    included TEXT NOT NULL, PRIMARY KEY (tariff_id, addon_id));
CREATE TABLE enumitem (id INTEGER, addon_id INTEGER, name TEXT NOT NULL, price INTEGER NOT NULL, PRIMARY KEY (addon_id, id));
CREATE TABLE ostempl (name TEXT PRIMARY KEY, title TEXT NOT NULL, valuegroup TEXT NOT NULL DEFAULT '');
CREATE TABLE recipe (name TEXT PRIMARY KEY, title TEXT NOT NULL);
CREATE TABLE service (
    id INTEGER PRIMARY KEY, itemtype TEXT NOT NULL, account_id INTEGER NOT NULL, tariff_id INTEGER NOT NULL,
    datacenter_id INTEGER, period INTEGER NOT NULL, monthly INTEGER NOT NULL DEFAULT 0, domain TEXT, ip TEXT, ostempl TEXT, recipe TEXT,
    remoteid TEXT, serverid TEXT, username TEXT, userpassword TEXT,
    status INTEGER NOT NULL, status_orig TEXT NOT NULL, createdate TEXT NOT NULL, expiredate TEXT NOT NULL,
    autoprolong INTEGER, processing_until REAL NOT NULL DEFAULT 0,
    licname TEXT, lickey TEXT, ipchange_month TEXT, keychange_date TEXT, trial INTEGER NOT NULL DEFAULT 0,
    scheduledclose TEXT);
CREATE INDEX service_by_type ON service (itemtype, status, account_id);
CREATE INDEX service_processing ON service (processing_until) WHERE status = 5;
CREATE INDEX service_expiry ON service (expiredate) WHERE status = 2;
CREATE TABLE service_addon (service_id INTEGER, addon_id INTEGER, value TEXT NOT NULL, PRIMARY KEY (service_id, addon_id));
CREATE TABLE billorder (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, created TEXT NOT NULL, state TEXT NOT NULL,
    theme TEXT NOT NULL DEFAULT 'orion');
CREATE TABLE billorder_item (
    id INTEGER PRIMARY KEY, billorder_id INTEGER NOT NULL, kind TEXT NOT NULL, itemtype TEXT NOT NULL,
    service_id INTEGER, params TEXT NOT NULL, cost INTEGER NOT NULL, description TEXT NOT NULL);
CREATE TABLE lineitem (
    id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, action TEXT NOT NULL, itemtype TEXT NOT NULL, service_id INTEGER,
    params TEXT NOT NULL, count INTEGER NOT NULL, cost INTEGER NOT NULL, main TEXT NOT NULL, configuration TEXT NOT NULL);
CREATE TABLE payment (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, billorder_id INTEGER NOT NULL, paymethod INTEGER NOT NULL,
    amount INTEGER NOT NULL, created TEXT NOT NULL, status INTEGER NOT NULL DEFAULT 4);
CREATE TABLE expense (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, date TEXT NOT NULL, amount INTEGER NOT NULL,
    service_id INTEGER, description TEXT NOT NULL);
CREATE TABLE statdaily (service_id INTEGER, statdate TEXT, expense_id INTEGER, PRIMARY KEY (service_id, statdate));
CREATE TABLE legacy_price (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE legacy_period (id INTEGER PRIMARY KEY, price_id INTEGER NOT NULL, name TEXT NOT NULL,
    days INTEGER NOT NULL, months INTEGER NOT NULL, cost INTEGER NOT NULL);
CREATE TABLE legacy_license (
    id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, price_id INTEGER NOT NULL, period_id INTEGER NOT NULL,
    licname TEXT, ip TEXT NOT NULL, createdate TEXT NOT NULL, expiredate TEXT NOT NULL, status INTEGER NOT NULL,
    ipchange_month TEXT);
CREATE TABLE ip_ptr (service_id INTEGER NOT NULL, ip TEXT NOT NULL, domain TEXT NOT NULL, mask TEXT, gateway TEXT,
    PRIMARY KEY (service_id, ip));
CREATE TABLE saved_filter (user_id INTEGER, func TEXT, params TEXT NOT NULL, PRIMARY KEY (user_id, func));
"""

ALL_TABLES = (
    'meta', 'account', 'user', 'session', 'login_key', 'datacenter', 'tariff', 'tariff_datacenter', 'addon', 'measure',
    'tariff_addon', 'enumitem', 'ostempl', 'recipe', 'service', 'service_addon', 'billorder', 'billorder_item',
    'lineitem', 'payment', 'expense', 'statdaily', 'legacy_price', 'legacy_period', 'legacy_license', 'saved_filter', 'ip_ptr',
)


def connect(path):
    """Open the database; requests are serialised by the application, so one connection serves all threads."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute('PRAGMA journal_mode=WAL')
    conn.execute('PRAGMA synchronous=NORMAL')
    return conn


def open_or_create(path, fill):
    """(connection, whether it is new): a database without the schema is made by ``fill(conn)`` in one transaction.
    When that fails, a file this call created is removed again, so no half-made database is left for the next start
    to serve as if it were seeded (an existing file is left as it was: the transaction is rolled back)."""
    existed = os.path.exists(path)
    conn = connect(path)
    try:
        if is_initialised(conn):
            return conn, False
        fill(conn)
    except BaseException:
        conn.close()
        if not existed:
            remove(path)
        raise
    return conn, True


def remove(path):
    """Delete a database file and the files SQLite keeps beside it."""
    for name in (path, path + '-wal', path + '-shm', path + '-journal'):
        try:
            os.remove(name)
        except FileNotFoundError:
            pass


def is_initialised(conn):
    row = conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
    return row is not None


def _statements():
    return [statement.strip() for statement in SCHEMA.split(';') if statement.strip()]


def create_schema(conn):
    """The tables, in the caller's transaction (executescript would commit first, and a failed seed would leave
    the tables: a database that looks made)."""
    for statement in _statements():
        conn.execute(statement)


# Tables and columns added after the first release: a database made before them gets them on start.
LATER_TABLES = ('lineitem', 'payment', 'ip_ptr')


def upgrade(conn, offer_tariffs):
    """Bring a database made by an older simulator up to the schema (the new cart, payments, tariff offers, credit limits,
    setup fees)."""
    for table in LATER_TABLES:
        statement = next(part for part in _statements() if part.startswith('CREATE TABLE %s (' % table))
        conn.execute(statement.replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS', 1))
    if 'half' not in [row['name'] for row in conn.execute('PRAGMA table_info(session)')]:
        conn.execute('ALTER TABLE session ADD COLUMN half INTEGER NOT NULL DEFAULT 0')
    if 'creditlimit' not in [row['name'] for row in conn.execute('PRAGMA table_info(account)')]:
        conn.execute('ALTER TABLE account ADD COLUMN creditlimit INTEGER NOT NULL DEFAULT 0')
    for table, column in (('payment', 'status INTEGER NOT NULL DEFAULT 4'), ('ip_ptr', 'mask TEXT'), ('ip_ptr', 'gateway TEXT')):
        if column.split()[0] not in [row['name'] for row in conn.execute('PRAGMA table_info(%s)' % table)]:
            conn.execute('ALTER TABLE %s ADD COLUMN %s' % (table, column))
    if 'scheduledclose' not in [row['name'] for row in conn.execute('PRAGMA table_info(service)')]:
        conn.execute('ALTER TABLE service ADD COLUMN scheduledclose TEXT')
    columns = [row['name'] for row in conn.execute('PRAGMA table_info(tariff)')]
    if 'offer' not in columns:
        conn.execute("ALTER TABLE tariff ADD COLUMN offer TEXT NOT NULL DEFAULT 'off'")
        conn.executemany("UPDATE tariff SET offer = 'on' WHERE id = ?", [(tariff_id,) for tariff_id in offer_tariffs])
    if 'setup' not in columns:  # one-time setup fees; an older database's tariffs have none
        conn.execute('ALTER TABLE tariff ADD COLUMN setup INTEGER NOT NULL DEFAULT 0')


def drop_all(conn):
    for table in ALL_TABLES:
        conn.execute('DROP TABLE IF EXISTS "%s"' % table)


def get_meta(conn, key, default=None):
    row = conn.execute('SELECT value FROM meta WHERE key = ?', (key,)).fetchone()
    return row['value'] if row else default


def set_meta(conn, key, value):
    conn.execute('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', (key, str(value)))
