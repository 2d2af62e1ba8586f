# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tasks/_service_power_task.py: which function each service needs, one request for all, and lost answers never sent again blindly."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._service_power_task import PowerTask, action_for, power_of
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import DROP, error, listing, ok

STOPPED = '2_2_16'  # E22: cloud instances only (real-panels-2 §4.2)


class PowerPanel(object):
    """A panel with services of ``item_type`` by id -> item_status code; a write may be answered with a dropped
    connection. A classic type's list (vds, dedic) shows no power state: a stopped one is listed as active."""

    def __init__(self, http_server, codes, drop=(), apply_dropped=True, reboot_looks=1, item_type='instances'):
        self.item_type = item_type
        self.codes = dict(codes)
        self.drop = list(drop)
        self.apply_dropped = apply_dropped
        self.reboot_looks = reboot_looks  # lists that still show a reboot in processing
        self.rebooting = {}
        http_server.handler = self

    def __call__(self, form):
        func = form['func']
        if func == self.item_type:
            return listing(*[self._elem(service_id) for service_id in sorted(self.codes)
                             if form.get('id') in (None, str(service_id))])
        ids = [int(part) for part in form['elid'].split(',')]
        dropped = func in self.drop
        if dropped:
            self.drop.remove(func)
        if not dropped or self.apply_dropped:
            for service_id in ids:
                if func in ('service.reboot', 'service.hardreboot'):
                    self.rebooting[service_id] = self.reboot_looks
                else:
                    self.codes[service_id] = '2' if func == 'service.start' else STOPPED
        return DROP if dropped else ok()

    def _elem(self, service_id):
        code = self.codes[service_id]
        if self.rebooting.get(service_id):
            self.rebooting[service_id] -= 1
            code = '2_reboot'  # real-panels-2 §4.3: status 2, "in progress"
        if self.item_type != 'instances' and code == STOPPED:
            code = '2'
        return {'id': str(service_id), 'status': code.split('_')[0], 'item_status': {'orig': code, 'text': 'x'},
                'domain': 'vm%d.example.com' % service_id}


def run(client, check_mode=False, diff=False, **params):
    args = dict({'type': 'instances', 'id': None, 'remoteid': None, 'domain': None, 'wait': False, 'wait_timeout': 60}, **params)
    warnings = []
    result = PowerTask(client, args, check_mode=check_mode, diff=diff, warn=warnings.append).run()
    return result, warnings


def writes(http_server):
    return [(func, params['elid']) for func, params in http_server.writes()]


def instance(status, code):
    return {'type': 'instances', 'status': status, 'item_status': code}


def test_power_of_reads_the_compound_item_status():
    assert power_of(instance(2, '2')) == 'running'
    assert power_of(instance(2, STOPPED)) == 'stopped'
    assert power_of(instance(2, '2_reboot')) == 'restarting'  # real-panels-2 §4.3: a reboot keeps status 2
    assert power_of(instance(2, '2_something_else')) == 'restarting'  # E22: only "2" is plain active
    assert power_of(instance(2, None)) == 'running'
    assert power_of(instance(5, '5_reboot')) is None and power_of(instance(5, '5_open')) is None
    assert power_of(instance(3, STOPPED)) is None  # suspended (panel 6 writes it so too) is not stopped


def test_a_classic_list_shows_no_power_state_so_it_is_unknown():
    """real-panels-2 §4.2: classic VPS and dedicated lists carry none; a 2_2_16 there is not read as one either."""
    for item_type in ('vds', 'dedic'):
        assert power_of({'type': item_type, 'status': 2, 'item_status': '2'}) == 'unknown'
        assert power_of({'type': item_type, 'status': 2, 'item_status': '2_reboot'}) == 'unknown'
        assert power_of({'type': item_type, 'status': 5, 'item_status': '5_reboot'}) is None
        assert power_of({'type': item_type, 'status': 3, 'item_status': '3_autosuspend'}) is None
    assert action_for('started', 'unknown') == 'service.start' and action_for('stopped', 'unknown') == 'service.stop'
    assert action_for('restarted', 'unknown') == 'service.reboot'
    assert action_for('restarted', 'stopped') == 'service.start' and action_for('restarted', 'running') == 'service.reboot'
    assert action_for('started', 'running') is None and action_for('stopped', 'running') == 'service.stop'


def test_started_sends_one_request_for_the_stopped_ones_only(http_server, client):
    panel = PowerPanel(http_server, {1: STOPPED, 2: '2', 3: STOPPED})
    result, dummy = run(client, id=[1, 2, 3], state='started', diff=True)
    assert writes(http_server) == [('service.start', '1, 3')]
    assert http_server.funcs() == ['instances', 'service.start', 'instances']
    assert result['changed'] is True and result['actions'] == {'service.start': [1, 3]}
    assert [s['power'] for s in result['services']] == ['running'] * 3 and set(panel.codes.values()) == {'2'}
    assert result['diff'] == {'before': {'1': 'stopped', '2': 'running', '3': 'stopped'},
                              'after': {'1': 'running', '2': 'running', '3': 'running'}}
    again, dummy = run(client, id=[1, 2, 3], state='started')
    assert again['changed'] is False and again['actions'] == {} and writes(http_server) == [('service.start', '1, 3')]


def test_check_mode_says_what_it_would_send_and_sends_nothing(http_server, client):
    PowerPanel(http_server, {1: '2', 2: STOPPED})
    result, dummy = run(client, check_mode=True, id=[1, 2], state='restarted')
    assert result['changed'] is True and result['actions'] == {'service.reboot': [1], 'service.start': [2]}
    assert writes(http_server) == [] and http_server.funcs() == ['instances']


def test_a_service_that_is_not_active_fails_before_any_write(http_server, client):
    PowerPanel(http_server, {1: '2', 2: '3_autosuspend'})
    with pytest.raises(InputError, match=r'this service cannot be stopped now: instances 2 is 3_autosuspend; nothing was sent'):
        run(client, id=[1, 2], state='stopped')
    with pytest.raises(InputError, match='no instances service has id 7'):
        run(client, id=[1, 7], state='stopped')
    assert writes(http_server) == []


def test_bad_input_sends_nothing(http_server, client):
    with pytest.raises(InputError, match='exactly one of id, remoteid or domain'):
        run(client, id=[1], remoteid=['r'], state='started')
    with pytest.raises(InputError, match='type vhost has no power control'):
        run(client, type='vhost', id=[1], state='started')
    with pytest.raises(InputError, match='wait_timeout must be 0 or more'):
        run(client, id=[1], state='started', wait_timeout=-1)
    assert http_server.requests == []


def test_a_lost_stop_that_was_made_is_read_back_not_sent_again(http_server, client):
    PowerPanel(http_server, {1: '2', 2: '2'}, drop=['service.stop'])
    result, dummy = run(client, id=[1, 2], state='stopped')
    assert writes(http_server) == [('service.stop', '1, 2')]
    assert result['changed'] is True and [s['power'] for s in result['services']] == ['stopped', 'stopped']


def test_a_lost_start_is_never_sent_again_even_to_the_services_it_did_not_reach(http_server, client):
    panel = PowerPanel(http_server, {1: STOPPED, 2: STOPPED}, drop=['service.start'], apply_dropped=False)

    def reaches_only_the_first(form):
        answer = panel(form)
        if answer is DROP:
            panel.codes[1] = '2'
        return answer
    http_server.handler = reaches_only_the_first
    with pytest.raises(BillmgrError) as err:
        run(client, id=[1, 2], state='started')
    assert err.value.outcome_unknown is True and 'nothing was sent again' in str(err.value)
    assert writes(http_server) == [('service.start', '1, 2')]


def test_a_lost_reboot_is_not_sent_again_and_says_so(http_server, client):
    PowerPanel(http_server, {1: '2'}, drop=['service.reboot'])
    result, warnings = run(client, id=[1], state='restarted')
    assert writes(http_server) == [('service.reboot', '1')]
    assert result['changed'] is True
    assert len(warnings) == 1 and 'the answer to service.reboot for 1 was lost' in warnings[0] and 'not sent again' in warnings[0]


def test_a_refused_reboot_is_the_panels_answer(http_server, client):
    PowerPanel(http_server, {1: '2'})
    http_server.answer('service.reboot', error('value', 'elid', 'The service #1 is stopped'))
    with pytest.raises(BillmgrError, match='The service #1 is stopped'):
        run(client, id=[1], state='restarted')


def test_a_second_function_refused_after_the_first_reports_what_was_sent(http_server, client):
    PowerPanel(http_server, {1: '2', 2: STOPPED})
    http_server.answer('service.start', error('value', 'elid', 'refused'))
    with pytest.raises(TaskError, match=r'sent before it: service.reboot for 1') as failure:
        run(client, id=[1, 2], state='restarted')
    assert failure.value.result['changed'] is True


def test_wait_polls_until_the_reboot_is_over(http_server, client, fake_time):
    PowerPanel(http_server, {1: '2'}, reboot_looks=2)
    result, dummy = run(client, id=[1], state='restarted', wait=True)
    assert http_server.funcs() == ['instances', 'service.reboot', 'instances', 'instances', 'instances']
    assert result['services'][0]['power'] == 'running' and len(fake_time.sleeps) == 2


def test_a_wait_that_runs_out_fails_without_sending_again(http_server, client):
    PowerPanel(http_server, {1: '2'}, reboot_looks=1000)
    with pytest.raises(TaskError, match=r'still not running after 5s: instances 1 is restarting') as failure:
        run(client, id=[1], state='restarted', wait=True, wait_timeout=5)
    assert writes(http_server) == [('service.reboot', '1')] and failure.value.result['changed'] is True


def test_services_found_by_remoteid_in_one_listing(http_server, client):
    panel = PowerPanel(http_server, {1: '2', 2: '2'})
    original = panel._elem
    panel._elem = lambda service_id: dict(original(service_id), remoteid='r%d' % service_id)
    result, dummy = run(client, remoteid=['r2', 'r1'], state='stopped')
    assert writes(http_server) == [('service.stop', '2, 1')] and http_server.sent('instances')[0] == {'filter': 'on'}
    assert result['actions'] == {'service.stop': [2, 1]}


def test_stopped_on_a_classic_vps_acts_every_time_and_finishes_at_once_with_an_unknown_state(http_server, client):
    """It cannot wait for a state no list shows (before: 600 s and a failure on every run)."""
    PowerPanel(http_server, {1: '2'}, item_type='vds')
    for dummy in range(2):
        result, dummy = run(client, type='vds', id=[1], state='stopped', wait=True, wait_timeout=600)
        assert result['changed'] is True and result['actions'] == {'service.stop': [1]}
        assert [s['power'] for s in result['services']] == ['unknown']
    assert writes(http_server) == [('service.stop', '1'), ('service.stop', '1')]
    assert http_server.funcs() == ['vds', 'service.stop', 'vds'] * 2


def test_a_lost_stop_on_a_classic_vps_is_not_sent_again_and_is_said(http_server, client):
    PowerPanel(http_server, {1: '2'}, drop=['service.stop'], item_type='dedic')
    result, warnings = run(client, type='dedic', id=[1], state='stopped')
    assert writes(http_server) == [('service.stop', '1')]
    assert result['changed'] is True and 'may or may not' in warnings[0]


def test_a_reboot_of_a_classic_server_is_sent_once_and_not_waited_for(http_server, client):
    """real-panels-2 §4.2, §4.3: a reboot keeps status 2 and a classic list shows no power state, so there is nothing to
    wait for: one request, done (a restart is never read back there)."""
    PowerPanel(http_server, {1: '2'}, item_type='vds', reboot_looks=1000)
    result, warnings = run(client, type='vds', id=[1], state='restarted', wait=True, wait_timeout=600)
    assert writes(http_server) == [('service.reboot', '1')] and warnings == []
    assert result['changed'] is True and [s['power'] for s in result['services']] == ['unknown']
    assert http_server.funcs() == ['vds', 'service.reboot', 'vds']
