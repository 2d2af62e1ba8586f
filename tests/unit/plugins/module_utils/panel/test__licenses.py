# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_licenses.py: the license's shape, filters, the once-a-month IP rule, and CurrentLicenses (soft.*) on the scripted server."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._license_task import LicenseRequest
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._licenses import (
    CurrentLicenses,
    filter_licenses,
    ip_rule_error,
    one_license,
    represent_license,
)
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import doc, export_addon, export_tariff, listing

# The license products of a panel's price list, in the real export's shape (itemtype "21", named in itemtype_info),
# a trial product and an archived one, and a VPS tariff, which a license must never resolve to.
EXPORT = {'pricelist': [
    export_tariff(3541, 'ISPmanager Lite', 'soft', costs=((1, '400.0000'), (12, '4800.0000')), datacenters=()),
    export_tariff(3045, 'VMmanager KVM', 'soft', costs=((1, '600.0000'),), datacenters=(),
                  addons=(export_addon(3049, 'Nodes', low=1, high=100, step=1, included=1, measure='pcs',
                                       costs=((1, '300.0000'),)),)),
    export_tariff(5577, 'BILLmanager', 'soft', costs=((-100, '0.0000'), (1, '1000.0000')), datacenters=()),
    export_tariff(3540, 'ISPmanager Lite (old)', 'soft', costs=((1, '300.0000'),), datacenters=(), archived='on'),
    export_tariff(6, 'VPS Start', 'vds'),
]}


def elem(license_id, licname, ip='203.0.113.10', status=2, **extra):
    """A row of the soft list as the panel sends it (the list never holds the key)."""
    row = {'id': str(license_id), 'licname': licname, 'ip': ip, 'pricelist': 'ISPmanager Lite', 'pricelist_id': '3541',
           'period': '1', 'account': 'alice', 'expiredate': '2026-05-01', 'autoprolong': '', 'status': str(status),
           'item_status': {'orig': str(status), 'text': 'Active'}}
    row.update(extra)
    return row


def request(**params):
    return LicenseRequest(dict({'wait_timeout': 60}, **params))


@pytest.fixture
def backend(http_server, client):
    http_server.answer('pricelist.export', doc(EXPORT))
    return CurrentLicenses(client)


# -- the license's shape ---------------------------------------------------------------------

def test_a_list_row_becomes_a_typed_license_without_its_key():
    row = elem(777, 'alice-lite', period='12', autoprolong='12', real_ipchange='2026-01', real_keychange='2026-01-20',
               lickey='SECRET-KEY')
    license_ = represent_license(row)
    assert license_['id'] == 777
    assert license_['period'] == 12
    assert license_['autoprolong'] == 12
    assert license_['status_name'] == 'active'
    assert license_['pricelist_id'] == 3541
    assert license_['ipchange'] == '2026-01'
    assert license_['keychange'] == '2026-01-20'
    assert 'lickey' not in license_


def test_period_written_in_years_is_counted_in_months():
    assert represent_license(elem(1, 'a', period='1 year'))['period'] == 12


def test_filters_combine_and_dates_are_inclusive():
    licenses = [represent_license(elem(i, 'n%d' % i, expiredate='2026-0%d-10' % i)) for i in (1, 2, 3)]
    assert [lic['id'] for lic in filter_licenses(licenses, expires_after='2026-02-10', expires_before='2026-03-10')] == [2, 3]
    assert [lic['id'] for lic in filter_licenses(licenses, licname='n1', status=[2])] == [1]


def test_one_license_leaves_deleted_ones_out_and_refuses_two():
    twins = [represent_license(elem(1, 'twin')), represent_license(elem(2, 'twin')), represent_license(elem(3, 'twin', status=4))]
    assert one_license(twins[1:], "licname 'twin'")['id'] == 2
    assert one_license(twins[2:], "licname 'twin'") is None
    with pytest.raises(InputError, match=r"2 licenses match licname 'twin' \(ids 1, 2\); use id to choose one"):
        one_license(twins, "licname 'twin'")


def test_an_ip_refusal_for_another_reason_does_not_blame_the_monthly_rule():
    err = BillmgrError('exists', 'A license for this product already exists for the IP address 1.2.3.4', obj='ip', func='soft.edit')
    message = str(ip_rule_error(err, {'id': 7, 'ipchange': '2026-01'}, '1.2.3.4'))
    assert 'license 7: the IP address was not changed to 1.2.3.4: A license for this product already exists' in message
    assert 'last changed in 2026-01; ISPsystem allows one change per calendar month' in message
    assert 'only once per calendar month. BILLmanager said' not in message


def test_an_ip_refusal_that_speaks_of_the_month_names_the_rule():
    err = BillmgrError('value', 'IP address may be changed once a month', obj='ip', func='soft.edit')
    explained = ip_rule_error(err, {'id': 7}, '1.2.3.4')
    assert explained.message == ('license 7: the IP address was not changed to 1.2.3.4: ISPsystem lets a license change its IP '
                                 'address only once per calendar month. BILLmanager said: IP address may be changed once a month')
    assert (explained.kind, explained.obj) == ('value', 'ip')


# -- the list -----------------------------------------------------------------------------------

def test_the_list_always_sends_filter_on_and_one_status_per_request(http_server, client):
    rows = [elem(2, 'b'), elem(1, 'a', status=3)]
    http_server.answer('soft', lambda form: listing(*[row for row in rows if row['status'] == form['status']]))
    licenses = CurrentLicenses(client).list(licname='a', status=[2, 3])
    assert [lic['id'] for lic in licenses] == [1]
    # A filter saved in the web interface (soft.filter) would otherwise decide what the list shows.
    assert http_server.sent('soft') == [{'filter': 'on', 'licname': 'a', 'status': '2'}, {'filter': 'on', 'licname': 'a', 'status': '3'}]


def test_the_key_is_read_from_the_edit_form(http_server, client):
    http_server.answer('soft.edit', doc(lickey=' KEY-777 '))
    assert CurrentLicenses(client).key(777) == 'KEY-777'
    assert http_server.sent('soft.edit') == [{'elid': '777'}]


# -- the product, from the panel's price list ----------------------------------------------------

def test_products_are_found_by_id_or_name_among_licenses_only(backend):
    assert backend.product(request(licname='a', pricelist='ispmanager lite', period=12))['id'] == 3541
    kvm = backend.product(request(licname='a', pricelist='3045', addons={'Nodes': 3}))
    assert kvm['name'] == 'VMmanager KVM' and kvm['addon_params'] == {'addon_3049': '3'}
    with pytest.raises(InputError) as err:
        backend.product(request(licname='a', pricelist='VPS Start'))
    assert str(err.value) == ("unknown pricelist 'VPS Start' for soft services to order; valid: ISPmanager Lite (3541), "
                              "VMmanager KVM (3045), BILLmanager (5577)")
    with pytest.raises(InputError, match=r'cannot be ordered for period 12; its periods: 1$'):
        backend.product(request(licname='a', pricelist='VMmanager KVM', period=12))


def test_a_trial_is_ordered_where_the_product_sells_one(backend):
    assert backend.product(request(licname='a', pricelist='BILLmanager', period='trial'))['period'] == -100
    with pytest.raises(InputError) as err:
        backend.product(request(licname='a', pricelist='ISPmanager Lite', period='trial'))
    assert str(err.value) == 'tariff ISPmanager Lite (3541) cannot be ordered for period trial; its periods: 1, 12'


def test_an_archived_product_is_not_ordered_but_still_names_a_license(backend):
    closed = r"tariff ISPmanager Lite \(old\) \(3540\) takes no new orders \(inactive, archived or hidden\); soft services to order"
    with pytest.raises(InputError, match=closed):
        backend.product(request(licname='a', pricelist='ISPmanager Lite (old)'))
    assert backend.product(request(licname='a', pricelist='3540'), to_order=False)['name'] == 'ISPmanager Lite (old)'


def test_addons_by_name_id_or_api_field_name_with_their_limits(backend):
    for key in ('nodes', '3049', 'addon_3049', 3049):
        assert backend.product(request(licname='a', pricelist='3045', addons={key: 2}))['addon_params'] == {'addon_3049': '2'}
    with pytest.raises(InputError, match=r"unknown add-on 'CPU' in tariff VMmanager KVM \(3045\); valid: Nodes \(3049\)"):
        backend.product(request(licname='a', pricelist='3045', addons={'CPU': 1}))
    with pytest.raises(InputError, match='must be between 1 and 100'):
        backend.product(request(licname='a', pricelist='3045', addons={'Nodes': 500}))


@pytest.mark.parametrize('value', ['6', 3])
def test_autoprolong_the_product_does_not_renew_for_is_refused(backend, value):
    # Licenses renew for 1 or 12 months: 3 and 6 are billing periods, but not this product's.
    with pytest.raises(InputError, match=r'autoprolong: tariff ISPmanager Lite \(3541\) renews for 1, 12 months or off; got'):
        backend.product(request(licname='a', pricelist='3541', autoprolong=value))


def test_the_ip_check_names_the_product_and_says_nothing_was_paid(http_server, backend):
    http_server.answer('soft.checkip', {'body': {'doc': {'error': {'$type': 'value', '$object': 'ip',
                                                                   'msg': {'$': 'The IP address is already licensed'}}}}})
    product = backend.product(request(licname='a', pricelist='3541'))
    with pytest.raises(BillmgrError) as err:
        backend.check_ip(product, '203.0.113.7')
    assert err.value.message == ('a ISPmanager Lite license cannot be ordered for 203.0.113.7, nothing was ordered or paid: '
                                 'The IP address is already licensed')
    assert http_server.sent('soft.checkip') == [{'pricelist': '3541', 'period': '1', 'ip': '203.0.113.7'}]
