# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: what a look-up by remoteid, domain and id costs on an account with many services, with real filters.

    .venv/bin/python tests/perf/bench_lookup.py                 # 5,000 VPS
    .venv/bin/python tests/perf/bench_lookup.py --services 20000

Real filter forms have no ``remoteid`` or ``domain`` field (real-panels.md 5.3, E5), and the
simulator has only those forms, so such a look-up lists the whole account and matches
here, while a look-up by ``id`` is one small request. One no-change ``billmgr_service`` task per
identity; the simulator counts requests (logins apart), list elements returned and pages. Prints
a table; not a pass/fail test.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _common import AnsibleRunner, named_task, start_simulator


def measure(runner, sim, name, body):
    sim.reset_counters()
    started = time.monotonic()
    run = runner.tasks(named_task(name, body))
    took = time.monotonic() - started
    result = run.task(name)
    assert result.get('changed') is False and result['service'], result
    counters = sim.counters()
    return {'identity': name, 'requests': counters['requests'], 'logins': counters['logins'],
            'elements': counters['elems_by_func'].get('vds', 0), 'seconds': took, 'funcs': counters['func']}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--services', type=int, default=5000, help='VPS in the account (default 5000)')
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sim = start_simulator(Path(tmp) / 'sim', populate={'account': 'alice', 'vds': args.services})
        try:
            runner = AnsibleRunner(Path(tmp), sim)
            # The newest service: last in the account's list, the worst case for a look-up that pages.
            service_id = sim.order_now('vds', 'alice', pricelist=6, datacenter=1, remoteid='bench-last', domain='bench-last.test')
            rows = [
                measure(runner, sim, 'by remoteid', 'ispsystem.billmgr.billmgr_service: {type: vds, remoteid: bench-last}'),
                measure(runner, sim, 'by domain', 'ispsystem.billmgr.billmgr_service: {type: vds, domain: bench-last.test}'),
                measure(runner, sim, 'by id', 'ispsystem.billmgr.billmgr_service: {type: vds, id: %d}' % service_id),
            ]
        finally:
            sim.stop()
    print('%d VPS in the account, real filters (no remoteid/domain filter field)' % args.services)
    print('| identity | requests | logins | list elements returned | wall |')
    print('| --- | --- | --- | --- | --- |')
    for row in rows:
        print('| %s | %d (%s) | %d | %d | %.1f s |' % (row['identity'], row['requests'], ', '.join(
            '%s %d' % pair for pair in sorted(row['funcs'].items())), row['logins'], row['elements'], row['seconds']))


if __name__ == '__main__':
    main()
