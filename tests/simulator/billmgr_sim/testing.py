"""Run the simulator from tests: ``start_simulator(workdir)`` starts ``python -m billmgr_sim`` as a subprocess.

    with start_simulator(tmp_path) as sim:
        doc = sim.call('vds', user='alice', filter='on', status='2')
        sim.set_fault('vds.order.param', 'drop-after-commit')
        assert sim.counters()['func']['vds'] == 1
"""

import collections
import datetime
import json
import os
import signal
import sqlite3
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from . import seed, seedfile, shapes, totp
from .switches import SWITCH_NAMES

DB_NAME = 'billmgr.sqlite'
SEEDED_PASSWORDS = dict((seed.ADMIN,) + seed.CLIENTS)
# Public addresses for license orders: the panel licenses only globally routable IPs (documentation ranges are refused).
LICENSE_IPS = ('94.250.248.10', '94.250.248.11', '94.250.248.12', '185.12.93.4')


class SimulatorError(RuntimeError):
    pass


def as_list(value):
    """out=json gives one child as an object and several as an array: always a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def text(node):
    """The text of an out=json node: {"$": "x"} is "x"; an element without text (or none at all) is ""."""
    if isinstance(node, dict):
        return node.get('$', '')
    return '' if node is None else node


def fields(elem):
    """One list element or form as {name: text}: its attributes ($...) and nested lists left out."""
    return dict((key, text(value)) for key, value in elem.items() if not key.startswith('$') and not isinstance(value, list))


def inventory_value(value):
    """A value of ``ansible-inventory --list``: it writes what must never be templated as {"__ansible_unsafe": value}."""
    if isinstance(value, dict) and set(value) == {'__ansible_unsafe'}:
        return value['__ansible_unsafe']
    return value


# Identity fields a real filter form lacks (real-panels §5.3, E5): the panel ignores them, ``listed`` matches them here.
MATCHED_HERE = ('remoteid', 'domain', 'ip', 'licname')


def totp_secret(name):
    """The two-factor secret of ``--totp-user NAME`` given without one (the banner prints it too)."""
    return totp.derived_secret(name)


def totp_code(secret, at=None):
    """The current one-time code of a two-factor ``secret`` (RFC 6238), as an authenticator app shows it."""
    return totp.code(secret, at)


def listed(sim, item_type, user='admin', **filters):
    """What ``user`` (by default the admin: every account, every status) sees in the list of ``item_type``, with
    ``filters`` applied: real filter fields by the panel, ``MATCHED_HERE`` (``ip``: any one of the addresses) here."""
    params = dict(filters, filter='on') if filters else {}
    doc = sim.call(item_type, user=user, **params)['doc']
    rows = [fields(elem) for elem in as_list(doc.get('elem'))]
    wanted = {name: str(value) for name, value in filters.items() if name in MATCHED_HERE}
    return [row for row in rows if all(_matches(name, row.get(name, ''), value) for name, value in wanted.items())]


def _matches(name, listed_value, wanted):
    return wanted in listed_value.split() if name == 'ip' else listed_value == wanted


def listed_by_id(sim, item_type, user='admin', **filters):
    """``listed`` keyed by the elements' ids."""
    return dict((int(row['id']), row) for row in listed(sim, item_type, user=user, **filters))


def edit_form(sim, item_type, elid, user='admin'):
    """The edit form of one item (``TYPE.edit`` without sok): its current values as {field: text}."""
    return fields(sim.call('%s.edit' % item_type, user=user, elid=elid)['doc'])


def func_counts(counters, *funcs):
    """{func: how often the simulator answered it} for these functions, from ``sim.counters()``."""
    return dict((func, counters['func'].get(func, 0)) for func in funcs)


def func_total(counters, *funcs):
    """How many calls of these functions the simulator counted, together."""
    return sum(func_counts(counters, *funcs).values())


def panel_requests(counters):
    """The requests counted apart from the tests' own sim.* control calls, by function."""
    return dict((func, count) for func, count in counters['func'].items() if not func.startswith('sim.'))


def requests_per_task(sim, run):
    """{task name: Counter of the functions the panel was asked} for a PlaybookRun on one host, from the simulator's
    access log: a request belongs to the task that was running when it was logged (the log has milliseconds; a
    request is logged before it is answered). The tests' own sim.* calls and the logins (func=auth) are left out, as
    ``counters()['func']`` leaves them out."""
    windows = []
    for task in run.tasks:
        start = datetime.datetime.fromtimestamp(task['started'])
        windows.append((start.replace(microsecond=start.microsecond // 1000 * 1000), datetime.datetime.fromtimestamp(task['ended']), task['name']))
    names = [name for _start, _end, name in windows]
    assert len(set(names)) == len(names), 'a task name ran twice: %s' % names
    per_task = dict((name, collections.Counter()) for name in names)
    with open(sim.log_path, encoding='utf-8') as log:
        for line in log:
            stamp, _client, _method, _path, func = line.split(' ')[:5]
            func = func.partition('=')[2]
            logged = datetime.datetime.fromisoformat(stamp)
            if func == 'auth' or func.startswith('sim.'):
                continue
            for start, end, name in windows:
                if start <= logged <= end:
                    per_task[name][func] += 1
    return per_task


# Every table a write could change: accounts (balances), services, add-ons, expenses, carts, legacy licenses, usage.
STATE_TABLES = ('account', 'service', 'service_addon', 'expense', 'billorder', 'billorder_item', 'lineitem', 'payment',
                'legacy_license', 'statdaily', 'ip_ptr')
DRAGON_HEADERS = {'ISP-Client': 'Web-interface'}  # with theme=dragon: the Dragon interface (seed 003)


def db_rows(sim, sql, *args):
    """Rows of the simulator's database (read-only), as dicts."""
    conn = sqlite3.connect('file:%s?mode=ro' % sim.db_path, uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(sql, args)]
    finally:
        conn.close()


def db_snapshot(sim):
    """The rows of every STATE_TABLES table, to compare before and after a run."""
    return dict((table, db_rows(sim, 'SELECT * FROM %s ORDER BY rowid' % table)) for table in STATE_TABLES)


def snapshot_changes(before, after):
    """The tables whose rows differ, with how many rows were added or changed."""
    changes = {}
    for table in STATE_TABLES:
        old = [json.dumps(row, sort_keys=True) for row in before[table]]
        new = [json.dumps(row, sort_keys=True) for row in after[table]]
        different = len(set(new) - set(old)) + len(set(old) - set(new))
        if different:
            changes[table] = different
    return changes


def _user_pairs(users):
    pairs = []
    for user in users:
        if isinstance(user, str):
            name, dummy, password = user.partition('=')
            pairs.append((name, password))
        else:
            pairs.append(tuple(user))
    return pairs


def _fault_specs(faults):
    return [fault if isinstance(fault, str) else ':'.join(str(part) for part in fault) for fault in faults]


def _switch_arguments(options):
    """Command-line flags of the switches (switches.RunSwitches) set in ``options``."""
    arguments = []
    for name in ('multi_ip', 'timed_daily', 'ignore_admin_fields', 'edit_without_price', 'close_at_period_end',
                 'item_real_status', 'summary_without_total'):
        if options.get(name):
            arguments.append('--' + name.replace('_', '-'))
    if options.get('renewal_window') is not None:
        arguments += ['--renewal-window', str(options['renewal_window'])]
    for network in options.get('authinfo_allow', ()):
        arguments += ['--authinfo-allow', network]
    for user in options.get('totp_users', ()):
        arguments += ['--totp-user', user if isinstance(user, str) else '='.join(user)]
    for network in options.get('captcha_from', ()):
        arguments += ['--captcha-from', network]
    for name in options.get('captcha_users', ()):
        arguments += ['--captcha-user', name]
    for tariff in options.get('autoprolong_without_price', ()):
        arguments += ['--autoprolong-without-price', str(tariff)]
    return arguments


def _named_list(doc, name):
    """The ``list`` element with ``$name`` = name of an out=json document ({} when there is none)."""
    return next((item for item in as_list(doc.get('list')) if item.get('$name') == name), {})


class RunningSimulator:
    """A simulator process. ``url`` ends in /billmgr; ``ca_path`` is the certificate to trust when tls."""

    def __init__(self, workdir, options):
        self.workdir = os.path.abspath(str(workdir))
        self.db_path = os.path.join(self.workdir, DB_NAME)
        stem = os.path.splitext(self.db_path)[0]
        self.log_path = stem + '.access.log'
        self.events_log_path = stem + '.events.log'
        self.output_path = os.path.join(self.workdir, 'billmgr_sim.out')
        self.options = options
        panel_seed = seedfile.load(options['seed_file']) if options.get('seed_file') else None
        users = seed.seeded_users(panel_seed)
        self.passwords = {name: password for name, password, _admin, _balance in users}
        # The control functions (sim.*) are the admin's: the seeded one, or a seed file's first.
        self.admin_user = next(name for name, _password, admin, _balance in users if admin)
        self.passwords.update(_user_pairs(options['users']))
        self.panel = options.get('panel', 5)
        if options.get('shapes'):
            # The report decides the generation (cli.apply_shapes), as `billmgr-sim serve --shapes` without --panel.
            self.panel = shapes.run_options(shapes.load(options['shapes']))[0]
        self.process = None
        self.url = None
        self.ca_path = None
        self.port = 0

    # -- process -----------------------------------------------------------------------------
    def start(self, timeout=20.0):
        os.makedirs(self.workdir, exist_ok=True)
        command = [sys.executable, '-m', 'billmgr_sim', '--host', '127.0.0.1', '--port', str(self.port), '--db', self.db_path,
                   '--processing-delay', str(self.options['processing_delay'])]
        command += ['--shapes', self.options['shapes']] if self.options.get('shapes') else ['--panel', str(self.panel)]
        if self.options['tls']:
            command.append('--tls')
        if self.options.get('slow_seconds') is not None:
            command += ['--slow-seconds', str(self.options['slow_seconds'])]
        for spec in _fault_specs(self.options['faults']):
            command += ['--fault', spec]
        command += _switch_arguments(self.options)
        for name, password in _user_pairs(self.options['users']):
            command += ['--user', '%s=%s' % (name, password)]
        if self.options.get('seed_file'):
            command += ['--seed', os.path.abspath(str(self.options['seed_file']))]
        # billmgr_sim is run by the interpreter that imported it: installed (pip install tests/simulator) there.
        with open(self.output_path, 'w', encoding='utf-8') as output:
            self.process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=self.workdir)  # pylint: disable=consider-using-with
        self._wait_for_banner(timeout)
        self._wait_until_answering(timeout)
        self.reset_counters()
        return self

    def _wait_for_banner(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(self.output_path, encoding='utf-8') as output:
                lines = output.read().splitlines()
            for line in lines:
                if line.startswith('BILLmanager simulator listening on '):
                    # The banner names the path of the generation served; both paths answer alike, and tests (and
                    # their users) take .url as the /billmgr one whatever the generation, so one test runs on either.
                    split = urllib.parse.urlsplit(line.split(' on ', 1)[1].strip())
                    self.url = '%s://%s/billmgr' % (split.scheme, split.netloc)
                    self.port = split.port
                elif line.strip().startswith('CA certificate: '):
                    self.ca_path = line.split(': ', 1)[1].strip()
            if self.url and (self.ca_path or not self.options['tls']):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        self.stop()
        with open(self.output_path, encoding='utf-8') as output:
            raise SimulatorError('the simulator did not start:\n' + output.read())

    def _wait_until_answering(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.raw_request({'func': 'keepalive', 'out': 'json'})
                return
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self):
        """Stop and start again on the same port with the same database."""
        self.stop()
        return self.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    # -- requests ----------------------------------------------------------------------------
    def ssl_context(self):
        return ssl.create_default_context(cafile=self.ca_path) if self.ca_path else None

    def raw_request(self, params, path=None, timeout=30.0, headers=None):
        """POST ``params`` (form body); returns (HTTP status, body bytes)."""
        url = self.url if path is None else self.url.rsplit('/billmgr', 1)[0] + path
        data = urllib.parse.urlencode(params).encode()
        req = urllib.request.Request(url, data=data, headers=dict(headers or {}), method='POST')
        try:
            with urllib.request.urlopen(req, timeout=timeout, context=self.ssl_context()) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def call(self, func, user='admin', password=None, **params):
        """Call ``func`` as ``user`` (authinfo; None = anonymous) with out=json; returns the parsed document."""
        return self._call(func, user, password, params, None)

    def call_dragon(self, func, user='admin', password=None, **params):
        """``call`` through the Dragon interface: the ``ISP-Client: Web-interface`` header and ``theme=dragon``."""
        return self._call(func, user, password, dict(params, theme='dragon'), DRAGON_HEADERS)

    def _call(self, func, user, password, params, headers):
        form = {'func': func, 'out': 'json'}
        if user is not None:
            form['authinfo'] = '%s:%s' % (user, password if password is not None else self.passwords.get(user, ''))
        form.update({name: str(value) for name, value in params.items()})
        status, body = self.raw_request(form, headers=headers)
        if status != 200:
            raise SimulatorError('HTTP %d from %s: %r' % (status, func, body[:200]))
        return json.loads(body)

    def _control(self, func, **params):
        doc = self.call(func, user=self.admin_user, **params)['doc']
        if 'error' in doc:
            raise SimulatorError('%s failed: %s' % (func, doc['error']['msg']['$']))
        return doc

    # -- orders and carts ----------------------------------------------------------------------
    def order_now(self, itemtype, user, **params):
        """Order one service and pay it at once (``v2.TYPE.order.param``, ``skipbasket=on``), as a client would, on
        either panel; returns its id. Panel 6 answers it as ``item.id`` (E1), licences as ``id``; panel 5 leaves it out
        (E12), so it is the newest service of the user's account then."""
        params = dict({'order_period': 1, 'skipbasket': 'on', 'clicked_button': 'order', 'sok': 'ok'}, **params)
        doc = self._checked(self.call('v2.%s.order.param' % itemtype, user=user, **params), 'v2.%s.order.param' % itemtype)
        for field in ('item.id', 'id'):
            if field in doc:
                return int(as_list(doc[field])[0]['$'])
        [row] = db_rows(self, 'SELECT max(s.id) AS id FROM service s JOIN user u ON u.account_id = s.account_id WHERE u.name = ?', user)
        return row['id']

    def order_into_cart(self, itemtype, user, **params):
        """Order one service into the cart (``v2.TYPE.order.param`` without skipbasket), as billmgr_service with
        ``skipbasket: false`` does: the old cart's ``billorder.id`` or the new cart's ``lineitem.id``, whichever answers."""
        params = dict({'order_period': 1, 'clicked_button': 'order', 'sok': 'ok'}, **params)
        doc = self._checked(self.call('v2.%s.order.param' % itemtype, user=user, **params), 'v2.%s.order.param' % itemtype)
        return int(next(as_list(doc[field])[0]['$'] for field in ('lineitem.id', 'billorder.id') if field in doc))

    def pay_cart(self, user):
        """Pay whatever waits in ``user``'s carts from the balance, through the panel's own functions: the old cart
        with ``basket&clicked_button=free`` (E14, E15), the new one with ``cartorder.create.confirm`` (E4; on panel 5
        only Dragon orders are there). Returns the ids of the services paid for: the old cart's ``item.id`` of every line
        (ordered, changed or renewed), then the services the new cart's payment made, found as new ids in their types'
        lists (its answer names none, real-panels-2 §1.5); raises SimulatorError when a payment is refused."""
        created = []
        basket = self.call('basket', user=user)['doc']
        old_lines = as_list(basket['list'].get('elem')) if 'list' in basket else []
        if old_lines:
            self._checked(self.call('basket', user=user, clicked_button='free', sok='ok'), 'basket')
            created += [int(line['item.id']['$']) for line in old_lines]
        call = self.call if self.panel >= 6 else self.call_dragon
        new_lines = as_list(_named_list(call('cart', user=user)['doc'], 'lineitems').get('elem'))
        if new_lines:
            elid = ', '.join(line['id']['$'] for line in new_lines)
            types = sorted({line['item.type']['$'] for line in new_lines})
            before = {item_type: self._listed_ids(user, item_type) for item_type in types}
            self._checked(call('cartorder.create.confirm', user=user, elid=elid, paymethod_id=0, sok='ok'), 'cartorder.create.confirm')
            created += sorted(service_id for item_type in types
                              for service_id in self._listed_ids(user, item_type) - before[item_type])
        return created

    def _listed_ids(self, user, item_type):
        """The ids of ``user``'s services of ``item_type``, as its plain list shows them."""
        return {int(elem['id']['$']) for elem in as_list(self.call(item_type, user=user, p_cnt=100000)['doc'].get('elem'))}

    @staticmethod
    def _checked(answer, func):
        doc = answer['doc']
        if 'error' in doc:
            raise SimulatorError('%s failed: %s' % (func, doc['error']['msg']['$']))
        return doc

    # -- test control ------------------------------------------------------------------------
    def set_fault(self, func, kind, count=1, seconds=None):
        params = {'target': func, 'kind': kind, 'count': count}
        if seconds is not None:
            params['seconds'] = seconds
        self._control('sim.fault', **params)

    def clear_faults(self, func=None):
        params = {'kind': 'clear'}
        if func:
            params['target'] = func
        self._control('sim.fault', **params)

    def counters(self):
        """What the panel was asked since the last reset.

        ``requests`` and ``func`` are the calls made in a session, what an operation costs; the logins
        that open sessions (``func=auth``) are counted apart, in ``logins`` (with authinfo logins) and
        ``auth_requests``, as connections and TLS handshakes are.
        """
        doc = self._control('sim.counters')
        result = {name: int(doc[name]['$']) for name in ('requests', 'connections', 'tls_handshakes', 'elems', 'logins')}
        for node_name, key in (('func', 'func'), ('confirmed_func', 'confirmed'), ('user', 'user'), ('auth_failure', 'auth_failures'),
                               ('elem_func', 'elems_by_func'), ('fault_hit', 'faults_hit'), ('login', 'logins_by_user')):
            result[key] = {item['$name']: int(item['$']) for item in as_list(doc.get(node_name))}
        result['auth_requests'] = result['func'].pop('auth', 0)
        result['requests'] -= result['auth_requests']
        return result

    def reset_counters(self):
        self._control('sim.counters.reset')

    def advance_clock(self, seconds):
        doc = self._control('sim.clock', advance=seconds)
        return doc['today']['$']

    def account(self, name):
        """Balance (RUB, float) and expenses of a client account."""
        doc = self._control('sim.account', name=name)
        expenses = [{key: value.get('$') for key, value in item.items()} for item in as_list(doc.get('expense'))]
        return {'balance': float(doc['balance']['$']), 'expenses': expenses}

    def set_balance(self, name, rub):
        self._control('sim.account', name=name, balance=rub)

    def set_credit_limit(self, name, rub):
        """How far below zero the account's balance may go (RUB); returns the limit now set."""
        return float(self._control('sim.account', name=name, creditlimit=rub)['creditlimit']['$'])

    def set_processing_delay(self, seconds):
        """How long a service ordered from now on stays in processing (seconds); sim.reset puts back the delay it started with."""
        doc = self._control('sim.processing', delay=seconds)
        return float(doc['delay']['$'])

    def add_payment(self, name, rub, status=4):
        """Record a top-up payment of the client account ``name`` in state ``status`` (E25 codes; 4 credited adds it to the
        balance), as sim.payment does; returns its id."""
        return int(self._control('sim.payment', name=name, amount=rub, status=status)['id']['$'])

    def save_filter(self, user, itemtype, **fields):
        """Save ``user``'s filter of the ``itemtype`` list (sim.filter), as TYPE.filter&sok=ok would; no fields clear it."""
        self._control('sim.filter', name=user, itemtype=itemtype, **fields)

    def expire_sessions(self):
        """End every session now (sim.sessions expire=all); returns how many there were."""
        return int(self._control('sim.sessions', expire='all')['sessions']['$'])

    def suspend_as_panel(self, elid, reason='employee'):
        """Suspend a service as the panel does (sim.suspend): ``employee`` (staff), ``abuse`` or ``auto`` (an unpaid expiry)."""
        return self._control('sim.suspend', elid=elid, reason=reason)['item_status']['$']

    def reset(self):
        """Back to the freshly seeded demo (database, clock, faults, counters) without a restart."""
        self._control('sim.reset')


def start_simulator(workdir, *, tls=False, processing_delay=0.0, faults=(), users=(), populate=None, slow_seconds=None, panel=5,
                    seed_file=None, shapes=None, **switches):
    """Start a simulator with its database in ``workdir`` (created if needed) on a free port and wait until it answers.

    panel: 5 (the old cart only) or 6 (BILLmanager 6: also the new cart, v2 orders by E20's rules).
    faults: "FUNC:KIND[:COUNT]" strings or tuples; users: "NAME=PASSWORD" strings or pairs (extra clients);
    populate: e.g. {'account': 'alice', 'vds': 5000} to add active services in bulk first.
    seed_file: a seed file (seedfile.py): its catalogue and users instead of the demo ones (a bad file raises
    seedfile.SeedFileError here).
    switches: the per-run rules of switches.RunSwitches, e.g. renewal_window=60, authinfo_allow=['127.0.0.1/32'],
    totp_users=['bob'], captcha_from=['127.0.0.0/8'], captcha_users=['alice'] (unknown names are a TypeError here, not a
    failed start).
    """
    unknown = set(switches) - set(SWITCH_NAMES)
    if unknown:
        # real_filters was a switch until real filter forms became what every run has.
        hint = '; real_filters is gone: every run has real filter forms' if 'real_filters' in unknown else ''
        raise TypeError('unknown simulator switches: %s%s' % (', '.join(sorted(unknown)), hint))
    options = {'tls': tls, 'processing_delay': processing_delay, 'faults': tuple(faults), 'users': tuple(users),
               'slow_seconds': slow_seconds, 'panel': panel, 'seed_file': seed_file, 'shapes': shapes}
    options.update(switches)
    sim = RunningSimulator(workdir, options)
    if populate:
        os.makedirs(sim.workdir, exist_ok=True)
        command = [sys.executable, '-m', 'billmgr_sim', 'populate', '--db', sim.db_path]
        for name, value in populate.items():
            command += ['--' + name, str(value)]
        subprocess.run(command, check=True, capture_output=True)
    return sim.start()
