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
