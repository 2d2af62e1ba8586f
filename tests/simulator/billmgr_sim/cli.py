"""Command line: ``python -m billmgr_sim [serve options]`` or ``python -m billmgr_sim populate ...``."""

import argparse
import logging
import os
import signal
import ssl
import sys
import threading

from . import faults, seed
from .app import Application
from .switches import SWITCH_NAMES
from .httpserver import PATHS, AccessLog, SimulatorServer
from .tlscert import ensure_self_signed


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


def serve_parser():
    parser = argparse.ArgumentParser(prog='python -m billmgr_sim', description='BILLmanager API simulator.')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=1500, help='0 picks a free port (the URL line says which)')
    parser.add_argument('--db', required=True, help='SQLite file; created and seeded when missing')
    parser.add_argument('--tls', action='store_true', help='serve HTTPS (self-signed certificate next to the db unless --cert/--key)')
    parser.add_argument('--cert')
    parser.add_argument('--key')
    parser.add_argument('--processing-delay', type=float, default=3.0, help='seconds a new service stays in processing (default 3)')
    parser.add_argument('--slow-seconds', type=float, default=3.0, help='how long the "slow" fault sleeps (default 3)')
    parser.add_argument('--fault', action='append', type=fault_spec, default=[], metavar='FUNC:KIND[:COUNT]')
    parser.add_argument('--panel', type=int, choices=(5, 6), default=5,
                        help='the panel generation to imitate: 5 (old cart only, default) or 6 (also the new cart)')
    add_switch_arguments(parser)
    parser.add_argument('--user', action='append', type=user_pair, default=[], metavar='NAME=PASSWORD', help='an extra client')
    return parser


def add_switch_arguments(parser):
    """The per-run rules of switches.RunSwitches (all off by default)."""
    parser.add_argument('--list-deleted', action='store_true', help='plain lists show deleted services too (real-panels 5.5)')
    parser.add_argument('--multi-ip', action='store_true', help='services 958 and 1065 also get an IPv6 address (real-panels 5.8)')
    parser.add_argument('--timed-daily', action='store_true', help='daily services expire at a time of day (real-panels 6.2)')
    parser.add_argument('--renewal-window', type=int, metavar='DAYS',
                        help='service.prolong only within DAYS of the expiry (real-panels 10.2)')
    parser.add_argument('--authinfo-allow', action='append', default=[], metavar='CIDR', dest='authinfo_allow',
                        help='per-request authinfo only from these networks (repeatable; real-panels 1.3)')
    parser.add_argument('--totp-user', action='append', default=[], metavar='NAME', dest='totp_users',
                        help='a user with two-factor authentication (repeatable; real-panels 1.5)')
    parser.add_argument('--ignore-admin-fields', action='store_true',
                        help="a client's admin-only edit fields are ignored instead of refused (real-panels 9.2)")
    parser.add_argument('--captcha-from', action='append', default=[], metavar='CIDR', dest='captcha_from',
                        help='password logins from these networks fail the captcha (repeatable; real-panels 1.6)')
    parser.add_argument('--captcha-user', action='append', default=[], metavar='NAME', dest='captcha_users',
                        help='password logins of this user fail the captcha (repeatable; real-panels 1.6)')


def switches_of(args):
    return {name: getattr(args, name) for name in SWITCH_NAMES}


def populate_parser():
    parser = argparse.ArgumentParser(prog='python -m billmgr_sim populate', description='Add active services in bulk.')
    parser.add_argument('--db', required=True)
    parser.add_argument('--account', default='alice')
    for itemtype in ('vds', 'dedic', 'vhost', 'soft'):
        parser.add_argument('--' + itemtype, type=int, default=0, metavar='N')
    return parser


def setup_logging(events_log):
    handler = logging.FileHandler(events_log, encoding='utf-8')
    handler.setFormatter(logging.Formatter('%(asctime)s %(levelname)s %(message)s'))
    logger = logging.getLogger('billmgr_sim')
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def serve(args):
    os.makedirs(os.path.dirname(os.path.abspath(args.db)), exist_ok=True)
    access_path, events_path = log_paths(args.db)
    setup_logging(events_path)
    app = Application(args.db, processing_delay=args.processing_delay, slow_seconds=args.slow_seconds, extra_users=args.user,
                      panel=args.panel, **switches_of(args))
    for target, kind, count in args.fault:
        app.faults.add(target, kind, count)
    ssl_context, cert = None, None
    if args.tls:
        cert, key = (args.cert, args.key) if args.cert else ensure_self_signed(os.path.dirname(os.path.abspath(args.db)), args.host)
        ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ssl_context.load_cert_chain(cert, key or None)
    access_log = AccessLog(access_path)
    server = SimulatorServer((args.host, args.port), app, access_log, ssl_context)
    scheme = 'https' if args.tls else 'http'
    port = server.server_address[1]
    app.host = '%s://%s:%d' % (scheme, args.host, port)

    def stop(signum, frame):  # pylint: disable=unused-argument
        threading.Thread(target=server.shutdown, daemon=True).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    print('BILLmanager simulator listening on %s%s' % (app.host, PATHS[0]))
    print('  also on %s%s' % (app.host, PATHS[1]))
    print('  panel: BILLmanager %d' % args.panel)
    print('  switches: %s' % (', '.join(name for name, value in switches_of(args).items() if value) or 'none'))
    print('  database: %s' % os.path.abspath(args.db))
    print('  access log: %s' % access_path)
    if cert:
        print('  CA certificate: %s' % os.path.abspath(cert))
    print('  admin: %s / %s' % seed.ADMIN)
    for name, password in seed.CLIENTS + tuple(args.user):
        print('  client: %s / %s' % (name, password))
    sys.stdout.flush()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        app.close()
        access_log.close()
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == 'populate':
        from .populate import populate  # pylint: disable=import-outside-toplevel
        return populate(populate_parser().parse_args(argv[1:]))
    if argv and argv[0] == 'serve':
        argv = argv[1:]
    return serve(serve_parser().parse_args(argv))
