# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: 50 no-change ``billmgr_service`` tasks against 50 ``ansible.builtin.uri`` tasks fetching the same list.

    .venv/bin/python tests/perf/bench_uri_vs_module.py                  # 50 tasks, up to 3 alternating repetitions
    .venv/bin/python tests/perf/bench_uri_vs_module.py --runs 5 --budget 300 --pairs 50 --json /tmp/uri.json
    .venv/bin/python tests/perf/bench_uri_vs_module.py --profile        # + cProfile of one module run on the target

Both sides run on localhost with ``connection: local`` against one simulator. The module task
finds VPS 958 by id and changes nothing (one ``vds`` list request); the uri task POSTs the same
form the module sends (``func=vds``, ``filter=on``, ``id=958``, ``p_num``, ``p_cnt``, ``out=json``,
``lang=en``, credentials as ``authinfo`` in the body).

A. The playbook of 50 module tasks and the playbook of 50 uri tasks run alternately, ``--runs``
   times each (no new repetition after ``--budget`` seconds); medians are compared. A playbook
   with no tasks gives the fixed cost of ``ansible-playbook`` itself, so a cost per task is shown too.
B. One playbook with ``--pairs`` of each kind interleaved (module, uri, module, ...), each task timed
   by a callback: both sides see the same load at the same moment, which a shared, busy machine
   does not give to two playbooks run one after the other.
C. The module processes alone: the AnsiballZ payloads Ansible built for one task of each kind,
   kept (ANSIBLE_KEEP_REMOTE_FILES) and run ``--process-runs`` times each, alternating: what the
   collection controls (its imports, its request, its parsing) without ansible-playbook around it.

The target is a ratio module/uri of at most 1.1. Not a pass/fail test: it prints and exits 0.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import AnsibleRunner, start_simulator

TARGET_RATIO = 1.1
SERVICE_ID = 958

HEADER = '''\
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
'''

MODULE_TASK = '''\
    - name: module {index}
      ispsystem.billmgr.billmgr_service:
        url: {url}
        username: alice
        password: Ali-6b1d
        type: vds
        id: {service_id}
'''

# The same request the module makes for its look-up, field for field.
URI_TASK = '''\
    - name: uri {index}
      ansible.builtin.uri:
        url: {url}
        method: POST
        body_format: form-urlencoded
        body:
          func: vds
          out: json
          lang: en
          filter: "on"
          id: "{service_id}"
          p_num: "1"
          p_cnt: "1000"
          authinfo: "alice:Ali-6b1d"
        return_content: true
'''


EMPTY = HEADER.replace('  tasks:\n', '  tasks: []\n')


def playbook(kind, count, url):
    template = MODULE_TASK if kind == 'module' else URI_TASK
    return HEADER + ''.join(template.format(index=index, url=url, service_id=SERVICE_ID) for index in range(1, count + 1))


TIMING_CALLBACK = '''
from __future__ import annotations

DOCUMENTATION = """
name: bench_timing
type: aggregate
short_description: task durations for bench_uri_vs_module.py
description: [Writes each task's name and duration to the file named by BENCH_TIMING.]
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_timing'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.started = None
        self.rows = []

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.started = time.perf_counter()

    def v2_runner_on_ok(self, result):
        self.rows.append([result._task.get_name(), time.perf_counter() - self.started])

    def v2_playbook_on_stats(self, stats):
        with open(os.environ['BENCH_TIMING'], 'w') as out:
            json.dump(self.rows, out)
'''


def children_cpu():
    """User + system CPU seconds of every child process waited for so far (microseconds on Linux, unlike os.times)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(runner, text, expected_tasks):
    """One ansible-playbook run: (wall seconds, CPU seconds of ansible-playbook and its children, task durations)."""
    before = children_cpu()
    start = time.perf_counter()
    run = runner.playbook(text)
    wall = time.perf_counter() - start
    after = children_cpu()
    if run.rc != 0 or len(run.tasks) != expected_tasks:
        raise RuntimeError('the playbook failed or ran %d tasks, not %d:\n%r' % (len(run.tasks), expected_tasks, run))
    changed = [t for t in run.tasks if t['result'].get('changed')]
    if changed:
        raise RuntimeError('a no-change task changed something: %r' % changed[0])
    durations = json.loads(Path(runner.env['BENCH_TIMING']).read_text())
    return wall, after - before, durations


def enable_timing(runner, workdir):
    callbacks = workdir / 'callbacks'
    callbacks.mkdir()
    (callbacks / 'bench_timing.py').write_text(TIMING_CALLBACK)
    runner.env['ANSIBLE_CALLBACK_PLUGINS'] = os.pathsep.join((runner.env['ANSIBLE_CALLBACK_PLUGINS'], str(callbacks)))
    runner.env['ANSIBLE_CALLBACKS_ENABLED'] = 'results_json,bench_timing'
    runner.env['BENCH_TIMING'] = str(workdir / 'timing.json')


def keep_payloads(runner, sim, workdir):
    """The AnsiballZ payloads of one module task and one uri task, as Ansible kept them (ANSIBLE_KEEP_REMOTE_FILES)."""
    saved = runner.env
    runner.env = dict(saved, ANSIBLE_KEEP_REMOTE_FILES='1', ANSIBLE_REMOTE_TMP=str(workdir / 'remote-tmp'))
    try:
        timed_run(runner, HEADER + MODULE_TASK.format(index=0, url=sim.url, service_id=SERVICE_ID)
                  + URI_TASK.format(index=0, url=sim.url, service_id=SERVICE_ID), 2)
    finally:
        runner.env = saved
    found = {}
    for kind, name in (('module', 'AnsiballZ_billmgr_service.py'), ('uri', 'AnsiballZ_uri.py')):
        paths = sorted((workdir / 'remote-tmp').glob('*/' + name))
        if not paths:
            raise RuntimeError('Ansible kept no %s' % name)
        found[kind] = paths[-1]
    return found


def time_payloads(payloads, runs):
    """C. The module processes alone, as Ansible starts them on the target: (wall, CPU) medians of each, alternating."""
    times = {'module': [], 'uri': []}
    for repetition in range(runs):
        for kind in ('module', 'uri') if repetition % 2 == 0 else ('uri', 'module'):
            before = children_cpu()
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, str(payloads[kind])], capture_output=True, text=True, check=False)
            wall = time.perf_counter() - start
            after = children_cpu()
            if proc.returncode != 0 or '"failed": true' in proc.stdout:
                raise RuntimeError('%s payload failed: %s %s' % (kind, proc.stdout[-1000:], proc.stderr[-1000:]))
            times[kind].append((wall, after - before))
    return dict((kind, {'wall_s': statistics.median(t[0] for t in runs_), 'cpu_s': statistics.median(t[1] for t in runs_)})
                for kind, runs_ in times.items())


def profile_module(payload, workdir):
    """cProfile of one module run from its AnsiballZ payload."""
    output = workdir / 'module.prof'
    # runpy keeps __main__.__file__ the payload's, which AnsiballZ needs (python -m cProfile would not).
    driver = ('import cProfile, io, runpy, sys\n'
              'sys.argv = [sys.argv[1]]\n'
              'profiler = cProfile.Profile()\n'
              'sys.stdout = io.StringIO()\n'
              'try:\n'
              '    profiler.runcall(runpy.run_path, sys.argv[0], run_name="__main__")\n'
              'except SystemExit:\n'
              '    pass\n'
              'profiler.dump_stats(%r)\n' % str(output))
    proc = subprocess.run([sys.executable, '-c', driver, str(payload)], capture_output=True, text=True, check=False)
    if not output.exists():
        return 'profiled run failed: %s' % proc.stderr[-2000:]
    text = io.StringIO()
    pstats.Stats(str(output), stream=text).sort_stats('cumulative').print_stats(25)
    return '== cProfile of one billmgr_service run (its AnsiballZ payload, on the target), top 25 by cumulative time\n' + text.getvalue()


def summary(runs, tasks):
    walls = [r[0] for r in runs]
    return {'wall_s': statistics.median(walls), 'wall_min_s': min(walls), 'cpu_s': statistics.median(r[1] for r in runs),
            'wall_runs': [round(w, 2) for w in walls], 'tasks': tasks}


def measure(args, sim, runner, workdir):
    texts = {'module': playbook('module', args.tasks, sim.url), 'uri': playbook('uri', args.tasks, sim.url), 'empty': EMPTY}
    expected = {'module': args.tasks, 'uri': args.tasks, 'empty': 0}
    # Warm-up (byte-compiled files, the AnsiballZ cache, the page cache), with the request count of each task.
    requests = {}
    for kind in ('module', 'uri'):
        sim.reset_counters()
        timed_run(runner, playbook(kind, 1, sim.url), 1)
        requests[kind] = sim.counters()['requests']
    # A. The two playbooks, alternating, until --runs or the time budget.
    started = time.monotonic()
    times = dict((kind, []) for kind in texts)
    for repetition in range(args.runs):
        if repetition and time.monotonic() - started > args.budget:
            break
        for kind in (('module', 'uri') if repetition % 2 == 0 else ('uri', 'module')) + ('empty',):
            times[kind].append(timed_run(runner, texts[kind], expected[kind]))
    result = {'tasks': args.tasks, 'runs': len(times['module']), 'requests_per_task': requests, 'process_runs': args.process_runs}
    for kind, runs in times.items():
        result[kind] = summary(runs, expected[kind])
    base = result['empty']['wall_s']
    for kind in ('module', 'uri'):
        result[kind]['per_task_s'] = (result[kind]['wall_s'] - base) / args.tasks
    result['ratio_wall'] = result['module']['wall_s'] / result['uri']['wall_s']
    result['ratio_wall_min'] = result['module']['wall_min_s'] / result['uri']['wall_min_s']
    result['ratio_cpu'] = result['module']['cpu_s'] / result['uri']['cpu_s']
    # B. Paired: one playbook with the tasks interleaved (module, uri, module, ...), each task timed by a callback,
    # so a change in the machine's load hits both sides alike.
    interleaved = HEADER + ''.join(MODULE_TASK.format(index=i, url=sim.url, service_id=SERVICE_ID)
                                   + URI_TASK.format(index=i, url=sim.url, service_id=SERVICE_ID) for i in range(1, args.pairs + 1))
    durations = timed_run(runner, interleaved, 2 * args.pairs)[2]
    module_times = [d for name, d in durations if name.startswith('module')]
    uri_times = [d for name, d in durations if name.startswith('uri')]
    result['paired'] = {'pairs': args.pairs, 'module_median_s': statistics.median(module_times), 'uri_median_s': statistics.median(uri_times),
                        'module_total_s': sum(module_times), 'uri_total_s': sum(uri_times)}
    result['paired']['ratio_median'] = result['paired']['module_median_s'] / result['paired']['uri_median_s']
    result['paired']['ratio_total'] = result['paired']['module_total_s'] / result['paired']['uri_total_s']
    payloads = keep_payloads(runner, sim, workdir)
    result['process'] = time_payloads(payloads, args.process_runs)
    result['process']['ratio_cpu'] = result['process']['module']['cpu_s'] / result['process']['uri']['cpu_s']
    result['process']['ratio_wall'] = result['process']['module']['wall_s'] / result['process']['uri']['wall_s']
    if args.profile:
        result['profile'] = profile_module(payloads['module'], workdir)
    return result


def report(result):
    load = os.getloadavg()
    print('%d tasks per playbook, %d alternating runs, load average %.1f %.1f %.1f; requests per task: module %d, uri %d' % (
        (result['tasks'], result['runs']) + load + (result['requests_per_task']['module'], result['requests_per_task']['uri'])))
    print('%-22s %9s %9s %9s %12s  %s' % ('playbook', 'wall (s)', 'min (s)', 'CPU (s)', 'per task (s)', 'wall runs'))
    for kind, label in (('module', '%d x billmgr_service' % result['tasks']), ('uri', '%d x uri' % result['tasks']), ('empty', 'no tasks')):
        row = result[kind]
        per_task = '%.3f' % row['per_task_s'] if 'per_task_s' in row else '-'
        print('%-22s %9.2f %9.2f %9.2f %12s  %s' % (label, row['wall_s'], row['wall_min_s'], row['cpu_s'], per_task,
                                                    ' '.join('%.2f' % w for w in row['wall_runs'])))
    print('ratio module/uri: %.3f median wall, %.3f best wall, %.3f CPU (target: <= %.2f)' % (
        result['ratio_wall'], result['ratio_wall_min'], result['ratio_cpu'], TARGET_RATIO))
    paired = result['paired']
    print('%d pairs interleaved in one playbook, per task: module median %.3fs, uri median %.3fs; ratio %.3f median, %.3f total' % (
        paired['pairs'], paired['module_median_s'], paired['uri_median_s'], paired['ratio_median'], paired['ratio_total']))
    process = result['process']
    print('the module process alone (AnsiballZ payload), median of %d: module %.3fs wall %.3fs CPU, uri %.3fs wall %.3fs CPU; '
          'ratio %.3f wall, %.3f CPU' % (result['process_runs'], process['module']['wall_s'], process['module']['cpu_s'],
                                         process['uri']['wall_s'], process['uri']['cpu_s'], process['ratio_wall'], process['ratio_cpu']))
    result['load_average'] = [round(x, 2) for x in load]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--tasks', type=int, default=50, help='tasks per playbook')
    parser.add_argument('--runs', type=int, default=3, help='alternating repetitions of the two playbooks (medians are compared)')
    parser.add_argument('--budget', type=float, default=45.0, help='no new repetition starts after this many seconds (at least one runs)')
    parser.add_argument('--pairs', type=int, default=20, help='module + uri pairs in the interleaved playbook')
    parser.add_argument('--process-runs', type=int, default=20, help='runs of each module process alone')
    parser.add_argument('--profile', action='store_true', help='also print a cProfile of one module run')
    parser.add_argument('--json', help='also write the results to this file')
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix='bench-uri-') as tmp:
        workdir = Path(tmp)
        with start_simulator(workdir / 'sim') as sim:
            runner = AnsibleRunner(workdir / 'run', sim)
            enable_timing(runner, workdir)
            result = measure(args, sim, runner, workdir)
    report(result)
    if 'profile' in result:
        print('\n' + result.pop('profile'))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == '__main__':
    sys.exit(main())
