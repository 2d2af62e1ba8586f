# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Who the client is to the panel: the run's login (func=auth), its two-factor code, a captcha's way around, a session's end.

Private to this collection. The client asks ``credentials`` for what each request carries: the user's
session key, this run's own session, or, where a captcha guards func=auth, the password on each request.
Every secret met here (the password, the keys, the two-factor secret and each code sent) is in ``secrets``,
which the client scrubs from everything it says.
"""

from __future__ import annotations

import time

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import int_or_none, redirect_of, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._totp import totp_code

# The form a two-factor half session sends every data function to (E5, E24).
TOTP_FUNC = 'totp.confirm'


def session_of(doc):
    """``(session id, level)`` of an answer that opens a session: func=auth's, totp.confirm's, account.su's.

    ``auth`` with the id as ``$id`` or as its text (E4, E5, E24, seeds), or ``session`` with an ``$id`` (E24 reads both);
    (None, None) when the answer names none.
    """
    for name in ('auth', 'session'):
        node = doc.get(name) if isinstance(doc, dict) else None
        if isinstance(node, dict):
            sid = text_of(node.get('id')) or text_of(node)
            if sid:
                return sid, int_or_none(node.get('level'))
        elif node:
            return text_of(node), None
    return None, None


def is_captcha(err):
    """Whether the panel refused a login for a captcha (E12, E24: ``captcha_verification_failed``, localized words)."""
    return 'captcha' in ' '.join(str(part or '') for part in (err.kind, err.obj, err.message)).lower()


class Login(object):
    """One run's login to one panel, made on first use and kept; ``client`` sends its requests (``_call_once``)."""

    def __init__(self, client, username=None, password=None, session_key=None, totp_secret=None, wall_clock=time.time):
        self._client = client
        self.username = username
        self._password = password
        self._key = session_key
        self._totp = totp_secret or None
        # Unix time, not the client's monotonic clock: a one-time code is the code of the current 30 seconds.
        self._wall_clock = wall_clock
        self._sid = None
        self._level = None
        # Set when a captcha guards func=auth: every request then logs in with authinfo (E24).
        self._per_request = False
        # Half sessions and codes sent: no longer of use, still secrets.
        self._spent = []
        self.count = 0

    # -- what a request carries ------------------------------------------------------------

    def credentials(self, for_func):
        """The parameters that say who a request of ``for_func`` comes from; logs in on first use."""
        if self._key:
            return {'auth': self._key}
        if self._sid is None and not self._per_request:
            self._log_in(for_func)
        if self._per_request:
            return {'authinfo': '%s:%s' % (self.username, self._password)}
        return {'auth': self._sid}

    @property
    def per_request(self):
        """Whether each request logs in by itself (a captcha guards func=auth on this panel)."""
        return self._per_request

    def level(self):
        """The user's access level, None when unknown (a session key; a panel that says no level)."""
        if self._level is None and self._key:
            return None
        if self._level is None:
            self.credentials('auth')
        if self._level is None and self._per_request:
            self._level = self._level_from_whoami()
        return self._level or None

    def forget(self):
        """The session ended: the next request logs in again."""
        if self._sid is not None:
            self._spent.append(self._sid)
        self._sid = None

    def secrets(self):
        values = [self._password, self._key, self._sid, self._totp] + self._spent
        if self.username and self._password:
            values.append('%s:%s' % (self.username, self._password))
        return [value for value in values if value]

    # -- logging in ------------------------------------------------------------------------

    def _log_in(self, for_func):
        body = dict(self._client._plain_body('auth'), username=self.username, password=self._password)
        self.count += 1
        try:
            doc = self._client._call_once('auth', body, False, None)
        except BillmgrError as err:
            if is_captcha(err):
                self._use_authinfo(err)
                return
            # Reported against the call the task made, which is what failed for the user.
            raise BillmgrError(err.kind, err.message, obj=err.obj, func=for_func, detail=err.detail, value=err.value) from None
        sid, level = session_of(doc)
        if not sid:
            raise BillmgrError('auth', 'the panel answered the login without a session', func=for_func)
        self._level = level or 0
        self._sid = self._confirmed(sid, for_func) if self._totp else sid

    def _use_authinfo(self, refusal):
        """A captcha on func=auth: E24 logs in with authinfo on each request instead, which the captcha does not guard."""
        self._per_request = True
        self._client.warn('the panel asks for a captcha on password logins (func=auth) from this address, which a script '
                          'cannot answer (%s). Each request now logs in by itself instead (authinfo, in the POST body): '
                          'one login per request. A session key (session) avoids that'
                          % self._client._scrub(refusal.message).split(':', 1)[0].strip().rstrip('.'))

    def _confirmed(self, half, for_func):
        """The full session a two-factor login gets from ``totp.confirm`` with the current code (E5, E24)."""
        code = totp_code(self._totp, self._wall_clock())
        self._spent.extend([half, code])
        body = dict(self._client._plain_body(TOTP_FUNC), auth=half, qrcode=code, clicked_button='ok', sok='ok')
        try:
            doc = self._client._call_once(TOTP_FUNC, body, True, None)
        except BillmgrError as err:
            raise BillmgrError('auth', 'the panel refused the two-factor code made from totp_secret for user %s (%s): check '
                               'that totp_secret is the base32 secret of this user\'s authenticator app and that the '
                               'controller\'s clock is right' % (self.username, err.message), obj='totp', func=for_func) from None
        sid, level = session_of(doc)
        if level:
            self._level = level
        # E24: an answer that names no new session leaves the first one in force; a read then says whether it is full.
        return sid or half

    def _level_from_whoami(self):
        """Per-request logins open no session that says the level: ``whoami`` may (its ``user``, E24); 0 when it does not."""
        body = dict(self._client._plain_body('whoami'), **self.credentials('whoami'))
        try:
            user = self._client._call_once('whoami', body, False, None).get('user')
        except BillmgrError:
            return 0
        return (int_or_none(user.get('level')) if isinstance(user, dict) else None) or 0

    # -- a session that stops working ------------------------------------------------------

    def ended(self, err, body):
        """Whether an ``access`` refusal came from this run's own session having ended (idle timeout, panel restart).

        Real panels say so as an ``access`` error like any refusal (E5), so the session is asked who it is
        (``whoami``): a session that ended is refused again, and only then is one fresh login worth it; a
        half session of a two-factor login answers that it waits for the code (``func=totp.confirm``, E5).
        """
        if err.kind != 'access' or self._key or self._sid is None or body.get('auth') != self._sid:
            return False
        try:
            doc = self._client._call_once('whoami', dict(self._client._plain_body('whoami'), auth=self._sid), False, None)
        except BillmgrError as probe:
            return probe.kind == 'access'
        if redirect_of(doc) == TOTP_FUNC:
            raise self.two_factor_refusal(err.func)
        return False

    def key_refusal(self, err, body):
        """The error to raise instead of ``err`` when the session key the user gave is no longer (or never was) a session.

        A panel refuses an unknown or expired key as it refuses anything (``access``, E5): ``whoami`` in the same key says
        which it is. None when the key works (the refusal was about the request) or ``err`` is no such refusal.
        """
        if err.kind not in ('access', 'auth') or not self._key or body.get('auth') != self._key or err.func == 'whoami':
            return None
        try:
            self._client._call_once('whoami', dict(self._client._plain_body('whoami'), auth=self._key), False, None)
        except BillmgrError as probe:
            if probe.kind not in ('access', 'auth'):
                return None
            return BillmgrError('auth', 'the session key (session) is not a session of this panel: it has expired, was closed '
                                'or was never valid (the panel says: %s). Give a fresh key, or username and password instead'
                                % err.message.rstrip('.'), obj='session', func=err.func)
        return None

    def two_factor_refusal(self, func):
        """The error for an answer that asks for the one-time code (``ok`` naming totp.confirm): nothing was done."""
        if self._key:
            said = ('the session key (session) is of a two-factor login that was never confirmed: the panel answers '
                    'func=totp.confirm (it asks for the one-time code) instead of data, so nothing was read or changed. '
                    'Give the key of a confirmed session, or username and password with totp_secret')
        elif self._totp:
            said = ('user %s has two-factor authentication on, and the panel still asks for the one-time code '
                    '(func=totp.confirm) after the code made from totp_secret, so nothing was read or changed. Check that '
                    'totp_secret is the base32 secret of this user\'s authenticator app and that the controller\'s clock '
                    'is right' % self.username)
        else:
            said = ('two-factor authentication is on for user %s: the panel answers func=totp.confirm (it asks for the '
                    'one-time code) instead of data, so nothing was read or changed. Use an API user without two-factor '
                    'authentication, or give totp_secret (the base32 secret of the user\'s authenticator app) so the '
                    'code is confirmed at login' % self.username)
        return BillmgrError('auth', said, obj='totp', func=func)
