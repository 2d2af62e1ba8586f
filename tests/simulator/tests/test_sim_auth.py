"""Authentication: authinfo, sessions (func=auth, auth=), keys, expiry, the brute-force lock."""

import http.client
import json
import urllib.parse
import xml.etree.ElementTree as ET

from sim_helpers import error_of, ids


def auth_call(sim, **params):
    """func=auth (its ``password`` field cannot go through sim.call, whose password is the authinfo one)."""
    return json.loads(sim.raw_request(dict(params, func='auth', out='json'))[1])


def login(sim, username, password):
    doc = auth_call(sim, username=username, password=password)['doc']
    return doc['auth']['$id'], doc['auth']['$level']


def test_authinfo_on_every_call(sim):
    assert ids(sim.call('vds', user='alice')) == [938, 958]
    assert ids(sim.call('vds', user='bob')) == [5]
    assert error_of(sim.call('vds', user='alice', password='nope')) == ('auth', 'badpassword')
    assert error_of(sim.call('vds', user='mallory', password='x')) == ('auth', 'badpassword')


def test_no_credentials_is_an_access_error(sim):
    assert error_of(sim.call('vds', user=None)) == ('access', 'session')


def test_session_from_func_auth(sim):
    session, level = login(sim, 'alice', 'Ali-6b1d')
    assert level == '16' and len(session) >= 16
    assert ids(sim.call('vds', user=None, auth=session)) == [938, 958]
    assert login(sim, 'admin', 'Adm-2f9c')[1] == '28'
    status, body = sim.raw_request({'func': 'auth', 'username': 'alice', 'password': 'Ali-6b1d'})
    auth = ET.fromstring(body).find('auth')
    assert status == 200 and auth.get('id') == auth.text and auth.get('level') == '16'
    assert error_of(auth_call(sim, username='alice', password='bad')) == ('auth', 'badpassword')
    assert error_of(sim.call('vds', user=None, auth='0123456789abcdef01234567')) == ('access', 'session')


def test_session_expires_after_an_hour_idle(sim):
    session = login(sim, 'alice', 'Ali-6b1d')[0]
    sim.advance_clock(3000)
    assert ids(sim.call('vds', user=None, auth=session)) == [938, 958]  # a request keeps it alive
    sim.advance_clock(3000)
    assert ids(sim.call('keepalive', user=None, auth=session)) == []
    sim.advance_clock(3601)
    assert error_of(sim.call('vds', user=None, auth=session)) == ('access', 'session')


def test_session_is_bound_to_the_client_address(sim):
    session = login(sim, 'alice', 'Ali-6b1d')[0]
    split = urllib.parse.urlsplit(sim.url)
    connection = http.client.HTTPConnection(split.hostname, split.port, timeout=10, source_address=('127.0.0.2', 0))
    connection.request('GET', split.path + '?' + urllib.parse.urlencode({'func': 'vds', 'auth': session, 'out': 'json'}))
    answer = json.loads(connection.getresponse().read())
    connection.close()
    assert error_of(answer) == ('access', 'session')


def test_five_failures_block_logon_for_20_seconds(sim):
    for dummy in range(5):
        assert error_of(sim.call('vds', user='bob', password='guess')) == ('auth', 'badpassword')
    blocked = sim.call('vds', user='bob')  # the right password
    assert error_of(blocked) == ('auth', 'blocklogon')
    assert blocked['doc']['error']['msg']['$'] == 'Your account has been blocked for 20 seconds'
    assert error_of(auth_call(sim, username='bob', password='Bob-8e4a')) == ('auth', 'blocklogon')
    assert ids(sim.call('vds', user='alice')) == [938, 958]  # only bob is blocked
    sim.advance_clock(21)
    assert ids(sim.call('vds', user='bob')) == [5]
    assert sim.counters()['auth_failures']['bob'] == 7


def test_a_success_resets_the_failure_count(sim):
    for dummy in range(4):
        sim.call('vds', user='bob', password='guess')
    assert ids(sim.call('vds', user='bob')) == [5]
    for dummy in range(4):
        sim.call('vds', user='bob', password='guess')
    assert ids(sim.call('vds', user='bob')) == [5]


def test_login_with_a_key_from_session_newkey(sim):
    key = 'k' * 20
    assert 'ok' in sim.call('session.newkey', username='alice', key=key)['doc']
    doc = sim.call('auth', user=None, username='alice', key=key)['doc']
    assert ids(sim.call('vds', user=None, auth=doc['auth']['$id'])) == [938, 958]
    assert error_of(sim.call('auth', user=None, username='alice', key=key)) == ('auth', 'badpassword')  # used up
    assert error_of(sim.call('session.newkey', username='alice', key='short')) == ('value', 'key')
    assert error_of(sim.call('session.newkey', user='alice', username='alice', key=key)) == ('access', 'session.newkey')


def test_admin_acts_as_a_client_with_su(sim):
    assert ids(sim.call('vds', su='bob')) == [5]
    assert error_of(sim.call('vds', su='nobody')) == ('value', 'su')
    assert ids(sim.call('vds', user='alice', su='bob')) == [938, 958]  # su is for admins only


def test_logon_ends_the_session(sim):
    session = login(sim, 'alice', 'Ali-6b1d')[0]
    assert 'ok' in sim.call('logon', user=None, auth=session)['doc']
    assert error_of(sim.call('vds', user=None, auth=session)) == ('access', 'session')


def test_func_auth_failures_block_logon_too(sim):
    for dummy in range(5):
        assert error_of(auth_call(sim, username='bob', password='guess')) == ('auth', 'badpassword')
    assert error_of(auth_call(sim, username='bob', password='Bob-8e4a')) == ('auth', 'blocklogon')
    assert error_of(sim.call('vds', user='bob')) == ('auth', 'blocklogon')
    sim.advance_clock(21)
    assert login(sim, 'bob', 'Bob-8e4a')[1] == '16'


def test_failures_of_every_login_form_add_up(sim):
    sim.call('session.newkey', username='bob', key='b' * 20)
    assert error_of(sim.call('vds', user='bob', password='guess')) == ('auth', 'badpassword')
    assert error_of(auth_call(sim, username='bob', password='guess')) == ('auth', 'badpassword')
    assert error_of(auth_call(sim, username='bob', key='w' * 20)) == ('auth', 'badpassword')
    assert error_of(auth_call(sim, username='bob', password='guess')) == ('auth', 'badpassword')
    assert error_of(sim.call('vds', user='bob', password='guess')) == ('auth', 'badpassword')
    assert error_of(auth_call(sim, username='bob', key='b' * 20)) == ('auth', 'blocklogon')  # the right key
    assert error_of(auth_call(sim, username='bob', password='Bob-8e4a')) == ('auth', 'blocklogon')
    sim.advance_clock(21)
    doc = auth_call(sim, username='bob', key='b' * 20)['doc']  # not used up by the refused attempt
    assert ids(sim.call('vds', user=None, auth=doc['auth']['$id'])) == [5]


def test_wrong_keys_block_key_logins(sim):
    sim.call('session.newkey', username='bob', key='b' * 20)
    for dummy in range(5):
        assert error_of(auth_call(sim, username='bob', key='w' * 20)) == ('auth', 'badpassword')
    assert error_of(auth_call(sim, username='bob', key='b' * 20)) == ('auth', 'blocklogon')
    assert error_of(sim.call('vds', user='bob')) == ('auth', 'blocklogon')
    assert sim.counters()['auth_failures']['bob'] == 7


def test_a_func_auth_success_resets_the_failure_count(sim):
    for dummy in range(4):
        auth_call(sim, username='bob', password='guess')
    login(sim, 'bob', 'Bob-8e4a')
    for dummy in range(4):
        auth_call(sim, username='bob', password='guess')
    assert login(sim, 'bob', 'Bob-8e4a')[1] == '16'
