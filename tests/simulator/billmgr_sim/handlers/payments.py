"""Paying the old cart through a payment: ``payment.add`` and ``payment.add.pay`` (real-panels §4.2; E5, E6, E26).

``payment.add&billorder=<id>`` without a method offers the payment methods (``list[name=methodlist]``). Named with
``paymethod`` it **acts, with or without** ``sok``: E26's captured answer to
``payment.add&billorder=28&paymethod=1&payment_currency=126`` (no ``sok``) created payment 150 and answered ``ok`` of
``$type`` "url" (the payment page), ``payment_id`` and ``id`` twice, the second with ``$step`` "payment.add.pay"
(real-panels-2 §1.3, §7). ``payment.add.pay`` (E5, E6: the wizard's last step, sent with ``clicked_button=finish``) does
the same. Guessed [INF]: the methods (0 the personal account, which pays the cart from the balance at once and is
credited; 1 "Bank card", a payment that waits, status 1 new, while the cart stays open), the pages' addresses, that
an ``amount``, when sent, must be the cart's total (strict), and that ``payment.add.pay`` acts without ``sok`` too (the
harder case, as its first step does).
"""

from .. import catalog, errors, numeric
from ..document import Node
from . import Function
from .balance import CREDITED, TOP_UP_METHOD
from .basket import cart_total, open_cart, pay_cart

PERSONAL_ACCOUNT = (0, 'Personal account')
NEW_PAYMENT = 1  # E25: 1 new
# The page each method's answer points to, in E26's form ("/mancgi/sbpayment?elid=150").
PAGES = {PERSONAL_ACCOUNT[0]: '/mancgi/account?elid=%d', TOP_UP_METHOD[0]: '/mancgi/bankcard?elid=%d'}


def payment_cart(ctx):
    """The caller's open cart named by ``billorder``: another's or a paid one is not found."""
    billorder_id = ctx.int_param('billorder')
    cart = open_cart(ctx, ctx.account_id)
    if cart is None or cart['id'] != billorder_id:
        raise errors.not_found('billorder', str(billorder_id))
    if not cart_total(ctx, cart['id']):
        raise errors.ApiError('value', 'billorder', 'The cart is empty', value=str(billorder_id))
    return cart


def methods(ctx, cart):
    """The form: ``list[name=methodlist].elem[]{paymethod, name}`` and the amount."""
    methodlist = Node('list', attrs={'name': 'methodlist'}, repeat=True)
    for method_id, name in (PERSONAL_ACCOUNT, TOP_UP_METHOD):
        methodlist.add('elem', repeat=True).field('paymethod', method_id).field('name', name)
    return [Node('billorder', cart['id']), Node('amount', catalog.money(cart_total(ctx, cart['id']))), methodlist]


def add(ctx):
    """``payment.add``: the form without ``paymethod``; with it the payment (E26: no ``sok`` needed)."""
    cart = payment_cart(ctx)
    if not ctx.params.filled('paymethod'):
        return methods(ctx, cart)
    return pay(ctx, cart)


def pay(ctx, cart=None):
    """Create the payment for the whole cart with the method named, and answer as E26 shows."""
    cart = cart or payment_cart(ctx)
    method = ctx.int_param('paymethod')
    if method not in PAGES:
        raise errors.invalid('paymethod', str(method))
    total = cart_total(ctx, cart['id'])
    raw_amount = ctx.params.filled('amount')
    if raw_amount is not None and round(numeric.float_value('amount', raw_amount) * 100) != total:
        raise errors.invalid('amount', raw_amount)
    status = NEW_PAYMENT
    if method == PERSONAL_ACCOUNT[0]:
        pay_cart(ctx, cart)  # the balance pays at once, or a ``balance`` error and nothing happens
        status = CREDITED
    payment_id = ctx.conn.execute('INSERT INTO payment (account_id, billorder_id, paymethod, amount, created, status) '
                                  'VALUES (?, ?, ?, ?, ?, ?)', (cart['account_id'], cart['id'], method, total, ctx.clock.today_iso(),
                                                                status)).lastrowid
    return [Node('id', payment_id, repeat=True), Node('id', payment_id, {'step': 'payment.add.pay'}, repeat=True),
            Node('ok', PAGES[method] % payment_id, {'type': 'url'}), Node('payment_id', payment_id)]


def add_pay(ctx):
    """``payment.add.pay`` (E5, E6): the same payment, its method required."""
    return pay(ctx)


def register(registry):
    registry['payment.add'] = Function(add)
    registry['payment.add.pay'] = Function(add_pay)
