# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ISPsystem software licenses: what a license is, and everything the modules do with one.

Two backends offer one interface:

- ``CurrentLicenses`` speaks BILLmanager's ``soft.*`` functions (reselling ISPsystem licenses);
- ``LegacyLicenses`` (legacy_licenses.py) speaks the ``software.*`` functions of the old billing at
  my.ispsystem.com.

``LicenseTask`` makes the decisions of the ``billmgr_license`` module (order, edit, resume,
suspend, delete, new key, renew, wait) once, for both backends. A license is always the same
plain dict (``represent_license``), in the module's result and in the info module's list.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
import time

from ansible_collections.ispsystem.billmgr.plugins.module_utils.api import BillmgrError, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.catalog import Catalog
from ansible_collections.ispsystem.billmgr.plugins.module_utils.module import diff_of, error_facts
from ansible_collections.ispsystem.billmgr.plugins.module_utils.services import (
    STATUS_ACTIVE,
    STATUS_DELETED,
    STATUS_NAMES,
    STATUS_ORDERED,
    STATUS_PROCESSING,
    STATUS_SUSPENDED,
    ServiceFailure,
    autoprolong_months,
    int_or_none,
    iso_date,
    refuse_second_cart_order,
    require_admin_for_account,
    service_status,
)

API_CURRENT = 'current'
API_LEGACY = 'legacy'
PERIODS = (1, 12)
AUTOPROLONG_PERIODS = (1, 12)
STATUS_CHOICES = dict((name, code) for code, name in STATUS_NAMES.items())

# After an order whose answer was lost, look for the license this many times, this far apart.
RECONCILE_ATTEMPTS = 5
RECONCILE_DELAY = 2.0
# Polling for the key starts fast (licenses are usually issued in seconds) and slows down.
WAIT_FIRST_DELAY = 1.0
WAIT_MAX_DELAY = 10.0

_ADDON_FIELD = re.compile(r'^addon_(?=\d+$)')
_YEARS = re.compile(r'year', re.IGNORECASE)


# -- input --------------------------------------------------------------------------------

def normalise_ip(value, option='ip'):
    """The address in its canonical text, or ValueError naming the option."""
    if value is None:
        return None
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        raise ValueError('%s: %r is not an IP address' % (option, value)) from None


def normalise_autoprolong(value):
    """None (not managed), 0 (off) or the auto-renewal period in months.

    YAML turns a bare ``off`` into false, so false, 0, ``off``, ``null`` and ``no`` all mean off.
    """
    if value is None:
        return None
    if value is False or str(value).strip().lower() in ('off', 'null', 'no', 'false', '0', 'none'):
        return 0
    months = int_or_none(str(value))
    if months in AUTOPROLONG_PERIODS and str(value).strip() == str(months):
        return months
    raise ValueError('autoprolong: %s is not one of 1, 12 or off' % (value,))


def iso_date_option(value, option):
    if value is None:
        return None
    text = str(value).strip()
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError('%s: %r is not a date in the form YYYY-MM-DD' % (option, value)) from None


class LicenseRequest(object):
    """What a billmgr_license task asks for, checked before any request is sent."""

    def __init__(self, params):
        self.api = params.get('api') or API_CURRENT
        self.account = params.get('account')
        self.state = params.get('state') or 'present'
        self.id = params.get('id')
        self.licname = params.get('licname')
        self.pricelist = params.get('pricelist')
        self.ip = normalise_ip(params.get('ip'))
        self.period = params.get('period') or 1
        self.legacy_period = params.get('legacy_period')
        self.autoprolong = normalise_autoprolong(params.get('autoprolong'))
        self.addons = dict(params.get('addons') or {})
        self.skipbasket = params.get('skipbasket', True)
        self.regenerate_key = bool(params.get('regenerate_key'))
        self.renew = bool(params.get('renew'))
        self.return_key = bool(params.get('return_key'))
        self.wait = params.get('wait', True)
        self.wait_timeout = params.get('wait_timeout') or 0
        if self.id is None and not self.licname:
            raise ValueError('a license is found by id or licname; give one of them')
        if self.period not in PERIODS:
            raise ValueError('period: %r is not one of 1 or 12 (months)' % (self.period,))
        if self.licname is not None and not self.licname.strip():
            raise ValueError('licname: an empty name cannot identify a license')
        if self.wait_timeout < 0:
            raise ValueError('wait_timeout: %d is negative' % self.wait_timeout)
        if self.state != 'present' and (self.regenerate_key or self.renew):
            raise ValueError('regenerate_key and renew need state=present')
        if self.api == API_CURRENT and self.legacy_period is not None:
            raise ValueError('legacy_period is an option of api=legacy; the current API takes period (1 or 12)')
        if self.api == API_LEGACY:
            unsupported = [name for name, given in (
                ('state=%s' % self.state, self.state != 'present'), ('regenerate_key', self.regenerate_key),
                ('return_key', self.return_key), ('addons', self.addons), ('autoprolong', self.autoprolong is not None),
                ('account', self.account),
                # The old billing has no cart: an order is paid at once, which a task asking for the cart did not want.
                ('skipbasket=false', not self.skipbasket)) if given]
            if unsupported:
                raise ValueError('%s: not available with api=legacy (the old billing\'s software.* functions cannot do it)'
                                 % ', '.join(unsupported))


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
    status = service_status(elem)
    item_status = elem.get('item_status')
    status_name = STATUS_NAMES.get(status)
    if status_name is None and isinstance(item_status, dict) and item_status.get('text'):
        status_name = item_status['text'].lower()
    return {
        'id': int_or_none(elem.get('id') or elem.get('elid')),
        'api': api,
        'licname': text_of(elem.get('licname')) or None,
        'ip': text_of(elem.get('ip')) or None,
        'pricelist': text_of(elem.get('pricelist')) or None,
        'pricelist_id': int_or_none(elem.get('pricelist_id')),
        'period': period_months(elem.get('period')),
        'account': text_of(elem.get('account')) or None,
        'createdate': iso_date(elem.get('createdate')),
        'expiredate': iso_date(elem.get('expiredate') or elem.get('real_expiredate')),
        'autoprolong': autoprolong_months(elem.get('autoprolong')),
        'status': status,
        'status_name': status_name,
        'item_status': item_status.get('orig') if isinstance(item_status, dict) else (text_of(item_status) or None),
        'cost': text_of(elem.get('cost')) or None,
        'ipchange': _date_or_text(elem.get('real_ipchange')),
        'keychange': _date_or_text(elem.get('real_keychange')),
    }


def _date_or_text(value):
    text = text_of(value).strip()
    return iso_date(text) or text or None


def filter_licenses(licenses, license_id=None, licname=None, ip=None, status=None, expires_after=None, expires_before=None):
    """Licenses matching every given condition (dates inclusive, ISO strings compare as dates)."""
    statuses = None
    if status is not None:
        statuses = [status] if isinstance(status, int) else list(status)
    found = []
    for license_ in licenses:
        if license_id is not None and license_['id'] != int(license_id):
            continue
        if licname is not None and license_['licname'] != licname:
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
    """The single live license among candidates, None when there is none, ValueError when ambiguous."""
    live = [c for c in candidates if c['status'] != STATUS_DELETED]
    if len(live) > 1:
        raise ValueError('%d licenses match %s (ids %s); use id to choose one'
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
    return BillmgrError(err.kind, message, obj=err.obj, func=err.func, detail=err.detail, value=err.value)


# -- the current API: soft.* ---------------------------------------------------------------

class CurrentLicenses(object):
    """Licenses through BILLmanager's ``soft.*`` functions."""

    api = API_CURRENT
    can_suspend = True
    can_resume = True
    can_delete = True
    can_regenerate_key = True
    can_read_key = True
    # What soft.edit changes on an existing license.
    editable = ('licname', 'ip', 'autoprolong')

    def __init__(self, client, account=None, check_mode=False):
        self.client = client
        # An administrator acts for a client account: it names the account in lists and orders.
        self.account = account
        self.warnings = []

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
        licenses = [represent_license(elem, self.api) for elem in elems]
        if self.account:
            licenses = [lic for lic in licenses if lic['account'] in (None, self.account)]
        return sorted(filter_licenses(licenses, **filters), key=lambda lic: lic['id'] or 0)

    def search(self, query):
        return self.list(**query)

    def find(self, license_id=None, licname=None):
        if license_id is not None:
            return one_license(self.list(license_id=license_id), 'id %s' % license_id)
        return one_license(self.list(licname=licname), 'licname %r' % licname)

    def find_hidden(self, license_id=None, licname=None):
        """A license the list did not show: with filter=on no saved filter hides one, so there is none."""
        return None

    def get(self, license_id):
        return self.find(license_id=license_id)

    def key(self, license_id):
        """The license key from the edit form; empty until the license has been issued."""
        form = self.client.read('soft.edit', {'elid': license_id})
        return text_of(form.get('lickey')).strip()

    # ordering

    def product(self, request):
        """The product to order, from the panel's price list: tariff id, name, period and add-on fields."""
        catalog = Catalog.read(self.client, 'soft')
        tariff = catalog.tariff(request.pricelist, 'soft')
        catalog.check_period(tariff, request.period)
        # Add-ons by name ("Nodes") or id; "addon_3049" is how the API spells the field, so it is accepted too.
        addons = dict((_ADDON_FIELD.sub('', str(key).strip()), value) for key, value in request.addons.items())
        addon_params = dict(('addon_%s' % key, value) for key, value in catalog.addons(tariff, addons).items())
        return {'id': tariff['id'], 'name': tariff['name'], 'period': request.period, 'addon_params': addon_params}

    def check_ip(self, product, ip):
        try:
            self.client.read('soft.checkip', {'pricelist': product['id'], 'period': product['period'], 'ip': ip})
        except BillmgrError as err:
            if not err.is_api_error:
                raise
            raise BillmgrError(err.kind, 'a %s license cannot be ordered for %s, nothing was ordered or paid: %s'
                               % (product['name'], ip, err.message), obj=err.obj, func=err.func, value=err.value) from None

    def order(self, product, request):
        """Order and pay; the new license's id (None when the order went to the cart)."""
        params = {
            'pricelist': product['id'],
            'period': product['period'],
            'ip': request.ip,
            'licname': request.licname,
            'clicked_button': 'finish',
            'account': self.account,
            'sok': 'ok',
        }
        if request.autoprolong is not None:
            params['autoprolong'] = request.autoprolong or 'null'
        if request.skipbasket:
            params['skipbasket'] = 'on'
        params.update(product['addon_params'])
        doc = self.client.write('soft.order.param', params)
        return {'id': int_or_none(doc.get('id')), 'billorder_id': int_or_none(doc.get('billorder.id'))}

    def check_cart(self):
        refuse_second_cart_order(self.client, 'soft', 'license')

    def planned(self, product, request):
        """The license an order would create, as far as it is known before ordering (check mode)."""
        return {
            'id': None, 'api': self.api, 'licname': request.licname, 'ip': request.ip, 'pricelist': product['name'],
            'pricelist_id': product['id'], 'period': product['period'], 'account': self.account, 'createdate': None,
            'expiredate': None, 'autoprolong': request.autoprolong or None, 'status': None, 'status_name': None,
            'item_status': None, 'cost': None, 'ipchange': None, 'keychange': None,
        }

    # changes

    def edit(self, license_, changes):
        params = {'elid': license_['id'], 'sok': 'ok'}
        if 'licname' in changes:
            params['licname'] = changes['licname']
        if 'ip' in changes:
            params['ip'] = changes['ip']
        if 'autoprolong' in changes:
            params['autoprolong'] = changes['autoprolong'] or 'null'
        try:
            self.client.write('soft.edit', params)
        except BillmgrError as err:
            if 'ip' in changes and err.is_api_error:
                raise ip_rule_error(err, license_, changes['ip']) from None
            raise

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

    def renew(self, license_, request):
        params = {'elid': license_['id'], 'period': request.period, 'sok': 'ok'}
        if request.skipbasket:
            params['skipbasket'] = 'on'
        self.client.write('service.prolong', params)


# -- the decisions of billmgr_license ------------------------------------------------------

class LicenseTask(object):
    """One billmgr_license task: find the license, then do what ``request`` asks, or say what it would do."""

    def __init__(self, backend, request, check_mode=False, diff=False, secret=None, sleep=time.sleep, clock=time.monotonic):
        self.backend = backend
        self.want = request
        self.check_mode = check_mode
        self.diff = diff
        self.secret = secret or (lambda value: None)
        self.sleep = sleep
        self.clock = clock
        self.changed = False
        self.key = None
        self.extra = {}

    def run(self):
        identity = dict(license_id=self.want.id, licname=self.want.licname if self.want.id is None else None)
        before = self.backend.find(**identity)
        product = None
        if before is None and self.want.state != 'absent':
            # What cannot be ordered is refused before the old billing's saved list filter is reset (a write).
            product = self._product_to_order()
            before = self.backend.find_hidden(**identity)
        if self.want.state == 'absent':
            after = self.absent(before)
        elif before is None:
            after = self.order(product)
        else:
            after = self.update(before)
        result = dict(self.extra, changed=self.changed, license=after)
        if self.backend.warnings:
            result['warnings'] = list(self.backend.warnings)
        if self.diff:
            result['diff'] = diff_of(_without_key(before), _without_key(after))
        return result

    # state=absent

    def absent(self, before):
        if before is None:
            return {}
        self._refuse_unless(self.backend.can_delete, 'state=absent')
        self.changed = True
        if not self.check_mode:
            self.backend.delete(before)
        return {}

    # no license yet

    def _product_to_order(self):
        """The product a new license would be, when the task names one (an unknown product is bad input, found or not)."""
        if self.want.pricelist and self.want.id is None and self.want.state == 'present':
            return self.backend.product(self.want)
        return None

    def order(self, product=None):
        want = self.want
        if want.id is not None:
            raise ValueError('there is no license with id %s; to order a new license give licname, not id' % want.id)
        if want.state == 'suspended':
            raise ValueError('there is no license named %r to suspend; order it with state=present first' % want.licname)
        missing = [name for name in ('pricelist', 'ip') if not getattr(want, name)]
        if missing:
            raise ValueError('there is no license named %r; to order one, give %s' % (want.licname, ' and '.join(missing)))
        if getattr(want, 'account', None):
            require_admin_for_account(self.backend.client, want.account)
        product = product or self.backend.product(want)
        self.backend.check_ip(product, want.ip)
        if not want.skipbasket:
            self.backend.check_cart()
        self.changed = True
        if self.check_mode:
            return self.backend.planned(product, want)
        order = self._order_once(product)
        if order['id'] is None and order.get('billorder_id') is not None:
            # In the cart: nothing exists until the cart is paid in the panel.
            self.extra['billorder_id'] = order['billorder_id']
            return self.backend.planned(product, want)
        license_ = self._reread(order['id'])
        if want.wait and self.backend.can_read_key and license_['status'] != STATUS_ORDERED:
            license_ = self.wait_for_key(license_)
        return self._finish(license_)

    def _order_once(self, product):
        """Order, and when the answer was lost, look whether the order went through instead of ordering again."""
        try:
            return self.backend.order(product, self.want)
        except BillmgrError as err:
            if not err.outcome_unknown:
                raise
            for attempt in range(RECONCILE_ATTEMPTS):
                if attempt:
                    self.sleep(RECONCILE_DELAY)
                found = self.backend.find(licname=self.want.licname)
                if found is not None:
                    return {'id': found['id']}
            raise BillmgrError(err.kind, '%s. The order may or may not have been placed: no license named %r appeared in '
                               '%d looks over %ds. Look in the panel before running this task again.'
                               % (err.message, self.want.licname, RECONCILE_ATTEMPTS, (RECONCILE_ATTEMPTS - 1) * RECONCILE_DELAY),
                               obj=err.obj, func=err.func, outcome_unknown=True) from None

    def _reread(self, license_id):
        license_ = self.backend.get(license_id) if license_id is not None else None
        if license_ is None:
            license_ = self.backend.find(licname=self.want.licname)
        if license_ is None:
            raise BillmgrError('missed', 'the order of license %r was accepted, but the license is not in the list'
                               % self.want.licname, obj='licname')
        return license_

    # a license exists

    def update(self, before):
        want = self.want
        self._check_product(before)
        # Everything that can be refused without asking the panel is refused before the first write.
        changes = self._changes(before)
        renew = bool(want.renew)
        revived_by_renewal = renew and before['item_status'] == '3_autosuspend'
        resume = want.state == 'present' and before['status'] == STATUS_SUSPENDED and not revived_by_renewal
        suspend = want.state == 'suspended' and before['status'] != STATUS_SUSPENDED
        if resume:
            self._refuse_unless(self.backend.can_resume, 'resuming suspended license %s (state=present)' % before['id'])
        if suspend:
            self._refuse_unless(self.backend.can_suspend, 'state=suspended')
        if want.regenerate_key:
            self._refuse_unless(self.backend.can_regenerate_key, 'regenerate_key')
        current = dict(before)
        done = []
        try:
            # Free changes first: the panel may refuse one (an address changed once a month), and that
            # must happen before a renewal is paid, not after it.
            if changes:
                self._act(self.backend.edit, current, changes)
                current.update(changes)
                if 'autoprolong' in changes:
                    current['autoprolong'] = changes['autoprolong'] or None
                done.append('changed %s' % ', '.join(sorted(changes)))
            if renew:
                self._act(self.backend.renew, current, want)
                done.append('renewed (paid)')
                if revived_by_renewal:
                    # A license suspended because it expired comes back when it is renewed; it cannot be resumed before.
                    current.update(status=STATUS_ACTIVE, status_name=STATUS_NAMES[STATUS_ACTIVE], item_status=str(STATUS_ACTIVE))
            if resume:
                self._act(self.backend.resume, current)
                current.update(status=STATUS_ACTIVE, status_name=STATUS_NAMES[STATUS_ACTIVE])
                done.append('resumed')
            if suspend:
                self._act(self.backend.suspend, current)
                current.update(status=STATUS_SUSPENDED, status_name=STATUS_NAMES[STATUS_SUSPENDED])
                done.append('suspended')
            if want.regenerate_key:
                self.changed = True
                if not self.check_mode:
                    self.key = self.backend.new_key(current) or None
                    self._keep_secret(self.key)
        except BillmgrError as err:
            if not done or self.check_mode:
                raise
            # Part of the task is done (and may be paid for): the failure must say so, and report changed.
            raise ServiceFailure('%s; before that, this task had already %s license %s'
                                 % (err, ' and '.join(done), before['id']),
                                 changed=True, license=_without_key(current), error=error_facts(err)) from None
        if self.check_mode:
            return current
        if self.changed:
            current = self.backend.get(before['id']) or current
        if want.wait and self.backend.can_read_key and current['status'] == STATUS_PROCESSING:
            current = self.wait_for_key(current)
        return self._finish(current)

    def _changes(self, before):
        want = self.want
        editable = self.backend.editable
        changes = {}
        if want.id is not None and want.licname and want.licname != before['licname']:
            changes['licname'] = want.licname
        if want.ip and want.ip != before['ip']:
            changes['ip'] = want.ip
        if want.autoprolong is not None and (want.autoprolong or None) != before['autoprolong']:
            changes['autoprolong'] = want.autoprolong
        for name in changes:
            if name not in editable:
                raise ValueError('license %s: %s cannot be changed through the %s API (it is %r, the task wants %r)'
                                 % (before['id'], name, self.backend.api, before[name], changes[name]))
        return changes

    def _check_product(self, before):
        """A task naming another product than the license has is a mistake, not a wish to switch products."""
        wanted = self.want.pricelist
        if not wanted:
            return
        text = str(wanted).strip()
        if text.isdigit() and before['pricelist_id'] is not None:
            same = int(text) == before['pricelist_id']
        elif before['pricelist'] and text.lower() == before['pricelist'].lower():
            same = True
        else:
            # Another spelling of the same product, or another product: the price list tells.
            product = self.backend.product(self.want)
            same = product['id'] == before['pricelist_id'] or (product['name'] or '').lower() == (before['pricelist'] or '').lower()
        if not same:
            raise ValueError('license %s is for %s, not %s; this module does not move a license to another product'
                             % (before['id'], before['pricelist'] or before['pricelist_id'], wanted))

    # waiting for the key

    def wait_for_key(self, license_):
        """Poll the edit form until the license has a key, or fail after wait_timeout seconds."""
        deadline = self.clock() + self.want.wait_timeout
        delay = WAIT_FIRST_DELAY
        while True:
            key = self.backend.key(license_['id'])
            if key:
                self.key = key
                self._keep_secret(key)
                if license_['status'] == STATUS_PROCESSING:
                    license_ = self.backend.get(license_['id']) or license_
                return license_
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise BillmgrError('timeout', 'license %s (%s) has no key after %ds; it is %s. Raise wait_timeout, '
                                   'or set wait=false and look again later'
                                   % (license_['id'], license_['licname'], self.want.wait_timeout, license_['status_name']),
                                   obj='lickey')
            self.sleep(min(delay, remaining))
            delay = min(delay * 2, WAIT_MAX_DELAY)

    # helpers

    def _finish(self, license_):
        if self.want.return_key:
            if self.key is None:
                self.key = self.backend.key(license_['id']) or None
            return dict(license_, lickey=self.key)
        return license_

    def _keep_secret(self, key):
        if key and not self.want.return_key:
            self.secret(key)

    def _act(self, action, license_, *args):
        self.changed = True
        if not self.check_mode:
            action(license_, *args)

    def _refuse_unless(self, supported, what):
        if not supported:
            raise ValueError('%s is not available with api=%s' % (what, self.backend.api))


def _without_key(license_):
    return dict((k, v) for k, v in (license_ or {}).items() if k != 'lickey')


# -- billmgr_license_info -------------------------------------------------------------------

def license_query(params):
    """The info module's filters, checked before any request."""
    status = params.get('status')
    return {
        'license_id': params.get('id'),
        'licname': params.get('licname'),
        'ip': normalise_ip(params.get('ip')),
        'status': [STATUS_CHOICES[name] for name in status] if status else None,
        'expires_after': iso_date_option(params.get('expires_after'), 'expires_after'),
        'expires_before': iso_date_option(params.get('expires_before'), 'expires_before'),
    }


def list_licenses(backend, query, with_keys=False):
    """Licenses matching the query; with their keys (one more request each) when asked."""
    if with_keys and not backend.can_read_key:
        raise ValueError('return_keys: not available with api=%s (it gives out no license keys)' % backend.api)
    licenses = backend.search(query)
    if with_keys:
        licenses = [dict(lic, lickey=backend.key(lic['id']) or None) for lic in licenses]
    return licenses
