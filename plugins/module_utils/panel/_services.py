# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A BILLmanager *service* as the API has it: represent, list, find, order, edit, delete, the cart, waiting.

Private to this collection. Modules, the inventory plugin and the role all read services through
these functions, so a service has one shape everywhere: ``represent_service`` turns a list
element into a plain dict with typed values. Every rule that protects money on the write side
lives next to the request it guards.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._order_price import order_cost
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import as_list, int_or_none, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._client import DRAGON_HEADERS
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._columns import item_facts
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import (
    STATUS_ACTIVE,
    STATUS_DELETED,
    STATUS_SUSPENDED,
    addons_of_form,
    autoprolong_param,
    boolean_text,
    check_id,
    check_item_type,
    domain_text,
    identity_text,
    status_codes,
    with_addons,
)

# Item types whose services get an address when processing ends; others (platform, ...) may not.
TYPES_WITH_IP = ('vds', 'dedic', 'vhost')


def represent_service(item_type, elem):
    """A list element (or an edit form) as the plain, typed dict every module returns as ``service``."""
    service = item_facts(elem)
    service.update({
        'type': item_type,
        'name': text_of(elem.get('name')) or None,
        'domain': text_of(elem.get('domain')) or None,
        'datacenter': text_of(elem.get('datacentername') or elem.get('datacenter')) or None,
        'ostempl': text_of(elem.get('ostempl')) or None,
        'recipe': text_of(elem.get('recipe')) or None,
        'remoteid': text_of(elem.get('remoteid')) or None,
    })
    service['deletion'] = _deletion(service, elem)
    return service


def list_services(client, item_type, status=None, account=None, filters=None):
    """Every service of one type (all pages), optionally filtered, as represented dicts.

    ``status`` is one status code or a list of them. The panel filters by one status per
    request, so several statuses cost one listing without a status filter, filtered here.
    ``filter=on`` goes with every request, with exactly these fields: without it the panel applies
    the filter the user saved in the web interface (E5), which would silently hide services.
    """
    statuses = [status] if isinstance(status, int) else list(status or [])
    params = dict(filters or {})
    if account:
        params['account'] = account
    if len(statuses) == 1:
        params['status'] = statuses[0]
    params['filter'] = 'on'
    services = client.list(item_type, params, each=lambda elem: represent_service(item_type, elem))
    if statuses:
        services = [s for s in services if s['status'] in statuses]
    if account:
        # The panel matches the account's whole display name; keep only exact matches in case it does not filter.
        services = [s for s in services if s['account'] in (None, account)]
    return services


def find_service(client, item_type, service_id=None, remoteid=None, domain=None, account=None):
    """The one live (not deleted) service with this identity, or None.

    Identity is tried in the order id, remoteid, domain: the first one given decides. The
    panel is asked to filter, but the match is checked here too, so a panel that ignores a
    filter field still gives the right answer (only with more data). ``account`` limits the
    search to one client's services (for an administrator working for a client).
    """
    remoteid, domain = identity_text(remoteid), domain_text(domain)
    if service_id is not None:
        field, wanted = 'id', check_id(service_id)
    elif remoteid:
        field, wanted = 'remoteid', remoteid
    elif domain:
        field, wanted = 'domain', domain
    else:
        raise InputError('a service is found by id, remoteid or domain; none was given')
    found = [s for s in list_services(client, item_type, account=account, filters={field: wanted})
             if _same(field, s[field], wanted) and s['status'] != STATUS_DELETED]
    if len(found) > 1:
        raise InputError('%d %s services have %s %s (ids %s); use id to choose one'
                         % (len(found), item_type, field, wanted, ', '.join(str(s['id']) for s in found)))
    return found[0] if found else None


def find_services(client, item_type, field, values, account=None):
    """The live services whose ``field`` (id, remoteid or domain) is each of ``values``, in that order, from one listing.

    One value asks the panel to filter on it, several list the type once; the match is made here either way. A value no
    live service has, or more than one has, is an InputError naming them all: nothing has been written yet.
    """
    if field == 'id':
        wanted = [check_id(value) for value in values]
    else:
        read = identity_text if field == 'remoteid' else domain_text
        wanted = [read(value) for value in values]
        if not all(wanted):
            raise InputError('%s: an empty %s names no service' % (field, field))
    filters = {field: wanted[0]} if len(wanted) == 1 else None
    live = [s for s in list_services(client, item_type, account=account, filters=filters) if s['status'] != STATUS_DELETED]
    found, missing, twice = [], [], []
    for value in wanted:
        matches = [s for s in live if _same(field, s[field], value)]
        if len(matches) > 1:
            twice.append('%s (ids %s)' % (value, ', '.join(str(s['id']) for s in matches)))
        elif not matches:
            missing.append(str(value))
        elif matches[0] not in found:
            found.append(matches[0])
    if missing or twice:
        raise InputError('; '.join(filter(None, (
            'no %s service has %s %s' % (item_type, field, ', '.join(missing)) if missing else None,
            'several %s services have %s %s: use id to choose' % (item_type, field, '; '.join(twice)) if twice else None))))
    return found


def find_deleted(client, item_type, remoteid=None, domain=None):
    """The newest deleted service with this remoteid (or domain), or None: what find_service leaves out."""
    remoteid = identity_text(remoteid)
    field, wanted = ('remoteid', remoteid) if remoteid else ('domain', domain_text(domain) or '')
    deleted = [s for s in list_services(client, item_type, status=STATUS_DELETED, filters={field: wanted})
               if _same(field, s[field], wanted)]
    return max(deleted, key=lambda s: s['id'] or 0) if deleted else None


def _same(field, value, wanted):
    """Whether a listed value is the identity asked for, both read the one way (identity_text, domain_text)."""
    if field == 'domain':
        return domain_text(value) == domain_text(wanted)
    if field == 'remoteid':
        return identity_text(value) == identity_text(wanted)
    return value == wanted


# -- ordering, changing, deleting -----------------------------------------------------------

def order_func(item_type, api='v2'):
    return ('v2.%s.order.param' if api == 'v2' else '%s.order.param') % item_type


def order_request(item_type, order, api='v2', skipbasket=True, dragon=False, confirm=True):
    """The function, parameters and headers of an order; ``order`` holds resolved ids and values.

    BILLmanager 6 (``v2.TYPE.order.param``) calls the period ``order_period``, takes
    ``clicked_button=order`` (required there, E20) and auto-renewal only as a flag, ``on`` or
    ``off`` (E20): the months are set by ``TYPE.edit`` once the service exists; where the form
    offers months instead (``_autoprolong_flag`` false, BILLmanager 5), they are sent. The older form
    calls it ``period``, takes the months, and is confirmed with ``finish`` like real clients do
    (E5, E7, E15). Orders accept the tariff's offer (``licence_agreement=on``, E4, E5): a panel
    with a mandatory offer refuses them without it. Nobody is named as the buyer: an order is the
    session's user's (``_accounts.buyer``). The Dragon theme keeps its own cart, reached only with
    its client header and ``theme=dragon`` (seed 003).
    """
    v2 = api == 'v2'
    params = {
        'pricelist': order['pricelist'],
        'datacenter': order.get('datacenter'),
        ('order_period' if v2 else 'period'): order['period'],
        'domain': order.get('domain'),
        'remoteid': order.get('remoteid'),
        'ostempl': order.get('ostempl'),
        'recipe': order.get('recipe'),
    }
    if order.get('autoprolong') is not None:
        params['autoprolong'] = 'on' if v2 and order.get('_autoprolong_flag', True) else order['autoprolong']
    for addon_id, value in (order.get('addons') or {}).items():
        params['addon_%s' % addon_id] = value
    if skipbasket:
        params['skipbasket'] = 'on'
    headers = None
    if dragon:
        headers = dict(DRAGON_HEADERS)
        params['theme'] = 'dragon'
    if confirm:
        params.update(order_confirmation('order' if v2 else 'finish'))
        if v2:
            # The new cart and several services per order (E1, E4); one service per task.
            params.update({'force_use_new_cart': 'on', 'order_count': 1})
    return order_func(item_type, api), params, headers


def order_confirmation(button='finish', agreement=True):
    """What confirms an order: ``sok``, and where the panel shows its offer, the offer accepted (``licence_agreement``,
    E4, E5) and the button pressed (``order`` on the new order API, E20; ``finish`` elsewhere, E7, E15)."""
    params = {'sok': 'ok'}
    if agreement:
        params.update(licence_agreement='on', clicked_button=button)
    return params


def order_answer(doc):
    """What an order's answer says happened, as real panels give it.

    Paid at once: the new service as ``item.id`` (BILLmanager 6, E1) or ``id`` (licences, E7, E8),
    or nothing (BILLmanager 5, E12: the service is then found by its identity). Into a cart: the
    old cart's ``billorder.id`` (E6) or the new cart's ``lineitem.id`` (E4). ``answered`` names
    the field the id came from, for the task to report.
    """
    answer = {'service_id': None, 'billorder_id': None, 'lineitem_id': None, 'answered': None}
    for field, key in (('item.id', 'service_id'), ('id', 'service_id'), ('lineitem.id', 'lineitem_id'),
                       ('billorder.id', 'billorder_id')):
        values = as_list(doc.get(field))
        value = int_or_none(text_of(values[0])) if values else None
        if value is not None and answer[key] is None:
            answer[key] = value
            answer['answered'] = answer['answered'] or field
    return answer


def order_service(client, item_type, order, api='v2', skipbasket=True, dragon=False):
    """Place an order (one write) and return ``order_answer`` of what the panel answered."""
    func, params, headers = order_request(item_type, order, api, skipbasket, dragon)
    return order_answer(client.write(func, params, headers=headers))


def read_order_form(client, item_type, order, api='v2', dragon=False):
    """The order form for these choices, without ordering: the panel's price for them, and its lists."""
    func, params, headers = order_request(item_type, order, api, skipbasket=False, dragon=dragon, confirm=False)
    return client.read(func, params, headers=headers)


def read_edit_form(client, item_type, service_id):
    """``TYPE.edit`` without sok: the service's current values, add-ons included (addon_N)."""
    return client.read('%s.edit' % item_type, {'elid': service_id})


def read_edit_cost(client, item_type, service_id, changes):
    """What the panel says ``changes`` cost before they are made (an Amount), or None when its form shows no price.

    ``TYPE.edit`` with the new values and without sok shows the price as an order form does (``orderinfo``, real-panels
    §4.4, E5); nothing is changed by it.
    """
    params = dict(changes, elid=service_id)
    return order_cost(client.read('%s.edit' % item_type, params))


def edit_service(client, item_type, service_id, changes, skipbasket=True):
    """Apply changes (one write); the billorder id when the panel put a paid change into the cart instead, else None.

    ``changes`` uses the API's names; add-ons as ``addon_N``; autoprolong None = off. A change
    that costs money goes into the cart without ``skipbasket=on``, and the answer says so with
    ``billorder`` (E5; ``billorder.id`` in older answers): it is applied only once that is paid.
    """
    params = {'elid': service_id, 'sok': 'ok'}
    for key, value in changes.items():
        params[key] = autoprolong_param(value) if key == 'autoprolong' else value
    if skipbasket:
        params['skipbasket'] = 'on'
    doc = client.write('%s.edit' % item_type, params)
    billorder = doc.get('billorder') if doc.get('billorder') is not None else doc.get('billorder.id')
    if isinstance(billorder, dict) and 'id' in billorder:
        billorder = billorder['id']
    return int_or_none(text_of(billorder))


# A deletion in progress: status 5 with the compound code 5_close, "Deletion in progress" (real-panels-2 §13, E22).
CLOSING = '5_close'


def _deletion(service, elem):
    """``in progress`` (5_close), ``scheduled`` (``scheduledclose=on``: at the end of the paid period, E22) or None.

    A panel takes its time over a deletion: until it is done the service is still listed, and asking again would
    only send the deletion twice.
    """
    if service['item_status'] == CLOSING:
        return 'in progress'
    return 'scheduled' if boolean_text(text_of(elem.get('scheduledclose'))) == 'on' else None


def is_going(service):
    """Whether a deletion shows: the service is no longer listed, is deleted, or is being or scheduled to be deleted."""
    return service is None or service['status'] == STATUS_DELETED or service.get('deletion') is not None


def delete_service(client, item_type, service_id):
    return client.write('%s.delete' % item_type, {'elid': service_id, 'sok': 'ok'})


def is_ready(service):
    """Active, and with its address where the type gets one."""
    if service['status'] != STATUS_ACTIVE:
        return False
    return bool(service['ip']) or service['type'] not in TYPES_WITH_IP


def wait_until_ready(client, item_type, service_id, timeout, seen=None):
    """Poll the list (one request per poll, on the client's backoff) until the service is ready.

    ``seen`` is the service as just listed, if the caller has it: it stands for the first poll.
    Raises TaskError naming the service when it does not get there within ``timeout`` seconds,
    or when it can no longer get there (deleted, suspended).
    """
    last = {}
    fresh = [seen] if seen is not None else []
    started = client.clock()

    def ready():
        service = fresh.pop() if fresh else find_service(client, item_type, service_id=service_id)
        if service is not None and not is_ready(service):
            client.note_progress('%s service %d is %s, waiting up to %ss for it to be active%s' % (
                item_type, service_id, service['item_status'] or service['status_name'], timeout,
                '' if service['ip'] or service['type'] not in TYPES_WITH_IP else ' with an address'), started)
        if service is None:
            raise TaskError('%s service %d was deleted while waiting for it to become active' % (item_type, service_id),
                            changed=True, service=None)
        if service['status'] == STATUS_SUSPENDED:
            raise TaskError('%s service %d was suspended (%s) while waiting for it to become active'
                            % (item_type, service_id, service['item_status']), changed=True, service=service)
        last['service'] = service
        return service if is_ready(service) else None

    service = client.poll(ready, timeout)
    if service is None:
        raise TaskError(
            '%s service %d was ordered but is still %s after %ss; it is paid for, so do not order again: '
            'the next run finds it by its id, remoteid or domain and waits again' % (
                item_type, service_id, last['service']['status_name'] or 'not active', timeout),
            changed=True, service=last['service'])
    return service


# -- looking services up (billmgr_service_info) --------------------------------------------

def search_services(client, item_types, status=None, account=None, service_id=None, remoteid=None, domain=None, addons=False):
    """Services of several item types that match every filter given, in the ``service`` shape.

    One list request per item type (per page); with ``addons`` one edit-form read per service
    found, for its add-on values. Without ``status`` deleted services are left out: real plain lists
    show them (real-panels §5.5: E12's "old deleted namesakes", E23 skips item_status 4).
    """
    filters = {}
    if service_id is not None:
        filters['id'] = int(service_id)
    if identity_text(remoteid):
        filters['remoteid'] = identity_text(remoteid)
    if domain_text(domain):
        filters['domain'] = domain_text(domain)
    found = []
    for item_type in item_types:
        check_item_type(item_type)
        for service in list_services(client, item_type, status=status_codes(status), account=account, filters=filters):
            # The panel is asked to filter; checked here as well, for panels that ignore a field.
            if not status and service['status'] == STATUS_DELETED:
                continue
            if all(_same(field, service[field], wanted) for field, wanted in filters.items()):
                form = read_edit_form(client, item_type, service['id']) if addons else None
                found.append(with_addons(service, addons_of_form(form) if addons else None))
    return found
