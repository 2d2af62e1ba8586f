# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_client.py: the shared client against a real local HTTP(S) server (see conftest.py): what goes on the wire, what comes back."""

from __future__ import annotations

import threading

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._client import (
    BACKOFF_CAP,
    BillmgrClient,
    backoff,
    client_from_params,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError

PASSWORD = 'pw-MARKER-7f3a9c'


def ok_doc(**fields):
    return {'body': {'doc': dict(fields, ok='')}}


def error_doc(kind, msg, obj=None):
    node = {'$type': kind, 'msg': {'$': msg}}
    if obj:
        node['$object'] = obj
    return {'body': {'doc': {'error': node}}}


def make_client(server, **kwargs):
    kwargs.setdefault('username', 'alice')
    kwargs.setdefault('password', PASSWORD)
    kwargs.setdefault('timeout', 5)
    kwargs.setdefault('sleep', lambda seconds: None)
    return BillmgrClient(server.url, **kwargs)


def list_page(ids, total):
    elems = [{'id': {'$': str(i)}, 'item_status': {'$orig': '2', '$': 'Active'}} for i in ids]
    return {'body': {'doc': {'elem': elems[0] if len(elems) == 1 else elems, 'p_elems': {'$': str(total)}}}}


AUTH_ERROR = {'body': {'doc': {'error': {
    '$type': 'auth', '$object': 'badpassword', '$lang': 'en',
    'msg': {'$': 'Invalid username or password '},
    'param': [{'$name': 'object', '$type': 'msg', '$': 'badpassword'}, {'$name': 'value', '$': 'remote_addr: [127.0.0.1]'}]}}}}


# -- what goes on the wire -----------------------------------------------------------------

def test_credentials_travel_in_the_post_body_never_in_the_url(http_server):
    make_client(http_server).read('vds', {'elid': 958})
    [login] = http_server.logins
    assert login['method'] == 'POST' and login['path'] == '/billmgr'
    assert (login['form']['func'], login['form']['username'], login['form']['password']) == ('auth', 'alice', PASSWORD)
    request = http_server.requests[0]
    assert request['method'] == 'POST'
    assert request['path'] == '/billmgr'
    assert PASSWORD not in request['path'] and PASSWORD not in str(request['form'])
    assert request['form']['auth'] == 'sid-0' and 'authinfo' not in request['form'], 'the session, not the password'
    assert request['form']['func'] == 'vds'
    assert request['form']['out'] == 'json'
    assert request['form']['elid'] == '958'


def test_one_login_serves_every_request_of_a_run(http_server):
    client = make_client(http_server)
    for page in range(10):
        client.read('vds', {'p_num': page})
    client.write('vds.edit', {'elid': 958, 'sok': 'ok'})
    assert len(http_server.logins) == 1 and client.login_count == 1
    assert set(r['form']['auth'] for r in http_server.requests) == {'sid-0'}


def test_a_session_that_ends_mid_run_gets_one_fresh_login(http_server):
    # E5: an ended session shows as an access error; asking whoami tells it from a real refusal.
    ended = error_doc('access', 'Insufficient privileges to perform this operation')
    http_server.queue(ok_doc(), ended, ended, ok_doc(elem='after'))
    client = make_client(http_server)
    client.read('vds')
    assert client.read('vds')['elem'] == 'after'
    assert [r['form']['func'] for r in http_server.requests] == ['vds', 'vds', 'whoami', 'vds']
    assert [r['form']['auth'] for r in http_server.requests] == ['sid-0', 'sid-0', 'sid-0', 'sid-1']
    assert len(http_server.logins) == 2


def test_a_real_refusal_is_not_a_reason_to_log_in_again(http_server):
    refused = error_doc('access', 'Insufficient privileges to perform this operation')
    http_server.queue(refused, ok_doc())
    client = make_client(http_server)
    with pytest.raises(BillmgrError) as err:
        client.write('vds.edit', {'elid': 1, 'sok': 'ok'})
    assert err.value.kind == 'access'
    assert [r['form']['func'] for r in http_server.requests] == ['vds.edit', 'whoami'] and len(http_server.logins) == 1


def test_an_address_the_panel_does_not_allow_says_where_the_fix_is(http_server):
    # real-panels.md 1.3 (E5): "Access from this IP denied".
    http_server.answer('auth', error_doc('access', 'Access from this IP denied', obj='ip'))
    with pytest.raises(BillmgrError) as err:
        make_client(http_server).read('vds')
    assert str(err.value) == ("BILLmanager error (access/ip): Access from this IP denied: the panel takes API requests from listed "
                              "addresses only. Allow this controller's address for API access in the panel (or ask the provider "
                              "to), or give a session key opened from an allowed address [func vds]")
    assert http_server.requests == []


def test_a_session_key_needs_no_password_login_and_so_no_captcha(http_server):
    http_server.answer('auth', error_doc('captcha_verification_failed', 'Captcha verification failed', obj='captcha'))
    http_server.queue(list_page([938], 1))
    BillmgrClient(http_server.url, session='sid-from-the-web', sleep=lambda s: None).read('vds')
    assert http_server.logins == [] and [r['form']['auth'] for r in http_server.requests] == ['sid-from-the-web']


def test_an_ended_session_the_user_gave_is_never_replaced(http_server):
    refused = error_doc('access', 'Insufficient privileges to perform this operation')
    http_server.queue(refused, refused)
    with pytest.raises(BillmgrError) as caught:
        BillmgrClient(http_server.url, session='sid-user', sleep=lambda s: None).read('vds')
    # whoami in the same key says the key is no session: the error says what to do, and no login replaces the key.
    assert [r['form']['func'] for r in http_server.requests] == ['vds', 'whoami'] and http_server.logins == []
    assert (caught.value.kind, caught.value.obj) == ('auth', 'session')
    assert str(caught.value).startswith('BILLmanager error (auth/session): the session key (session) is not a session of this panel: '
                                        'it has expired, was closed or was never valid (the panel says: Insufficient privileges')
    assert 'Give a fresh key, or username and password instead' in str(caught.value)


def test_a_refusal_in_a_working_session_key_is_the_panels_own(http_server):
    http_server.queue(error_doc('access', 'Insufficient privileges to perform this operation'), ok_doc())
    with pytest.raises(BillmgrError) as caught:
        BillmgrClient(http_server.url, session='sid-user', sleep=lambda s: None).read('vds')
    assert caught.value.kind == 'access' and 'session key' not in str(caught.value)


def test_a_wrong_api_path_says_which_path_each_generation_uses(http_server):
    http_server.queue({'status': 404, 'content_type': 'text/html', 'body': '<html><title>404 Not Found</title></html>'})
    with pytest.raises(BillmgrError) as caught:
        make_client(http_server).read('vds')
    assert str(caught.value) == (
        'BILLmanager error (http): HTTP 404 from %s: no BILLmanager API at this path. The API path is /billmgr on BILLmanager 6 '
        '(https://HOST:1500/billmgr) and /manager/billmgr on BILLmanager 5 (https://HOST/manager/billmgr): set url to one of '
        'them [func vds]' % http_server.url)


def test_plain_http_to_an_https_port_says_to_use_https(http_server):
    http_server.queue({'status': 400, 'content_type': 'text/html',
                       'body': '<html><body>The plain HTTP request was sent to HTTPS port</body></html>'})
    with pytest.raises(BillmgrError) as caught:
        make_client(http_server).read('vds')
    assert 'the port speaks HTTPS and was sent plain HTTP. Use https:// in url' in str(caught.value)


def test_plain_http_to_a_tls_server_that_hangs_up_says_to_use_https(https_server):
    with pytest.raises(BillmgrError) as caught:
        BillmgrClient(https_server.url.replace('https://', 'http://'), username='alice', password=PASSWORD, retries=0,
                      timeout=5).read('vds')
    assert caught.value.kind == 'connection'
    assert 'closed the connection without an answer to a plain HTTP request: it looks like an HTTPS port. Use https:// in url' \
        in str(caught.value)


def test_a_refused_connection_is_one_line_with_the_fix():
    import socket  # pylint: disable=import-outside-toplevel
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
    with pytest.raises(BillmgrError) as caught:
        BillmgrClient('http://127.0.0.1:%d/billmgr' % port, username='alice', password=PASSWORD, retries=0).read('vds')
    assert str(caught.value) == (
        'BILLmanager error (connection): connection to http://127.0.0.1:%d/billmgr refused: nothing listens on 127.0.0.1:%d. '
        'Is the panel (or billmgr-sim) running, and are the host and port in url right? [func vds]' % (port, port))
    assert 'HTTPConnectionPool' not in str(caught.value) and 'object at 0x' not in str(caught.value)


def test_a_missing_ca_path_file_is_an_input_error_before_any_request(http_server, tmp_path):
    with pytest.raises(InputError) as caught:
        make_client(http_server, ca_path=str(tmp_path / 'no-such-ca.pem'))
    assert str(caught.value).startswith('ca_path: no file at %s. Give the path of the CA bundle (PEM)' % (tmp_path / 'no-such-ca.pem'))
    assert http_server.requests == [] and http_server.logins == []
    make_client(http_server, ca_path=str(tmp_path / 'no-such-ca.pem'), validate_certs=False)  # not used: no check


def test_a_refused_login_is_reported_against_the_call_and_sends_nothing_else(http_server):
    http_server.answer('auth', error_doc('auth', 'Invalid username or password', obj='badpassword'))
    with pytest.raises(BillmgrError) as err:
        make_client(http_server).write('vds.edit', {'elid': 1, 'sok': 'ok'})
    assert str(err.value) == 'BILLmanager error (auth/badpassword): Invalid username or password [func vds.edit]'
    assert http_server.requests == [] and len(http_server.logins) == 1


def test_session_key_is_sent_as_auth_instead_of_authinfo(http_server):
    BillmgrClient(http_server.url, session='sid-123', sleep=lambda s: None).read('vds')
    form = http_server.requests[0]['form']
    assert form['auth'] == 'sid-123'
    assert 'authinfo' not in form


def test_a_bare_host_url_gets_the_billmgr_path():
    assert BillmgrClient('https://panel.example:1500', session='x').url == 'https://panel.example:1500/billmgr'
    assert BillmgrClient('https://panel.example/manager/billmgr', session='x').url == 'https://panel.example/manager/billmgr'


def test_none_values_are_left_out_and_booleans_become_on_off(http_server):
    make_client(http_server).write('vds.edit', {'elid': 1, 'skipbasket': True, 'recipe': None, 'sok': 'ok'})
    form = http_server.requests[0]['form']
    assert form['skipbasket'] == 'on'
    assert 'recipe' not in form


def test_extra_headers_are_sent(http_server):
    make_client(http_server).write('v2.vds.order.param', {'sok': 'ok'}, headers={'ISP-Client': 'Web-interface'})
    assert http_server.requests[0]['headers']['ISP-Client'] == 'Web-interface'


# -- what comes back ------------------------------------------------------------------------


def test_list_with_a_single_element_gives_a_list_of_one(http_server):
    http_server.queue(list_page([958], 1))
    items = make_client(http_server).list('vds')
    assert items == [{'id': '958', 'item_status': {'orig': '2', 'text': 'Active'}}]


def test_list_fetches_every_page_one_request_each(http_server):
    http_server.queue(list_page([1, 2], 5), list_page([3, 4], 5), list_page([5], 5))
    items = make_client(http_server).list('vds', {'filter': 'on', 'status': 2}, page_size=2)
    assert [i['id'] for i in items] == ['1', '2', '3', '4', '5']
    assert [r['form']['p_num'] for r in http_server.requests] == ['1', '2', '3']
    assert all(r['form']['p_cnt'] == '2' and r['form']['status'] == '2' for r in http_server.requests)


def test_the_next_page_is_asked_for_while_each_goes_over_this_one(http_server):
    # The last element of page 1 waits (boundedly) for page 2's request: it arrives only if it was sent meanwhile.
    asked_for_page_2 = threading.Event()

    def page_2(form):
        asked_for_page_2.set()
        return list_page([3, 4], 5)

    http_server.queue(list_page([1, 2], 5), page_2, list_page([5], 5))
    seen_while_converting = []

    def each(elem):
        if elem['id'] == '2':
            seen_while_converting.append(asked_for_page_2.wait(5))
        return int(elem['id'])

    assert make_client(http_server).list('vds', page_size=2, each=each) == [1, 2, 3, 4, 5]
    assert seen_while_converting == [True]
    assert [r['form']['p_num'] for r in http_server.requests] == ['1', '2', '3']


def test_a_later_page_that_fails_fails_the_list_after_the_pages_before(http_server):
    http_server.queue(list_page([1, 2], 5), {'status': 403, 'body': 'Forbidden', 'content_type': 'text/plain'})
    converted = []
    with pytest.raises(BillmgrError) as caught:
        make_client(http_server).list('vds', page_size=2, each=converted.append)
    assert 'HTTP 403' in str(caught.value)
    assert len(converted) == 2 and len(http_server.requests) == 2


def test_a_panel_that_caps_the_page_size_is_still_read_to_the_end(http_server):
    # Asked for 3 per page, the panel gives 2: p_elems says there are more, so the short page is not the last.
    http_server.queue(list_page([1, 2], 5), list_page([3, 4], 5), list_page([5], 5))
    items = make_client(http_server).list('vds', page_size=3)
    assert [i['id'] for i in items] == ['1', '2', '3', '4', '5']
    assert len(http_server.requests) == 3


def test_without_p_elems_a_short_page_is_the_last(http_server):
    http_server.queue({'body': {'doc': {'elem': [{'id': {'$': '1'}}, {'id': {'$': '2'}}]}}})
    assert [i['id'] for i in make_client(http_server).list('vds', page_size=3)] == ['1', '2']
    assert len(http_server.requests) == 1


def test_empty_list_is_an_empty_list(http_server):
    http_server.queue({'body': {'doc': {'p_elems': {'$': '0'}}}})
    assert make_client(http_server).list('dedic') == []
    assert len(http_server.requests) == 1


def test_json_error_document_becomes_one_readable_error(http_server):
    http_server.queue({'body': {'doc': {'error': {
        '$type': 'value', '$object': 'period', 'msg': {'$': "The value of field 'period' is invalid"},
        'param': [{'$name': 'object', '$type': 'msg', '$': 'period'}, {'$name': 'value', '$': '5'}]}}}})
    with pytest.raises(BillmgrError) as caught:
        make_client(http_server).write('v2.vds.order.param', {'order_period': 5})
    err = caught.value
    assert (err.kind, err.obj, err.value, err.func) == ('value', 'period', '5', 'v2.vds.order.param')
    assert str(err) == "BILLmanager error (value/period): The value of field 'period' is invalid [func v2.vds.order.param]"
    assert err.is_api_error and not err.outcome_unknown


def test_xml_error_document_is_understood_too(http_server):
    http_server.queue({'content_type': 'text/xml', 'body': (
        '<?xml version="1.0" encoding="UTF-8"?>\n<doc><error type="access" object="elid" lang="en">'
        '<param name="object" type="msg">elid</param><msg>Insufficient privileges to access this function</msg>'
        '</error></doc>')})
    with pytest.raises(BillmgrError) as caught:
        make_client(http_server).read('vds.edit', {'elid': 1})
    assert (caught.value.kind, caught.value.obj) == ('access', 'elid')
    assert 'Insufficient privileges' in caught.value.message


def test_xml_ok_document_is_a_success(http_server):
    http_server.queue({'content_type': 'text/xml', 'body': '<?xml version="1.0"?>\n<doc lang="en" func="soft.resume"><ok/></doc>'})
    doc = make_client(http_server).write('soft.resume', {'elid': 777})
    assert doc['ok'] == '' and doc['func'] == 'soft.resume'


def test_html_answer_is_a_clear_error_showing_its_first_line(http_server):
    http_server.queue({'content_type': 'text/html', 'body': '\n<html><head><title>Maintenance</title></head>\n<body>back soon</body></html>'})
    with pytest.raises(BillmgrError) as caught:
        make_client(http_server).write('vds.delete', {'elid': 1})
    assert caught.value.kind == 'response'
    assert '<html><head><title>Maintenance</title></head>' in str(caught.value)
    assert 'text/html' in str(caught.value)
    # The page may have come after the panel did the write: the caller must look before it reports.
    assert caught.value.outcome_unknown is True


def test_an_html_answer_to_a_read_is_not_an_unknown_outcome(http_server):
    http_server.queue({'content_type': 'text/html', 'body': '<html><head><title>Maintenance</title></head></html>'})
    with pytest.raises(BillmgrError) as caught:
        make_client(http_server).read('vds.edit', {'elid': 1})
    assert caught.value.kind == 'response' and caught.value.outcome_unknown is False


# -- retries --------------------------------------------------------------------------------

def test_a_read_is_retried_on_503_with_backoff(http_server):
    slept = []
    http_server.queue({'status': 503, 'content_type': 'text/html', 'body': 'busy'},
                      {'status': 502, 'content_type': 'text/html', 'body': 'bad gateway'}, list_page([1], 1))
    items = make_client(http_server, sleep=slept.append).list('vds')
    assert [i['id'] for i in items] == ['1']
    assert len(http_server.requests) == 3
    assert slept == [0.5, 1.0]


def test_backoff_is_capped_and_retries_run_out(http_server):
    slept = []
    http_server.default_answer = {'status': 503, 'content_type': 'text/plain', 'body': 'down'}
    with pytest.raises(BillmgrError) as caught:
        make_client(http_server, retries=6, sleep=slept.append).read('vds')
    assert caught.value.kind == 'http' and caught.value.value == 503
    assert len(http_server.requests) == 7
    assert slept == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]


def test_a_write_is_never_retried_on_503(http_server):
    http_server.queue({'status': 503, 'content_type': 'text/html', 'body': 'busy'})
    with pytest.raises(BillmgrError) as caught:
        make_client(http_server).write('v2.vds.order.param', {'sok': 'ok'})
    assert len(http_server.requests) == 1
    assert caught.value.outcome_unknown, 'a 5xx on a write may have been committed behind a proxy'


def test_a_write_dropped_by_the_server_is_sent_once_and_marked_outcome_unknown(http_server):
    http_server.queue({'drop': True})
    with pytest.raises(BillmgrError) as caught:
        make_client(http_server).write('v2.vds.order.param', {'sok': 'ok'})
    assert len(http_server.requests) == 1
    assert caught.value.kind == 'connection' and caught.value.outcome_unknown


def test_a_dropped_read_is_retried(http_server):
    http_server.queue({'drop': True}, list_page([7], 1))
    assert [i['id'] for i in make_client(http_server).list('vds')] == ['7']
    assert len(http_server.requests) == 2


def test_an_auth_error_is_never_retried(http_server):
    http_server.default_answer = AUTH_ERROR
    with pytest.raises(BillmgrError) as caught:
        make_client(http_server, retries=5).read('vds')
    assert len(http_server.requests) == 1
    assert (caught.value.kind, caught.value.obj) == ('auth', 'badpassword')


def test_request_in_process_is_retried_for_reads_only(http_server):
    busy = {'body': {'doc': {'error': {'$type': 'busy', 'msg': {'$': 'Request in process, please wait'}}}}}
    http_server.queue(busy, list_page([3], 1))
    assert [i['id'] for i in make_client(http_server).list('vds')] == ['3']
    http_server.queue(busy)
    with pytest.raises(BillmgrError):
        make_client(http_server).write('vds.delete', {'elid': 3, 'sok': 'ok'})
    assert len(http_server.requests) == 3


def test_timeout_is_a_clear_error_and_a_write_is_outcome_unknown(http_server):
    http_server.queue({'sleep': 1.5})
    with pytest.raises(BillmgrError) as caught:
        make_client(http_server, timeout=0.5).write('service.prolong', {'elid': 1, 'sok': 'ok'})
    assert caught.value.kind == 'timeout' and caught.value.outcome_unknown
    assert 'within 0.5s' in str(caught.value)


def test_request_count_counts_every_attempt(http_server):
    http_server.queue({'status': 502, 'body': 'x', 'content_type': 'text/plain'})
    client = make_client(http_server)
    client.read('vds')
    client.read('dedic')
    # The login, the refused read and its retry, the second read.
    assert client.request_count == 4


# -- secrets --------------------------------------------------------------------------------

def test_no_secret_in_errors_repr_or_log_even_when_the_server_echoes_it(http_server):
    logged = []
    http_server.queue({'body': {'doc': {'error': {
        '$type': 'value', '$object': 'authinfo', 'msg': {'$': 'bad authinfo alice:%s' % PASSWORD},
        'detail': {'$': 'password ' + PASSWORD}, 'param': {'$name': 'value', '$': PASSWORD}}}}},
        {'content_type': 'text/html', 'body': '<html>%s</html>' % PASSWORD})
    client = make_client(http_server, log=logged.append)
    errors = []
    for dummy in range(2):
        with pytest.raises(BillmgrError) as caught:
            client.write('vds.edit', {'userpassword': 'x'})
        errors.append(caught.value)
    texts = [str(e) for e in errors] + [repr(e) for e in errors] + [repr(client)] + logged
    texts += [e.detail or '' for e in errors] + [e.value or '' for e in errors]
    assert logged, 'the client should have logged its requests'
    assert not [t for t in texts if PASSWORD in t]
    assert '********' in str(errors[0])


def test_session_key_is_scrubbed_too(http_server):
    http_server.queue({'body': {'doc': {'error': {'$type': 'access', 'msg': {'$': 'session sid-SECRET-1 expired'}}}}})
    with pytest.raises(BillmgrError) as caught:
        BillmgrClient(http_server.url, session='sid-SECRET-1', sleep=lambda s: None).read('vds')
    assert 'sid-SECRET-1' not in str(caught.value)


def test_construction_needs_credentials():
    # Bad task input, not a panel's answer: InputError, so a module reports it without an error type.
    with pytest.raises(InputError, match='either username and password or session is required'):
        BillmgrClient('https://panel.example')
    with pytest.raises(InputError, match='url is required'):
        BillmgrClient('', session='x')


# -- TLS ------------------------------------------------------------------------------------

def test_self_signed_certificate_is_refused_by_default_naming_the_options(https_server):
    with pytest.raises(BillmgrError) as caught:
        make_client(https_server).read('vds')
    assert caught.value.kind == 'tls'
    assert 'validate_certs' in str(caught.value) and 'ca_path' in str(caught.value)


def test_self_signed_certificate_is_accepted_with_validate_certs_false(https_server):
    assert 'ok' in make_client(https_server, validate_certs=False).read('vds')


def test_self_signed_certificate_is_accepted_with_its_ca_path(https_server):
    assert 'ok' in make_client(https_server, ca_path=https_server.ca_path).read('vds')


def test_one_connection_is_reused_for_several_requests(https_server):
    client = make_client(https_server, ca_path=https_server.ca_path)
    for dummy in range(3):
        client.read('vds')
    assert len(https_server.requests) == 3
    assert len({r['peer_port'] for r in https_server.requests}) == 1, 'one TCP (and TLS) connection for all requests'


# -- who am I -------------------------------------------------------------------------------

def test_user_level_is_read_once_from_func_auth(http_server):
    http_server.answer('auth', {'body': {'doc': {'auth': {'$id': 'sid-1', '$level': '29', '$': 'sid-1'}}}})
    client = make_client(http_server)
    assert client.user_level() == 29
    assert client.user_level() == 29
    client.read('vds')
    assert len(http_server.logins) == 1, 'the login that opens the session says the level'
    form = http_server.logins[0]['form']
    assert (form['func'], form['username'], form['password']) == ('auth', 'alice', PASSWORD)
    assert http_server.requests[0]['form']['auth'] == 'sid-1'


def test_user_level_is_unknown_with_a_session_key(http_server):
    assert BillmgrClient(http_server.url, session='sid-2', sleep=lambda s: None).user_level() is None
    assert http_server.requests == []


def test_an_html_request_in_process_page_is_retried_for_reads_and_its_words_shown(http_server):
    page = {'content_type': 'text/html', 'body': '<!DOCTYPE html>\n<html><body><h1>Request in process, please wait</h1></body></html>'}
    http_server.queue(page, list_page([9], 1))
    assert [i['id'] for i in make_client(http_server).list('vds')] == ['9']
    http_server.queue(page)
    with pytest.raises(BillmgrError) as caught:
        make_client(http_server).write('vds.delete', {'elid': 9, 'sok': 'ok'})
    assert 'the page says: "Request in process, please wait"' in str(caught.value)
    assert len(http_server.requests) == 3


def test_backoff_starts_short_doubles_and_stops_at_its_cap():
    delays = backoff()
    assert [next(delays) for dummy in range(8)] == [0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0, 10.0]
    assert BACKOFF_CAP == 10.0


def test_backoff_for_polls_starts_at_a_second_and_reads_cap_lower():
    polls = backoff(first=1.0)
    assert [next(polls) for dummy in range(6)] == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    reads = backoff(cap=5.0)
    assert [next(reads) for dummy in range(6)] == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]


# -- polls ----------------------------------------------------------------------------------

def test_poll_returns_the_first_answer_that_is_not_none_and_sleeps_the_backoff_between(client, fake_time):
    answers = iter([None, None, 'ready'])
    assert client.poll(lambda: next(answers), timeout=60) == 'ready'
    assert fake_time.sleeps == [1.0, 2.0]


def test_poll_that_finds_at_once_does_not_sleep(client, fake_time):
    assert client.poll(lambda: {'id': 1}, timeout=0) == {'id': 1}
    assert fake_time.sleeps == []


def test_poll_gives_up_at_the_deadline_after_a_last_look(client, fake_time):
    looks = []

    def probe():
        looks.append(fake_time.now)
        return None
    assert client.poll(probe, timeout=10) is None
    # 1 + 2 + 4 = 7 s, then only the 3 s left: the last look is exactly at the deadline.
    assert fake_time.sleeps == [1.0, 2.0, 4.0, 3.0]
    assert looks == [0.0, 1.0, 3.0, 7.0, 10.0]


def test_poll_with_no_time_looks_once(client, fake_time):
    looks = []
    assert client.poll(lambda: looks.append(1), timeout=0) is None
    assert looks == [1] and fake_time.sleeps == []


def test_a_probe_that_raises_stops_the_poll_early(client, fake_time):
    looks = []

    def probe():
        looks.append(1)
        if len(looks) == 2:
            raise BillmgrError('missed', 'the service is gone', func='vds')
        return None
    with pytest.raises(BillmgrError, match='the service is gone'):
        client.poll(probe, timeout=600)
    assert len(looks) == 2 and fake_time.sleeps == [1.0]


def test_a_poll_through_the_server_sends_one_request_per_look(http_server, client, fake_time):
    http_server.answer('vds', list_page([], 0), list_page([], 0), list_page([5], 1))
    found = client.poll(lambda: client.list('vds') or None, timeout=30)
    assert [i['id'] for i in found] == ['5']
    assert http_server.funcs() == ['vds', 'vds', 'vds'] and fake_time.sleeps == [1.0, 2.0]


# -- from the connection options --------------------------------------------------------------

def test_client_from_params_takes_the_connection_options(http_server, tmp_path):
    client = client_from_params({'url': http_server.url, 'username': 'alice', 'password': PASSWORD, 'session': None,
                                 'validate_certs': True, 'ca_path': None, 'timeout': None})
    assert client.timeout == 30, 'no timeout given means the default, not no timeout'
    client.read('vds')
    assert http_server.logins[0]['form']['password'] == PASSWORD
    assert client_from_params({'url': http_server.url, 'session': 'sid-9', 'timeout': 7}).timeout == 7
    with pytest.raises(InputError):
        client_from_params({'url': http_server.url})


# -- odd answers, odd addresses ---------------------------------------------------------------

def test_a_list_element_that_is_not_an_object_is_a_clear_error(http_server):
    http_server.queue({'body': {'doc': {'elem': 'web-1', 'p_elems': {'$': '1'}}}})
    with pytest.raises(BillmgrError) as err:
        make_client(http_server).list('vds')
    assert err.value.kind == 'response' and "the answer to vds is not a BILLmanager list: an element is 'web-1'" in str(err.value)


@pytest.mark.parametrize('answer', [{}, {'ok': ''}, {'ok': {'$': 'func=totp.confirm'}}, {'tparams': {'func': {'$': 'vds'}}}])
def test_a_non_answer_is_not_an_empty_list(http_server, answer):
    # real-panels-2 §12.3: a half session answers a list with a bare ok; read as a list it would say "no services".
    http_server.queue({'body': {'doc': answer}})
    with pytest.raises(BillmgrError) as err:
        make_client(http_server).list('vds')
    assert err.value.func == 'vds' and err.value.kind in ('response', 'auth'), err.value


@pytest.mark.parametrize('answer', [{'p_elems': {'$': '0'}}, {'p_num': {'$': '1'}, 'p_cnt': {'$': '1000'}}, {'elem': []},
                                    {'metadata': {'$type': 'list', '$name': 'vds'}}])
def test_an_empty_list_is_one_with_paging_fields_or_list_metadata(http_server, answer):
    http_server.queue({'body': {'doc': answer}})
    assert make_client(http_server).list('vds') == []


def test_a_read_sent_to_another_function_read_nothing(http_server):
    http_server.queue({'body': {'doc': {'ok': {'$': 'func=desktop&startform=vds'}}}}, {'body': {'doc': {'ok': ''}}})
    client = make_client(http_server)
    with pytest.raises(BillmgrError, match=r'answered vds.edit with a pointer to another function \(func=desktop\)'):
        client.read('vds.edit', {'elid': 1})
    assert client.read('soft.checkip', {'ip': '192.0.2.1'}) == {'ok': ''}, 'a plain ok is an answer'


def test_a_url_password_is_not_sent_and_is_scrubbed(http_server):
    scheme, rest = http_server.url.split('://', 1)
    client = BillmgrClient('%s://carol:url-%s@%s' % (scheme, PASSWORD, rest), username='alice', password=PASSWORD, timeout=5)
    assert client.url == http_server.url and 'url-' + PASSWORD in client._secrets()
    http_server.queue(error_doc('auth', 'no, url-%s' % PASSWORD))
    with pytest.raises(BillmgrError) as err:
        client.read('vds')
    assert 'url-' + PASSWORD not in str(err.value)
    assert all('authorization' not in set(k.lower() for k in r['headers']) for r in http_server.requests)


def test_a_poll_looks_again_when_the_wire_fails_and_raises_only_at_the_deadline(client, fake_time):
    looks = []

    def probe():
        looks.append(fake_time.now)
        if len(looks) < 3:
            raise BillmgrError('response', 'a maintenance page', func='vds')
        return 'ready'
    assert client.poll(probe, timeout=60) == 'ready' and len(looks) == 3

    def down():
        raise BillmgrError('http', 'HTTP 502', func='vds', value=502)
    with pytest.raises(BillmgrError, match='HTTP 502'):
        client.poll(down, timeout=5)


def test_progress_lines_say_how_long_a_wait_has_been(client, fake_time):
    lines = []
    client.progress = lines.append
    started = client.clock()
    fake_time.sleep(12)
    client.note_progress('vds service 5 is processing', started)
    assert lines == ['vds service 5 is processing (12s waited)']
