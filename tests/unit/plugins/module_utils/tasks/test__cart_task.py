# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_cart_task.py: what billmgr_cart decides - never paying twice, refusing before paying, reconciling a lost answer."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._cart_task import CartTask, cart_facts, choose, parse_refs
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import DROP, NO_NEW_CART, doc, listing, new_cart, ok, old_cart

LINES = [{'cart': 'basket', 'line_id': 3, 'billorder_id': 9, 'item_type': 'vds', 'item_id': 1200, 'action': None, 'desc': 'VPS',
          'cost': '500.00', 'period': '1', 'currency': None},
         {'cart': 'cart', 'line_id': 3, 'billorder_id': None, 'item_type': 'vhost', 'item_id': None, 'action': 'order',
          'desc': 'Hosting', 'cost': '150.00', 'period': None, 'currency': 'RUB'}]


def cart_task(client, state='paid', items=None, check_mode=False, diff=False):
    return CartTask(client, {'state': state, 'items': items, 'account': None}, check_mode=check_mode, diff=diff)


def test_items_are_line_ids_with_an_optional_cart():
    assert parse_refs(['12', 'basket:7', ' cart : 3 ', 4]) == [(None, 12), ('basket', 7), ('cart', 3), (None, 4)]
    assert parse_refs(None) == []
    with pytest.raises(InputError, match="'VPS' is not a cart line id"):
        parse_refs(['VPS'])


def test_an_id_in_both_carts_must_name_its_cart_and_ids_not_in_the_cart_are_listed():
    with pytest.raises(InputError, match='line 3 is in both carts'):
        choose(LINES, [(None, 3)])
    chosen, missing = choose(LINES, [('cart', 3), ('basket', 8), (None, 99)])
    assert [line['item_type'] for line in chosen] == ['vhost'] and missing == ['basket:8', '99']
    assert choose(LINES, []) == (LINES, [])


def test_the_cart_is_returned_with_numbers_and_one_currency():
    facts = cart_facts(LINES)
    assert facts['total'] == 650.0 and facts['currency'] == 'RUB'
    assert [(item['id'], item['cart'], item['cost'], item['service_id']) for item in facts['lines']] == [
        (3, 'basket', 500.0, 1200), (3, 'cart', 150.0, None)]
    assert cart_facts([], 'EUR') == {'lines': [], 'total': 0.0, 'currency': 'EUR'}


def test_an_empty_cart_is_nothing_to_pay(http_server, client):
    http_server.answer('basket', old_cart())
    http_server.answer('cart', NO_NEW_CART)
    http_server.answer('desktop', doc(balance='100.00 RUB'))
    result = cart_task(client).run()
    assert result['changed'] is False and result['paid'] is None and result['msg'] == 'nothing to pay: the cart is empty'
    assert http_server.writes() == []


def test_a_total_the_balance_does_not_cover_is_refused_before_paying(http_server, client):
    http_server.answer('basket', old_cart())
    http_server.answer('cart', new_cart((41, 'vds', 'order', 'VPS Start'), (42, 'vhost', 'order', 'Hosting')))
    http_server.answer('desktop', doc(balance='999.99 RUB'))
    with pytest.raises(InputError) as err:
        cart_task(client).run()
    assert str(err.value) == "the cart's total 1000.00 RUB is more than the balance 999.99 RUB (short by 0.01 RUB); nothing was paid"
    assert http_server.writes() == []


def test_a_balance_that_cannot_be_read_is_refused_before_paying(http_server, client):
    http_server.answer('basket', old_cart(5, (1, 'vds', 1200, 'VPS')))
    http_server.answer('cart', NO_NEW_CART)
    http_server.answer('desktop', doc(user='alice'))
    with pytest.raises(BillmgrError, match='the balance could not be read, so it cannot be checked against the cart; nothing was paid'):
        cart_task(client).run()
    assert http_server.writes() == []


def test_an_administrator_pays_as_the_client_and_the_clients_credit_limit_counts(http_server, client):
    http_server.answer('auth', doc(auth={'id': 'admin-sid', 'level': '28', 'text': 'admin-sid'}))
    http_server.answer('account', listing({'id': '7', 'name': 'alice', 'balance': '100.00'}))
    http_server.answer('account.su', doc(auth={'id': 'alice-sid', 'text': 'alice-sid'}))
    http_server.answer('basket', old_cart())
    http_server.answer('cart', new_cart((41, 'vds', 'order', 'VPS Start')))
    http_server.answer('subaccount', doc(elem=[{'id': '7', 'balance': '100.00', 'currency': 'RUB', 'creditlimit': '300.00'}]))
    task = CartTask(client, {'state': 'paid', 'items': None, 'account': 'alice'})
    with pytest.raises(InputError) as err:
        task.run()
    assert str(err.value) == ("the cart's total 500.00 RUB is more than the balance 100.00 RUB plus the credit limit 300.00 RUB "
                              "(short by 100.00 RUB); nothing was paid")
    assert [r['form']['auth'] for r in http_server.requests if r['form']['func'] in ('basket', 'cart')] == ['alice-sid'] * 2
    assert http_server.writes() == []


def test_the_old_cart_is_paid_whole_or_not_at_all(http_server, client):
    http_server.answer('basket', old_cart(5, (1, 'vds', 1200, 'VPS'), (2, 'vhost', 1201, 'Hosting')))
    http_server.answer('cart', NO_NEW_CART)
    with pytest.raises(InputError, match=r'leaves out its line\(s\) basket:2'):
        cart_task(client, items=['1']).run()
    assert http_server.writes() == []


def test_the_old_cart_is_paid_from_the_balance_once_and_its_services_read_back(http_server, client):
    # The cart as read, the cart read again right before paying it whole, the payment, the cart after it.
    http_server.answer('basket', old_cart(5, (1, 'vds', 1200, 'VPS')), old_cart(5, (1, 'vds', 1200, 'VPS')), ok(), old_cart())
    http_server.answer('cart', NO_NEW_CART)
    http_server.answer('desktop', doc(balance='1000.00 RUB'), doc(balance='500.00 RUB'))
    http_server.answer('vds', listing({'id': '1200', 'status': '5'}))
    result = cart_task(client).run()
    assert http_server.writes() == [('basket', {'id': '5', 'clicked_button': 'free', 'sok': 'ok'})]
    assert result['changed'] is True and result['reconciled'] is False and result['balance'] == 500.0
    assert result['paid']['amount'] == 500.0 and result['paid']['billorder_id'] == 5
    assert result['paid']['services'] == [{'id': 1200, 'type': 'vds', 'status': 5, 'status_name': 'processing'}]
    assert result['cart']['lines'] == [] and result['msg'] == 'paid 500.00 RUB from the balance'


def test_an_old_cart_another_run_added_to_since_it_was_priced_is_not_paid(http_server, client):
    # Issue 32: the old cart is paid whole, so a line added between the read and the payment was paid unchecked.
    http_server.answer('basket', old_cart(5, (1, 'vds', 1200, 'VPS')), old_cart(5, (1, 'vds', 1200, 'VPS'), (2, 'vhost', 1201, 'Hosting')))
    http_server.answer('cart', NO_NEW_CART)
    http_server.answer('desktop', doc(balance='5000.00 RUB'))
    with pytest.raises(InputError, match=r'the old cart changed since this task read it \(now basket:1, basket:2, priced basket:1\); '
                                         'nothing was paid'):
        cart_task(client).run()
    assert http_server.writes() == []


def new_cart_paid_but_answer_lost(http_server, still_there=False):
    line = (41, 'vds', 'order', 'VPS Start')
    http_server.answer('basket', old_cart())
    http_server.answer('cart', new_cart(line), new_cart(line) if still_there else new_cart())
    http_server.answer('desktop', doc(balance='1000.00 RUB'), doc(balance='1000.00 RUB' if still_there else '500.00 RUB'))
    http_server.answer('vds', listing({'id': '900', 'status': '2'}),
                       listing({'id': '900', 'status': '2'}, {'id': '1201', 'status': '5'}))
    http_server.answer('cartorder.create.confirm', DROP)


def test_a_lost_answer_with_the_line_gone_and_its_service_made_is_paid_and_never_sent_again(http_server, client):
    new_cart_paid_but_answer_lost(http_server)
    result = cart_task(client).run()
    assert http_server.writes() == [('cartorder.create.confirm', {'elid': '41', 'paymethod_id': '0', 'sok': 'ok'})]
    assert result['changed'] is True and result['reconciled'] is True and 'the answer was lost' in result['msg']
    assert result['paid']['services'] == [{'id': 1201, 'type': 'vds', 'status': 5, 'status_name': 'processing'}]


def test_a_lost_answer_with_the_line_still_in_the_cart_is_not_paid_and_not_sent_again(http_server, client):
    new_cart_paid_but_answer_lost(http_server, still_there=True)
    with pytest.raises(BillmgrError) as err:
        cart_task(client).run()
    assert 'still in the cart, so they were not paid; nothing was sent again' in err.value.message
    assert err.value.outcome_unknown is False
    assert [func for func, dummy in http_server.writes()] == ['cartorder.create.confirm']


def test_a_line_gone_without_the_balance_going_down_is_not_taken_for_paid(http_server, client):
    new_cart_paid_but_answer_lost(http_server)
    http_server.scripts['desktop'] = [doc(balance='1000.00 RUB'), doc(balance='1000.00 RUB')]
    with pytest.raises(TaskError) as err:
        cart_task(client).run()
    assert 'charged 0.00 RUB of 500.00 RUB' in str(err.value) and err.value.result['error'] == {'outcome_unknown': True}
    assert len(http_server.writes()) == 1


def test_check_mode_reads_and_shows_the_payment_without_sending_it(http_server, client):
    http_server.answer('basket', old_cart())
    http_server.answer('cart', new_cart((41, 'vds', 'order', 'VPS Start')))
    http_server.answer('desktop', doc(balance='1000.00 RUB'))
    result = cart_task(client, check_mode=True, diff=True).run()
    assert result['changed'] is True and result['paid']['amount'] == 500.0 and result['cart']['lines'] == []
    assert result['diff']['before']['balance'] == 1000.0 and result['diff']['after']['balance'] == 500.0
    assert http_server.writes() == []


def test_absent_empties_each_cart_that_has_lines_or_removes_the_named_lines(http_server, client):
    http_server.answer('basket', old_cart(5, (1, 'vds', 1200, 'VPS'), (2, 'vhost', 1201, 'Hosting')), ok(), old_cart())
    http_server.answer('cart', NO_NEW_CART)
    emptied = cart_task(client, state='absent').run()
    assert http_server.writes() == [('basket', {'clicked_button': 'clearbasket', 'sok': 'ok'})]
    assert emptied['changed'] is True and len(emptied['removed']) == 2 and emptied['cart']['lines'] == []

    http_server.requests[:] = []
    http_server.scripts['basket'] = [old_cart(5, (1, 'vds', 1200, 'VPS'), (2, 'vhost', 1201, 'Hosting')), ok(),
                                     old_cart(5, (1, 'vds', 1200, 'VPS'))]
    one = cart_task(client, state='absent', items=['2', '7']).run()
    assert http_server.writes() == [('basket', {'id': '2', 'clicked_button': 'delete', 'sok': 'ok'})]
    assert one['changed'] is True and one['not_in_cart'] == ['7'] and len(one['cart']['lines']) == 1

    http_server.requests[:] = []
    http_server.scripts['basket'] = [old_cart()]
    assert cart_task(client, state='absent').run()['changed'] is False
    assert http_server.writes() == []
