# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""examples/renew_expiring.yml as a user runs it: hosts from the billmgr inventory, renewals delegated to localhost."""

from __future__ import annotations

import datetime
import sqlite3

from billmgr_sim.clock import add_months
from billmgr_sim.testing import edit_form, listed

from conftest import ROOT
from docs_examples import all_examples

EXAMPLE = ROOT / 'examples' / 'renew_expiring.yml'
INVENTORY = ROOT / 'examples' / 'renew.billmgr.yml'
RENAME = 'Renew the VPS until it lasts renew_days days'


def expiry(sim, service_id):
    return edit_form(sim, 'vds', service_id)['expiredate']


def months_later(iso, months):
    return add_months(datetime.date.fromisoformat(iso), months).isoformat()


def outcome(run, host):
    """ok, failed or skipped: what the renewal task did on one host."""
    return [t['outcome'] for t in run.tasks if t['name'] == RENAME and t['host'] == host][-1]


def run_example(ansible, sim, check=False, renew_days=45):
    env = ansible.connection_env('alice')
    sim.reset_counters()
    extra = ('-i', str(INVENTORY)) + (('-e', 'renew_days=%d' % renew_days) if renew_days is not None else ())
    result = ansible.playbook(EXAMPLE.read_text(), extra_args=extra, env=env, check=check)
    return result, sim.counters()


def set_expiry(sim, service_id, days_from_today):
    """Arrange a service's expiry date in the simulator's database (auto-renewal off, so an expired one gets suspended)."""
    date = (datetime.date.today() + datetime.timedelta(days=days_from_today)).isoformat()
    conn = sqlite3.connect(sim.db_path)
    try:
        with conn:
            conn.execute('UPDATE service SET expiredate = ?, autoprolong = NULL WHERE id = ?', (date, service_id))
    finally:
        conn.close()
    return date


def test_the_example_as_shipped_renews_what_expires_within_30_days_suspended_ones_too(ansible, billmgr_sim):
    sim = billmgr_sim
    set_expiry(sim, 938, 10)
    expired = set_expiry(sim, 958, -2)
    sim.call('vds', user='alice')  # the panel suspends what expired on its next request
    assert int(listed(sim, 'vds', user='alice', id=958)[0]['status']) == 3
    target = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()

    renewed, _counters = run_example(ansible, sim, renew_days=None)
    assert renewed.rc == 0, renewed
    for host, service_id in (('old-vps.alice.test', 938), ('web.alice.test', 958)):
        result = renewed.task(RENAME, host=host)
        assert result['changed'] is True and result['renewals'] >= 1, (host, result)
        assert expiry(sim, service_id) >= target, host
    # Renewing the service that was suspended because it expired brought it back.
    assert renewed.task(RENAME, host='web.alice.test')['expiredate_before'] == expired
    assert int(listed(sim, 'vds', user='alice', id=958)[0]['status']) == 2

    balance = sim.account('alice')['balance']
    again, counters = run_example(ansible, sim, renew_days=None)
    assert again.rc == 0, again
    assert outcome(again, 'old-vps.alice.test') == outcome(again, 'web.alice.test') == 'skipped'
    assert sim.account('alice')['balance'] == balance and 'service.prolong' not in counters['func']


def test_the_example_renews_only_the_vps_that_expire_soon_and_a_rerun_renews_nothing(ansible, billmgr_sim):
    sim = billmgr_sim
    # web.alice.test (958) is paid three months ahead already; old-vps.alice.test (938) has a month left, like bob's VPS 5.
    assert 'ok' in sim.call('service.prolong', user='alice', elid=958, period=3, skipbasket='on', sok='ok')['doc']
    web, old, bobs = expiry(sim, 958), expiry(sim, 938), expiry(sim, 5)
    balance = sim.account('alice')['balance']
    today = datetime.date.today()
    assert (datetime.date.fromisoformat(old) - today).days < 45 <= (datetime.date.fromisoformat(web) - today).days

    checked, counters = run_example(ansible, sim, check=True)
    assert checked.rc == 0, checked
    assert checked.task(RENAME, host='old-vps.alice.test')['changed'] is True
    assert checked.task(RENAME, host='old-vps.alice.test')['expiredate'] == months_later(old, 1)
    assert (expiry(sim, 938), expiry(sim, 958), sim.account('alice')['balance']) == (old, web, balance)

    renewed, counters = run_example(ansible, sim)
    assert renewed.rc == 0, renewed
    result = renewed.task(RENAME, host='old-vps.alice.test')
    assert (result['changed'], result['renewals'], result['expiredate_before'], result['expiredate']) == (True, 1, old, months_later(old, 1))
    assert outcome(renewed, 'web.alice.test') == 'skipped'
    assert 'bob-vps.test' not in renewed.stdout  # alice's inventory holds alice's VPS only
    assert expiry(sim, 938) == months_later(old, 1)
    assert expiry(sim, 958) == web
    assert expiry(sim, 5) == bobs
    assert sim.account('alice')['balance'] == balance - 500
    # the inventory's one list, then for 938: look-up, look again under the service's lock, renewal, read-back
    assert counters['func'] == {'vds': 4, 'service.prolong': 1}

    again, counters = run_example(ansible, sim)
    assert again.rc == 0, again
    assert outcome(again, 'old-vps.alice.test') == outcome(again, 'web.alice.test') == 'skipped'
    assert (expiry(sim, 938), expiry(sim, 958)) == (months_later(old, 1), web)
    assert sim.account('alice')['balance'] == balance - 500
    assert counters['func'] == {'vds': 1}


def test_the_until_guard_alone_keeps_a_rerun_free(ansible, billmgr_sim):
    """Without the billmgr_days_left filter (a stale inventory cache, say), until still renews nothing twice."""
    sim = billmgr_sim
    env = ansible.connection_env('alice')
    text = EXAMPLE.read_text().replace('      when: billmgr_days_left is not none and billmgr_days_left < renew_days | int\n', '')
    assert text != EXAMPLE.read_text()
    before = {958: expiry(sim, 958), 938: expiry(sim, 938)}
    balance = sim.account('alice')['balance']
    for _run in (1, 2):
        result = ansible.playbook(text, extra_args=('-i', str(INVENTORY), '-e', 'renew_days=45'), env=env)
        assert result.rc == 0, result
    for service_id, was in before.items():
        assert expiry(sim, service_id) == months_later(was, 1)
    # 958 costs 650 a month with its add-ons, 938 500; each renewed once over both runs.
    assert sim.account('alice')['balance'] == balance - 650 - 500
    second = [t for t in result.tasks if t['name'] == RENAME]
    assert len(second) == 2 and all(t['result']['changed'] is False for t in second)


def test_a_wrong_password_fails_the_run_saying_what_to_check(ansible, billmgr_sim):
    """An inventory that cannot log in is only a warning to Ansible: without the example's first play the renewal play
    matches no hosts and exits 0. The example and the page that shows it (docs/renewals.md) fail, and say why (issue 36)."""
    sim = billmgr_sim
    page = next(example for example in all_examples()
                if example.page == 'docs/renewals.md' and example.kind == 'plays' and 'billmgr_vds' in example.text)
    sim.reset_counters()
    for text in (EXAMPLE.read_text(), page.text):
        run = ansible.playbook(text, extra_args=('-i', str(INVENTORY)), env=ansible.connection_env('alice', password='not-alices'))
        assert run.rc == 2, run
        assert 'Invalid username or password' in run.stdout + run.stderr, run  # the inventory's warning
        failed = [task for task in run.tasks if task['outcome'] == 'failed']
        assert [task['host'] for task in failed] == ['localhost'], run
        assert "check the inventory's login" in failed[0]['result']['msg'], failed
        assert not [task for task in run.tasks if task['name'] == RENAME], run
    assert 'service.prolong' not in sim.counters()['func']
