# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: API requests per task, for every operation of every module, counted by the simulator.

    .venv/bin/python tests/perf/bench_requests.py
    .venv/bin/python tests/perf/bench_requests.py --json /tmp/requests.json

Each operation is one real ``ansible-playbook`` run of one task (connection: local) against one
simulator (processing delay 0, so a new service is ready at its first poll). The simulator's
counters are reset before the task and read after it, so set-up and checks are never counted.
Prints a table: module, operation, requests, the functions called, the target and whether the
count meets it. Not a pass/fail test (it exits 0 whatever the counts, unless a task fails); the
hard targets are asserted by tests/integration/test_request_counts.py.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import tempfile
import time
from pathlib import Path

from _common import AnsibleRunner, add_months, named_task, start_simulator

# A public address the simulator licenses (it refuses private and loopback ones).
LICENSE_IP = '94.250.248.20'
LICENSE_IP_2 = '94.250.248.21'


def lookup_catalog_order_polls(list_func, order_func):
    """The create target: one look-up, one price list read (every order is checked against its tariff), one order, then only polls."""
    def check(funcs):
        polls = funcs.get(list_func, 0) - 1
        expected = {list_func: 1 + polls, order_func: 1, 'pricelist.export': 1}
        return polls >= 1 and funcs == expected, 'look-up + price list + order + polls (%d)' % max(polls, 0)
    return check


def exactly(count):
    def check(funcs):
        return sum(funcs.values()) == count, '= %d' % count
    return check


def at_most(count):
    def check(funcs):
        return sum(funcs.values()) <= count, '<= %d' % count
    return check


def expected_funcs(expected, label):
    def check(funcs):
        return funcs == expected, label
    return check


def _expiry(sim, item_type, service_id):
    doc = sim.call('%s.edit' % item_type, elid=service_id)['doc']
    return datetime.date.fromisoformat(doc['expiredate']['$'])


def operations(sim):
    """(module, operation, task YAML, check(funcs) -> (ok, target text), set-up callable or None)."""
    until_3 = {}

    def order_by_hand():
        sim.call('v2.vds.order.param', user='alice', pricelist=6, datacenter=1, order_period=1, remoteid='bench-ids',
                 skipbasket='on', sok='ok')

    def prepare_until_3():
        # Five days past two months from the current expiry: three one-month renewals.
        target = add_months(_expiry(sim, 'vds', 938), 2) + datetime.timedelta(days=5)
        until_3['until'] = target.isoformat()

    # A week from now: the seeded services expire in a month, so nothing is renewed.
    soon = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    return [
        ('billmgr_service', 'no change (by id)', '''
            ispsystem.billmgr.billmgr_service:
              type: vds
              id: 958
         ''', exactly(1), None),
        ('billmgr_service', 'no change (by remoteid)', '''
            ispsystem.billmgr.billmgr_service:
              type: vds
              remoteid: bench-ids
              pricelist: 6
              datacenter: 1
         ''', exactly(1), order_by_hand),
        ('billmgr_service', 'no change, add-ons compared', '''
            ispsystem.billmgr.billmgr_service:
              type: vds
              id: 958
              addons:
                "11": 1024
         ''', at_most(2), lambda: sim.call('vds.edit', elid=958, addon_11=1024, sok='ok', skipbasket='on')),
        ('billmgr_service', 'no change, state=absent', '''
            ispsystem.billmgr.billmgr_service:
              type: vds
              remoteid: never-ordered
              state: absent
         ''', exactly(1), None),
        ('billmgr_service', 'create by ids', '''
            ispsystem.billmgr.billmgr_service:
              type: vds
              remoteid: bench-create-ids
              pricelist: 6
              datacenter: 1
         ''', lookup_catalog_order_polls('vds', 'v2.vds.order.param'), None),
        ('billmgr_service', 'create by ids, with add-ons', '''
            ispsystem.billmgr.billmgr_service:
              type: vds
              remoteid: bench-create-addons
              pricelist: 6
              datacenter: 1
              addons:
                "11": 2048
         ''', lookup_catalog_order_polls('vds', 'v2.vds.order.param'), None),
        ('billmgr_service', 'create by names', '''
            ispsystem.billmgr.billmgr_service:
              type: vds
              remoteid: bench-create-names
              pricelist: VPS Start
              datacenter: Frankfurt
              addons:
                RAM: 2048
         ''', lookup_catalog_order_polls('vds', 'v2.vds.order.param'), None),
        ('billmgr_service', 'change add-ons', '''
            ispsystem.billmgr.billmgr_service:
              type: vds
              id: 958
              addons:
                "11": 2048
         ''', expected_funcs({'vds': 1, 'vds.edit': 2}, 'look-up + form + edit = 3'), None),
        ('billmgr_service', 'delete', '''
            ispsystem.billmgr.billmgr_service:
              type: vds
              remoteid: bench-create-ids
              state: absent
         ''', expected_funcs({'vds': 1, 'vds.delete': 1}, 'look-up + delete = 2'), None),
        ('billmgr_license', 'no change (by licname)', '''
            ispsystem.billmgr.billmgr_license:
              licname: alice-lite
              pricelist: ISPmanager Lite
              ip: 203.0.113.10
         ''', exactly(1), None),
        ('billmgr_license', 'no change (by id)', '''
            ispsystem.billmgr.billmgr_license:
              id: 777
         ''', exactly(1), None),
        ('billmgr_license', 'order (wait for the key)', '''
            ispsystem.billmgr.billmgr_license:
              licname: bench-lic
              pricelist: ISPmanager Lite
              ip: %s
              period: 1
         ''' % LICENSE_IP, expected_funcs({'soft': 2, 'pricelist.export': 1, 'soft.checkip': 1, 'soft.order.param': 1, 'soft.edit': 1},
                                          'look-up, price list, checkip, order, 2 reads = 6'), None),
        ('billmgr_license', 'rename (by id)', '''
            ispsystem.billmgr.billmgr_license:
              id: 777
              licname: alice-lite-renamed
         ''', expected_funcs({'soft': 2, 'soft.edit': 1}, 'look-up + edit + re-read = 3'), None),
        ('billmgr_license', 'move to another IP', '''
            ispsystem.billmgr.billmgr_license:
              licname: bench-lic
              ip: %s
         ''' % LICENSE_IP_2, expected_funcs({'soft': 2, 'soft.edit': 1}, 'look-up + edit + re-read = 3'), None),
        ('billmgr_prolong', 'until, nothing to renew (by id)', '''
            ispsystem.billmgr.billmgr_prolong:
              type: vds
              id: 958
              until: "%s"
         ''' % soon, exactly(1), None),
        ('billmgr_prolong', 'until, nothing to renew (by licname)', '''
            ispsystem.billmgr.billmgr_prolong:
              licname: alice-lite-renamed
              min_days_left: 1
         ''', exactly(1), None),
        ('billmgr_prolong', 'until, 3 renewals', None,
         expected_funcs({'vds': 4, 'service.prolong': 3}, 'look-up + 3 x (renewal + re-read) = 7'), prepare_until_3),
        ('billmgr_prolong', 'autoprolong, no change', '''
            ispsystem.billmgr.billmgr_prolong:
              type: vds
              id: 958
              autoprolong: "1"
         ''', at_most(2), None),
        ('billmgr_service_info', 'one type, by remoteid', '''
            ispsystem.billmgr.billmgr_service_info:
              type: vds
              remoteid: bench-create-names
         ''', exactly(1), None),
        ('billmgr_service_info', 'three types (default)', '''
            ispsystem.billmgr.billmgr_service_info: {}
         ''', exactly(3), None),
        ('billmgr_service_info', 'one type, with add-ons (2 found)', '''
            ispsystem.billmgr.billmgr_service_info:
              type: dedic
              with_addons: true
         ''', exactly(3), None),
        ('billmgr_pricelist_info', 'vds, with templates', '''
            ispsystem.billmgr.billmgr_pricelist_info:
              type: vds
         ''', expected_funcs({'pricelist.export': 1, 'v2.vds.order.param': 5}, 'price list + 1 form per orderable server tariff = 6'), None),
        ('billmgr_pricelist_info', 'all, without templates', '''
            ispsystem.billmgr.billmgr_pricelist_info:
              templates: false
         ''', exactly(1), None),
    ], until_3


def run_all(workdir):
    rows = []
    with start_simulator(workdir / 'sim') as sim:
        runner = AnsibleRunner(workdir / 'run', sim)
        ops, until_3 = operations(sim)
        for module, operation, task, check, setup in ops:
            if setup is not None:
                setup()
            if task is None:  # the renewal target is known only after set-up
                task = '''
                    ispsystem.billmgr.billmgr_prolong:
                      type: vds
                      id: 938
                      until: "%s"
                 ''' % until_3['until']
            sim.reset_counters()
            start = time.perf_counter()
            run = runner.tasks(named_task('task', task))
            elapsed = time.perf_counter() - start
            counters = sim.counters()
            if run.rc != 0:
                raise RuntimeError('%s %s failed:\n%r' % (module, operation, run))
            result = run.task('task')
            funcs = counters['func']
            ok, target = check(funcs)
            rows.append({'module': module, 'operation': operation, 'requests': counters['requests'], 'funcs': funcs,
                         'changed': bool(result.get('changed')), 'target': target, 'ok': ok,
                         'connections': counters['connections'], 'seconds': round(elapsed, 2)})
    return rows


def print_table(rows):
    width = max(len(r['module']) + len(r['operation']) + 2 for r in rows)
    print('%-*s  %4s  %-7s  %-48s  %s' % (width, 'task', 'req', 'changed', 'target', 'requests by function'))
    for row in rows:
        funcs = ', '.join('%s %d' % (name, count) for name, count in sorted(row['funcs'].items()))
        target = row['target'] + ('' if row['ok'] else '  MISSED')
        changed = 'yes' if row['changed'] else 'no'
        print('%-*s  %4d  %-7s  %-48s  %s' % (width, row['module'] + ': ' + row['operation'], row['requests'], changed, target, funcs))
    missed = ', '.join(r['operation'] for r in rows if not r['ok'])
    met = len([r for r in rows if r['ok']])
    print('\n%d tasks, %d meet their target%s' % (len(rows), met, '; missed: ' + missed if missed else ''))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--json', help='also write the rows to this file')
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix='bench-requests-') as tmp:
        rows = run_all(Path(tmp))
    print_table(rows)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == '__main__':
    sys.exit(main())
