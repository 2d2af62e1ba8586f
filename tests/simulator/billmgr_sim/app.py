"""The panel behind the HTTP server: one request in, one document (or a fault) out.

Requests are serialised by one lock and each runs in one SQLite transaction, so a
failing request leaves nothing half-written.
"""

import gc
import logging
import re
import threading
import time

from . import auth, db, errors, faults, handlers, lifecycle, request, seed
from .clock import SimClock
from .context import Context
from .counters import Counters
from .document import Node, render
from .switches import RunSwitches

LOG = logging.getLogger('billmgr_sim')
XML_NAME = re.compile(r'[A-Za-z_][A-Za-z0-9_.-]*')  # used with fullmatch: '$' would let a final newline through

PANELS = (5, 6)
# The clicked_button values real clients send (real-panels §3.4: E1, E5, E7, E14, E15, E18, E19); any other
# value is refused [INF: strict], so a wrong button is caught here rather than silently ignored.
CLICKED_BUTTONS = ('order', 'finish', 'basket', 'ok', 'newkey', 'free', 'delete', 'clearbasket', 'quickbasket')

HTML_MAINTENANCE = (
    '<!DOCTYPE html>\n<html><head><title>Maintenance</title></head>'
    '<body><h1>Service temporarily unavailable</h1><p>The billing panel is being updated. Please try again later.</p></body></html>\n')
HTML_BUSY = (
    '<!DOCTYPE html>\n<html><head><title>BILLmanager</title></head>'
    '<body><p>Request in process, please wait</p><a href="/billmgr?func=long&amp;billmgr=1">Result</a></body></html>\n')
HTML_GATEWAY = '<html><head><title>%d %s</title></head><body><center><h1>%d %s</h1></center><hr><center>nginx</center></body></html>\n'


class Outcome:
    """What the HTTP layer sends: a body, or nothing at all when ``drop`` is set."""

    def __init__(self, body=b'', content_type='text/xml; charset=UTF-8', status=200, drop=False, result='ok', user=None):
        self.body = body
        self.content_type = content_type
        self.status = status
        self.drop = drop
        self.result = result
        self.user = user


class Application:
    def __init__(self, db_path, processing_delay=0.0, slow_seconds=3.0, extra_users=(), panel=5, panel_seed=None, **switches):
        if panel not in PANELS:
            raise ValueError('panel must be one of %s' % (PANELS,))
        self.db_path = db_path
        # The panel generation this run imitates: 5 has only the old cart (basket), 6 also the new one (cart).
        self.panel = panel
        # The per-run rules (switches.RunSwitches): several addresses, timed expiry, deletions at period end, ...
        self.switches = RunSwitches(**switches)
        self.processing_delay = float(processing_delay)
        self.extra_users = tuple(extra_users)
        # A seed file's catalogue and users (seedfile.PanelSeed) for a new database and every reset; None: the demo.
        self.panel_seed = panel_seed
        self.lock = threading.Lock()
        self.conn, created = db.open_or_create(
            db_path, lambda conn: seed.seed(conn, extra_users=extra_users, panel_seed=panel_seed))
        if not created:
            self._add_missing_users(extra_users)
            db.upgrade(self.conn, seed.OFFER_TARIFFS)
        self._apply_seed_switches()
        self.clock = SimClock(float(db.get_meta(self.conn, 'clock_offset', 0)))
        self.counters = Counters()
        self.faults = faults.FaultRegistry(slow_seconds)
        self.functions = handlers.build_registry()
        self.host = ''

    def _apply_seed_switches(self):
        """Seeded data some switches add (idempotent: an existing database may already have it)."""
        if self.switches.multi_ip:
            self.conn.execute('BEGIN')
            seed.add_second_addresses(self.conn)
            self.conn.execute('COMMIT')

    def _add_missing_users(self, users):
        self.conn.execute('BEGIN')
        for name, password in users:
            if auth.user_by_name(self.conn, name) is None:
                seed.add_user(self.conn, name, password)
        self.conn.execute('COMMIT')

    def close(self):
        with self.lock:
            self.conn.close()

    def reseed(self):
        """Throw the state away and start from the seeded demo (caller holds the lock, no transaction open)."""
        db.drop_all(self.conn)
        seed.seed(self.conn, extra_users=self.extra_users, panel_seed=self.panel_seed)
        self._apply_seed_switches()
        self.clock.set_offset(0)

    def handle(self, path, params, headers, client_ip):
        func = params.get('func') or ''
        function = self.functions.get(func)
        is_control = function is not None and function.control
        with self.lock:
            claimed = auth.claimed_user(self.conn, params)
        if not is_control:
            self.counters.request(func, claimed, confirmed=bool(params.get('sok')))
            fault = self.faults.take(func, params)
        else:
            fault = None
        if fault:
            self.counters.fault_hit(func, fault)
            if fault in faults.SHORT_CIRCUIT:
                return self._fault_outcome(fault, claimed)
            if fault == 'slow':
                time.sleep(self.faults.slow_seconds)
        dragon = headers.get('ISP-Client', '').strip().lower() == 'web-interface' or params.has_dragon_token()
        with self.lock:
            ctx = Context(self, self.conn, params, func, client_ip, dragon)
            # A big list is tens of thousands of short-lived acyclic objects: the cycle collector only slows it down (2x).
            gc.disable()
            try:
                outcome = self._run(ctx, function, path, fault)
            finally:
                gc.enable()
        outcome.user = outcome.user or claimed
        return outcome

    def _fault_outcome(self, fault, user):
        if fault in ('http502', 'http503'):
            code, reason = (502, 'Bad Gateway') if fault == 'http502' else (503, 'Service Temporarily Unavailable')
            body = HTML_GATEWAY % (code, reason, code, reason)
            return Outcome(body.encode(), 'text/html', status=code, result='fault:' + fault, user=user)
        body = HTML_MAINTENANCE if fault == 'html' else HTML_BUSY
        return Outcome(body.encode(), 'text/html; charset=UTF-8', result='fault:' + fault, user=user)

    def _run(self, ctx, function, path, fault):
        conn = ctx.conn
        out = ctx.params.get('out') or 'xml'
        legacy = function is not None and function.legacy
        conn.execute('BEGIN IMMEDIATE')
        try:
            lifecycle.settle(conn, self.clock)
            content = self._call(ctx, function)
        except errors.ApiError as error:
            error.leave_trace(ctx)  # what the failure itself must leave: the auth failure count
            conn.execute('COMMIT')
            return self._error_outcome(error, out, legacy, ctx)
        except Exception:  # pylint: disable=broad-except
            conn.execute('ROLLBACK')
            LOG.exception('internal error in func=%s', ctx.func)
            error = errors.ApiError('internal', ctx.func, 'Internal error')
            return self._error_outcome(error, out, legacy, ctx)
        if fault == 'drop-before-commit':
            conn.execute('ROLLBACK')
            return Outcome(drop=True, result='fault:' + fault, user=_name(ctx.user))
        conn.execute('COMMIT')
        if fault == 'drop-after-commit':
            return Outcome(drop=True, result='fault:' + fault, user=_name(ctx.user))
        if ctx.after_commit is not None:
            ctx.after_commit()
        doc = self._document(ctx, path, content)
        elems = sum(1 for node in content if node.name == 'elem')
        if elems and not function.control:
            self.counters.returned_elems(ctx.func, elems)
        content_type, body = render(doc, out)
        return Outcome(body, content_type, user=_name(ctx.user))

    def _call(self, ctx, function):
        """Authenticate and run the function; its writes are undone when it fails."""
        request.check_representable(ctx.params)
        if function is None:
            if ctx.func == '':
                raise errors.missed('func')
            # [INF] the error a panel gives for a function it does not have.
            raise errors.ApiError('missed', 'func', "Function '%s' not found" % ctx.func, value=ctx.func)
        if not function.available(ctx):
            raise errors.ApiError('missed', 'func', "Function '%s' not found" % ctx.func, value=ctx.func)
        check_clicked_button(ctx)
        ctx.control = function.control
        if not function.public:
            ctx.user = auth.authenticate(ctx)
            if ctx.instead is not None:
                return ctx.instead
            if function.admin:
                ctx.require_admin()
        ctx.conn.execute('SAVEPOINT handler')
        try:
            content = function.handler(ctx)
        except BaseException:
            ctx.conn.execute('ROLLBACK TO SAVEPOINT handler')
            ctx.conn.execute('RELEASE SAVEPOINT handler')
            raise
        ctx.conn.execute('RELEASE SAVEPOINT handler')
        return content

    def _document(self, ctx, path, content):
        theme = 'dragon' if ctx.params.get('theme') == 'dragon' else 'orion'
        doc = Node('doc', attrs={'lang': _lang(ctx), 'func': ctx.func, 'binary': path,
                                 'host': self.host, 'themename': theme, 'theme': theme})
        doc.children.extend(content)
        tparams = doc.add('tparams')
        for name, value in sorted(ctx.params.public_items(), key=lambda pair: pair[0]):
            if XML_NAME.fullmatch(name):
                tparams.add(name, value)
        return doc

    def _error_outcome(self, error, out, legacy, ctx):
        # Error documents carry only the error, as the captured real answers do.
        doc = Node('doc', children=[error.to_node(_lang(ctx), legacy=legacy)])
        content_type, body = render(doc, out)
        return Outcome(body, content_type, result='error:%s:%s' % (error.kind, error.obj), user=_name(ctx.user))


def check_clicked_button(ctx):
    button = ctx.params.get('clicked_button')
    if button is not None and button not in CLICKED_BUTTONS:
        raise errors.invalid('clicked_button', button)


def _lang(ctx):
    # An error about an unrepresentable lang value must not carry it.
    lang = ctx.params.get('lang')
    return lang if lang and request.representable(lang) else 'en'


def _name(user):
    return user['name'] if user is not None else None
