# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The cart, in the two shapes real panels have: BILLmanager 5's ``basket`` and BILLmanager 6's ``cart``.

Private to this collection. An order or a paid change left in a cart is not a service (or not
applied) yet, so no look-up by identity sees it: the next run must read the carts to know it
already asked for it, or it would ask (and in the end pay) again. Both carts are read, because a
BILLmanager 6 panel keeps the old cart too (paid changes and the old order API go there, E5, E20).
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import as_list, int_or_none, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._client import DRAGON_HEADERS
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError

OLD_CART = 'basket'
NEW_CART = 'cart'
ACTION_ORDER = 'order'


def _named_list(doc, name):
    for node in as_list(doc.get('list')):
        if isinstance(node, dict) and node.get('name') == name:
            return [elem for elem in as_list(node.get('elem')) if isinstance(elem, dict)]
    return []


def _old_cart_lines(doc):
    """BILLmanager 5 ``basket``: ``list[itemlist].elem[]`` with ``item.type``, ``item.id``; ``billorder`` at the top (E5, E14).

    The line of a new order points (``item.id``) at an item in status "ordered"; one of a paid
    change at the service it changes. Neither says which it is: the caller compares ``item_id``.
    """
    billorder = int_or_none(text_of(doc.get('billorder')))
    return [{
        'cart': OLD_CART,
        'line_id': int_or_none(text_of(elem.get('id'))),
        'billorder_id': billorder,
        'item_type': text_of(elem.get('item.type')).strip() or None,
        'item_id': int_or_none(text_of(elem.get('item.id'))),
        'action': None,
        'desc': text_of(elem.get('desc')).strip() or None,
        'cost': text_of(elem.get('cost')).strip() or None,
        'period': text_of(elem.get('item.period')).strip() or None,
        'currency': None,
    } for elem in _named_list(doc, 'itemlist')]


def _new_cart_lines(doc):
    """BILLmanager 6 ``cart``: ``list[lineitems].elem[]`` (``main``, ``price``, ``configuration``, ``action``; E1).

    A line is not an item yet (E20): it has no item id. Its type is read where the panel gives
    one; a line of unknown type counts as a line of every type, so the guard errs on refusing.
    The currency is the cart's (``total.currency``, E1).
    """
    total = doc.get('total')
    currency = text_of(total.get('currency')).strip() or None if isinstance(total, dict) else None
    return [{
        'cart': NEW_CART,
        'line_id': int_or_none(text_of(elem.get('id'))),
        'billorder_id': None,
        'item_type': text_of(elem.get('item.type') or elem.get('itemtype')).strip() or None,
        'item_id': None,
        'action': text_of(elem.get('action')).strip().lower() or None,
        'desc': ' '.join(part for part in (text_of(elem.get('main')).strip(), text_of(elem.get('configuration')).strip()) if part)
        or None,
        'cost': text_of(elem.get('price')).strip() or None,
        'period': text_of(elem.get('period')).strip() or None,
        'currency': currency,
    } for elem in _named_list(doc, 'lineitems')]


def cart_lines(client, dragon=False):
    """Every line waiting in the user's carts, both shapes, as plain dicts (two reads).

    A panel without the new cart answers ``func=cart`` with a ``missed`` error (BILLmanager 5, or 6
    before 6.71, E21): that is an empty new cart, not a failure. The Dragon theme's orders wait in
    the new cart of that theme (seed 003, E1), read with its header.
    """
    lines = _old_cart_lines(client.read(OLD_CART))
    headers, params = (dict(DRAGON_HEADERS), {'theme': 'dragon'}) if dragon else (None, None)
    try:
        lines.extend(_new_cart_lines(client.read(NEW_CART, params, headers=headers)))
    except BillmgrError as err:
        if err.kind != 'missed':
            raise
    return lines


def pending_orders(lines, item_type, ordered_ids=None):
    """Lines that may be a new order of ``item_type``.

    In the new cart every line whose action is an order (or unknown). In the old cart a new
    order's ``item.id`` is an item in status "ordered" (E5), told from a paid change of an existing
    service by ``ordered_ids()`` (the type's ordered items, read only when a line needs it); a line
    that names no item may be an order too.
    """
    found, ordered = [], None
    for line in lines:
        if line['item_type'] not in (None, item_type):
            continue
        if line['cart'] == NEW_CART:
            if line['action'] in (None, ACTION_ORDER):
                found.append(line)
            continue
        if line['item_id'] is not None and ordered is None:
            ordered = set(ordered_ids()) if ordered_ids is not None else set()
        if line['item_id'] is None or line['item_id'] in ordered:
            found.append(line)
    return found


def pending_changes(lines, item_type, service_id):
    """Old-cart lines about this existing service: a paid change (or renewal) that waits for payment."""
    return [line for line in lines if line['cart'] == OLD_CART and line['item_id'] == service_id
            and line['item_type'] in (None, item_type)]


def cart_ref(line):
    """What a task reports of a cart line: the old cart's billorder id, or the new cart's line id."""
    if line['cart'] == OLD_CART:
        return {'billorder_id': line['billorder_id']}
    return {'lineitem_id': line['line_id']}


# How a cart is paid, as every cart warning names it: the module by its full name, as a task would write it.
PAY_THE_CART = 'a task ispsystem.billmgr.billmgr_cart with state: paid, or in the panel'


def refuse_second_order(lines, item_type, what, ordered_ids=None):
    """No new order of a type while an unpaid one of that type waits in a cart, paid at once (skipbasket) or not.

    A line of the new cart is not a service yet (E20), so no look-up by identity sees the order it
    holds: a second order into the cart would be invisible to the next run too, and one paid at once
    would buy the service that the cart buys again when it is paid. Which identity a line is for, the
    carts do not say for sure, so any unpaid order of the type stops the order [strict].
    """
    pending = pending_orders(lines, item_type, ordered_ids)
    if pending:
        line = pending[0]
        where = ('the cart (billorder %s)' % (line['billorder_id'] or '?') if line['cart'] == OLD_CART
                 else 'the cart (line %s)' % (line['line_id'] or '?'))
        raise InputError('%s already holds an unpaid %s order (%s); nothing was ordered. Pay the cart (%s) or empty it '
                         'before ordering another %s: it may be the same one, and paying both would buy it twice'
                         % (where, what, line['desc'] or 'no description', PAY_THE_CART, what))


def left_in_cart(what, where, then):
    """The warning for a write this run put into the cart: ``what`` waits there until the cart is paid."""
    return '%s waits unpaid in the cart (%s): %s once the cart is paid (%s)' % (what, where, then, PAY_THE_CART)


def still_in_cart(what, where=''):
    """The warning for a write an earlier run put into the cart: not asked for again."""
    return ('%s waits unpaid in the cart%s; nothing was asked again: pay the cart (%s), or empty it to ask again'
            % (what, ' (%s)' % where if where else '', PAY_THE_CART))
