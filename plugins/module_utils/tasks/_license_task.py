# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What billmgr_license decides (``LicenseTask``) for both license APIs.

Private to this collection.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._accounts import buyer
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import FREE_CHANGE_RECONCILE, reconcile_timeout, settle, write_once
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._license_backends import backend_for
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._licenses import API_CURRENT, API_LEGACY
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._lock import order_lock
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._cart import left_in_cart, still_in_cart
from ansible_collections.ispsystem.billmgr.plugins.module_utils.operations._renewal import renew, renewal_lock
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._columns import autoprolong_agrees
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import (
    STATUS_ACTIVE,
    STATUS_NAMES,
    STATUS_ORDERED,
    STATUS_PROCESSING,
    STATUS_SUSPENDED,
    PERIODS,
    check_autoprolong,
    diff_of,
    identity_text,
    normalise_ip,
    order_period,
    period_label,
)


class LicenseRequest(object):
    """What a billmgr_license task asks for, checked before any request is sent."""

    def __init__(self, params):
        self.api = params.get('api') or API_CURRENT
        self.account = params.get('account')
        self.state = params.get('state') or 'present'
        self.id = params.get('id')
        # The name as the panel keeps it (identity_text): looked up, ordered and compared that way.
        self.licname = identity_text(params.get('licname'))
        self.pricelist = params.get('pricelist')
        self.ip = normalise_ip(params.get('ip'))
        self.period = order_period(1 if params.get('period') is None else params['period'])
        self.legacy_period = params.get('legacy_period')
        self.manage_autoprolong = params.get('autoprolong') is not None
        self.autoprolong = check_autoprolong(params.get('autoprolong'))
        self.addons = dict(params.get('addons') or {})
        self.skipbasket = params.get('skipbasket', True)
        self.regenerate_key = bool(params.get('regenerate_key'))
        self.renew = bool(params.get('renew'))
        self.return_key = bool(params.get('with_key'))
        self.wait = params.get('wait', True)
        self.wait_timeout = params.get('wait_timeout') or 0
        self.reconcile_timeout = reconcile_timeout(params)
        if params.get('licname') is not None and self.licname is None:
            raise InputError('licname: an empty name cannot identify a license')
        if self.id is None and not self.licname:
            raise InputError('a license is found by id or licname; give one of them')
        if self.renew and self.period not in PERIODS:
            raise InputError('period: a license is renewed by months (1, 3, 6, 12, 24 or 36); got %s' % (period_label(self.period),))
        if self.wait_timeout < 0:
            raise InputError('wait_timeout: %d is negative' % self.wait_timeout)
        if self.state != 'present' and (self.regenerate_key or self.renew):
            raise InputError('regenerate_key and renew need state=present')
        if self.api == API_CURRENT and self.legacy_period is not None:
            raise InputError('legacy_period is an option of api=legacy; the current API takes period (1 or 12)')
        if self.renew and not self.skipbasket:
            # A renewal left in the cart moves no expiry date, so nothing could confirm it or keep a re-run from asking again.
            raise InputError('renew with skipbasket=false would leave the renewal unpaid in the cart, where it cannot be read '
                             'back; renew with skipbasket=true (the default)')
        if self.api == API_LEGACY:
            unsupported = [name for name, given in (
                ('state=%s' % self.state, self.state != 'present'), ('regenerate_key', self.regenerate_key),
                ('with_key', self.return_key), ('addons', self.addons), ('autoprolong', self.manage_autoprolong),
                ('account', self.account),
                # The old billing has no cart: an order is paid at once, which a task asking for the cart did not want.
                ('skipbasket=false', not self.skipbasket)) if given]
            if unsupported:
                raise InputError('%s: not available with api=legacy (the old billing\'s software.* functions cannot do it)'
                                 % ', '.join(unsupported))


class LicenseTask(Task):
    """billmgr_license: find the license, then do what the task asks, or say what it would do."""

    def __init__(self, client, params, **mode):
        super(LicenseTask, self).__init__(client, params, **mode)
        # Everything the task says is checked before the first request.
        self.want = LicenseRequest(params)
        self.backend = backend_for(client, params, self.check_mode)
        self.changed = False
        self.key = None
        self.extra = {}

    def run(self):
        identity = dict(license_id=self.want.id, licname=self.want.licname if self.want.id is None else None)
        # Forks ordering one license name on this machine look it up one after another (the first one's order is then listed).
        ordering = self.want.state == 'present' and not self.check_mode
        field, value = ('id', self.want.id) if self.want.id is not None else ('licname', self.want.licname)
        holding = (self.client.timeout or 0) + max(self.want.wait_timeout, self.want.reconcile_timeout)
        with order_lock(self.client, 'soft', field, value, holding, ordering=ordering) as lock:
            before = self.backend.find(**identity)
            product = None
            if before is None and self.want.state != 'absent':
                # What cannot be ordered is refused before the old billing's saved list filter is reset (a write).
                product = self._product_to_order()
                before = self.backend.find_hidden(**identity)
            if before is None and self.want.state != 'absent':
                return self._result(None, self.order(product, placed=lock.release))
        if self.want.state == 'absent':
            after = self.absent(before)
        elif before['status'] == STATUS_ORDERED and self.want.state == 'present':
            # BILLmanager 5 lists an order left in the cart as a license in status "ordered": asked for, not paid.
            self.backend.warnings.append(still_in_cart('the order of license %s (%s)' % (before['id'], before['licname'])))
            after = before
        else:
            after = self.update(before)
        return self._result(before, after)

    def _result(self, before, after):
        result = dict(self.extra, changed=self.changed, license=after)
        for warning in self.backend.warnings:
            self.warn(warning)
        if self.diff:
            result['diff'] = diff_of(_without_key(before), _without_key(after))
        return result

    # state=absent

    def absent(self, before):
        if before is None:
            return {}
        self._refuse_unless(self.backend.can_delete, 'state=absent')
        self._act_confirmed(self.backend.delete, before, lambda: self.backend.get(before['id']) is None,
                            'the deletion of license %s' % before['id'])
        return {}

    # no license yet

    def _product_to_order(self):
        """The product a new license would be, when the task names one (an unknown product is bad input, found or not)."""
        if self.want.pricelist and self.want.id is None and self.want.state == 'present':
            return self.backend.product(self.want)
        return None

    def order(self, product=None, placed=None):
        want = self.want
        if want.id is not None:
            raise InputError('there is no license with id %s; to order a new license give licname, not id' % want.id)
        if want.state == 'suspended':
            raise InputError('there is no license named %r to suspend; order it with state=present first' % want.licname)
        missing = [name for name in ('pricelist', 'ip') if not getattr(want, name)]
        if missing:
            raise InputError('there is no license named %r; to order one, give %s' % (want.licname, ' and '.join(missing)))
        # An order for a client is the client's: sent in its session (account.su), found with the task's login.
        self.backend.buyer = buyer(self.backend.client, getattr(want, 'account', None), switch=not self.check_mode)
        product = product or self.backend.product(want)
        self.backend.check_ip(product, want.ip)
        # Paid at once or not, an order waits for an unpaid one: the cart's would be paid too when the cart is.
        self.backend.check_cart()
        self.changed = True
        if self.check_mode:
            return self.backend.planned(product, want)
        order = self._order_once(product)
        cart = dict((key, order[key]) for key in ('billorder_id', 'lineitem_id') if order.get(key) is not None)
        if order['id'] is None and cart:
            # In the cart: nothing exists until the cart is paid in the panel.
            self.extra.update(cart)
            self.backend.warnings.append(left_in_cart('the license order', ', '.join('%s %s' % item for item in sorted(cart.items())),
                                                      'the license is issued'))
            return self.backend.planned(product, want)
        license_ = {'id': order['id'], 'licname': want.licname}
        try:
            license_ = self._reread(order['id'])
            if want.manage_autoprolong:
                license_ = self._listed_months(license_, {'autoprolong': want.autoprolong})
            if placed:
                placed()
            if want.wait and self.backend.can_read_key and license_['status'] != STATUS_ORDERED:
                license_ = self.wait_for_key(license_)
            return self._finish(license_)
        except BillmgrError as err:
            # The order went through (and is paid): a read failing after it is reported with changed, like billmgr_service.
            raise TaskError('license %s was ordered and paid, but then %s. Do not order it again: the next run finds it by '
                            'its licname' % (' '.join(str(part) for part in (license_['id'], '(%s)' % want.licname) if part), err),
                            changed=True,
                            license=_without_key(license_), error=err.facts()) from None

    def _order_once(self, product):
        """Order, and when the answer was lost, look whether the order went through instead of ordering again."""
        try:
            return self.backend.order(product, self.want)
        except BillmgrError as err:
            if not err.outcome_unknown:
                raise
            found = settle(self.client, lambda: self.backend.find(licname=self.want.licname), self.want.reconcile_timeout,
                           'the order of license %r' % self.want.licname, err)
            return {'id': found['id']}

    def _reread(self, license_id):
        license_ = self.backend.get(license_id) if license_id is not None else None
        if license_ is None:
            license_ = self.backend.find(licname=self.want.licname)
        if license_ is None:
            raise TaskError('the order of license %r was accepted, but the license is not in the list'
                            % self.want.licname, changed=True, license={})
        return license_

    # a license exists

    def update(self, before):
        want = self.want
        self._check_product(before)
        if want.manage_autoprolong:
            # The list may show only the period's label (real-panels-2 §9.3): compared, and returned, as months.
            before = dict(before, autoprolong=self.backend.autoprolong_of(before))
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
                self._act_confirmed(self.backend.edit, current, lambda: self._shows(before['id'], changes),
                                    'the change of license %s' % before['id'], changes)
                current.update(changes)

                done.append('changed %s' % ', '.join(sorted(changes)))
            if renew:
                self.changed = True
                if not self.check_mode:
                    current = self._renew(current)
                done.append('renewed (paid)')
                if revived_by_renewal:
                    # A license suspended because it expired comes back when it is renewed; it cannot be resumed before.
                    current.update(status=STATUS_ACTIVE, status_name=STATUS_NAMES[STATUS_ACTIVE], item_status=str(STATUS_ACTIVE))
            if resume:
                self._act_confirmed(self.backend.resume, current, lambda: self._shows(before['id'], {'status': STATUS_ACTIVE}),
                                    'the resumption of license %s' % before['id'])
                current.update(status=STATUS_ACTIVE, status_name=STATUS_NAMES[STATUS_ACTIVE])
                done.append('resumed')
            if suspend:
                self._act_confirmed(self.backend.suspend, current, lambda: self._shows(before['id'], {'status': STATUS_SUSPENDED}),
                                    'the suspension of license %s' % before['id'])
                current.update(status=STATUS_SUSPENDED, status_name=STATUS_NAMES[STATUS_SUSPENDED])
                done.append('suspended')
            if want.regenerate_key:
                self.changed = True
                if not self.check_mode:
                    self.key = self._new_key(current)
                    self._keep_secret(self.key)
                done.append('issued a new key for')
        except BillmgrError as err:
            if not done or self.check_mode:
                raise
            # Part of the task is done (and may be paid for): the failure must say so, and report changed.
            raise TaskError('%s; before that, this task had already %s license %s' % (err, ' and '.join(done), before['id']),
                            changed=True, license=_without_key(current), error=err.facts()) from None
        if self.check_mode:
            return current
        try:
            if self.changed:
                current = self._listed_months(self.backend.get(before['id']), changes) or current
            if want.wait and self.backend.can_read_key and current['status'] == STATUS_PROCESSING:
                current = self.wait_for_key(current)
            return self._finish(current)
        except BillmgrError as err:
            if not self.changed:
                raise
            raise TaskError('this task had %s license %s, but then %s' % (' and '.join(done) or 'changed', before['id'], err),
                            changed=True, license=_without_key(current), error=err.facts()) from None

    def _changes(self, before):
        want = self.want
        editable = self.backend.editable
        changes = {}
        if want.id is not None and want.licname and want.licname != before['licname']:
            changes['licname'] = want.licname
        if want.ip and want.ip != before['ip']:
            changes['ip'] = want.ip
        if want.manage_autoprolong and want.autoprolong != before['autoprolong']:
            changes['autoprolong'] = want.autoprolong
        for name in changes:
            if name not in editable:
                raise InputError('license %s: %s cannot be changed through the %s API (it is %r, the task wants %r)'
                                 % (before['id'], name, self.backend.api, before[name], changes[name]))
        if changes.get('autoprolong') is not None:
            self.backend.check_renews(before, changes['autoprolong'])
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
            product = self.backend.product(self.want, to_order=False)
            same = product['id'] == before['pricelist_id'] or (product['name'] or '').lower() == (before['pricelist'] or '').lower()
        if not same:
            raise InputError('license %s is for %s, not %s; this module does not move a license to another product'
                             % (before['id'], before['pricelist'] or before['pricelist_id'], wanted))

    # waiting for the key

    def wait_for_key(self, license_):
        """Poll the edit form until the license has a key, or fail after wait_timeout seconds."""
        started = self.client.clock()

        def issued():
            key = self.backend.key(license_['id'])
            if not key:
                self.client.note_progress('license %s has no key yet, waiting up to %ss' % (license_['id'], self.want.wait_timeout),
                                          started)
            return key or None
        key = self.client.poll(issued, self.want.wait_timeout)
        if key is None:
            raise TaskError('license %s (%s) has no key after %ds; it is %s. Raise wait_timeout, or set wait=false and '
                            'look again later' % (license_['id'], license_['licname'], self.want.wait_timeout,
                                                  license_['status_name']),
                            changed=self.changed, license=license_)
        self.key = key
        self._keep_secret(key)
        if license_['status'] == STATUS_PROCESSING:
            license_ = self.backend.get(license_['id']) or license_
        return license_

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

    def _renew(self, license_):
        """One paid renewal under the licence's lock, its expiry read again under it and read back after it."""
        with renewal_lock(self.client, 'soft', license_['id']):
            now = self.backend.get(license_['id']) or license_
            written = renew(self.client, 'license', now, self.want.period, lambda: self.backend.get(license_['id']),
                            reconcile=self.want.reconcile_timeout, request=self.backend.renewal(now, self.want))
        if written.reconciled:
            self.backend.warnings.append('the answer to the renewal of license %s was lost, but the panel shows it made: '
                                         'expiry now %s' % (license_['id'], written.state.get('expiredate')))
        return dict(license_, **dict((key, written.state[key]) for key in ('expiredate', 'status', 'status_name', 'item_status')
                                     if key in written.state))

    def _new_key(self, license_):
        """A new key, sent once and confirmed by the key read back differing from the one before (a lost answer too)."""
        old = self.backend.key(license_['id'])
        self._keep_secret(old)

        def issued():
            key = self.backend.key(license_['id'])
            return key if key and key != old else None
        return write_once(self.client, 'the new key of license %s' % license_['id'], lambda: self.backend.new_key(license_),
                          issued, reconcile=FREE_CHANGE_RECONCILE).state

    def _act_confirmed(self, action, license_, applied, what, *args):
        """``_act`` for a free change the list shows back (an edit, a deletion): sent once, confirmed by reading it back."""
        self.changed = True
        if not self.check_mode:
            write_once(self.client, what, lambda: action(license_, *args), lambda: True if applied() else None,
                       reconcile=FREE_CHANGE_RECONCILE)

    def _shows(self, license_id, changes):
        """Whether the list shows license ``license_id`` with these values (one read)."""
        now = self.backend.get(license_id)
        if now is not None and 'autoprolong' in changes:
            now['autoprolong'] = self.backend.autoprolong_of(now)
        return now is not None and all(now.get(name) == value for name, value in changes.items())

    def _listed_months(self, listed, changes):
        """The license read again, with the months this task set where the list shows only their label."""
        if listed is not None and 'autoprolong' in changes and autoprolong_agrees(listed['autoprolong'], changes['autoprolong']):
            listed['autoprolong'] = changes['autoprolong']
        return listed

    def _refuse_unless(self, supported, what):
        if not supported:
            raise InputError('%s is not available with api=%s' % (what, self.backend.api))


def _without_key(license_):
    return dict((k, v) for k, v in (license_ or {}).items() if k != 'lickey')
