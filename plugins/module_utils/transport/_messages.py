# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the client tells the user in words: a connection that failed, and how a run's waits went. Private to this collection.

Each is one line that says what to do (issue 36): a user meets these first, often in the first hour.
"""

from __future__ import annotations

import os

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError


# What OpenSSL says when the other end answers a TLS greeting with something else (a plain HTTP server).
_NOT_TLS_WORDS = ('wrong version number', 'unknown protocol', 'record layer failure', 'packet length too long')


def not_tls(exc):
    """Whether a TLS failure is a plain HTTP server answering the TLS greeting."""
    text = str(exc).lower()
    return any(words in text for words in _NOT_TLS_WORDS)


def check_ca_path(validate_certs, ca_path):
    """A ca_path that is no file is an input error now; requests would say it at the first request, as a bare OSError."""
    if validate_certs and ca_path and not os.path.isfile(ca_path):
        raise InputError('ca_path: no file at %s. Give the path of the CA bundle (PEM) that signed the panel\'s certificate, '
                         'e.g. the simulator\'s billmgr_sim.crt; or leave ca_path out to use the system\'s CAs' % ca_path)


def wrong_address_says(url, status, text):
    """What a 404 (no API at this path) or a web server's "plain HTTP to an HTTPS port" page means for ``url``, or None."""
    if status == 404:
        return ('HTTP 404 from %s: no BILLmanager API at this path. The API path is /billmgr on BILLmanager 6 '
                '(https://HOST:1500/billmgr) and /manager/billmgr on BILLmanager 5 (https://HOST/manager/billmgr): '
                'set url to one of them' % url)
    if status == 400 and 'http request was sent to https port' in (text or '').lower():
        return 'HTTP 400 from %s: the port speaks HTTPS and was sent plain HTTP. Use https:// in url' % url
    return None


def connection_failure(url, exc, scrub):
    """One line saying what failed and what to do, instead of urllib3's repr of its retry pool."""
    text = str(exc)
    host = url.split('://', 1)[-1].split('/', 1)[0]
    if 'Connection refused' in text or 'Errno 111' in text:
        return ('connection to %s refused: nothing listens on %s. Is the panel (or billmgr-sim) running, and are the '
                'host and port in url right?' % (url, scrub(host)))
    if url.startswith('http://') and ('RemoteDisconnected' in text or 'Connection reset' in text or 'BadStatusLine' in text):
        return ('the server at %s closed the connection without an answer to a plain HTTP request: it looks like an HTTPS '
                'port. Use https:// in url' % url)
    if 'Name or service not known' in text or 'getaddrinfo failed' in text or 'Temporary failure in name resolution' in text \
            or 'nodename nor servname' in text:
        return 'connection to %s failed: the host name %s does not resolve. Check the host in url' % (
            url, scrub(host.rsplit(':', 1)[0] if not host.endswith(']') else host))
    reason = getattr(exc, 'args', [None])[0]
    reason = getattr(reason, 'reason', reason)  # urllib3's MaxRetryError: the reason, not the pool's repr
    return 'connection to %s failed: %s' % (url, scrub(reason if reason is not None else exc))


def wait_summary(client, long_wait=30):
    """(``waited`` for a result, a warning or None) of the waits the run had: seconds in all, polls, the panel's last words.

    A wait is announced when it ends (a module cannot print while it runs): ``long_wait`` seconds and more also as a
    warning, which shows at the default verbosity.
    """
    if not client.waits:
        return None, None
    now = client.clock()
    seconds = int(round(now - min(client.waits)))
    polls = sum(wait[0] for wait in client.waits.values())
    last = client.waits[max(client.waits)][1]
    waited = {'seconds': seconds, 'polls': polls, 'last_status': last}
    warning = None
    if seconds >= long_wait:
        warning = ('waited %ds for the panel (%d look%s); it last said: %s. Real panels take 5 to 30 minutes to set up a server: '
                   'run such a task with async and poll to see it is alive while it waits' % (seconds, polls, '' if polls == 1 else 's', last))
    return waited, warning
