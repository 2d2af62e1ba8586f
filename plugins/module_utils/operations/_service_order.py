# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Ordering one new service for billmgr_service (``ServiceOrder``), on BILLmanager 5 and 6. Private to this collection.

The order follows what the panel answered: the new service's id when it gives one, else the
service found by its identity; a line in one of the two carts when it went there. Every check
that can fail is made before the one write; an order whose answer was lost is looked up (in the
list, or in the cart) before anything is reported, never sent again.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import int_or_none, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._accounts import buyer
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._catalog import SERVER_TYPES, slist_choices, template_choices
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._cart import cart_lines, cart_ref, left_in_cart, pending_orders, refuse_second_order
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import reconcile_timeout, settle
from ansible_collections.ispsystem.billmgr.plugins.module_utils.operations._step import Step
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import (
    edit_service,
    find_service,
    list_services,
    order_func,
    order_service,
    read_order_form,
    represent_service,
    wait_until_ready,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._limits import balance_shortfall, check_spending, spending_limits
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import Amount
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._order_price import order_price, price_facts
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._columns import autoprolong_agrees
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import (
    STATUS_ORDERED,
    addon_text,
    check_autoprolong,
    labelled_addons,
    order_period,
    typed_addons,
    with_addons,
)

DEFAULT_WAIT_TIMEOUT = 600


def wait_timeout(want):
    """Seconds to wait for a new service; 0 means look once and do not wait."""
    timeout = want.get('wait_timeout')
    return DEFAULT_WAIT_TIMEOUT if timeout is None else timeout


def identity_of(want, purpose='order or change'):
    """(field, value) of the first identity the task gives: id, then remoteid, then domain."""
    if want.get('id') is not None:
        return 'id', int(want['id'])
    for field in ('remoteid', 'domain'):
        if want.get(field):
            return field, want[field]
    if purpose == 'delete':
        raise InputError('state=absent needs the service to delete: give id, remoteid or domain')
    raise InputError(
        'state=present needs an identity for the service: id, remoteid or domain. Without one the task cannot '
        'tell an existing service from a new one, and every run would order (and pay for) another service. '
        'remoteid, a unique name of your choosing, is the safest')


class ServiceOrder(Step):
    """One new service for a ServiceTask: its order checked, placed once, and found.

    What it needs comes as arguments, never a task: the client, the item type, the catalogue (``catalog()``, read at
    most once), how a service is found by its identity (``find(field, value)``, in the task's account), how to warn,
    and check mode.
    """

    def __init__(self, client, item_type, want, catalog, find, warn, check_mode=False, placed=None):
        super(ServiceOrder, self).__init__(client, item_type, check_mode, warn)
        self.catalog = catalog
        self.find = find
        self.identity = identity_of(want)
        # Called once the new service is known (listed, or in the cart): another fork's look-up would find it now.
        self.placed = placed or (lambda: None)
        self.want = want
        self.api = want.get('api') or 'v2'
        self.skipbasket = want.get('skipbasket', True)
        self.dragon = bool(want.get('dragon'))

    def create(self):
        want = self.want
        order = self.checked_order()
        # An order for a client is the client's: sent in its session (account.su), found with the task's login.
        self.buyer = buyer(self.client, want.get('account'), switch=not self.check_mode)
        # Paid at once or not, an order waits for an unpaid one of its type: the cart's would be paid too when the cart is.
        refuse_second_order(cart_lines(self.buyer, self.dragon), self.item_type, '%s service' % self.item_type, self._ordered_ids)
        planned = self.planned(order)
        # The diff names add-ons as the task did (issue 36); the result's service keeps them by id.
        shown = dict(planned, addons=labelled_addons(planned.get('addons'), order.get('_addon_labels')))
        result = {'changed': True, 'order': self.summary(order),
                  'diff': {'before': {}, 'after': dict((k, v) for k, v in shown.items() if v not in (None, {}))}}
        limits = spending_limits(want)
        price = form = None
        if self.check_mode or limits != (None, None):
            # The first payment, as the form shows it: the period, add-ons and any one-time setup fee.
            form = read_order_form(self.client, self.item_type, order, self.api, self.dragon)
            price = order_price(form)
            result['order'].update(price_facts(price))
        spending = check_spending(self.client, price and price['total'], limits, self.priced_what(price),
                                  account=want.get('account'))
        if spending:
            result['spending'] = spending
        if self.check_mode:
            # "changed" alone would hide an order the balance cannot pay: check mode says so (issue 36).
            short = balance_shortfall(self.client, price and price['total'], self.priced_what(price), want.get('account'),
                                      into_cart=not self.skipbasket)
            if short:
                self.warn('check mode: ' + short)
            self.default_template(order, text_of(form.get('ostempl')) if form else None)
            result['service'] = planned
            return result
        try:
            answer = order_service(self.buyer, self.item_type, order, self.api, self.skipbasket, self.dragon)
        except BillmgrError as err:
            if not err.outcome_unknown:
                raise
            # The order may have gone through although its answer was lost: look before anything else.
            answer = self.reconcile(err) if self.skipbasket else self.reconcile_cart(err)
            result['reconciled'] = True
        result['found_by'] = answer['answered'] or 'identity'
        for key in ('billorder_id', 'lineitem_id'):
            if answer[key] is not None:
                result[key] = answer[key]
        try:
            if answer['billorder_id'] is not None or answer['lineitem_id'] is not None:
                return self.left_in_cart(result, order)
            # A panel that does not name the new service (BILLmanager 5, E12) lists it: that look-up is the first poll too.
            seen = self.appear(wait_timeout(want)) if answer['service_id'] is None else None
            self.placed()
            if seen is not None:
                answer = dict(answer, service_id=seen['id'])
            service = self.ready(answer['service_id'], order, seen)
            result['service'] = with_addons(self.renew_as_asked(service, order), order.get('addons'))
        except BillmgrError as err:
            raise self.failed_after_order(err, answer, order) from None
        self.default_template(order, (result['service'] or {}).get('ostempl'))
        return result

    def default_template(self, order, chosen=None):
        """A server ordered without ``ostempl`` gets the panel's default OS: warned, with the template where it is known
        (the order form's choice, the new service's) and the tariff's others to choose from."""
        if self.item_type not in SERVER_TYPES or order.get('ostempl') not in (None, ''):
            return
        templates = order.get('_ostempls') or []
        offered = (' of tariff %s: %s' % (order.get('_pricelist_name') or order.get('pricelist'), template_choices(templates))
                   if templates else ' (billmgr_pricelist_info lists them)')
        self.warn("no ostempl was given: the new %s service gets the panel's default OS template%s; set ostempl to choose one%s"
                  % (self.item_type, ', %s' % chosen if chosen else '', offered))

    def priced_what(self, price):
        """The order as a refusal names it; a one-time setup fee in its first payment is said, as the reason it costs more."""
        what = 'the %s order' % self.item_type
        setup = price and price['setup']
        if setup is not None and setup > Amount(0):
            what += ' (its first payment, with a one-time setup fee of %s)' % setup.text
        return what

    def failed_after_order(self, err, answer, order):
        """A read that failed once the order had gone through: the order is done (and paid), so the failure says changed."""
        service_id = answer['service_id']
        field, value = self.identity
        where = ' (service %s)' % service_id if service_id is not None else ''
        in_cart = answer['billorder_id'] is not None or answer['lineitem_id'] is not None
        return TaskError('the %s order was placed%s, but then %s. %s, so do not order again: the next run finds it by its %s %s'
                         % (self.item_type, where, err, 'It waits in the cart' if in_cart else 'It is paid for', field, value),
                         changed=True,
                         service=with_addons({'id': service_id}, order.get('addons')) if service_id is not None else None,
                         error=err.facts())

    def checked_order(self):
        """The order with every name resolved to an id and every value checked; no write yet."""
        want = self.want
        addons = dict((str(k), addon_text(v)) for k, v in (want.get('addons') or {}).items())
        order = {
            'pricelist': want.get('pricelist'),
            'datacenter': want.get('datacenter'),
            'period': order_period(1 if want.get('period') is None else want['period']),
            'domain': want.get('domain'),
            'remoteid': want.get('remoteid'),
            'autoprolong': check_autoprolong(want.get('autoprolong')),
            'ostempl': want.get('ostempl'),
            'recipe': want.get('recipe'),
            'account': want.get('account'),
            'addons': addons,
        }
        if order['pricelist'] in (None, ''):
            raise InputError('pricelist is required to order a new %s service (none with this identity exists)' % self.item_type)
        for name, option in (('ip', 'ip'), ('username', 'service_username'), ('userpassword', 'userpassword'), ('serverid', 'serverid')):
            if want.get(name) is not None:
                raise InputError('%s can only be changed on an existing service (TYPE.edit); the order has no such option. '
                                 'Order first, then set it in a second task' % option)
        # Every order is checked against the tariff (one read of the price list): an add-on the tariff lacks would be
        # dropped by the panel, and a period or auto-renewal it does not sell refused only by the order itself.
        func = order_func(self.item_type, self.api)
        client = self.client
        forms = {}

        def read_form(tariff_id):
            if tariff_id not in forms:
                forms[tariff_id] = client.read(func, {'pricelist': tariff_id})
            return forms[tariff_id]
        order = self.catalog().resolve_order(order, self.item_type, read_form=read_form)
        if self.api == 'v2' and order.get('autoprolong') is not None:
            # The new order API takes auto-renewal as a flag (E20), older v2 forms as months (seed 003): the form's
            # own choices say which (at most one read, shared with the add-on limits).
            keys = [choice['name'] for choice in slist_choices(read_form(order['pricelist']), 'autoprolong')]
            order['_autoprolong_flag'] = 'on' in keys or not keys
        return order

    def planned(self, order):
        """The service a check-mode order would create, in the shape of ``service``."""
        service = dict((key, None) for key in represent_service(self.item_type, {}))
        service.update({
            'type': self.item_type,
            'domain': order.get('domain'),
            'remoteid': order.get('remoteid'),
            'pricelist': order.get('_pricelist_name') or (str(order['pricelist']) if order.get('pricelist') is not None else None),
            'pricelist_id': int_or_none(order.get('pricelist')),
            'datacenter': order.get('_datacenter_name') or (str(order['datacenter']) if order.get('datacenter') is not None else None),
            'ostempl': order.get('ostempl'),
            'recipe': order.get('recipe'),
            'autoprolong': order.get('autoprolong'),
        })
        return with_addons(service, order.get('addons'))

    def summary(self, order):
        summary = dict((key, value) for key, value in order.items() if not key.startswith('_') and value is not None)
        summary['addons'] = typed_addons(order.get('addons'))
        summary.update({'func': order_func(self.item_type, self.api), 'skipbasket': bool(self.skipbasket)})
        return summary

    # -- after the order ---------------------------------------------------------------------

    def left_in_cart(self, result, order):
        """Nothing to wait for until the cart is paid; an old-cart order may already be listed as "ordered"."""
        where = ('billorder %s' % result['billorder_id']) if 'billorder_id' in result else ('cart line %s' % result['lineitem_id'])
        self.warn(left_in_cart('the %s order' % self.item_type, where, 'the service is created'))
        field, value = self.identity
        result['service'] = with_addons(self.find(field, value), order.get('addons'))
        self.default_template(order, (result['service'] or {}).get('ostempl'))
        return result

    def ready(self, service_id, order, seen=None):
        if not self.want.get('wait', True):
            return seen or find_service(self.client, self.item_type, service_id=service_id)
        try:
            return wait_until_ready(self.client, self.item_type, service_id, wait_timeout(self.want), seen)
        except TaskError as failure:
            failure.result['service'] = with_addons(failure.result.get('service') or {'id': service_id}, order.get('addons'))
            raise

    def renew_as_asked(self, service, order):
        """The months of auto-renewal, set right after a v2 order, which takes only ``on`` (E20): part of the same change."""
        months = order.get('autoprolong')
        if months is None or service is None:
            return service
        if not order.get('_autoprolong_flag') or service.get('autoprolong') == months:
            # The order sent the months: where the list shows only their label (real-panels-2 §9.3), they are returned.
            return dict(service, autoprolong=months) if autoprolong_agrees(service.get('autoprolong'), months) else service
        try:
            edit_service(self.buyer, self.item_type, service['id'], {'autoprolong': months})
        except BillmgrError as err:
            raise TaskError('%s service %d was ordered and paid, but setting auto-renewal to %s months failed: %s; run the task '
                            'again to set it' % (self.item_type, service['id'], months, err), changed=True,
                            service=with_addons(service, order.get('addons')), error=err.facts()) from None
        return dict(service, autoprolong=months)

    def appear(self, timeout):
        """Poll by identity until the just-ordered service is listed."""
        field, value = self.identity
        client, started = self.client, self.client.clock()

        def listed():
            found = self.find(field, value)
            if found is None:
                client.note_progress('the %s service with %s %s is not listed yet' % (self.item_type, field, value), started)
            return found
        try:
            service = client.poll(listed, timeout)
        except InputError as err:
            # Another order of the same identity landed at the same time (a second fork, a person): which one is this
            # task's, an answer without the id cannot say. Both are paid for; nothing is ordered again.
            raise TaskError('the %s order was placed, but the panel did not name the new service and %s; '
                            'nothing was ordered again' % (self.item_type, err), changed=True, service=None) from None
        if service is None:
            raise TaskError('the %s order was placed but no service with %s %s appeared within %ss'
                            % (self.item_type, field, value, timeout), changed=True, service=None)
        return service

    # -- an order without an answer --------------------------------------------------------

    def reconcile(self, err):
        """After a paid order without an answer: the service once it is listed (never ordered again), or ``err`` explained."""
        field, value = self.identity

        def listed():
            try:
                return self.find(field, value)
            except InputError as two:
                # Two services with this identity: which one is this task's, the lost answer cannot say. Both are paid for.
                raise TaskError('the %s order\'s answer was lost, and %s; nothing was ordered again' % (self.item_type, two),
                                changed=True, service=None) from None
        service = settle(self.client, listed, reconcile_timeout(self.want),
                         'the order of a %s service with %s %s' % (self.item_type, field, value), err)
        return {'service_id': service['id'], 'billorder_id': None, 'lineitem_id': None, 'answered': 'reconciled'}

    def reconcile_cart(self, err):
        """After a cart order without an answer: its cart line, once there (the carts held none of this type before)."""
        def in_cart():
            pending = pending_orders(cart_lines(self.buyer, self.dragon), self.item_type, self._ordered_ids)
            return pending[-1] if pending else None
        line = settle(self.client, in_cart, reconcile_timeout(self.want), 'the %s order into the cart' % self.item_type, err)
        answer = {'service_id': None, 'billorder_id': None, 'lineitem_id': None, 'answered': 'reconciled'}
        answer.update(cart_ref(line))
        return answer

    def _ordered_ids(self):
        """Ids of this type's items in status "ordered": what an old-cart line of a new order points at (E5)."""
        return set(service['id'] for service in list_services(self.buyer, self.item_type, status=STATUS_ORDERED))
