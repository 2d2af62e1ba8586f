# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Authentication and access: one attempt per wrong password, a login block named as such, and a client kept to its own account.

The seeded demo: alice owns vds 958 and 938, dedic 1065 and license 777; bob owns vds 5. Each test
gives bob a license and a VPS with a remoteid of its own first, so there is something of bob's to reach for.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from billmgr_sim.playbook import PlaybookRun
from billmgr_sim.testing import db_rows, db_snapshot, snapshot_changes

from .report import FIGURES, ordered_row

pytestmark = pytest.mark.usefixtures('reliability_test')

# Client users of their own, so a wrong password here never blocks the seeded ones; their passwords differ from every
# name in the results (ansible masks a no_log value wherever it appears, and "alice" is alice's password).
USERS = {'dave': 'Dave-pw-41', 'erin': 'Erin-pw-52', 'frank': 'Frank-pw-63', 'gina': 'Gina-pw-74'}
BOB_LICENSE_IP = '94.250.248.77'

PLAY = '''\
- name: Reliability
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/ispsystem.billmgr.billmgr:
      url: {url}
      username: {username}
      password: {password}
  tasks:
{tasks}
'''

# One task of every module; each one's first request authenticates.
EVERY_MODULE = [
    ('billmgr_service', {'type': 'vds', 'id': 958, 'autoprolong': 12}),
    ('billmgr_service_info', {'type': ['vds']}),
    ('billmgr_pricelist_info', {'type': ['vds'], 'templates': False}),
    ('billmgr_license', {'licname': 'auth-lic', 'pricelist': 3541, 'ip': '94.250.248.70'}),
    ('billmgr_license_info', {}),
    ('billmgr_prolong', {'type': 'vds', 'id': 958, 'until': '2030-01-01'}),
    ('billmgr_statdaily', {'item': 958, 'statdate': '2026-01-01'}),
]


SIMULATOR = dict(users=['%s=%s' % pair for pair in USERS.items()])


def task(name, module, args, **options):
    body = {'name': name, 'ispsystem.billmgr.%s' % module: args, 'ignore_errors': True}
    body.update(options)
    return '- ' + textwrap.indent(json.dumps(body), '  ').lstrip() + '\n'


def play(sim, tasks, username='alice', password='Ali-6b1d'):
    return PLAY.format(url=sim.url, username=username, password=password, tasks=textwrap.indent(''.join(tasks), '    '))


def reruns(runner, play_text, times):
    """The same play ``times`` over in one ansible-playbook, each play a re-run (a module keeps nothing between tasks):
    one PlaybookRun per play."""
    run = runner.playbook(play_text * times)
    size = len(run.tasks) // times
    assert len(run.tasks) == size * times, run
    return [PlaybookRun(run.rc, run.stdout, run.stderr, run.tasks[number * size:(number + 1) * size]) for number in range(times)]


def msg(run, name):
    failed = run.failed(name)
    return failed[-1]['result'].get('msg', '') if failed else None


def bobs_things(sim):
    """A license and a VPS with a remoteid in bob's account; returns their ids."""
    lic = sim.call('soft.order.param', user='bob', pricelist=3541, period=1, ip=BOB_LICENSE_IP, licname='bob-lic',
                   clicked_button='finish', skipbasket='on', sok='ok')['doc']
    vps = sim.order_now('vds', 'bob', pricelist=6, remoteid='bob-web', domain='bob-web.test')
    assert 'error' not in lic, lic
    sim.call('soft', user='bob')  # the panel settles processing on the next request: done now, before any snapshot
    return int(lic['id']['$']), vps


def test_a_wrong_password_is_tried_once_per_task_and_a_login_block_is_named(sim, runner):
    sim.reset()
    sim.reset_counters()
    # dave and erin: every module once with a wrong password (four and three tasks: five failures in a row lock a user)
    tasks = []
    for number, (module, args) in enumerate(EVERY_MODULE):
        user = 'dave' if number < 4 else 'erin'
        tasks.append(task('wrong %s' % module, module, dict(args, username=user, password='Not-' + USERS[user])))
    # frank: five wrong passwords lock him out; then his right one meets the lock
    for number in range(5):
        tasks.append(task('frank wrong %d' % number, 'billmgr_service_info', {'username': 'frank', 'password': 'Not-' + USERS['frank']}))
    tasks.append(task('frank right', 'billmgr_service_info', {'username': 'frank', 'password': USERS['frank']}))
    before = db_snapshot(sim)
    run = runner.playbook(play(sim, tasks))
    counters = sim.counters()
    changes = snapshot_changes(before, db_snapshot(sim))
    sim.advance_clock(21)
    after_block = runner.playbook(play(sim, [task('frank later', 'billmgr_service_info', {})], 'frank', USERS['frank']))

    failures = counters['auth_failures']
    FIGURES.fact('auth_attempts_per_task_max', max(failures.get('dave', 0) / 4.0, failures.get('erin', 0) / 3.0, failures.get('frank', 0) / 6.0))
    FIGURES.add('auth_access', runs=2, wrong_password_tasks=len(EVERY_MODULE) + 5)
    in_all = counters['requests'] + counters['auth_requests']
    FIGURES.row('auth_access', **ordered_row(case='a wrong password, each of the %d modules' % len(EVERY_MODULE),
                                             result='%s failed logins for %d tasks; %s requests in all' % (
                                                 failures.get('dave', 0) + failures.get('erin', 0), len(EVERY_MODULE), in_all)))
    FIGURES.row('auth_access', **ordered_row(case='the right password after five wrong ones', result=msg(run, 'frank right')))

    for module, _args in EVERY_MODULE:
        message = msg(run, 'wrong %s' % module)
        assert message is not None and message.startswith('BILLmanager error (auth/badpassword): Invalid username or password [func '), (module, message)
    # one request per task, never a retry: a retry would feed the panel's brute-force lock
    assert failures == {'dave': 4, 'erin': 3, 'frank': 6}
    # Each task tried its login once (a block counts too) and, refused, sent nothing else.
    assert counters['auth_requests'] == len(EVERY_MODULE) + 6 and counters['requests'] == 0
    assert msg(run, 'frank right') == 'BILLmanager error (auth/blocklogon): Your account has been blocked for 20 seconds [func vds]'
    assert changes == {}
    # the block passes, and the module did nothing to make it longer
    assert after_block.rc == 0, after_block
    assert after_block.task('frank later')['services'] == []


def test_a_client_cannot_read_or_change_another_accounts_things(sim, runner):
    sim.reset()
    bob_license, bob_vps = bobs_things(sim)
    tasks = [
        task('info: bob vps by id', 'billmgr_service_info', {'id': bob_vps}),
        task('info: bob vps by remoteid', 'billmgr_service_info', {'remoteid': 'bob-web'}),
        task('info: account bob', 'billmgr_service_info', {'account': 'bob'}),
        task('license info: bob license by id', 'billmgr_license_info', {'id': bob_license}),
        task('license info: account bob', 'billmgr_license_info', {'account': 'bob', 'return_keys': True}),
        task('prolong: bob vps', 'billmgr_prolong', {'id': bob_vps, 'type': 'vds', 'period': 1}),
        task('prolong: bob vps auto-renewal', 'billmgr_prolong', {'id': bob_vps, 'autoprolong': '12'}),
        task('prolong: bob license by licname', 'billmgr_prolong', {'licname': 'bob-lic', 'period': 1}),
        task('license: renew bob license', 'billmgr_license', {'id': bob_license, 'renew': True}),
        task('license: new key for bob license', 'billmgr_license', {'id': bob_license, 'regenerate_key': True}),
        task('license: delete bob license', 'billmgr_license', {'id': bob_license, 'state': 'absent'}),
        task('service: delete bob vps by remoteid', 'billmgr_service', {'type': 'vds', 'remoteid': 'bob-web', 'state': 'absent'}),
        task('service: paid change of bob vps by id', 'billmgr_service', {'type': 'vds', 'id': bob_vps, 'addons': {'RAM': 2048}}),
    ]
    admin_only = [('ip', '127.9.9.9'), ('service_username', 'root2'), ('serverid', 'vm-958'), ('userpassword', 'New-Pw-958'),
                  ('ostempl', 'ISPsystem__Debian-12-amd64'), ('recipe', 'ISPsystem__Docker')]
    for option, value in admin_only:
        # allow_reinstall: a new ostempl is then refused by the panel (this user's rights), not by the module's own rule.
        options = dict({'type': 'vds', 'id': 958, option: value}, **({'allow_reinstall': True} if option == 'ostempl' else {}))
        tasks.append(task('admin only: %s' % option, 'billmgr_service', options))
    before = db_snapshot(sim)
    sim.reset_counters()
    run = runner.playbook(play(sim, tasks))
    changes = snapshot_changes(before, db_snapshot(sim))
    rc, data, _stdout, stderr = runner.inventory('plugin: ispsystem.billmgr.billmgr\nurl: %s\nusername: alice\npassword: Ali-6b1d\naccount: bob\n' % sim.url,
                                                 name='alice-for-bob.billmgr.yml')
    results = dict((t['name'], t['result']) for t in run.tasks)
    # What only bob's records hold (the tasks' own arguments name bob-web and bob-lic, so those prove nothing).
    bobs = [row['ip'] for row in db_rows(sim, "SELECT ip FROM service WHERE account_id = (SELECT id FROM account WHERE name = 'bob')")]
    bobs += [BOB_LICENSE_IP, 'bob-web.test', 'bob-vps.test'] + [row['lickey'] for row in db_rows(sim, 'SELECT lickey FROM service WHERE id = ?', bob_license)]
    shown = json.dumps(dict((name, dict((k, v) for k, v in result.items() if k != 'invocation')) for name, result in results.items()))
    seen = [needle for needle in bobs if needle and needle in shown + json.dumps(data)]
    writes_through = len(changes)
    FIGURES.add('auth_access', runs=2, refusals=len(tasks) + 1, writes_through=writes_through, leaked_reads=len(seen))
    FIGURES.row('auth_access', **ordered_row(case="alice reaches for bob's services and licenses (%d tasks, one inventory)" % (len(tasks) - len(admin_only)),
                                             result="bob's things seen: %s; tables changed: %s" % (', '.join(seen) or 'none', changes or 'none')))
    FIGURES.row('auth_access', **ordered_row(case='alice uses the administrator-only options %s' % ', '.join(o for o, _v in admin_only),
                                             result='; '.join(sorted(set((msg(run, 'admin only: %s' % o) or 'NOT REFUSED').split(':')[0]
                                                                         for o, _v in admin_only)))))

    assert run.rc == 0, run
    assert changes == {}, changes
    assert seen == [], seen
    for name in ('info: bob vps by id', 'info: bob vps by remoteid'):
        assert results[name]['services'] == [], name
    assert results['license info: bob license by id']['licenses'] == []
    # account is an administrator's option: a client gets nothing of that account (an empty list, or a failure naming account)
    for name, key in (('info: account bob', 'services'), ('license info: account bob', 'licenses')):
        assert results[name].get(key) == [] or 'account' in (msg(run, name) or ''), (name, results[name])
    assert msg(run, 'prolong: bob vps') == 'no vds service with id %d is visible to this user' % bob_vps
    assert msg(run, 'prolong: bob vps auto-renewal') == 'no vds or dedic or vhost or soft or platform service with id %d is visible to this user' % bob_vps
    assert msg(run, 'prolong: bob license by licname') == 'no soft service with licname bob-lic is visible to this user'
    for name in ('license: renew bob license', 'license: new key for bob license'):
        assert msg(run, name) == 'there is no license with id %d; to order a new license give licname, not id' % bob_license, name
    # Deleting what this user cannot see is "already absent": nothing is touched.
    for name in ('license: delete bob license', 'service: delete bob vps by remoteid'):
        assert results[name]['changed'] is False and name not in [t['name'] for t in run.tasks if t['outcome'] == 'failed'], name
    assert msg(run, 'service: paid change of bob vps by id').startswith(
        'BILLmanager error (access/elid): Insufficient privileges to access object %d' % bob_vps)
    for option, _value in admin_only:
        field = 'username' if option == 'service_username' else option
        assert msg(run, 'admin only: %s' % option) == (
            "BILLmanager error (access/%s): Insufficient privileges to change the field '%s' [func vds.edit]" % (field, field)), option
    # an inventory of alice's that names bob's account lists nothing of bob's
    assert (rc == 0 and data['_meta']['hostvars'] == {}) or 'account' in stderr, stderr
    assert counters_without_writes(sim)


def counters_without_writes(sim):
    """No write function (with sok) got through: the panel's own change counters agree with the snapshot."""
    funcs = sim.counters()['func']
    return not any(func.endswith(('.order.param', '.delete', 'service.prolong', '.suspend', '.resume')) for func in funcs)


def test_a_client_cannot_order_for_another_account(sim, runner):
    """``account`` is an administrator's option: a client naming another account must be refused before anything is bought.

    The panel ignores ``account`` from a client and bills the client itself; the module then looks for the service
    in the named account, does not find it, and the next run buys again.
    """
    sim.reset()
    tasks = [
        task('service for bob', 'billmgr_service', {'type': 'vds', 'remoteid': 'for-bob', 'pricelist': 6, 'account': 'bob'}),
        task('license for bob', 'billmgr_license', {'licname': 'for-bob', 'pricelist': 3541, 'ip': '94.250.248.71', 'account': 'bob'}),
    ]
    balances = dict((name, sim.account(name)['balance']) for name in ('gina', 'bob'))
    first, second = reruns(runner, play(sim, tasks, 'gina', USERS['gina']), 2)
    bought = db_rows(sim, "SELECT id, itemtype, account_id FROM service WHERE remoteid = 'for-bob' OR licname = 'for-bob'")
    spent = balances['gina'] - sim.account('gina')['balance']
    FIGURES.add('auth_access', runs=1, refusals=2, writes_through=len(bought), duplicates=max(0, len(bought) - 2))
    said = '; '.join('%s: %s' % (t['name'], t['result'].get('msg') or 'ok, changed=%s' % t['result'].get('changed')) for t in first.tasks)
    FIGURES.row('auth_access', **ordered_row(case='a client orders with account: bob (twice)',
                                             result='%d services or licenses bought in its own account, %.2f RUB spent; first run: %s'
                                             % (len(bought), spent, said)))

    assert bought == [], 'a client was billed for an order naming another account: %s' % bought
    assert spent == 0 and sim.account('bob')['balance'] == balances['bob']
    for run in (first, second):
        for name in ('service for bob', 'license for bob'):
            assert msg(run, name) is not None and 'account' in msg(run, name), (name, run.task(name))


def test_a_client_on_a_session_key_naming_another_account_buys_at_most_once(sim, runner):
    """With a session key the module cannot ask the panel for the user's level, so it cannot refuse ``account`` up front.

    The panel bills the client's own account; the next run must find that service by its remoteid outside the named
    account and refuse, instead of buying again.
    """
    sim.reset()
    status, body = sim.raw_request({'func': 'auth', 'out': 'json', 'username': 'gina', 'password': USERS['gina']})
    doc = json.loads(body)['doc']
    assert status == 200 and 'auth' in doc, doc
    session = doc['auth']['$']
    playbook = '''\
- name: Session key
  hosts: localhost
  gather_facts: false
  tasks:
    - name: service for bob
      ispsystem.billmgr.billmgr_service:
        url: {url}
        session: {session}
        type: vds
        remoteid: session-for-bob
        pricelist: 6
        account: bob
        wait_timeout: 5
      ignore_errors: true
'''.format(url=sim.url, session=session)
    bob_balance = sim.account('bob')['balance']
    runs = reruns(runner, playbook, 3)
    bought = db_rows(sim, "SELECT id, account_id FROM service WHERE remoteid = 'session-for-bob'")
    FIGURES.add('auth_access', runs=1, refusals=2, duplicates=max(0, len(bought) - 1))
    FIGURES.row('auth_access', **ordered_row(case='a client on a session key orders with account: bob (3 runs)',
                                             result='%d service(s) bought, in its own account; runs 2 and 3 refused' % len(bought)))
    assert len(bought) <= 1, 'bought again on a re-run: %s' % bought
    assert sim.account('bob')['balance'] == bob_balance
    for run in runs[1:]:
        said = msg(run, 'service for bob')
        assert said and "already has remoteid session-for-bob" in said and "not in account 'bob'" in said, said
