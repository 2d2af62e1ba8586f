"""A service's life: created in processing, active after the processing delay, renewed or suspended at expiry.

Nothing runs in the background: every request first settles what the simulator's clock
says has happened since (an indexed query, cheap even with many services).
"""

import secrets

from . import billing, catalog, errors
from .clock import add_months, parse_date
from .seed import license_key, service_ip


def settle(conn, clock):
    now = clock.now()
    today = clock.today()
    # A deletion scheduled for the end of the paid period (E22 scheduledclose) starts once its expiry date, which
    # scheduledclose_prop shows, has passed [INF: the day, and that the prop carries it].
    conn.execute("UPDATE service SET status = 5, status_orig = ?, processing_until = ?, scheduledclose = NULL"
                 " WHERE scheduledclose IS NOT NULL AND scheduledclose < ? AND status IN (2, 3)", (CLOSING, now, today.isoformat()))
    conn.execute("UPDATE service SET status = 4, status_orig = '4' WHERE status = 5 AND status_orig = ? AND processing_until <= ?",
                 (CLOSING, now))
    # A reboot ends after the processing delay; the service stayed active all along (real-panels-2 §4.3, handlers/power.py).
    conn.execute("UPDATE service SET status_orig = '2' WHERE status = 2 AND status_orig IN ('2_reboot', '2_hardreboot')"
                 " AND processing_until <= ?", (now,))
    due = conn.execute('SELECT id, itemtype, ip, lickey FROM service WHERE status = 5 AND processing_until <= ?', (now,)).fetchall()
    for row in due:
        lickey = row['lickey'] or (license_key(row['id'], 0) if row['itemtype'] == 'soft' else None)
        conn.execute("UPDATE service SET status = 2, status_orig = '2', ip = ?, lickey = ? WHERE id = ?",
                     (row['ip'] or service_ip(row['id']), lickey, row['id']))
    # A one-time service has no expiry date ('', expiry_text) and never expires.
    expired = conn.execute("SELECT * FROM service WHERE status = 2 AND expiredate < ? AND expiredate != ''",
                           (today.isoformat(),)).fetchall()
    for row in expired:
        _expire(conn, clock, row, today)


def _expire(conn, clock, row, today):
    """At expiry a service renews itself when auto-renewal is on and the balance allows, else it is suspended.

    Auto-renewal is a period code of the tariff (months, or -50 for a daily tariff: one day at a time);
    a trial that ends with auto-renewal on goes on with that period [INF].
    """
    expiredate = parse_date(row['expiredate'])
    if row['autoprolong'] and catalog.renewable(row['autoprolong']):
        try:
            while expiredate < today:
                billing.charge(conn, clock, row['account_id'], catalog.period_cost(row['monthly'], row['autoprolong']),
                               'Auto-renewal of service #%d' % row['id'], row['id'])
                expiredate = catalog.advance(expiredate, row['autoprolong'])
        except errors.ApiError:
            pass
        conn.execute('UPDATE service SET expiredate = ?, period = ? WHERE id = ?',
                     (expiredate.isoformat(), row['autoprolong'] if row['period'] == catalog.TRIAL else row['period'], row['id']))
        if expiredate >= today:
            return
    conn.execute("UPDATE service SET status = 3, status_orig = '3_autosuspend' WHERE id = ?", (row['id'],))


# A deletion in progress (real-panels-2 §13, E22: status 5, "Deletion in progress").
CLOSING = '5_close'
# [INF] which tariff has a minimum term before it may be deleted, how many months, and the refusal's words
# (deletion_refusal): E23 has virtual servers refuse deletion before one month; here the small VPS tariff 1 (VPS Mini),
# which nothing else deletes.
MINIMUM_TERM_MONTHS = {1: 1}


def deletion_state(row):
    """``closing`` (5_close), ``scheduled`` (scheduledclose) or None: a deletion the panel already has."""
    if row['status'] == 5 and row['status_orig'] == CLOSING:
        return 'closing'
    return 'scheduled' if row['scheduledclose'] else None


def deletion_refusal(conn, clock, row):
    """The error a deletion of ``row`` meets before its tariff's minimum term is over (E23), or None."""
    months = MINIMUM_TERM_MONTHS.get(row['tariff_id'])
    if not months or row['status'] not in (2, 3) or deletion_state(row) is not None:
        return None
    ends = add_months(parse_date(row['createdate']), months)
    if clock.today() >= ends:
        return None
    return errors.ApiError('value', 'elid', 'The service #%d cannot be deleted before the end of its minimum term of %d month(s), '
                           'on %s' % (row['id'], months, ends.isoformat()), value=str(row['id']))


def start_deletion(conn, clock, delay, row, at_period_end):
    """Deletion in progress (5_close) for ``delay`` seconds; or, ``at_period_end`` with paid time left, scheduled for
    the expiry date (``scheduledclose``, E22)."""
    if at_period_end and row['expiredate'] and parse_date(row['expiredate']) >= clock.today():
        conn.execute('UPDATE service SET scheduledclose = ? WHERE id = ?', (row['expiredate'][:10], row['id']))
        return
    conn.execute('UPDATE service SET status = 5, status_orig = ?, processing_until = ? WHERE id = ?',
                 (CLOSING, clock.now() + delay, row['id']))


def random_domain(itemtype):
    # The vendor's pages: "if this parameter is not specified, BILLmanager will set a random value".
    return '%s-%s.example.com' % (itemtype, secrets.token_hex(4))


def create_service(conn, clock, processing_delay, order, ordered=False):
    """Insert a service from a validated order dict; returns its id.

    Paid: in processing (status 5). ``ordered``: status 1, waiting in the old cart until paid
    (E1/E2/E8 status codes: 1 ordered; E5 lists an ``item.id`` for every cart line; the guess that the old cart holds
    its new items as ordered services is tagged where orders put them there, handlers/orders.py).
    """
    today = clock.today()
    status, status_orig = (1, '1') if ordered else (5, '5_open')
    domain = order.get('domain') or (random_domain(order['itemtype']) if order['itemtype'] != 'soft' else None)
    service_id = conn.execute(
        'INSERT INTO service (itemtype, account_id, tariff_id, datacenter_id, period, monthly, domain, ip, ostempl, recipe,'
        ' remoteid, status, status_orig, createdate, expiredate, autoprolong, processing_until, licname, trial)'
        ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        (order['itemtype'], order['account_id'], order['pricelist'], order.get('datacenter'), order['period'],
         order['monthly'], domain, order.get('ip'), order.get('ostempl'), order.get('recipe'),
         order.get('remoteid'), status, status_orig, today.isoformat(), expiry_text(catalog.advance(today, order['period'])),
         order.get('autoprolong'), clock.now() + processing_delay, order.get('licname'),
         1 if order['period'] == catalog.TRIAL else 0)).lastrowid
    conn.executemany('INSERT INTO service_addon (service_id, addon_id, value) VALUES (?, ?, ?)',
                     [(service_id, int(addon_id), value) for addon_id, value in order['addons'].items()])
    return service_id


def activate_ordered(conn, clock, processing_delay, service_id):
    """A paid cart item: the ordered service (status 1) goes into processing, its term counted from today."""
    row = conn.execute('SELECT period FROM service WHERE id = ? AND status = 1', (service_id,)).fetchone()
    if row is None:
        raise errors.ApiError('value', 'elid', 'The ordered service #%d no longer exists' % service_id, value=str(service_id))
    today = clock.today()
    conn.execute("UPDATE service SET status = 5, status_orig = '5_open', createdate = ?, expiredate = ?, processing_until = ?"
                 ' WHERE id = ?', (today.isoformat(), expiry_text(catalog.advance(today, row['period'])),
                                   clock.now() + processing_delay, service_id))


def forget_ordered(conn, service_id):
    """A new-order line taken out of the old cart takes its ordered (never paid) service with it."""
    conn.execute('DELETE FROM service_addon WHERE service_id = ? AND service_id IN (SELECT id FROM service WHERE status = 1)', (service_id,))
    conn.execute('DELETE FROM service WHERE id = ? AND status = 1', (service_id,))


def expiry_text(day):
    """The expiry date as the lists write it; '' for a one-time service, which does not expire (catalog.advance)."""
    return day.isoformat() if day is not None else ''


def prolong(conn, row, period):
    """Extend the expiry date by a period code; an automatically suspended service comes back."""
    expiredate = catalog.advance(parse_date(row['expiredate']), period).isoformat()
    if row['status_orig'] == '3_autosuspend':
        conn.execute("UPDATE service SET expiredate = ?, status = 2, status_orig = '2' WHERE id = ?", (expiredate, row['id']))
    else:
        conn.execute('UPDATE service SET expiredate = ? WHERE id = ?', (expiredate, row['id']))
    return expiredate


def apply_addons(conn, service_id, changed, monthly):
    conn.executemany('INSERT OR REPLACE INTO service_addon (service_id, addon_id, value) VALUES (?, ?, ?)',
                     [(service_id, int(addon_id), value) for addon_id, value in changed.items()])
    conn.execute('UPDATE service SET monthly = ? WHERE id = ?', (monthly, service_id))
