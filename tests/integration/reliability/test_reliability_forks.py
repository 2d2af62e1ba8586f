# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Parallel runs: many forks ordering at once, and two runs that want the same service.

The simulator keeps new services in processing for a while, so the forks' waits overlap and a
second run can meet a service that is ordered but not active yet. Only that last test needs the
processing to outlast a second run's start (PROCESSING seconds); the others wait one poll (FAST).
"""

from __future__ import annotations

import datetime
import threading
import time

import pytest

from billmgr_sim.testing import db_rows

from .report import FIGURES, ordered_row

pytestmark = pytest.mark.usefixtures('reliability_test')

PROCESSING = 3
# Below the modules' first poll (1 s): an order still meets its service in processing and waits, one poll.
FAST = 0.5
HOLD = 5
HOSTS = ['vps-%02d' % number for number in range(1, 21)]

ORDER_PLAY = '''\
- name: One VPS per host
  hosts: {hosts}
  gather_facts: false
  tasks:
    - name: order
      ispsystem.billmgr.billmgr_service:
        url: {url}
        username: alice
        password: Ali-6b1d
        type: vds
        remoteid: "{remoteid}"
        domain: "{domain}"
        pricelist: 6
'''


SIMULATOR = dict(processing_delay=PROCESSING)


def services(sim, remoteid=None):
    if remoteid:
        return db_rows(sim, "SELECT * FROM service WHERE itemtype = 'vds' AND remoteid = ?", remoteid)
    return db_rows(sim, "SELECT * FROM service WHERE itemtype = 'vds' AND remoteid IS NOT NULL")


def order_requests(sim):
    return sim.counters()['func'].get('v2.vds.order.param', 0)


def hosts_file(runner):
    path = runner.workdir / 'forks.ini'
    path.write_text('[fleet]\n%s\n' % '\n'.join('%s ansible_connection=local' % host for host in HOSTS))
    return str(path)


def test_twenty_services_with_ten_forks_then_a_rerun_orders_nothing(sim, runner):
    sim.reset()
    sim.set_processing_delay(FAST)
    balance = sim.account('alice')['balance']
    play = ORDER_PLAY.format(hosts='fleet', url=sim.url, remoteid='{{ inventory_hostname }}', domain='{{ inventory_hostname }}.example.com')
    args = ['-i', hosts_file(runner), '-f', '10']

    first = runner.playbook(play, extra_args=args)
    second = runner.playbook(play, extra_args=args)

    rows = services(sim)
    by_remoteid = {}
    for row in rows:
        by_remoteid.setdefault(row['remoteid'], []).append(row)
    duplicates = sum(len(found) - 1 for found in by_remoteid.values())
    charges = [float(e['amount']) for e in sim.account('alice')['expenses']]
    FIGURES.add('forks', runs=2, services_ordered=len(rows), duplicates=duplicates, double_charges=max(0, len(charges) - len(HOSTS)))
    rerun_changed = sum(1 for t in second.tasks if t['result'].get('changed'))
    FIGURES.row('forks', **ordered_row(case='20 VPS, forks: 10, then the same play again',
                                       result='%d services, %d duplicates, %d charges, %d order requests; the re-run: %d changed'
                                       % (len(rows), duplicates, len(charges), order_requests(sim), rerun_changed)))

    assert first.rc == 0, first
    assert sorted(t['host'] for t in first.tasks if t['outcome'] == 'ok' and t['result']['changed']) == HOSTS
    ids = [first.task('order', host)['service']['id'] for host in HOSTS]
    assert len(set(ids)) == len(HOSTS)
    assert all(first.task('order', host)['service']['status'] == 2 and first.task('order', host)['service']['ip'] for host in HOSTS)
    assert sorted(by_remoteid) == HOSTS and duplicates == 0
    assert charges == [500.0] * len(HOSTS)
    assert sim.account('alice')['balance'] == balance - 500.0 * len(HOSTS)
    # the same play again: every VPS is found, nothing is ordered
    assert second.rc == 0, second
    assert [t['outcome'] for t in second.tasks] == ['ok'] * len(HOSTS)
    assert not any(t['result']['changed'] for t in second.tasks)
    assert [second.task('order', host)['service']['id'] for host in HOSTS] == ids
    assert order_requests(sim) == len(HOSTS)


def test_two_runs_for_one_remoteid_at_the_same_time(sim, runner, other_runner):
    """Both start before either order is committed (the panel holds each order HOLD seconds): the order lock makes the second wait."""
    sim.reset()
    sim.set_processing_delay(FAST)
    sim.set_fault('v2.vds.order.param', 'slow', 2, seconds=HOLD)
    play = ORDER_PLAY.format(hosts='localhost', url=sim.url, remoteid='twin', domain='twin.example.com')
    runs = {}

    def run(name, ansible):
        runs[name] = ansible.playbook(play)

    threads = [threading.Thread(target=run, args=(name, ansible)) for name, ansible in (('a', runner), ('b', other_runner))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    twins = services(sim, 'twin')
    third = runner.playbook(play)
    FIGURES.fact('same_remoteid', {
        'hold': HOLD, 'runs': 2, 'services': len(twins),
        'third_run': 'ordered nothing; found service %s' % third.task('order')['service']['id'] if third.rc == 0 else third.task('order')['msg'],
    })
    FIGURES.add('forks', runs=3, duplicates=max(0, len(twins) - 1))

    assert runs['a'].rc == 0 and runs['b'].rc == 0, (runs['a'], runs['b'])
    assert len(twins) == 1 and order_requests(sim) == 1
    [changed] = [name for name in 'ab' if runs[name].task('order')['changed']]
    assert runs['b' if changed == 'a' else 'a'].task('order')['service']['id'] == twins[0]['id']
    assert third.rc == 0 and third.task('order')['changed'] is False and third.task('order')['service']['id'] == twins[0]['id']
    assert order_requests(sim) == 1, 'the third run must never order'


@pytest.mark.parametrize('forks', [20, 50])
def test_every_fork_orders_one_remoteid_and_one_service_is_bought(sim, runner, forks):
    sim.reset()
    sim.set_processing_delay(FAST)
    balance = sim.account('alice')['balance']
    hosts = ['fork-%02d' % number for number in range(1, forks + 1)]
    inventory = runner.workdir / ('one-identity-%d.ini' % forks)
    inventory.write_text('[fleet]\n%s\n' % '\n'.join('%s ansible_connection=local' % host for host in hosts))
    play = ORDER_PLAY.format(hosts='fleet', url=sim.url, remoteid='shared-%d' % forks, domain='shared-%d.example.com' % forks)

    run = runner.playbook(play, extra_args=['-i', str(inventory), '-f', str(forks)])

    rows = services(sim, 'shared-%d' % forks)
    charges = [float(e['amount']) for e in sim.account('alice')['expenses']]
    changed = [t['host'] for t in run.tasks if t['result'].get('changed')]
    FIGURES.add('forks', runs=1, services_ordered=len(rows), duplicates=max(0, len(rows) - 1), double_charges=max(0, len(charges) - 1))
    FIGURES.row('forks', **ordered_row(case='one remoteid on %d hosts, forks: %d' % (forks, forks),
                                       result='%d service(s), %d charge(s), %d order request(s); %d task(s) changed'
                                       % (len(rows), len(charges), order_requests(sim), len(changed))))

    assert run.rc == 0, run
    assert len(rows) == 1 and order_requests(sim) == 1
    assert charges == [500.0] and sim.account('alice')['balance'] == balance - 500.0
    assert len(changed) == 1
    assert set(run.task('order', host)['service']['id'] for host in hosts) == {rows[0]['id']}
    assert all(run.task('order', host)['service']['status'] == 2 for host in hosts)


def test_a_run_that_starts_once_the_order_is_visible_finds_it_and_waits(sim, runner, other_runner):
    sim.reset()
    assert sim.set_processing_delay(PROCESSING) == PROCESSING
    play = ORDER_PLAY.format(hosts='localhost', url=sim.url, remoteid='late', domain='late.example.com')
    first = {}
    thread = threading.Thread(target=lambda: first.setdefault('run', runner.playbook(play)))
    thread.start()
    deadline = time.monotonic() + 60
    while not services(sim, 'late') and time.monotonic() < deadline:
        time.sleep(0.1)
    seen = [row['status'] for row in services(sim, 'late')]
    second = other_runner.playbook(play)
    thread.join()
    rows = services(sim, 'late')
    visible = 'started while the service was %s: %s, service %s' % (
        'processing' if seen == [5] else seen, 'found it, waited, unchanged' if second.rc == 0 and not second.task('order')['changed']
        else 'did not find it', second.task('order').get('service', {}).get('id') if second.rc == 0 else '-')
    FIGURES.fact('same_remoteid_visible', visible)
    FIGURES.row('forks', **ordered_row(case='a second run once the first order is visible', result=visible))
    FIGURES.add('forks', runs=2, duplicates=max(0, len(rows) - 1))

    assert seen == [5], 'the second run must start while the first service is still processing'
    assert first['run'].rc == 0, first['run']
    assert second.rc == 0, second
    assert len(rows) == 1
    found = second.task('order')
    assert found['changed'] is False
    assert found['service']['id'] == first['run'].task('order')['service']['id'] == rows[0]['id']
    assert found['service']['status'] == 2 and found['service']['ip']
    assert order_requests(sim) == 1


def test_ten_forks_order_one_license_name_once(sim, runner):
    sim.reset()
    hosts = ['lic-%02d' % number for number in range(1, 11)]
    inventory = runner.workdir / 'one-license.ini'
    inventory.write_text('[fleet]\n%s\n' % '\n'.join('%s ansible_connection=local' % host for host in hosts))
    play = '''\
- name: One license for every host
  hosts: fleet
  gather_facts: false
  tasks:
    - name: license
      ispsystem.billmgr.billmgr_license: {url: %s, username: alice, password: Ali-6b1d, licname: fleet-lic, pricelist: 3541,
                                         ip: 94.250.248.40, wait: false}
''' % sim.url

    run = runner.playbook(play, extra_args=['-i', str(inventory), '-f', '10'])

    rows = db_rows(sim, "SELECT id FROM service WHERE itemtype = 'soft' AND licname = 'fleet-lic'")
    orders = sim.counters()['func'].get('soft.order.param', 0)
    changed = [t['host'] for t in run.tasks if t['result'].get('changed')]
    FIGURES.add('forks', runs=1, services_ordered=len(rows), duplicates=max(0, len(rows) - 1))
    FIGURES.row('forks', **ordered_row(case='one license name on 10 hosts, forks: 10',
                                       result='%d license(s), %d order request(s); %d task(s) changed' % (len(rows), orders, len(changed))))

    assert run.rc == 0, run
    assert len(rows) == 1 and orders == 1 and len(changed) == 1
    assert set(run.task('license', host)['license']['id'] for host in hosts) == {rows[0]['id']}


def test_ten_forks_renewing_one_service_until_a_date_renew_it_once(sim, runner):
    """Issue 32, bug 1: each fork read the expiry once and renewed while it was short; ten forks paid ten renewals."""
    sim.reset()
    expiry = db_rows(sim, 'SELECT expiredate FROM service WHERE id = 938')[0]['expiredate']
    until = (datetime.date.fromisoformat(expiry) + datetime.timedelta(days=1)).isoformat()
    hosts = ['renew-%02d' % number for number in range(1, 11)]
    inventory = runner.workdir / 'one-renewal.ini'
    inventory.write_text('[fleet]\n%s\n' % '\n'.join('%s ansible_connection=local' % host for host in hosts))
    play = '''\
- name: Every host keeps the shared service until a date
  hosts: fleet
  gather_facts: false
  tasks:
    - name: renew
      ispsystem.billmgr.billmgr_prolong: {url: %s, username: alice, password: Ali-6b1d, type: vds, id: 938, until: "%s"}
''' % (sim.url, until)
    before = set(e['id'] for e in sim.account('alice')['expenses'])

    run = runner.playbook(play, extra_args=['-i', str(inventory), '-f', '10'])

    renewals = sim.counters()['func'].get('service.prolong', 0)
    charges = [e for e in sim.account('alice')['expenses'] if e['id'] not in before]
    changed = [t['host'] for t in run.tasks if t['result'].get('changed')]
    FIGURES.add('forks', runs=1, double_charges=max(0, len(charges) - 1))
    FIGURES.row('forks', **ordered_row(case='one service renewed until a date on 10 hosts, forks: 10',
                                       result='%d renewal request(s), %d charge(s); %d task(s) changed'
                                       % (renewals, len(charges), len(changed))))

    assert run.rc == 0, run
    assert renewals == 1 and len(charges) == 1 and len(changed) == 1
    assert all(run.task('renew', host)['expiredate'] >= until for host in hosts)


def test_one_panel_written_two_ways_orders_one_service(sim, runner, other_runner):
    """Issue 32, bug 2: the order lock was keyed by the URL as written, so two spellings of one panel bought two VPS."""
    sim.reset()
    sim.set_processing_delay(FAST)
    sim.set_fault('v2.vds.order.param', 'slow', 2, seconds=HOLD)
    port = sim.url.rsplit(':', 1)[1].split('/')[0]
    spellings = {'a': sim.url, 'b': 'http://localhost:%s/manager/billmgr' % port}
    runs = {}

    def run(name, ansible):
        runs[name] = ansible.playbook(ORDER_PLAY.format(hosts='localhost', url=spellings[name], remoteid='spelt',
                                                        domain='spelt.example.com'))

    threads = [threading.Thread(target=run, args=(name, ansible)) for name, ansible in (('a', runner), ('b', other_runner))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = services(sim, 'spelt')
    FIGURES.add('forks', runs=2, duplicates=max(0, len(rows) - 1))
    FIGURES.row('forks', **ordered_row(case='one remoteid, two runs at once, the panel written %s and %s'
                                       % ('http://127.0.0.1:PORT/billmgr', 'http://localhost:PORT/manager/billmgr'),
                                       result='%d service(s), %d order request(s)' % (len(rows), order_requests(sim))))

    assert runs['a'].rc == 0 and runs['b'].rc == 0, (runs['a'], runs['b'])
    assert len(rows) == 1 and order_requests(sim) == 1


FLEET_PLAY = '''\
- name: Every host asks for the same paid change
  hosts: fleet
  gather_facts: false
  tasks:
    - name: change
      %s
'''


def fleet(runner, name, count=10):
    hosts = ['%s-%02d' % (name, number) for number in range(1, count + 1)]
    inventory = runner.workdir / ('%s.ini' % name)
    inventory.write_text('[fleet]\n%s\n' % '\n'.join('%s ansible_connection=local' % host for host in hosts))
    return hosts, ['-i', str(inventory), '-f', str(count)]


@pytest.mark.parametrize('case, module, func', [
    ('a tariff change', 'ispsystem.billmgr.billmgr_service: {url: %s, username: alice, password: Ali-6b1d, type: vds, id: 958, '
                        'pricelist: "VPS Pro", allow_tariff_change: true}', 'service.changepricelist'),
    ('a paid add-on change', 'ispsystem.billmgr.billmgr_service: {url: %s, username: alice, password: Ali-6b1d, type: dedic, id: 1065, '
                             'addons: {"26": 4}}', 'dedic.edit'),
], ids=['tariff', 'addon'])
def test_ten_forks_asking_one_paid_change_pay_it_once(sim, runner, case, module, func):
    """Issue 32, bug 1: every paid write takes the identity's lock and reads the state under it."""
    sim.reset()
    hosts, args = fleet(runner, func.split('.')[0])
    before = set(e['id'] for e in sim.account('alice')['expenses'])

    run = runner.playbook(FLEET_PLAY % (module % sim.url), extra_args=args)

    charges = [e for e in sim.account('alice')['expenses'] if e['id'] not in before]
    changed = [t['host'] for t in run.tasks if t['result'].get('changed')]
    FIGURES.add('forks', runs=1, double_charges=max(0, len(charges) - 1))
    FIGURES.row('forks', **ordered_row(case='%s of one service on 10 hosts, forks: 10' % case,
                                       result='%d charge(s); %d task(s) changed' % (len(charges), len(changed))))

    assert run.rc == 0, run
    assert len(charges) == 1 and len(changed) == 1


def test_ten_forks_paying_one_cart_pay_it_once(sim, runner):
    sim.reset()
    sim.order_into_cart('vds', 'alice', pricelist=6, datacenter=1, remoteid='fleet-cart', domain='fleet-cart.example.com')
    hosts, args = fleet(runner, 'cart')
    before = set(e['id'] for e in sim.account('alice')['expenses'])

    run = runner.playbook(FLEET_PLAY % ('ispsystem.billmgr.billmgr_cart: {url: %s, username: alice, password: Ali-6b1d, state: paid}'
                                        % sim.url), extra_args=args)

    charges = [e for e in sim.account('alice')['expenses'] if e['id'] not in before]
    changed = [t['host'] for t in run.tasks if t['result'].get('changed')]
    services = db_rows(sim, "SELECT id FROM service WHERE itemtype = 'vds' AND remoteid = 'fleet-cart'")
    FIGURES.add('forks', runs=1, double_charges=max(0, len(charges) - 1), duplicates=max(0, len(services) - 1))
    FIGURES.row('forks', **ordered_row(case='one cart paid from 10 hosts, forks: 10',
                                       result='%d charge(s), %d service(s); %d task(s) changed'
                                       % (len(charges), len(services), len(changed))))

    assert run.rc == 0, run
    assert len(charges) == 1 and len(services) == 1 and len(changed) == 1
