# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_session.py against a real local HTTP server: the login, a two-factor half session and its code, a captcha on func=auth."""

from __future__ import annotations

import base64

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._client import BillmgrClient, client_from_params
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._session import session_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._totp import totp_code

PASSWORD = 'pw-MARKER-7f3a9c'
SECRET = base64.b32encode(b'twofactor-secret-0001').decode('ascii')
NOW = 1700000000.0
CODE = totp_code(SECRET, NOW)
# What a two-factor account's half session answers to every data function (E24; E5 for whoami).
HALF = {'body': {'doc': {'ok': {'$': 'func=totp.confirm'}}}}


def make_client(server, **kwargs):
    kwargs.setdefault('username', 'alice')
    kwargs.setdefault('password', PASSWORD)
    client = BillmgrClient(server.url, timeout=5, sleep=lambda seconds: None, **kwargs)
    client._login._wall_clock = lambda: NOW
    return client


def doc(**fields):
    return {'body': {'doc': fields}}


def error_doc(kind, msg, obj=None):
    node = {'$type': kind, 'msg': {'$': msg}}
    if obj:
        node['$object'] = obj
    return {'body': {'doc': {'error': node}}}


EMPTY_LIST = doc(p_elems={'$': '0'}, p_num={'$': '1'}, p_cnt={'$': '1000'})
FULL_LIST = doc(elem={'id': {'$': '938'}}, p_elems={'$': '1'})


# -- what opens a session ---------------------------------------------------------------

@pytest.mark.parametrize('answer, expected', [
    ({'auth': {'id': 'sid', 'level': '16', 'text': 'sid'}}, ('sid', 16)),  # E4, E5, the bm5 capture
    ({'auth': {'text': 'sid'}}, ('sid', None)),
    ({'auth': 'sid'}, ('sid', None)),
    ({'session': {'id': 'sid'}}, ('sid', None)),  # E24 reads doc.session.$id too
    ({'ok': ''}, (None, None)),
    ({}, (None, None)),
])
def test_the_answers_that_open_a_session(answer, expected):
    assert session_of(answer) == expected


# -- two-factor authentication ------------------------------------------------------------

@pytest.mark.parametrize('call', [lambda c: c.list('vds'), lambda c: c.read('vds.edit', {'elid': 938}),
                                  lambda c: c.write('vds.delete', {'elid': 938, 'sok': 'ok'})])
def test_a_half_session_fails_every_call_saying_what_to_do(http_server, call):
    # real-panels-2 §12.3 (E24): every data function answers ok = "func=totp.confirm", with no error and no data.
    http_server.handler = HALF
    with pytest.raises(BillmgrError) as err:
        call(make_client(http_server))
    message = str(err.value)
    assert message.startswith('BILLmanager error (auth/totp): two-factor authentication is on for user alice: '), message
    assert 'Use an API user without two-factor authentication, or give totp_secret' in message
    assert len(http_server.logins) == 1 and len(http_server.requests) == 1, 'one login, one call, nothing retried'


def test_an_access_refusal_whose_whoami_asks_for_the_code_is_the_same_failure(http_server):
    # A panel that would refuse a half session's call with access (no source shows one, real-panels-2 §12.3): whoami says why (E5).
    http_server.queue(error_doc('access', 'Insufficient privileges to perform this operation'), HALF)
    with pytest.raises(BillmgrError) as err:
        make_client(http_server).read('vds')
    assert str(err.value).startswith('BILLmanager error (auth/totp): two-factor authentication is on for user alice')
    assert http_server.funcs() == ['vds', 'whoami'] and len(http_server.logins) == 1


def test_totp_secret_confirms_the_half_session_and_the_new_session_serves_the_run(http_server):
    http_server.answer('auth', doc(auth={'$id': 'half-sid', '$level': '16', '$': 'half-sid'}))
    http_server.answer('totp.confirm', doc(auth={'$id': 'full-sid', '$': 'full-sid'}))
    http_server.answer('vds', FULL_LIST)
    client = make_client(http_server, totp_secret=SECRET)
    assert [elem['id'] for elem in client.list('vds')] == ['938']
    assert client.list('vds') and client.user_level() == 16
    [confirm] = [r['form'] for r in http_server.requests if r['form']['func'] == 'totp.confirm']
    assert (confirm['auth'], confirm['qrcode'], confirm['sok'], confirm['clicked_button']) == ('half-sid', CODE, 'ok', 'ok')
    assert [r['form']['auth'] for r in http_server.requests if r['form']['func'] == 'vds'] == ['full-sid', 'full-sid']
    assert len(http_server.logins) == 1 and client.login_count == 1


def test_a_confirmation_that_names_no_session_keeps_the_first_one(http_server):
    # E24: "falls back to the original id if none is returned".
    http_server.answer('auth', doc(auth={'$id': 'only-sid', '$': 'only-sid'}))
    http_server.answer('totp.confirm', doc(ok=''))
    http_server.answer('vds', EMPTY_LIST)
    assert make_client(http_server, totp_secret=SECRET).list('vds') == []
    assert [r['form']['auth'] for r in http_server.requests] == ['only-sid', 'only-sid']


def test_a_refused_code_fails_once_without_showing_the_secret_or_the_code(http_server):
    http_server.answer('totp.confirm', error_doc('value', 'Invalid code %s' % CODE, obj='qrcode'))
    logged = []
    client = make_client(http_server, totp_secret=SECRET, log=logged.append)
    with pytest.raises(BillmgrError) as err:
        client.list('vds')
    message = str(err.value)
    assert message.startswith('BILLmanager error (auth/totp): the panel refused the two-factor code made from totp_secret '
                              'for user alice'), message
    assert "the controller's clock is right" in message and '[func vds]' in message
    assert http_server.funcs() == ['totp.confirm'], 'no data call in a half session'
    for said in [message, repr(err.value)] + logged:
        assert SECRET not in said and CODE not in said and PASSWORD not in said


def test_a_code_that_leaves_the_session_half_says_to_check_the_secret(http_server):
    http_server.answer('totp.confirm', doc(ok=''))
    http_server.answer('vds', HALF)
    with pytest.raises(BillmgrError) as err:
        make_client(http_server, totp_secret=SECRET).list('vds')
    assert 'still asks for the one-time code (func=totp.confirm) after the code made from totp_secret' in str(err.value)


def test_a_half_session_key_says_so(http_server):
    http_server.handler = HALF
    with pytest.raises(BillmgrError, match=r'the session key \(session\) is of a two-factor login that was never confirmed'):
        BillmgrClient(http_server.url, session='half-key', sleep=lambda seconds: None).list('vds')


def test_totp_secret_is_an_option_checked_before_any_request(http_server):
    options = {'url': http_server.url, 'username': 'alice', 'password': PASSWORD}
    with pytest.raises(InputError, match='totp_secret is not a base32 secret'):
        client_from_params(dict(options, totp_secret='not base32!'))
    client = client_from_params(dict(options, totp_secret=SECRET.lower()))
    assert SECRET.lower() in client._secrets() and client.warnings == []
    keyed = client_from_params({'url': http_server.url, 'session': 'key', 'totp_secret': SECRET})
    assert keyed.warnings == ['totp_secret is not used with a session key (session): only a login with username and '
                              'password asks for the two-factor code']
    assert http_server.requests == [] and http_server.logins == []


# -- a captcha on func=auth -----------------------------------------------------------------

CAPTCHA = error_doc('captcha_verification_failed', 'Error passing captcha, try again', obj='captcha')


@pytest.mark.parametrize('refusal', [CAPTCHA, error_doc('auth', 'captcha_verification_failed')])
def test_a_captcha_on_func_auth_falls_back_to_authinfo_on_each_request_with_a_warning(http_server, refusal):
    # real-panels-2 §12.4 (E24): FirstVDS guards func=auth with a captcha; per-request authinfo is not guarded.
    http_server.answer('auth', refusal)
    http_server.answer('vds', FULL_LIST)
    warned = []
    client = make_client(http_server)
    client.on_warning = warned.append
    client.list('vds')
    client.read('vds.edit', {'elid': 938})
    assert len(http_server.logins) == 1, 'func=auth tried once'
    forms = [r['form'] for r in http_server.requests]
    assert [f['authinfo'] for f in forms] == ['alice:' + PASSWORD] * 2 and not any('auth' in f for f in forms)
    assert all(PASSWORD not in r['path'] for r in http_server.requests), 'in the body, never in the URL'
    [warning] = warned
    assert warning.startswith('the panel asks for a captcha on password logins (func=auth) from this address'), warning
    assert 'authinfo' in warning and PASSWORD not in warning


def test_the_captcha_warning_waits_until_someone_listens(http_server):
    http_server.answer('auth', CAPTCHA)
    http_server.answer('vds', EMPTY_LIST)
    client = make_client(http_server)
    client.list('vds')
    assert len(client.warnings) == 1 and 'captcha' in client.warnings[0]


CAPTCHA_ADVICE = ("the panel asks for a captcha on password logins from this address, which a script cannot answer. Log in "
                  "with a key (session.newkey) or give a session key (session) opened in the web interface, or ask the "
                  "provider to exempt this controller's address")


def test_a_panel_that_asks_a_captcha_of_authinfo_too_fails_once_saying_what_to_do(http_server):
    http_server.answer('auth', CAPTCHA)
    http_server.answer('vds', CAPTCHA)
    with pytest.raises(BillmgrError) as err:
        make_client(http_server).list('vds')
    assert str(err.value) == ('BILLmanager error (captcha_verification_failed/captcha): Error passing captcha, try again: %s '
                              '[func vds]' % CAPTCHA_ADVICE)
    assert len(http_server.logins) == 1 and http_server.funcs() == ['vds'] and PASSWORD not in str(err.value)


def test_logins_per_request_learn_the_level_from_whoami(http_server):
    http_server.answer('auth', CAPTCHA)
    http_server.answer('whoami', doc(user={'$level': '29', '$': 'alice'}))
    client = make_client(http_server)
    assert client.user_level() == 29 and client.user_level() == 29
    assert http_server.funcs() == ['whoami'] and http_server.requests[0]['form']['authinfo'] == 'alice:' + PASSWORD
