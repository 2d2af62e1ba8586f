"""Command line: ``billmgr-sim [serve] OPTIONS`` or ``billmgr-sim populate ...`` (also ``python -m billmgr_sim``)."""

import argparse
import errno
import logging
import os
import signal
import sqlite3
import ssl
import subprocess
import sys
import threading

from . import __version__, faults, seed, seedfile, shapes, switches
from .app import Application
from .handlers.control import MAX_PROCESSING_SECONDS, MAX_SLOW_SECONDS
from .passwords import check_password
from .populate import BULK_TARIFFS, MAX_BULK, PopulateError, populate
from .switches import SWITCH_NAMES
from .httpserver import PATHS, AccessLog, SimulatorServer
from .tlscert import ensure_self_signed


PROG = 'billmgr-sim'
COMMANDS = ('serve', 'populate')


class Parser(argparse.ArgumentParser):
    """A usage error is one line, ``billmgr-sim: error: ...`` with exit status 2, like every other error of the
    command (argparse's own is the usage and then ``billmgr-sim serve: error: ...``)."""

    def error(self, message):
        self.exit(2, '%s: error: %s\n' % (PROG, message))


def log_paths(db_path):
    """The access log and the event log live next to the database."""
    stem = os.path.splitext(os.path.abspath(db_path))[0]
    return stem + '.access.log', stem + '.events.log'


def user_pair(text):
    name, sep, password = text.partition('=')
    if not sep or not name or not password:
        raise argparse.ArgumentTypeError('expected NAME=PASSWORD')
    return name, password


def fault_spec(text):
    try:
        return faults.parse_spec(text)
    except faults.FaultSpecError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def host(text):
    """A host name or address as the socket module encodes it (IDNA), so that a name it cannot encode, such as one
    with a label over 63 characters, is a usage error instead of a traceback from bind; nothing is looked up here."""
    try:
        text.encode('idna')
    except UnicodeError as exc:
        raise argparse.ArgumentTypeError('%r is not a host name: %s' % (text, exc)) from exc
    return text


def checked_by(parse, what):
    """An argparse type that checks a value as switches.RunSwitches reads it (``parse``), so that a bad one is a usage
    error and not a traceback; ``what`` names the value in the help."""
    def check(text):
        try:
            parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc
        return text
    check.__name__ = what
    return check


# A CIDR, and NAME or NAME=BASE32SECRET (a secret that is no base32 is refused).
network = checked_by(switches.parse_network, 'network')
totp_user = checked_by(switches.parse_totp_user, 'totp_user')


def number_from(kind, minimum, maximum, what):
    """An argparse type: a number of ``kind`` (int or float) from ``minimum`` to ``maximum``. NaN and the infinities
    are refused by the comparison: time.sleep and SQLite take neither, nor a negative time or count."""
    def convert(text):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError('%s from %s to %s, got %r' % (what, minimum, maximum, text))
        return value
    return convert


def add_serve_arguments(parser):
    listen = parser.add_argument_group('where it listens')
    listen.add_argument('--host', type=host, default='127.0.0.1', help='the address to listen on (default 127.0.0.1)')
    listen.add_argument('--port', type=number_from(int, 0, 65535, 'a port'), default=1500,
                        help='the port (default 1500); 0 picks a free one, which the first output line names')
    state = parser.add_argument_group('state')
    state.add_argument('--db', required=True, metavar='PATH',
                       help='the SQLite file (required): a new one is created and seeded, an existing one used as it is; '
                            'the access log and the events log are written next to it')
    state.add_argument('--seed', metavar='FILE.yml',
                       help="a seed file: a new database gets its tariffs, add-ons, datacenters and users instead of the "
                            "demo catalogue, users and services (see the simulator's README, 'Seed files')")
    state.add_argument('--user', action='append', type=user_pair, default=[], metavar='NAME=PASSWORD',
                       help='one more client with an account of its own and a balance of 100000 RUB (repeatable)')
    tls = parser.add_argument_group('TLS')
    tls.add_argument('--tls', action='store_true',
                     help='serve HTTPS with a self-signed certificate made with openssl next to the database '
                          '(billmgr_sim.crt, reused later; trust it as the CA bundle), unless --cert/--key are given')
    tls.add_argument('--cert', metavar='FILE', help='with --tls: your own certificate (PEM) instead')
    tls.add_argument('--key', metavar='FILE', help='with --tls --cert: its private key (PEM), when not in the --cert file')
    behaviour = parser.add_argument_group('behaviour')
    behaviour.add_argument('--shapes', metavar='REPORT',
                           help='a billmgr_panel_info report (ispsystem.billmgr.check_panel): imitate the panel it describes, '
                                'its generation and the switches below that model its differences (flags given here add to '
                                'them; --panel given here wins)')
    behaviour.add_argument('--panel', type=int, choices=(5, 6), default=None,
                           help='the panel generation to imitate: 5 (the old cart, basket, only; default) or 6 '
                                '(also the new cart, cart, and the v2 order rules of BILLmanager 6)')
    behaviour.add_argument('--processing-delay', type=number_from(float, 0, MAX_PROCESSING_SECONDS, 'seconds'), default=3.0,
                           metavar='SECONDS', help='how long a new service stays in processing (status 5) before it is '
                                                   'active (default 3, at most %d)' % MAX_PROCESSING_SECONDS)
    behaviour.add_argument('--fault', action='append', type=fault_spec, default=[], metavar='FUNC:KIND[:COUNT]',
                           help='arm a fault for the next COUNT (default 1) calls of FUNC (repeatable); KIND is one of '
                                + ', '.join(faults.KINDS))
    behaviour.add_argument('--slow-seconds', type=number_from(float, 0, MAX_SLOW_SECONDS, 'seconds'), default=3.0,
                           metavar='SECONDS', help='how long the "slow" fault sleeps (default 3, at most %d)' % MAX_SLOW_SECONDS)
    add_switch_arguments(parser.add_argument_group('rules of some real panels (all off by default)'))


def add_switch_arguments(parser):
    """The per-run rules of switches.RunSwitches (all off by default)."""
    parser.add_argument('--multi-ip', action='store_true', help='services 958 and 1065 also get an IPv6 address (real-panels 5.8)')
    parser.add_argument('--timed-daily', action='store_true', help='daily services expire at a time of day (real-panels 6.2)')
    parser.add_argument('--item-real-status', action='store_true',
                        help='rows of odd ids leave out status and item_status, the code in item_real_status (real-panels-2 9.4)')
    parser.add_argument('--renewal-window', type=number_from(int, 0, switches.MAX_RENEWAL_WINDOW, 'days'), metavar='DAYS',
                        help='service.prolong only within DAYS of the expiry (real-panels 10.2; at most %d)'
                             % switches.MAX_RENEWAL_WINDOW)
    parser.add_argument('--authinfo-allow', action='append', type=network, default=[], metavar='CIDR', dest='authinfo_allow',
                        help='per-request authinfo only from these networks (repeatable; real-panels 1.3)')
    parser.add_argument('--totp-user', action='append', type=totp_user, default=[], metavar='NAME[=BASE32SECRET]',
                        dest='totp_users',
                        help='a user with two-factor authentication: its func=auth session answers every data function '
                             'with ok "func=totp.confirm" until totp.confirm gets the code of SECRET (NAME alone: a fixed '
                             'secret made from the name, printed at the start) (repeatable; real-panels-2 12.3, E24, E5)')
    parser.add_argument('--close-at-period-end', action='store_true',
                        help='a deletion is scheduled for the end of the paid period (real-panels-2 13)')
    parser.add_argument('--ignore-admin-fields', action='store_true',
                        help="a client's admin-only edit fields are ignored instead of refused (real-panels 9.2)")
    parser.add_argument('--edit-without-price', action='store_true',
                        help='TYPE.edit without sok shows no price (orderinfo) for an add-on change (real-panels 4.4)')
    parser.add_argument('--summary-without-total', action='store_true',
                        help='order forms show the price only in parts (pricelist_summary), without total_summary and '
                             'orderinfo (E3)')
    parser.add_argument('--autoprolong-without-price', action='append', type=number_from(int, 1, 2 ** 63 - 1, 'a tariff id'),
                        default=[], metavar='TARIFF', dest='autoprolong_without_price',
                        help="the edit form's auto-renewal choices of this tariff's services show no price (repeatable; "
                             'real-panels-2 2.7)')
    parser.add_argument('--captcha-from', action='append', type=network, default=[], metavar='CIDR', dest='captcha_from',
                        help='password logins from these networks fail the captcha (repeatable; real-panels 1.6)')
    parser.add_argument('--captcha-user', action='append', default=[], metavar='NAME', dest='captcha_users',
                        help='password logins of this user fail the captcha (repeatable; real-panels 1.6)')


def switches_of(args):
    return {name: getattr(args, name) for name in SWITCH_NAMES}


def apply_shapes(args):
    """Fold a ``--shapes`` report into ``args`` (its generation unless --panel is given, its switches added to the flags);
    the differences no switch models, for the banner. Without a report, only the default generation is set."""
    unmapped = []
    if getattr(args, 'shapes', None):
        try:
            generation, wanted, unmapped = shapes.run_options(shapes.load(args.shapes))
        except shapes.ShapesError as exc:
            raise StartError(str(exc)) from exc
        if args.panel is None:
            args.panel = generation
        for name, value in wanted.items():
            given = getattr(args, name)
            if isinstance(given, list):
                setattr(args, name, given + [item for item in value if item not in given])
            elif not given:
                setattr(args, name, value)
    if args.panel is None:
        args.panel = 5
    return unmapped


def banner_lines(host, panel):
    """The banner's first lines: the URL with the API path of the generation served (BILLmanager 6 ``/billmgr``, 5
    ``/manager/billmgr``, as docs/connecting.md gives them), that generation, and the other path, which answers alike."""
    own, other = (PATHS[0], PATHS[1]) if panel == 6 else (PATHS[1], PATHS[0])
    return ['BILLmanager simulator listening on %s%s' % (host, own),
            '  panel: answers as BILLmanager %d, whose API path that is%s'
            % (panel, ' (--panel 6: BILLmanager 6, with the new cart and its v2 order rules, on %s)' % PATHS[0] if panel == 5 else ''),
            '  also on %s%s (the path of BILLmanager %d): both paths answer alike' % (host, other, 5 if panel == 6 else 6)]


def add_populate_arguments(parser):
    parser.add_argument('--db', required=True, metavar='PATH', help='the SQLite file (created and seeded with the demo when missing)')
    parser.add_argument('--account', default='alice', help="the client account that owns the services (default alice)")
    for itemtype in ('vds', 'dedic', 'vhost', 'soft'):
        parser.add_argument('--' + itemtype, type=number_from(int, 0, MAX_BULK, 'a count'), default=0, metavar='N',
                            help='add N (at most %d) active %s services of demo tariff %d'
                                 % (MAX_BULK, itemtype, BULK_TARIFFS[itemtype]))


def build_parser():
    parser = Parser(
        prog=PROG, formatter_class=argparse.RawDescriptionHelpFormatter,
        description='A BILLmanager API simulator: a real HTTP(S) server with its state in SQLite that answers like a '
                    'BILLmanager panel,\nto test playbooks, roles and the ispsystem.billmgr collection without a panel.',
        epilog='Without a command the options are those of serve: `%(prog)s --db sim.sqlite` = `%(prog)s serve --db sim.sqlite`.\n'
               'Seeded demo users: admin/Adm-2f9c (admin), alice/Ali-6b1d and bob/Bob-8e4a (clients; passwords that are no\n'
               'words, which Ansible would mask inside other words).\n'
               'Faults and the clock can also be set while it runs, through its control functions (see its README).')
    parser.add_argument('--version', action='version', version='%(prog)s ' + __version__)
    commands = parser.add_subparsers(dest='command', metavar='COMMAND')
    serve_command = commands.add_parser(
        'serve', help='start the simulator and serve until SIGTERM or Ctrl-C (the default command)',
        description='Start the simulator and serve until SIGTERM or SIGINT (Ctrl-C), then exit 0. It prints the URL, '
                    'the database, the logs, the CA certificate (with --tls) and the users first.')
    add_serve_arguments(serve_command)
    serve_command.set_defaults(run=serve)
    populate_command = commands.add_parser(
        'populate', help='add active services in bulk to a database (for benchmarks)',
        description='Add active services with addresses and their tariff\'s default add-ons to one account, in bulk.')
    add_populate_arguments(populate_command)
    populate_command.set_defaults(run=run_populate)
    return parser


def setup_logging(events_log):
    handler = logging.FileHandler(events_log, encoding='utf-8')
    handler.setFormatter(logging.Formatter('%(asctime)s %(levelname)s %(message)s'))
    logger = logging.getLogger('billmgr_sim')
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


class StartError(Exception):
    """Why a command cannot run (the simulator start, populate): one line for the user, no traceback."""


def database_path(db):
    """The absolute path of ``--db``, its directory made; StartError when it cannot be a database file."""
    db_path = os.path.abspath(db)
    if os.path.isdir(db_path):
        raise StartError('the database %s is a directory, not a file' % db_path)
    try:
        os.makedirs(os.path.dirname(db_path), exist_ok=True)
    except OSError as exc:
        raise StartError('cannot create the directory of the database %s: %s' % (db_path, exc.strerror or exc)) from exc
    return db_path


def database_error(db_path, exc):
    return StartError('cannot use the database %s: %s' % (db_path, getattr(exc, 'strerror', None) or exc))


def check_users(args, panel_seed):
    seeded_names = {user[0] for user in seed.seeded_users(panel_seed)}
    given = set()
    for name, _password in args.user:
        if name in seeded_names:
            raise StartError('--user %s: a seeded user already has that name' % name)
        if name in given:  # else the second is a failed write of the new database
            raise StartError('--user %s: given twice' % name)
        given.add(name)


def open_application(args):
    """The Application on the database of ``args``, or StartError when the database cannot be used."""
    panel_seed = None
    if args.seed:
        try:
            panel_seed = seedfile.load(args.seed)
        except seedfile.SeedFileError as exc:
            raise StartError(str(exc)) from exc
    check_users(args, panel_seed)
    db_path = database_path(args.db)
    try:
        app = Application(db_path, processing_delay=args.processing_delay, slow_seconds=args.slow_seconds,
                          extra_users=args.user, panel=args.panel, panel_seed=panel_seed, **switches_of(args))
        # An existing database is only read when opened: make sure it can be written before serving.
        app.conn.execute('BEGIN IMMEDIATE')
        app.conn.execute('ROLLBACK')
        setup_logging(log_paths(db_path)[1])
    except (OSError, sqlite3.Error) as exc:
        raise database_error(db_path, exc) from exc
    return app


def run_populate(args):
    db_path = database_path(args.db)
    try:
        return populate(db_path, args.account, {itemtype: getattr(args, itemtype) for itemtype in BULK_TARIFFS})
    except PopulateError as exc:
        raise StartError(str(exc)) from exc
    except (OSError, sqlite3.Error) as exc:
        raise database_error(db_path, exc) from exc


def bind(args):
    """The listening server (its app set later), or StartError when the address cannot be had."""
    try:
        return SimulatorServer((args.host, args.port), None, None)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise StartError('port %d on %s is already in use (another simulator? --port 0 picks a free port)'
                             % (args.port, args.host)) from exc
        raise StartError('cannot listen on %s:%d: %s' % (args.host, args.port, exc.strerror or exc)) from exc


def tls_context(args):
    """(SSL context, certificate path) for --tls, or (None, None); StartError when there is no usable certificate."""
    if not args.tls:
        return None, None
    if args.cert:
        cert, key = args.cert, args.key
    else:
        try:
            cert, key = ensure_self_signed(os.path.dirname(os.path.abspath(args.db)), args.host)
        except (OSError, subprocess.CalledProcessError) as exc:
            reason = getattr(exc, 'strerror', None) or (exc.stderr or b'').decode(errors='replace').strip() or exc
            raise StartError('cannot make a certificate with openssl: %s' % str(reason).splitlines()[-1]) from exc
    ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        ssl_context.load_cert_chain(cert, key or None)
    except (OSError, ssl.SSLError) as exc:
        raise StartError('cannot load the certificate %s: %s' % (cert, getattr(exc, 'strerror', None) or exc)) from exc
    return ssl_context, cert


def user_lines(app, args):
    """The banner's users, read from the database: a start never announces users it does not have. A password is
    shown where it is a demo or --user one that the database takes (a seed file's passwords are the user's own)."""
    known = dict(args.user)
    if app.panel_seed is None or app.panel_seed.users is None:
        known.update((name, password) for name, password, _admin, _balance in seed.seeded_users())
    lines = []
    for row in app.conn.execute('SELECT name, level, password_hash, salt FROM user ORDER BY id'):
        role = 'admin' if row['level'] >= seed.ADMIN_LEVEL else 'client'
        password = known.get(row['name'])
        if password is not None and check_password(password, row['password_hash'], row['salt']):
            lines.append('  %s: %s / %s' % (role, row['name'], password))
        else:
            lines.append('  %s: %s' % (role, row['name']))
    return lines or ['  users: none']


def two_factor_lines(app):
    """The two-factor users and their secrets, so that a person can add them to an authenticator app."""
    return ['  two-factor: %s, totp secret %s' % (name, secret) for name, secret in app.switches.totp_users]


def serve(args):
    if (args.cert or args.key) and not args.tls:
        raise StartError('--cert and --key need --tls')
    unmapped = apply_shapes(args)
    server = bind(args)
    app = None
    try:
        app = open_application(args)
        ssl_context, cert = tls_context(args)
    except StartError:
        server.server_close()
        if app is not None:
            app.close()
        raise
    access_path, _events_path = log_paths(app.db_path)
    for target, kind, count in args.fault:
        app.faults.add(target, kind, count)
    access_log = AccessLog(access_path)
    server.app, server.access_log, server.ssl_context = app, access_log, ssl_context
    scheme = 'https' if args.tls else 'http'
    port = server.server_address[1]
    app.host = '%s://%s:%d' % (scheme, args.host, port)

    def stop(signum, frame):  # pylint: disable=unused-argument
        threading.Thread(target=server.shutdown, daemon=True).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    for line in banner_lines(app.host, args.panel):
        print(line)
    print('  switches: %s' % (', '.join(name for name, value in switches_of(args).items() if value) or 'none'))
    if args.shapes:
        print('  shapes of: %s%s' % (os.path.abspath(args.shapes), '; not modelled: %s' % '; '.join(unmapped) if unmapped else ''))
    print('  database: %s' % app.db_path)
    if app.panel_seed is not None:
        print('  seed file: %s' % os.path.abspath(args.seed))
    print('  access log: %s' % access_path)
    if cert:
        print('  CA certificate: %s' % os.path.abspath(cert))
    for line in user_lines(app, args) + two_factor_lines(app):
        print(line)
    sys.stdout.flush()
    try:
        # A stop waits for the loop's next wake-up: 50 ms, as a test stops a simulator after each of its cases.
        server.serve_forever(poll_interval=0.05)
    finally:
        server.server_close()
        app.close()
        access_log.close()
    return 0


def main(argv=None):
    """``billmgr-sim COMMAND ...`` (and ``python -m billmgr_sim``): the exit status; errors are one line on stderr."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv:
        parser.print_help(sys.stderr)
        return 2
    if argv[0] not in COMMANDS and argv[0] not in ('-h', '--help', '--version'):
        argv.insert(0, 'serve')
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except StartError as exc:
        print('%s: error: %s' % (PROG, exc), file=sys.stderr)
        return 2
