# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one HTTP client for the BILLmanager API, shared by modules, the inventory and the role.

Private to this collection. Every call is a form POST (credentials travel in the body, never in
the URL) asking for ``out=json``. The answer is turned into plain Python: BILLmanager's
``{"$": text}`` / ``{"$attr": value}`` notation is unwrapped, and errors become BillmgrError.
Time is the client's too: ``sleep`` and ``clock`` are what every retry, poll and reconcile uses,
through the one ``backoff``.
"""

from __future__ import annotations

import concurrent.futures
import itertools
import os
import time

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import (
    as_list,
    first_line,
    int_or_none,
    is_list_answer,
    page_words,
    parse_document,
    redirect_of,
    text_of,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._connection import api_url, connection_settings, url_secrets
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._messages import check_ca_path, connection_failure, not_tls, wrong_address_says
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._reads import is_read
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._session import TOTP_FUNC, Login

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - depends on the host
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

DEFAULT_TIMEOUT = 30
DEFAULT_RETRIES = 3
DEFAULT_PAGE_SIZE = 1000
# The one backoff: a short first wait so a fast panel answers a fast task, doubling up to a cap
# that keeps a long wait responsive. Read retries, polls and reconciles all follow it.
BACKOFF_FIRST = 0.5
BACKOFF_FACTOR = 2.0
BACKOFF_CAP = 10.0
RETRY_HTTP_STATUSES = (502, 503, 504)
# A read is retried quickly: the user is waiting, and the panel is either back in seconds or not.
READ_RETRY_CAP = 5.0
# Polls for a new service or a license key start at a second: processing takes longer than a retry.
POLL_FIRST = 1.0
SECRET_MASK = '********'
LEVEL_CLIENT = 16
# How a panel refuses a caller's address (real-panels.md 1.3, E5), in lower case.
IP_DENIED = 'access from this ip denied'
# The Dragon interface's requests (seed 003): its cart is reached only with this header and theme=dragon.
DRAGON_HEADERS = {'ISP-Client': 'Web-interface'}

# Parameters whose values are secrets: they are sent in the POST body only and are
# scrubbed from anything the client says (errors, logs, repr).
SECRET_PARAMS = ('authinfo', 'auth', 'password', 'passwd', 'userpassword', 'key', 'qrcode')


def backoff(first=BACKOFF_FIRST, cap=BACKOFF_CAP):
    """The delays between tries: ``first``, then doubling, never above ``cap``."""
    delay = first
    while True:
        yield delay
        delay = min(delay * BACKOFF_FACTOR, cap)


class BillmgrClient(object):
    """A connection to one BILLmanager panel, as one user.

    ``url`` is the panel's API address (``https://host:1500/billmgr`` for BILLmanager 6,
    ``https://host/manager/billmgr`` for 5); a bare ``https://host:1500`` gets ``/billmgr``.
    Authenticate with ``username`` + ``password`` or with an existing ``session`` key (sent as
    ``auth``). A password logs in once (``func=auth``, in the body) on the first request, and every
    request after that goes in that session: a run's list pages and polls are not each a full
    login, the worst place to meet a panel's limits on logins (E13). A session that ends mid-run
    gets one fresh login; a session key the user gave is never replaced. The login itself is ``_session.Login``'s:
    a two-factor code from ``totp_secret``, authinfo on each request where a captcha guards func=auth.
    """

    def __init__(self, url, username=None, password=None, session=None, validate_certs=True, ca_path=None,
                 timeout=DEFAULT_TIMEOUT, retries=DEFAULT_RETRIES, lang='en', log=None, sleep=time.sleep,
                 clock=time.monotonic, totp_secret=None):
        if not HAS_REQUESTS:
            raise RuntimeError('the requests library is required: %s' % REQUESTS_IMPORT_ERROR)
        if not url:
            raise InputError('url is required')
        if not session and not (username and password is not None):
            raise InputError('either username and password or session is required')
        self.url = api_url(url)
        self.username = username
        self._login = Login(self, username, password, session, totp_secret)
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.lang = lang
        self._log = log
        # Where a long wait says how it goes (the module's result at -v); None says nothing.
        self.progress = None
        # Every wait of this run: its start (a clock() value) -> [polls that found it not done, the last such line].
        self.waits = {}
        self.sleep = sleep
        self.clock = clock
        check_ca_path(validate_certs, ca_path)
        self._verify = ca_path if (validate_certs and ca_path) else bool(validate_certs)
        if not self._verify:
            # The user turned verification off on purpose; urllib3 would otherwise warn on every request.
            requests.packages.urllib3.disable_warnings(requests.packages.urllib3.exceptions.InsecureRequestWarning)
        self._http = requests.Session()
        self._http.trust_env = True
        self.request_count = 0
        # A password written into the url is never sent (api_url leaves it out), but it is masked like any other.
        self._inherited_secrets = tuple(url_secrets(url))
        # What the task should be told: what the connection options made of themselves (connection_settings), then what
        # the run met, through ``on_warning`` once the task listens (a captcha on logins); kept here until then.
        self.warnings = []
        self.on_warning = None

    @property
    def login_count(self):
        return self._login.count

    @property
    def logs_in_per_request(self):
        """Whether a captcha on func=auth made every request log in with authinfo (real-panels-2 §12.4, E24)."""
        return self._login.per_request

    def warn(self, message):
        """Tell the task something it should know (scrubbed), or keep it in ``warnings`` while nobody listens."""
        message = self._scrub(message)
        if self.on_warning is not None:
            self.on_warning(message)
        else:
            self.warnings.append(message)

    def __repr__(self):
        return 'BillmgrClient(url=%r, username=%r)' % (self.url, self.username)

    # -- public calls -------------------------------------------------------------------

    def read(self, func, params=None, headers=None):
        """A known read (``_reads.is_read``: a list, a form without sok), retried on transient faults; anything else is a
        bug of the caller, since a retried write can act twice."""
        if not is_read(func, params):
            raise ValueError('%s is not a known read; it must be sent with write()' % func)
        return self.call(func, params, write=False, headers=headers)

    def write(self, func, params=None, headers=None):
        """A call that changes or buys something: sent once, never retried."""
        return self.call(func, params, write=True, headers=headers)

    def call(self, func, params=None, write=False, headers=None):
        """POST one function and return the unwrapped ``doc``; raise BillmgrError on failure."""
        attempts = 1 if write else self.retries + 1
        delays = backoff(cap=READ_RETRY_CAP)
        attempt, logged_in_again = 0, False
        while True:
            attempt += 1
            body = None
            try:
                body = self._body(func, params)  # logs in on the first call: a login that fails sends nothing else
                return self._answered(func, self._call_once(func, body, write, headers), write)
            except BillmgrError as err:
                if body is not None and not logged_in_again and self._login.ended(err, body):
                    # A refused request did nothing, so asking again in a new session cannot do it twice.
                    logged_in_again = True
                    self._login.forget()
                    self._say('%s: the session has ended; logging in again' % func)
                    continue
                refusal = self._login.key_refusal(err, body) if body is not None else None
                if refusal is not None:
                    raise refusal from None
                if write or attempt >= attempts or not is_transient(err):
                    raise
                delay = next(delays)
                self._say('%s: %s; retry %d of %d in %.1fs' % (func, err.kind, attempt, self.retries, delay))
                self.sleep(delay)

    def _answered(self, func, doc, write):
        """The answer, unless its ``ok`` sends the caller elsewhere: that is no answer (real-panels-2 §12.3).

        A two-factor half session answers every call with ``ok`` naming totp.confirm and does nothing (E5, E24),
        writes too. A read sent to another function got no data; read as fields or a list it would say "nothing".
        """
        elsewhere = redirect_of(doc)
        if elsewhere == TOTP_FUNC:
            raise self._login.two_factor_refusal(func)
        if elsewhere and elsewhere != func and not write:
            raise BillmgrError('response', 'the panel answered %s with a pointer to another function (func=%s) instead '
                               'of data: nothing could be read' % (func, self._scrub(elsewhere)), func=func)
        return doc

    def poll(self, probe, timeout, first=POLL_FIRST):
        """Call ``probe()`` until it returns something other than None, or ``timeout`` seconds are up (then None).

        ``probe`` is called at least once, and once more at the deadline; it may raise to stop early. A probe
        is a read: when the wire fails it (a maintenance page, a gateway's 502, a panel down for a while), the
        poll looks again on its next tick, and only a failure that lasts until the deadline is raised. The
        panel's own refusals (access, auth, ...) stop the poll at once.
        """
        deadline = self.clock() + timeout
        delays = backoff(first=first)
        while True:
            failed = None
            try:
                found = probe()
            except BillmgrError as err:
                if err.is_api_error:
                    raise
                failed, found = err, None
                self._say('%s: %s while waiting; looking again' % (err.func or 'poll', err.kind))
            if found is not None:
                return found
            remaining = deadline - self.clock()
            if remaining <= 0:
                if failed is not None:
                    raise failed
                return None
            self.sleep(min(next(delays), remaining))

    def list(self, func, params=None, page_size=DEFAULT_PAGE_SIZE, each=None):
        """Every element of a list function (or what ``each`` makes of it), all pages, one request per page.

        When there is more than one page, the next is asked for, in a thread of its own, while ``each`` goes over the
        elements of this one: the panel's time to answer overlaps the caller's work on the page before. Only that
        thread uses the connection meanwhile, and ``each`` must not.
        """
        each = each or (lambda elem: elem)
        elems, more = self._page(func, params, 1, page_size, 0)
        items = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as reader:  # its thread starts with the first submit
            for page in itertools.count(2):
                following = reader.submit(self._page, func, params, page, page_size, len(items) + len(elems)) if more else None
                items.extend(each(elem) for elem in elems)
                if following is None:
                    return items
                elems, more = following.result()

    def _page(self, func, params, page, page_size, seen):
        """(the elements of one page of a list, whether another page follows) after ``seen`` elements."""
        query = dict(params or {})
        query.update({'p_num': page, 'p_cnt': page_size})
        doc = self.read(func, query)
        if not is_list_answer(doc):
            # Read as a list, a non-answer is an empty one: an inventory without hosts, a live service taken for gone.
            raise BillmgrError('response', 'the answer to %s is no list: it has no elements, no paging fields (p_elems, p_num, '
                               'p_cnt) and no error, only %s; nothing is taken from it' % (
                                   func, ', '.join(sorted(self._scrub(key) for key in doc)) or 'nothing'), func=func)
        elems = as_list(doc.get('elem'))
        if not all(isinstance(elem, dict) for elem in elems):
            # A list's element is an object with fields (id, status, ...); bare text is no BILLmanager list.
            raise BillmgrError('response', 'the answer to %s is not a BILLmanager list: an element is %s, not an object '
                               'with fields. Is url the panel\'s API address?' % (func, self._scrub(repr(
                                   next(elem for elem in elems if not isinstance(elem, dict)))[:80])), func=func)
        total = int_or_none(doc.get('p_elems'))
        # p_elems, when the panel gives it, decides: a panel that caps p_cnt lower answers short pages that are not the last.
        done = seen + len(elems) >= total if total is not None else len(elems) < page_size
        return elems, bool(elems) and not done

    def user_level(self):
        """The access level of the logged-in user (16 is a client; administrators are higher), or None when unknown.

        ``func=auth`` answers it with the session, so it costs no request of its own; with a session
        key instead of a password there is nothing to log in with, so the level stays unknown. Logins per
        request (a captcha on func=auth) ask ``whoami`` once.
        """
        return self._login.level()

    # -- other sessions ----------------------------------------------------------------

    def as_session(self, session):
        """A connection to the same panel in another session (a client's, from ``account.su``), with the same settings.

        It keeps this connection's secrets to scrub, as well as the new session key.
        """
        other = BillmgrClient(self.url, session=session, validate_certs=bool(self._verify), ca_path=None, timeout=self.timeout,
                              retries=self.retries, lang=self.lang, log=self._log, sleep=self.sleep, clock=self.clock)
        other._verify = self._verify
        other._login._level = LEVEL_CLIENT
        other._inherited_secrets = self._secrets()
        other.progress = self.progress
        return other

    def close(self):
        self._http.close()

    # -- one request --------------------------------------------------------------------

    def _plain_body(self, func):
        """What every request sends, before its parameters and its credentials."""
        return {'func': func, 'out': 'json', 'lang': self.lang}

    def _body(self, func, params):
        body = self._plain_body(func)
        for key, value in (params or {}).items():
            if value is None:
                continue
            if isinstance(value, bool):
                value = 'on' if value else 'off'
            body[key] = value
        body.update(self._login.credentials(for_func=func))
        return body

    def _call_once(self, func, body, write, headers):
        self.request_count += 1
        self._say('POST %s func=%s' % (self.url, func))
        try:
            response = self._http.post(self.url, data=body, headers=headers, timeout=self.timeout,
                                       verify=self._verify, allow_redirects=False)
        except requests.exceptions.SSLError as exc:
            if not_tls(exc):
                raise BillmgrError('tls', 'the server at %s does not answer TLS on that port (%s): it looks like a plain HTTP '
                                   'port. Use http:// for it, or the panel\'s HTTPS port' % (self.url, self._scrub(exc)),
                                   func=func) from None
            raise BillmgrError('tls', 'TLS certificate verification failed for %s (%s). Set validate_certs: false, or ca_path '
                               'to the CA bundle that signed the panel\'s certificate.' % (self.url, self._scrub(exc)), func=func) from None
        except requests.exceptions.Timeout as exc:
            raise BillmgrError('timeout', 'no answer from %s within %ss (%s)' % (self.url, self.timeout, type(exc).__name__),
                               func=func, outcome_unknown=write) from None
        except requests.exceptions.RequestException as exc:
            raise BillmgrError('connection', connection_failure(self.url, exc, self._scrub), func=func, outcome_unknown=write) from None
        return self._parse(func, response, write)

    def _parse(self, func, response, write):
        status = response.status_code
        if 300 <= status < 400:
            raise BillmgrError('http', 'HTTP %d redirect to %s: point url at the panel\'s API address instead'
                               % (status, response.headers.get('Location', '?')), func=func)
        doc = parse_document(response.text)
        if doc is None:
            wrong_address = wrong_address_says(self.url, status, response.text)
            if wrong_address:
                raise BillmgrError('http', wrong_address, func=func, value=status)
            if status >= 400:
                # A gateway's error page says it in words; its first line would be a wall of markup.
                said = self._page_says(response.text) or ': %s' % self._first_line(response.text)
                raise BillmgrError('http', 'HTTP %d from %s%s' % (status, self.url, said),
                                   func=func, value=status, outcome_unknown=write and status >= 500)
            # A page in place of the answer to a write ("Request in process", a slow function's redirect page)
            # may come after the panel did the work: the caller has to look before it reports or tries again.
            raise BillmgrError('response', 'expected a BILLmanager document, got HTTP %d %s starting with: %s%s'
                               % (status, response.headers.get('Content-Type', 'without a content type'),
                                  self._first_line(response.text), self._page_says(response.text)),
                               func=func, outcome_unknown=write)
        if 'error' in doc:
            raise self._api_error(func, doc['error'])
        return doc

    def _api_error(self, func, error):
        if not isinstance(error, dict):
            return BillmgrError('unknown', self._scrub(text_of(error)) or 'unknown error', func=func)
        params = dict((p.get('name'), text_of(p)) for p in as_list(error.get('param')) if isinstance(p, dict))
        message = text_of(error.get('msg')) or text_of(error.get('detail')) or 'no message'
        if IP_DENIED in message.lower():
            # Panels can limit API logins to listed addresses (real-panels.md 1.3): the fix is in the panel, not the task.
            message = ('%s: the panel takes API requests from listed addresses only. Allow this controller\'s address for API '
                       'access in the panel (or ask the provider to), or give a session key opened from an allowed address'
                       % message.strip().rstrip('.'))
        elif _is_captcha(error, message):
            # A reCAPTCHA on password logins, as some panels ask from data-centre addresses (real-panels.md 1.6).
            message = ('%s: the panel asks for a captcha on password logins from this address, which a script cannot '
                       'answer. Log in with a key (session.newkey) or give a session key (session) opened in the web '
                       'interface, or ask the provider to exempt this controller\'s address' % message.strip().rstrip('.'))
        return BillmgrError(
            error.get('type', 'unknown'), self._scrub(message.strip()), obj=error.get('object') or None, func=func,
            detail=self._scrub(text_of(error.get('detail')).strip()) or None, value=self._scrub(params.get('value')) or None)

    # -- secrets never leave --------------------------------------------------------------

    def _secrets(self):
        values = self._login.secrets() + list(self._inherited_secrets)
        return sorted((v for v in values if v), key=len, reverse=True)

    def _scrub(self, text):
        if text is None:
            return None
        text = str(text)
        for secret in self._secrets():
            text = text.replace(secret, SECRET_MASK)
        return text

    def _first_line(self, text):
        return self._scrub(first_line(text))

    def _page_says(self, text):
        """``; the page says: "..."`` with a page's words ("Request in process" among them makes a read worth retrying), or ''."""
        said = page_words(text)
        return '; the page says: "%s"' % self._scrub(said) if said else ''

    def say(self, message):
        """One line for the debug log (``-vvv``), secrets scrubbed: what a task does about a fault."""
        self._say(message)

    def _say(self, message):
        if self._log:
            self._log(self._scrub(message))

    def note_progress(self, message, started):
        """One line of a wait's progress, with the seconds waited since ``started`` (a ``clock()`` value)."""
        wait = self.waits.setdefault(started, [0, None])
        wait[0] += 1
        wait[1] = self._scrub(message)
        if self.progress is not None:
            self.progress(self._scrub('%s (%.0fs waited)' % (message, self.clock() - started)))


def _is_captcha(error, message):
    """Whether an error is a failed captcha: E12 meets ``captcha_verification_failed``; where a panel puts it varies."""
    said = ' '.join((str(error.get('type') or ''), str(error.get('object') or ''), message)).lower()
    return 'captcha' in said


def is_transient(err):
    """Whether a failure is of the kind that passes: a read is retried after it, a write read back (guarded/_write.py)."""
    if err.kind in ('connection', 'timeout'):
        return True
    if err.kind == 'http' and err.value in RETRY_HTTP_STATUSES:
        return True
    # A panel still busy with an earlier request of this session says so in an error
    # document; for a read, asking again shortly is what the web interface does too.
    return 'request in process' in (err.message or '').lower()


def client_from_params(params, log=None):
    """A client from the connection options (module params or inventory options alike), checked by connection_settings.

    Its ``warnings`` say what the options made of themselves (a session used instead of a password, ...).
    """
    settings = connection_settings(params)
    client = BillmgrClient(settings['url'], username=settings['username'], password=settings['password'],
                           session=settings['session'], validate_certs=settings['validate_certs'],
                           ca_path=os.path.expanduser(settings['ca_path']) if settings['ca_path'] else None,
                           timeout=settings['timeout'] or DEFAULT_TIMEOUT, log=log, totp_secret=settings['totp_secret'])
    client.warnings = settings['warnings']
    client._inherited_secrets = tuple(settings['secrets'])
    return client
