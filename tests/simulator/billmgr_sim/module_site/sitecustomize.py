# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test-only: what the ansible runs of billmgr_sim.playbook.AnsibleRunner change in the Python processes they start.

AnsibleRunner puts this directory on PYTHONPATH; nothing else does, and the collection has no knob
for either change. Both act only when their variable is set:

BILLMGR_TEST_BYTECODE_CACHE=DIR
    A module runs from the zip AnsiballZ sends, and Python compiles every file imported from a zip
    on every run (zipimport writes no .pyc): a quarter of a module process's CPU time. The code compiled is kept
    in DIR, keyed by the file's path in the zip and its exact source, so a run gets what its own
    compile would have given; the file name in tracebacks stays the run's own.
BILLMGR_TEST_CLOCK_SCALE=N
    In a module process ``time.sleep(s)`` sleeps s/N real seconds and ``time.monotonic`` runs N times
    as fast, so a module's backoff and the timeouts it measures shrink together: it polls as often,
    by its own clock, in 1/N of the real time. The simulator keeps real time, so its processing is
    not sped up. The ansible commands keep the real clock: their workers poll with short sleeps.
BILLMGR_TEST_LOOPBACK_ONLY=FILE
    Network guard: a connect() or a name look-up outside loopback (127.0.0.0/8, ::1, ``localhost``)
    fails with ENETUNREACH and is written to FILE, one line each, so a test that swallows the error
    still sees it. Unix sockets are not touched. ``python sitecustomize.py ssh ARGS...`` is the
    ssh a guarded run gives Ansible (ANSIBLE_SSH_EXECUTABLE): it connects nowhere, writes a host
    outside loopback to FILE, and exits 255 as ssh does when a host cannot be reached.
"""

# Only what Python has loaded before site runs: this file is imported by every process of a run.
import marshal
import os
import sys
import time
import zipimport

BYTECODE_CACHE_VARIABLE = 'BILLMGR_TEST_BYTECODE_CACHE'
CLOCK_SCALE_VARIABLE = 'BILLMGR_TEST_CLOCK_SCALE'


def _with_filename(code, filename):
    """``code`` (and the functions and classes it defines) as if compiled from ``filename``."""
    consts = tuple(_with_filename(const, filename) if isinstance(const, type(code)) else const for const in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def install_bytecode_cache(directory):
    """Keep what zipimport compiles in ``directory``."""
    compile_source = zipimport._compile_source  # pylint: disable=protected-access

    def cached_compile_source(pathname, source):
        import hashlib  # pylint: disable=import-outside-toplevel  # only once a zip import needs it
        # The zip's own path is new on every run (a temporary directory): the key is the path inside it.
        inner = pathname.rpartition('.zip' + os.sep)[2]
        key = hashlib.sha256(b'\0'.join((sys.version.encode(), inner.encode('utf-8', 'surrogateescape'), source))).hexdigest()
        path = os.path.join(directory, key)
        try:
            with open(path, 'rb') as cached:
                return _with_filename(marshal.loads(cached.read()), pathname)
        except (OSError, ValueError, EOFError, TypeError):
            pass
        code = compile_source(pathname, source)
        partial = '%s.%d.tmp' % (path, os.getpid())
        try:
            with open(partial, 'wb') as cached:
                cached.write(marshal.dumps(code))
            os.replace(partial, path)  # whole or not at all, whatever runs beside this one
        except OSError:
            pass
        return code

    zipimport._compile_source = cached_compile_source  # pylint: disable=protected-access


def install_fast_clock(scale):
    """Replace time.sleep and time.monotonic by clocks ``scale`` times as fast."""
    real_sleep = time.sleep
    real_monotonic = time.monotonic
    origin = real_monotonic()

    def sleep(seconds):
        real_sleep(seconds / scale)

    def monotonic():
        return origin + (real_monotonic() - origin) * scale

    time.sleep = sleep
    time.monotonic = monotonic


LOOPBACK_VARIABLE = 'BILLMGR_TEST_LOOPBACK_ONLY'
LOCAL_NAMES = ('localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback')
# ssh's options that take a value: the first word after the options that is not one of their values is the host.
SSH_OPTIONS_WITH_VALUE = frozenset('BbcDEeFIiJLlmOopQRSWw')


def is_loopback(host):
    """True for a loopback address or a name that is one by definition; False for any other name or address."""
    import ipaddress  # pylint: disable=import-outside-toplevel  # only in guarded runs
    if host is None:
        return True  # getaddrinfo(None, port): the local host's own wildcard or loopback address
    if isinstance(host, bytes):
        host = host.decode('ascii', 'replace')
    host = str(host).strip('[]').split('%', 1)[0]
    if host.lower().rstrip('.') in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_address(host):
    """An address written as such: a look-up of it asks no name server (its connection is checked on connect)."""
    import ipaddress  # pylint: disable=import-outside-toplevel  # only in guarded runs
    try:
        ipaddress.ip_address((host.decode('ascii', 'replace') if isinstance(host, bytes) else str(host)).strip('[]').split('%', 1)[0])
    except ValueError:
        return False
    return True


def _record(path, what):
    with open(path, 'a', encoding='utf-8') as record:
        record.write('%d %s: %s\n' % (os.getpid(), os.path.basename(sys.argv[0] if sys.argv else '?'), what))


def install_loopback_guard(path):
    """Make every connect() and name look-up of this process outside loopback fail, and write it to ``path``."""
    import errno  # pylint: disable=import-outside-toplevel  # only in guarded runs
    import socket  # pylint: disable=import-outside-toplevel

    def refuse(what):
        _record(path, what)
        return OSError(errno.ENETUNREACH, 'the test network guard (%s) refuses %s: tests stay on loopback' % (LOOPBACK_VARIABLE, what))

    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host, *args, **kwargs):
        if not is_loopback(host) and not _is_address(host):
            raise refuse('a look-up of %r' % (host,))
        return real_getaddrinfo(host, *args, **kwargs)

    def check(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
            raise refuse('a connection to %r' % (address,))

    def connect(self, address):
        check(self, address)
        return real_connect(self, address)

    def connect_ex(self, address):
        check(self, address)
        return real_connect_ex(self, address)

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    for name in ('gethostbyname', 'gethostbyname_ex'):
        real = getattr(socket, name)
        setattr(socket, name, _guarded_lookup(real, refuse))


def _guarded_lookup(real, refuse):
    def lookup(host, *args):
        if not is_loopback(host) and not _is_address(host):
            raise refuse('a look-up of %r' % (host,))
        return real(host, *args)
    return lookup


def fake_ssh(args):
    """What ssh would have connected to, refused: the exit status 255 of an unreachable host."""
    host, skip = None, False
    for arg in args:
        if skip:
            skip = False
        elif arg.startswith('-') and len(arg) > 1:
            skip = arg[-1] in SSH_OPTIONS_WITH_VALUE and len(arg) == 2
        else:
            host = arg
            break
    host = host.rpartition('@')[2] if host else host
    if not is_loopback(host) and os.environ.get(LOOPBACK_VARIABLE):
        _record(os.environ[LOOPBACK_VARIABLE], 'an ssh connection to %r' % (host,))
    sys.stderr.write('ssh: connect to host %s port 22: refused by the test network guard (%s)\n' % (host, LOOPBACK_VARIABLE))
    return 255


def _clock_scale():
    try:
        scale = float(os.environ.get(CLOCK_SCALE_VARIABLE, ''))
    except ValueError:
        return None
    return scale if scale > 0 else None


def _is_ansible_command():
    return os.path.basename(sys.argv[0] if sys.argv else '').startswith('ansible')


if os.path.isdir(os.environ.get(BYTECODE_CACHE_VARIABLE, '')) and hasattr(zipimport, '_compile_source'):
    install_bytecode_cache(os.environ[BYTECODE_CACHE_VARIABLE])
if _clock_scale() and not _is_ansible_command():
    install_fast_clock(_clock_scale())
if os.environ.get(LOOPBACK_VARIABLE):
    install_loopback_guard(os.environ[LOOPBACK_VARIABLE])
if __name__ == '__main__' and sys.argv[1:2] == ['ssh']:
    sys.exit(fake_ssh(sys.argv[2:]))
