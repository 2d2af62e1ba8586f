"""Money: balances, charges and the expenses they leave."""

from . import errors
from .catalog import money


def balance(conn, account_id):
    row = conn.execute('SELECT balance FROM account WHERE id = ?', (account_id,)).fetchone()
    return row['balance'] if row else 0


def ensure_affordable(conn, account_id, amount):
    # [INF] a credit limit lets the balance go below zero by that much (set with sim.account&creditlimit=).
    row = conn.execute('SELECT creditlimit FROM account WHERE id = ?', (account_id,)).fetchone()
    available = balance(conn, account_id) + (row['creditlimit'] if row else 0)
    if amount > available:
        raise errors.insufficient_funds(money(amount), money(available))


def charge(conn, clock, account_id, amount, description, service_id=None):
    """Take ``amount`` kopecks from the account and record the expense; refuses to go below zero."""
    if amount <= 0:
        return None
    ensure_affordable(conn, account_id, amount)
    conn.execute('UPDATE account SET balance = balance - ? WHERE id = ?', (amount, account_id))
    return conn.execute('INSERT INTO expense (account_id, date, amount, service_id, description) VALUES (?, ?, ?, ?, ?)',
                        (account_id, clock.today_iso(), amount, service_id, description)).lastrowid
