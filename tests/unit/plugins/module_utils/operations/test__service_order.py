# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""operations/_service_order.py: ordering a new service (``ServiceOrder``), driven through billmgr_service's task.

The server answers from a queue, so each test states the panel's answers and then checks every request made. The
helpers (the panel's answers, the task's params, ``run_task``) are billmgr_service's task tests'.
"""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import (
    NO_NEW_CART,
    doc,
    export,
    export_tariff,
    new_cart,
    old_cart,
    order_form,
)
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.module_utils.tasks.test__service_task import (
    EXPORT,
    NO_CART_ORDER,
    elem,
    error,
    funcs,
    listing,
    ok,
    params,
    task_runner,
)


@pytest.fixture
def run_task(client):
    return task_runner(client)


# -- create -------------------------------------------------------------------------------

def test_order_sends_the_v2_form_then_polls_until_active(http_server, run_task, fake_time):
    sells_12 = export(export_tariff(6, 'VPS Start', 'vds', costs=((1, '500.0000'), (12, '6000.0000')), ostempls=DEBIAN_CENTOS))
    http_server.queue(listing(), sells_12, *NO_CART_ORDER, ok(**{'item.id': 1101}),
                      listing(elem(1101, status=5, ip=None, remoteid='web-01')),
                      listing(elem(1101, status=5, ip=None, remoteid='web-01')),
                      listing(elem(1101, status=2, ip=None, remoteid='web-01')),
                      listing(elem(1101, status=2, ip='127.0.4.77', remoteid='web-01')))
    result = run_task(params(remoteid='web-01', domain='web-01.example.com', pricelist=6, datacenter=1, period=12,
                             autoprolong='off', ostempl='ISPsystem__Debian-12-amd64'))
    assert result['changed'] is True and result['found_by'] == 'item.id' and 'billorder_id' not in result
    assert result['service']['id'] == 1101 and result['service']['ip'] == '127.0.4.77'
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
                        '(a task ispsystem.billmgr.billmgr_cart with state: paid, or in the panel)',
                        "no ostempl was given: the new vds service gets the panel's default OS template; set ostempl to choose "
                        "one (billmgr_pricelist_info lists them)"]
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
    sells_12 = export(export_tariff(6, 'VPS Start', 'vds', costs=((1, '500.0000'), (12, '6000.0000')), ostempls=DEBIAN_CENTOS))
    http_server.queue(listing(), sells_12, *NO_CART_ORDER, order_form(cost='6000.00', pricelist=6, order_period=12))
    http_server.answer('desktop', doc(balance='7000.00 RUB'))
    warnings = []
    result = run_task(params(remoteid='r', pricelist=6, period=12, ostempl='ISPsystem__Debian-12-amd64'), check_mode=True,
                      warnings=warnings)
    assert result['changed'] is True and (result['order']['cost'], result['order']['currency']) == (6000.0, 'RUB')
    assert result['service']['id'] is None and result['service']['remoteid'] == 'r'
    # The form for the price, and the balance to say whether it pays for it (it does: no warning).
    assert funcs(http_server) == ['vds', 'pricelist.export', 'basket', 'cart', 'v2.vds.order.param', 'desktop']
    assert 'sok' not in http_server.requests[4]['form'] and warnings == []
    assert http_server.writes() == []


DEBIAN_CENTOS = (('ISPsystem__CentOS-7-amd64', 'CentOS 7 (amd64)'), ('ISPsystem__Debian-12-amd64', 'Debian 12 (amd64)'))


@pytest.mark.parametrize('skipbasket, outcome', [
    (True, 'would fail for lack of funds (paid at once from the balance); top up the account first'),
    (False, 'would wait unpaid in the cart until the account is topped up and the cart paid'),
])
def test_check_mode_says_when_the_balance_cannot_pay_the_order(http_server, run_task, skipbasket, outcome):
    # Not just "changed" (issue 36): the panel's price against the panel's balance, exact money.
    sells_12 = export(export_tariff(6, 'VPS Start', 'vds', costs=((1, '500.0000'), (12, '6000.0000')), ostempls=DEBIAN_CENTOS))
    http_server.queue(listing(), sells_12, *NO_CART_ORDER, order_form(cost='6000.00', pricelist=6, order_period=12))
    http_server.answer('desktop', doc(balance='5999.99 RUB'))
    warnings = []
    result = run_task(params(remoteid='r', pricelist=6, period=12, ostempl='ISPsystem__Debian-12-amd64', skipbasket=skipbasket),
                      check_mode=True, warnings=warnings)
    assert result['changed'] is True and http_server.writes() == []
    assert warnings == ['check mode: the balance of 5999.99 RUB does not cover the vds order, which costs 6000.00 RUB: the order '
                        + outcome]


def test_an_unknown_os_template_fails_in_check_mode_and_before_the_order_naming_the_tariffs_templates(http_server, run_task):
    listed = export(export_tariff(6, 'VPS Start', 'vds', ostempls=DEBIAN_CENTOS))
    message = ("unknown ostempl 'Debian 12' for tariff VPS Start (6); valid: ISPsystem__CentOS-7-amd64 (CentOS 7 (amd64)), "
               "ISPsystem__Debian-12-amd64 (Debian 12 (amd64))")
    for check_mode in (True, False):
        http_server.queue(listing(), listed)
        with pytest.raises(InputError) as refused:
            run_task(params(remoteid='r', pricelist=6, ostempl='Debian 12'), check_mode=check_mode)
        assert str(refused.value) == message
    assert funcs(http_server) == ['vds', 'pricelist.export'] * 2 and http_server.writes() == []


def test_a_server_ordered_without_os_template_warns_which_default_it_gets(http_server, run_task):
    listed = export(export_tariff(6, 'VPS Start', 'vds', ostempls=DEBIAN_CENTOS))
    offered = ('set ostempl to choose one of tariff VPS Start: ISPsystem__CentOS-7-amd64 (CentOS 7 (amd64)), '
               'ISPsystem__Debian-12-amd64 (Debian 12 (amd64))')
    # Check mode: the order form's own choice is the default the panel would install.
    http_server.queue(listing(), listed, *NO_CART_ORDER, order_form(pricelist=6, ostempl='ISPsystem__CentOS-7-amd64'))
    http_server.answer('desktop', doc(balance='1000.00 RUB'))
    warnings = []
    run_task(params(remoteid='r', pricelist=6), check_mode=True, warnings=warnings)
    assert warnings == ["no ostempl was given: the new vds service gets the panel's default OS template, "
                        "ISPsystem__CentOS-7-amd64; " + offered]
    # The order: the new service shows the template it got.
    active = dict(elem(1101, remoteid='r'), ostempl={'$': 'ISPsystem__Debian-12-amd64'})
    http_server.queue(listing(), listed, *NO_CART_ORDER, ok(**{'item.id': 1101}), listing(active))
    del warnings[:]
    result = run_task(params(remoteid='r', pricelist=6), warnings=warnings)
    assert result['service']['ostempl'] == 'ISPsystem__Debian-12-amd64'
    assert warnings == ["no ostempl was given: the new vds service gets the panel's default OS template, "
                        "ISPsystem__Debian-12-amd64; " + offered]


def _setup_fee_form(**values):
    """An order form that shows its price only in parts, a one-time setup fee among them, as E3's captured summary."""
    form = order_form(summary=False, orderinfo=False, **values)
    form['body']['doc']['list'] = {'$name': 'pricelist_summary', 'elem': [
        {'label': {'$': 'Base cost'}, 'cost': {'price': {'cost': {'$': '9000.00'}, 'currency': {'$': 'RUB'}}}},
        {'label': {'$': 'Установка (разово)'}, 'cost': {'price': {'cost': {'$': '4500.00'}}}},
        {'label': {'$': 'RAID'}, 'cost': {'price': {'cost': {'$': '500.00'}, 'currency': {'$': 'RUB'}}}}]}
    return form


def test_a_setup_fee_counts_in_the_price_check_mode_shows_and_max_cost_checks(http_server, run_task):
    # The first payment is the period, its add-ons and the one-time setup fee (E3): 14000, not the recurring 9500.
    pro = export(export_tariff(33, 'Dedicated Pro', 'vds', costs=((1, '9000.0000'),)))
    http_server.queue(listing(), pro, *NO_CART_ORDER, _setup_fee_form(pricelist=33))
    would = run_task(params(remoteid='r', pricelist=33), check_mode=True)
    assert dict((key, would['order'][key]) for key in ('cost', 'recurring_cost', 'setup_cost', 'addons_cost', 'currency')) == {
        'cost': 14000.0, 'recurring_cost': 9000.0, 'setup_cost': 4500.0, 'addons_cost': 500.0, 'currency': 'RUB'}
    http_server.queue(listing(), pro, *NO_CART_ORDER, _setup_fee_form(pricelist=33))
    with pytest.raises(InputError) as refused:
        run_task(params(remoteid='r', pricelist=33, max_cost=13999.99))
    assert str(refused.value) == ('the vds order (its first payment, with a one-time setup fee of 4500.00 RUB) costs 14000.00 '
                                  'RUB, more than max_cost 13999.99; nothing was paid')
    assert http_server.writes() == []


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
    ({'autoprolong': 'weekly'}, "autoprolong must be one of 1, 3, 6, 12, 24, 36 (months), daily or off; got 'weekly'"),
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


def test_a_check_mode_orders_diff_names_add_ons_as_the_task_did(http_server, run_task):
    # --diff shows "RAM (11)", not "11" (issue 36); the planned service keeps ids, as every result does.
    http_server.queue(listing(), EXPORT, *NO_CART_ORDER, order_form(pricelist=6))
    http_server.answer('desktop', doc(balance='1000.00 RUB'))
    result = run_task(params(remoteid='r', pricelist=6, addons={'RAM': 2048, '9': 2}), check_mode=True)
    assert result['diff']['after']['addons'] == {'9': 2, 'RAM (11)': 2048}
    assert result['service']['addons'] == {'9': 2, '11': 2048}
