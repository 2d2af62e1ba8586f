# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_panel_info and the collection playbook ispsystem.billmgr.check_panel against the simulator in its panel modes.

One playbook run per mode, several checks each: the mode is reported as the simulator runs it, each verdict is what
that mode's own answers allow, the panel was only read (no request carried sok, every function is a known read, no
row of the database changed), the report keeps no name, domain, address, id or secret of the simulator's data, and a
report starts a simulator (``--shapes``) that the check then finds the same.
"""

from __future__ import annotations

import json
import subprocess

from billmgr_sim.playbook import AnsibleRunner, PlaybookRun
from billmgr_sim.testing import SEEDED_PASSWORDS, db_rows, db_snapshot, snapshot_changes, totp_secret

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._reads import is_read

WORKS, WARNING, FAILS = 'works', 'works with a warning', 'will not work'


def check_panel(ansible, user, report=None, check=False):
    """``ansible-playbook ispsystem.billmgr.check_panel`` as a user runs it (a collection playbook, BILLMGR_* variables)."""
    args = [str(ansible.bin / 'ansible-playbook'), 'ispsystem.billmgr.check_panel']
    if report:
        args += ['-e', 'check_report=%s' % report]
    if check:
        args.append('--check')
    results = ansible.workdir / 'check_panel_results.json'
    env = dict(ansible.env, BILLMGR_TEST_RESULTS=str(results), **ansible.connection_env(user))
    proc = subprocess.run(args, capture_output=True, text=True, env=env, cwd=str(ansible.workdir), timeout=300, check=False)
    return PlaybookRun(proc.returncode, proc.stdout, proc.stderr, json.loads(results.read_text()) if results.exists() else [])


# The login's own steps: func=auth (not in counters['func']) and a two-factor login's code (totp.confirm with sok, E24),
# which opens a session and changes nothing in the panel; the database snapshot shows that too.
LOGIN = ('totp.confirm',)


def assert_only_read(sim, before):
    counters = sim.counters()
    confirmed = dict((func, count) for func, count in counters['confirmed'].items() if func not in LOGIN)
    assert confirmed == {}, 'a request carried sok: %s' % confirmed
    writes = sorted(func for func in counters['func'] if not func.startswith('sim.') and func not in LOGIN and not is_read(func))
    assert writes == [], 'functions outside the reads list: %s' % writes
    assert snapshot_changes(before, db_snapshot(sim)) == {}
    return counters


def scalars(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from scalars(value)
    elif isinstance(node, list):
        for value in node:
            yield from scalars(value)
    else:
        yield node


def assert_redacted(sim, report_path):
    """No domain, name, address, account, id, password, secret or session of the simulator's data is in the report."""
    text = report_path.read_text(encoding='utf-8')
    report = json.loads(text)
    services = db_rows(sim, 'SELECT id, domain, remoteid FROM service')
    words = {'alice', 'bob', 'admin', 'Frankfurt', 'VPS Start', 'CentOS', 'http://', '127.0.', '10.0.'} | set(SEEDED_PASSWORDS.values())
    words |= {row['domain'] for row in services if row['domain']} | {row['remoteid'] for row in services if row['remoteid']}
    words |= {row['ip'] for row in db_rows(sim, 'SELECT ip FROM service') if row['ip']}
    words |= {totp_secret('alice'), totp_secret('bob')}
    found = sorted(word for word in words if word.lower() in text.lower())
    assert found == [], 'the report keeps %s' % found
    # Panel values reach the report as text: a number there (a count, the cost in requests) is the check's own.
    ids = {str(row['id']) for row in services}
    values = [value for value in scalars(report) if isinstance(value, str)]
    assert not [value for value in values if value in ids], 'a service id is in the report'
    assert not [value for value in values if isinstance(value, str) and value[:1].isdigit() and '.' in value and 'RUB' in value]
    return report


def renewal_is_priced(sim):
    """Whether the simulator's own renewal form of VPS 958 shows a price: a cost, or prices in the edit form's choices."""
    prolong = sim.call('service.prolong', user='alice', elid=958)['doc']
    edit = sim.call('vds.edit', user='alice', elid=958)['doc']
    choices = json.dumps(edit.get('slist', {}))
    return 'cost' in prolong or 'RUB' in choices or 'EUR' in choices


def test_panel_5_client_the_playbook_reads_only_and_its_report_keeps_no_data(tmp_path, billmgr_sim):
    sim = billmgr_sim
    ansible = AnsibleRunner(tmp_path, sim)
    before = db_snapshot(sim)
    sim.reset_counters()
    report_path = tmp_path / 'panel-report.json'
    run = check_panel(ansible, 'alice', report=report_path, check=True)
    assert run.rc == 0, run
    result = run.task('Read the panel as the collection would')
    assert result['changed'] is False
    assert result['panel']['panel'] == 5 and result['panel']['dragon_cart'] is True and result['panel']['role'] == 'client'
    assert result['panel']['autoprolong_column'] == 'label' and result['panel']['two_factor'] is False
    verdicts = dict((feature, verdict['verdict']) for feature, verdict in result['features'].items())
    assert verdicts['ordering'] == WORKS and verdicts['cart'] == WORKS and verdicts['inventory'] == WORKS
    assert verdicts['power'] == WARNING  # classic lists carry no power state (real-panels-2 §4.2)
    assert verdicts['ptr'] == WORKS and verdicts['licences'] == WORKS and verdicts['account_info'] == WORKS
    assert any('vds: ' in why and 'tariffs to move to' in why for why in result['features']['tariff_change']['why'])
    assert 'answers: old_cart, dragon_cart' in result['features']['cart']['why']
    assert 'panel: BILLmanager 5; old cart: yes; new cart: no; Dragon cart: yes' in run.stdout
    assert 'report written to %s' % report_path in run.stdout
    counters = assert_only_read(sim, before)
    assert result['requests'] == counters['requests'] + counters['auth_requests']
    assert verdicts['renewal'] == (WORKS if renewal_is_priced(sim) else WARNING)
    report = assert_redacted(sim, report_path)
    assert report['panel'] == result['panel']
    assert report['lists']['vds']['status_codes'] == ['2'] and report['lists']['vds']['filter_fields'] == {
        'domain': False, 'ip': False, 'remoteid': False}
    assert report['lists']['vds']['shape']['sample'][0]['domain'] == '<domain>'
    assert report['lists']['vds']['shape']['sample'][0]['cost'] == '<money> RUB / Month'


def test_panel_6_real_shapes_report_round_trips_into_a_simulator(tmp_path, billmgr_sim_factory):
    sim = billmgr_sim_factory(panel=6, item_real_status=True, multi_ip=True, renewal_window=10)
    ansible = AnsibleRunner(tmp_path / 'first', sim)
    before = db_snapshot(sim)
    sim.reset_counters()
    report_path = tmp_path / 'report.json'
    run = check_panel(ansible, 'alice', report=report_path)
    assert run.rc == 0, run
    result = run.task('Read the panel as the collection would')
    panel = result['panel']
    assert (panel['panel'], panel['item_real_status'], panel['multi_ip'], panel['renewal_window_days']) == (6, True, True, 10)
    verdicts = dict((feature, verdict['verdict']) for feature, verdict in result['features'].items())
    assert verdicts['renewal'] == WARNING and 'renewal window' in ' '.join(result['features']['renewal']['why'])
    assert verdicts['cart'] == WORKS and 'new_cart' in result['features']['cart']['why'][0]
    assert verdicts['inventory'] == WORKS and verdicts['ptr'] == WORKS
    assert_only_read(sim, before)
    assert_redacted(sim, report_path)

    copy = billmgr_sim_factory(shapes=str(report_path))
    again = check_panel(AnsibleRunner(tmp_path / 'second', copy), 'alice')
    assert again.rc == 0, again
    assert again.task('Read the panel as the collection would')['panel'] == panel


def test_two_factor_captcha_and_administrator(tmp_path, billmgr_sim_factory):
    sim = billmgr_sim_factory(totp_users=['alice'], captcha_users=['bob'])
    ansible = AnsibleRunner(tmp_path, sim)
    before = db_snapshot(sim)
    sim.reset_counters()
    connection = '{url: "%s", username: %s, password: %s}'
    run = ansible.playbook('''
        - hosts: localhost
          gather_facts: false
          tasks:
            - name: alice without her code
              ispsystem.billmgr.billmgr_panel_info: %s
            - name: alice with her code
              ispsystem.billmgr.billmgr_panel_info: {url: "%s", username: alice, password: %s, totp_secret: %s, types: [vds]}
            - name: bob behind a captcha
              ispsystem.billmgr.billmgr_panel_info: %s
            - name: the administrator
              ispsystem.billmgr.billmgr_panel_info: {url: "%s", username: admin, password: %s, account: bob, types: [vds]}
    ''' % (connection % (sim.url, 'alice', SEEDED_PASSWORDS['alice']), sim.url, SEEDED_PASSWORDS['alice'], totp_secret('alice'),
           connection % (sim.url, 'bob', SEEDED_PASSWORDS['bob']), sim.url, SEEDED_PASSWORDS['admin']))
    assert run.rc == 0, run
    refused = run.task('alice without her code')
    assert refused['changed'] is False and refused['panel']['two_factor'] is True
    assert set(verdict['verdict'] for verdict in refused['features'].values()) == {FAILS}
    assert 'totp_secret' in refused['features']['ordering']['why'][0]
    confirmed = run.task('alice with her code')
    assert confirmed['panel']['two_factor'] is True and confirmed['features']['inventory']['verdict'] == WORKS
    captcha = run.task('bob behind a captcha')
    assert captcha['panel']['captcha'] is True and captcha['features']['ordering']['verdict'] == WORKS
    admin = run.task('the administrator')
    # Its role is not compared: Ansible masks the password (admin) wherever it appears in a result.
    assert admin['features']['account_info']['verdict'] == WORKS
    assert admin['features']['ordering']['verdict'] == WARNING
    assert 'orders as a client: give account' in ' '.join(admin['features']['ordering']['why'])
    assert_only_read(sim, before)
