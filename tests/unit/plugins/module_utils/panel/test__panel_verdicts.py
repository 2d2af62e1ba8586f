# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_panel_verdicts.py: what the findings mean for each feature, and how the panel differs, in the simulator's terms."""

from __future__ import annotations

import copy

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._panel_verdicts import (
    FAILS,
    FEATURES,
    NOT_CHECKED,
    WARNING,
    WORKS,
    differences,
    generation,
    verdicts,
)

LISTED = {'offered': True, 'total': 2, 'problems': [], 'lookup_pages': {'remoteid': 1}, 'status_columns': ['status'],
          'expiry': ['date'], 'autoprolong': ['label'], 'addresses': ['one'], 'power_state': False}
FORMS = {'renewal': {'answers': True, 'priced': True, 'window_days': None},
         'tariff_change': {'answers': True, 'choices': 3, 'steps': ['a', 'b', 'c']},
         'addresses': {'answers': True, 'rows': 1, 'read': 1}}
FOUND = {
    'session': {'works': True, 'role': 'client', 'two_factor': False, 'captcha': False},
    'carts': {'old_cart': {'answers': True}, 'new_cart': {'answers': False, 'unknown_function': True},
              'dragon_cart': {'answers': True}},
    'lists': {'vds': LISTED, 'soft': dict(LISTED, total=1), 'instances': {'offered': False, 'refused': {'message': 'no'}}},
    'catalogue': {'answers': True, 'types': {}},
    'order_forms': {'vds': {'v2': {'answers': True, 'priced': True}}},
    'services': {'vds': FORMS},
    'money': {'currency': 'RUB'},
}


def judged(found):
    return dict((feature, verdict['verdict']) for feature, verdict in verdicts(found).items())


def test_a_panel_the_collection_reads_whole():
    assert judged(FOUND) == {'ordering': WORKS, 'cart': WORKS, 'renewal': WORKS, 'tariff_change': WORKS, 'power': WARNING,
                             'ptr': WORKS, 'inventory': WORKS, 'licences': WORKS, 'account_info': WORKS}
    assert generation(FOUND['carts']) == 5
    assert differences(FOUND)['autoprolong_column'] == 'label' and differences(FOUND)['dragon_cart'] is True


def test_each_limit_is_a_warning_or_a_failure_with_its_reason():
    found = copy.deepcopy(FOUND)
    found['session']['role'] = 'admin'
    found['order_forms']['vds']['v2']['priced'] = False
    found['services']['vds']['renewal'] = {'answers': False, 'refused': {'message': 'x'}, 'window_days': 12}
    found['services']['vds']['addresses'] = {'answers': False, 'refused': {'message': 'Insufficient privileges'}}
    found['lists']['vds'] = dict(LISTED, lookup_pages={'remoteid': 3}, problems=['1 rows have no id'])
    found['lists']['soft'] = {'offered': False}
    found['money'] = {'skipped': 'give account'}
    result = verdicts(found)
    assert {f: v['verdict'] for f, v in result.items()} == {
        'ordering': WARNING, 'cart': WARNING, 'renewal': WARNING, 'tariff_change': WORKS, 'power': WARNING, 'ptr': FAILS,
        'inventory': WARNING, 'licences': FAILS, 'account_info': WARNING}
    assert 'max_cost' in result['ordering']['why'][0] and 'renewal window' in result['renewal']['why'][0]
    assert 'reads 3 pages' in ' '.join(result['inventory']['why'])
    assert differences(found)['renewal_window_days'] == 12


def test_nothing_to_try_is_not_checked_and_a_refused_login_fails_all():
    found = copy.deepcopy(FOUND)
    found['services'] = {}
    found['lists'] = {'soft': dict(LISTED, total=0)}
    result = judged(found)
    assert (result['renewal'], result['tariff_change'], result['power'], result['ptr']) == (NOT_CHECKED,) * 4
    refused = dict(FOUND, session={'works': False, 'role': None, 'two_factor': True, 'captcha': False,
                                   'refused': {'message': 'give totp_secret'}})
    assert set(judged(refused).values()) == {FAILS} and len(judged(refused)) == len(FEATURES)
    assert verdicts(refused)['cart']['why'] == ['nothing can be read: give totp_secret']
