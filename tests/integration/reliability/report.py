# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The reliability report: the figures the suite measures, and RESULTS.md made from them.

Every test_reliability_*.py records what it measured (faults tried, runs, duplicates found,
secrets leaked, bad inputs rejected, ...) with ``FIGURES``. The numbers are recorded *before* a
test asserts on them, so a failing run publishes the bad figure, not a flattering one.

RESULTS.md (next to this file) is written only when ``BILLMGR_WRITE_RELIABILITY_REPORT=1`` is
set, so a normal CI run leaves the tree alone:

    BILLMGR_WRITE_RELIABILITY_REPORT=1 .venv/bin/python -m pytest -q -n 2 tests/integration/reliability

With pytest-xdist each worker has its own session: each one writes its figures to a directory
named after the run, and whichever worker finishes last writes the report from all of them.
"""

from __future__ import annotations

import datetime
import fcntl
import json
import platform
import tempfile
import time
import uuid
from pathlib import Path

REPORT = Path(__file__).resolve().parent / 'RESULTS.md'
SWITCH = 'BILLMGR_WRITE_RELIABILITY_REPORT'
THEMES = ('faults', 'retries', 'forks', 'secrets', 'auth_access', 'hostile_data', 'bad_input', 'tls', 'red_team')
_RUN_ID = uuid.uuid4().hex


class Figures(object):
    """What this worker's reliability tests measured: sums per theme, table rows, and facts."""

    def __init__(self):
        self.sums = {}
        self.rows = {}
        self.facts = {}
        self.tests = {}
        self.failed = []
        self.started = time.time()

    def add(self, theme, **numbers):
        sums = self.sums.setdefault(theme, {})
        for name, value in numbers.items():
            sums[name] = sums.get(name, 0) + int(value)

    def row(self, table, **row):
        self.rows.setdefault(table, []).append(row)

    def fact(self, name, value):
        self.facts[name] = value

    def as_dict(self):
        return {'sums': self.sums, 'rows': self.rows, 'facts': self.facts, 'tests': self.tests, 'failed': self.failed,
                'started': self.started, 'finished': time.time()}


FIGURES = Figures()


def theme_of(nodeid):
    """The theme of a reliability test: its file's name after test_reliability_ (a theme may span several files)."""
    name = nodeid.split('::')[0].rsplit('/', 1)[-1]
    if not name.startswith('test_reliability_'):
        return None
    name = name[len('test_reliability_'):-len('.py')]
    return max((theme for theme in THEMES if name == theme or name.startswith(theme + '_')), key=len, default=name)


def _worker(config):
    return getattr(config, 'workerinput', {}).get('workerid', 'main')


def publish(config, figures):
    """Add this worker's figures to the run's and (re)write RESULTS.md from all workers' so far."""
    run_id = getattr(config, 'workerinput', {}).get('testrunuid', _RUN_ID)
    shared = Path(tempfile.gettempdir()) / ('billmgr-reliability-%s' % run_id)
    shared.mkdir(exist_ok=True)
    with open(shared / 'lock', 'a', encoding='utf-8') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        (shared / ('figures-%s.json' % _worker(config))).write_text(json.dumps(figures.as_dict()), encoding='utf-8')
        parts = [json.loads(path.read_text(encoding='utf-8')) for path in sorted(shared.glob('figures-*.json'))]
        REPORT.write_text(render(merge(parts)), encoding='utf-8')


# -- the report ----------------------------------------------------------------------------------------

def merge(parts):
    merged = {'sums': {}, 'rows': {}, 'facts': {}, 'tests': {}, 'failed': [], 'started': None, 'finished': None}
    for part in parts:
        for theme, sums in part['sums'].items():
            target = merged['sums'].setdefault(theme, {})
            for name, value in sums.items():
                target[name] = target.get(name, 0) + value
        for table, rows in part['rows'].items():
            merged['rows'].setdefault(table, []).extend(rows)
        merged['facts'].update(part['facts'])
        merged['tests'].update(part['tests'])
        merged['failed'].extend(part['failed'])
        merged['started'] = min(filter(None, (merged['started'], part['started'])))
        merged['finished'] = max(filter(None, (merged['finished'], part['finished'])))
    return merged


def _total(data, name):
    return sum(sums.get(name, 0) for sums in data['sums'].values())


def _table(header, rows):
    lines = ['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)]
    for row in rows:
        lines.append('| ' + ' | '.join(str(cell).replace('|', '\\|').replace('\n', ' ') for cell in row) + ' |')
    return '\n'.join(lines)


def render(data):
    """RESULTS.md from the merged figures."""
    sums = data['sums']
    facts = data['facts']
    tests_by_theme = {}
    for theme in data['tests'].values():
        tests_by_theme[theme] = tests_by_theme.get(theme, 0) + 1
    failed = len(data['failed'])
    wall = (data['finished'] or 0) - (data['started'] or 0)
    out = []
    out.append('# Reliability and security figures\n')
    out.append('Generated by the reliability suite itself (`tests/integration/reliability/test_reliability_*.py`) on %s, '
               'with Python %s; every number below was measured against the BILLmanager simulator by real '
               '`ansible-playbook` and `ansible-inventory` runs. Do not edit by hand: run\n'
               % (datetime.date.today().isoformat(), platform.python_version()))
    out.append('```sh\nBILLMGR_WRITE_RELIABILITY_REPORT=1 .venv/bin/python -m pytest -q -n 2 tests/integration/reliability\n```\n')
    out.append('## Summary\n')

    def figure(theme, name):
        return sums.get(theme, {}).get(name, 0)

    out.append(_table(['figure', 'value'], [
        ('tests run (failed)', '%d (%d)' % (len(data['tests']), failed)),
        ('wall time of the suite', '%.0f s' % wall),
        ('ansible-playbook / ansible-inventory runs', _total(data, 'runs')),
        ('faults injected (fault kind x write operation)', figure('faults', 'faults_tried')),
        ('injected faults that hit a request', figure('faults', 'faults_hit')),
        ('duplicate services or licenses found', _total(data, 'duplicates')),
        ('double charges found', _total(data, 'double_charges')),
        ('failed runs without one clear message', _total(data, 'unclear_messages')),
        ('secret checks (marker x place looked in)', figure('secrets', 'places_checked')),
        ('secrets leaked', _total(data, 'secrets_leaked')),
        ('authentication attempts per failed task (max)', '%g' % facts['auth_attempts_per_task_max'] if 'auth_attempts_per_task_max' in facts else '-'),
        ('access refusals checked (writes that got through)', '%d (%d)' % (figure('auth_access', 'refusals'), figure('auth_access', 'writes_through'))),
        ('hostile values x places checked (templated or executed)', '%d (%d)' % (figure('hostile_data', 'places_checked'),
                                                                                 figure('hostile_data', 'executed'))),
        ('bad inputs rejected / tried', '%d / %d' % (figure('bad_input', 'rejected'), figure('bad_input', 'tried'))),
        ('bad inputs that changed the panel', figure('bad_input', 'state_changed')),
        ('TLS cases (accepted without trust)', '%d (%d)' % (figure('tls', 'cases'), figure('tls', 'insecure_accepted'))),
        ('red-team findings re-tried (still holding)', '%d (%d)' % (figure('red_team', 'cases'), figure('red_team', 'still_broken'))),
    ]) + '\n')
    out.append('Tests per theme: ' + ', '.join('%s %d' % (theme, tests_by_theme.get(theme, 0)) for theme in THEMES) + '.\n')

    rows = data['rows'].get('fault_matrix', [])
    if rows:
        out.extend(_fault_matrix(rows, facts.get('fault_setup', {})))

    if 'same_remoteid' in facts:
        same = facts['same_remoteid']
        out.append('## Two runs for one remoteid at the same time\n')
        out.append(
            'BILLmanager keeps `remoteid` with a service but does not make it unique, so nothing on the panel stops two '
            'orders with the same remoteid. The modules take a lock per panel, item type and identity on the machine that '
            'runs them, from the look-up until the new service or license is listed: a second run on the same controller '
            'waits, then finds the first one\'s order. The simulator held each order %s s, so that without the lock both '
            'runs would look up before either order was committed:\n' % same['hold'])
        out.append(_table(['measured', 'value'], [
            ('runs started together', same['runs']),
            ('services with that remoteid afterwards', same['services']),
            ('a third run', same['third_run']),
            ('a run started once the first order was visible', facts.get('same_remoteid_visible', 'not run')),
        ]) + '\n')
        out.append('The lock is a file on the machine that runs the module: runs on several controllers or AWX execution nodes '
                   'do not share it. There, run one play per remoteid at a time (AWX: do not allow concurrent jobs for the '
                   'template). If two services did get one remoteid, every later run stops with the ids of both and orders '
                   'nothing: delete the one you do not want by its `id` (`state: absent`).\n')

    bad = data['rows'].get('bad_input', [])
    if bad:
        out.append('## Bad input corpus\n')
        out.append('%d cases; %d rejected, %d of them without a clear message; tables of the panel changed by them: %d. The simulator\'s '
                   'services, balances, expenses, carts and licenses were compared before and after each group.\n'
                   % (figure('bad_input', 'tried'), figure('bad_input', 'rejected'), figure('bad_input', 'unclear_messages'),
                      figure('bad_input', 'state_changed')))
        out.append(_table(['module or plugin', 'case', 'message'],
                          [(r['target'], r['case'], _short(r['message'], 200)) for r in sorted(bad, key=lambda r: (r['target'], r['case']))]) + '\n')

    for table, title, header in (
            ('secrets', 'Secrets', ['run', 'places looked in', 'leaks']),
            ('auth_access', 'Authentication and access', ['case', 'result']),
            ('hostile_data', 'Hostile data from the API', ['value', 'where it was checked', 'result']),
            ('tls', 'TLS', ['case', 'result']),
            ('retries', 'Lost order answers on a slow panel, and unpaid carts', ['case', 'result']),
            ('red_team', 'Red-team findings (issue 19: money, secrets, input)', ['case', 'result']),
            ('forks', 'Parallel forks', ['case', 'result'])):
        found = data['rows'].get(table, [])
        if found:
            out.append('## %s\n' % title)
            out.append(_table(header, [[r[key] for key in r['_order']] for r in found]) + '\n')
    out.append('## Failed tests\n')
    if data['failed']:
        out.append('These tests failed in this run; each one names a defect (see the test and the report of the issue):\n')
        out.append('\n'.join('- `%s`' % nodeid for nodeid in sorted(data['failed'])) + '\n')
    else:
        out.append('None in this run.\n')
    return '\n'.join(out)


def _short(text, limit):
    text = ' '.join(str(text).split())
    return text if len(text) <= limit else text[:limit] + '...'


def _fault_matrix(rows, setup):
    kinds = sorted(set(r['kind'] for r in rows))
    operations = []
    for row in rows:
        if row['operation'] not in operations:
            operations.append(row['operation'])
    cells = dict(((r['operation'], r['kind']), r) for r in rows)
    out = ['## Fault matrix\n']
    out.append('One playbook runs %d operations at once, one inventory host each. Before its first run each fault kind is '
               'armed for the write function of every operation (%s); the second run meets whatever is left of the faults. '
               'A cell reads: the first run\'s outcome, then whether the panel holds exactly what the playbook asked for after '
               'the re-run, and the charges made for that operation (expected in brackets). Duplicates are counted in the '
               'simulator\'s service table, charges in its expenses.\n' % (len(operations), setup.get('armed') or 'see the test'))
    if setup.get('note'):
        out.append(setup['note'] + '\n')
    table = []
    for operation in operations:
        line = [operation]
        for kind in kinds:
            row = cells.get((operation, kind))
            if row is None:
                line.append('-')
                continue
            cell = '%s; %s; %s (%s)' % (row['first'], row['final'], row['charges'], row['expected_charges'])
            if row['duplicates']:
                cell += '; %d DUPLICATE(S)' % row['duplicates']
            line.append(cell)
        table.append(line)
    out.append(_table(['operation'] + kinds, table) + '\n')
    out.append('### What the failed first runs said\n')
    failed = [(r['kind'], r['operation'], _short(r['message'], 320)) for r in sorted(rows, key=lambda r: (r['kind'], r['operation'])) if r['first'] == 'failed']
    out.append(_table(['fault', 'operation', 'message'], failed) + '\n')
    return out


def ordered_row(**row):
    """A row whose columns keep the order they were given in (for the generic tables)."""
    row['_order'] = [key for key in row if key != '_order']
    return row
