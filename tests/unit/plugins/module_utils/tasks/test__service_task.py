# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_service_task.py: what billmgr_service decides, against the scripted server: which requests go out, in which order.

The server answers from a queue, so each test states the panel's answers and then checks
every request the task made: nothing more, nothing written in check mode, no second order.
Tasks get their options as billmgr_service's params, by the documented names.
"""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._service_task import (
    ServiceTask,
    identity_of,
    want_from_params,
)
from ansible_collections.ispsystem.billmgr.plugins.modules.billmgr_service import ARGUMENT_SPEC

from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import (
    NO_NEW_CART,
    export,
    export_addon,
    export_tariff,
    new_cart,
    old_cart,
    order_form,
)

SECRET = 'vm-Pass-0xC0FFEE'


def t(value):
    return {'$': str(value)}


def elem(service_id, status=2, ip='10.0.0.9', remoteid=None, domain=None, autoprolong=None, pricelist='VPS Start', pricelist_id=None):
    """A list row as real panels send it: the tariff by name only, no pricelist_id (real-panels.md E18)."""
    node = {'id': t(service_id), 'status': t(status), 'item_status': {'$orig': str(status), '$': 'Active'},
            'pricelist': t(pricelist), 'datacentername': t('Frankfurt'),
            'expiredate': t('2027-01-31'), 'account': t('Example Ltd')}
    for key, value in (('ip', ip), ('remoteid', remoteid), ('domain', domain), ('autoprolong', autoprolong),
                       ('pricelist_id', pricelist_id)):
        if value is not None:
            node[key] = t(value)
    return node


def listing(*elems):
    return {'body': {'doc': {'elem': list(elems), 'p_elems': t(len(elems))}}}


def ok(**fields):
    doc = {'ok': {}}
    doc.update(dict((key, t(value)) for key, value in fields.items()))
    return {'body': {'doc': doc}}


def edit_form(renews=('1', '3', '6', '12', '24', '36'), **values):
    doc = {'elid': t(958), 'pricelist': t(6), 'domain': t('web.example.com'), 'ostempl': t('ISPsystem__CentOS-7-amd64'),
           'addon_9': t(1), 'addon_11': t(1024), 'addon_15': t(0), 'addon_16': t('off'), 'addon_17': t(171),
           'slist': {'$name': 'autoprolong', 'val': [{'$key': key, '$': key} for key in ('null',) + renews]}}
    doc.update(dict((key, t(value)) for key, value in values.items()))
    return {'body': {'doc': doc}}


def error(kind, obj, msg):
    return {'body': {'doc': {'error': {'$type': kind, '$object': obj, 'msg': t(msg)}}}}


# One tariff in the real export's shape, sold for 1 month only.
EXPORT = export(export_tariff(6, 'VPS Start', 'vds', costs=((1, '500.0000'),), addons=(
    export_addon(9, 'CPU', low=1, high=32, step=1, included=1, measure='cores'),
    export_addon(11, 'RAM', low=256, high=65536, step=256, included=1024, measure='MB'),
    export_addon(16, 'IPv6', kind='boolean'),
    export_addon(17, 'Control panel', kind='enum', choices=((171, 'None'), (172, 'ISPmanager Lite'), (173, 'ISPmanager Pro'))))))


# What an order reads right before it is placed: both carts, holding no unpaid order of the type.
NO_CART_ORDER = (old_cart(), NO_NEW_CART)


def export_renewing(*months):
    """The price list with VPS Start (6) sold, and so renewed, for these months."""
    return export(export_tariff(6, 'VPS Start', 'vds', costs=tuple((months_, '500.0000') for months_ in months)))


def params(**options):
    """billmgr_service's params as Ansible hands them over: every option, defaults filled in, plus the connection's."""
    result = dict((name, spec.get('default')) for name, spec in ARGUMENT_SPEC.items())
    result.update({'type': 'vds', 'url': 'https://panel.example', 'username': 'alice', 'password': 'pw'})
    result.update(options)
    return result


def want(**options):
    return want_from_params(params(**options))


@pytest.fixture
def run_task(client):
    """``run_task(params, check_mode=..., warnings=[])``: one ServiceTask run, as the module runs it."""
    def run(task_params, check_mode=False, warnings=None):
        warn = warnings.append if warnings is not None else None
        return ServiceTask(client, task_params, check_mode=check_mode, diff=True, warn=warn).run()
    return run


def sent(server):
    return [(r['form']['func'], r['form']) for r in server.requests]


def funcs(server):
    return [r['form']['func'] for r in server.requests]


# -- present: found, nothing to do ---------------------------------------------------------

def test_an_unchanged_service_costs_one_request(http_server, run_task):
    http_server.queue(listing(elem(958, remoteid='web-01', domain='web.example.com', autoprolong=1)))
    result = run_task(params(remoteid='web-01', domain='web.example.com', autoprolong=1, pricelist='VPS Start'))
    assert result['changed'] is False
    assert result['service']['id'] == 958 and result['service']['addons'] is None
    [(func, form)] = sent(http_server)
    assert func == 'vds' and form['filter'] == 'on' and form['remoteid'] == 'web-01'


def test_the_connection_username_never_becomes_the_services_username():
    assert want(username='alice')['username'] is None
    assert want(service_username='user134')['username'] == 'user134'
    assert 'password' not in want()


# -- create -------------------------------------------------------------------------------

def test_order_sends_the_v2_form_then_polls_until_active(http_server, run_task, fake_time):
    sells_12 = export(export_tariff(6, 'VPS Start', 'vds', costs=((1, '500.0000'), (12, '6000.0000'))))
    http_server.queue(listing(), sells_12, *NO_CART_ORDER, ok(**{'item.id': 1101}),
                      listing(elem(1101, status=5, ip=None, remoteid='web-01')),
                      listing(elem(1101, status=5, ip=None, remoteid='web-01')),
                      listing(elem(1101, status=2, ip=None, remoteid='web-01')),
                      listing(elem(1101, status=2, ip='10.0.4.77', remoteid='web-01')))
    result = run_task(params(remoteid='web-01', domain='web-01.example.com', pricelist=6, datacenter=1, period=12,
                             autoprolong='off', ostempl='ISPsystem__Debian-12-amd64'))
    assert result['changed'] is True and result['found_by'] == 'item.id' and 'billorder_id' not in result
    assert result['service']['id'] == 1101 and result['service']['ip'] == '10.0.4.77'
    # Every order is checked against the tariff first: the price list is read once, before the order.
    assert funcs(http_server) == ['vds', 'pricelist.export', 'basket', 'cart', 'v2.vds.order.param', 'vds', 'vds', 'vds', 'vds']
    order = http_server.requests[4]['form']
    assert dict((k, order[k]) for k in ('pricelist', 'datacenter', 'order_period', 'remoteid', 'domain', 'ostempl', 'skipbasket', 'sok',
                                        'clicked_button', 'licence_agreement')) == {
        'pricelist': '6', 'datacenter': '1', 'order_period': '12', 'remoteid': 'web-01', 'domain': 'web-01.example.com',
        'ostempl': 'ISPsystem__Debian-12-amd64', 'skipbasket': 'on', 'sok': 'ok', 'clicked_button': 'order', 'licence_agreement': 'on'}
    assert 'autoprolong' not in order and 'period' not in order and 'account' not in order
    # The client's poll backoff: a second, then doubling.
    assert fake_time.sleeps == [1.0, 2.0, 4.0]


def test_a_paid_order_answered_without_an_id_finds_the_service_by_identity(http_server, run_task):
    # BILLmanager 5 (E12): "the id of the new service does not come in the answer".
    http_server.queue(listing(), EXPORT, *NO_CART_ORDER, ok(), listing(elem(1101, remoteid='r')))
    result = run_task(params(remoteid='r', pricelist=6))
    assert result['found_by'] == 'identity' and result['service']['id'] == 1101
    # The look-up that finds it active is the wait's first poll too: no second list.
    assert funcs(http_server) == ['vds', 'pricelist.export', 'basket', 'cart', 'v2.vds.order.param', 'vds']


SELLS_12 = export(export_tariff(6, 'VPS Start', 'vds', costs=((1, '500.0000'), (12, '6000.0000'))))
# The v2 order form of BILLmanager 6 offers auto-renewal as a flag (E20); older v2 forms offer the months (seed 003).
FLAG_FORM = order_form(autoprolong=('off', 'on'))
MONTHS_FORM = order_form(autoprolong=('null', '1', '12'))


def test_autoprolong_months_on_a_v2_order_are_on_then_the_months_by_edit(http_server, run_task):
    # E20: on a v2 order autoprolong is on/off; the months are set by TYPE.edit, in the same task.
    http_server.queue(listing(), SELLS_12, FLAG_FORM, *NO_CART_ORDER, ok(**{'item.id': 1101}), listing(elem(1101, remoteid='r', autoprolong=1)), ok())
    result = run_task(params(remoteid='r', pricelist=6, period=12, autoprolong=12))
    assert funcs(http_server) == ['vds', 'pricelist.export', 'v2.vds.order.param', 'basket', 'cart', 'v2.vds.order.param', 'vds',
                                  'vds.edit']
    assert 'sok' not in http_server.requests[2]['form'], 'the form is read, not confirmed'
    assert http_server.requests[5]['form']['autoprolong'] == 'on'
    edit = http_server.requests[7]['form']
    assert (edit['elid'], edit['autoprolong'], edit['skipbasket']) == ('1101', '12', 'on')
    assert result['changed'] is True and result['service']['autoprolong'] == 12


def test_a_v2_form_that_offers_months_gets_the_months_and_no_edit(http_server, run_task):
    http_server.queue(listing(), SELLS_12, MONTHS_FORM, *NO_CART_ORDER, ok(), listing(elem(1101, remoteid='r', autoprolong=12)))
    result = run_task(params(remoteid='r', pricelist=6, period=12, autoprolong=12))
    assert funcs(http_server) == ['vds', 'pricelist.export', 'v2.vds.order.param', 'basket', 'cart', 'v2.vds.order.param', 'vds']
    assert http_server.requests[5]['form']['autoprolong'] == '12'
    assert result['service']['autoprolong'] == 12


def test_autoprolong_the_panel_already_shows_is_not_set_again(http_server, run_task):
    http_server.queue(listing(), SELLS_12, FLAG_FORM, *NO_CART_ORDER, ok(**{'item.id': 1101}), listing(elem(1101, remoteid='r', autoprolong=12)))
    run_task(params(remoteid='r', pricelist=6, period=12, autoprolong=12))
    assert funcs(http_server) == ['vds', 'pricelist.export', 'v2.vds.order.param', 'basket', 'cart', 'v2.vds.order.param', 'vds']


def test_a_failed_autoprolong_edit_after_the_order_reports_the_paid_service(http_server, run_task):
    http_server.queue(listing(), SELLS_12, FLAG_FORM, *NO_CART_ORDER, ok(**{'item.id': 1101}), listing(elem(1101, remoteid='r')),
                      error('value', 'autoprolong', 'The value is invalid'))
    with pytest.raises(TaskError) as failure:
        run_task(params(remoteid='r', pricelist=6, period=12, autoprolong=12))
    assert 'vds service 1101 was ordered and paid, but setting auto-renewal to 12 months failed' in str(failure.value)
    assert failure.value.result['changed'] is True and failure.value.result['service']['id'] == 1101


def test_v1_dragon_order_uses_period_and_the_dragon_cart(http_server, run_task):
    # autoprolong is checked against the tariff's periods first, so the price list is read before the cart.
    dragon = export(export_tariff(2, 'VPS Dragon', 'vds', costs=((1, '500.0000'), (3, '1400.0000'))))
    http_server.queue(listing(), dragon, old_cart(), NO_NEW_CART, ok(**{'billorder.id': 8}), listing())
    warnings = []
    result = run_task(params(domain='shop.example.com', pricelist=2, api='v1', dragon=True, skipbasket=False, autoprolong=3),
                      warnings=warnings)
    assert result['billorder_id'] == 8 and result['found_by'] == 'billorder.id' and result['service'] is None
    assert warnings == ['the vds order waits unpaid in the cart (billorder 8): the service is created once the cart is paid '
                        '(billmgr_cart with state: paid, or in the panel)']
    assert funcs(http_server) == ['vds', 'pricelist.export', 'basket', 'cart', 'vds.order.param', 'vds']
    request = http_server.requests[4]
    assert request['form']['func'] == 'vds.order.param' and request['form']['period'] == '1'
    assert request['form']['autoprolong'] == '3' and 'skipbasket' not in request['form']
    assert (request['form']['theme'], request['form']['licence_agreement'], request['form']['clicked_button']) == ('dragon', 'on', 'finish')
    assert request['headers']['ISP-Client'] == 'Web-interface'


def test_an_order_into_the_new_cart_reports_its_line(http_server, run_task):
    http_server.queue(listing(), EXPORT, old_cart(), new_cart(), ok(**{'lineitem.id': 41}), listing())
    result = run_task(params(remoteid='r', pricelist=6, skipbasket=False))
    assert result['changed'] is True and result['lineitem_id'] == 41 and result['found_by'] == 'lineitem.id'
    assert 'billorder_id' not in result and result['service'] is None
    order = http_server.requests[4]['form']
    assert order['force_use_new_cart'] == 'on' and 'skipbasket' not in order


def test_names_and_addons_go_through_the_catalog_once_before_the_order(http_server, run_task):
    http_server.queue(listing(), EXPORT, *NO_CART_ORDER, ok(id=1101), listing(elem(1101, remoteid='r')))
    result = run_task(params(remoteid='r', pricelist='VPS Start', datacenter='Frankfurt', addons={'RAM': 2048, '9': 2}))
    assert funcs(http_server) == ['vds', 'pricelist.export', 'basket', 'cart', 'v2.vds.order.param', 'vds']
    order = http_server.requests[4]['form']
    assert (order['pricelist'], order['datacenter'], order['addon_11'], order['addon_9']) == ('6', '1', '2048', '2')
    assert result['order']['addons'] == {'9': 2, '11': 2048}
    assert result['service']['addons'] == {'9': 2, '11': 2048}


def test_onoff_and_enum_addons_are_ordered_as_on_off_and_the_choice_id(http_server, run_task):
    http_server.queue(listing(), EXPORT, *NO_CART_ORDER, ok(id=1101), listing(elem(1101, remoteid='r')))
    run_task(params(remoteid='r', pricelist=6, addons={'IPv6': True, 'Control panel': 'ISPmanager Pro', 'RAM': 2048}))
    order = http_server.requests[4]['form']
    assert (order['addon_16'], order['addon_17'], order['addon_11']) == ('on', '173', '2048')


@pytest.mark.parametrize('addons, message', [
    ({'IPv6': 'maybe'}, "add-on IPv6 (16) is on or off (true or false); got 'maybe'"),
    ({'Control panel': 'cPanel'}, "unknown choice 'cPanel' of add-on Control panel (17); valid: None (171), ISPmanager Lite (172), "
                                  "ISPmanager Pro (173)"),
    ({'Disk': 10000}, "unknown add-on 'Disk' in tariff VPS Start (6); valid: CPU (9), RAM (11), IPv6 (16), Control panel (17)"),
    ({'CPU': 33}, 'add-on CPU (9) must be between 1 and 32 cores; got 33'),
    ({'RAM': 1000}, 'add-on RAM (11) goes in steps of 256 from 256; got 1000'),
])
def test_an_addon_value_the_tariff_refuses_stops_the_order(http_server, run_task, addons, message):
    http_server.queue(listing(), EXPORT)
    with pytest.raises(InputError) as err:
        run_task(params(remoteid='r', pricelist=6, addons=addons))
    assert str(err.value) == message
    assert funcs(http_server) == ['vds', 'pricelist.export'] and http_server.requests[1]['form']['itemtype'] == 'vds'


def test_a_trial_order_sends_the_period_code(http_server, run_task):
    trial = export(export_tariff(8, 'VPS Trial', 'vds', costs=((-100, '0.0000'), (1, '250.0000'))))
    http_server.queue(listing(), trial, *NO_CART_ORDER, ok(id=1101), listing(elem(1101, remoteid='r')))
    run_task(params(remoteid='r', pricelist=8, period='trial'))
    assert http_server.requests[4]['form']['order_period'] == '-100'


def test_a_period_the_tariff_given_by_id_does_not_sell_is_refused_before_the_order(http_server, run_task):
    http_server.queue(listing(), EXPORT)
    with pytest.raises(InputError) as err:
        run_task(params(remoteid='r', pricelist=6, period='trial'))
    assert str(err.value) == 'tariff VPS Start (6) cannot be ordered for period trial; its periods: 1'
    assert funcs(http_server) == ['vds', 'pricelist.export']


@pytest.mark.parametrize('period, shown', [('trial', 'trial'), ('daily', 'daily'), ('one-time', 'one-time'), (12, '12'), ('3', '3')])
def test_a_period_the_named_tariff_does_not_sell_is_refused_with_its_periods(http_server, run_task, period, shown):
    http_server.queue(listing(), EXPORT)
    with pytest.raises(InputError) as err:
        run_task(params(remoteid='r', pricelist='VPS Start', period=period))
    assert str(err.value) == 'tariff VPS Start (6) cannot be ordered for period %s; its periods: 1' % shown
    assert funcs(http_server) == ['vds', 'pricelist.export']


def test_bad_addon_fails_after_the_catalog_and_before_the_order(http_server, run_task):
    http_server.queue(listing(), EXPORT)
    with pytest.raises(InputError, match=r'add-on RAM \(11\) must be between 256 and 65536'):
        run_task(params(remoteid='r', pricelist=6, addons={'RAM': 1}))
    assert funcs(http_server) == ['vds', 'pricelist.export']


def test_check_mode_reads_the_order_form_for_the_cost_and_writes_nothing(http_server, run_task):
    # The price is the form's total_summary (real-panels.md 3.8), not a field of its own.
    sells_12 = export(export_tariff(6, 'VPS Start', 'vds', costs=((1, '500.0000'), (12, '6000.0000'))))
    http_server.queue(listing(), sells_12, *NO_CART_ORDER, order_form(cost='6000.00', pricelist=6, order_period=12))
    result = run_task(params(remoteid='r', pricelist=6, period=12), check_mode=True)
    assert result['changed'] is True and (result['order']['cost'], result['order']['currency']) == (6000.0, 'RUB')
    assert result['service']['id'] is None and result['service']['remoteid'] == 'r'
    assert funcs(http_server) == ['vds', 'pricelist.export', 'basket', 'cart', 'v2.vds.order.param']
    assert 'sok' not in http_server.requests[4]['form']


def test_a_lost_order_answer_is_reconciled_by_looking_it_up(http_server, run_task):
    http_server.queue(listing(), EXPORT, *NO_CART_ORDER, {'drop': True}, listing(elem(1101, remoteid='r')), listing(elem(1101, remoteid='r')))
    result = run_task(params(remoteid='r', pricelist=6))
    assert result['changed'] is True and result['reconciled'] is True and result['service']['id'] == 1101
    assert funcs(http_server) == ['vds', 'pricelist.export', 'basket', 'cart', 'v2.vds.order.param', 'vds', 'vds']


def test_a_lost_order_that_never_appears_fails_with_the_original_error_explained(http_server, run_task, fake_time):
    http_server.queue(listing(), EXPORT, *NO_CART_ORDER, {'drop': True})
    http_server.default_answer = listing()
    with pytest.raises(BillmgrError) as err:
        run_task(params(remoteid='r', pricelist=6, reconcile_timeout=5))
    assert err.value.kind == 'connection' and err.value.outcome_unknown is True
    assert 'The answer to the order of a vds service with remoteid r was lost: it may or may not have been made, and reading ' \
        'back for 5s does not show it; nothing was sent again' in str(err.value)
    assert funcs(http_server).count('v2.vds.order.param') == 1
    assert sum(fake_time.sleeps) == pytest.approx(5.0)


def test_a_lost_order_is_looked_for_over_a_slow_panels_processing_window_by_default(http_server, run_task, fake_time):
    # Bug 7: the window was max(timeout, 5) s, so an order a slow panel finished later was bought again by the next run.
    http_server.queue(listing(), EXPORT, *NO_CART_ORDER, {'drop': True})
    http_server.handler = lambda form: listing(elem(1101, remoteid='r')) if fake_time.now >= 200 else listing()
    result = run_task(params(remoteid='r', pricelist=6))
    assert result['changed'] is True and result['reconciled'] is True and result['service']['id'] == 1101
    assert funcs(http_server).count('v2.vds.order.param') == 1
    assert 200 <= fake_time.now < 300 and max(fake_time.sleeps) == 10.0, 'on the one backoff, up to its cap'


def test_a_negative_reconcile_timeout_is_refused_before_any_request(http_server, run_task):
    with pytest.raises(InputError, match='reconcile_timeout must be 0 or more seconds; got -1'):
        run_task(params(remoteid='r', pricelist=6, reconcile_timeout=-1))
    assert http_server.requests == []


@pytest.mark.parametrize('carts', [
    (old_cart(77, (1, 'vds', 1200, 'VPS Start')), NO_NEW_CART, listing(elem(1200, status=1))),
    (old_cart(), new_cart((41, 'vds', 'order', 'VPS Start'))),
], ids=['old cart', 'new cart'])
def test_an_unpaid_cart_order_stops_an_order_paid_at_once(http_server, run_task, carts):
    # Bug 8: the cart's order and one with skipbasket were both paid. A new cart's line is no service yet: no look-up sees it.
    http_server.queue(listing(), EXPORT, *carts)
    with pytest.raises(InputError) as err:
        run_task(params(remoteid='r', pricelist=6, skipbasket=True))
    assert 'already holds an unpaid vds service order (VPS Start' in str(err.value)
    assert 'nothing was ordered' in str(err.value) and 'paying both would buy it twice' in str(err.value)
    assert http_server.writes() == []


def test_autoprolong_the_tariff_does_not_renew_for_is_refused_before_the_order(http_server, run_task):
    # EXPORT's tariff sells 1 month only: auto-renewal for 12 would be refused by the panel after payment, or ignored.
    http_server.queue(listing(), EXPORT)
    with pytest.raises(InputError) as err:
        run_task(params(remoteid='r', pricelist=6, autoprolong=12))
    assert str(err.value) == 'autoprolong: tariff VPS Start (6) renews for 1 months or off; got 12'
    assert funcs(http_server) == ['vds', 'pricelist.export']


def test_an_old_cart_that_holds_an_unpaid_order_of_the_type_refuses_a_second_one(http_server, run_task):
    # The old cart's line points at an item in status "ordered" (E5 item.id): a new order, not a change.
    http_server.queue(listing(), EXPORT, old_cart(77, (1, 'vds', 1200, 'VPS Start')), NO_NEW_CART,
                      listing(elem(1200, status=1, remoteid='other')))
    with pytest.raises(InputError) as err:
        run_task(params(remoteid='r', pricelist=6, skipbasket=False))
    assert 'the cart (billorder 77) already holds an unpaid vds service order (VPS Start)' in str(err.value)
    assert funcs(http_server) == ['vds', 'pricelist.export', 'basket', 'cart', 'vds']
    assert http_server.requests[4]['form']['status'] == '1'
    assert http_server.writes() == []


def test_a_new_cart_that_holds_an_unpaid_order_of_the_type_refuses_a_second_one(http_server, run_task):
    http_server.queue(listing(), EXPORT, old_cart(), new_cart((41, 'vds', 'order', 'VPS Start')))
    with pytest.raises(InputError, match=r'the cart \(line 41\) already holds an unpaid vds service order \(VPS Start period 1 month\)'):
        run_task(params(remoteid='r', pricelist=6, skipbasket=False))
    assert http_server.writes() == []


def test_a_cart_holding_other_things_does_not_stop_an_order(http_server, run_task):
    # A licence order, and the renewal of an existing VPS (its item is not in status "ordered").
    http_server.queue(listing(), EXPORT, old_cart(77, (1, 'soft', 3001, 'ISPmanager Lite'), (2, 'vds', 958, 'Renewal')),
                      new_cart((42, 'soft', 'order', 'ISPmanager Lite')), listing(), ok(**{'billorder.id': 78}), listing())
    result = run_task(params(remoteid='r', pricelist=6, skipbasket=False))
    assert result['changed'] is True and result['billorder_id'] == 78
    assert funcs(http_server) == ['vds', 'pricelist.export', 'basket', 'cart', 'vds', 'v2.vds.order.param', 'vds']


def test_an_order_waiting_in_the_old_cart_is_found_by_identity_and_not_ordered_again(http_server, run_task):
    # BILLmanager 5 lists a cart order as an item in status 1, "ordered".
    http_server.queue(listing(elem(1200, status=1, ip=None, remoteid='r')))
    warnings = []
    result = run_task(params(remoteid='r', pricelist=6, skipbasket=False), warnings=warnings)
    assert result['changed'] is False and result['service']['id'] == 1200
    assert 'the order of vds service 1200 waits unpaid in the cart' in warnings[0]
    assert funcs(http_server) == ['vds']


def test_a_lost_cart_order_answer_is_looked_for_in_the_old_cart(http_server, run_task):
    http_server.queue(listing(), EXPORT, old_cart(), NO_NEW_CART, {'drop': True},
                      old_cart(79, (3, 'vds', 1201, 'VPS Start')), NO_NEW_CART, listing(elem(1201, status=1, remoteid='r')),
                      listing(elem(1201, status=1, remoteid='r')))
    result = run_task(params(remoteid='r', pricelist=6, skipbasket=False))
    assert result['reconciled'] is True and result['billorder_id'] == 79 and result['found_by'] == 'reconciled'
    assert funcs(http_server).count('v2.vds.order.param') == 1


def test_a_lost_cart_order_answer_is_looked_for_in_the_new_cart(http_server, run_task):
    http_server.queue(listing(), EXPORT, old_cart(), new_cart(), {'drop': True}, old_cart(), new_cart((43, 'vds', 'order', 'VPS')),
                      listing())
    result = run_task(params(remoteid='r', pricelist=6, skipbasket=False))
    assert result['reconciled'] is True and result['lineitem_id'] == 43
    assert funcs(http_server).count('v2.vds.order.param') == 1


def test_a_lost_cart_order_that_is_not_in_the_cart_is_reported_as_unknown(http_server, run_task, fake_time):
    http_server.queue(listing(), EXPORT, old_cart(), NO_NEW_CART, {'drop': True})
    http_server.answer('basket', old_cart())
    http_server.answer('cart', NO_NEW_CART)
    with pytest.raises(BillmgrError) as err:
        run_task(params(remoteid='r', pricelist=6, skipbasket=False, reconcile_timeout=5))
    assert err.value.outcome_unknown is True
    assert 'The answer to the vds order into the cart was lost: it may or may not have been made' in str(err.value)
    assert sum(fake_time.sleeps) == pytest.approx(5.0), 'the carts were looked at for the whole window'
    assert funcs(http_server).count('v2.vds.order.param') == 1


def test_an_identity_taken_outside_the_named_account_is_not_ordered_again(http_server, run_task):
    # The account filter finds nothing (the panel lists the account under another name), but the service exists.
    http_server.queue(listing(), listing(elem(1101, remoteid='r')))
    with pytest.raises(InputError) as err:
        run_task(params(remoteid='r', pricelist=6, account='example'))
    assert "vds service 1101 already has remoteid r, in account 'Example Ltd', not in account 'example'" in str(err.value)
    assert funcs(http_server) == ['vds', 'vds']
    assert http_server.requests[0]['form']['account'] == 'example' and 'account' not in http_server.requests[1]['form']


def test_an_api_refusal_of_the_order_is_not_reconciled(http_server, run_task):
    # The price list sells tariff 6; the panel refuses the order anyway (its own rule), and that is not looked up.
    http_server.queue(listing(), EXPORT, *NO_CART_ORDER, error('value', 'pricelist', "The value of field 'pricelist' is invalid"))
    with pytest.raises(BillmgrError) as err:
        run_task(params(remoteid='r', pricelist=6))
    assert str(err.value) == "BILLmanager error (value/pricelist): The value of field 'pricelist' is invalid [func v2.vds.order.param]"
    assert funcs(http_server) == ['vds', 'pricelist.export', 'basket', 'cart', 'v2.vds.order.param']


def test_wait_timeout_names_the_service(http_server, run_task, fake_time):
    http_server.queue(listing(), EXPORT, ok(id=1101))
    http_server.default_answer = listing(elem(1101, status=5, ip=None, remoteid='r'))
    with pytest.raises(TaskError) as failure:
        run_task(params(remoteid='r', pricelist=6, wait_timeout=30))
    assert 'vds service 1101 was ordered but is still processing after 30s' in str(failure.value)
    assert failure.value.result['changed'] is True and failure.value.result['service']['id'] == 1101
    assert fake_time.sleeps == [1.0, 2.0, 4.0, 8.0, 10.0, 5.0]
    assert max(fake_time.sleeps) <= 10.0 and sum(fake_time.sleeps) == pytest.approx(30.0)


def test_no_identity_is_refused_before_any_request(http_server, run_task):
    with pytest.raises(InputError, match='needs an identity for the service: id, remoteid or domain'):
        run_task(params(pricelist=6))
    with pytest.raises(InputError, match='state=absent needs the service to delete'):
        run_task(params(state='absent'))
    assert http_server.requests == []


@pytest.mark.parametrize('options, message', [
    ({'period': 5}, 'period must be one of 1, 3, 6, 12, 24, 36 (months), daily, one-time, trial; got 5'),
    ({'period': 'weekly'}, "period must be one of 1, 3, 6, 12, 24, 36 (months), daily, one-time, trial; got 'weekly'"),
    ({'period': True}, 'period must be one of 1, 3, 6, 12, 24, 36 (months), daily, one-time, trial; got True'),
    ({'autoprolong': 'weekly'}, "autoprolong must be one of 1, 3, 6, 12, 24, 36 (months) or off; got 'weekly'"),
])
def test_bad_values_are_refused_before_any_request(http_server, run_task, options, message):
    with pytest.raises(InputError) as err:
        run_task(params(remoteid='r', pricelist=6, **options))
    assert str(err.value) == message
    assert http_server.requests == []


def test_order_only_options_on_a_new_service_are_refused_before_the_order(http_server, run_task):
    http_server.queue(listing())
    with pytest.raises(InputError, match='serverid can only be changed on an existing service'):
        run_task(params(remoteid='r', pricelist=6, serverid='vm-1'))
    http_server.queue(listing())
    with pytest.raises(InputError, match='pricelist is required to order a new vds service'):
        run_task(params(remoteid='r'))
    assert funcs(http_server) == ['vds', 'vds']


# -- change -------------------------------------------------------------------------------

def test_change_sends_only_what_differs(http_server, run_task):
    http_server.queue(listing(elem(958, autoprolong=1, domain='web.example.com')), edit_form(), ok(),
                      edit_form(addon_11=2048, autoprolong='null'))
    result = run_task(params(id=958, autoprolong='off', addons={'11': 2048, '9': 1}, ostempl='ISPsystem__CentOS-7-amd64'))
    assert result['changed'] is True
    assert result['diff'] == {'before': {'addons.11': 1024, 'autoprolong': 1}, 'after': {'addons.11': 2048, 'autoprolong': None}}
    assert funcs(http_server) == ['vds', 'vds.edit', 'vds.edit', 'vds.edit']
    assert 'sok' not in http_server.requests[1]['form'] and 'sok' not in http_server.requests[3]['form']
    edit = http_server.requests[2]['form']
    assert dict((k, v) for k, v in edit.items() if k not in ('func', 'out', 'lang', 'auth')) == {
        'elid': '958', 'sok': 'ok', 'skipbasket': 'on', 'autoprolong': 'null', 'addon_11': '2048'}
    assert result['service']['autoprolong'] is None and result['service']['addons']['11'] == 2048


def test_a_change_the_panel_accepted_but_did_not_make_fails_clearly(http_server, run_task):
    # E5: a panel may ignore a field this user may not change instead of refusing it.
    http_server.queue(listing(elem(958, domain='web.example.com')), ok(), listing(elem(958, domain='web.example.com')))
    with pytest.raises(TaskError) as failure:
        run_task(params(id=958, domain='shop.example.com'))
    assert str(failure.value) == ('vds service 958: the panel accepted the change but did not make it: domain (asked '
                                  'shop.example.com, the panel shows web.example.com). It may not let this user change it '
                                  '(an administrator can); nothing more was done')
    assert failure.value.result['changed'] is False
    assert funcs(http_server) == ['vds', 'vds.edit', 'vds']


def test_a_change_made_in_part_reports_it_changed(http_server, run_task):
    http_server.queue(listing(elem(958, domain='web.example.com')), edit_form(), ok(), edit_form(addon_11=2048, domain='web.example.com'))
    with pytest.raises(TaskError) as failure:
        run_task(params(id=958, domain='shop.example.com', addons={'11': 2048}))
    assert 'did not make it: domain (asked shop.example.com' in str(failure.value)
    assert failure.value.result['changed'] is True, 'the add-on did change (and may be paid for)'


# -- a change whose answer was lost (guarded/_write.py): settled by reading back, never sent again ----------

GATEWAY_502 = {'status': 502, 'content_type': 'text/html', 'body': '<html><title>502 Bad Gateway</title></html>'}
BUSY_PAGE = {'content_type': 'text/html', 'body': '<html><body><p>Request in process, please wait</p></body></html>'}


def writes_of(server, func):
    return [form for name, form in server.writes() if name == func]


def test_a_free_change_whose_answer_was_lost_after_it_was_made_is_not_sent_again(http_server, run_task, fake_time):
    http_server.queue(listing(elem(958, domain='web.example.com')), {'drop': True},
                      listing(elem(958, domain='shop.example.com')), listing(elem(958, domain='shop.example.com')))
    result = run_task(params(id=958, domain='shop.example.com'))
    assert result['changed'] is True and result['service']['domain'] == 'shop.example.com'
    assert funcs(http_server) == ['vds', 'vds.edit', 'vds', 'vds']
    assert len(writes_of(http_server, 'vds.edit')) == 1
    assert fake_time.sleeps == [], 'the first look is at once'


@pytest.mark.parametrize('fault', [GATEWAY_502, BUSY_PAGE], ids=['502', 'busy'])
def test_a_free_change_the_panel_did_not_make_is_never_sent_again(http_server, run_task, fake_time, fault):
    http_server.queue(listing(elem(958, domain='web.example.com')), fault)
    http_server.default_answer = listing(elem(958, domain='web.example.com'))
    with pytest.raises(BillmgrError) as err:
        run_task(params(id=958, domain='shop.example.com'))
    assert err.value.outcome_unknown is True and err.value.func == 'vds.edit'
    assert 'reading back for 10s does not show it; nothing was sent again' in str(err.value)
    assert len(writes_of(http_server, 'vds.edit')) == 1, 'a lost answer is settled by reading back, never by sending again'
    assert sum(fake_time.sleeps) == pytest.approx(10.0)


def test_a_refused_free_change_is_the_panels_answer_and_is_not_read_back(http_server, run_task):
    http_server.queue(listing(elem(958, domain='web.example.com')), error('value', 'domain', 'The domain is taken'))
    with pytest.raises(BillmgrError, match='The domain is taken'):
        run_task(params(id=958, domain='shop.example.com'))
    assert funcs(http_server) == ['vds', 'vds.edit']


def test_a_lost_answer_whose_read_back_fails_says_the_change_may_have_been_made(http_server, run_task):
    maintenance = {'content_type': 'text/html', 'body': '<html><h1>Maintenance</h1></html>'}
    http_server.queue(listing(elem(958, domain='web.example.com')), {'drop': True})
    http_server.default_answer = maintenance
    with pytest.raises(BillmgrError) as err:
        run_task(params(id=958, domain='shop.example.com'))
    assert err.value.kind == 'connection' and err.value.outcome_unknown is True
    assert 'Reading the change of vds service 958 back failed too' in str(err.value)
    assert len(writes_of(http_server, 'vds.edit')) == 1


@pytest.mark.parametrize('options', [
    dict(addons={'11': 2048}),                 # an add-on may be paid
    dict(ostempl='ISPsystem__Debian-12-amd64', allow_reinstall=True),  # each one sent reinstalls
    dict(userpassword=SECRET),                 # never shown back
], ids=['addon', 'ostempl', 'userpassword'])
def test_a_change_that_may_cost_or_cannot_be_read_back_is_never_sent_again(http_server, run_task, options):
    http_server.queue(listing(elem(958, domain='web.example.com')))
    if 'userpassword' not in options:
        http_server.queue(edit_form())
    http_server.queue({'drop': True})
    http_server.default_answer = edit_form()
    with pytest.raises(BillmgrError) as err:
        run_task(params(id=958, **options))
    assert err.value.kind == 'connection' and err.value.outcome_unknown is True
    assert len(writes_of(http_server, 'vds.edit')) == 1
    assert funcs(http_server)[-1] == 'vds.edit', 'nothing read back either'


def test_a_deletion_whose_answer_was_lost_after_it_was_made_is_not_sent_again(http_server, run_task):
    http_server.queue(listing(elem(938, remoteid='old')), {'drop': True}, listing())
    result = run_task(params(state='absent', remoteid='old'))
    assert result['changed'] is True and result['service']['status'] == 4
    assert funcs(http_server) == ['vds', 'vds.delete', 'vds']


def test_a_deletion_the_panel_did_not_make_is_never_sent_again(http_server, run_task):
    http_server.queue(listing(elem(938, remoteid='old')), BUSY_PAGE)
    http_server.default_answer = listing(elem(938, remoteid='old'))
    with pytest.raises(BillmgrError) as err:
        run_task(params(state='absent', remoteid='old'))
    assert err.value.outcome_unknown is True and 'reading back for 10s does not show it' in str(err.value)
    assert funcs(http_server).count('vds.delete') == 1
    assert http_server.requests[2]['form']['id'] == '938', 'read back by id'


def test_change_in_check_mode_reads_but_does_not_write(http_server, run_task):
    http_server.queue(listing(elem(958)), edit_form())
    result = run_task(params(id=958, addons={'11': 2048}), check_mode=True)
    assert result['changed'] is True
    assert funcs(http_server) == ['vds', 'vds.edit'] and 'sok' not in http_server.requests[1]['form']


def test_an_addon_the_tariff_lacks_fails_before_the_edit(http_server, run_task):
    http_server.queue(listing(elem(958)), edit_form())
    with pytest.raises(InputError) as err:
        run_task(params(id=958, addons={'5': 3}))
    assert str(err.value) == 'vds service 958 has no add-on 5: its tariff VPS Start offers add-ons 9, 11, 15, 16, 17'
    assert funcs(http_server) == ['vds', 'vds.edit']


def test_addon_names_on_a_change_resolve_through_the_services_tariff(http_server, run_task):
    http_server.queue(listing(elem(958)), edit_form(), EXPORT, ok(), edit_form(addon_9=4))
    result = run_task(params(id=958, addons={'RAM': 1024, 'CPU': 4}))
    assert result['diff'] == {'before': {'addons.9': 1}, 'after': {'addons.9': 4}}
    assert funcs(http_server) == ['vds', 'vds.edit', 'pricelist.export', 'vds.edit', 'vds.edit']
    assert http_server.requests[3]['form']['addon_9'] == '4' and 'addon_11' not in http_server.requests[3]['form']


@pytest.mark.parametrize('value, reads_catalog', [(True, True), ('on', True), ('yes', True), (1, False), ('1', False)])
def test_an_onoff_addon_is_changed_to_on_never_1(http_server, run_task, value, reads_catalog):
    # The edit form shows addon_16 as off; the panel refuses 1 and 0 for it (real-panels.md 8.2).
    http_server.queue(listing(elem(958)), edit_form(), *((EXPORT,) if reads_catalog else ()), ok(), edit_form(addon_16='on'))
    result = run_task(params(id=958, addons={'16': value}))
    assert result['changed'] is True
    assert funcs(http_server) == ['vds', 'vds.edit'] + (['pricelist.export'] if reads_catalog else []) + ['vds.edit', 'vds.edit']
    assert http_server.requests[-2]['form']['addon_16'] == 'on', 'the write, before the read-back'


@pytest.mark.parametrize('value', [False, 'off', 'no', 0, '0'])
def test_an_onoff_addon_already_off_is_left_alone(http_server, run_task, value):
    http_server.queue(listing(elem(958)), edit_form(), EXPORT)
    result = run_task(params(id=958, addons={'IPv6': value}))
    assert result['changed'] is False
    assert http_server.writes() == []


def test_an_enum_addon_is_changed_by_choice_name_to_its_id(http_server, run_task):
    http_server.queue(listing(elem(958)), edit_form(), EXPORT, ok(), edit_form(addon_17=172))
    result = run_task(params(id=958, addons={'Control panel': 'ispmanager lite'}))
    assert result['diff'] == {'before': {'addons.17': 171}, 'after': {'addons.17': 172}}
    assert http_server.requests[-2]['form']['addon_17'] == '172', 'the write, before the read-back'
    http_server.requests[:] = []
    http_server.queue(listing(elem(958)), edit_form(), EXPORT)
    with pytest.raises(InputError, match=r"unknown choice 'cPanel' of add-on Control panel \(17\); valid: None \(171\)"):
        run_task(params(id=958, addons={'17': 'cPanel'}))
    assert http_server.writes() == []


def test_a_paid_change_left_in_the_cart_reports_it_and_keeps_the_old_values(http_server, run_task):
    # E5: the paid edit answers doc.billorder and applies only once paid.
    http_server.queue(listing(elem(958)), edit_form(), old_cart(), NO_NEW_CART, ok(billorder=12))
    warnings = []
    result = run_task(params(id=958, addons={'11': 2048}, skipbasket=False), warnings=warnings)
    assert result['changed'] is True and result['billorder_id'] == 12 and result['service']['addons']['11'] == 1024
    assert warnings == ['the change of vds service 958 waits unpaid in the cart (billorder 12): it applies once the cart is paid '
                        '(billmgr_cart with state: paid, or in the panel)']
    assert funcs(http_server) == ['vds', 'vds.edit', 'basket', 'cart', 'vds.edit']
    assert 'skipbasket' not in http_server.requests[4]['form']


def test_a_change_already_waiting_in_the_cart_is_not_asked_for_again(http_server, run_task):
    http_server.queue(listing(elem(958)), edit_form(), old_cart(12, (5, 'vds', 958, 'RAM 2048 MB')), NO_NEW_CART)
    warnings = []
    result = run_task(params(id=958, addons={'11': 2048}, skipbasket=False), warnings=warnings)
    assert result['changed'] is False and result['billorder_id'] == 12
    assert 'a change of vds service 958 waits unpaid in the cart (billorder 12)' in warnings[0]
    assert http_server.writes() == []


def test_userpassword_is_sent_in_the_body_and_shown_nowhere(http_server, run_task):
    http_server.queue(listing(elem(958)), ok())
    result = run_task(params(id=958, userpassword=SECRET))
    assert result['changed'] is True
    assert result['diff']['after'] == {'userpassword': '(set)'}
    assert SECRET not in repr(result)
    assert http_server.requests[1]['form']['userpassword'] == SECRET
    assert SECRET not in http_server.requests[1]['path']


def change_form(*offered, **values):
    """``service.changepricelist`` without sok: the tariffs offered and, for a chosen one, the price (``cost``)."""
    doc = {'elid': t(958), 'slist': {'$name': 'pricelist', 'val': [{'$key': str(key), '$': name} for key, name in offered]}}
    doc.update(dict((key, t(value)) for key, value in values.items()))
    return {'body': {'doc': doc}}


OFFERED = ((1, 'VPS Mini'), (7, 'VPS Pro'))
PRICED = change_form(*OFFERED, pricelist=7, period=1, cost='233.33')


def test_another_tariff_without_allow_tariff_change_fails_with_the_price(http_server, run_task):
    # A panel whose list carries pricelist_id (older builds): the message names the tariff's id too.
    http_server.queue(listing(elem(958, remoteid='web-01', pricelist_id=6)), change_form(*OFFERED), PRICED)
    with pytest.raises(InputError) as err:
        run_task(params(id=958, pricelist='VPS Pro'))
    assert str(err.value) == ('vds service 958 is on tariff VPS Start (6), not VPS Pro (7); changing the tariff costs 233.33. '
                              'Set allow_tariff_change: true to change it; nothing was changed')
    assert funcs(http_server) == ['vds', 'service.changepricelist', 'service.changepricelist'] and http_server.writes() == []
    assert http_server.requests[2]['form']['pricelist'] == '7'
    http_server.queue(listing(elem(958, remoteid='web-01')))
    with pytest.raises(InputError, match='vds service 958 has remoteid web-01, not web-02; remoteid cannot be changed'):
        run_task(params(id=958, remoteid='web-02', pricelist='VPS Pro', allow_tariff_change=True))
    assert funcs(http_server)[3:] == ['vds']  # refused before the change form is read


def test_the_same_tariff_by_name_costs_no_extra_request(http_server, run_task):
    # Real lists name the tariff and give no pricelist_id: the name is compared, whatever its case.
    http_server.queue(listing(elem(958)))
    assert run_task(params(id=958, pricelist='vps start'))['changed'] is False
    assert funcs(http_server) == ['vds']


def test_a_tariff_by_id_is_compared_with_the_edit_forms_pricelist_read_once(http_server, run_task):
    http_server.queue(listing(elem(958)), edit_form())
    assert run_task(params(id=958, pricelist=6, ostempl='ISPsystem__CentOS-7-amd64'))['changed'] is False
    assert funcs(http_server) == ['vds', 'vds.edit']
    http_server.queue(listing(elem(958)), edit_form(), change_form(*OFFERED), PRICED)
    with pytest.raises(InputError, match=r'is on tariff VPS Start \(6\), not VPS Pro \(7\); changing the tariff costs 233.33'):
        run_task(params(id=958, pricelist=7, ostempl='ISPsystem__CentOS-7-amd64'))
    assert funcs(http_server)[2:] == ['vds', 'vds.edit', 'service.changepricelist', 'service.changepricelist']


def test_a_tariff_by_id_is_compared_with_the_edit_form_and_another_one_fails_without_allow_tariff_change(http_server, run_task):
    # The list has no tariff id (E18): the form is read for it, so a service on another tariff never passes unnoticed.
    http_server.queue(listing(elem(958)), edit_form())
    assert run_task(params(id=958, pricelist=6))['changed'] is False
    assert funcs(http_server) == ['vds', 'vds.edit']
    http_server.queue(listing(elem(958)), edit_form(), change_form(*OFFERED), PRICED)
    with pytest.raises(InputError, match=r'is on tariff VPS Start \(6\), not VPS Pro \(7\); changing the tariff costs 233.33'):
        run_task(params(id=958, pricelist=7))
    assert funcs(http_server)[2:] == ['vds', 'vds.edit', 'service.changepricelist', 'service.changepricelist']
    assert http_server.writes() == []


def test_a_tariff_the_panel_does_not_offer_is_refused_with_the_ones_it_does(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED))
    with pytest.raises(InputError, match=r'the panel does not offer Dedicated Basic for it \(it offers VPS Mini \(1\), VPS Pro \(7\)\)'):
        run_task(params(id=958, pricelist='Dedicated Basic', allow_tariff_change=True))
    assert http_server.writes() == []


def test_a_tariff_change_is_written_once_and_reported(http_server, run_task):
    # The move is confirmed by the edit form showing the new tariff, not by the answer's ok.
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED, ok(), edit_form(pricelist=7),
                      listing(elem(958, pricelist='VPS Pro')))
    result = run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True))
    assert result['changed'] is True and result['service']['pricelist'] == 'VPS Pro'
    assert result['tariff_change'] == {'from': 'VPS Start', 'to': 'VPS Pro', 'pricelist': 7, 'cost': 233.33, 'currency': None,
                                       'reconciled': False}
    assert result['diff'] == {'before': {'pricelist': 'VPS Start'}, 'after': {'pricelist': 'VPS Pro (7)', 'tariff_change_cost': '233.33'}}
    assert http_server.writes() == [('service.changepricelist', {'elid': '958', 'pricelist': '7', 'sok': 'ok'})]


def test_a_tariff_change_checks_max_cost_before_it_is_written(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED)
    with pytest.raises(InputError, match='changing the tariff of vds service 958 to VPS Pro \\(7\\) costs 233.33, more than max_cost 200.00'):
        run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True, max_cost=200))
    assert http_server.writes() == []


@pytest.mark.parametrize('limit', [{'max_cost': float('nan')}, {'keep_balance': float('nan')}, {'max_cost': float('inf')},
                                   {'keep_balance': float('-inf')}])
def test_a_limit_that_is_not_a_finite_amount_is_refused_before_any_request(http_server, run_task, limit):
    # max_cost: .nan once switched the limit off: NaN passes every comparison (issue 32).
    for task_params in (params(id=958, pricelist='VPS Pro', allow_tariff_change=True, **limit),
                        params(remoteid='web-02', pricelist='VPS Start', datacenter=2, **limit)):
        with pytest.raises(InputError, match='^%s must be a finite amount of money' % list(limit)[0]):
            run_task(task_params)
    assert http_server.requests == []


def test_a_tariff_change_in_check_mode_reads_the_price_and_writes_nothing(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED)
    result = run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True), check_mode=True)
    assert result['changed'] is True and result['tariff_change']['cost'] == 233.33 and result['service']['pricelist'] == 'VPS Pro'
    assert result['diff']['after']['tariff_change_cost'] == '233.33'
    assert http_server.writes() == []


def test_a_lost_tariff_change_is_read_back_never_sent_again(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED, {'drop': True}, edit_form(pricelist=7),
                      listing(elem(958, pricelist='VPS Pro')))
    result = run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True))
    assert result['changed'] is True and result['tariff_change']['reconciled'] is True
    assert funcs(http_server).count('service.changepricelist') == 3 and funcs(http_server)[4] == 'vds.edit'


def test_a_lost_tariff_change_not_shown_fails_as_unknown_after_the_reconcile_window(http_server, run_task, fake_time):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED, {'drop': True})
    http_server.default_answer = edit_form()
    with pytest.raises(BillmgrError) as err:
        run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True, reconcile_timeout=5))
    assert err.value.outcome_unknown is True and 'reading back for 5s does not show it' in str(err.value)
    assert len([w for w in http_server.writes() if w[0] == 'service.changepricelist']) == 1


def test_a_failure_after_the_paid_change_reports_changed(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED, ok(), edit_form(pricelist=7),
                      listing(elem(958, pricelist='VPS Pro')), error('access', 'domain', 'Insufficient privileges'))
    with pytest.raises(TaskError) as err:
        run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True, domain='new.example.com'))
    assert 'before that, this task had already moved to tariff VPS Pro (7) (paid) vds service 958' in str(err.value)
    assert err.value.result['changed'] is True and err.value.result['tariff_change']['to'] == 'VPS Pro'


# -- suspended ---------------------------------------------------------------------------------

def suspended(code, **fields):
    node = elem(958, status=3, **fields)
    node['item_status'] = {'$orig': code, '$': 'Suspended'}
    return node


def test_state_suspended_suspends_an_active_service_once(http_server, run_task):
    http_server.queue(listing(elem(958)), ok(), listing(suspended('3_usersuspend')))
    result = run_task(params(id=958, state='suspended'))
    assert result['changed'] is True and result['service']['status'] == 3 and result['service']['item_status'] == '3_usersuspend'
    assert result['diff'] == {'before': {'status': 'active'}, 'after': {'status': 'suspended'}}
    assert http_server.writes() == [('vds.suspend', {'elid': '958'})]
    http_server.queue(listing(suspended('3_usersuspend')))
    assert run_task(params(id=958, state='suspended'))['changed'] is False
    http_server.queue(listing(elem(958)))
    assert run_task(params(id=958, state='suspended'), check_mode=True)['service']['status_name'] == 'suspended'
    assert len(http_server.writes()) == 1


def test_present_resumes_what_the_owner_suspended(http_server, run_task):
    http_server.queue(listing(suspended('3_usersuspend')), ok(), listing(elem(958)))
    result = run_task(params(id=958))
    assert result['changed'] is True and result['service']['status'] == 2
    assert http_server.writes() == [('vds.resume', {'elid': '958'})]


@pytest.mark.parametrize('code, reason', [
    ('3_abusesuspend', 'by the provider for abuse (item_status 3_abusesuspend)'),
    ('3_employeesuspend', "by the provider's staff (item_status 3_employeesuspend)"),
    ('3_autosuspend', 'because it expired unpaid; renew it'),
])
def test_present_does_not_resume_what_the_panel_suspended(http_server, run_task, code, reason):
    http_server.queue(listing(suspended(code)))
    with pytest.raises(InputError) as err:
        run_task(params(id=958, autoprolong=1))
    assert str(err.value).startswith('vds service 958 is suspended ' + reason)
    assert 'this module resumes only a service its owner suspended' in str(err.value)
    assert http_server.writes() == []


def test_state_suspended_without_a_service_orders_nothing(http_server, run_task):
    http_server.queue(listing())
    with pytest.raises(InputError, match='there is no vds service with remoteid r to suspend'):
        run_task(params(remoteid='r', pricelist=6, state='suspended'))
    assert funcs(http_server) == ['vds']


def test_a_lost_suspension_is_read_back(http_server, run_task, fake_time):
    http_server.queue(listing(elem(958)), {'drop': True}, listing(suspended('3_usersuspend')), listing(suspended('3_usersuspend')))
    assert run_task(params(id=958, state='suspended'))['changed'] is True
    assert len(http_server.writes()) == 1


def test_an_id_the_list_does_not_show_gets_the_panels_own_reason(http_server, run_task):
    http_server.queue(listing(), error('access', 'elid', 'Insufficient privileges to access object 5'))
    with pytest.raises(BillmgrError) as err:
        run_task(params(id=5, autoprolong=1))
    assert err.value.kind == 'access'
    # The refusal is the panel's word on the service, not an ended session: whoami says the session lives.
    assert funcs(http_server) == ['vds', 'vds.edit', 'whoami'] and 'sok' not in http_server.requests[1]['form']


def test_a_processing_service_is_waited_for_before_it_is_changed(http_server, run_task, fake_time):
    http_server.queue(listing(elem(958, status=5, ip=None)), listing(elem(958)), export_renewing(1, 12), ok(),
                      listing(elem(958, autoprolong=12)))
    result = run_task(params(id=958, autoprolong=12))
    assert result['changed'] is True and result['service']['status'] == 2
    # The price list says which months the tariff renews for; then the change is written once.
    # ... and read back by id, once: the change is checked, not assumed.
    assert funcs(http_server) == ['vds', 'vds', 'pricelist.export', 'vds.edit', 'vds'] and fake_time.sleeps == []
    assert http_server.requests[4]['form']['id'] == '958'
    assert sent(http_server)[3][1]['sok'] == 'ok' and sent(http_server)[3][1]['autoprolong'] == '12'


def test_months_the_tariff_does_not_renew_for_are_refused_before_the_edit(http_server, run_task):
    http_server.queue(listing(elem(958)), export_renewing(1, 12))
    with pytest.raises(InputError, match=r'autoprolong: tariff VPS Start \(6\) renews for 1, 12 months or off; got 3'):
        run_task(params(id=958, autoprolong=3))
    assert funcs(http_server) == ['vds', 'pricelist.export']


# -- absent -------------------------------------------------------------------------------

def test_absent_deletes_once_and_a_missing_service_is_fine(http_server, run_task):
    http_server.queue(listing(elem(938, remoteid='old')), ok())
    result = run_task(params(state='absent', remoteid='old'))
    assert result['changed'] is True and result['service']['status'] == 4
    assert sent(http_server)[1][1]['elid'] == '938' and sent(http_server)[1][1]['sok'] == 'ok'
    http_server.queue(listing())
    assert run_task(params(state='absent', remoteid='old'))['changed'] is False
    http_server.queue(listing(), error('missed', 'elid', "The object '77' was not found"))
    assert run_task(params(state='absent', id=77))['changed'] is False


def test_absent_in_check_mode_only_looks(http_server, run_task):
    http_server.queue(listing(elem(938, remoteid='old')))
    assert run_task(params(state='absent', remoteid='old'), check_mode=True)['changed'] is True
    assert funcs(http_server) == ['vds']


# -- identity -------------------------------------------------------------------------------

def test_identity_is_id_then_remoteid_then_domain():
    assert identity_of(want(id=958, remoteid='r', domain='d.example')) == ('id', 958)
    assert identity_of(want(remoteid='r', domain='d.example')) == ('remoteid', 'r')
    assert identity_of(want(domain=' Web.Example.COM ')) == ('domain', 'web.example.com')
