# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The request budget of each task, counted by the simulator: a regression here fails CI.

Counts are deterministic, unlike times (those are in tests/perf, see tests/perf/RESULTS.md). The
hard targets:

- a task that changes nothing makes exactly one request (billmgr_service, billmgr_license,
  billmgr_prolong with until/min_days_left), and at most two when it compares what only the edit
  form shows (add-ons, OS template, auto-renewal);
- an order makes the look-up, the order and the polls, nothing else (plus one price list read
  when names must be resolved or add-ons checked);
- a module run opens one connection (one TLS handshake), however many requests it makes.

tests/integration/test_service.py (test_requests_per_operation), test_license.py and
test_prolong.py assert single cases of these already; this file covers every identity and
module in one place, the polls of a real wait, and connection reuse.
"""

from __future__ import annotations

import datetime

from conftest import AnsibleRunner

# The order tests run the modules on a clock ten times as fast (AnsibleRunner clock_scale) against a
# processing delay a tenth as long: by the module's clock the order still takes 2 seconds.
CLOCK_SCALE = 10
PROCESSING_SECONDS = 2.0


def play(runner, sim, tasks, ca_path=None, **kwargs):
    """Run ``tasks`` (YAML text) as alice with the counters reset first; returns (run, counters)."""
    env = {'BILLMGR_CA_PATH': ca_path} if ca_path else None
    sim.reset_counters()
    run = runner.tasks(tasks, env=env, **kwargs)
    counters = sim.counters()
    assert run.rc == 0, run
    return run, counters


def test_a_task_that_changes_nothing_makes_one_request(ansible, billmgr_sim):
    soon = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    run, counters = play(ansible, billmgr_sim, '''
        - name: service by id
          ispsystem.billmgr.billmgr_service: {type: vds, id: 958}
        - name: service by domain, with the order options of an existing service, the tariff by name
          ispsystem.billmgr.billmgr_service: {type: vhost, domain: alice.test, pricelist: Hosting Start, datacenter: 1, period: 1}
        - name: service by id, auto-renewal as it is (in the list, no form)
          ispsystem.billmgr.billmgr_service: {type: vds, id: 958, autoprolong: 1}
        - name: service absent, none there
          ispsystem.billmgr.billmgr_service: {type: vds, remoteid: never-ordered, state: absent}
        - name: service in check mode
          ispsystem.billmgr.billmgr_service: {type: dedic, id: 1065}
          check_mode: true
        - name: license by licname
          ispsystem.billmgr.billmgr_license: {licname: alice-lite, pricelist: ISPmanager Lite, ip: 203.0.113.10, period: 1}
        - name: license by id
          ispsystem.billmgr.billmgr_license: {id: 777}
        - name: license in check mode
          ispsystem.billmgr.billmgr_license: {licname: alice-lite}
          check_mode: true
        - name: renewal until, by id
          ispsystem.billmgr.billmgr_prolong: {type: vds, id: 958, until: "%(soon)s"}
        - name: renewal until, by domain
          ispsystem.billmgr.billmgr_prolong: {type: vhost, domain: alice.test, until: "%(soon)s"}
        - name: renewal min_days_left, by licname
          ispsystem.billmgr.billmgr_prolong: {licname: alice-lite, min_days_left: 7}
        - name: renewal until, in check mode
          ispsystem.billmgr.billmgr_prolong: {type: dedic, id: 892, until: "%(soon)s", period: 12}
          check_mode: true
    ''' % {'soon': soon}, diff=True)
    assert [t['result'].get('changed') for t in run.tasks] == [False] * 12
    assert counters['func'] == {'vds': 4, 'vhost': 2, 'dedic': 2, 'soft': 4}
    assert counters['requests'] == 12


def test_a_task_that_compares_what_only_the_edit_form_shows_makes_two(ansible, billmgr_sim):
    form = billmgr_sim.call('vds.edit', user='alice', elid=958)['doc']
    addons = {'11': int(form['addon_11']['$']), '9': int(form['addon_9']['$'])}  # RAM and CPU as they are
    ostempl = form['ostempl']['$']
    run, counters = play(ansible, billmgr_sim, '''
        - name: add-ons and the OS template as they are
          ispsystem.billmgr.billmgr_service:
            type: vds
            id: 958
            ostempl: %s
            addons: %s
        - name: auto-renewal as it is
          ispsystem.billmgr.billmgr_prolong: {type: vds, id: 958, autoprolong: "1"}
        - name: license auto-renewal as it is
          ispsystem.billmgr.billmgr_prolong: {type: soft, id: 777, autoprolong: "off"}
        - name: the tariff by id (real lists show its name only, E18)
          ispsystem.billmgr.billmgr_service: {type: vhost, domain: alice.test, pricelist: 2}
    ''' % (ostempl, addons))
    assert [t['result'].get('changed') for t in run.tasks] == [False] * 4
    assert counters['func'] == {'vds': 2, 'vds.edit': 2, 'soft': 1, 'soft.edit': 1, 'vhost': 1, 'vhost.edit': 1}


def test_changes_and_deletes_make_the_look_up_and_their_writes_only(ansible, billmgr_sim):
    run, counters = play(ansible, billmgr_sim, '''
        - name: more memory
          ispsystem.billmgr.billmgr_service: {type: vds, id: 958, addons: {"11": 4096}}
    ''')
    assert run.task('more memory')['changed'] is True
    # the look-up, the form, the edit, and the form read back: the change is checked, not assumed
    assert counters['func'] == {'vds': 1, 'vds.edit': 3}

    run, counters = play(ansible, billmgr_sim, '''
        - name: auto-renewal off, from the list
          ispsystem.billmgr.billmgr_service: {type: vds, id: 958, autoprolong: "off"}
    ''')
    assert run.task('auto-renewal off, from the list')['changed'] is True
    # no form: the list shows auto-renewal, and the list by id reads it back
    assert counters['func'] == {'vds': 2, 'vds.edit': 1}

    run, counters = play(ansible, billmgr_sim, '''
        - name: delete
          ispsystem.billmgr.billmgr_service: {type: vds, id: 938, state: absent}
    ''')
    assert run.task('delete')['changed'] is True
    # the look-up, the deletion, and the list by id confirming it (a write is confirmed by reading it back)
    assert counters['func'] == {'vds': 2, 'vds.delete': 1}


def test_an_order_makes_the_look_up_the_order_and_the_polls_only(tmp_path, billmgr_sim_factory):
    sim = billmgr_sim_factory(processing_delay=PROCESSING_SECONDS / CLOCK_SCALE)
    runner = AnsibleRunner(tmp_path, sim, clock_scale=CLOCK_SCALE)

    run, counters = play(runner, sim, '''
        - name: by ids
          ispsystem.billmgr.billmgr_service: {type: vds, remoteid: counted-1, pricelist: 6, datacenter: 1}
    ''')
    assert run.task('by ids')['service']['status'] == 2
    polls = counters['func'].get('vds', 0) - 1
    # Every order reads the price list once, to check it against the tariff, and both carts (an unpaid order of the type
    # waiting there would be paid with the cart: issue 19, bug 8).
    assert counters['func'] == {'vds': 1 + polls, 'v2.vds.order.param': 1, 'pricelist.export': 1, 'basket': 1, 'cart': 1}
    # Backoff from 1 s: polls at 0, 1, 2.5 s after the order for 2 s of processing (fewer when a loaded machine is slow).
    assert 1 <= polls <= 3, polls

    run, counters = play(runner, sim, '''
        - name: by names, with add-ons
          ispsystem.billmgr.billmgr_service:
            type: vds
            remoteid: counted-2
            pricelist: VPS Start
            datacenter: Frankfurt
            addons: {RAM: 2048}
    ''')
    assert run.task('by names, with add-ons')['service']['status'] == 2
    polls = counters['func'].get('vds', 0) - 1
    assert counters['func'] == {'vds': 1 + polls, 'v2.vds.order.param': 1, 'pricelist.export': 1, 'basket': 1, 'cart': 1}
    assert 1 <= polls <= 3, polls

    run, counters = play(runner, sim, '''
        - name: without waiting
          ispsystem.billmgr.billmgr_service: {type: vds, remoteid: counted-3, pricelist: 6, datacenter: 1, wait: false}
    ''')
    assert run.task('without waiting')['service']['status'] == 5
    # the look-up, the price list, the two carts, the order, one read of the new service
    assert counters['func'] == {'vds': 2, 'v2.vds.order.param': 1, 'pricelist.export': 1, 'basket': 1, 'cart': 1}


def test_one_tls_handshake_per_module_run(tmp_path, billmgr_sim_factory):
    sim = billmgr_sim_factory(tls=True, processing_delay=PROCESSING_SECONDS / CLOCK_SCALE)
    runner = AnsibleRunner(tmp_path, sim, clock_scale=CLOCK_SCALE)
    # The counters call opens a connection of its own, and counts it.
    sim.reset_counters()
    own = sim.counters()
    assert own['tls_handshakes'] == own['connections'] == 1

    run, counters = play(runner, sim, '''
        - name: order by names and wait
          ispsystem.billmgr.billmgr_service:
            type: vds
            remoteid: tls-1
            pricelist: VPS Start
            datacenter: Frankfurt
            addons: {RAM: 2048}
    ''', ca_path=sim.ca_path)
    assert run.task('order by names and wait')['service']['status'] == 2
    assert counters['requests'] >= 4  # look-up, price list, order, the polls
    assert counters['connections'] - own['connections'] == 1
    assert counters['tls_handshakes'] - own['tls_handshakes'] == 1

    run, counters = play(runner, sim, '''
        - name: one
          ispsystem.billmgr.billmgr_service: {type: vds, remoteid: tls-1}
        - name: two
          ispsystem.billmgr.billmgr_service_info: {with_addons: true}
    ''', ca_path=sim.ca_path)
    assert counters['requests'] > 2
    assert counters['tls_handshakes'] - own['tls_handshakes'] == 2  # one per module run
