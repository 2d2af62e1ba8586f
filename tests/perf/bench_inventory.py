# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: ``ansible-inventory --list`` through the billmgr inventory plugin against the simulator,
side by side with the same hosts, groups and variables read from a static YAML inventory.

    .venv/bin/python tests/perf/bench_inventory.py                 # 1,000 and 10,000 services, 3 runs each
    .venv/bin/python tests/perf/bench_inventory.py --sizes 10000 --runs 5 --json results.json
    .venv/bin/python tests/perf/bench_inventory.py --sizes 10000 --profile   # cProfile of one plugin run

Half of each size are VPS, half dedicated servers, all active and owned by alice (who also has the 4
seeded servers). The static side is a YAML file written from the plugin's own `--list` output, so both
list the same hosts, groups and variables (checked before timing). Prints, per size, the median wall
and CPU time of each side, their ratio (the target is at most 1.25), the peak memory (max RSS) of each
ansible-inventory process and the number of API requests one plugin run made. The static file is timed
twice: as Ansible reads it by default, and with only the yaml inventory plugin enabled. Not a pass/fail
test: it exits 0 whatever the ratio, unless the two inventories differ.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from _common import ROOT, start_simulator

BIN = Path(sys.executable).parent
TARGET_RATIO = 1.25


def collections_path(workdir):
    """A collections path on which ispsystem.billmgr is this tree."""
    if ROOT.parent.name == 'ispsystem' and ROOT.parent.parent.name == 'ansible_collections':
        return ROOT.parent.parent.parent
    target = workdir / 'collections' / 'ansible_collections' / 'ispsystem' / 'billmgr'
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.symlink_to(ROOT, target_is_directory=True)
    return workdir / 'collections'


def benchmark_arguments(doc, argv):
    """The options both inventory benchmarks take."""
    parser = argparse.ArgumentParser(description=doc.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--sizes', default='1000,10000', help='comma-separated numbers of services (half vds, half dedic)')
    parser.add_argument('--runs', type=int, default=3, help='timed runs of each side per size (median reported)')
    parser.add_argument('--profile', action='store_true', help='also print a cProfile of one plugin run per size')
    parser.add_argument('--json', help='also write the results to this file')
    return parser.parse_args(argv)


def inventory_environment(tmp):
    """ansible-inventory's environment: this tree's collection, a private home, no connection or cache from outside."""
    env = dict(os.environ)
    for name in ('BILLMGR_URL', 'BILLMGR_USERNAME', 'BILLMGR_PASSWORD', 'BILLMGR_SESSION', 'ANSIBLE_INVENTORY_CACHE'):
        env.pop(name, None)
    env.update({
        'ANSIBLE_COLLECTIONS_PATH': str(collections_path(tmp)),
        'ANSIBLE_HOME': str(tmp / 'ansible-home'),
        'ANSIBLE_LOCAL_TEMP': str(tmp / 'ansible-tmp'),
        'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'true',
        'ANSIBLE_NOCOLOR': '1',
    })
    return env


def populated_simulator(workdir, vds, dedic):
    """A simulator with its own database, populated with ``vds`` + ``dedic`` active services for alice."""
    return start_simulator(workdir / 'sim', populate={'account': 'alice', 'vds': vds, 'dedic': dedic})


def run_inventory(source, env, profile=None):
    """One ``ansible-inventory --list``: (wall seconds, CPU seconds, peak RSS in MiB, stdout)."""
    args = [str(BIN / 'ansible-inventory'), '-i', str(source), '--list']
    if profile:
        args = [sys.executable, '-m', 'cProfile', '-o', str(profile)] + args
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=out, stderr=err, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    err.seek(0)
    stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0 or not stdout.startswith('{'):
        raise RuntimeError('ansible-inventory -i %s failed (rc %s):\n%s' % (source, proc.returncode, stderr[-3000:]))
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, stdout


class Unsafe(str):
    """A value ansible-inventory marked unsafe; written back with YAML's !unsafe tag, so both sides list the same."""


def _unsafe_representer(dumper, value):
    return dumper.represent_scalar('!unsafe', str(value), style="'")


DUMPER = getattr(yaml, 'CSafeDumper', yaml.SafeDumper)
yaml.add_representer(Unsafe, _unsafe_representer, Dumper=DUMPER)


def _revive(value):
    if isinstance(value, dict):
        if set(value) == {'__ansible_unsafe'}:
            return Unsafe(value['__ansible_unsafe'])
        return dict((k, _revive(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_revive(v) for v in value]
    return value


def _plain(value):
    if isinstance(value, dict):
        if set(value) == {'__ansible_unsafe'}:
            return value['__ansible_unsafe']
        return dict((k, _plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def static_inventory(listed):
    """The YAML inventory that says what ``ansible-inventory --list`` printed: the same hosts, groups and variables."""
    hostvars = listed['_meta']['hostvars']
    children = {}
    for group in listed['all'].get('children', []):
        if group == 'ungrouped':
            continue
        hosts = listed.get(group, {}).get('hosts', [])
        children[group] = {'hosts': dict((host, _revive(hostvars.get(host)) or None) for host in hosts)}
    return {'all': {'children': children}}


def median_of(runs, index):
    return statistics.median(run[index] for run in runs)


def measure(size, runs, workdir, env, profile):
    vds = size // 2
    sim = populated_simulator(workdir, vds, size - vds)
    try:
        plugin_source = workdir / 'bench.billmgr.yml'
        plugin_source.write_text('plugin: ispsystem.billmgr.billmgr\nurl: %s\nusername: alice\npassword: Ali-6b1d\n' % sim.url)
        sim.reset_counters()
        listed_text = run_inventory(plugin_source, env)[3]
        requests_made = sim.counters()['requests']
        listed = json.loads(listed_text)
        static_source = workdir / 'static.yml'
        static_source.write_text(yaml.dump(static_inventory(listed), Dumper=DUMPER, default_flow_style=False, sort_keys=False))
        static_listed = json.loads(run_inventory(static_source, env)[3])
        # YAML's !unsafe still resolves a date-like value to a date, which is then listed without the marker: compare values.
        if _plain(static_listed) != _plain(listed):
            (workdir / 'plugin.json').write_text(json.dumps(_plain(listed), indent=1, sort_keys=True))
            (workdir / 'static.json').write_text(json.dumps(_plain(static_listed), indent=1, sort_keys=True))
            diff = subprocess.run(['diff', str(workdir / 'plugin.json'), str(workdir / 'static.json')],
                                  capture_output=True, text=True, check=False).stdout
            raise RuntimeError('the static inventory does not list the same hosts, groups and variables:\n' + diff[:3000])
        # The static file as Ansible reads it by default (the auto plugin looks at it first), and with only the yaml plugin
        # enabled (ANSIBLE_INVENTORY_ENABLED=yaml), the fastest way Ansible reads a static YAML inventory.
        yaml_only_env = dict(env, ANSIBLE_INVENTORY_ENABLED='yaml')
        plugin_runs, static_runs, yaml_only_runs = [], [], []
        for _run in range(runs):  # alternate, so drift on a busy machine hits every side alike
            plugin_runs.append(run_inventory(plugin_source, env))
            static_runs.append(run_inventory(static_source, env))
            yaml_only_runs.append(run_inventory(static_source, yaml_only_env))
        if profile:
            profile_path = workdir / ('plugin-%d.prof' % size)
            run_inventory(plugin_source, env, profile=profile_path)
            print('\n== cProfile of one plugin run, %d services (top 30 by cumulative time)' % size)
            pstats.Stats(str(profile_path)).sort_stats('cumulative').print_stats(30)
    finally:
        sim.stop()
    result = {'services': size, 'hosts': len(listed['_meta']['hostvars']), 'requests': requests_made,
              'static_yaml_bytes': static_source.stat().st_size}
    for side, side_runs in (('plugin', plugin_runs), ('static', static_runs), ('static_yaml_only', yaml_only_runs)):
        result[side] = {'wall_s': median_of(side_runs, 0), 'cpu_s': median_of(side_runs, 1), 'peak_rss_mib': max(r[2] for r in side_runs),
                        'wall_runs': [round(r[0], 3) for r in side_runs], 'cpu_runs': [round(r[1], 3) for r in side_runs]}
    result['ratio_wall'] = result['plugin']['wall_s'] / result['static']['wall_s']
    result['ratio_cpu'] = result['plugin']['cpu_s'] / result['static']['cpu_s']
    result['ratio_wall_yaml_only'] = result['plugin']['wall_s'] / result['static_yaml_only']['wall_s']
    result['ratio_cpu_yaml_only'] = result['plugin']['cpu_s'] / result['static_yaml_only']['cpu_s']
    return result


def main(argv=None):
    args = benchmark_arguments(__doc__, argv)

    results = []
    with tempfile.TemporaryDirectory(prefix='bench-inventory-') as tmp:
        tmp = Path(tmp)
        env = inventory_environment(tmp)
        for size in [int(s) for s in args.sizes.split(',') if s.strip()]:
            workdir = tmp / ('size-%d' % size)
            workdir.mkdir()
            result = measure(size, args.runs, workdir, env, args.profile)
            results.append(result)
            plugin, static, yaml_only = result['plugin'], result['static'], result['static_yaml_only']
            print('%6d services (%d hosts, %d requests, static file %.1f MB)' % (
                result['services'], result['hosts'], result['requests'], result['static_yaml_bytes'] / 1e6))
            print('    plugin                  %6.2fs wall %6.2fs CPU  peak RSS %4.0f MiB' % (plugin['wall_s'], plugin['cpu_s'], plugin['peak_rss_mib']))
            print('    static YAML             %6.2fs wall %6.2fs CPU  peak RSS %4.0f MiB' % (static['wall_s'], static['cpu_s'], static['peak_rss_mib']))
            print('    static YAML, yaml only  %6.2fs wall %6.2fs CPU  peak RSS %4.0f MiB' % (
                yaml_only['wall_s'], yaml_only['cpu_s'], yaml_only['peak_rss_mib']))
            print('    ratio plugin/static     %6.2f  wall %6.2f  CPU  (target <= %.2f); against yaml only %.2f wall, %.2f CPU' % (
                result['ratio_wall'], result['ratio_cpu'], TARGET_RATIO, result['ratio_wall_yaml_only'], result['ratio_cpu_yaml_only']))
            sys.stdout.flush()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == '__main__':
    sys.exit(main())
