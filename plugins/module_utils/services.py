# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a BILLmanager *service* is, and how to list and find one.

Modules, the inventory plugin and the role all read services through these functions, so a
service has one shape everywhere: ``represent_service`` turns a list element into a plain
dict with typed values.
"""

from __future__ import annotations

import datetime
import re
import time

from ansible_collections.ispsystem.billmgr.plugins.module_utils.api import LEVEL_CLIENT, BillmgrError, as_list, text_of

STATUS_ORDERED = 1
STATUS_ACTIVE = 2
STATUS_SUSPENDED = 3
STATUS_DELETED = 4
STATUS_PROCESSING = 5

# Ids are database keys in the panel; larger numbers only make it fail with an internal error.
MAX_ID = 2 ** 31 - 1

STATUS_NAMES = {
    STATUS_ORDERED: 'ordered',
    STATUS_ACTIVE: 'active',
    STATUS_SUSPENDED: 'suspended',
    STATUS_DELETED: 'deleted',
    STATUS_PROCESSING: 'processing',
}

# Dates come as ISO dates with lang=en; other locales of the panel write them day first.
_DATE_FORMATS = ('%Y-%m-%d', '%d.%m.%Y', '%Y-%m-%d %H:%M:%S', '%d.%m.%Y %H:%M:%S')
_LEADING_INT = re.compile(r'^\s*(-?\d+)')


def iso_date(value):
    """``YYYY-MM-DD`` for any date the panel writes, None for an empty or unknown one."""
    text = text_of(value).strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def days_left(expiredate, today=None):
    """Whole days from today until an ISO expiry date (negative when expired), None without a date."""
    if not expiredate:
        return None
    today = today or datetime.date.today()
    return (datetime.date.fromisoformat(expiredate) - today).days


def int_or_none(value):
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = _LEADING_INT.match(str(text_of(value)))
    return int(match.group(1)) if match else None


def autoprolong_months(value):
    """Auto-renewal period in months, or None when it is off (empty, ``null``, ``off`` or 0)."""
    months = int_or_none(value)
    return months if months else None


def service_status(elem):
    """The numeric status: ``status`` when the list has it, else the code in item_status's ``orig``."""
    status = int_or_none(elem.get('status'))
    if status is None:
        item_status = elem.get('item_status')
        status = int_or_none(item_status.get('orig') if isinstance(item_status, dict) else item_status)
    return status


def represent_service(item_type, elem):
    """A list element (or an edit form) as the plain, typed dict every module returns as ``service``."""
    status = service_status(elem)
    item_status = elem.get('item_status')
    status_name = STATUS_NAMES.get(status)
    if isinstance(item_status, dict) and item_status.get('text'):
        status_name = STATUS_NAMES.get(status) or item_status['text'].lower()
    expiredate = iso_date(elem.get('expiredate') or elem.get('real_expiredate'))
    return {
        'id': int_or_none(elem.get('id') or elem.get('elid')),
        'type': item_type,
        'name': text_of(elem.get('name')) or None,
        'domain': text_of(elem.get('domain')) or None,
        'ip': text_of(elem.get('ip')) or None,
        'status': status,
        'status_name': status_name,
        'item_status': item_status.get('orig') if isinstance(item_status, dict) else (text_of(item_status) or None),
        'pricelist': text_of(elem.get('pricelist')) or None,
        'pricelist_id': int_or_none(elem.get('pricelist_id')),
        'datacenter': text_of(elem.get('datacentername') or elem.get('datacenter')) or None,
        'account': text_of(elem.get('account')) or None,
        'ostempl': text_of(elem.get('ostempl')) or None,
        'recipe': text_of(elem.get('recipe')) or None,
        'remoteid': text_of(elem.get('remoteid')) or None,
        'createdate': iso_date(elem.get('createdate')),
        'expiredate': expiredate,
        'autoprolong': autoprolong_months(elem.get('autoprolong')),
        'cost': text_of(elem.get('cost')) or None,
    }


def list_services(client, item_type, status=None, account=None, filters=None):
    """Every service of one type (all pages), optionally filtered, as represented dicts.

    ``status`` is one status code or a list of them. The panel filters by one status per
    request, so several statuses cost one listing without a status filter, filtered here.
    """
    statuses = [status] if isinstance(status, int) else list(status or [])
    params = dict(filters or {})
    if account:
        params['account'] = account
    if len(statuses) == 1:
        params['status'] = statuses[0]
    if params:
        params['filter'] = 'on'
    services = [represent_service(item_type, elem) for elem in client.list(item_type, params)]
    if statuses:
        services = [s for s in services if s['status'] in statuses]
    if account:
        # The panel matches the account's whole display name; keep only exact matches in case it does not filter.
        services = [s for s in services if s['account'] in (None, account)]
    return services


def require_admin_for_account(client, account):
    """Refuse ``account`` naming someone else when the user is a client, before anything is bought.

    The panel ignores ``account`` from a client and bills the client's own account; the look-ups,
    filtered by the named account, would then never find what was bought, and every run would buy
    again. A client's own account is accepted under its user name (as the bundled demo names them).
    """
    if not account:
        return
    level = client.user_level()
    if level is not None and level <= LEVEL_CLIENT and account.lower() != (client.username or '').lower():
        raise ValueError('account %r: only a BILLmanager administrator orders for another account; %s is a client user, '
                         'whom the panel would bill instead. Leave account out.' % (account, client.username))


def find_service(client, item_type, service_id=None, remoteid=None, domain=None, account=None):
    """The one live (not deleted) service with this identity, or None.

    Identity is tried in the order id, remoteid, domain: the first one given decides. The
    panel is asked to filter, but the match is checked here too, so a panel that ignores a
    filter field still gives the right answer (only with more data). ``account`` limits the
    search to one client's services (for an administrator working for a client).
    """
    if service_id is not None:
        field, wanted = 'id', int(service_id)
        if not 0 < wanted <= MAX_ID:
            raise ValueError('id must be a BILLmanager service id, a whole number from 1 to %d; got %s' % (MAX_ID, service_id))
    elif remoteid:
        field, wanted = 'remoteid', remoteid
    elif domain:
        # Domain names are case-insensitive, and panels keep them in lower case.
        field, wanted = 'domain', domain.lower()
    else:
        raise ValueError('a service is found by id, remoteid or domain; none was given')
    found = [s for s in list_services(client, item_type, account=account, filters={field: wanted})
             if _same(field, s[field], wanted) and s['status'] != STATUS_DELETED]
    if len(found) > 1:
        raise ValueError('%d %s services have %s %s (ids %s); use id to choose one'
                         % (len(found), item_type, field, wanted, ', '.join(str(s['id']) for s in found)))
    return found[0] if found else None


def find_deleted(client, item_type, remoteid=None, domain=None):
    """The newest deleted service with this remoteid (or domain), or None: what find_service leaves out."""
    field, wanted = ('remoteid', remoteid) if remoteid else ('domain', (domain or '').lower())
    deleted = [s for s in list_services(client, item_type, status=STATUS_DELETED, filters={field: wanted})
               if _same(field, s[field], wanted)]
    return max(deleted, key=lambda s: s['id'] or 0) if deleted else None


def _same(field, value, wanted):
    if field == 'domain':
        return (value or '').lower() == wanted
    return value == wanted


# -- ordering, changing, deleting -----------------------------------------------------------
#
# Everything below is the write side: billmgr_service uses it through ServiceManager, and
# every rule that protects money lives here, next to the requests it guards.

PERIODS = (1, 3, 6, 12, 24, 36)

# Item types whose services get an address when processing ends; others (platform, ...) may not.
TYPES_WITH_IP = ('vds', 'dedic', 'vhost')

# Options a task may change on an existing service (TYPE.edit), and where their current value is.
LIST_FIELDS = ('domain', 'ip', 'autoprolong')            # in the list element: no extra request
FORM_FIELDS = ('ostempl', 'recipe', 'username', 'serverid')  # only in the edit form
EDIT_FIELDS = LIST_FIELDS + FORM_FIELDS

# Polls back off from a short first wait so a fast panel answers a fast task.
POLL_FIRST = 1.0
POLL_FACTOR = 1.5
POLL_CAP = 10.0

_ITEM_TYPE = re.compile(r'^[a-z][a-z0-9_]*$')
_ADDON_FIELD = re.compile(r'^addon_(\d+)$')
_OFF = ('', 'off', 'null', 'none', 'no', 'false', '0')
_BOOLEAN = {True: '1', False: '0'}


class ServiceFailure(Exception):
    """A failure that is not the API's own error, or comes after part of the task was done.

    ``result`` holds the keys the module returns with the failure (``changed``, ``service`` or
    ``license``, ``error``), so a timed-out wait still tells the playbook which service it bought,
    and a refused change still says that the renewal before it was paid. BillmgrModule.run maps it.
    """

    def __init__(self, message, **result):
        super(ServiceFailure, self).__init__(message)
        self.result = result


def check_item_type(item_type):
    if not item_type or not _ITEM_TYPE.match(item_type):
        raise ValueError('type must be an item type name such as vds, dedic, vhost or platform; got %r' % (item_type,))
    return item_type


def normalise_autoprolong(value):
    """Months of auto-renewal as an int, or None for off (``off``, ``null``, 0, false, empty)."""
    if value is None or isinstance(value, bool):
        return None if value in (None, False) else _bad_autoprolong(value)
    text = str(value).strip().lower()
    if text in _OFF:
        return None
    if text.isdigit() and int(text) in PERIODS:
        return int(text)
    return _bad_autoprolong(value)


def _wait_timeout(want):
    """Seconds to wait for a new service; 0 means look once and do not wait."""
    timeout = want.get('wait_timeout')
    return 600 if timeout is None else timeout


def _bad_autoprolong(value):
    raise ValueError('autoprolong must be one of %s (months) or off; got %r' % (', '.join(str(p) for p in PERIODS), value))


def addon_value(value):
    """An add-on value as the API takes it: booleans 1/0, numbers as text."""
    if isinstance(value, bool):
        return _BOOLEAN[value]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    lowered = text.lower()
    if lowered in ('on', 'yes', 'true'):
        return '1'
    if lowered in ('off', 'no', 'false'):
        return '0'
    return text


def plain_value(text):
    """A form value typed for return values: digits become an int."""
    text = text_of(text).strip()
    if re.match(r'^-?\d+$', text):
        return int(text)
    return text or None


def addons_of_form(form):
    """The add-on values of an edit or order form: ``{"11": "1024", ...}`` (ids as strings, values as the API writes them)."""
    addons = {}
    for key, value in (form or {}).items():
        match = _ADDON_FIELD.match(key)
        if match and not isinstance(value, list):
            addons[match.group(1)] = text_of(value).strip()
    return addons


def typed_addons(addons):
    if addons is None:
        return None
    return dict((key, plain_value(value)) for key, value in sorted(addons.items(), key=lambda kv: int(kv[0])))


def with_addons(service, addons):
    """The ``service`` return value: a represented service plus its add-on values (None when not read)."""
    if service is None:
        return None
    result = dict(service)
    result['addons'] = typed_addons(addons)
    return result


def backoff(first=POLL_FIRST, factor=POLL_FACTOR, cap=POLL_CAP):
    delay = first
    while True:
        yield delay
        delay = min(delay * factor, cap)


def order_func(item_type, api='v2'):
    return ('v2.%s.order.param' if api == 'v2' else '%s.order.param') % item_type


def order_request(item_type, order, api='v2', skipbasket=True, dragon=False, confirm=True):
    """The function, parameters and headers of an order; ``order`` holds resolved ids and values.

    BILLmanager 6 (``v2.TYPE.order.param``) calls the period ``order_period``, the older
    form ``period``. The Dragon theme keeps its own cart, reached only with its client
    header and ``theme=dragon``.
    """
    params = {
        'pricelist': order['pricelist'],
        'datacenter': order.get('datacenter'),
        ('order_period' if api == 'v2' else 'period'): order['period'],
        'domain': order.get('domain'),
        'remoteid': order.get('remoteid'),
        'ostempl': order.get('ostempl'),
        'recipe': order.get('recipe'),
        'account': order.get('account'),
    }
    if order.get('autoprolong') is not None:
        params['autoprolong'] = order['autoprolong']
    for addon_id, value in (order.get('addons') or {}).items():
        params['addon_%s' % addon_id] = value
    if skipbasket:
        params['skipbasket'] = 'on'
    headers = None
    if dragon:
        headers = {'ISP-Client': 'Web-interface'}
        params.update({'theme': 'dragon', 'licence_agreement': 'on', 'clicked_button': 'finish'})
    if confirm:
        params['sok'] = 'ok'
    return order_func(item_type, api), params, headers


def order_service(client, item_type, order, api='v2', skipbasket=True, dragon=False):
    """Place an order (one write). Returns ``(service_id or None, billorder_id or None)``."""
    func, params, headers = order_request(item_type, order, api, skipbasket, dragon)
    doc = client.write(func, params, headers=headers)
    billorder = doc.get('billorder.id')
    if billorder is None and isinstance(doc.get('billorder'), dict):
        billorder = doc['billorder'].get('id')
    return int_or_none(doc.get('id')), int_or_none(billorder)


def unpaid_cart_orders(client, item_type):
    """New orders of ``item_type`` waiting in the cart (``basket``): not services yet, so no look-up by identity sees them."""
    doc = client.read('basket')
    return [item for item in as_list(doc.get('elem')) if isinstance(item, dict)
            and text_of(item.get('itemtype')) == item_type and text_of(item.get('kind')) in ('', 'order')]


def refuse_second_cart_order(client, item_type, what):
    """An order left in the cart is invisible to the next run's look-up: one unpaid order of a type at a time."""
    pending = unpaid_cart_orders(client, item_type)
    if pending:
        raise ValueError('the cart (billorder %s) already holds an unpaid %s order (%s); pay or empty it before '
                         'ordering another %s with skipbasket=false'
                         % (text_of(pending[0].get('billorder')) or '?', what, text_of(pending[0].get('desc')) or 'no description', what))


def read_order_form(client, item_type, order, api='v2', dragon=False):
    """The order form for these choices, without ordering: the panel's price for them, and its lists."""
    func, params, headers = order_request(item_type, order, api, skipbasket=False, dragon=dragon, confirm=False)
    return client.read(func, params, headers=headers)


def order_cost(form):
    """The price the order form shows, as the panel writes it, or None."""
    for key in ('cost', 'order_cost', 'total', 'price'):
        if form.get(key) not in (None, ''):
            value = form[key]
            return text_of(value.get('cost', value) if isinstance(value, dict) else value).strip() or None
    return None


def read_edit_form(client, item_type, service_id):
    """``TYPE.edit`` without sok: the service's current values, add-ons included (addon_N)."""
    return client.read('%s.edit' % item_type, {'elid': service_id})


def edit_service(client, item_type, service_id, changes, skipbasket=True):
    """Apply changes (one write). ``changes`` uses the API's names; add-ons as ``addon_N``; autoprolong None = off."""
    params = {'elid': service_id, 'sok': 'ok'}
    for key, value in changes.items():
        if key == 'autoprolong':
            value = 'null' if value is None else value
        params[key] = value
    if skipbasket:
        params['skipbasket'] = 'on'
    return client.write('%s.edit' % item_type, params)


def delete_service(client, item_type, service_id):
    return client.write('%s.delete' % item_type, {'elid': service_id, 'sok': 'ok'})


def is_ready(service):
    """Active, and with its address where the type gets one."""
    if service['status'] != STATUS_ACTIVE:
        return False
    return bool(service['ip']) or service['type'] not in TYPES_WITH_IP


def wait_until_ready(client, item_type, service_id, timeout, sleep, clock):
    """Poll the list (one request per poll, capped exponential backoff) until the service is ready.

    Raises ServiceFailure naming the service when it does not get there within ``timeout``
    seconds, or when it can no longer get there (deleted, suspended).
    """
    deadline = clock() + timeout
    delays = backoff()
    while True:
        service = find_service(client, item_type, service_id=service_id)
        if service is None:
            raise ServiceFailure('%s service %d was deleted while waiting for it to become active' % (item_type, service_id),
                                 changed=True, service=None)
        if is_ready(service):
            return service
        if service['status'] == STATUS_SUSPENDED:
            raise ServiceFailure('%s service %d was suspended (%s) while waiting for it to become active'
                                 % (item_type, service_id, service['item_status']), changed=True, service=service)
        remaining = deadline - clock()
        if remaining <= 0:
            raise ServiceFailure(
                '%s service %d was ordered but is still %s after %ss; it is paid for, so do not order again: '
                'the next run finds it by its id, remoteid or domain and waits again' % (
                    item_type, service_id, service['status_name'] or 'not active', timeout),
                changed=True, service=service)
        sleep(min(next(delays), remaining))


class ServiceManager(object):
    """Brings one service of one item type to the state a task asks for.

    ``want`` is the task's options (billmgr_service's parameters). Every check that can
    fail is made before the first write; an order whose answer was lost is looked up
    before it is reported; check mode reads but never writes.
    """

    def __init__(self, client, item_type, check_mode=False, warn=None, sleep=None, clock=None, catalog_reader=None):
        self.client = client
        self.item_type = check_item_type(item_type)
        self.check_mode = check_mode
        self._warn = warn or (lambda message: None)
        self._sleep = sleep or time.sleep
        self._clock = clock or time.monotonic
        self._catalog_reader = catalog_reader
        self._catalog = None
        self._account = None

    def _find(self, field, value):
        return find_service(self.client, self.item_type, account=self._account, **{_FIND_ARGS[field]: value})

    # -- the two states ------------------------------------------------------------------

    def present(self, want):
        self._account = want.get('account')
        field, value = identity_of(want)
        self._check_want(want)
        service = self._find(field, value)
        if service is None:
            if field == 'id':
                self._explain_missing(value)
                raise ValueError('%s service %s is deleted; a service cannot be ordered with a chosen id: '
                                 'identify a new one by remoteid or domain' % (self.item_type, value))
            self._refuse_identity_in_another_account(field, value)
            return self._create(want)
        if service['status'] == STATUS_PROCESSING and want.get('wait', True) and not self.check_mode:
            # Ordered by an earlier run that stopped waiting (or by hand): finish the wait first.
            try:
                service = wait_until_ready(self.client, self.item_type, service['id'], _wait_timeout(want),
                                           self._sleep, self._clock)
            except ServiceFailure as failure:
                failure.result['changed'] = False
                failure.result['service'] = with_addons(failure.result.get('service'), None)
                raise
        return self._change(service, want)

    def absent(self, want):
        self._account = want.get('account')
        field, value = identity_of(want, purpose='delete')
        service = self._find(field, value)
        if service is None:
            if field == 'id':
                self._explain_missing(value, gone_is_fine=True)
            return {'changed': False, 'service': None, 'diff': {'before': {}, 'after': {}}}
        if not self.check_mode:
            delete_service(self.client, self.item_type, service['id'])
        after = dict(service, status=STATUS_DELETED, status_name=STATUS_NAMES[STATUS_DELETED])
        return {'changed': True, 'service': with_addons(after, None),
                'diff': {'before': with_addons(service, None), 'after': {}}}

    def _refuse_identity_in_another_account(self, field, value):
        """Before ordering for ``account``: the identity must not already be taken outside that account's list.

        The account filter compares the panel's account name, which may differ from what the task
        says (a display name such as "Example Ltd (ops@example.com)", or a client user whose level
        is unknown because it logged in with a session key and whose order the panel bills to its
        own account). Either way the service bought by the last run would stay invisible, and every
        run would buy another one. Costs one list request, on the order path only.
        """
        if not self._account:
            return
        other = find_service(self.client, self.item_type, **{_FIND_ARGS[field]: value})
        if other is not None:
            raise ValueError('%s service %s already has %s %s, in account %r, not in account %r as the task says; '
                             'nothing was ordered. Give account exactly as the panel lists it, or leave it out'
                             % (self.item_type, other['id'], field, value, other.get('account'), self._account))

    def _explain_missing(self, service_id, gone_is_fine=False):
        """An id the list does not show: let the panel say why (another account's: ``access``; none: ``missed``).

        Costs one read, and only on this path. Returns when the service exists but is deleted.
        """
        try:
            read_edit_form(self.client, self.item_type, service_id)
        except BillmgrError as err:
            if gone_is_fine and err.kind == 'missed':
                return
            if err.kind == 'missed':
                raise ValueError('%s service %s does not exist; a service cannot be ordered with a chosen id: '
                                 'identify a new one by remoteid or domain (%s)' % (self.item_type, service_id, err))
            raise

    # -- create ----------------------------------------------------------------------------

    def _create(self, want):
        require_admin_for_account(self.client, want.get('account'))
        order = self._order(want)
        api, skipbasket, dragon = want.get('api') or 'v2', want.get('skipbasket', True), bool(want.get('dragon'))
        if not skipbasket:
            refuse_second_cart_order(self.client, self.item_type, '%s service' % self.item_type)
        planned = self._planned(order)
        result = {'changed': True, 'order': self._order_summary(order, api, skipbasket),
                  'diff': {'before': {}, 'after': dict((k, v) for k, v in planned.items() if v not in (None, {}))}}
        if self.check_mode:
            result['order']['cost'] = order_cost(read_order_form(self.client, self.item_type, order, api, dragon))
            result['service'] = planned
            return result
        try:
            service_id, billorder_id = order_service(self.client, self.item_type, order, api, skipbasket, dragon)
        except BillmgrError as err:
            if not err.outcome_unknown:
                raise
            # The order may have gone through although its answer was lost: look before anything else.
            if skipbasket:
                service_id, billorder_id = self._reconcile(want, err)['id'], None
            else:
                service_id, billorder_id = None, self._reconcile_cart(err)
            result['reconciled'] = True
        if billorder_id is not None:
            result['billorder_id'] = billorder_id
        if not skipbasket:
            # Left in the cart: nothing to wait for until the order is paid.
            result['service'] = with_addons(self._find_new(want, service_id), order.get('addons'))
            return result
        if service_id is None:
            service_id = self._appear(want, _wait_timeout(want))['id']
        if want.get('wait', True):
            try:
                service = wait_until_ready(self.client, self.item_type, service_id, _wait_timeout(want),
                                           self._sleep, self._clock)
            except ServiceFailure as failure:
                failure.result['service'] = with_addons(failure.result.get('service') or {'id': service_id}, order.get('addons'))
                raise
        else:
            service = find_service(self.client, self.item_type, service_id=service_id)
        result['service'] = with_addons(service, order.get('addons'))
        return result

    def _order(self, want):
        """The order with every name resolved to an id and every value checked; no write yet."""
        addons = dict((str(k), addon_value(v)) for k, v in (want.get('addons') or {}).items())
        order = {
            'pricelist': want.get('pricelist'),
            'datacenter': want.get('datacenter'),
            'period': want.get('period') or 1,
            'domain': want.get('domain'),
            'remoteid': want.get('remoteid'),
            'autoprolong': normalise_autoprolong(want.get('autoprolong')),
            'ostempl': want.get('ostempl'),
            'recipe': want.get('recipe'),
            'account': want.get('account'),
            'addons': addons,
        }
        if order['pricelist'] in (None, ''):
            raise ValueError('pricelist is required to order a new %s service (none with this identity exists)' % self.item_type)
        for name, option in (('ip', 'ip'), ('username', 'service_username'), ('userpassword', 'userpassword'), ('serverid', 'serverid')):
            if want.get(name) is not None:
                raise ValueError('%s can only be changed on an existing service (TYPE.edit); the order has no such option. '
                                 'Order first, then set it in a second task' % option)
        if _needs_catalog(order):
            catalog = self.catalog()
            tariff = catalog.tariff(order['pricelist'], self.item_type)
            order['pricelist'] = tariff['id']
            order['_pricelist_name'] = tariff['name']
            if order['datacenter'] not in (None, ''):
                datacenter = catalog.datacenter(order['datacenter'], tariff)
                order['datacenter'], order['_datacenter_name'] = datacenter['id'], datacenter['name']
            catalog.check_period(tariff, order['period'])
            order['addons'] = catalog.addons(tariff, order['addons'])
        return order

    def _planned(self, order):
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

    def _order_summary(self, order, api, skipbasket):
        summary = dict((key, value) for key, value in order.items() if not key.startswith('_') and value is not None)
        summary['addons'] = typed_addons(order.get('addons'))
        summary.update({'func': order_func(self.item_type, api), 'skipbasket': bool(skipbasket)})
        return summary

    def _reconcile(self, want, err):
        """After an order without an answer: the service if it appeared, else the original error, explained."""
        field, value = identity_of(want)
        window = max(self.client.timeout or 0, 5)
        try:
            return self._appear(want, window)
        except ServiceFailure:
            pass
        raise BillmgrError(
            err.kind, '%s. The order may or may not have been placed: no %s service with %s %s appeared within %ss. '
            'Look in the panel before running the task again' % (err.message, self.item_type, field, value, window),
            obj=err.obj, func=err.func, outcome_unknown=True)

    def _reconcile_cart(self, err):
        """After a cart order without an answer: its billorder id if it reached the cart (the cart held none of this type before)."""
        pending = unpaid_cart_orders(self.client, self.item_type)
        if pending:
            return int_or_none(text_of(pending[-1].get('billorder')))
        raise BillmgrError(
            err.kind, '%s. The order may or may not have been placed: the cart holds no %s order. Look in the panel before '
            'running the task again' % (err.message, self.item_type), obj=err.obj, func=err.func, outcome_unknown=True)

    def _appear(self, want, timeout):
        """Poll by identity until the just-ordered service is listed."""
        field, value = identity_of(want)
        deadline = self._clock() + timeout
        delays = backoff()
        while True:
            service = self._find(field, value)
            if service is not None:
                return service
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise ServiceFailure('the %s order was placed but no service with %s %s appeared within %ss'
                                     % (self.item_type, field, value, timeout), changed=True, service=None)
            self._sleep(min(next(delays), remaining))

    def _find_new(self, want, service_id):
        if service_id is not None:
            return find_service(self.client, self.item_type, service_id=service_id)
        field, value = identity_of(want)
        return self._find(field, value)

    # -- change ----------------------------------------------------------------------------

    def _change(self, service, want):
        self._check_order_only_options(service, want)
        needs_form = bool(want.get('addons')) or any(want.get(name) is not None for name in FORM_FIELDS)
        form = read_edit_form(self.client, self.item_type, service['id']) if needs_form else None
        current = self._current(service, form)
        wanted = self._wanted(service, form, want)
        changes = dict((key, value) for key, value in wanted.items() if current.get(key) != value)
        secret_change = want.get('userpassword') is not None
        after_addons = dict(addons_of_form(form)) if form is not None else None
        if not changes and not secret_change:
            return {'changed': False, 'service': with_addons(service, after_addons), 'diff': {'before': {}, 'after': {}}}
        diff = {
            'before': dict((_diff_key(key), _diff_value(key, current.get(key))) for key in sorted(changes)),
            'after': dict((_diff_key(key), _diff_value(key, changes[key])) for key in sorted(changes)),
        }
        if secret_change:
            # The panel never shows a password back, so it cannot be compared: it is set on every run that gives it.
            changes['userpassword'] = want['userpassword']
            diff['before']['userpassword'], diff['after']['userpassword'] = '(not shown)', '(set)'
        result = {'changed': True, 'diff': diff}
        if not self.check_mode:
            doc = edit_service(self.client, self.item_type, service['id'], changes, skipbasket=want.get('skipbasket', True))
            billorder_id = int_or_none(doc.get('billorder.id'))
            if billorder_id is not None:
                # A paid change waits in the cart: the add-ons stay as they were until it is paid.
                result['billorder_id'] = billorder_id
                changes = dict((key, value) for key, value in changes.items() if not _ADDON_FIELD.match(key))
        updated = dict(service)
        for key, value in changes.items():
            if key in updated:
                updated[key] = value
            elif _ADDON_FIELD.match(key) and after_addons is not None:
                after_addons[_ADDON_FIELD.match(key).group(1)] = value
        result['service'] = with_addons(updated, after_addons)
        return result

    def _current(self, service, form):
        current = dict((key, service.get(key)) for key in LIST_FIELDS)
        if form is not None:
            for key in FORM_FIELDS:
                current[key] = text_of(form.get(key)).strip() or None
            for addon_id, value in addons_of_form(form).items():
                current['addon_%s' % addon_id] = addon_value(value)
        return current

    def _wanted(self, service, form, want):
        wanted = {}
        for key in EDIT_FIELDS:
            if key == 'autoprolong':
                if want.get('autoprolong') is not None:
                    wanted[key] = normalise_autoprolong(want['autoprolong'])
            elif want.get(key) is not None:
                wanted[key] = str(want[key])
        addons = dict((str(k), addon_value(v)) for k, v in (want.get('addons') or {}).items())
        if addons:
            present = addons_of_form(form)
            if any(not key.isdigit() for key in addons) or any(not _is_number(value) for value in addons.values()):
                catalog = self.catalog()
                tariff_ref = int_or_none(form.get('pricelist')) or service.get('pricelist_id') or service.get('pricelist')
                addons = catalog.addons(catalog.tariff(tariff_ref, self.item_type), addons)
            missing = sorted((key for key in addons if key not in present), key=int)
            if missing:
                raise ValueError('%s service %d has no add-on %s: its tariff %s offers add-ons %s' % (
                    self.item_type, service['id'], ', '.join(missing), service.get('pricelist') or '',
                    ', '.join(sorted(present, key=int)) or 'none'))
            for addon_id, value in addons.items():
                wanted['addon_%s' % addon_id] = value
        return wanted

    def _check_order_only_options(self, service, want):
        """Options that only an order uses: warn when the existing service differs, never change it."""
        remoteid = want.get('remoteid')
        if remoteid and service.get('remoteid') and remoteid != service['remoteid']:
            raise ValueError('%s service %d has remoteid %s, not %s; remoteid cannot be changed'
                             % (self.item_type, service['id'], service['remoteid'], remoteid))
        pricelist = want.get('pricelist')
        if pricelist not in (None, ''):
            text = str(pricelist)
            same = int(text) == service.get('pricelist_id') if text.isdigit() else text.lower() == (service.get('pricelist') or '').lower()
            if not same and (service.get('pricelist_id') is not None or service.get('pricelist')):
                self._warn('%s service %d is on tariff %s (%s), not %s; this module does not change the tariff of an existing '
                           'service' % (self.item_type, service['id'], service.get('pricelist'), service.get('pricelist_id'), text))

    def _check_want(self, want):
        if want.get('period') is not None and want['period'] not in PERIODS:
            raise ValueError('period must be one of %s months; got %s' % (', '.join(str(p) for p in PERIODS), want['period']))
        normalise_autoprolong(want.get('autoprolong'))
        if want.get('wait_timeout') is not None and want['wait_timeout'] < 0:
            raise ValueError('wait_timeout must be 0 or more seconds; got %s' % want['wait_timeout'])

    # -- the catalog, read at most once ------------------------------------------------------

    def catalog(self):
        if self._catalog is None:
            if self._catalog_reader is None:
                from ansible_collections.ispsystem.billmgr.plugins.module_utils.catalog import Catalog  # pylint: disable=import-outside-toplevel
                self._catalog_reader = Catalog.read
            self._catalog = self._catalog_reader(self.client, self.item_type)
        return self._catalog


_FIND_ARGS = {'id': 'service_id', 'remoteid': 'remoteid', 'domain': 'domain'}

# The task options ServiceManager reads, by the API's names. The connection's username and
# password never get in: the service's own ``username`` comes from ``service_username``.
_WANT_KEYS = ('type', 'state', 'id', 'remoteid', 'domain', 'pricelist', 'datacenter', 'period', 'autoprolong', 'ostempl',
              'recipe', 'addons', 'ip', 'userpassword', 'serverid', 'account', 'skipbasket', 'api', 'dragon', 'wait', 'wait_timeout')


def want_from_params(params):
    """billmgr_service's options as ServiceManager's ``want``."""
    want = dict((key, params.get(key)) for key in _WANT_KEYS)
    want['username'] = params.get('service_username')
    if want.get('domain'):
        want['domain'] = want['domain'].strip().lower()
    return want


def identity_of(want, purpose='order or change'):
    """(field, value) of the first identity the task gives: id, then remoteid, then domain."""
    if want.get('id') is not None:
        return 'id', int(want['id'])
    for field in ('remoteid', 'domain'):
        if want.get(field):
            return field, want[field]
    if purpose == 'delete':
        raise ValueError('state=absent needs the service to delete: give id, remoteid or domain')
    raise ValueError(
        'state=present needs an identity for the service: id, remoteid or domain. Without one the task cannot '
        'tell an existing service from a new one, and every run would order (and pay for) another service. '
        'remoteid, a unique name of your choosing, is the safest')


def _needs_catalog(order):
    """True when a name must be turned into an id, or add-ons must be checked against the tariff.

    Add-ons are checked even when given by id: the panel ignores an add-on the tariff does not
    have, and the order would go through (and be paid) without it.
    """
    for key in ('pricelist', 'datacenter'):
        value = order.get(key)
        if value not in (None, '') and not str(value).strip().isdigit():
            return True
    return bool(order['addons'])


def _is_number(text):
    return bool(re.match(r'^-?\d+$', str(text)))


def _diff_key(key):
    match = _ADDON_FIELD.match(key)
    return 'addons.%s' % match.group(1) if match else key


def _diff_value(key, value):
    return plain_value(value) if _ADDON_FIELD.match(key) and value is not None else value


# -- looking services up (billmgr_service_info) --------------------------------------------

def status_codes(values):
    """Status filters given as codes (2) or names (active) -> codes; an unknown one is a ValueError."""
    by_name = dict((name, code) for code, name in STATUS_NAMES.items())
    codes = []
    for value in values or []:
        text = str(value).strip().lower()
        if text.isdigit() and int(text) in STATUS_NAMES:
            codes.append(int(text))
        elif text in by_name:
            codes.append(by_name[text])
        else:
            raise ValueError('unknown status %r; use one of %s' % (value, ', '.join(
                '%s (%s)' % (name, code) for code, name in sorted(STATUS_NAMES.items()))))
    return codes


def search_services(client, item_types, status=None, account=None, service_id=None, remoteid=None, domain=None, addons=False):
    """Services of several item types that match every filter given, in the ``service`` shape.

    One list request per item type (per page); with ``addons`` one edit-form read per service
    found, for its add-on values.
    """
    filters = {}
    if service_id is not None:
        filters['id'] = int(service_id)
    if remoteid:
        filters['remoteid'] = remoteid
    if domain:
        filters['domain'] = domain.strip().lower()
    found = []
    for item_type in item_types:
        check_item_type(item_type)
        for service in list_services(client, item_type, status=status_codes(status), account=account, filters=filters):
            # The panel is asked to filter; checked here as well, for panels that ignore a field.
            if all(_same(field, service[field], wanted) for field, wanted in filters.items()):
                form = read_edit_form(client, item_type, service['id']) if addons else None
                found.append(with_addons(service, addons_of_form(form) if addons else None))
    return found


# -- usage charges by statistics (billmgr_statdaily) ---------------------------------------

def statdaily(client, item, statdate, force=False, check_mode=False):
    """Charge one day of a service's usage (``service.statdaily``, admin); at most once per date unless ``force``.

    The panel refuses a second calculation for a date without ``force=on`` (an ``exists``
    error): that answer means the date is done, so the task is unchanged.
    """
    try:
        day = datetime.datetime.strptime(str(statdate), '%Y-%m-%d').date().isoformat()
    except ValueError:
        raise ValueError('statdate must be a date as YYYY-MM-DD; got %r' % (statdate,)) from None
    result = {'changed': True, 'item': int(item), 'statdate': day, 'force': bool(force)}
    if check_mode:
        if not force:
            result['msg'] = ('check mode cannot ask whether %s was already calculated for service %s; '
                             'a real run calculates it unless it was' % (day, item))
        return result
    params = {'item': int(item), 'statdate': day}
    if force:
        params['force'] = 'on'
    try:
        client.write('service.statdaily', params)
    except BillmgrError as err:
        if force or err.kind != 'exists':
            raise
        result.update({'changed': False, 'msg': 'statistics of service %s for %s were already calculated' % (item, day)})
        return result
    result['msg'] = 'statistics of service %s for %s %s' % (item, day, 'recalculated' if force else 'calculated')
    return result
