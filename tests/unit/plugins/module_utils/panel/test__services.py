# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_services.py: a service as the API has it, against the scripted server: one shape, and the requests behind each call."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import (
    edit_service,
    find_deleted,
    find_service,
    find_services,
    list_services,
    order_request,
    order_answer,
    order_service,
    read_edit_cost,
    represent_service,
    search_services,
    wait_until_ready,
)
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import doc, listing, ok


def vds(service_id, status=2, ip='127.0.0.9', **fields):
    elem = {'id': str(service_id), 'status': str(status), 'item_status': {'orig': str(status), 'text': 'Active'},
            'pricelist': 'VPS Start', 'pricelist_id': '6', 'datacentername': 'Frankfurt', 'account': 'Example Ltd',
            'expiredate': '2027-01-31', 'createdate': '2026-01-31'}
    if ip is not None:
        elem['ip'] = ip
    elem.update(fields)
    return elem


# -- one shape --------------------------------------------------------------------------------

def test_a_list_element_becomes_a_plain_typed_service():
    service = represent_service('vds', vds(958, remoteid='web-01', autoprolong='12', cost='500.00 RUB', domain='web.example.com'))
    assert service == {
        'id': 958, 'type': 'vds', 'name': None, 'domain': 'web.example.com', 'ip': '127.0.0.9', 'status': 2,
        'status_name': 'active', 'item_status': '2', 'pricelist': 'VPS Start', 'pricelist_id': 6, 'datacenter': 'Frankfurt',
        'account': 'Example Ltd', 'ostempl': None, 'recipe': None, 'remoteid': 'web-01', 'createdate': '2026-01-31',
        'expiredate': '2027-01-31', 'expiretime': None, 'autoprolong': 12, 'cost': '500.00 RUB', 'deletion': None}
    # Edit forms say elid, and off is the API's null.
    assert represent_service('vds', {'elid': '5', 'autoprolong': 'null'})['id'] == 5
    assert represent_service('vds', {'elid': '5', 'autoprolong': 'null'})['autoprolong'] is None


# -- listing and finding ------------------------------------------------------------------------

def test_one_status_is_the_panels_filter_and_several_are_filtered_here(http_server, client):
    http_server.answer('vds', listing(vds(1), vds(2, status=3), vds(3, status=5)))
    assert [s['id'] for s in list_services(client, 'vds', status=[2, 3])] == [1, 2]
    assert [s['id'] for s in list_services(client, 'vds', status=2)] == [1]
    # filter=on always: without it a filter saved in the web interface applies (E5).
    assert http_server.sent() == [{'filter': 'on'}, {'status': '2', 'filter': 'on'}]


def test_an_account_filter_keeps_only_that_accounts_services(http_server, client):
    # A panel that ignores the filter field still gives the right answer, only with more data.
    http_server.answer('vds', listing(vds(1, account='alice'), vds(2, account='bob')))
    assert [s['id'] for s in list_services(client, 'vds', account='alice')] == [1]
    assert http_server.sent() == [{'account': 'alice', 'filter': 'on'}]


def test_find_by_domain_matches_in_any_case_and_leaves_deleted_out(http_server, client):
    http_server.answer('vds', listing(vds(1, domain='web.example.com', status=4), vds(2, domain='web.example.com'),
                                      vds(3, domain='other.example.com')))
    assert find_service(client, 'vds', domain='Web.Example.com')['id'] == 2
    assert http_server.sent() == [{'domain': 'web.example.com', 'filter': 'on'}]


def test_two_live_services_with_one_identity_need_an_id(http_server, client):
    http_server.answer('vds', listing(vds(1, remoteid='r'), vds(2, remoteid='r')))
    with pytest.raises(InputError, match=r'2 vds services have remoteid r \(ids 1, 2\); use id to choose one'):
        find_service(client, 'vds', remoteid='r')


def test_find_without_an_identity_is_refused_before_any_request(http_server, client):
    with pytest.raises(InputError, match='a service is found by id, remoteid or domain'):
        find_service(client, 'vds')
    with pytest.raises(InputError, match='id must be a BILLmanager id'):
        find_service(client, 'vds', service_id=0)
    assert http_server.requests == []


def test_find_services_matches_many_identities_in_one_listing(http_server, client):
    http_server.answer('vds', listing(vds(1, remoteid='a'), vds(2, remoteid='b'), vds(3, remoteid='b', status=4), vds(4, remoteid='c'),
                                      vds(5, remoteid='c')))
    assert [s['id'] for s in find_services(client, 'vds', 'remoteid', ['b ', 'a', 'a'])] == [2, 1]
    assert http_server.sent() == [{'filter': 'on'}]
    with pytest.raises(InputError, match=r'no vds service has remoteid x, y; several vds services have remoteid c \(ids 4, 5\)'):
        find_services(client, 'vds', 'remoteid', ['x', 'c', 'y'])
    assert [s['id'] for s in find_services(client, 'vds', 'id', [4])] == [4]
    assert http_server.sent()[-1] == {'id': '4', 'filter': 'on'}
    with pytest.raises(InputError, match='an empty domain names no service'):
        find_services(client, 'vds', 'domain', [' '])


def test_find_deleted_gives_the_newest_deleted_service(http_server, client):
    http_server.answer('vds', listing(vds(7, remoteid='r', status=4), vds(9, remoteid='r', status=4), vds(8, remoteid='x', status=4)))
    assert find_deleted(client, 'vds', remoteid='r')['id'] == 9
    assert http_server.sent() == [{'remoteid': 'r', 'status': '4', 'filter': 'on'}]


def test_search_filters_every_type_and_can_read_addons(http_server, client):
    http_server.queue(listing(vds(958, remoteid='a'), vds(959, remoteid='b')), doc(addon_9='1', addon_11='1024', addon_15='0'),
                      listing())
    found = search_services(client, ['vds', 'dedic'], status=['active'], remoteid='a', addons=True)
    assert [(s['type'], s['id']) for s in found] == [('vds', 958)]
    assert found[0]['addons'] == {'9': 1, '11': 1024, '15': 0}
    assert http_server.funcs() == ['vds', 'vds.edit', 'dedic']
    assert http_server.requests[0]['form']['status'] == '2' and http_server.requests[0]['form']['remoteid'] == 'a'


def test_search_leaves_deleted_services_out_unless_a_status_asks_for_them(http_server, client):
    """real-panels §5.5 (E12, E23): a real plain list shows deleted services; without statuses they are left out."""
    http_server.answer('vds', listing(vds(958, remoteid='a'), vds(938, remoteid='a', status=4)))
    assert [s['id'] for s in search_services(client, ['vds'], remoteid='a')] == [958]
    assert [s['id'] for s in search_services(client, ['vds'], status=['deleted'], remoteid='a')] == [938]


# -- the write side -----------------------------------------------------------------------------

def test_order_requests_of_both_apis():
    order = {'pricelist': 6, 'datacenter': 1, 'period': 12, 'remoteid': 'r', 'autoprolong': None, 'addons': {'11': '2048'},
             'account': 'bob'}
    func, params, headers = order_request('vds', order)
    assert func == 'v2.vds.order.param' and headers is None
    assert params['order_period'] == 12 and params['addon_11'] == '2048' and params['skipbasket'] == 'on' and params['sok'] == 'ok'
    # The new order API (E20): clicked_button=order is required, the new cart and the count as E1 and E4 send them.
    assert (params['clicked_button'], params['force_use_new_cart'], params['order_count'], params['licence_agreement']) == (
        'order', 'on', 1, 'on')
    assert 'autoprolong' not in params and 'account' not in params, 'nobody is named as the buyer (E21)'
    # Auto-renewal on a v2 order is a flag (E20); the months are set afterwards by TYPE.edit.
    assert order_request('vds', dict(order, autoprolong=12))[1]['autoprolong'] == 'on'
    func, params, headers = order_request('vds', dict(order, autoprolong=3), api='v1', skipbasket=False, dragon=True)
    assert func == 'vds.order.param' and headers == {'ISP-Client': 'Web-interface'}
    assert params['period'] == 12 and params['autoprolong'] == 3 and params['theme'] == 'dragon'
    assert params['clicked_button'] == 'finish' and 'force_use_new_cart' not in params and 'skipbasket' not in params
    form = order_request('vds', order, confirm=False)[1]
    assert not set(form) & {'sok', 'clicked_button', 'licence_agreement', 'order_count'}, 'reading the form confirms nothing'


@pytest.mark.parametrize('answer, expected', [
    ({'item.id': '1101'}, (1101, None, None, 'item.id')),          # BILLmanager 6, paid (E1)
    ({'id': '3001'}, (3001, None, None, 'id')),                    # a licence (E7, E8)
    ({'ok': ''}, (None, None, None, None)),                        # BILLmanager 5, paid: no id (E12)
    ({'lineitem.id': '41'}, (None, None, 41, 'lineitem.id')),      # the new cart (E4)
    ({'billorder.id': '7'}, (None, 7, None, 'billorder.id')),      # the old cart (E6)
    ({'item.id': ['1101', '1102']}, (1101, None, None, 'item.id')),
])
def test_an_order_answer_is_read_as_each_panel_gives_it(answer, expected):
    found = order_answer(answer)
    assert (found['service_id'], found['billorder_id'], found['lineitem_id'], found['answered']) == expected


def test_an_order_is_one_write(http_server, client):
    http_server.queue(ok(**{'item.id': '1101'}))
    assert order_service(client, 'vds', {'pricelist': 6, 'period': 1})['service_id'] == 1101
    assert [func for func, _params in http_server.writes()] == ['v2.vds.order.param']


def test_an_edit_sends_autoprolong_off_as_null(http_server, client):
    assert edit_service(client, 'vds', 958, {'autoprolong': None, 'addon_11': '2048'}) is None
    edit_service(client, 'vds', 958, {'autoprolong': 12}, skipbasket=False)
    assert http_server.sent('vds.edit') == [
        {'elid': '958', 'sok': 'ok', 'autoprolong': 'null', 'addon_11': '2048', 'skipbasket': 'on'},
        {'elid': '958', 'sok': 'ok', 'autoprolong': '12'}]


def test_a_paid_edit_into_the_cart_answers_its_billorder(http_server, client):
    # E5: TYPE.edit without skipbasket answers doc.billorder; older answers billorder.id.
    http_server.queue(ok(billorder='12'), ok(**{'billorder.id': '13'}))
    assert edit_service(client, 'vds', 958, {'addon_11': '2048'}, skipbasket=False) == 12
    assert edit_service(client, 'vds', 958, {'addon_11': '2048'}, skipbasket=False) == 13


def test_the_price_of_an_edit_is_the_edit_forms_orderinfo_read_without_sok(http_server, client):
    # real-panels §4.4 (E5): TYPE.edit with the new values and without sok shows the price first, as an order form does.
    http_server.queue(doc(orderinfo='Total amount: 1851.73 RUB', addon_11='1024'), doc(addon_11='1024'))
    assert read_edit_cost(client, 'vds', 958, {'addon_11': '8192'}).text == '1851.73 RUB'
    assert read_edit_cost(client, 'vds', 958, {'addon_11': '8192'}) is None, 'a form that shows no price'
    assert http_server.sent('vds.edit') == [{'elid': '958', 'addon_11': '8192'}] * 2
    assert http_server.writes() == []


# -- waiting ------------------------------------------------------------------------------------

def test_waiting_ends_when_the_service_is_active_with_its_address(http_server, client, fake_time):
    http_server.answer('vds', listing(vds(1101, status=5, ip=None)), listing(vds(1101, status=2, ip=None)), listing(vds(1101)))
    assert wait_until_ready(client, 'vds', 1101, 600)['ip'] == '127.0.0.9'
    assert fake_time.sleeps == [1.0, 2.0]


def test_a_type_without_addresses_is_ready_when_active(http_server, client, fake_time):
    # A platform never gets an IP: waiting for one would run until the timeout.
    http_server.answer('platform', listing(vds(77, ip=None)))
    assert wait_until_ready(client, 'platform', 77, 600)['status'] == 2
    assert fake_time.sleeps == []


def test_a_service_gone_or_suspended_while_waiting_stops_the_wait(http_server, client, fake_time):
    http_server.answer('vds', listing())
    with pytest.raises(TaskError, match='vds service 1101 was deleted while waiting') as failure:
        wait_until_ready(client, 'vds', 1101, 600)
    assert failure.value.result == {'changed': True, 'service': None}
    http_server.scripts.clear()
    http_server.answer('vds', listing(vds(1101, status=3, item_status={'orig': '3_abuse', 'text': 'Suspended'})))
    with pytest.raises(TaskError, match=r'was suspended \(3_abuse\) while waiting') as failure:
        wait_until_ready(client, 'vds', 1101, 600)
    assert failure.value.result['service']['id'] == 1101
    assert fake_time.sleeps == [], 'neither waited: there was nothing left to wait for'


def test_a_wait_that_runs_out_names_the_paid_service(http_server, client, fake_time):
    http_server.answer('vds', listing(vds(1101, status=5, ip=None)))
    with pytest.raises(TaskError) as failure:
        wait_until_ready(client, 'vds', 1101, 30)
    assert str(failure.value).startswith('vds service 1101 was ordered but is still processing after 30s; it is paid for')
    assert failure.value.result['changed'] is True and failure.value.result['service']['status'] == 5
    assert sum(fake_time.sleeps) == pytest.approx(30.0)


def test_a_deletion_the_panel_has_shows_in_deletion():
    """real-panels-2 §13, E22: 5_close is a deletion in progress, scheduledclose=on one at the end of the paid period."""
    closing = vds(938, status=5, item_status={'orig': '5_close', 'text': 'Deletion in progress'})
    assert represent_service('vds', closing)['deletion'] == 'in progress'
    assert represent_service('vds', vds(938, scheduledclose='on'))['deletion'] == 'scheduled'
    assert represent_service('vds', vds(938, scheduledclose='off'))['deletion'] is None
    assert represent_service('vds', vds(938, status=5, item_status={'orig': '5_open'}))['deletion'] is None
