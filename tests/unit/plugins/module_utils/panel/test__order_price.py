# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_order_price.py: an order's first payment and its parts (the period, add-ons, a one-time setup fee) from the order form."""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._order_price import (
    is_one_time,
    order_cost,
    order_price,
    price_facts,
)
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import order_form


def _line(label, cost, currency=None):
    price = {'cost': cost}
    if currency is not None:
        price['currency'] = currency
    return {'label': label, 'cost': {'price': price}}


def _pricelist_summary(*lines):
    return {'name': 'pricelist_summary', 'elem': list(lines)}


def _texts(price):
    return dict((key, value.text if hasattr(value, 'text') else value) for key, value in price.items())


def test_the_captured_spacecore_summary_has_no_total_so_its_parts_are_added():
    # E3's captured order form (reference/responses, after the client's unwrapping): two lines, no currency, no total.
    form = {'list': [_pricelist_summary(_line('Базовая стоимость', '208.60'), _line('Установка (разово)', '103.60'))]}
    assert _texts(order_price(form)) == {'total': '312.20', 'recurring': '208.60', 'setup': '103.60', 'addons': '0.00',
                                         'currency': None}


def test_a_summary_with_add_ons_a_setup_fee_and_a_total():
    form = {'list': [_pricelist_summary(_line('Base cost', '9000.00', 'RUB'), _line('Setup (one-time)', '4500.00', 'RUB'),
                                        _line('RAID', '500.00', 'RUB'), _line('Traffic', '10.00', 'RUB')),
                     {'name': 'total_summary', 'elem': _line('Total', '14010.00', 'RUB')}],
            'orderinfo': 'Total amount: 14010.00 RUB'}
    price = order_price(form)
    assert _texts(price) == {'total': '14010.00 RUB', 'recurring': '9000.00 RUB', 'setup': '4500.00 RUB',
                             'addons': '510.00 RUB', 'currency': 'RUB'}
    assert price_facts(price) == {'cost': 14010.0, 'recurring_cost': 9000.0, 'setup_cost': 4500.0, 'addons_cost': 510.0,
                                  'currency': 'RUB'}


def test_the_total_line_is_the_panels_own_sum_even_below_the_parts():
    # A discount (E1 names a discount_summary list) makes the total less than its parts: the panel's total counts.
    form = {'list': [_pricelist_summary(_line('Base cost', '1000.00', 'RUB'), _line('Setup (one-time)', '500.00', 'RUB')),
                     {'name': 'discount_summary', 'elem': _line('Discount', '100.00', 'RUB')},
                     {'name': 'total_summary', 'elem': _line('Total', '1400.00', 'RUB')}]}
    assert order_cost(form).text == '1400.00 RUB'


def test_without_a_total_line_the_larger_of_the_parts_and_the_words_counts():
    parts = _pricelist_summary(_line('Base cost', '9000.00', 'RUB'), _line('Setup (one-time)', '4500.00', 'RUB'))
    # orderinfo that leaves the setup fee out is not taken for the first payment.
    assert order_cost({'list': [parts], 'orderinfo': 'Total amount: 9000.00 RUB'}).text == '13500.00 RUB'
    assert order_cost({'list': [parts], 'orderinfo': 'Total amount: 14000.00 RUB'}).text == '14000.00 RUB'
    # The words' currency is the parts' where they name none.
    bare = _pricelist_summary(_line('Base cost', '100.00'), _line('Installation, once', '50.00'))
    assert _texts(order_price({'list': [bare], 'orderinfo': 'Total amount: 120.00 EUR'})) == {
        'total': '150.00 EUR', 'recurring': '100.00 EUR', 'setup': '50.00 EUR', 'addons': '0.00 EUR', 'currency': 'EUR'}


def test_a_line_that_cannot_be_read_leaves_the_sum_unknown_never_smaller():
    form = {'list': [_pricelist_summary(_line('Base cost', '9000.00', 'RUB'), _line('Setup (one-time)', 'n/a', 'RUB'))]}
    price = order_price(form)
    assert price['total'] is None and price['setup'] is None and price['recurring'].text == '9000.00 RUB'
    assert order_cost(dict(form, orderinfo='Total amount: 13500.00 RUB')).text == '13500.00 RUB', 'the words, then'
    # An unreadable base line is still the base line: the next one is an add-on, not the tariff.
    unread = order_price({'list': [_pricelist_summary(_line('Base cost', ''), _line('CPU', '600.00'))]})
    assert unread['recurring'] is None and unread['addons'].text == '600.00'


def test_two_currencies_leave_the_price_unknown():
    form = {'list': [_pricelist_summary(_line('Base cost', '100.00', 'RUB'), _line('Setup (one-time)', '5.00', 'EUR'))]}
    assert order_price(form) == {'total': None, 'recurring': None, 'setup': None, 'addons': None, 'currency': None}


def test_a_form_without_a_summary_has_only_its_total():
    price = order_price({'orderinfo': 'Total amount: 1851.73 RUB'})  # an edit form (real-panels §4.4, E5)
    assert _texts(price) == {'total': '1851.73 RUB', 'recurring': None, 'setup': None, 'addons': None, 'currency': 'RUB'}
    assert price_facts(order_price({})) == {'cost': None, 'recurring_cost': None, 'setup_cost': None, 'addons_cost': None,
                                            'currency': None}


def test_one_time_labels():
    for label in ('Установка (разово)', 'Единоразовая установка', 'Setup (one-time)', 'Setup fee', 'Installation, once',
                  'Подключение (однократно)'):
        assert is_one_time(label), label
    for label in ('Base cost', 'Базовая стоимость', 'RAM', 'IPv4 addresses', 'Трафик', ''):
        assert not is_one_time(label), label


def _total_summary(cost, currency='RUB', label='Total'):
    return {'name': 'total_summary', 'elem': {'label': label, 'cost': {'price': {'cost': cost, 'currency': currency}}}}


def test_order_cost_is_the_forms_total_summary():
    # list[$name=total_summary].elem.cost.price (real-panels.md 3.8, E1, E3), after the client's unwrapping.
    base = {'name': 'pricelist_summary', 'elem': {'label': 'Base cost', 'cost': {'price': {'cost': '400.00', 'currency': 'RUB'}}}}
    form = {'list': [base, _total_summary('650.00')], 'orderinfo': 'Total amount: 999.00 RUB'}
    assert order_cost(form).text == '650.00 RUB', 'the total, not the base cost, and before orderinfo'
    assert order_cost({'list': _total_summary('6000.00', currency='EUR')}).text == '6000.00 EUR'
    assert order_cost({'list': _total_summary('0.00', currency='')}).text == '0.00'
    blank = {'label': 'Total', 'cost': {'price': {'cost': ' ', 'currency': 'RUB'}}}
    priced = {'label': 'Total', 'cost': {'price': {'cost': '12.00', 'currency': 'RUB'}}}
    assert order_cost({'list': {'name': 'total_summary', 'elem': [blank, priced]}}).text == '12.00 RUB'


def test_order_cost_falls_back_to_orderinfo_in_words():
    # E5 reads "Total amount: ... EUR" from orderinfo when the list is missing.
    assert order_cost({'orderinfo': 'Total amount: 500.00 RUB'}).text == '500.00 RUB'
    assert order_cost({'orderinfo': {'text': 'Итого: 650.00 RUB'}}).text == '650.00 RUB'
    assert order_cost({'list': {'name': 'pricelist_summary', 'elem': {}}, 'orderinfo': 'Total amount: 7.00 EUR'}).text == '7.00 EUR'
    assert order_cost({'orderinfo': '500.00 RUB'}).text == '500.00 RUB'
    assert order_cost({'orderinfo': 'Total amount:'}) is None


def test_order_cost_is_none_where_the_form_shows_no_price():
    assert order_cost({}) is None
    assert order_cost({'orderinfo': ''}) is None
    # The invented shapes of before are not read: a real form never has them.
    assert order_cost({'cost': '500.00', 'order_cost': {'cost': '6000.00'}}) is None


def test_order_cost_of_a_real_form_through_the_client(http_server, client):
    http_server.queue(order_form(cost='500.00'), order_form(cost='650.00', summary=False), order_form(summary=False, orderinfo=False, pricelist=6))
    assert [str(order_cost(client.read('v2.vds.order.param', {'pricelist': 6}))) for _attempt in range(3)] == ['500.00 RUB', '650.00 RUB', 'None']
