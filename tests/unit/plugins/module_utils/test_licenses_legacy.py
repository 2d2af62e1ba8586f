# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The legacy backend's own knowledge (price and period ids, the list's shape), and edge cases of the shared task."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.api import BillmgrError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.legacy_licenses import LegacyLicenses, legacy_product, represent_legacy
from ansible_collections.ispsystem.billmgr.plugins.module_utils.licenses import LicenseRequest, LicenseTask, ip_rule_error, list_licenses


@pytest.mark.parametrize('pricelist, period, legacy_period, ids', [
    ('ISPmanager Lite (without support)', 1, None, (7, 8)),
    ('ispmanager lite', 1, None, (7, 8)),
    ('7', 1, 9, (7, 9)),
    ('BILLmanager Corporate', 12, None, (435, 385)),
    ('DSmanager', 12, None, (16, 29)),
])
def test_products_and_periods_map_to_the_published_ids(pricelist, period, legacy_period, ids):
    product = legacy_product(pricelist, period, legacy_period)
    assert (product['id'], product['period_id']) == ids


def test_a_period_the_product_lacks_lists_the_periods_it_has():
    with pytest.raises(ValueError, match=r'DNSmanager is not sold for 1 months; .* 30 \(Trial \(2 weeks\)\), 31 \(lifetime\)'):
        legacy_product('DNSmanager', 1)
    with pytest.raises(ValueError, match='has no period 8'):
        legacy_product('DNSmanager', 1, 8)


def test_an_unknown_price_id_goes_to_the_panel_only_with_an_explicit_period():
    assert legacy_product('999', 1, 1234)['period_id'] == 1234
    with pytest.raises(ValueError, match="no legacy product '999'"):
        legacy_product('999', 1)


def test_a_legacy_row_has_the_shape_of_a_current_license():
    license_ = represent_legacy({'id': '334673', 'licname': 'LICNAME-OLD', 'ip': '111.222.111.100',
                                 'price': 'ISPmanager Lite (without support)', 'price_id': '7', 'period': 'life',
                                 'createdate': '2026-01-01', 'expiredate': '2126-01-01', 'status': '2'})
    assert license_['api'] == 'legacy'
    assert license_['pricelist_id'] == 7 and license_['pricelist'] == 'ISPmanager Lite (without support)'
    assert license_['period'] is None
    assert license_['status_name'] == 'active'
    assert represent_legacy({'id': '1', 'period': '1 year', 'status': '2'})['period'] == 12


@pytest.mark.parametrize('params', [
    {'state': 'absent'}, {'state': 'suspended'}, {'regenerate_key': True}, {'return_key': True},
    {'addons': {'Nodes': 2}}, {'autoprolong': '12'}, {'account': 'alice'}, {'skipbasket': False},
])
def test_what_the_old_api_cannot_do_is_refused_before_any_request(params):
    params.update(api='legacy', licname='x')
    with pytest.raises(ValueError, match='not available with api=legacy'):
        LicenseRequest(params)


def test_the_legacy_backend_refuses_an_account():
    with pytest.raises(ValueError, match='account'):
        LegacyLicenses(object(), account='alice')


def test_an_ip_refusal_for_another_reason_does_not_blame_the_monthly_rule():
    err = BillmgrError('exists', 'A license for this product already exists for the IP address 1.2.3.4', obj='ip', func='soft.edit')
    message = str(ip_rule_error(err, {'id': 7, 'ipchange': '2026-01'}, '1.2.3.4'))
    assert 'license 7: the IP address was not changed to 1.2.3.4: A license for this product already exists' in message
    assert 'last changed in 2026-01; ISPsystem allows one change per calendar month' in message
    assert 'only once per calendar month. BILLmanager said' not in message


class LegacyPanel(object):
    """The old billing's software list behind a saved filter that hides every license, recording each call."""

    def __init__(self, *rows):
        self.rows = list(rows)
        self.filter_saved = True
        self.calls = []

    def list(self, func, params=None):
        self.calls.append(('list', func))
        return [] if self.filter_saved else list(self.rows)

    def read(self, func, params=None):
        self.calls.append(('read', func))
        return {'ok': ''}

    def write(self, func, params=None):
        self.calls.append(('write', func))
        if func == 'software.filter':
            self.filter_saved = bool(params.get('expires') or params.get('expiree'))
        return {'ok': ''}


ROW = {'id': '334673', 'licname': 'LICNAME-OLD', 'ip': '111.222.111.100', 'price': 'ISPmanager Lite (without support)',
       'price_id': '7', 'period': 'life', 'expiredate': '2126-01-01', 'status': '2'}


def legacy_task(panel, check_mode=False, **params):
    params.setdefault('api', 'legacy')
    params.setdefault('wait_timeout', 60)
    return LicenseTask(LegacyLicenses(panel, check_mode=check_mode), LicenseRequest(params), check_mode=check_mode,
                       sleep=lambda s: None)


def test_check_mode_does_not_clear_a_saved_filter_and_says_it_may_hide_the_license():
    panel = LegacyPanel(ROW)
    result = legacy_task(panel, check_mode=True, licname='LICNAME-OLD', pricelist='ISPmanager Lite (without support)',
                         legacy_period=9, ip='111.222.111.100').run()
    assert [call for call in panel.calls if call[0] == 'write'] == []
    assert result['changed'] is True and 'saved in the web interface may hide one' in result['warnings'][0]


def test_a_real_run_clears_the_saved_filter_and_finds_the_license_instead_of_ordering():
    panel = LegacyPanel(ROW)
    result = legacy_task(panel, licname='LICNAME-OLD', pricelist='ISPmanager Lite (without support)', legacy_period=9,
                         ip='111.222.111.100').run()
    assert result['changed'] is False and result['license']['id'] == 334673
    assert panel.calls == [('list', 'software'), ('write', 'software.filter'), ('list', 'software')]


def test_an_unknown_product_is_refused_before_the_saved_filter_is_touched():
    panel = LegacyPanel()
    with pytest.raises(ValueError, match="no legacy product 'ISPmanager Ultra'"):
        legacy_task(panel, licname='new', pricelist='ISPmanager Ultra', ip='111.222.111.5').run()
    assert panel.calls == [('list', 'software')]


def test_a_suspended_legacy_license_is_refused_before_any_write():
    panel = LegacyPanel(dict(ROW, status='3'))
    panel.filter_saved = False
    with pytest.raises(ValueError, match=r'resuming suspended license 334673 \(state=present\) is not available with api=legacy'):
        legacy_task(panel, licname='LICNAME-OLD').run()
    assert [call for call in panel.calls if call[0] == 'write'] == []


def test_the_info_list_clears_a_saved_filter_first():
    panel = LegacyPanel(ROW)
    assert [lic['id'] for lic in LegacyLicenses(panel).search({})] == [334673]


def test_keys_are_refused_for_the_legacy_list_before_any_request():
    panel = LegacyPanel(ROW)
    with pytest.raises(ValueError, match='return_keys: not available with api=legacy'):
        list_licenses(LegacyLicenses(panel), {}, with_keys=True)
    assert panel.calls == []
