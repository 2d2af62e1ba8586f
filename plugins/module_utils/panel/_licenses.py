# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""An ISPsystem software license as the API has it. Private to this collection.

``LicenseBackend`` is what both license APIs offer ``LicenseTask``; ``CurrentLicenses`` speaks
BILLmanager's ``soft.*`` functions (reselling ISPsystem licenses), ``LegacyLicenses``
(_legacy_licenses.py) the ``software.*`` functions of the old billing at my.ispsystem.com. A
license is always the same plain dict (``represent_license``), in every module's result.
"""

from __future__ import annotations

import re

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._catalog import Catalog
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import int_or_none, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._cart import cart_lines, refuse_second_order
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._prolong_form import prolong_request
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import order_answer, order_confirmation
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._columns import autoprolong_months_of, item_facts
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import (
    STATUS_DELETED,
    STATUS_ORDERED,
    addon_key,
    autoprolong_param,
    date_or_text,
    identity_text,
)

API_CURRENT = 'current'
API_LEGACY = 'legacy'

_YEARS = re.compile(r'year', re.IGNORECASE)


# -- what a license is ---------------------------------------------------------------------

def period_months(value):
    """Months of a period the panel writes as ``12``, ``1 month`` or ``1 year``."""
    number = int_or_none(value)
    if number is None:
        return None
    return number * 12 if _YEARS.search(text_of(value)) else number


def represent_license(elem, api=API_CURRENT):
    """A list element as the plain, typed dict every license module returns.

    It never holds the license key (the list has none): the key is a secret, added as ``lickey``
    only when the task asks for it.
    """
    license_ = item_facts(elem)
    license_.update({
        'api': api,
        'licname': text_of(elem.get('licname')) or None,
        'period': period_months(elem.get('period')),
        'ipchange': date_or_text(elem.get('real_ipchange')),
        'keychange': date_or_text(elem.get('real_keychange')),
    })
    return license_


def filter_licenses(licenses, license_id=None, licname=None, ip=None, status=None, expires_after=None, expires_before=None):
    """Licenses matching every given condition (dates inclusive, ISO strings compare as dates)."""
    statuses = None
    if status is not None:
        statuses = [status] if isinstance(status, int) else list(status)
    found = []
    for license_ in licenses:
        if license_id is not None and license_['id'] != int(license_id):
            continue
        if licname is not None and identity_text(license_['licname']) != identity_text(licname):
            continue
        if ip is not None and license_['ip'] != ip:
            continue
        if statuses is not None and license_['status'] not in statuses:
            continue
        if expires_after and not (license_['expiredate'] and license_['expiredate'] >= expires_after):
            continue
        if expires_before and not (license_['expiredate'] and license_['expiredate'] <= expires_before):
            continue
        found.append(license_)
    return found


def one_license(candidates, what):
    """The single live license among candidates, None when there is none, InputError when ambiguous."""
    live = [c for c in candidates if c['status'] != STATUS_DELETED]
    if len(live) > 1:
        raise InputError('%d licenses match %s (ids %s); use id to choose one'
                         % (len(live), what, ', '.join(str(c['id']) for c in live)))
    return live[0] if live else None


def ip_rule_error(err, license_, ip):
    """A refused IP change as a failure that names the once-a-month rule when that is the reason, keeping the API's words."""
    words = (err.message or '').lower()
    if 'month' in words:
        message = ('license %s: the IP address was not changed to %s: ISPsystem lets a license change its IP address '
                   'only once per calendar month. BILLmanager said: %s' % (license_['id'], ip, err.message))
    else:
        message = 'license %s: the IP address was not changed to %s: %s' % (license_['id'], ip, err.message)
        if license_.get('ipchange'):
            message += (' (its IP address last changed in %s; ISPsystem allows one change per calendar month)'
                        % license_['ipchange'])
    return err.explained(message)


def edit_license(client, func, params, license_, changes):
    """One edit of a license; a refused IP change says why in words a person can act on."""
    try:
        client.write(func, params)
    except BillmgrError as err:
        if 'ip' in changes and err.is_api_error:
            raise ip_rule_error(err, license_, changes['ip']) from None
        raise


# -- one interface, two APIs ---------------------------------------------------------------

class LicenseBackend(object):
    """What LicenseTask asks of a license API. ``can_*`` say which actions the API has; ``editable`` what its edit changes."""

    api = None
    can_suspend = can_resume = can_delete = can_regenerate_key = can_read_key = can_autoprolong = False
    editable = ()
    # The function that asks the panel whether an address can be licensed, and how it names the product and period.
    checkip_func = None

    def __init__(self, client, account=None, check_mode=False):
        self.client = client
        # Orders go out on the buyer's connection: the client's own session when an administrator acts for it.
        self.buyer = client
        self.account = account
        self.check_mode = check_mode
        self.warnings = []

    def checkip_params(self, product, ip):
        raise NotImplementedError

    def check_ip(self, product, ip):
        """The panel's word on licensing ``ip`` for ``product``, before anything is ordered."""
        try:
            self.client.read(self.checkip_func, self.checkip_params(product, ip))
        except BillmgrError as err:
            if not err.is_api_error:
                raise
            raise err.explained('a %s license cannot be ordered for %s, nothing was ordered or paid: %s'
                                % (product['name'], ip, err.message)) from None

    def find(self, license_id=None, licname=None):
        what = 'id %s' % license_id if license_id is not None else 'licname %r' % licname
        return one_license(self.list(license_id=license_id, licname=licname), what)

    def get(self, license_id):
        return one_license(self.list(license_id=license_id), 'id %s' % license_id)

    def autoprolong_of(self, license_):
        """The license's auto-renewal in months (None off), where the list shows only a label: an API without an edit
        form to read keeps the label, which no months equal, so a change is refused, never sent on every run."""
        return license_['autoprolong']

    def find_hidden(self, license_id=None, licname=None):
        """A license the list did not show although it exists; None where no list filter can hide one."""
        return None

    def planned(self, product, request):
        """The license an order would create, as far as it is known before ordering (check mode, the cart)."""
        license_ = dict((key, None) for key in represent_license({}))
        license_.update({
            'api': self.api, 'licname': request.licname, 'ip': request.ip, 'pricelist': product['name'],
            'pricelist_id': product['id'], 'period': product['period'], 'account': self.account,
            'autoprolong': request.autoprolong if self.can_autoprolong else None,
        })
        return license_


class CurrentLicenses(LicenseBackend):
    """Licenses through BILLmanager's ``soft.*`` functions."""

    api = API_CURRENT
    can_suspend = True
    can_resume = True
    can_delete = True
    can_regenerate_key = True
    can_read_key = True
    can_autoprolong = True
    # What soft.edit changes on an existing license.
    editable = ('licname', 'ip', 'autoprolong')

    checkip_func = 'soft.checkip'

    # reads

    def list(self, **filters):
        """Licenses, filtered by the panel where it can (id, licname, ip, one status).

        ``filter=on`` is always sent: it makes the panel use these fields instead of a filter the
        user may have saved with ``soft.filter`` in the web interface.
        """
        params = {'filter': 'on', 'account': self.account}
        for name, field in (('license_id', 'id'), ('licname', 'licname'), ('ip', 'ip')):
            if filters.get(name) is not None:
                params[field] = filters[name]
        status = filters.get('status')
        statuses = [status] if isinstance(status, int) else list(status or [])
        elems = []
        # The panel filters by one status at a time and hides deleted licenses unless asked for them.
        for one in statuses or [None]:
            elems.extend(self.client.list('soft', dict(params, status=one) if one is not None else params))
        # A panel that ignores the status filter answers the same license once per status asked.
        licenses = list(dict((lic['id'], lic) for lic in (represent_license(elem, self.api) for elem in elems)).values())
        if self.account:
            licenses = [lic for lic in licenses if lic['account'] in (None, self.account)]
        return sorted(filter_licenses(licenses, **filters), key=lambda lic: lic['id'] or 0)

    def search(self, query):
        return self.list(**query)

    def autoprolong_of(self, license_):
        """The months of auto-renewal: the list's when it gives months, else soft.edit's (real-panels-2 §9.3: a label)."""
        return autoprolong_months_of(license_['autoprolong'], lambda: self.client.read('soft.edit', {'elid': license_['id']}),
                                     'license %s' % license_['id'])

    def key(self, license_id):
        """The license key from the edit form; empty until the license has been issued."""
        form = self.client.read('soft.edit', {'elid': license_id})
        return text_of(form.get('lickey')).strip()

    # ordering

    def product(self, request, to_order=True):
        """The product to order (or, not ``to_order``, the one a license has), from the panel's price list."""
        catalog = Catalog.read(self.client, 'soft')
        tariff = catalog.tariff(request.pricelist, 'soft', to_order=to_order)
        catalog.check_period(tariff, request.period)
        catalog.check_autoprolong(tariff, request.autoprolong)
        # Add-ons by name ("Nodes") or id; "addon_3049" is how the API spells the field, so it is accepted too.
        addons = dict((addon_key(key), value) for key, value in request.addons.items())
        addon_params = dict(('addon_%s' % key, value) for key, value in catalog.addons(tariff, addons).items())
        return {'id': tariff['id'], 'name': tariff['name'], 'period': request.period, 'addon_params': addon_params}

    def checkip_params(self, product, ip):
        return {'pricelist': product['id'], 'period': product['period'], 'ip': ip}

    def check_renews(self, license_, months):
        """Auto-renewal for months the license's product renews for, from the price list (one read, only for a change)."""
        catalog = Catalog.read(self.client, 'soft')
        catalog.check_autoprolong(catalog.tariff(license_['pricelist_id'] or license_['pricelist'], 'soft'), months)

    def order(self, product, request):
        """Order and pay; the new license's id (None when the order went to the cart)."""
        params = {
            'pricelist': product['id'],
            'period': product['period'],
            'ip': request.ip,
            'licname': request.licname,
        }
        params.update(order_confirmation())
        if request.manage_autoprolong:
            params['autoprolong'] = autoprolong_param(request.autoprolong)
        if request.skipbasket:
            params['skipbasket'] = 'on'
        params.update(product['addon_params'])
        answer = order_answer(self.buyer.write('soft.order.param', params))
        return {'id': answer['service_id'], 'billorder_id': answer['billorder_id'], 'lineitem_id': answer['lineitem_id']}

    def check_cart(self):
        refuse_second_order(cart_lines(self.buyer), 'soft', 'license', self._ordered_ids)

    def _ordered_ids(self):
        """Licenses in status "ordered": what an old-cart line of a new order points at (E5)."""
        return [lic['id'] for lic in self.list(status=STATUS_ORDERED)]

    # changes

    def edit(self, license_, changes):
        params = {'elid': license_['id'], 'sok': 'ok'}
        if 'licname' in changes:
            params['licname'] = changes['licname']
        if 'ip' in changes:
            params['ip'] = changes['ip']
        if 'autoprolong' in changes:
            params['autoprolong'] = autoprolong_param(changes['autoprolong'])
        edit_license(self.client, 'soft.edit', params, license_, changes)

    def suspend(self, license_):
        self.client.write('soft.suspend', {'elid': license_['id']})

    def resume(self, license_):
        self.client.write('soft.resume', {'elid': license_['id']})

    def delete(self, license_):
        self.client.write('soft.delete', {'elid': license_['id'], 'sok': 'ok'})

    def new_key(self, license_):
        """Issue a new key; the new key (or '' when the answer does not carry it)."""
        doc = self.client.write('soft.edit', {'elid': license_['id'], 'clicked_button': 'newkey', 'sok': 'ok'})
        return text_of(doc.get('lickey')).strip()

    def renewal(self, license_, request):
        """The renewal's (func, params): the one ``service.prolong`` every service renews with."""
        return prolong_request(license_['id'], request.period, request.skipbasket)
