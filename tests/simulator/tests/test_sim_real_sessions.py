"""Sessions and logins as real panels have them: the expired-session error (E5), sim.sessions, func=logon (E5),
func=auth with authinfo (E4), login counters, the authinfo allow-list (E5), two-factor users (E5) and captchas (E5, E12)."""

import http.client
import json
import urllib.parse

import pytest
from billmgr_sim import cli
from billmgr_sim.switches import RunSwitches
from billmgr_sim.testing import listed, totp_code, totp_secret
from sim_helpers import error_of, ids


def auth_call(sim, **params):
    return json.loads(sim.raw_request(dict(params, func='auth', out='json'))[1])


def session_of(sim, **params):
    return auth_call(sim, **params)['doc']['auth']['$id']


def call_from(sim, source, **params):
    """A request from another loopback address (127.0.0.2), as another client host would send it."""
    split = urllib.parse.urlsplit(sim.url)
    connection = http.client.HTTPConnection(split.hostname, split.port, timeout=10, source_address=(source, 0))
    connection.request('GET', split.path + '?' + urllib.parse.urlencode(dict(params, out='json')))
    answer = json.loads(connection.getresponse().read())
    connection.close()
    return answer


def test_an_expired_session_is_insufficient_privileges(sim):
    # real-panels §1.4 (E5 checkIfTokenAlive): type access, "Insufficient privileges to perform...".
    session = session_of(sim, username='alice', password='Ali-6b1d')
    sim.advance_clock(3601)
    error = sim.call('vds', user=None, auth=session)['doc']['error']
    assert error['$type'] == 'access'
    assert error['msg']['$'].startswith('Insufficient privileges to perform')


def test_sim_sessions_expires_every_session_now(sim):
    alice = session_of(sim, username='alice', password='Ali-6b1d')
    bob = session_of(sim, username='bob', password='Bob-8e4a')
    assert sim.expire_sessions() == 2
    for session in (alice, bob):
        assert error_of(sim.call('keepalive', user=None, auth=session)) == ('access', 'session')
    new = session_of(sim, username='alice', password='Ali-6b1d')  # logging in again works
    assert ids(sim.call('vds', user=None, auth=new)) == [938, 958]
    assert error_of(sim.call('sim.sessions', expire='some')) == ('value', 'expire')


def test_logon_logs_out_and_there_is_no_logout(sim):
    # real-panels §1.7 (E5): func=logon&auth=... ends the session; no source shows a func=logout, so there is none.
    session = session_of(sim, username='alice', password='Ali-6b1d')
    assert error_of(sim.call('logout', user=None, auth=session)) == ('missed', 'func')
    assert ids(sim.call('vds', user=None, auth=session)) == [938, 958]
    assert 'ok' in sim.call('logon', user=None, auth=session)['doc']
    assert error_of(sim.call('vds', user=None, auth=session)) == ('access', 'session')


def test_func_auth_takes_authinfo(sim):
    # real-panels §1.2 (E4): func=auth&authinfo=user:pass -> doc.auth.$id.
    doc = auth_call(sim, authinfo='alice:Ali-6b1d')['doc']
    assert doc['auth']['$level'] == '16'
    assert ids(sim.call('vds', user=None, auth=doc['auth']['$id'])) == [938, 958]
    assert error_of(auth_call(sim, authinfo='alice:wrong')) == ('auth', 'badpassword')


def test_logins_are_counted(sim):
    sim.reset_counters()
    session = session_of(sim, username='alice', password='Ali-6b1d')
    session_of(sim, authinfo='bob:Bob-8e4a')
    for dummy in range(3):
        sim.call('vds', user=None, auth=session)  # a session is no login
    sim.call('vds', user='alice')  # each authinfo request is one
    auth_call(sim, username='alice', password='wrong')  # a failure is none
    counters = sim.counters()
    assert counters['logins'] == 3
    assert counters['logins_by_user'] == {'alice': 2, 'bob': 1}


def test_authinfo_from_an_address_not_allowed_is_denied(billmgr_sim_factory):
    # real-panels §1.3: E5 handles "Access from this IP denied"; FirstVDS users allow-list the caller's IP.
    sim = billmgr_sim_factory(authinfo_allow=['127.0.0.1/32'])
    assert ids(sim.call('vds', user='alice')) == [938, 958]  # from 127.0.0.1
    denied = call_from(sim, '127.0.0.2', func='vds', authinfo='alice:Ali-6b1d')
    assert denied['doc']['error']['msg']['$'] == 'Access from this IP denied'
    assert error_of(denied) == ('access', 'ip')
    # [INF] a session login (func=auth) is not bound by the list.
    session = call_from(sim, '127.0.0.2', func='auth', username='alice', password='Ali-6b1d')['doc']['auth']['$id']
    assert [elem['id']['$'] for elem in call_from(sim, '127.0.0.2', func='vds', auth=session)['doc']['elem']] == ['938', '958']


def test_several_allowed_networks(billmgr_sim_factory):
    sim = billmgr_sim_factory(authinfo_allow=['10.0.0.0/8', '127.0.0.2/32'])
    assert error_of(sim.call('vds', user='alice')) == ('access', 'ip')
    assert 'elem' in call_from(sim, '127.0.0.2', func='vds', authinfo='alice:Ali-6b1d')['doc']


def test_a_two_factor_user_is_only_half_logged_in(billmgr_sim_factory):
    # real-panels-2 §12.3 (E24): after func=auth, every data function answers ok = "func=totp.confirm" instead of its
    # data, with no error and no element; E5: whoami answers the same.
    sim = billmgr_sim_factory(totp_users=['bob'])
    session = session_of(sim, username='bob', password='Bob-8e4a')
    redirect = {'$': 'func=totp.confirm'}
    assert sim.call('whoami', user=None, auth=session)['doc']['ok'] == redirect
    for func, params in (('vds', {}), ('basket', {}), ('desktop', {}), ('vds.edit', {'elid': '5'}),
                         ('expense', {'p_num': '1', 'p_cnt': '10'})):
        doc = sim.call(func, user=None, auth=session, **params)['doc']
        assert doc['ok'] == redirect and 'error' not in doc and 'elem' not in doc and 'p_elems' not in doc, (func, doc)
    # A write in a half session does nothing either.
    assert sim.call('vds.delete', user=None, auth=session, elid='5', sok='ok')['doc']['ok'] == redirect
    assert [row['status'] for row in listed(sim, 'vds', id=5)] == ['2']
    assert error_of(sim.call('vds', user='bob')) == ('access', 'totp')  # authinfo refused [INF]
    assert 'ok' in sim.call('logon', user=None, auth=session)['doc']
    alice = session_of(sim, username='alice', password='Ali-6b1d')  # other users as before
    # real-panels-2 §2.1 (E24): a full session's whoami carries the client's balance and currency.
    assert sim.call('whoami', user=None, auth=alice)['doc']['user'] == {
        '$level': '16', '$balance': '100000.00', '$currency': 'RUB', '$': 'alice'}
    assert 'balance' not in str(sim.call('whoami')['doc']['user'])  # an administrator has no account of its own
    assert ids(sim.call('vds', user=None, auth=alice)) == [938, 958]


def test_totp_confirm_with_the_code_opens_a_new_full_session(billmgr_sim_factory):
    # real-panels-2 §12.3 (E24, E5): totp.confirm&qrcode=<code>&sok=ok returns a new, full session; the first stays half.
    sim = billmgr_sim_factory(totp_users=['bob'])
    secret = totp_secret('bob')
    half = session_of(sim, username='bob', password='Bob-8e4a')
    wrong = '000000' if totp_code(secret) != '000000' else '111111'
    refused = sim.call('totp.confirm', user=None, auth=half, qrcode=wrong, sok='ok')
    assert error_of(refused) == ('value', 'qrcode')  # [INF]
    answer = sim.call('totp.confirm', user=None, auth=half, qrcode=totp_code(secret), clicked_button='ok', sok='ok')['doc']
    full = answer['auth']['$id']
    assert full != half and answer['auth']['$'] == full and answer['auth']['$level'] == '16', answer
    assert ids(sim.call('vds', user=None, auth=full)) == [5]
    assert sim.call('whoami', user=None, auth=full)['doc']['user']['$'] == 'bob'
    assert sim.call('vds', user=None, auth=half)['doc']['ok'] == {'$': 'func=totp.confirm'}
    # Outside a half session there is nothing to confirm [INF].
    alice = session_of(sim, username='alice', password='Ali-6b1d')
    assert sim.call('totp.confirm', user=None, auth=alice, qrcode='123456', sok='ok')['doc']['ok'] == {}


def test_a_totp_user_may_bring_its_own_secret(billmgr_sim_factory):
    secret = 'JBSWY3DPEHPK3PXP'
    sim = billmgr_sim_factory(totp_users=['alice=' + secret.lower()])
    half = session_of(sim, username='alice', password='Ali-6b1d')
    assert error_of(sim.call('totp.confirm', user=None, auth=half, qrcode=totp_code(totp_secret('alice')), sok='ok')) \
        == ('value', 'qrcode')
    full = sim.call('totp.confirm', user=None, auth=half, qrcode=totp_code(secret), sok='ok')['doc']['auth']['$id']
    assert ids(sim.call('vds', user=None, auth=full)) == [938, 958]


def test_password_logins_from_a_captcha_network_fail_and_keys_and_sessions_still_work(billmgr_sim_factory):
    # real-panels §1.6: E12 meets captcha_verification_failed from data-centre addresses; E5 answers with
    # g-recaptcha-response, which a script does not have (any value fails here [INF]).
    sim = billmgr_sim_factory(captcha_from=['127.0.0.2/32'])
    assert ids(sim.call('vds', user='alice')) == [938, 958]  # from 127.0.0.1: no captcha
    for params in ({'func': 'auth', 'username': 'alice', 'password': 'Ali-6b1d'},
                   {'func': 'auth', 'username': 'alice', 'password': 'Ali-6b1d', 'g-recaptcha-response': 'made-up'},
                   {'func': 'auth', 'authinfo': 'alice:Ali-6b1d'}):
        refused = call_from(sim, '127.0.0.2', **params)
        assert error_of(refused) == ('captcha_verification_failed', 'captcha'), params
        assert refused['doc']['error']['msg']['$'].startswith('Error passing captcha,')  # E24's words (real-panels-2 §12.4)
    # real-panels-2 §12.4 (E24): per-request authinfo is not guarded, so a script falls back to it.
    assert [elem['id']['$'] for elem in call_from(sim, '127.0.0.2', func='vds', authinfo='alice:Ali-6b1d')['doc']['elem']] \
        == ['938', '958']
    # A login with a key (session.newkey, E7) needs no captcha, nor does the session it opens.
    assert 'ok' in sim.call('session.newkey', username='alice', key='k' * 20)['doc']
    key_session = call_from(sim, '127.0.0.2', func='auth', username='alice', key='k' * 20)['doc']['auth']['$id']
    assert [elem['id']['$'] for elem in call_from(sim, '127.0.0.2', func='vds', auth=key_session)['doc']['elem']] == ['938', '958']
    counters = sim.counters()
    assert counters['auth_failures'] == {'alice': 3} and counters['logins_by_user'] == {'alice': 3, 'admin': 1}, counters


def test_a_captcha_user_fails_password_logins_from_anywhere_and_does_not_get_blocked(billmgr_sim_factory):
    sim = billmgr_sim_factory(captcha_users=['bob'])
    for _try in range(6):  # more than the failures that block a wrong password: not counted towards the lock [INF]
        assert error_of(auth_call(sim, username='bob', password='Bob-8e4a')) == ('captcha_verification_failed', 'captcha')
    assert ids(sim.call('vds', user='bob')) == [5]  # authinfo is not guarded (real-panels-2 §12.4, E24)
    assert ids(sim.call('vds', user='alice')) == [938, 958]  # other users as before


@pytest.mark.parametrize('old_guess', ['totp_access_errors', 'captcha_authinfo', 'autoprolong_months'])
def test_the_old_guesses_no_evidence_supports_are_no_switches(old_guess):
    # Gone, so nothing can test against them: a half session's calls as access errors (real-panels-2 §12.3: they answer
    # ok), a captcha on authinfo too (real-panels-2 §12.4: authinfo is not guarded), months in the list's autoprolong
    # (real-panels-2 §9.3: a label).
    with pytest.raises(TypeError):
        RunSwitches(**{old_guess: True})
    serve = cli.build_parser().parse_args(['serve', '--db', 'unused.sqlite'])
    assert old_guess not in vars(serve)
