"""Paying the old cart through a payment: ``payment.add`` and ``payment.add.pay`` (real-panels §4.2; E5, E6).

``payment.add&billorder=<id>`` offers the payment methods (``list[name=methodlist]``); ``payment.add.pay`` with
``billorder``, ``paymethod``, ``amount``, ``clicked_button=finish`` and ``sok=ok`` pays and answers ``ok`` (a
redirect, E5/E6) and ``payment_id`` (E5, E6). The only method here is the personal account (the balance) [INF].
"""

from .. import catalog, errors, numeric
from ..document import Node
from . import Function
from .balance import CREDITED
from .basket import cart_total, open_cart, pay_cart

PERSONAL_ACCOUNT = (0, 'Personal account')  # [INF] id and name of the balance as a method
REDIRECT = 'func=payment'  # [INF] E5/E6 read doc.ok.$ as where to go next


def payment_cart(ctx):
    """The caller's open cart named by ``billorder``: another's or a paid one is not found [INF]."""
    billorder_id = ctx.int_param('billorder')
    cart = open_cart(ctx, ctx.account_id)
    if cart is None or cart['id'] != billorder_id:
        raise errors.not_found('billorder', str(billorder_id))
    if not cart_total(ctx, cart['id']):
        raise errors.ApiError('value', 'billorder', 'The cart is empty', value=str(billorder_id))
    return cart


def methods(ctx):
    """``payment.add&billorder=<id>`` -> ``list[name=methodlist].elem[]{paymethod, name}`` and the amount [INF]."""
    cart = payment_cart(ctx)
    methodlist = Node('list', attrs={'name': 'methodlist'}, repeat=True)
    elem = methodlist.add('elem', repeat=True)
    elem.field('paymethod', PERSONAL_ACCOUNT[0]).field('name', PERSONAL_ACCOUNT[1])
    return [Node('billorder', cart['id']), Node('amount', catalog.money(cart_total(ctx, cart['id']))), methodlist]


def pay(ctx):
    """``payment.add.pay``: the method must be offered and the amount the cart's total [INF: strict]."""
    cart = payment_cart(ctx)
    method = ctx.int_param('paymethod')
    if method != PERSONAL_ACCOUNT[0]:
        raise errors.invalid('paymethod', str(method))
    total = cart_total(ctx, cart['id'])
    raw_amount = ctx.require('amount')
    if round(numeric.float_value('amount', raw_amount) * 100) != total:
        raise errors.invalid('amount', raw_amount)
    if not ctx.confirmed:
        return [Node('billorder', cart['id']), Node('amount', catalog.money(total))]
    if ctx.params.get('clicked_button') != 'finish':
        raise errors.missed('clicked_button')  # E5, E6 send clicked_button=finish [INF: strict]
    pay_cart(ctx, cart)
    # Paid from the balance, the payment is credited at once: status 4 (E25; handlers/balance.py) [INF].
    payment_id = ctx.conn.execute('INSERT INTO payment (account_id, billorder_id, paymethod, amount, created, status) '
                                  'VALUES (?, ?, ?, ?, ?, ?)', (cart['account_id'], cart['id'], method, total, ctx.clock.today_iso(),
                                                                CREDITED)).lastrowid
    return [Node('ok', REDIRECT), Node('payment_id', payment_id)]


def register(registry):
    registry['payment.add'] = Function(methods)
    registry['payment.add.pay'] = Function(pay)
