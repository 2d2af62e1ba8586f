"""Bulk services for benchmarks: ``python -m billmgr_sim populate --db PATH --account alice --vds 5000 --dedic 5000``.

The services are active, with addresses and the tariff's default add-ons, owned by one account.
"""

from . import catalog, db, seed
from .clock import SimClock, add_months

# itemtype -> the tariff of its bulk services
BULK_TARIFFS = {'vds': 6, 'dedic': 32, 'vhost': 2, 'soft': 3541}
# The most services of one type a run adds: a benchmark's need (5000 in the README), with room to spare.
MAX_BULK = 1000000


class PopulateError(Exception):
    """Why the services cannot be added (the command line prints it as one line)."""


def populate(db_path, account_name, counts):
    """Add ``counts`` ({itemtype: N}) bulk services to the account ``account_name``; a new database is seeded first."""
    conn, _created = db.open_or_create(db_path, seed.seed)
    try:
        clock = SimClock(float(db.get_meta(conn, 'clock_offset', 0)))
        conn.execute('BEGIN')
        try:
            account_id = bulk_account(conn, account_name, counts)
            created = add_bulk(conn, clock.today(), account_id, counts)
        except BaseException:
            conn.execute('ROLLBACK')
            raise
        conn.execute('COMMIT')
    finally:
        conn.close()
    print('added %s to account %s' % (', '.join('%d %s' % (n, t) for t, n in created.items() if n) or 'nothing', account_name))
    return 0


def bulk_account(conn, account_name, counts):
    """The id of the account the services go to; PopulateError when it or a tariff they need is missing."""
    account = conn.execute('SELECT id FROM account WHERE name = ?', (account_name,)).fetchone()
    if account is None:
        raise PopulateError('no account named %r' % account_name)
    missing = [itemtype for itemtype, count in counts.items()
               if count and catalog.tariff(conn, BULK_TARIFFS[itemtype], itemtype) is None]
    if missing:  # a database seeded from a seed file has tariffs of its own
        raise PopulateError('populate adds services of the demo tariffs (%s); this database has none of %s'
                            % (', '.join('%s %d' % (t, BULK_TARIFFS[t]) for t in missing), ', '.join(missing)))
    return account['id']


def add_bulk(conn, today, account_id, counts):
    next_id = (conn.execute('SELECT MAX(id) FROM service').fetchone()[0] or 0) + 1
    createdate = today.isoformat()
    expiredate = add_months(today, 1).isoformat()
    for itemtype, count in counts.items():
        tariff_row = catalog.tariff(conn, BULK_TARIFFS[itemtype])
        tariff_addons = catalog.addons(conn, tariff_row['id'])
        defaults = {addon['id']: addon['included'] for addon in tariff_addons}
        monthly = catalog.monthly_cost(tariff_row, tariff_addons, defaults)
        datacenter = None if itemtype == 'soft' else 1
        services, addon_rows = [], []
        for service_id in range(next_id, next_id + count):
            ip = seed.service_ip(service_id)
            if itemtype == 'soft':
                ip = '198.%d.%d.%d' % ((service_id >> 16) & 255, (service_id >> 8) & 255, service_id & 255)
            name = '%s%d.bulk.test' % (itemtype, service_id)
            services.append((service_id, itemtype, account_id, tariff_row['id'], datacenter, monthly,
                             None if itemtype == 'soft' else name, ip,
                             'ISPsystem__Debian-12-amd64' if itemtype in ('vds', 'dedic') else None,
                             createdate, expiredate, name if itemtype == 'soft' else None,
                             seed.license_key(service_id, 0) if itemtype == 'soft' else None))
            addon_rows.extend((service_id, addon_id, value) for addon_id, value in defaults.items())
        conn.executemany(
            'INSERT INTO service (id, itemtype, account_id, tariff_id, datacenter_id, period, monthly, domain, ip, ostempl,'
            " status, status_orig, createdate, expiredate, autoprolong, licname, lickey) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 2, '2', ?, ?, 1, ?, ?)",
            services)
        conn.executemany('INSERT INTO service_addon (service_id, addon_id, value) VALUES (?, ?, ?)', addon_rows)
        next_id += count
    return counts
