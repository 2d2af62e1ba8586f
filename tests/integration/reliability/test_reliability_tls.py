# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""TLS: a panel with a self-signed certificate is refused by default, once, before any request, with a message that says what to do.

The simulator serves HTTPS with a certificate of its own (``ca_path`` is that certificate). A refused
connection must not be retried (it would not succeed) and must carry no request: nothing is ordered,
and the password never leaves.
"""

from __future__ import annotations

import json
import textwrap

import certifi
import pytest

from billmgr_sim.testing import db_snapshot, snapshot_changes

from .report import FIGURES, ordered_row

pytestmark = pytest.mark.usefixtures('reliability_test')

ADVICE = ('validate_certs', 'ca_path')


SIMULATOR = dict(tls=True)


def task(name, module, args):
    return '- ' + textwrap.indent(json.dumps({'name': name, 'ispsystem.billmgr.%s' % module: args, 'ignore_errors': True}), '  ').lstrip() + '\n'


def play(tasks):
    return '- hosts: localhost\n  gather_facts: false\n  tasks:\n' + textwrap.indent(''.join(tasks), '    ')


def test_a_self_signed_panel_is_refused_until_it_is_trusted(sim, runner):
    sim.reset()
    env = {'BILLMGR_URL': sim.url, 'BILLMGR_USERNAME': 'alice', 'BILLMGR_PASSWORD': sim.passwords['alice']}
    order = {'type': 'vds', 'remoteid': 'tls-order', 'pricelist': 6}
    refused_tasks = [
        task('order, default trust', 'billmgr_service', order),
        task('renewal, default trust', 'billmgr_prolong', {'type': 'vds', 'id': 958, 'until': '2030-01-01'}),
        task('license, default trust', 'billmgr_license', {'licname': 'tls-lic', 'pricelist': 3541, 'ip': '94.250.248.60'}),
        task('order, a CA bundle that did not sign it', 'billmgr_service', dict(order, ca_path=certifi.where())),
    ]
    before = db_snapshot(sim)
    sim.reset_counters()
    control = sim.counters()  # the counters call opens a connection of its own (and is not counted as a request)
    refused = runner.playbook(play(refused_tasks), env=env)
    counters = sim.counters()
    changes = snapshot_changes(before, db_snapshot(sim))
    rc, _data, _stdout, inventory_stderr = runner.inventory('plugin: ispsystem.billmgr.billmgr\n', name='tls.billmgr.yml',
                                                            env=dict(env, ANSIBLE_INVENTORY_UNPARSED_FAILED='true'))
    messages = dict((t['name'], t['result'].get('msg', '')) for t in refused.tasks)
    shown = dict((name, message.replace(sim.url, '<url>').replace('port=%d' % sim.port, 'port=<port>')) for name, message in messages.items())
    trusted = runner.playbook(play([
        task('order, ca_path', 'billmgr_service', dict(order, ca_path=sim.ca_path)),
        task('order again, BILLMGR_CA_PATH', 'billmgr_service', order),
    ]), env=dict(env, BILLMGR_CA_PATH=sim.ca_path))
    insecure = runner.playbook(play([task('order again, validate_certs false', 'billmgr_service', dict(order, validate_certs=False))]), env=env)

    unclear = [name for name, message in messages.items() if not all(word in message for word in ADVICE)]
    if not all(word in inventory_stderr for word in ADVICE):
        unclear.append('inventory')
    attempts = counters['connections'] - control['connections'] - 1  # less the second counters call
    FIGURES.add('tls', runs=4, cases=len(refused_tasks) + 4, insecure_accepted=counters['requests'] - control['requests'],
                unclear_messages=len(unclear))
    FIGURES.row('tls', **ordered_row(case='self-signed panel, default trust: 3 modules and the inventory',
                                     result='refused; %d connection(s) for %d tasks, %d requests reached the panel; message: %s'
                                     % (attempts, len(refused_tasks), counters['requests'] - control['requests'],
                                        shown['order, default trust'])))
    FIGURES.row('tls', **ordered_row(case='ca_path of another CA (certifi\'s bundle)', result='refused: %s' % shown['order, a CA bundle that did not sign it']))
    FIGURES.row('tls', **ordered_row(case='ca_path / BILLMGR_CA_PATH of the panel; validate_certs: false',
                                     result='rc %d (changed: %s); rc %d' % (trusted.rc, [t['result'].get('changed') for t in trusted.tasks], insecure.rc)))

    assert refused.rc == 0 and len(refused.failed('order, default trust')) == 1, refused
    assert unclear == [], (messages, inventory_stderr)
    assert messages['order, default trust'].startswith('BILLmanager error (tls): TLS certificate verification failed for %s' % sim.url)
    # one connection per task, never a retry, and no request got through to the panel
    assert attempts == len(refused_tasks), counters
    assert counters['requests'] - control['requests'] == 0, counters  # control calls are not counted as requests
    assert changes == {}
    assert rc != 0 and 'BILLmanager error (tls)' in inventory_stderr
    # trusted, the same order goes through once
    assert trusted.rc == 0, trusted
    assert [t['result']['changed'] for t in trusted.tasks] == [True, False]
    assert insecure.rc == 0 and insecure.task('order again, validate_certs false')['changed'] is False, insecure
