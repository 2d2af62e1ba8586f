# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_cart.py: both carts read as real panels show them (real-panels.md 4.1), and the one-order-at-a-time guard."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._cart import (
    cart_lines,
    cart_ref,
    left_in_cart,
    pending_changes,
    pending_orders,
    refuse_second_order,
    still_in_cart,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError

from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import NO_NEW_CART, error, new_cart, old_cart


def test_the_old_cart_is_read_from_its_itemlist_with_the_billorder_at_the_top(http_server, client):
    http_server.answer('basket', old_cart(77, (1, 'vds', 1200, 'VPS Start'), (2, 'soft', 3001, 'ISPmanager Lite')))
    http_server.answer('cart', NO_NEW_CART)
    lines = cart_lines(client)
    assert [(line['cart'], line['line_id'], line['billorder_id'], line['item_type'], line['item_id'], line['desc']) for line in lines] == [
        ('basket', 1, 77, 'vds', 1200, 'VPS Start'), ('basket', 2, 77, 'soft', 3001, 'ISPmanager Lite')]
    assert http_server.funcs() == ['basket', 'cart']


def test_the_new_cart_is_read_from_its_lineitems(http_server, client):
    http_server.answer('basket', old_cart())
    http_server.answer('cart', new_cart((41, 'vds', 'order', 'VPS Start'), (42, None, 'prolong', 'Renewal')))
    lines = cart_lines(client)
    assert [(line['cart'], line['line_id'], line['item_type'], line['action'], line['item_id']) for line in lines] == [
        ('cart', 41, 'vds', 'order', None), ('cart', 42, None, 'prolong', None)]
    assert lines[0]['desc'] == 'VPS Start period 1 month' and lines[0]['cost'] == '500.00'


def test_only_a_missing_new_cart_is_an_empty_one(http_server, client):
    http_server.answer('basket', old_cart())
    http_server.answer('cart', error('access', 'cart', 'Insufficient privileges'))
    with pytest.raises(BillmgrError) as err:
        cart_lines(client)
    assert err.value.kind == 'access'


def test_an_old_cart_line_is_an_order_when_it_points_at_an_ordered_item():
    lines = [{'cart': 'basket', 'line_id': 1, 'billorder_id': 5, 'item_type': 'vds', 'item_id': 958, 'action': None, 'desc': 'renewal'},
             {'cart': 'basket', 'line_id': 2, 'billorder_id': 5, 'item_type': 'vds', 'item_id': 1200, 'action': None, 'desc': 'order'},
             {'cart': 'basket', 'line_id': 3, 'billorder_id': 5, 'item_type': 'soft', 'item_id': None, 'action': None, 'desc': 'lic'}]
    asked = []

    def ordered():
        asked.append(1)
        return [1200]
    assert [line['line_id'] for line in pending_orders(lines, 'vds', ordered)] == [2]
    assert asked == [1], 'the ordered items are read once, and only when a line needs them'
    assert [line['line_id'] for line in pending_orders(lines, 'soft', ordered)] == [3]
    assert [line['line_id'] for line in pending_changes(lines, 'vds', 958)] == [1]
    assert pending_changes(lines, 'vds', 1201) == []


def test_a_new_cart_line_of_unknown_type_counts_as_an_order_of_every_type():
    lines = [{'cart': 'cart', 'line_id': 41, 'billorder_id': None, 'item_type': None, 'action': None, 'item_id': None, 'desc': None},
             {'cart': 'cart', 'line_id': 42, 'billorder_id': None, 'item_type': 'vds', 'action': 'prolong', 'item_id': None, 'desc': None}]
    assert [line['line_id'] for line in pending_orders(lines, 'dedic')] == [41]
    assert cart_ref(lines[0]) == {'lineitem_id': 41}
    with pytest.raises(InputError, match=r'the cart \(line 41\) already holds an unpaid dedic service order'):
        refuse_second_order(lines, 'dedic', 'dedic service')


def test_the_guard_names_the_old_carts_billorder(http_server, client):
    http_server.answer('basket', old_cart(6, (1, 'vds', 1200, 'VPS Start')))
    http_server.answer('cart', NO_NEW_CART)
    with pytest.raises(InputError, match=r'the cart \(billorder 6\) already holds an unpaid vds service order \(VPS Start\)'):
        refuse_second_order(cart_lines(client), 'vds', 'vds service', lambda: [1200])
    refuse_second_order(cart_lines(client), 'vds', 'vds service', lambda: [])


def test_every_cart_message_names_the_module_and_state_that_pay_the_cart():
    # The fix is named as a task writes it (issue 36): the full module name and state: paid, built in one place.
    fix = 'ispsystem.billmgr.billmgr_cart with state: paid'
    lines = [{'cart': 'cart', 'line_id': 41, 'billorder_id': None, 'item_type': 'vds', 'action': None, 'item_id': None, 'desc': None}]
    with pytest.raises(InputError) as refused:
        refuse_second_order(lines, 'vds', 'vds service')
    assert fix in str(refused.value)
    assert fix in left_in_cart('the vds order', 'billorder 8', 'the service is created')
    assert fix in still_in_cart('the order of vds service 958')
