# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: TLS handshakes per module run, against requests per module run, counted by an HTTPS simulator.

    .venv/bin/python tests/perf/bench_tls.py
    .venv/bin/python tests/perf/bench_tls.py --delay 3 --json /tmp/tls.json

The simulator runs with ``tls=True`` (a self-signed certificate, given to the modules as
``ca_path``; certificates are verified) and a processing delay of ``--delay`` seconds, so an order
waits and polls several times. Each task runs in its own ``ansible-playbook`` (one module run),
with the simulator's counters reset before it: requests, TCP connections and TLS handshakes (less the
one connection the counters call itself opens, measured once at the start). The
target is one handshake (and one connection) per module run, however many requests it makes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from _common import AnsibleRunner, named_task, start_simulator

TASKS = (
    ('billmgr_service: create by names, wait', '''
        ispsystem.billmgr.billmgr_service:
          type: vds
          remoteid: tls-01
          pricelist: VPS Start
          datacenter: Frankfurt
          addons:
            RAM: 2048
     '''),
    ('billmgr_service: no change', '''
        ispsystem.billmgr.billmgr_service:
          type: vds
          remoteid: tls-01
     '''),
    ('billmgr_service: change add-ons', '''
        ispsystem.billmgr.billmgr_service:
          type: vds
          remoteid: tls-01
          addons:
            "11": 4096
     '''),
    ('billmgr_license: order, wait for the key', '''
        ispsystem.billmgr.billmgr_license:
          licname: tls-lic
          pricelist: ISPmanager Lite
          ip: 94.250.248.40
     '''),
    ('billmgr_prolong: until, 3 renewals', '''
        ispsystem.billmgr.billmgr_prolong:
          type: vds
          id: 958
          until: "{until}"
     '''),
    ('billmgr_service_info: 3 types, add-ons', '''
        ispsystem.billmgr.billmgr_service_info:
          with_addons: true
     '''),
    ('billmgr_pricelist_info: all, templates', '''
        ispsystem.billmgr.billmgr_pricelist_info: {{}}
     '''),
)


def until_after_renewals(sim, service_id, renewals):
    """A date that takes ``renewals`` one-month renewals of the service to reach (a few days past the one before)."""
    from billmgr_sim.clock import add_months  # pylint: disable=import-outside-toplevel
    import datetime  # pylint: disable=import-outside-toplevel
    expiry = datetime.date.fromisoformat(sim.call('vds.edit', elid=service_id)['doc']['expiredate']['$'])
    return (add_months(expiry, renewals - 1) + datetime.timedelta(days=3)).isoformat()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--delay', type=float, default=2.0, help='the simulator\'s processing delay in seconds')
    parser.add_argument('--json', help='also write the rows to this file')
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix='bench-tls-') as tmp:
        workdir = Path(tmp)
        with start_simulator(workdir / 'sim', tls=True, processing_delay=args.delay) as sim:
            runner = AnsibleRunner(workdir / 'run', sim)
            until = until_after_renewals(sim, 958, 3)
            # The counters call itself opens a connection (and makes a handshake) that it counts: measure it, subtract it.
            sim.reset_counters()
            own = sim.counters()
            for label, task in TASKS:
                sim.reset_counters()
                run = runner.tasks(named_task('task', task.format(until=until)), env={'BILLMGR_CA_PATH': sim.ca_path})
                counters = sim.counters()
                if run.rc != 0:
                    raise RuntimeError('%s failed:\n%r' % (label, run))
                handshakes = counters['tls_handshakes'] - own['tls_handshakes']
                rows.append({'task': label, 'requests': counters['requests'], 'connections': counters['connections'] - own['connections'],
                             'tls_handshakes': handshakes, 'ok': handshakes == 1})
    print('%-42s  %8s  %11s  %14s  %s' % ('task (one module run each)', 'requests', 'connections', 'TLS handshakes', 'target 1'))
    for row in rows:
        verdict = 'yes' if row['ok'] else 'NO'
        print('%-42s  %8d  %11d  %14d  %s' % (row['task'], row['requests'], row['connections'], row['tls_handshakes'], verdict))
    totals = (len(rows), sum(r['requests'] for r in rows), sum(r['tls_handshakes'] for r in rows))
    print('%d module runs, %d requests, %d TLS handshakes' % totals)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == '__main__':
    sys.exit(main())
