# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What billmgr_panel_info's findings mean for each feature of the collection, and how the panel differs. Private to this collection.

Pure: the findings of ``_panel_probe`` in, verdicts out. A verdict is ``works``, ``works with a warning``, ``will not
work`` or ``not checked`` (the account has nothing the feature could be tried on), each with its reasons in words.
"""

from __future__ import annotations

WORKS, WARNING, FAILS, NOT_CHECKED = 'works', 'works with a warning', 'will not work', 'not checked'
FEATURES = ('ordering', 'cart', 'renewal', 'tariff_change', 'power', 'ptr', 'inventory', 'licences', 'account_info')
POWER_TYPES = ('vds', 'dedic', 'instances')
POWER_STATE_TYPES = ('instances',)
ADDRESS_TYPES = ('vds', 'dedic')


def _verdict(fails=(), warnings=(), works=(), nothing=None):
    """The verdict of one feature from its reasons: any failure decides, then any warning; ``nothing`` says why it was not
    checked when there is neither."""
    if fails:
        return {'verdict': FAILS, 'why': list(fails) + list(warnings)}
    if warnings:
        return {'verdict': WARNING, 'why': list(warnings) + list(works)}
    if nothing and not works:
        return {'verdict': NOT_CHECKED, 'why': [nothing]}
    return {'verdict': WORKS, 'why': list(works)}


def generation(carts):
    """5 when the panel has no new cart (``cart`` unknown, real-panels-2 §8), 6 when it has one, None when unclear."""
    new_cart = carts.get('new_cart') or {}
    if new_cart.get('answers'):
        return 6
    return 5 if new_cart.get('unknown_function') else None


def differences(found):
    """How this panel differs from the simulator's defaults, in the terms of the simulator's switches."""
    lists = [found['lists'][t] for t in sorted(found['lists']) if found['lists'][t].get('offered')]
    kinds = set(kind for one in lists for kind in one.get('autoprolong', ()))
    renewals = [forms['renewal'] for forms in found['services'].values()]
    windows = [r['window_days'] for r in renewals if r.get('window_days') is not None]
    session = found['session']
    return {
        'panel': generation(found['carts']),
        'dragon_cart': bool(found['carts'].get('dragon_cart', {}).get('answers')),
        'role': session['role'],
        'two_factor': bool(session['two_factor']),
        'captcha': bool(session['captcha']),
        'autoprolong_column': 'months' if 'months' in kinds and 'label' not in kinds else ('label' if 'label' in kinds else None),
        'item_real_status': any('item_real_status' in one.get('status_columns', ()) for one in lists),
        'timed_dates': any('datetime' in one.get('expiry', ()) for one in lists),
        'multi_ip': any('several' in one.get('addresses', ()) for one in lists),
        'scheduled_close': any(one.get('scheduled_close') for one in lists),
        'deleted_listed': any(one.get('deleted_listed') for one in lists),
        'power_state_types': sorted(t for t in found['lists'] if found['lists'][t].get('power_state')),
        'renewal_window_days': max(windows) if windows else None,
        'saved_filter_types': sorted(t for t in found['lists'] if found['lists'][t].get('saved_filter')),
    }


def verdicts(found):
    """``{feature: {"verdict": ..., "why": [...]}}`` for every feature of FEATURES."""
    session = found['session']
    if not session['works']:
        said = (session.get('refused') or {}).get('message') or 'the login does not work'
        return dict((feature, _verdict(fails=['nothing can be read: %s' % said])) for feature in FEATURES)
    return {
        'ordering': _ordering(found),
        'cart': _cart(found),
        'renewal': _renewal(found),
        'tariff_change': _tariff_change(found),
        'power': _power(found),
        'ptr': _ptr(found),
        'inventory': _inventory(found),
        'licences': _licences(found),
        'account_info': _account_info(found),
    }


def _is_admin(found):
    return found['session']['role'] == 'admin'


def _ordering(found):
    catalogue = found['catalogue']
    if not catalogue['answers']:
        return _verdict(fails=['pricelist.export refused: %s' % catalogue['refused']['message']])
    forms = found['order_forms']
    if not forms:
        return _verdict(fails=['pricelist.export lists no tariff that takes orders'])
    fails, warnings, works = [], [], []
    answered = dict((t, form.get('v2') if form.get('v2', {}).get('answers') else form.get('old')) for t, form in forms.items())
    if not any(form and form.get('answers') for form in answered.values()):
        fails.append('no order form answered (v2.TYPE.order.param, TYPE.order.param)')
    for item_type, form in sorted(answered.items()):
        if not form or not form.get('answers'):
            warnings.append('%s: no order form answers' % item_type)
        elif not forms[item_type].get('v2', {}).get('answers'):
            warnings.append('%s: only the old order form (TYPE.order.param) answers; use api: old' % item_type)
        elif not form.get('priced'):
            warnings.append('%s: the order form shows no price, so max_cost and keep_balance refuse to order' % item_type)
        else:
            works.append('%s: the order form answers with a price' % item_type)
    if _is_admin(found):
        warnings.append('an administrator orders as a client: give account (the panel bills that client, account.su)')
    return _verdict(fails, warnings, works)


def _cart(found):
    carts = found['carts']
    names = [name for name, func in (('old_cart', 'basket'), ('new_cart', 'cart'), ('dragon_cart', 'cart (Dragon)'))
             if carts.get(name, {}).get('answers')]
    if not names[:2]:
        return _verdict(fails=['neither the old cart (basket) nor the new cart (cart) answers'])
    warnings = ['an administrator has no cart of its own: give account'] if _is_admin(found) else []
    return _verdict(warnings=warnings, works=['answers: %s' % ', '.join(names)])


def _services_of(found, types=None):
    return dict((t, forms) for t, forms in found['services'].items() if types is None or t in types)


def _renewal(found):
    fails, warnings, works = [], [], []
    for item_type, forms in sorted(_services_of(found).items()):
        renewal = forms['renewal']
        if renewal.get('window_days') is not None:
            warnings.append('%s: renewal only within %s days of the expiry (a renewal window)' % (item_type, renewal['window_days']))
        elif not renewal['answers']:
            fails.append('%s: the renewal form (service.prolong) refused: %s' % (item_type, renewal['refused']['message']))
        elif not renewal.get('priced'):
            warnings.append('%s: the renewal form shows no price (neither cost nor priced auto-renewal choices): max_cost and '
                            'keep_balance refuse, and the forecast counts it unpriced' % item_type)
        else:
            works.append('%s: the renewal form answers with a price' % item_type)
    return _verdict(fails, warnings, works, nothing='no active service to read a renewal form of')


def _tariff_change(found):
    fails, warnings, works = [], [], []
    for item_type, forms in sorted(_services_of(found, ('vds', 'dedic', 'vhost', 'soft', 'instances')).items()):
        change = forms['tariff_change']
        if not change['answers']:
            fails.append('%s: service.changepricelist refused: %s' % (item_type, change['refused']['message']))
        elif not change.get('choices'):
            warnings.append('%s: the tariff-change form offers no tariff to move to' % item_type)
        else:
            works.append('%s: %d tariffs to move to, in steps %s' % (item_type, change['choices'], ' -> '.join(change['steps'])))
    return _verdict(fails, warnings, works, nothing='no active service to read a tariff-change form of')


def _power(found):
    warnings, works = [], []
    for item_type in POWER_TYPES:
        listed = found['lists'].get(item_type) or {}
        if not listed.get('total'):
            continue
        if item_type in POWER_STATE_TYPES:
            works.append('%s: the list shows the power state' % item_type)
        else:
            warnings.append('%s: the list shows no power state (real-panels-2 §4.2): start and stop are sent whenever asked '
                            'and never waited for' % item_type)
    return _verdict(warnings=warnings, works=works, nothing='no vds, dedic or instances service')


def _ptr(found):
    fails, works = [], []
    for item_type, forms in sorted(_services_of(found, ADDRESS_TYPES).items()):
        addresses = forms.get('addresses') or {}
        if not addresses.get('answers'):
            fails.append('%s: service.ip refused: %s' % (item_type, (addresses.get('refused') or {}).get('message')))
        elif addresses['rows'] and not addresses['read']:
            fails.append('%s: service.ip lists addresses in columns the collection does not read' % item_type)
        else:
            works.append('%s: service.ip lists %d addresses' % (item_type, addresses['rows']))
    return _verdict(fails, works=works, nothing='no active vds or dedic service')


def _inventory(found):
    fails, warnings, works = [], [], []
    for item_type, listed in sorted(found['lists'].items()):
        if listed.get('offered') is None:
            fails.append('%s: the list refused: %s' % (item_type, listed['refused']['message']))
        if not listed.get('offered'):
            continue
        warnings.extend('%s: %s' % (item_type, problem) for problem in listed['problems'])
        if listed['lookup_pages']['remoteid'] > 1:
            warnings.append('%s: remoteid is no filter field: a look-up by remoteid reads %d pages'
                            % (item_type, listed['lookup_pages']['remoteid']))
        if listed.get('total'):
            works.append('%s: %d services listed' % (item_type, listed['total']))
    return _verdict(fails, warnings, works, nothing='no service listed')


def _licences(found):
    listed = found['lists'].get('soft') or {}
    if listed.get('offered') is False:
        return _verdict(fails=['the panel has no licence list (soft)'])
    if listed.get('offered') is None:
        return _verdict(fails=['the licence list (soft) refused: %s' % ((listed.get('refused') or {}).get('message'))])
    warnings = ['soft: %s' % problem for problem in listed['problems']]
    return _verdict(warnings=warnings, works=['soft: %d licences listed' % listed['total']])


def _account_info(found):
    money = found['money']
    if money.get('refused'):
        return _verdict(fails=['the balance cannot be read: %s' % money['refused']['message']])
    if money.get('skipped'):
        return _verdict(warnings=[money['skipped']])
    warnings = []
    unpriced = [t for t, forms in found['services'].items() if forms['renewal']['answers'] and not forms['renewal'].get('priced')]
    if unpriced:
        warnings.append('the forecast counts the renewals of %s unpriced (no price in the renewal form)' % ', '.join(sorted(unpriced)))
    return _verdict(warnings=warnings, works=['the balance reads as %s' % money['currency']])
