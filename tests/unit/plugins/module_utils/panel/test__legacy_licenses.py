# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_legacy_licenses.py: the old billing's own knowledge (price and period ids, the list's shape) and its saved list filter.

The old billing answers XML; the scripted server answers it so, and the shared client reads it like JSON.
"""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._legacy_licenses import LegacyLicenses, legacy_product, represent_legacy
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._license_info_task import LicenseInfoTask
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._license_task import LicenseTask
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import is_write, params_of


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
    with pytest.raises(InputError, match=r'DNSmanager is not sold for 1 months; .* 30 \(Trial \(2 weeks\)\), 31 \(lifetime\)'):
        legacy_product('DNSmanager', 1)
    with pytest.raises(InputError, match='has no period 8'):
        legacy_product('DNSmanager', 1, 8)


def test_an_unknown_price_id_goes_to_the_panel_only_with_an_explicit_period():
    assert legacy_product('999', 1, 1234)['period_id'] == 1234
    with pytest.raises(InputError, match="no legacy product '999'"):
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


def test_the_legacy_backend_refuses_an_account(client):
    with pytest.raises(InputError, match='account'):
        LegacyLicenses(client, account='alice')


def test_the_legacy_backend_gives_out_no_keys(client):
    with pytest.raises(InputError, match='the legacy API does not give out license keys'):
        LegacyLicenses(client).key(334673)


class LegacyPanel(object):
    """The old billing's software list behind a saved filter that hides every license, answering XML."""

    def __init__(self, server, *rows):
        self.rows = list(rows)
        self.filter_saved = True
        server.handler = self

    def __call__(self, form):
        func = form['func']
        if func == 'software.filter' and is_write(form):
            params = params_of(form)
            self.filter_saved = bool(params.get('expires') or params.get('expiree'))
        if func == 'software':
            rows = [] if self.filter_saved else self.rows
            elems = ''.join('<elem>%s</elem>' % ''.join('<%s>%s</%s>' % (k, v, k) for k, v in row.items()) for row in rows)
            return xml('<doc>%s<p_elems>%d</p_elems></doc>' % (elems, len(rows)))
        return xml('<doc><ok/></doc>')


def xml(text):
    return {'content_type': 'text/xml', 'body': '<?xml version="1.0" encoding="UTF-8"?>\n' + text}


ROW = {'id': '334673', 'licname': 'LICNAME-OLD', 'ip': '111.222.111.100', 'price': 'ISPmanager Lite (without support)',
       'price_id': '7', 'period': 'life', 'expiredate': '2126-01-01', 'status': '2'}


def legacy_task(client, check_mode=False, **params):
    params.setdefault('api', 'legacy')
    params.setdefault('wait_timeout', 60)
    return LicenseTask(client, params, check_mode=check_mode)


def test_check_mode_does_not_clear_a_saved_filter_and_says_it_may_hide_the_license(http_server, client):
    LegacyPanel(http_server, ROW)
    warnings = []
    task = LicenseTask(client, {'api': 'legacy', 'licname': 'LICNAME-OLD', 'pricelist': 'ISPmanager Lite (without support)',
                                'legacy_period': 9, 'ip': '111.222.111.100'}, check_mode=True, warn=warnings.append)
    result = task.run()
    assert http_server.writes() == []
    assert result['changed'] is True and 'saved in the web interface may hide one' in warnings[0]


def test_a_real_run_clears_the_saved_filter_and_finds_the_license_instead_of_ordering(http_server, client):
    LegacyPanel(http_server, ROW)
    result = legacy_task(client, licname='LICNAME-OLD', pricelist='ISPmanager Lite (without support)', legacy_period=9,
                         ip='111.222.111.100').run()
    assert result['changed'] is False and result['license']['id'] == 334673
    assert http_server.funcs() == ['software', 'software.filter', 'software']
    assert http_server.sent('software.filter') == [{'expires': '', 'expiree': '', 'sok': 'ok'}]


def test_an_unknown_product_is_refused_before_the_saved_filter_is_touched(http_server, client):
    LegacyPanel(http_server)
    with pytest.raises(InputError, match="no legacy product 'ISPmanager Ultra'"):
        legacy_task(client, licname='new', pricelist='ISPmanager Ultra', ip='111.222.111.5').run()
    assert http_server.funcs() == ['software']


def test_a_suspended_legacy_license_is_refused_before_any_write(http_server, client):
    panel = LegacyPanel(http_server, dict(ROW, status='3'))
    panel.filter_saved = False
    with pytest.raises(InputError, match=r'resuming suspended license 334673 \(state=present\) is not available with api=legacy'):
        legacy_task(client, licname='LICNAME-OLD').run()
    assert http_server.writes() == []


def test_the_info_list_clears_a_saved_filter_first(http_server, client):
    LegacyPanel(http_server, ROW)
    assert [lic['id'] for lic in LegacyLicenses(client).search({})] == [334673]


def test_an_expiry_range_is_the_panels_own_filter_cleared_afterwards(http_server, client):
    LegacyPanel(http_server, ROW)
    LegacyLicenses(client).search({'expires_after': '2126-01-01'})
    assert [p['expires'] for p in http_server.sent('software.filter')] == ['2126-01-01', '']


def test_keys_are_refused_for_the_legacy_list_before_any_request(http_server, client):
    LegacyPanel(http_server, ROW)
    with pytest.raises(InputError, match='with_keys: not available with api=legacy'):
        LicenseInfoTask(client, {'api': 'legacy', 'with_keys': True}).run()
    assert http_server.requests == []
