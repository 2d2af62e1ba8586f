# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Rules of real panels the simulator switches on per run (real-panels.md §1, §5, §6, §9): the collection copes with each.

Saved list filters, one login per run and sessions that end, fields a panel ignores instead of
refusing, several addresses in one field, expiry with a time of day.
"""

from __future__ import annotations

import datetime
import threading
import time

from billmgr_sim.clock import add_months
from billmgr_sim.playbook import AnsibleRunner
from billmgr_sim.testing import as_list, edit_form, inventory_value, listed


unsafe = inventory_value


def plain(hostvars):
    return dict((key, unsafe(value)) for key, value in hostvars.items())


INVENTORY = 'plugin: ispsystem.billmgr.billmgr\nurl: {url}\nusername: alice\npassword: Ali-6b1d\ntypes: [vds]\n'


def test_a_saved_filter_hides_no_server_from_the_inventory_or_service_info(ansible, billmgr_sim):
    # E5: a list without filter=on applies the filter the user saved; this one would show 958 alone.
    billmgr_sim.save_filter('alice', 'vds', id=958)
    assert [row['id'] for row in listed(billmgr_sim, 'vds', user='alice')] == ['958'], 'the saved filter is in force'
    rc, data, _out, stderr = ansible.inventory(INVENTORY.format(url=billmgr_sim.url))
    assert rc == 0, stderr
    ids = sorted(data['_meta']['hostvars'][host]['billmgr_id'] for host in data['billmgr_vds']['hosts'])
    assert ids == [938, 958]
    info = ansible.tasks('''
    - name: every vps
      ispsystem.billmgr.billmgr_service_info:
        type: vds
    ''').task('every vps')
    assert sorted(service['id'] for service in info['services']) == [938, 958]


def test_a_run_of_many_requests_logs_in_once(ansible, billmgr_sim):
    # E13: every request a full login is the worst place to meet a panel's limits on logins.
    billmgr_sim.reset_counters()
    info = ansible.tasks('''
    - name: everything, with add-ons
      ispsystem.billmgr.billmgr_service_info:
        types: [vds, dedic, vhost, platform]
        statuses: [active, suspended, processing, deleted]
        with_addons: true
    ''').task('everything, with add-ons')
    counters = billmgr_sim.counters()
    assert len(info['services']) >= 6 and counters['requests'] >= 10, counters
    assert counters['logins'] == 1 and counters['auth_requests'] == 1, counters


def test_a_session_that_ends_mid_run_costs_one_more_login(tmp_path, billmgr_sim_factory):
    sim = billmgr_sim_factory(processing_delay=30)
    runner = AnsibleRunner(tmp_path, sim)
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault('run', runner.tasks('''
    - name: order
      ispsystem.billmgr.billmgr_service:
        type: vds
        remoteid: expiring
        pricelist: 6
        datacenter: 1
        wait_timeout: 40
    ''')))
    sim.reset_counters()
    thread.start()
    deadline = time.monotonic() + 60
    while sim.counters()['func'].get('vds', 0) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sim.expire_sessions() >= 1
    time.sleep(3)
    sim.advance_clock(60)
    thread.join()
    task = result['run'].task('order')
    assert task['changed'] is True and task['service']['status'] == 2, task
    counters = sim.counters()
    assert counters['logins'] == 2, counters
    assert counters['func']['v2.vds.order.param'] == 1 and counters['func']['whoami'] == 1, counters


def test_a_field_the_panel_ignores_fails_clearly_and_a_rerun_is_not_changed(tmp_path, billmgr_sim_factory):
    # E5: a panel may skip a field a client may not change instead of refusing it.
    sim = billmgr_sim_factory(ignore_admin_fields=True)
    runner = AnsibleRunner(tmp_path, sim)
    task = '''
    - name: move
      ispsystem.billmgr.billmgr_service:
        type: vds
        id: 958
        ip: 127.9.9.9
      ignore_errors: true
    '''
    for _run in range(2):
        run = runner.tasks(task)
        [failed] = run.failed('move')
        assert failed['result']['changed'] is False, failed
        assert 'the panel accepted the change but did not make it: ip (asked 127.9.9.9, the panel shows 127.0.3.190)' in \
            failed['result']['msg'], failed
    assert edit_form(sim, 'vds', 958)['ip'] == '127.0.3.190'


def test_a_server_with_two_addresses_is_reached_at_its_ipv4(tmp_path, billmgr_sim_factory):
    sim = billmgr_sim_factory(multi_ip=True)
    rc, data, _out, stderr = AnsibleRunner(tmp_path, sim).inventory(INVENTORY.format(url=sim.url))
    assert rc == 0, stderr
    [hostvars] = [plain(hv) for hv in data['_meta']['hostvars'].values() if hv['billmgr_id'] == 958]
    assert hostvars['ansible_host'] == '127.0.3.190'
    assert [unsafe(ip) for ip in hostvars['billmgr_ips']] == ['127.0.3.190', '2001:db8::3be']


def test_an_expiry_with_a_time_of_day_is_read(tmp_path, billmgr_sim_factory):
    # E2: a daily tariff's expiry is "YYYY-MM-DD HH:MM".
    sim = billmgr_sim_factory(timed_daily=True)
    runner = AnsibleRunner(tmp_path, sim)
    ordered = runner.tasks('''
    - name: daily
      ispsystem.billmgr.billmgr_service:
        type: vds
        remoteid: daily-1
        pricelist: 9
        datacenter: 1
        period: daily
    ''').task('daily')
    service = ordered['service']
    assert service['expiredate'] and service['expiretime'].startswith(service['expiredate'] + ' '), service
    rc, data, _out, stderr = runner.inventory(INVENTORY.format(url=sim.url))
    assert rc == 0, stderr
    [hostvars] = [plain(hv) for hv in data['_meta']['hostvars'].values() if unsafe(hv['billmgr_remoteid']) == 'daily-1']
    assert hostvars['billmgr_days_left'] in (0, 1) and hostvars['billmgr_expiretime'] == service['expiretime']


def test_identity_look_ups_work_where_the_panel_cannot_filter_by_them(tmp_path, billmgr_sim):
    # E5: real filter forms have no remoteid or domain field; the look-up lists and matches here.
    sim = billmgr_sim
    runner = AnsibleRunner(tmp_path, sim)
    task = '''
    - name: vps
      ispsystem.billmgr.billmgr_service:
        type: vds
        remoteid: unfiltered-1
        domain: unfiltered-1.example.com
        pricelist: 6
        datacenter: 1
    '''
    first = runner.tasks(task).task('vps')
    assert first['changed'] is True, first
    sim.reset_counters()
    again = runner.tasks(task).task('vps')
    assert again['changed'] is False and again['service']['id'] == first['service']['id'], again
    assert sim.counters()['elems_by_func']['vds'] > 1, 'the whole account was listed, as a real panel must'
    unfiltered = as_list(sim.call('vds', filter='on', remoteid='unfiltered-1')['doc'].get('elem'))
    assert len(unfiltered) > 1, 'the simulator ignores the remoteid filter'


def test_a_renewal_window_renews_what_it_allows_and_a_later_run_completes_it(tmp_path, billmgr_sim_factory):
    # real-panels.md 10.2 (E5): "The service can be renewed only after <date>".
    sim = billmgr_sim_factory(renewal_window=40)
    runner = AnsibleRunner(tmp_path, sim)
    expiry = datetime.date.fromisoformat(edit_form(sim, 'vds', 958)['expiredate'][:10])
    target = add_months(expiry, 2)
    task = '''
    - name: renew
      ispsystem.billmgr.billmgr_prolong:
        type: vds
        id: 958
        until: "%s"
    ''' % target.isoformat()
    first = runner.tasks(task).task('renew')
    assert first['changed'] is True and first['renewals'] == 1 and first['expiredate'] == add_months(expiry, 1).isoformat(), first
    opens = datetime.date.fromisoformat(first['next_renewal'])
    assert opens == add_months(expiry, 1) - datetime.timedelta(days=40)
    assert any('can be renewed again only after %s' % opens.isoformat() in warning for warning in first['warnings']), first

    sim.advance_clock((opens - sim_today(sim)).days * 86400)
    second = runner.tasks(task).task('renew')
    assert second['changed'] is True and second['renewals'] == 1 and second['expiredate'] == target.isoformat(), second
    assert 'next_renewal' not in second
    assert runner.tasks(task).task('renew')['changed'] is False


def sim_today(sim):
    return datetime.date.fromisoformat(sim.call('sim.clock')['doc']['today']['$'])


def test_a_two_factor_account_fails_once_saying_what_to_do(tmp_path, billmgr_sim_factory):
    # real-panels-2 §12.3 (E24, E5): after func=auth, every data function answers ok = "func=totp.confirm".
    sim = billmgr_sim_factory(totp_users=['alice'])
    run = AnsibleRunner(tmp_path, sim).tasks('''
    - name: services
      ispsystem.billmgr.billmgr_service_info:
        type: vds
      ignore_errors: true
    ''')
    [failed] = run.failed('services')
    message = failed['result']['msg']
    # (alice's password is "alice": Ansible masks the name as it masks the password)
    assert message.startswith('BILLmanager error (auth/totp): two-factor authentication is on for user '), message
    assert 'give totp_secret' in message
    assert sim.counters()['logins'] == 1, 'one login, not one per retry'


def test_a_daily_service_with_a_timed_expiry_is_renewed_until_a_date(tmp_path, billmgr_sim_factory):
    # E2: a daily tariff lists "YYYY-MM-DD HH:MM"; each renewal adds a day.
    sim = billmgr_sim_factory(timed_daily=True)
    runner = AnsibleRunner(tmp_path, sim)
    service = runner.tasks('''
    - name: daily
      ispsystem.billmgr.billmgr_service:
        type: vds
        remoteid: daily-renewed
        pricelist: 9
        datacenter: 1
        period: daily
    ''').task('daily')['service']
    expiry = datetime.date.fromisoformat(service['expiredate'])
    target = expiry + datetime.timedelta(days=3)
    task = '''
    - name: renew
      ispsystem.billmgr.billmgr_prolong:
        type: vds
        id: %d
        period: daily
        until: "%s"
    ''' % (service['id'], target.isoformat())
    renewed = runner.tasks(task).task('renew')
    assert renewed['changed'] is True and renewed['renewals'] == 3 and renewed['expiredate'] == target.isoformat(), renewed
    assert renewed['service']['expiretime'].startswith(target.isoformat() + ' '), renewed
    assert runner.tasks(task).task('renew')['changed'] is False


def test_a_session_key_works_where_a_captcha_guards_password_logins(tmp_path, billmgr_sim_factory):
    # real-panels.md 1.6: E12 meets captcha_verification_failed on logins from data-centre addresses. Where a panel also
    # refused authinfo, the client would fail once and advise a key or a session (unit-tested with a scripted panel:
    # test__session.py); a session opened with a key needs no captcha.
    sim = billmgr_sim_factory(captcha_users=['alice'])
    runner = AnsibleRunner(tmp_path, sim)
    order = '''
    - name: order
      ispsystem.billmgr.billmgr_service:
        type: vds
        remoteid: behind-a-captcha
        pricelist: 6
        datacenter: 1
        %s
      ignore_errors: true
    '''
    # A key login (session.newkey, then func=auth with the key) needs no captcha; its session runs the same task.
    key = 'captcha-free-key-0123456789'
    assert 'ok' in sim.call('session.newkey', username='alice', key=key)['doc']
    session = sim.call('auth', user=None, username='alice', key=key)['doc']['auth']['$id']
    sim.reset_counters()
    ordered = runner.tasks(order % ('session: ' + session)).task('order')
    assert ordered['changed'] is True and ordered['service']['remoteid'] == 'behind-a-captcha', ordered
    assert sim.counters()['auth_requests'] == 0, 'the session key, no password login'
    assert len(listed(sim, 'vds', remoteid='behind-a-captcha')) == 1
