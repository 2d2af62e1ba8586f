"""Logging in and out: func=auth, session.newkey, keepalive, whoami, logon (log-out)."""

from .. import auth, errors
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
    session_id = auth.open_session(ctx, user)
    ctx.user = user
    return [Node('auth', session_id, {'id': session_id, 'level': user['level']})]


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
    """A two-factor user's half session answers ``ok`` = "func=totp.confirm" (real-panels §1.5, E5); any other
    session its user [INF shape: E5 shows only the two-factor answer]."""
    if auth.two_factor(ctx, ctx.user):
        return [Node('ok', 'func=totp.confirm')]
    return [Node('user', ctx.user['name'], {'level': ctx.user['level']})]


def logout(ctx):
    if ctx.params.filled('auth'):
        ctx.conn.execute('DELETE FROM session WHERE id = ?', (ctx.params.get('auth'),))
    return [Node('ok')]


def register(registry):
    registry['auth'] = Function(do_auth, public=True)
    registry['session.newkey'] = Function(new_key, admin=True)
    registry['keepalive'] = Function(keepalive)
    registry['whoami'] = Function(whoami)
    registry['logon'] = Function(logout)  # log-out (real-panels §1.7, E5: func=logon&auth=...)
    registry['logout'] = Function(logout)  # [INF] an alias kept for older callers
