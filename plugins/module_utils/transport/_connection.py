# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where and as whom to connect: the panel's API address and the connection options, checked before any request.

Private to this collection. Modules and the inventory read their connection options through
``connection_settings``; the client takes the address through ``api_url``. Nothing here talks to
the network, and no message here ever shows a password, wherever the user put it.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._totp import secret_key

SCHEMES = ('https', 'http')
DEFAULT_PATH = '/billmgr'
# Query parameters whose values are secrets when someone writes them into the url (authinfo=user:password, ...).
_SECRET_QUERY = ('authinfo', 'auth', 'password', 'passwd', 'key', 'session')


def url_secrets(url):
    """What in a ``url`` option is a secret: a password in its user part (``user:password@``), a credential in its query.

    Never fails, whatever the text: it is asked first, so that the secrets are masked even in the
    message that refuses the url.
    """
    if not isinstance(url, str) or '@' not in url and '?' not in url:
        return []
    secrets = []
    rest = url.split('://', 1)[-1]
    authority = rest.split('/', 1)[0].split('?', 1)[0].split('#', 1)[0]
    userinfo = authority.rsplit('@', 1)[0] if '@' in authority else ''
    if ':' in userinfo:
        # The password, and user:password; a user name alone is no secret (masking it would garble every message naming it).
        password = userinfo.split(':', 1)[1]
        secrets.extend([userinfo, password, unquote(password)])
    if '?' in url:
        query = url.split('?', 1)[1].split('#', 1)[0]
        for name, value in parse_qsl(query, keep_blank_values=True):
            if name.strip().lower() in _SECRET_QUERY and value:
                secrets.append(value)
                if ':' in value:
                    secrets.append(value.split(':', 1)[1])
    return sorted(set(s for s in secrets if s), key=len, reverse=True)


def split_url(url):
    """``(api url, username, password)`` of a ``url`` option; the user and password are those written before ``@``, or None.

    The API address is ``SCHEME://HOST[:PORT]/PATH`` (a bare host gets ``/billmgr``). Everything
    else is refused with an InputError saying what is wrong: a query string or a fragment (every
    parameter of a request is the module's own: ``?sok=ok`` in a url would confirm a check mode's
    order, ``?su=bob`` act as another user), blanks, no scheme or another one, no host, a bad port.
    The messages show the url without its user part.
    """
    if not isinstance(url, str) or not url.strip():
        raise InputError('url is required: the panel\'s API address, such as https://billing.example.com:1500/billmgr')
    text = url.strip()
    shown = _without_query(_without_userinfo(text))
    scheme = text.split('://', 1)[0].lower() if '://' in text else None
    if scheme not in SCHEMES:
        raise InputError('url %r does not start with https:// or http://: give the panel\'s API address, such as '
                         'https://billing.example.com:1500/billmgr' % shown)
    if any(char.isspace() for char in text):
        raise InputError('url %r has a blank in it: a URL has none (write a space in a path as %%20)' % shown)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as err:
        raise InputError('url %r is not a valid URL: %s' % (shown, str(err).replace(text, shown))) from None
    if parts.query or parts.fragment or text.endswith(('?', '#')):
        raise InputError('url %r carries a query string or a fragment (after ? or #); give the API address alone, such as '
                         'https://billing.example.com:1500/billmgr: every request parameter comes from the task, so nothing '
                         'was sent' % shown)
    if not parts.hostname:
        raise InputError('url %r names no host' % shown)
    host = parts.hostname if ':' not in parts.hostname else '[%s]' % parts.hostname
    netloc = host if port is None else '%s:%d' % (host, port)
    path = parts.path.rstrip('/') or DEFAULT_PATH
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    return urlunsplit((parts.scheme.lower(), netloc, path, '', '')), username, password


def api_url(url):
    """The API address of a ``url`` option (see ``split_url``), without any user part."""
    return split_url(url)[0]


def connection_settings(params):
    """The connection options (module params or inventory options alike) as the client takes them, checked.

    Returns a dict of the client's keywords plus ``warnings`` (what the task should be told) and
    ``secrets`` (what must be masked wherever Ansible prints). A user and password in the url are
    taken out of it and never used: credentials have options of their own (no_log, sent in the body).
    """
    url, url_username, _url_password = split_url(params.get('url'))
    username, password, session = params.get('username'), params.get('password'), params.get('session')
    warnings = []
    if url_username is not None:
        warnings.append('url carries a user name and password (user:password@): they are taken out of it and not used. '
                        'Give them as username and password (or BILLMGR_USERNAME and BILLMGR_PASSWORD)')
    if session and (username or password):
        warnings.append('both a session key (session) and a username and password are given: the session key is used, and '
                        'the password is not sent')
        password = None
    if not session:
        if not username or password is None:
            raise InputError('either username and password or session is required')
        if password == '':
            raise InputError('password is empty: give the password of user %s (nothing was sent, so no login was tried '
                             'with it)' % username)
    totp_secret = params.get('totp_secret') or None
    if totp_secret is not None:
        secret_key(totp_secret)  # a secret that is no base32 fails here, before a login is spent on it
        if session:
            warnings.append('totp_secret is not used with a session key (session): only a login with username and '
                            'password asks for the two-factor code')
            totp_secret = None
    timeout = params.get('timeout')
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0):
        raise InputError('timeout must be a positive number of seconds to wait for each answer; got %r' % (timeout,))
    return {
        'url': url, 'username': username, 'password': password, 'session': session,
        'validate_certs': params.get('validate_certs', True), 'ca_path': params.get('ca_path'),
        'timeout': timeout, 'totp_secret': totp_secret, 'warnings': warnings,
        'secrets': url_secrets(params.get('url')) + ([params['totp_secret']] if params.get('totp_secret') else []),
    }


def _without_userinfo(text):
    scheme, sep, rest = text.partition('://')
    if not sep:
        scheme, rest = '', text
    authority, slash, path = rest.partition('/')
    if '@' in authority:
        authority = '***@' + authority.rsplit('@', 1)[1]
    return '%s%s%s%s%s' % (scheme, sep, authority, slash, path)


def _without_query(text):
    return text.split('?', 1)[0].split('#', 1)[0]
