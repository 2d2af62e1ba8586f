"""Logging in and out: func=auth, session.newkey, totp.confirm, keepalive, whoami, logon (log-out)."""

from .. import auth, billing, errors, totp
from ..catalog import money
from ..document import Node
from . import Function

MIN_KEY_LENGTH = 16


def do_auth(ctx):
    """``username`` with ``password`` or with a key from session.newkey, or ``authinfo=user:pass`` (real-panels §1.2,
    E4) -> a session id for ``auth=``. Not bound by --authinfo-allow: that is for per-request authinfo [INF]."""
    authinfo = ctx.params.filled('authinfo')
    if authinfo is not None and ctx.params.filled('username') is None:
        username, dummy, password = authinfo.partition(':')
        user = auth.login(ctx, username, password)
    else:
        username = ctx.require('username')
        key = ctx.params.get('key')
        if key:
            user = auth.login_with_key(ctx, username, key)
        else:
            user = auth.login(ctx, username, ctx.params.get('password') or '')
    # A two-factor user's login opens a half session, whatever it logged in with (real-panels-2 §12.3, E24, E5).
    session_id = auth.open_session(ctx, user, half=auth.two_factor(ctx, user))
    ctx.user = user
    return [Node('auth', session_id, {'id': session_id, 'level': user['level']})]


def confirm_totp(ctx):
    """``totp.confirm&qrcode=CODE&sok=ok`` in a half session: the code of the user's secret (totp.accepts) opens a
    new, full session, answered as func=auth answers one (E24 reads ``doc.auth.$id``; E5); the half session stays half
    (E24). A wrong code is a ``value``/``qrcode`` error (errors.totp_code_refused) [INF]. The other answers are
    guesses too [INF]: without sok the form, outside a half session (nothing to confirm) ``ok``."""
    session_id = ctx.params.filled('auth')
    if session_id is None or not auth.is_half(ctx, session_id):
        return [Node('ok')]
    if not ctx.confirmed:
        return [Node('qrcode', '')]
    secret = ctx.switches.totp_secret(ctx.user['name'])
    if secret is None or not totp.accepts(secret, ctx.params.get('qrcode')):
        raise errors.totp_code_refused()
    full = auth.open_session(ctx, ctx.user)
    return [Node('auth', full, {'id': full, 'level': ctx.user['level']})]


def new_key(ctx):
    """Admin: register a one-time login key for a user."""
    username = ctx.require('username')
    key = ctx.require('key')
    user = auth.user_by_name(ctx.conn, username)
    if user is None:
        raise errors.invalid('username', username)
    if len(key) < MIN_KEY_LENGTH:
        raise errors.invalid('key', '')
    ctx.conn.execute('INSERT OR REPLACE INTO login_key (key, user_id, created) VALUES (?, ?, ?)', (key, user['id'], ctx.clock.now()))
    return [Node('ok')]


def keepalive(ctx):  # pylint: disable=unused-argument
    return [Node('ok')]


def whoami(ctx):
    """A two-factor login's half session answers ``ok`` = "func=totp.confirm" (real-panels §1.5, E5); any other
    session its ``user``, whose ``balance`` and ``currency`` attributes are a client's money (real-panels-2 §2.1: E24
    reads ``doc.user.$balance``; E28 the same on a list page) [INF: the name as text, the level attribute]."""
    if ctx.params.filled('auth') and auth.is_half(ctx, ctx.params.get('auth')):
        return [Node('ok', auth.TOTP_REDIRECT)]
    attrs = {'level': ctx.user['level']}
    if ctx.account_id is not None:
        attrs.update(balance=money(billing.balance(ctx.conn, ctx.account_id)), currency='RUB')
    return [Node('user', ctx.user['name'], attrs)]


def logout(ctx):
    if ctx.params.filled('auth'):
        ctx.conn.execute('DELETE FROM session WHERE id = ?', (ctx.params.get('auth'),))
    return [Node('ok')]


def register(registry):
    registry['auth'] = Function(do_auth, public=True)
    registry['session.newkey'] = Function(new_key, admin=True)
    registry['keepalive'] = Function(keepalive)
    registry['whoami'] = Function(whoami)
    registry['totp.confirm'] = Function(confirm_totp)
    # Log-out is func=logon&auth=... (real-panels §1.7, E5); there is no ``logout`` (an unknown function, as no source
    # shows one).
    registry['logon'] = Function(logout)
