# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_api against the simulator: reads, a write only when marked (never in check mode), secrets masked, bad input
refused before any request - each checked in the simulator's counters and state, not only in the task's result."""

from __future__ import annotations

from billmgr_sim.playbook import AnsibleRunner
from billmgr_sim.testing import db_rows, listed

# A client whose password is not its name: Ansible masks a no_log value wherever it appears in a result.
CAROL = 'carol=Carol-pw-93f1'
SECRET = 'New-Pass-5e2b81'


def carol(tmp_path, billmgr_sim_factory):
    sim = billmgr_sim_factory(users=[CAROL])
    return sim, AnsibleRunner(tmp_path, sim)


def test_reads_answer_as_plain_data(tmp_path, billmgr_sim_factory):
    sim, ansible = carol(tmp_path, billmgr_sim_factory)
    sim.set_balance('carol', 2000)
    ordered = ansible.tasks('''
        - name: order
          ispsystem.billmgr.billmgr_service: {type: vds, remoteid: api-1, pricelist: 6}
    ''', user='carol')
    assert ordered.rc == 0, ordered
    vps = ordered.task('order')['service']['id']

    run = ansible.tasks('''
        - name: whoami
          ispsystem.billmgr.billmgr_api: {func: whoami}
        - name: list
          ispsystem.billmgr.billmgr_api: {func: vds, params: {filter: true, id: %d}}
    ''' % vps, user='carol', check=True)

    assert run.rc == 0, run
    assert run.task('whoami')['doc']['user']['text'] == 'carol' and run.task('whoami')['changed'] is False
    elems = run.task('list')['doc']['elem']
    listed_ids = [int(elem['id']) for elem in (elems if isinstance(elems, list) else [elems])]
    assert listed_ids == [vps] == [int(row['id']) for row in listed(sim, 'vds', user='carol', id=vps)]
    assert run.task('list')['request'] == {'filter': True, 'id': vps}


def test_a_write_is_sent_only_when_marked_and_never_in_check_mode(tmp_path, billmgr_sim_factory):
    sim, ansible = carol(tmp_path, billmgr_sim_factory)
    sim.set_balance('carol', 2000)
    vps = ansible.tasks('''
        - name: order
          ispsystem.billmgr.billmgr_service: {type: vds, remoteid: api-2, pricelist: 6}
    ''', user='carol').task('order')['service']['id']
    edit = '{func: vds.edit, elid: %d, params: {sok: ok, autoprolong: 1}%s}'
    sim.reset_counters()

    unmarked = ansible.tasks('''
        - name: unmarked
          ispsystem.billmgr.billmgr_api: %s
          ignore_errors: true
    ''' % (edit % (vps, '')), user='carol')
    checked = ansible.tasks('''
        - name: checked
          ispsystem.billmgr.billmgr_api: %s
    ''' % (edit % (vps, ', write: true')), user='carol', check=True)
    assert 'vds.edit' not in sim.counters()['func'], 'neither an unmarked write nor check mode sends anything'
    assert db_rows(sim, 'SELECT autoprolong FROM service WHERE id = ?', vps) == [{'autoprolong': None}]
    assert unmarked.failed('unmarked')
    assert unmarked.task('unmarked')['msg'] == ('vds.edit with sok changes the panel: set write: true to send it (it is sent once, '
                                                'never retried, and not in check mode)')
    assert checked.rc == 0 and checked.task('checked')['changed'] is True and checked.task('checked')['doc'] is None

    # A marked write is sent once and not again after a dropped connection.
    sim.set_fault('vds.edit', 'drop-after-commit', 1)
    dropped = ansible.tasks('''
        - name: dropped
          ispsystem.billmgr.billmgr_api: %s
          ignore_errors: true
    ''' % (edit % (vps, ', write: true')), user='carol')
    assert dropped.failed('dropped') and sim.counters()['func']['vds.edit'] == 1
    written = ansible.tasks('''
        - name: written
          ispsystem.billmgr.billmgr_api: %s
    ''' % (edit % (vps, ', write: true')), user='carol')
    assert written.rc == 0 and written.task('written')['changed'] is True, written
    assert sim.counters()['func']['vds.edit'] == 2
    assert db_rows(sim, 'SELECT autoprolong FROM service WHERE id = ?', vps) == [{'autoprolong': 1}]


def test_a_function_that_acts_without_sok_is_a_write_sent_once_and_never_in_check_mode(tmp_path, billmgr_sim_factory):
    """Issue 33 item 3, issue 32 bug 4: real panels delete on vds.delete without sok; it was sent as a read, in check mode and
    without write, and retried after a lost answer."""
    sim, ansible = carol(tmp_path, billmgr_sim_factory)
    sim.set_balance('carol', 2000)
    vps = ansible.tasks('''
        - name: order
          ispsystem.billmgr.billmgr_service: {type: vds, remoteid: api-3, pricelist: 6}
    ''', user='carol').task('order')['service']['id']
    sim.reset_counters()
    calls = '''
        - name: unmarked
          ispsystem.billmgr.billmgr_api: {func: vds.delete, elid: [%d]}
          ignore_errors: true
        - name: suspend
          ispsystem.billmgr.billmgr_api: {func: vds.suspend, elid: [%d]}
          ignore_errors: true
    ''' % (vps, vps)
    plain, checked = ansible.tasks(calls, user='carol'), ansible.tasks(calls, user='carol', check=True)
    marked = ansible.tasks('''
        - name: marked
          ispsystem.billmgr.billmgr_api: {func: vds.delete, elid: [%d], write: true}
    ''' % vps, user='carol', check=True)
    assert not set(sim.counters()['func']) & {'vds.delete', 'vds.suspend'}, 'nothing sent without write, nor in check mode'
    for run in (plain, checked):
        assert run.failed('unmarked') and 'vds.delete may change the panel' in run.task('unmarked')['msg']
        assert run.failed('suspend') and 'set write: true to send it' in run.task('suspend')['msg']
    assert marked.rc == 0 and marked.task('marked')['changed'] is True and marked.task('marked')['doc'] is None
    assert db_rows(sim, 'SELECT status FROM service WHERE id = ?', vps) == [{'status': 2}]

    # Marked and not in check mode: sent once, and not again after its answer was lost.
    sim.set_fault('vds.delete', 'drop-after-commit', 1)
    lost = ansible.tasks('''
        - name: lost
          ispsystem.billmgr.billmgr_api: {func: vds.delete, elid: [%d], write: true}
          ignore_errors: true
    ''' % vps, user='carol')
    assert lost.failed('lost') and sim.counters()['func']['vds.delete'] == 1, 'a write is never retried'


def test_bad_input_fails_before_any_request_and_secrets_stay_masked(tmp_path, billmgr_sim_factory):
    sim, ansible = carol(tmp_path, billmgr_sim_factory)
    sim.reset_counters()
    cases = {
        'bad func': ("{func: 'vds; rm -rf /'}", "func 'vds; rm -rf /' is not a BILLmanager function name"),
        'nested': ('{func: vds, params: {filter: {a: 1}}}', 'params: filter must be a single value (a string, number or boolean), not a mapping'),
        'auth': ('{func: vds, params: {auth: x}}', 'params: auth is set by the module, not by params'),
        'su': ('{func: vds, params: {su: bob}}', 'params: su is set by the module, not by params'),
        'elid': ('{func: vds.edit, params: {elid: 1}}', 'params: elid is set by the module, not by params (give elid as the elid option)'),
    }
    tasks = ''.join('''
        - name: %s
          ispsystem.billmgr.billmgr_api: %s
          ignore_errors: true
    ''' % (name, args) for name, (args, dummy) in cases.items())
    run = ansible.tasks(tasks + '''
        - name: refused secret
          ispsystem.billmgr.billmgr_api: {func: service.changepassword, elid: 1, write: true, params: {passwd: %s, confirm: %s, sok: ok}}
          ignore_errors: true
        - name: secret
          ispsystem.billmgr.billmgr_api: {func: vds, params: {filter: true, userpassword: %s}}
    ''' % (SECRET, SECRET, SECRET), user='carol', extra_args=['-vvv'])
    for name, (dummy, message) in cases.items():
        assert run.failed(name), name
        assert run.task(name)['msg'].startswith(message), (name, run.task(name)['msg'])
    counted = sim.counters()
    # Only the last two tasks reached the panel: a login each, one call each.
    assert counted['logins'] == 2 and set(counted['func']) <= {'service.changepassword', 'vds'}, counted
    assert counted['func'].get('vds') == 1, 'only the last task reached the panel with a list'
    assert run.failed('refused secret')
    secret = run.task('secret')
    assert secret['request'] == {'filter': True, 'userpassword': '********'}
    assert SECRET not in run.stdout + run.stderr + repr(run.tasks)
