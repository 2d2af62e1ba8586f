# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The write side of services.py against a scripted local server: which requests go out, in which order, and what comes back.

The server answers from a queue, so each test states the panel's answers and then checks
every request the code made: nothing more, nothing written in check mode, no second order.
"""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.api import BillmgrClient, BillmgrError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.services import (
    ServiceFailure,
    ServiceManager,
    addon_value,
    backoff,
    normalise_autoprolong,
    search_services,
    statdaily,
    status_codes,
    want_from_params,
)

SECRET = 'vm-Pass-0xC0FFEE'


class FakeTime(object):
    """A clock that moves only when the code sleeps."""

    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 3))
        self.now += seconds

    def clock(self):
        return self.now


def t(value):
    return {'$': str(value)}


def elem(service_id, status=2, ip='10.0.0.9', remoteid=None, domain=None, autoprolong=None, pricelist='VPS Start', pricelist_id=6):
    node = {'id': t(service_id), 'status': t(status), 'item_status': {'$orig': str(status), '$': 'Active'},
            'pricelist': t(pricelist), 'pricelist_id': t(pricelist_id), 'datacentername': t('Frankfurt'),
            'expiredate': t('2027-01-31'), 'account': t('Example Ltd')}
    for key, value in (('ip', ip), ('remoteid', remoteid), ('domain', domain), ('autoprolong', autoprolong)):
        if value is not None:
            node[key] = t(value)
    return node


def listing(*elems):
    return {'body': {'doc': {'elem': list(elems), 'p_elems': t(len(elems))}}}


def ok(**fields):
    doc = {'ok': {}}
    doc.update(dict((key, t(value)) for key, value in fields.items()))
    return {'body': {'doc': doc}}


def edit_form(**values):
    doc = {'elid': t(958), 'pricelist': t(6), 'domain': t('web.example.com'), 'ostempl': t('ISPsystem__CentOS-7-amd64'),
           'addon_9': t(1), 'addon_11': t(1024), 'addon_15': t(0),
           'slist': {'$name': 'autoprolong', 'val': [{'$key': 'null', '$': 'Off'}]}}
    doc.update(dict((key, t(value)) for key, value in values.items()))
    return {'body': {'doc': doc}}


def cart(*items):
    return {'body': {'doc': {'elem': [dict((key, t(value)) for key, value in item.items()) for item in items],
                             'total_sum': t('0.00')}}}


def error(kind, obj, msg):
    return {'body': {'doc': {'error': {'$type': kind, '$object': obj, 'msg': t(msg)}}}}


EXPORT = {'body': {'doc': {'pricelist': {
    'id': t(6), 'name': t('VPS Start'), 'itemtype': t('vds'), 'datacenter': {'id': t(1), 'name': t('Frankfurt')},
    'price': [{'period': t(1), 'cost': t('500.00')}],
    'addon': [{'id': t(9), 'name': t('CPU'), 'type': t('integer'), 'min': t(1), 'max': t(32), 'step': t(1)},
              {'id': t(11), 'name': t('RAM'), 'type': t('integer'), 'min': t(256), 'max': t(65536), 'step': t(256)}]}}}}


def want(**options):
    params = {'type': 'vds', 'state': 'present', 'period': 1, 'skipbasket': True, 'api': 'v2', 'dragon': False, 'wait': True,
              'wait_timeout': 600, 'username': 'alice', 'password': 'pw'}
    params.update(options)
    return want_from_params(params)


@pytest.fixture
def fake_time():
    return FakeTime()


@pytest.fixture
def manager(http_server, fake_time):
    def make(check_mode=False, warnings=None):
        client = BillmgrClient(http_server.url, username='alice', password='pw', timeout=5, sleep=lambda s: None)
        return ServiceManager(client, 'vds', check_mode=check_mode, warn=(warnings.append if warnings is not None else None),
                              sleep=fake_time.sleep, clock=fake_time.clock)
    return make


def sent(server):
    return [(r['form']['func'], r['form']) for r in server.requests]


def funcs(server):
    return [r['form']['func'] for r in server.requests]


# -- present: found, nothing to do ---------------------------------------------------------

def test_an_unchanged_service_costs_one_request(http_server, manager):
    http_server.queue(listing(elem(958, remoteid='web-01', domain='web.example.com', autoprolong=1)))
    result = manager().present(want(remoteid='web-01', domain='web.example.com', autoprolong=1, pricelist='VPS Start'))
    assert result['changed'] is False
    assert result['service']['id'] == 958 and result['service']['addons'] is None
    [(func, form)] = sent(http_server)
    assert func == 'vds' and form['filter'] == 'on' and form['remoteid'] == 'web-01'


def test_the_connection_username_never_becomes_the_services_username():
    assert want(username='alice')['username'] is None
    assert want(service_username='user134')['username'] == 'user134'
    assert 'password' not in want()


# -- create -------------------------------------------------------------------------------

def test_order_sends_the_v2_form_then_polls_until_active(http_server, manager, fake_time):
    http_server.queue(listing(), ok(id=1101, **{'billorder.id': 7}),
                      listing(elem(1101, status=5, ip=None, remoteid='web-01')),
                      listing(elem(1101, status=5, ip=None, remoteid='web-01')),
                      listing(elem(1101, status=2, ip=None, remoteid='web-01')),
                      listing(elem(1101, status=2, ip='10.0.4.77', remoteid='web-01')))
    result = manager().present(want(remoteid='web-01', domain='web-01.example.com', pricelist=6, datacenter=1, period=12,
                                    autoprolong='off', ostempl='ISPsystem__Debian-12-amd64'))
    assert result['changed'] is True and result['billorder_id'] == 7
    assert result['service']['id'] == 1101 and result['service']['ip'] == '10.0.4.77'
    assert funcs(http_server) == ['vds', 'v2.vds.order.param', 'vds', 'vds', 'vds', 'vds']
    order = http_server.requests[1]['form']
    assert dict((k, order[k]) for k in ('pricelist', 'datacenter', 'order_period', 'remoteid', 'domain', 'ostempl', 'skipbasket', 'sok')) == {
        'pricelist': '6', 'datacenter': '1', 'order_period': '12', 'remoteid': 'web-01', 'domain': 'web-01.example.com',
        'ostempl': 'ISPsystem__Debian-12-amd64', 'skipbasket': 'on', 'sok': 'ok'}
    assert 'autoprolong' not in order and 'period' not in order
    assert fake_time.sleeps == [1.0, 1.5, 2.25]


def test_v1_dragon_order_uses_period_and_the_dragon_cart(http_server, manager):
    http_server.queue(listing(), cart(), ok(**{'billorder.id': 8}), listing())
    result = manager().present(want(domain='shop.example.com', pricelist=2, api='v1', dragon=True, skipbasket=False, autoprolong=3))
    assert result['billorder_id'] == 8 and result['service'] is None
    request = http_server.requests[2]
    assert request['form']['func'] == 'vds.order.param' and request['form']['period'] == '1'
    assert request['form']['autoprolong'] == '3' and 'skipbasket' not in request['form']
    assert (request['form']['theme'], request['form']['licence_agreement'], request['form']['clicked_button']) == ('dragon', 'on', 'finish')
    assert request['headers']['ISP-Client'] == 'Web-interface'


def test_names_and_addons_go_through_the_catalog_once_before_the_order(http_server, manager):
    http_server.queue(listing(), EXPORT, ok(id=1101), listing(elem(1101, remoteid='r')))
    result = manager().present(want(remoteid='r', pricelist='VPS Start', datacenter='Frankfurt', addons={'RAM': 2048, '9': 2}))
    assert funcs(http_server) == ['vds', 'pricelist.export', 'v2.vds.order.param', 'vds']
    order = http_server.requests[2]['form']
    assert (order['pricelist'], order['datacenter'], order['addon_11'], order['addon_9']) == ('6', '1', '2048', '2')
    assert result['order']['addons'] == {'9': 2, '11': 2048}
    assert result['service']['addons'] == {'9': 2, '11': 2048}


def test_bad_addon_fails_after_the_catalog_and_before_the_order(http_server, manager):
    http_server.queue(listing(), EXPORT)
    with pytest.raises(ValueError, match=r'add-on RAM \(11\) must be between 256 and 65536'):
        manager().present(want(remoteid='r', pricelist=6, addons={'RAM': 1}))
    assert funcs(http_server) == ['vds', 'pricelist.export']


def test_check_mode_reads_the_order_form_for_the_cost_and_writes_nothing(http_server, manager):
    http_server.queue(listing(), {'body': {'doc': {'pricelist': t(6), 'cost': t('6000.00')}}})
    result = manager(check_mode=True).present(want(remoteid='r', pricelist=6, period=12))
    assert result['changed'] is True and result['order']['cost'] == '6000.00'
    assert result['service']['id'] is None and result['service']['remoteid'] == 'r'
    assert funcs(http_server) == ['vds', 'v2.vds.order.param']
    assert 'sok' not in http_server.requests[1]['form']


def test_a_lost_order_answer_is_reconciled_by_looking_it_up(http_server, manager):
    http_server.queue(listing(), {'drop': True}, listing(elem(1101, remoteid='r')), listing(elem(1101, remoteid='r')))
    result = manager().present(want(remoteid='r', pricelist=6))
    assert result['changed'] is True and result['reconciled'] is True and result['service']['id'] == 1101
    assert funcs(http_server) == ['vds', 'v2.vds.order.param', 'vds', 'vds']


def test_a_lost_order_that_never_appears_fails_with_the_original_error_explained(http_server, manager, fake_time):
    http_server.queue(listing(), {'drop': True})
    http_server.default_answer = listing()
    with pytest.raises(BillmgrError) as err:
        manager().present(want(remoteid='r', pricelist=6))
    assert err.value.kind == 'connection' and err.value.outcome_unknown is True
    assert 'The order may or may not have been placed: no vds service with remoteid r appeared within 5s' in str(err.value)
    assert funcs(http_server).count('v2.vds.order.param') == 1
    assert sum(fake_time.sleeps) == pytest.approx(5.0)


def test_a_cart_that_holds_an_unpaid_order_of_the_type_refuses_a_second_one(http_server, manager):
    http_server.queue(listing(), cart({'id': 1, 'billorder': 77, 'kind': 'order', 'itemtype': 'vds', 'desc': 'VPS Start'}))
    with pytest.raises(ValueError) as err:
        manager().present(want(remoteid='r', pricelist=6, skipbasket=False))
    assert 'the cart (billorder 77) already holds an unpaid vds service order (VPS Start)' in str(err.value)
    assert funcs(http_server) == ['vds', 'basket']


def test_a_cart_holding_other_things_does_not_stop_an_order(http_server, manager):
    http_server.queue(listing(), cart({'id': 1, 'billorder': 77, 'kind': 'order', 'itemtype': 'soft'},
                                      {'id': 2, 'billorder': 77, 'kind': 'prolong', 'itemtype': 'vds'}),
                      {'body': {'doc': {'billorder.id': t(78)}}}, listing())
    result = manager().present(want(remoteid='r', pricelist=6, skipbasket=False))
    assert result['changed'] is True and result['billorder_id'] == 78
    assert funcs(http_server) == ['vds', 'basket', 'v2.vds.order.param', 'vds']
    assert 'skipbasket' not in http_server.requests[2]['form']


def test_a_lost_cart_order_answer_is_looked_for_in_the_cart(http_server, manager):
    http_server.queue(listing(), cart(), {'drop': True},
                      cart({'id': 3, 'billorder': 79, 'kind': 'order', 'itemtype': 'vds', 'desc': 'VPS Start'}), listing())
    result = manager().present(want(remoteid='r', pricelist=6, skipbasket=False))
    assert result['reconciled'] is True and result['billorder_id'] == 79
    assert funcs(http_server).count('v2.vds.order.param') == 1


def test_a_lost_cart_order_that_is_not_in_the_cart_is_reported_as_unknown(http_server, manager):
    http_server.queue(listing(), cart(), {'drop': True}, cart())
    with pytest.raises(BillmgrError) as err:
        manager().present(want(remoteid='r', pricelist=6, skipbasket=False))
    assert err.value.outcome_unknown is True and 'the cart holds no vds order' in str(err.value)
    assert funcs(http_server).count('v2.vds.order.param') == 1


def test_an_identity_taken_outside_the_named_account_is_not_ordered_again(http_server, manager):
    # The account filter finds nothing (the panel lists the account under another name), but the service exists.
    http_server.queue(listing(), listing(elem(1101, remoteid='r')))
    with pytest.raises(ValueError) as err:
        manager().present(want(remoteid='r', pricelist=6, account='example'))
    assert "vds service 1101 already has remoteid r, in account 'Example Ltd', not in account 'example'" in str(err.value)
    assert funcs(http_server) == ['vds', 'vds']
    assert http_server.requests[0]['form']['account'] == 'example' and 'account' not in http_server.requests[1]['form']


def test_an_api_refusal_of_the_order_is_not_reconciled(http_server, manager):
    http_server.queue(listing(), error('value', 'pricelist', "The value of field 'pricelist' is invalid"))
    with pytest.raises(BillmgrError) as err:
        manager().present(want(remoteid='r', pricelist=2))
    assert str(err.value) == "BILLmanager error (value/pricelist): The value of field 'pricelist' is invalid [func v2.vds.order.param]"
    assert funcs(http_server) == ['vds', 'v2.vds.order.param']


def test_wait_timeout_names_the_service(http_server, manager, fake_time):
    http_server.queue(listing(), ok(id=1101))
    http_server.default_answer = listing(elem(1101, status=5, ip=None, remoteid='r'))
    with pytest.raises(ServiceFailure) as failure:
        manager().present(want(remoteid='r', pricelist=6, wait_timeout=30))
    assert 'vds service 1101 was ordered but is still processing after 30s' in str(failure.value)
    assert failure.value.result['changed'] is True and failure.value.result['service']['id'] == 1101
    assert fake_time.sleeps[:6] == [1.0, 1.5, 2.25, 3.375, 5.062, 7.594]
    assert max(fake_time.sleeps) <= 10.0 and sum(fake_time.sleeps) == pytest.approx(30.0)


def test_no_identity_is_refused_before_any_request(http_server, manager):
    with pytest.raises(ValueError, match='needs an identity for the service: id, remoteid or domain'):
        manager().present(want(pricelist=6))
    with pytest.raises(ValueError, match='state=absent needs the service to delete'):
        manager().absent(want(state='absent'))
    assert http_server.requests == []


@pytest.mark.parametrize('options, message', [
    ({'period': 5}, 'period must be one of 1, 3, 6, 12, 24, 36 months; got 5'),
    ({'autoprolong': 'weekly'}, "autoprolong must be one of 1, 3, 6, 12, 24, 36 (months) or off; got 'weekly'"),
])
def test_bad_values_are_refused_before_any_request(http_server, manager, options, message):
    with pytest.raises(ValueError) as err:
        manager().present(want(remoteid='r', pricelist=6, **options))
    assert str(err.value) == message
    assert http_server.requests == []


def test_order_only_options_on_a_new_service_are_refused_before_the_order(http_server, manager):
    http_server.queue(listing())
    with pytest.raises(ValueError, match='serverid can only be changed on an existing service'):
        manager().present(want(remoteid='r', pricelist=6, serverid='vm-1'))
    http_server.queue(listing())
    with pytest.raises(ValueError, match='pricelist is required to order a new vds service'):
        manager().present(want(remoteid='r'))
    assert funcs(http_server) == ['vds', 'vds']


# -- change -------------------------------------------------------------------------------

def test_change_sends_only_what_differs(http_server, manager):
    http_server.queue(listing(elem(958, autoprolong=1, domain='web.example.com')), edit_form(), ok())
    result = manager().present(want(id=958, autoprolong='off', addons={'11': 2048, '9': 1}, ostempl='ISPsystem__CentOS-7-amd64'))
    assert result['changed'] is True
    assert result['diff'] == {'before': {'addons.11': 1024, 'autoprolong': 1}, 'after': {'addons.11': 2048, 'autoprolong': None}}
    assert funcs(http_server) == ['vds', 'vds.edit', 'vds.edit']
    assert 'sok' not in http_server.requests[1]['form']
    edit = http_server.requests[2]['form']
    assert dict((k, v) for k, v in edit.items() if k not in ('func', 'out', 'lang', 'authinfo')) == {
        'elid': '958', 'sok': 'ok', 'skipbasket': 'on', 'autoprolong': 'null', 'addon_11': '2048'}
    assert result['service']['autoprolong'] is None and result['service']['addons']['11'] == 2048


def test_change_in_check_mode_reads_but_does_not_write(http_server, manager):
    http_server.queue(listing(elem(958)), edit_form())
    result = manager(check_mode=True).present(want(id=958, addons={'11': 2048}))
    assert result['changed'] is True
    assert funcs(http_server) == ['vds', 'vds.edit'] and 'sok' not in http_server.requests[1]['form']


def test_an_addon_the_tariff_lacks_fails_before_the_edit(http_server, manager):
    http_server.queue(listing(elem(958)), edit_form())
    with pytest.raises(ValueError) as err:
        manager().present(want(id=958, addons={'5': 3}))
    assert str(err.value) == 'vds service 958 has no add-on 5: its tariff VPS Start offers add-ons 9, 11, 15'
    assert funcs(http_server) == ['vds', 'vds.edit']


def test_addon_names_on_a_change_resolve_through_the_services_tariff(http_server, manager):
    http_server.queue(listing(elem(958)), edit_form(), EXPORT, ok())
    result = manager().present(want(id=958, addons={'RAM': 1024, 'CPU': 4}))
    assert result['diff'] == {'before': {'addons.9': 1}, 'after': {'addons.9': 4}}
    assert funcs(http_server) == ['vds', 'vds.edit', 'pricelist.export', 'vds.edit']
    assert http_server.requests[3]['form']['addon_9'] == '4' and 'addon_11' not in http_server.requests[3]['form']


def test_a_paid_change_left_in_the_cart_reports_it_and_keeps_the_old_values(http_server, manager):
    http_server.queue(listing(elem(958)), edit_form(), ok(**{'billorder.id': 12}))
    result = manager().present(want(id=958, addons={'11': 2048}, skipbasket=False))
    assert result['billorder_id'] == 12 and result['service']['addons']['11'] == 1024
    assert 'skipbasket' not in http_server.requests[2]['form']


def test_userpassword_is_sent_in_the_body_and_shown_nowhere(http_server, manager):
    http_server.queue(listing(elem(958)), ok())
    result = manager().present(want(id=958, userpassword=SECRET))
    assert result['changed'] is True
    assert result['diff']['after'] == {'userpassword': '(set)'}
    assert SECRET not in repr(result)
    assert http_server.requests[1]['form']['userpassword'] == SECRET
    assert SECRET not in http_server.requests[1]['path']


def test_another_tariff_warns_and_a_different_remoteid_fails(http_server, manager):
    warnings = []
    http_server.queue(listing(elem(958, remoteid='web-01')))
    assert manager(warnings=warnings).present(want(id=958, pricelist='VPS Pro'))['changed'] is False
    assert warnings == ['vds service 958 is on tariff VPS Start (6), not VPS Pro; this module does not change the tariff of an existing service']
    http_server.queue(listing(elem(958, remoteid='web-01')))
    with pytest.raises(ValueError, match='vds service 958 has remoteid web-01, not web-02; remoteid cannot be changed'):
        manager().present(want(id=958, remoteid='web-02'))


def test_an_id_the_list_does_not_show_gets_the_panels_own_reason(http_server, manager):
    http_server.queue(listing(), error('access', 'elid', 'Insufficient privileges to access object 5'))
    with pytest.raises(BillmgrError) as err:
        manager().present(want(id=5, autoprolong=1))
    assert err.value.kind == 'access'
    assert funcs(http_server) == ['vds', 'vds.edit'] and 'sok' not in http_server.requests[1]['form']


def test_a_processing_service_is_waited_for_before_it_is_changed(http_server, manager, fake_time):
    http_server.queue(listing(elem(958, status=5, ip=None)), listing(elem(958)), ok())
    result = manager().present(want(id=958, autoprolong=12))
    assert result['changed'] is True and result['service']['status'] == 2
    assert funcs(http_server) == ['vds', 'vds', 'vds.edit'] and fake_time.sleeps == []


# -- absent -------------------------------------------------------------------------------

def test_absent_deletes_once_and_a_missing_service_is_fine(http_server, manager):
    http_server.queue(listing(elem(938, remoteid='old')), ok())
    result = manager().absent(want(state='absent', remoteid='old'))
    assert result['changed'] is True and result['service']['status'] == 4
    assert sent(http_server)[1][1]['elid'] == '938' and sent(http_server)[1][1]['sok'] == 'ok'
    http_server.queue(listing())
    assert manager().absent(want(state='absent', remoteid='old'))['changed'] is False
    http_server.queue(listing(), error('missed', 'elid', "The object '77' was not found"))
    assert manager().absent(want(state='absent', id=77))['changed'] is False


def test_absent_in_check_mode_only_looks(http_server, manager):
    http_server.queue(listing(elem(938, remoteid='old')))
    assert manager(check_mode=True).absent(want(state='absent', remoteid='old'))['changed'] is True
    assert funcs(http_server) == ['vds']


# -- info, statdaily, small helpers -------------------------------------------------------

def test_search_filters_every_type_and_can_read_addons(http_server):
    http_server.queue(listing(elem(958, remoteid='a'), elem(959, remoteid='b')), edit_form(), listing())
    client = BillmgrClient(http_server.url, username='alice', password='pw', sleep=lambda s: None)
    found = search_services(client, ['vds', 'dedic'], status=['active'], remoteid='a', addons=True)
    assert [(s['type'], s['id']) for s in found] == [('vds', 958)]
    assert found[0]['addons'] == {'9': 1, '11': 1024, '15': 0}
    assert funcs(http_server) == ['vds', 'vds.edit', 'dedic']
    assert http_server.requests[0]['form']['status'] == '2' and http_server.requests[0]['form']['remoteid'] == 'a'


def test_statdaily_is_unchanged_when_the_date_is_done_and_forced_otherwise(http_server):
    client = BillmgrClient(http_server.url, username='admin', password='pw', sleep=lambda s: None)
    http_server.queue(error('exists', 'statdate', 'Statistics for 2026-01-31 have already been calculated'))
    assert statdaily(client, 958, '2026-01-31')['changed'] is False
    http_server.queue(ok())
    assert statdaily(client, 958, '2026-01-31', force=True)['changed'] is True
    assert http_server.requests[1]['form']['force'] == 'on' and 'force' not in http_server.requests[0]['form']
    assert statdaily(client, 958, '2026-01-31', check_mode=True)['changed'] is True
    assert len(http_server.requests) == 2
    http_server.queue(error('exists', 'statdate', 'done'))
    with pytest.raises(BillmgrError):
        statdaily(client, 958, '2026-01-31', force=True)


def test_small_conversions():
    assert [normalise_autoprolong(v) for v in (None, False, 'off', 'null', 0, '0', 12, '3')] == [None] * 6 + [12, 3]
    assert [addon_value(v) for v in (True, False, 2048, 2048.0, ' 5 ', 'on', 'RAID 1')] == ['1', '0', '2048', '2048', '5', '1', 'RAID 1']
    assert status_codes(['active', 5, '4']) == [2, 5, 4]
    with pytest.raises(ValueError, match="unknown status 'sleeping'"):
        status_codes(['sleeping'])
    delays = backoff()
    assert [next(delays) for dummy in range(8)] == [1.0, 1.5, 2.25, 3.375, 5.0625, 7.59375, 10.0, 10.0]
