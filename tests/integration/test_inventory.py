# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ansible-inventory with the ispsystem.billmgr.billmgr inventory plugin, against the simulator.

The seeded demo: alice owns vds 958 (web.alice.test) and 938 (old-vps.alice.test) and dedic 1065
(db.alice.test) and 892 (node1.alice.test), all active in Frankfurt; bob owns vds 5 (bob-vps.test).
"""

from __future__ import annotations

import re
import sqlite3
import subprocess

import pytest
from ansible.release import __version__ as ANSIBLE_CORE_VERSION

from billmgr_sim.testing import inventory_value

CORE = tuple(int(part) for part in ANSIBLE_CORE_VERSION.split('.')[:2])
HOSTILE = "{{ lookup('pipe', 'id') }}"
ALICE_HOSTS = ['db.alice.test', 'node1.alice.test', 'old-vps.alice.test', 'web.alice.test']


def inventory_file(sim, user='alice', password=None, extra=''):
    """An inventory file as a user writes it."""
    return 'plugin: ispsystem.billmgr.billmgr\nurl: %s\nusername: %s\npassword: %s\n%s' % (
        sim.url, user, password if password is not None else sim.passwords.get(user, user), extra)


def hosts_of(data, group):
    return sorted(data.get(group, {}).get('hosts', []))


plain = inventory_value


def hostvars(data, host):
    return dict((key, plain(value)) for key, value in data['_meta']['hostvars'][host].items())


def order(sim, user, itemtype, pricelist, domain=None, period=1, **params):
    """Order and pay at once, as a client would; returns the new service id."""
    if domain:
        params['domain'] = domain
    return sim.order_now(itemtype, user, pricelist=pricelist, order_period=period, **params)


def db_update(sim, sql, *args):
    """A change the simulator's API does not offer (see the report): straight into its database."""
    conn = sqlite3.connect(sim.db_path)
    try:
        conn.execute(sql, args)
        conn.commit()
    finally:
        conn.close()


def verbose_inventory(ansible, config, level='-vvvv', env=None):
    """ansible-inventory at a verbosity, its messages on stderr so stdout stays JSON (as AWX runs it)."""
    return ansible.inventory(config, extra_args=[level], env=dict(env or {}, ANSIBLE_VERBOSE_TO_STDERR='true'))


def assert_ok(data, rc, stderr):
    assert rc == 0, stderr
    assert data is not None, stderr
    assert 'WARNING' not in stderr and 'ERROR' not in stderr, stderr


# -- hosts, groups and variables ----------------------------------------------------------------

def test_a_client_gets_its_active_servers_grouped_by_type_in_one_request_per_type(ansible, billmgr_sim):
    rc, data, _out, stderr = ansible.inventory(inventory_file(billmgr_sim))
    assert_ok(data, rc, stderr)
    assert hosts_of(data, 'billmgr_vds') == ['old-vps.alice.test', 'web.alice.test']
    assert hosts_of(data, 'billmgr_dedic') == ['db.alice.test', 'node1.alice.test']
    assert sorted(data['_meta']['hostvars']) == ALICE_HOSTS
    web = hostvars(data, 'web.alice.test')
    assert web['ansible_host'] == '127.0.3.190'
    assert web['billmgr_id'] == 958
    assert web['billmgr_type'] == 'vds'
    assert web['billmgr_status'] == 2 and web['billmgr_status_name'] == 'active'
    assert web['billmgr_pricelist'] == 'VPS Start'
    assert web['billmgr_datacenter'] == 'Frankfurt'
    assert web['billmgr_ostempl'] == 'ISPsystem__CentOS-7-amd64'
    assert web['billmgr_autoprolong'] == 'Month'  # as the panel lists it (real-panels-2 §9.3, E23)
    assert web['billmgr_remoteid'] is None
    assert web['billmgr_cost'].endswith('RUB / Month')
    assert isinstance(web['billmgr_days_left'], int) and 27 <= web['billmgr_days_left'] <= 31
    assert web['billmgr_expiredate'] and len(web['billmgr_expiredate']) == 10
    counters = billmgr_sim.counters()
    assert counters['func'] == {'vds': 1, 'dedic': 1}
    # One list per type, and the one login that opened the session (counted apart in auth_requests).
    assert counters['user'] == {'alice': 3} and counters['auth_requests'] == 1 and counters['logins'] == 1
    # ansible-doc names exactly the variables a host gets (issue 36): read from this run, so the doc cannot drift.
    assert documented_host_variables(ansible) == set(web)


def documented_host_variables(ansible):
    """The variables the inventory plugin's "Host variables" note names, as ``ansible-doc`` prints it."""
    proc = subprocess.run([str(ansible.bin / 'ansible-doc'), '-t', 'inventory', 'ispsystem.billmgr.billmgr'], env=ansible.env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    note = proc.stdout.split('Host variables.', 1)[1].split('* ', 1)[0]
    return set(re.findall(r'\b(?:billmgr_[a-z_]+|ansible_host)\b', note))


def test_mixed_data_set_only_active_services_of_the_own_account(ansible, billmgr_sim_factory):
    sim = billmgr_sim_factory(processing_delay=600)
    sim.set_balance('alice', 1000000)
    amsterdam = order(sim, 'alice', 'dedic', 32, 'ams.alice.test', datacenter=2)
    bob_vps = order(sim, 'bob', 'vds', 6, 'second.bob.test')
    suspended = order(sim, 'alice', 'vds', 1, 'suspended.alice.test')
    sim.advance_clock(601)  # these are active now
    pending = order(sim, 'alice', 'vds', 7, 'pending.alice.test', datacenter=1)  # still processing
    db_update(sim, "UPDATE service SET status = 3, status_orig = '3_abusesuspend' WHERE id = ?", suspended)
    deleted = sim.call('vds.delete', user='alice', elid=938, sok='ok')['doc']
    assert 'error' not in deleted

    rc, data, _out, stderr = ansible.inventory(inventory_file(sim))
    assert_ok(data, rc, stderr)
    assert sorted(data['_meta']['hostvars']) == ['ams.alice.test', 'db.alice.test', 'node1.alice.test', 'web.alice.test']
    assert hosts_of(data, 'billmgr_dedic') == ['ams.alice.test', 'db.alice.test', 'node1.alice.test']
    assert hostvars(data, 'ams.alice.test')['billmgr_id'] == amsterdam
    assert hostvars(data, 'ams.alice.test')['billmgr_datacenter'] == 'Amsterdam'

    # more statuses: the suspended one joins; the processing one too, still without an address
    rc, data, _out, stderr = ansible.inventory(inventory_file(sim, extra='statuses: [active, suspended, processing]\n'))
    assert rc == 0, stderr
    assert hostvars(data, 'suspended.alice.test')['billmgr_status_name'] == 'suspended'
    assert hostvars(data, 'pending.alice.test')['billmgr_id'] == pending
    assert 'old-vps.alice.test' not in data['_meta']['hostvars']

    # an administrator sees every account's services, or one account's with `account`
    rc, data, _out, stderr = ansible.inventory(inventory_file(sim, 'admin'))
    assert_ok(data, rc, stderr)
    assert {'bob-vps.test', 'second.bob.test', 'web.alice.test'} <= set(data['_meta']['hostvars'])
    assert hostvars(data, 'second.bob.test')['billmgr_id'] == bob_vps
    assert hostvars(data, 'second.bob.test')['billmgr_account'] == 'bob'
    rc, data, _out, stderr = ansible.inventory(inventory_file(sim, 'admin', extra='account: alice\n'))
    assert_ok(data, rc, stderr)
    assert sorted(data['_meta']['hostvars']) == ['ams.alice.test', 'db.alice.test', 'node1.alice.test', 'web.alice.test']

    # bob never sees alice's services
    rc, data, _out, stderr = ansible.inventory(inventory_file(sim, 'bob'))
    assert_ok(data, rc, stderr)
    assert sorted(data['_meta']['hostvars']) == ['bob-vps.test', 'second.bob.test']


def test_types_option_lists_only_those_types(ansible, billmgr_sim):
    rc, data, _out, stderr = ansible.inventory(inventory_file(billmgr_sim, extra='types: [dedic]\n'))
    assert_ok(data, rc, stderr)
    assert sorted(data['_meta']['hostvars']) == ['db.alice.test', 'node1.alice.test']
    assert 'billmgr_vds' not in data
    assert billmgr_sim.counters()['func'] == {'dedic': 1}


def test_keyed_groups_by_datacenter_and_pricelist(ansible, billmgr_sim):
    order(billmgr_sim, 'alice', 'dedic', 32, 'ams.alice.test', datacenter=2)
    order(billmgr_sim, 'alice', 'vds', 7, 'pro.alice.test', datacenter=2)
    rc, data, _out, stderr = ansible.inventory(inventory_file(billmgr_sim, extra='''\
keyed_groups:
  - key: billmgr_datacenter
    prefix: dc
  - key: billmgr_pricelist
    prefix: tariff
'''))
    assert_ok(data, rc, stderr)
    assert hosts_of(data, 'dc_Amsterdam') == ['ams.alice.test', 'pro.alice.test']
    assert hosts_of(data, 'dc_Frankfurt') == ALICE_HOSTS
    assert hosts_of(data, 'tariff_Dedicated_Basic') == ['ams.alice.test', 'db.alice.test', 'node1.alice.test']
    assert hosts_of(data, 'tariff_VPS_Start') == ['old-vps.alice.test', 'web.alice.test']
    assert hosts_of(data, 'tariff_VPS_Pro') == ['pro.alice.test']


def test_an_expiring_within_30_days_group(ansible, billmgr_sim):
    billmgr_sim.set_balance('alice', 1000000)
    for service_id in (958, 938, 1065, 892):  # a year ahead: not expiring
        doc = billmgr_sim.call('service.prolong', user='alice', elid=service_id, period=12, skipbasket='on', sok='ok')['doc']
        assert 'error' not in doc, doc
    billmgr_sim.advance_clock(-15 * 86400)  # ordered 15 days ago for a month: expires in 13 to 16 days
    order(billmgr_sim, 'alice', 'vds', 6, 'soon.alice.test')
    billmgr_sim.advance_clock(15 * 86400)
    order(billmgr_sim, 'alice', 'vds', 6, 'year.alice.test', period=12)
    rc, data, _out, stderr = ansible.inventory(inventory_file(billmgr_sim, extra='''\
groups:
  expiring: billmgr_days_left is not none and billmgr_days_left <= 30
compose:
  renew_by: billmgr_expiredate
'''))
    assert_ok(data, rc, stderr)
    assert hosts_of(data, 'expiring') == ['soon.alice.test']
    soon = hostvars(data, 'soon.alice.test')
    assert 13 <= soon['billmgr_days_left'] <= 16
    assert soon['renew_by'] == soon['billmgr_expiredate']
    assert hostvars(data, 'year.alice.test')['billmgr_days_left'] > 300


def test_hostnames_fall_back_and_duplicates_get_the_id(ansible, billmgr_sim):
    twin = order(billmgr_sim, 'alice', 'vds', 6, 'web.alice.test')
    rc, data, _out, stderr = verbose_inventory(ansible, inventory_file(billmgr_sim, extra='types: [vds]\n'), '-v')
    assert rc == 0, stderr
    assert 'BILLmanager vds %d would be named web.alice.test like another service; named web.alice.test_%d' % (twin, twin) in stderr
    assert sorted(data['_meta']['hostvars']) == ['old-vps.alice.test', 'web.alice.test', 'web.alice.test_%d' % twin]
    assert hostvars(data, 'web.alice.test')['billmgr_id'] == 958
    rc, data, stdout, stderr = ansible.inventory(inventory_file(billmgr_sim, extra='types: [vds]\nhostnames: [ip]\n'))
    assert rc == 0, stderr
    assert hostvars(data, '127.0.3.190')['billmgr_id'] == 958
    rc, data, _out, stderr = ansible.inventory(inventory_file(billmgr_sim, extra='types: [vds]\nhostnames: [remoteid]\n'))
    assert rc == 0, stderr
    assert sorted(data['_meta']['hostvars']) == sorted(['958', '938', str(twin)])


def test_fail_on_errors_turns_a_duplicate_name_into_a_failed_source(ansible, billmgr_sim):
    order(billmgr_sim, 'alice', 'vds', 6, 'web.alice.test')
    rc, data, _out, stderr = ansible.inventory(inventory_file(billmgr_sim, extra='types: [vds]\nfail_on_errors: true\n'),
                                               env={'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'true'})
    assert rc != 0
    assert data is None or data['_meta']['hostvars'] == {}
    assert 'would be named web.alice.test like another service' in stderr
    assert '(fail_on_errors is on)' in stderr


# -- data from the panel is never a template -----------------------------------------------------

def test_a_hostile_service_name_stays_text(ansible, billmgr_sim, tmp_path):
    marker = tmp_path / 'pwned'
    hostile_remoteid = "{{ lookup('pipe', 'touch %s') }}" % marker
    vps = order(billmgr_sim, 'alice', 'vds', 6, 'evil.alice.test', remoteid=hostile_remoteid)
    # The simulator checks domains against hostname syntax (real panels are laxer); write this one directly.
    db_update(billmgr_sim, 'UPDATE service SET domain = ? WHERE id = ?', HOSTILE, vps)
    rc, data, _out, stderr = ansible.inventory(inventory_file(billmgr_sim, extra='''\
types: [vds]
compose:
  label: billmgr_domain ~ ' / ' ~ billmgr_remoteid
  id_copy: billmgr_remoteid
groups:
  hostile: "'lookup' in billmgr_domain"
keyed_groups:
  - key: billmgr_remoteid
    prefix: rid
'''))
    assert_ok(data, rc, stderr)
    assert not marker.exists()
    # Not named after its domain: a host name is a plain string on every core, and one that could be a template is not
    # taken (the next of hostnames is, its address).
    assert HOSTILE not in data['_meta']['hostvars']
    [name] = hosts_of(data, 'hostile')
    evil = hostvars(data, name)
    assert name == evil['ansible_host'] and name in [plain(ip) for ip in evil['billmgr_ips']]
    assert evil['billmgr_domain'] == HOSTILE
    assert evil['billmgr_remoteid'] == hostile_remoteid
    assert evil['label'] == HOSTILE + ' / ' + hostile_remoteid
    assert evil['id_copy'] == hostile_remoteid
    # written out as unsafe, so AWX and any later reader keep it as text too; what cannot be a template, as a string
    assert data['_meta']['hostvars'][name]['billmgr_domain'] == {'__ansible_unsafe': HOSTILE}
    if CORE < (2, 19):  # 2.19 and later write every string of a host's variables as unsafe
        assert data['_meta']['hostvars'][name]['billmgr_status_name'] == 'active'
    assert all(isinstance(host, str) for group in data.values() if isinstance(group, dict) for host in group.get('hosts', []))
    assert [g for g in data if g.startswith('rid_')] and 'uid' not in ''.join(data)

    # and in a play: the value is printed, never run
    (tmp_path / 'inv.billmgr.yml').write_text(inventory_file(billmgr_sim, extra='types: [vds]\n'))
    run = ansible.playbook('''\
        - hosts: billmgr_vds
          gather_facts: false
          tasks:
            - name: show
              ansible.builtin.debug:
                msg: "{{ billmgr_domain }} {{ billmgr_remoteid }} {{ inventory_hostname }}"
              delegate_to: localhost
        ''', extra_args=['-i', str(tmp_path / 'inv.billmgr.yml')])
    assert run.rc == 0, run
    assert run.task('show', host=name)['msg'] == '%s %s %s' % (HOSTILE, hostile_remoteid, name)
    assert not marker.exists()
    assert 'uid=' not in run.stdout


# -- credentials ---------------------------------------------------------------------------------

SECRET = 'Carol-Pw-4f1e9b'


def test_templated_credentials_from_the_environment(ansible, billmgr_sim_factory):
    sim = billmgr_sim_factory(users=['carol=' + SECRET])
    order(sim, 'carol', 'vds', 6, 'carol.test')
    config = '''\
plugin: ispsystem.billmgr.billmgr
url: "{{ lookup('ansible.builtin.env', 'MY_PANEL') }}"
username: "{{ lookup('ansible.builtin.env', 'MY_USER') }}"
password: "{{ lookup('ansible.builtin.env', 'MY_SECRET') }}"
'''
    rc, data, stdout, stderr = verbose_inventory(ansible, config, env={'MY_PANEL': sim.url, 'MY_USER': 'carol', 'MY_SECRET': SECRET})
    assert rc == 0, stderr
    assert sorted(data['_meta']['hostvars']) == ['carol.test']
    assert SECRET not in stdout + stderr
    assert sim.counters()['auth_failures'] == {}


def test_environment_variables_stand_in_for_options(ansible, billmgr_sim_factory):
    sim = billmgr_sim_factory(users=['carol=' + SECRET])
    order(sim, 'carol', 'dedic', 32, 'carol-db.test', datacenter=2)
    rc, data, stdout, stderr = verbose_inventory(ansible, 'plugin: ispsystem.billmgr.billmgr\n', env={
        'BILLMGR_URL': sim.url, 'BILLMGR_USERNAME': 'carol', 'BILLMGR_PASSWORD': SECRET})
    assert rc == 0, stderr
    assert hosts_of(data, 'billmgr_dedic') == ['carol-db.test']
    assert SECRET not in stdout + stderr


def test_a_session_key_instead_of_a_password(ansible, billmgr_sim):
    key = 'k-%s-0123456789abcdef' % 'alice'
    assert 'error' not in billmgr_sim.call('session.newkey', username='alice', key=key)['doc']
    sid = billmgr_sim.call('auth', user=None, username='alice', key=key)['doc']['auth']['$id']
    rc, data, stdout, stderr = verbose_inventory(ansible, 'plugin: ispsystem.billmgr.billmgr\nurl: %s\nsession: %s\n' % (billmgr_sim.url, sid))
    assert rc == 0, stderr
    assert sorted(data['_meta']['hostvars']) == ALICE_HOSTS
    assert sid not in stdout + stderr


@pytest.mark.parametrize('verbosity', [None, '-vvvv'])
def test_a_bad_password_fails_cleanly(ansible, billmgr_sim_factory, verbosity):
    sim = billmgr_sim_factory(users=['carol=' + SECRET])
    wrong = 'Wrong-' + SECRET
    if verbosity:
        rc, data, stdout, stderr = verbose_inventory(ansible, inventory_file(sim, 'carol', wrong), verbosity)
    else:
        rc, data, stdout, stderr = ansible.inventory(inventory_file(sim, 'carol', wrong))
    output = stdout + stderr
    assert wrong not in output and SECRET not in output
    assert data['_meta']['hostvars'] == {}
    line = 'BILLmanager error (auth/badpassword): Invalid username or password [func vds]'
    # one line of ours; before 2.19 ansible-core wraps its warnings at the terminal's width
    assert ('plugin: ' + line) in ' '.join(stderr.split())
    if not verbosity:
        assert 'Traceback' not in output
    # one request, not retried: retries would feed the panel's brute-force lock
    assert sim.counters()['auth_failures'] == {'carol': 1}
    # when failed sources must stop the run, it stops
    rc, _data, stdout, stderr = ansible.inventory(inventory_file(sim, 'carol', wrong), env={'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'true'})
    assert rc != 0
    assert line in ' '.join(stderr.split()) and wrong not in stdout + stderr


def test_an_unreachable_panel_is_one_clear_message(ansible, billmgr_sim):
    config = 'plugin: ispsystem.billmgr.billmgr\nurl: http://127.0.0.1:9/billmgr\nusername: alice\npassword: Ali-6b1d\ntimeout: 2\n'
    rc, data, _out, stderr = ansible.inventory(config, env={'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'true'})
    assert rc != 0
    assert 'BILLmanager error (connection): connection to http://127.0.0.1:9/billmgr refused: nothing listens on 127.0.0.1:9' in stderr
    assert 'Traceback' not in stderr


# -- the cache -----------------------------------------------------------------------------------

def test_a_cache_hit_makes_no_request(ansible, billmgr_sim, tmp_path):
    config = inventory_file(billmgr_sim, extra='''\
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: %s
cache_timeout: 3600
''' % (tmp_path / 'inventory-cache'))
    rc, first, _out, stderr = ansible.inventory(config)
    assert_ok(first, rc, stderr)
    assert billmgr_sim.counters()['requests'] == 2
    billmgr_sim.reset_counters()

    rc, second, _out, stderr = ansible.inventory(config)
    assert_ok(second, rc, stderr)
    assert second == first
    assert billmgr_sim.counters()['requests'] == 0
    cached = ''.join(p.read_text() for p in (tmp_path / 'inventory-cache').iterdir())
    assert 'web.alice.test' in cached and 'alice:Ali-6b1d' not in cached and 'password' not in cached

    # --flush-cache asks the panel again, and the answer is cached for the next run
    order(billmgr_sim, 'alice', 'vds', 6, 'new.alice.test')
    billmgr_sim.reset_counters()
    if CORE >= (2, 19):
        rc, third, _out, stderr = ansible.inventory(config, extra_args=['--flush-cache'])
        assert rc == 0, stderr
        assert billmgr_sim.counters()['requests'] == 2
    else:  # ansible-inventory has --flush-cache from 2.19 on; ansible-playbook's refreshes the same cache
        run = ansible.playbook('- hosts: localhost\n  gather_facts: false\n  tasks: []\n',
                               extra_args=['--flush-cache', '-i', str(ansible.workdir / 'hosts.billmgr.yml')])
        assert run.rc == 0, run
        assert billmgr_sim.counters()['requests'] == 2
        rc, third, _out, stderr = ansible.inventory(config)
        assert rc == 0, stderr
        assert billmgr_sim.counters()['requests'] == 2, 'the refreshed cache answers'
    assert 'new.alice.test' in third['_meta']['hostvars']
    billmgr_sim.reset_counters()
    rc, fourth, _out, stderr = ansible.inventory(config)
    assert rc == 0, stderr
    assert fourth == third
    assert billmgr_sim.counters()['requests'] == 0


def test_without_cache_each_run_asks_again(ansible, billmgr_sim):
    ansible.inventory(inventory_file(billmgr_sim))
    ansible.inventory(inventory_file(billmgr_sim))
    assert billmgr_sim.counters()['requests'] == 4


# -- many services -------------------------------------------------------------------------------

def test_every_page_is_read_once(ansible, billmgr_sim_factory):
    sim = billmgr_sim_factory(populate={'account': 'alice', 'vds': 2100, 'dedic': 10})
    rc, data, _out, stderr = ansible.inventory(inventory_file(sim))
    assert_ok(data, rc, stderr)
    assert len(hosts_of(data, 'billmgr_vds')) == 2102
    assert len(hosts_of(data, 'billmgr_dedic')) == 12
    counters = sim.counters()
    assert counters['func'] == {'vds': 3, 'dedic': 1}
    assert counters['elems_by_func'] == {'vds': 2102, 'dedic': 12}
    # Four list pages in the session of one login (E13).
    assert counters['logins'] == 1 and counters['auth_requests'] == 1, counters
