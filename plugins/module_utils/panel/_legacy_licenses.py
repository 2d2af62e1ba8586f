# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Licenses through the ``software.*`` API of the old ISPsystem billing (my.ispsystem.com). Private to this collection.

The same interface as ``_licenses.CurrentLicenses`` (``LicenseBackend``), so ``LicenseTask`` drives both. The old API
knows no product list, so its price and period ids (from ISPsystem's own page) are kept here;
ids it does not know are passed through to the panel as they are. It answers ``<ok/>`` or
``<error/>`` in XML, which the shared client reads like JSON.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import int_or_none
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._licenses import (
    API_LEGACY,
    LicenseBackend,
    edit_license,
    filter_licenses,
    one_license,
    represent_license,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import order_confirmation
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import PERIOD_NAMES, period_label

# price id, product name, ((period id, name, months or None for trials and lifetime), ...)
LEGACY_PRICES = (
    (7, 'ISPmanager Lite (without support)', ((7, 'Trial (2 weeks)', None), (8, '1 month', 1), (9, 'life', None))),
    (11, 'ISPmanager Pro (without support)', ((15, 'Trial (2 weeks)', None), (16, '1 month', 1), (17, 'life', None))),
    (15, 'VDSmanager-Linux', ((24, 'Trial (2 weeks)', None), (25, '1 month', 1), (26, 'lifetime', None))),
    (884, 'VDSmanager-FreeBSD', ((534, 'Trial (2 weeks)', None), (535, '1 month', 1), (536, 'lifetime', None))),
    (432, 'BILLmanager Standard', ((246, 'Trial (2 weeks)', None), (380, '1 month', 1), (381, '1 year', 12))),
    (434, 'BILLmanager Advanced', ((247, 'Trial (2 weeks)', None), (382, '1 month', 1), (383, '1 year', 12))),
    (435, 'BILLmanager Corporate', ((248, 'Trial (2 weeks)', None), (384, '1 month', 1), (385, '1 year', 12))),
    (16, 'DSmanager', ((27, 'Trial (2 weeks)', None), (28, '1 month', 1), (29, '1 year', 12), (661, 'lifetime', None))),
    (17, 'DNSmanager', ((30, 'Trial (2 weeks)', None), (31, 'lifetime', None))),
    (18, 'IPmanager', ((32, 'Trial (2 weeks)', None), (33, 'lifetime', None))),
)


def legacy_product(pricelist, period=None, legacy_period=None):
    """The legacy price and period ids a task means: ``{'id', 'name', 'period', 'period_id'}``, or InputError."""
    text = str(pricelist).strip()
    if text.isdigit():
        found = [p for p in LEGACY_PRICES if p[0] == int(text)]
    else:
        found = [p for p in LEGACY_PRICES if p[1].lower() == text.lower()]
        if not found:
            # "ISPmanager Lite" for "ISPmanager Lite (without support)", when only one product reads so.
            found = [p for p in LEGACY_PRICES if p[1].split(' (', maxsplit=1)[0].lower() == text.lower()]
    if len(found) != 1:
        if text.isdigit() and legacy_period is not None:
            # A price the table does not know yet: the panel is the judge (the IP check asks it first).
            return {'id': int(text), 'name': text, 'period': None, 'period_id': legacy_period, 'addon_params': {}}
        raise InputError('pricelist: no legacy product %r; the old billing sells %s' % (
            pricelist, ', '.join('%s (%d)' % (p[1], p[0]) for p in LEGACY_PRICES)))
    price_id, name, periods = found[0]
    if legacy_period is not None:
        if legacy_period not in [p[0] for p in periods]:
            raise InputError('legacy_period: %s has no period %s; its periods are %s'
                             % (name, legacy_period, _period_names(periods)))
        months = [p[2] for p in periods if p[0] == legacy_period][0]
        return {'id': price_id, 'name': name, 'period': months, 'period_id': legacy_period, 'addon_params': {}}
    matching = [p for p in periods if p[2] == period]
    if not matching:
        raise InputError('period: %s is not sold for %s; choose one of its periods with legacy_period: %s'
                         % (name, period_label(period) if period in PERIOD_NAMES else '%s months' % period, _period_names(periods)))
    return {'id': price_id, 'name': name, 'period': period, 'period_id': matching[0][0], 'addon_params': {}}


def represent_legacy(elem):
    """A ``software`` list row in the shape of a current license: the old list says price and period by name."""
    return represent_license(dict(elem, pricelist=elem.get('price'), pricelist_id=elem.get('price_id')), API_LEGACY)


def _period_names(periods):
    return ', '.join('%d (%s)' % (p[0], p[1]) for p in periods)


class LegacyLicenses(LicenseBackend):
    """Licenses through the ``software.*`` functions of the old billing."""

    api = API_LEGACY
    # What software.edit with elid changes.
    editable = ('licname', 'ip')
    checkip_func = 'software.licinfo'

    def __init__(self, client, account=None, check_mode=False):
        if account:
            raise InputError('account: the legacy API acts for the logged-in account only')
        super(LegacyLicenses, self).__init__(client, check_mode=check_mode)

    # reads

    def list(self, **filters):
        licenses = [represent_legacy(elem) for elem in self.client.list('software')]
        return sorted(filter_licenses(licenses, **filters), key=lambda lic: lic['id'] or 0)

    def search(self, query):
        """Licenses for the info module; an expiry range is the panel's own ``software.filter``.

        The list obeys the filter saved for the user, so it is always set first: to the task's range,
        or cleared, so that no filter left in the web interface hides a license.
        """
        self.set_filter(expires=query.get('expires_after'), expiree=query.get('expires_before'))
        if not (query.get('expires_after') or query.get('expires_before')):
            return self.list(**query)
        try:
            return self.list(**query)
        finally:
            self.set_filter()

    def set_filter(self, expires=None, expiree=None):
        """``software.filter`` is saved for the user: blank values clear it."""
        self.client.write('software.filter', {'expires': expires or '', 'expiree': expiree or '', 'sok': 'ok'})

    def find_hidden(self, license_id=None, licname=None):
        """A license the list did not show: the list obeys a filter saved in the web interface, so clear it and look again.

        Clearing it is a write (of a view setting, not of a license), so check mode does not, and says so.
        """
        what = 'id %s' % license_id if license_id is not None else 'licname %r' % licname
        if self.check_mode:
            self.warnings.append('check mode: no license with %s is listed, but a list filter saved in the web interface '
                                 'may hide one; a real run clears that filter (software.filter) and looks again before ordering'
                                 % what)
            return None
        self.set_filter()
        return one_license(self.list(license_id=license_id, licname=licname), what)

    def key(self, license_id):
        raise InputError('the legacy API does not give out license keys')

    # ordering

    def product(self, request, to_order=True):
        return legacy_product(request.pricelist, request.period, request.legacy_period)

    def checkip_params(self, product, ip):
        return {'price': product['id'], 'period': product['period_id'], 'ip': ip, 'sok': 'ok'}

    def order(self, product, request):
        # The old billing shows no offer to accept: sok alone confirms its order.
        params = {'price': product['id'], 'period': product['period_id'], 'licname': request.licname, 'ip': request.ip}
        params.update(order_confirmation(agreement=False))
        doc = self.client.write('software.edit', params)
        return {'id': int_or_none(doc.get('id') or doc.get('elid'))}

    def check_cart(self):
        """The old billing has no cart: an order is paid at once."""

    # changes

    def edit(self, license_, changes):
        params = {'elid': license_['id'], 'sok': 'ok'}
        params.update((name, changes[name]) for name in ('licname', 'ip') if name in changes)
        edit_license(self.client, 'software.edit', params, license_, changes)

    def renewal(self, license_, request):
        """The old billing renews with ``software.period`` and its own period ids."""
        product = legacy_product(license_['pricelist_id'] or license_['pricelist'], request.period, request.legacy_period)
        return 'software.period', {'elid': license_['id'], 'period': product['period_id'], 'sok': 'ok'}
