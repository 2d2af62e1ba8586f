# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: how long after the panel finishes processing does an order with ``wait: true`` return?

    .venv/bin/python tests/perf/bench_wait.py                       # processing delays 2, 5 and 10 s
    .venv/bin/python tests/perf/bench_wait.py --delays 2,5,10,30 --json /tmp/wait.json

For each processing delay D a simulator is started with ``processing_delay=D`` and one playbook
orders a VPS (``billmgr_service``, waits until it is active with its address) and then a license
(``billmgr_license``, waits for its key). The simulator's access log (millisecond timestamps, one
line per request) gives the moment of the order and of every poll, so the overshoot is measured
where it happens: the last poll (the one that saw the service ready, or the license's key) minus
(the order + D). The poll interval at that moment is the time between the last two polls. The
target: the overshoot is at most one poll interval (polls back off from 1 s, capped; no fixed long
sleep). ``span`` is the module's first request to its last: look-up, order, wait, read-back.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import tempfile
from pathlib import Path

from _common import AnsibleRunner, start_simulator

TASKS = '''\
    - name: service
      ispsystem.billmgr.billmgr_service:
        type: vds
        remoteid: wait-{delay}
        pricelist: 6
        datacenter: 1
        wait: true
        wait_timeout: 120
    - name: license
      ispsystem.billmgr.billmgr_license:
        licname: wait-{delay}
        pricelist: 3541
        ip: 94.250.248.{octet}
        period: 1
        wait: true
        wait_timeout: 120
'''

# (task, every function its module calls, the order, the polls that end the wait). The license
# module waits on its key (soft.edit), then reads the issued license back once (soft).
SIDES = (
    ('service', ('vds', 'v2.vds.order.param'), 'v2.vds.order.param', 'vds'),
    ('license', ('soft', 'pricelist.export', 'soft.checkip', 'soft.order.param', 'soft.edit'), 'soft.order.param', 'soft.edit'),
)


def read_access_log(path, user='alice'):
    """(time, func) of every request ``user`` made, in order."""
    requests = []
    for line in Path(path).read_text().splitlines():
        fields = line.split()
        values = dict(field.split('=', 1) for field in fields[4:] if '=' in field)
        if values.get('user') == user:
            requests.append((datetime.datetime.fromisoformat(fields[0]).timestamp(), values.get('func')))
    return requests


def analyse(requests, side, delay):
    """Overshoot and poll interval of one task, from its requests in the access log."""
    name, funcs, order_func, poll_func = side
    mine = [(stamp, func) for stamp, func in requests if func in funcs]
    orders = [stamp for stamp, func in mine if func == order_func]
    if len(orders) != 1:
        raise RuntimeError('expected one %s in the access log, found %d' % (order_func, len(orders)))
    polls = [stamp for stamp, func in mine if func == poll_func and stamp >= orders[0]]
    if not polls:
        raise RuntimeError('no %s poll after %s' % (poll_func, order_func))
    last = polls[-1]
    interval = last - (polls[-2] if len(polls) > 1 else orders[0])
    overshoot = last - (orders[0] + delay)
    return {'delay_s': delay, 'side': name, 'polls': len(polls), 'overshoot_s': overshoot, 'interval_s': interval,
            'ok': overshoot <= interval, 'requests': len(mine), 'module_span_s': mine[-1][0] - mine[0][0]}


def measure(delay, workdir, octet):
    with start_simulator(workdir / 'sim', processing_delay=delay) as sim:
        runner = AnsibleRunner(workdir / 'run', sim)
        run = runner.tasks(TASKS.format(delay=delay, octet=octet))
        if run.rc != 0:
            raise RuntimeError('the playbook failed:\n%r' % run)
        service = run.task('service')['service']
        license_ = run.task('license')['license']
        if service['status'] != 2 or not service['ip'] or license_['status'] != 2:
            raise RuntimeError('not ready when the tasks returned: %r %r' % (service, license_))
        requests = read_access_log(sim.log_path)
    return [analyse(requests, side, delay) for side in SIDES]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--delays', default='2,5,10', help='comma-separated processing delays in seconds')
    parser.add_argument('--json', help='also write the rows to this file')
    args = parser.parse_args(argv)
    delays = [float(d) if '.' in d else int(d) for d in args.delays.split(',') if d.strip()]
    rows = []
    header = ('D (s)', 'task', 'polls', 'overshoot (s)', 'interval (s)', 'span (s)', 'overshoot <= interval')
    print('%5s  %-8s  %5s  %13s  %12s  %10s  %s' % header)
    with tempfile.TemporaryDirectory(prefix='bench-wait-') as tmp:
        for index, delay in enumerate(delays):
            for row in measure(delay, Path(tmp) / ('delay-%s' % delay), 30 + index):
                values = (delay, row['side'], row['polls'], row['overshoot_s'], row['interval_s'], row['module_span_s'],
                          'yes' if row['ok'] else 'NO')
                print('%5s  %-8s  %5d  %13.2f  %12.2f  %10.2f  %s' % values)
                sys.stdout.flush()
                rows.append(row)
    missed = [r for r in rows if not r['ok']]
    print('%d waits, %d within one poll interval of the end of processing' % (len(rows), len(rows) - len(missed)))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == '__main__':
    sys.exit(main())
