"""Who is calling: authinfo, sessions (auth=), login keys and the brute-force lock."""

import secrets

from . import errors
from .document import Node
from .passwords import check_password
from .seed import ADMIN_LEVEL

SESSION_IDLE_SECONDS = 3600
FAILURES_BEFORE_BLOCK = 5
BLOCK_SECONDS = 20


def user_by_name(conn, name):
    return conn.execute('SELECT * FROM user WHERE name = ?', (name,)).fetchone()


def claimed_user(conn, params):
    """The user a request says it is, before any check (for counters and fault matching)."""
    authinfo = params.get('authinfo')
    if authinfo:
        return authinfo.partition(':')[0]
    session_id = params.get('auth')
    if session_id:
        row = conn.execute('SELECT u.name FROM session s JOIN user u ON u.id = s.user_id WHERE s.id = ?',
                           (session_id,)).fetchone()
        return row['name'] if row else None
    if params.get('func') == 'auth':
        return params.get('username')
    return None


def has_credentials(params):
    """Whether a request carries credentials (authinfo or a session), which a public function then checks."""
    return bool(params.filled('authinfo') or params.filled('auth'))


class LoginFailed(errors.ApiError):
    """A wrong password or key (``badpassword``), one more failure towards the lock.

    The failure is written by ``leave_trace`` once the request has failed: func=auth logs in
    inside the handler's savepoint, whose rollback would otherwise undo the count.
    """

    def __init__(self, ctx, user):
        error = errors.bad_password(ctx.client_ip)
        super().__init__(error.kind, error.obj, error.msg, value=error.value)
        self.user_id = None if user is None else user['id']

    def leave_trace(self, ctx):
        if self.user_id is not None:
            count_failure(ctx, self.user_id)


def count_failure(ctx, user_id):
    """The FAILURES_BEFORE_BLOCK-th failure in a row blocks the user for BLOCK_SECONDS."""
    failures = ctx.conn.execute('SELECT failures FROM user WHERE id = ?', (user_id,)).fetchone()['failures'] + 1
    if failures >= FAILURES_BEFORE_BLOCK:
        ctx.conn.execute('UPDATE user SET failures = 0, blocked_until = ? WHERE id = ?', (ctx.clock.now() + BLOCK_SECONDS, user_id))
    else:
        ctx.conn.execute('UPDATE user SET failures = ? WHERE id = ?', (failures, user_id))


def unblocked_user(ctx, name):
    """The user row (None for an unknown name); a blocked user is refused whatever the credentials."""
    user = user_by_name(ctx.conn, name)
    if user is not None and user['blocked_until'] > ctx.clock.now():
        ctx.app.counters.auth_failure(name)
        raise errors.blocked_logon(ctx.client_ip)
    return user


def succeeded(ctx, user):
    """A login that works ends the run of failures; it is counted (not the tests' own sim.* calls)."""
    if user['failures']:
        ctx.conn.execute('UPDATE user SET failures = 0 WHERE id = ?', (user['id'],))
    if not ctx.control:
        ctx.app.counters.login(user['name'])
    return user


def two_factor(ctx, user):
    """Whether the user has two-factor authentication (``--totp-user``, real-panels §1.5, real-panels-2 §12.3)."""
    return ctx.switches.totp_secret(user['name']) is not None


def login_per_request(ctx, authinfo):
    """``authinfo=user:pass`` on a request: only from allowed addresses (``--authinfo-allow``, real-panels §1.3, E5),
    and never for a two-factor user [INF]. The tests' own sim.* calls are not bound by the list."""
    if not ctx.control and not ctx.switches.authinfo_allowed(ctx.client_ip):
        raise errors.ip_denied(ctx.client_ip)
    name, dummy, password = authinfo.partition(':')
    user = login(ctx, name, password, per_request=True)
    if two_factor(ctx, user):
        raise errors.totp_no_authinfo()
    return user


def login(ctx, name, password, per_request=False):
    """Check a password; failures count towards the lock, which holds even for the right password.

    A captcha guards func=auth only: E24 falls back to per-request authinfo when FirstVDS asks func=auth for one
    (real-panels-2 §12.4).
    """
    if not per_request:
        check_captcha(ctx, name)
    user = unblocked_user(ctx, name)
    if user is None or not check_password(password, user['password_hash'], user['salt']):
        ctx.app.counters.auth_failure(name)
        raise LoginFailed(ctx, user)
    return succeeded(ctx, user)


def check_captcha(ctx, name):
    """A password login the run asks a captcha for (``--captcha-from``, ``--captcha-user``, real-panels §1.6) fails,
    whatever ``g-recaptcha-response`` says: the simulator cannot check one [INF]. Checked before the password, so a
    refusal is no wrong password and does not count towards the lock [INF]. Keys and sessions are no password login,
    and the tests' own sim.* calls are not bound."""
    if not ctx.control and ctx.switches.captcha_required(ctx.client_ip, name):
        ctx.app.counters.auth_failure(name)
        raise errors.captcha_failed()


def login_with_key(ctx, name, key):
    """A key made by session.newkey logs its user in once [INF: single use]; wrong keys count like wrong passwords [INF]."""
    user = unblocked_user(ctx, name)
    row = None
    if user is not None:
        row = ctx.conn.execute('SELECT key FROM login_key WHERE key = ? AND user_id = ?', (key, user['id'])).fetchone()
    if row is None:
        ctx.app.counters.auth_failure(name)
        raise LoginFailed(ctx, user)
    ctx.conn.execute('DELETE FROM login_key WHERE key = ?', (key,))
    return succeeded(ctx, user)


def open_session(ctx, user, half=False):
    """A new session id; ``half``: a two-factor login's, waiting for totp.confirm (real-panels-2 §12.3)."""
    session_id = secrets.token_hex(12)
    ctx.conn.execute('INSERT INTO session (id, user_id, ip, last_seen, half) VALUES (?, ?, ?, ?, ?)',
                     (session_id, user['id'], ctx.client_ip, ctx.clock.now(), 1 if half else 0))
    return session_id


# What a half session may do besides asking for the code: E5 asks whoami (its own answer, in handlers/session.py) and
# sends totp.confirm (E5, E24); log out (func=logon, E5) [INF].
HALF_SESSION_FUNCS = ('whoami', 'totp.confirm', 'logon')
# What a half session answers to anything else, writes too, doing nothing (E24: "data funcs return doc.ok instead of
# payload"; E5: whoami's ok names totp.confirm).
TOTP_REDIRECT = 'func=totp.confirm'


def resume_session(ctx, session_id):
    """The session's user; an unknown, expired or moved (other IP) session is an ``access`` error (real-panels §1.4).

    A two-factor login's session is half logged in until totp.confirm: any function but HALF_SESSION_FUNCS answers
    ``ok`` = "func=totp.confirm" instead (``ctx.instead``), with no error and no data (real-panels-2 §12.3, E24, E5).
    """
    user, half = _session_user(ctx, session_id)
    if half and ctx.func not in HALF_SESSION_FUNCS:
        ctx.instead = [Node('ok', TOTP_REDIRECT)]
    return user


def is_half(ctx, session_id):
    row = ctx.conn.execute('SELECT half FROM session WHERE id = ?', (session_id,)).fetchone()
    return bool(row and row['half'])


def _session_user(ctx, session_id):
    now = ctx.clock.now()
    row = ctx.conn.execute('SELECT * FROM session WHERE id = ?', (session_id,)).fetchone()
    if row is None or now - row['last_seen'] > SESSION_IDLE_SECONDS or row['ip'] != ctx.client_ip:
        if row is not None and now - row['last_seen'] > SESSION_IDLE_SECONDS:
            ctx.conn.execute('DELETE FROM session WHERE id = ?', (session_id,))
        raise errors.not_logged_in()
    ctx.conn.execute('UPDATE session SET last_seen = ? WHERE id = ?', (now, session_id))
    return ctx.conn.execute('SELECT * FROM user WHERE id = ?', (row['user_id'],)).fetchone(), bool(row['half'])


def authenticate(ctx):
    """The calling user for any function but ``auth``; ``su=NAME`` lets an admin act as a client."""
    params = ctx.params
    authinfo = params.get('authinfo')
    if authinfo:
        user = login_per_request(ctx, authinfo)
    elif params.filled('auth'):
        user = resume_session(ctx, params.get('auth'))
    else:
        raise errors.not_logged_in()
    su = params.filled('su')
    if su and user['level'] >= ADMIN_LEVEL:
        target = user_by_name(ctx.conn, su)
        if target is None:
            raise errors.invalid('su', su)
        user = target
    return user
