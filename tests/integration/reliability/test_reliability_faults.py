# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fault matrix: every writing operation under every fault, then one re-run - nothing lost, nothing bought twice.

One playbook runs the eight operations at once, one inventory host each (an order of a VPS, a
dedicated server, shared hosting and a license; a free change, a paid change, a deletion, a
renewal). Before its first run a fault is armed for each operation's write function; the second
run meets whatever is left of the faults. After the re-run the simulator's own tables must say
exactly what the playbook asked for, with every new service bought once and every charge made once.
"""

from __future__ import annotations

import datetime
import time

import pytest
from billmgr_sim.clock import add_months
from billmgr_sim.testing import db_rows

from .report import FIGURES

pytestmark = pytest.mark.usefixtures('reliability_test')

SLOW_SECONDS = 4
LICENSE_IP = '94.250.248.40'
LICENSE_NEW_IP = '94.250.248.41'
OLD_LICENSE_IP = '94.250.248.42'
RECONCILE = 5

# Operation -> (write function, what the host's task is). The operations run at once, so no two of them may send the same
# function first (a fault would land on whichever came first); the list functions they share are faulted only with counts
# that the read retries absorb whoever meets them.
OPERATIONS = {
    # reconcile_timeout: RECONCILE s - a lost order is looked for that long (the default, 300 s, would make the suite slow)
    'order_vds': ('v2.vds.order.param', 'ispsystem.billmgr.billmgr_service: {type: vds, remoteid: rel-vds, pricelist: 6, '
                  'reconcile_timeout: %d}' % RECONCILE),
    'order_dedic': ('v2.dedic.order.param', 'ispsystem.billmgr.billmgr_service: {type: dedic, remoteid: rel-dedic, pricelist: 32, '
                    'datacenter: 2, reconcile_timeout: %d}' % RECONCILE),
    'order_vhost': ('v2.vhost.order.param', 'ispsystem.billmgr.billmgr_service: {type: vhost, domain: rel-vhost.example.com, '
                    'pricelist: 2, reconcile_timeout: %d}' % RECONCILE),
    # wait: false - waiting for the key reads soft.edit, and that read could take the fault meant for license_edit's write
    'order_license': ('soft.order.param', 'ispsystem.billmgr.billmgr_license: {licname: rel-lic, pricelist: 3541, ip: %s, wait: false, '
                      'reconcile_timeout: %d}' % (LICENSE_IP, RECONCILE)),
    'edit': ('vds.edit', 'ispsystem.billmgr.billmgr_service: {type: vds, id: 958, autoprolong: 12}'),
    'paid_edit': ('dedic.edit', 'ispsystem.billmgr.billmgr_service: {type: dedic, id: 1065, addons: {"26": 3}}'),
    'delete': ('vhost.delete', 'ispsystem.billmgr.billmgr_service: {type: vhost, id: 1085, state: absent}'),
    'license_edit': ('soft.edit', 'ispsystem.billmgr.billmgr_license: {id: 777, ip: %s}' % LICENSE_NEW_IP),
    'license_delete': ('soft.delete', 'ispsystem.billmgr.billmgr_license: {licname: rel-old-lic, state: absent}'),
    'prolong': ('service.prolong', 'ispsystem.billmgr.billmgr_prolong: {type: vds, id: 938, until: "{{ until }}"}'),
}
ORDERS = ('order_vds', 'order_dedic', 'order_vhost', 'order_license')
LISTS = ('vds', 'dedic', 'vhost', 'soft')

# Fault kind -> (faults on the write functions, faults on the list functions, words the failure message must carry).
KINDS = {
    'drop-after-commit': (1, 0, 'connection to'),
    'http502': (1, 0, 'HTTP 502'),
    'http503': (1, 3, 'HTTP 503'),
    'slow': (1, 0, 'no answer from'),
    'html': (1, 0, 'Service temporarily unavailable'),
    'busy': (1, 1, 'Request in process'),
}

# What the first run must do. The paid change reads its edit form (dedic.edit without sok) before it writes,
# so that read takes the fault: a read is retried on a dropped connection, 502/503, a timeout and "Request in
# process", never on a maintenance page. Every write is sent once (guarded/_write.py): after a lost answer the
# object is read back, and a write the panel did not make is left for the re-run, never sent again in the run.
# The panel makes the write under drop-after-commit and slow; under the other faults it does not.
OK, FAILED = 'ok', 'failed'
FREE_WRITES_OK = dict(edit=OK, delete=OK, license_edit=OK, license_delete=OK)
FREE_WRITES_FAILED = dict(edit=FAILED, delete=FAILED, license_edit=FAILED, license_delete=FAILED)
# The free edit (autoprolong) reads its edit form first when the list shows the period as a word (real-panels-2 §9.3,
# the simulator's default): that read takes the fault and is retried, like paid_edit's, except after a maintenance page.
EDIT_READ_FIRST = dict(FREE_WRITES_FAILED, edit=OK)
FIRST_RUN = {
    'drop-after-commit': dict(FREE_WRITES_OK, order_vds=OK, order_dedic=OK, order_vhost=OK, order_license=OK, paid_edit=OK,
                              prolong=OK),
    'http502': dict(EDIT_READ_FIRST, order_vds=FAILED, order_dedic=FAILED, order_vhost=FAILED, order_license=FAILED,
                    paid_edit=OK, prolong=FAILED),
    'http503': dict(EDIT_READ_FIRST, order_vds=FAILED, order_dedic=FAILED, order_vhost=FAILED, order_license=FAILED,
                    paid_edit=OK, prolong=FAILED),
    'slow': dict(FREE_WRITES_OK, order_vds=OK, order_dedic=OK, order_vhost=OK, order_license=OK, paid_edit=OK, prolong=FAILED),
    'html': dict(FREE_WRITES_FAILED, order_vds=FAILED, order_dedic=FAILED, order_vhost=FAILED, order_license=FAILED,
                 paid_edit=FAILED, prolong=FAILED),
    'busy': dict(EDIT_READ_FIRST, order_vds=FAILED, order_dedic=FAILED, order_vhost=FAILED, order_license=FAILED,
                 paid_edit=OK, prolong=FAILED),
}
SETUP_NOTE = ('The paid change (paid_edit) reads its edit form (dedic.edit without sok) before it writes, so that read takes the '
              'fault: a read is retried after a dropped connection, an HTTP 502/503, a timeout and "Request in process", never after a '
              'maintenance page. Every write is sent once: after a lost answer the object is read back by id (the free writes for '
              '10 s, the orders for %d s: reconcile_timeout, whose default is 300 s), and a write the panel did not make is never '
              'sent again in the run; the re-run makes it. The slow panel holds each write %d s; the client '
              'waits 2 s. The service orders wait for the new service to be active; the license order does not wait for its key '
              '(that read is soft.edit, license_edit\'s write).' % (RECONCILE, SLOW_SECONDS))

# A write whose answer never came may have been carried out: the message must say so, and what to do.
UNKNOWN_OUTCOME = ('drop-after-commit', 'http502', 'http503', 'slow')
UNKNOWN_WORDS = {'order_vds': 'may or may not have been made', 'order_dedic': 'may or may not have been made',
                 'order_vhost': 'may or may not have been made', 'order_license': 'may or may not have been made',
                 'prolong': 'not renewing again'}

# What each new or changed service must cost, once (RUB); the add-on upgrade is charged for the days left.
CHARGES = dict((operation, 0 if operation in ('edit', 'delete', 'license_edit', 'license_delete') else 1) for operation in OPERATIONS)
PRICES = {'order_vds': 500.0, 'order_dedic': 5000.0, 'order_vhost': 150.0, 'order_license': 400.0, 'prolong': 500.0}


SIMULATOR = dict(slow_seconds=SLOW_SECONDS)


def playbook(runner, timeout):
    """The play, and beside it one task file per operation: each host includes its own, the one task it runs. (Ten tasks
    each skipped on nine hosts cost ninety worker processes a run, a sixth of the test's CPU.)"""
    for operation, (_func, module) in OPERATIONS.items():
        (runner.workdir / ('operation-%s.yml' % operation)).write_text('- name: %s\n  %s\n' % (operation, module))
    return '''\
- name: Everything a customer's playbook writes
  hosts: operations
  gather_facts: false
  strategy: free  # each host runs its one operation at once, not task by task
  module_defaults:
    group/ispsystem.billmgr.billmgr:
      url: "{{ billmgr_url }}"
      username: alice
      password: Ali-6b1d
      timeout: %d
  tasks:
    - name: The host's operation
      ansible.builtin.include_tasks: operation-{{ inventory_hostname }}.yml
''' % timeout


def inventory(runner):
    path = runner.workdir / 'operations.ini'
    path.write_text('[operations]\n%s\n' % '\n'.join('%s ansible_connection=local' % name for name in OPERATIONS))
    return str(path)


def outcome(run, operation):
    found = [t for t in run.tasks if t['name'] == operation and t['host'] == operation]
    assert len(found) == 1, (operation, run)
    return found[0]['outcome'], found[0]['result']


def clear_message(result, func):
    """Why a failure's message is not one clear message, or None when it is."""
    msg = result.get('msg') or ''
    problems = []
    if not msg:
        problems.append('no message')
    # ansible-core 2.19 adds exception "(traceback unavailable)" to every failure; a real one starts with Traceback.
    if 'Traceback' in msg or 'MODULE FAILURE' in msg or 'Traceback' in (result.get('exception') or ''):
        problems.append('a traceback instead of a message')
    if '[func %s]' % func not in msg:
        problems.append('does not name the function %s' % func)
    if '<html' in msg.lower() and 'page says' not in msg:
        problems.append('raw HTML without its text')
    if len(msg) > 1200:
        problems.append('%d characters long' % len(msg))
    return ', '.join(problems) or None


# The kinds are split over two files so that two workers share them (pytest-xdist --dist loadfile);
# test_reliability_faults_busy.py runs the rest.
KINDS_HERE = ('drop-after-commit', 'http502', 'http503')


@pytest.mark.parametrize('kind', KINDS_HERE)
def test_a_fault_then_one_rerun_leaves_exactly_what_was_asked_for(sim, runner, kind):
    fault_then_rerun(sim, runner, kind)


def fault_then_rerun(sim, runner, kind):
    """The test of one fault kind: arm it, run the playbook, run it again, compare the panel with the playbook."""
    sim.reset()
    old = sim.call('soft.order.param', user='alice', pricelist=3541, period=1, ip=OLD_LICENSE_IP, licname='rel-old-lic',
                   clicked_button='finish', skipbasket='on', sok='ok')['doc']
    old_license = int(old['id']['$'])
    sim.call('soft', user='alice')  # settles its processing now, before anything is measured
    writes, reads, words = KINDS[kind]
    seeded = set(row['id'] for row in db_rows(sim, 'SELECT id FROM service'))
    expiry = datetime.date.fromisoformat(db_rows(sim, 'SELECT expiredate FROM service WHERE id = 938')[0]['expiredate'])
    until = expiry + datetime.timedelta(days=1)
    account = sim.account('alice')
    balance, paid_before = account['balance'], set(expense['id'] for expense in account['expenses'])
    seconds = SLOW_SECONDS if kind == 'slow' else None
    for func, _module in OPERATIONS.values():
        sim.set_fault(func, kind, writes, seconds=seconds)
    for func in LISTS:
        if reads:
            sim.set_fault(func, kind, reads)
    armed = len(OPERATIONS) * writes + len(LISTS) * reads
    # A short timeout for the slow panel (its writes outlast it); elsewhere it only bounds the look-ups after a lost answer.
    text = playbook(runner, timeout=2 if kind == 'slow' else 5)
    args = ['-i', inventory(runner), '-f', str(len(OPERATIONS)), '-e', 'billmgr_url=%s' % sim.url, '-e', 'until=%s' % until]

    first = runner.playbook(text, extra_args=args)
    hits = sim.counters()['faults_hit']
    if kind == 'slow':
        time.sleep(SLOW_SECONDS)  # the writes the client gave up on land now, as they would on a slow panel
    second = runner.playbook(text, extra_args=args)

    # -- measure first, assert after, so the report shows what really happened
    rows = db_rows(sim, 'SELECT * FROM service')
    new = [row for row in rows if row['id'] not in seeded]
    identities = {
        'order_vds': [r for r in new if r['itemtype'] == 'vds' and r['remoteid'] == 'rel-vds'],
        'order_dedic': [r for r in new if r['itemtype'] == 'dedic' and r['remoteid'] == 'rel-dedic'],
        'order_vhost': [r for r in new if r['itemtype'] == 'vhost' and r['domain'] == 'rel-vhost.example.com'],
        'order_license': [r for r in new if r['itemtype'] == 'soft' and r['licname'] == 'rel-lic'],
    }
    duplicates = len(new) - sum(1 for found in identities.values() if found)
    account = sim.account('alice')
    expenses = [expense for expense in account['expenses'] if expense['id'] not in paid_before]
    by_service = {}
    for expense in expenses:
        by_service.setdefault(int(expense['service'] or 0), []).append(float(expense['amount']))
    expected_services = dict((op, found[0]['id']) for op, found in identities.items() if found)
    expected_services.update(prolong=938, paid_edit=1065, edit=958, delete=1085, license_edit=777, license_delete=old_license)
    charged = dict((op, by_service.get(expected_services.get(op), [])) for op in OPERATIONS)
    unexpected = [e for e in expenses if int(e['service'] or 0) not in expected_services.values()]
    double_charges = sum(max(0, len(charged[op]) - CHARGES[op]) for op in OPERATIONS) + len(unexpected)
    service = dict((row['id'], row) for row in rows)
    addon_26 = db_rows(sim, 'SELECT value FROM service_addon WHERE service_id = 1065 AND addon_id = 26')
    final = {
        'order_vds': [r['status'] for r in identities['order_vds']] == [2],
        'order_dedic': [r['status'] for r in identities['order_dedic']] == [2],
        'order_vhost': [r['status'] for r in identities['order_vhost']] == [2],
        'order_license': [(r['status'], r['ip']) for r in identities['order_license']] == [(2, LICENSE_IP)],
        'edit': service[958]['autoprolong'] == 12,
        'paid_edit': [r['value'] for r in addon_26] == ['3'],
        'delete': service[1085]['status'] == 4,
        'prolong': service[938]['expiredate'] == add_months(expiry, 1).isoformat(),
        'license_edit': (service[777]['status'], service[777]['ip']) == (2, LICENSE_NEW_IP),
        'license_delete': service[old_license]['status'] == 4,
    }
    unclear = {}
    for operation, (func, _module) in OPERATIONS.items():
        state, result = outcome(first, operation)
        if state == FAILED:
            problem = clear_message(result, func)
            if problem is None and words not in result['msg']:
                problem = 'does not say what happened (%r)' % words
            if problem is None and kind in UNKNOWN_OUTCOME and operation in UNKNOWN_WORDS and UNKNOWN_WORDS[operation] not in result['msg']:
                problem = 'does not say the outcome is unknown (%r)' % UNKNOWN_WORDS[operation]
            if problem:
                unclear[operation] = problem
        FIGURES.row('fault_matrix', kind=kind, operation=operation, first=state, message=(result.get('msg') or '-').replace(sim.url, '<url>'),
                    final='as asked' if final[operation] else 'NOT as asked',
                    duplicates=len(identities[operation]) - 1 if operation in identities else 0,
                    charges=len(charged[operation]), expected_charges=CHARGES[operation])
    FIGURES.fact('fault_setup', {'armed': ', '.join('%s: %s' % (op, func) for op, (func, _m) in OPERATIONS.items()) + '; with http503 also the first 3 '
                                          'requests of each list function (%s), with busy the first one' % ', '.join(LISTS), 'note': SETUP_NOTE})
    FIGURES.add('faults', faults_tried=len(OPERATIONS), faults_hit=sum(hits.values()), runs=2, duplicates=duplicates,
                double_charges=double_charges, unclear_messages=len(unclear))

    # -- the first run did what each fault allows, and said so once and clearly
    assert sum(hits.values()) == armed, hits
    assert dict((op, outcome(first, op)[0]) for op in OPERATIONS) == FIRST_RUN[kind], first
    assert unclear == {}, unclear
    # one message per failed task, not a cascade
    assert first.stdout.count('fatal: [') == list(FIRST_RUN[kind].values()).count(FAILED), first.stdout
    assert 'Traceback' not in first.stdout + first.stderr + second.stdout + second.stderr
    # -- the re-run finished the job
    assert second.rc == 0, second
    assert dict((op, outcome(second, op)[0]) for op in OPERATIONS) == dict((op, OK) for op in OPERATIONS), second
    assert final == dict((op, True) for op in OPERATIONS), (final, rows)
    # -- nothing bought twice, nothing charged twice
    assert duplicates == 0 and all(len(found) == 1 for found in identities.values()), new
    assert double_charges == 0, (charged, unexpected)
    for operation, price in PRICES.items():
        assert charged[operation] == [price], (operation, charged)
    # One more IPv4 address, 150 RUB a month, for the days left of a month (the simulator counts 30 days a month,
    # and a month from today may hold 31 of them).
    assert len(charged['paid_edit']) == 1 and 0 < charged['paid_edit'][0] <= 150.0 * 31 / 30
    assert charged['edit'] == charged['delete'] == charged['license_edit'] == charged['license_delete'] == []
    assert account['balance'] == pytest.approx(balance - sum(float(e['amount']) for e in expenses))
