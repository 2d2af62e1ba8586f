# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""License logic without a network: input checks, the license's shape, the catalog, and LicenseTask's decisions.

The panel is a small fake client holding licenses in a dict; it answers the way the shared
client does (plain, unwrapped documents) and records every call.
"""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.api import BillmgrError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.services import ServiceFailure
from ansible_collections.ispsystem.billmgr.plugins.module_utils.licenses import (
    CurrentLicenses,
    LicenseRequest,
    LicenseTask,
    filter_licenses,
    license_query,
    normalise_autoprolong,
    normalise_ip,
    represent_license,
)

EXPORT = {'pricelist': [
    {'id': '3541', 'name': 'ISPmanager Lite', 'itemtype': 'soft',
     'price': [{'period': '1', 'cost': '400.00'}, {'period': '12', 'cost': '4800.00'}]},
    {'id': '3045', 'name': 'VMmanager KVM', 'itemtype': 'soft', 'price': [{'period': '1', 'cost': '600.00'}],
     'addon': {'id': '3049', 'name': 'Nodes', 'type': 'integer', 'min': '1', 'max': '100', 'step': '1', 'default': '1'}},
    {'id': '5577', 'name': 'BILLmanager', 'itemtype': 'soft', 'price': [{'period': '1', 'cost': '1000.00'}]},
    {'id': '6', 'name': 'VPS Start', 'itemtype': 'vds'},
]}


def elem(license_id, licname, ip='203.0.113.10', status=2, key='KEY-%d', **extra):
    row = {'id': str(license_id), 'licname': licname, 'ip': ip, 'pricelist': 'ISPmanager Lite', 'pricelist_id': '3541',
           'period': '1', 'account': 'alice', 'expiredate': '2026-05-01', 'autoprolong': '', 'status': str(status),
           'item_status': {'orig': str(status), 'text': 'Active'}, 'lickey': key % license_id if '%' in key else key}
    row.update(extra)
    return row


class FakePanel(object):
    """Licenses in a dict; soft.* answered like the shared client answers (plain dicts)."""

    def __init__(self, *licenses):
        self.licenses = dict((int(e['id']), e) for e in licenses)
        self.calls = []
        self.faults = {}
        self.next_id = 900
        self.on_write = {}

    def _fault(self, func):
        fault = self.faults.pop(func, None)
        if fault is not None:
            raise fault

    def list(self, func, params=None):
        # The shared client leaves out parameters whose value is None.
        params = dict((k, v) for k, v in (params or {}).items() if v is not None)
        self.calls.append(('list', func, params))
        self._fault(func)
        params = params or {}
        rows = [dict((k, v) for k, v in e.items() if k != 'lickey') for e in self.licenses.values()]
        if params.get('id') is not None:
            rows = [r for r in rows if r['id'] == str(params['id'])]
        if params.get('licname') is not None:
            rows = [r for r in rows if r['licname'] == params['licname']]
        return rows

    def read(self, func, params=None):
        self.calls.append(('read', func, dict(params or {})))
        self._fault(func)
        if func == 'pricelist.export':
            return EXPORT
        if func == 'soft.edit':
            return {'lickey': self.licenses[int(params['elid'])]['lickey']}
        return {'ok': ''}

    def write(self, func, params=None):
        """Carry the write out, then fail if a fault is armed: the answer is lost after the commit."""
        params = dict((k, v) for k, v in (params or {}).items() if v is not None)
        self.calls.append(('write', func, params))
        if func in self.on_write:
            self.on_write.pop(func)(params)
        answer = self._commit(func, params)
        self._fault(func)
        return answer

    def _commit(self, func, params):
        if func == 'soft.order.param':
            self.next_id += 1
            self.licenses[self.next_id] = elem(self.next_id, params['licname'], params['ip'], status=5, key='')
            return {'id': str(self.next_id)}
        if func == 'soft.edit' and params.get('clicked_button') == 'newkey':
            self.licenses[int(params['elid'])]['lickey'] = 'NEW-KEY'
            return {'lickey': 'NEW-KEY'}
        if func == 'soft.edit':
            self.licenses[int(params['elid'])].update((k, params[k]) for k in ('licname', 'ip') if k in params)
        if func in ('soft.suspend', 'soft.resume'):
            self.licenses[int(params['elid'])]['status'] = '3' if func == 'soft.suspend' else '2'
        return {'ok': ''}

    def funcs(self):
        return [call[1] for call in self.calls]

    def writes(self):
        return [call for call in self.calls if call[0] == 'write']


def request(**params):
    params.setdefault('wait_timeout', 60)
    return LicenseRequest(params)


def run(panel, check_mode=False, **params):
    secrets = []
    task = LicenseTask(CurrentLicenses(panel), request(**params), check_mode=check_mode, diff=True,
                       secret=secrets.append, sleep=lambda s: None)
    result = task.run()
    result['secrets'] = secrets
    return result


# -- input ---------------------------------------------------------------------------------

def test_ip_is_normalised_and_garbage_is_refused_with_the_option_name():
    assert normalise_ip(' 203.0.113.7 ') == '203.0.113.7'
    assert normalise_ip('2001:DB8::1') == '2001:db8::1'
    with pytest.raises(ValueError, match=r"ip: '300\.1\.1\.1' is not an IP address"):
        normalise_ip('300.1.1.1')


@pytest.mark.parametrize('value, months', [(False, 0), ('off', 0), ('null', 0), (0, 0), ('1', 1), (12, 12), (None, None)])
def test_autoprolong_accepts_off_in_every_yaml_spelling(value, months):
    assert normalise_autoprolong(value) == months


@pytest.mark.parametrize('value', ['6', 3, 'yearly', '12x'])
def test_autoprolong_refuses_other_periods(value):
    with pytest.raises(ValueError, match='autoprolong'):
        normalise_autoprolong(value)


@pytest.mark.parametrize('params, message', [
    ({}, 'by id or licname'),
    ({'licname': 'a', 'period': 6}, 'period: 6'),
    ({'licname': 'a', 'ip': 'not-an-ip'}, 'not an IP address'),
    ({'licname': 'a', 'state': 'absent', 'regenerate_key': True}, 'state=present'),
    ({'licname': 'a', 'legacy_period': 9}, 'legacy_period is an option of api=legacy'),
])
def test_bad_requests_fail_before_anything_is_sent(params, message):
    with pytest.raises(ValueError, match=message):
        LicenseRequest(params)


def test_info_query_checks_dates_and_maps_status_names():
    query = license_query({'status': ['active', 'suspended'], 'expires_before': '2026-02-01', 'ip': '203.0.113.1'})
    assert query['status'] == [2, 3]
    assert query['expires_before'] == '2026-02-01'
    with pytest.raises(ValueError, match='expires_after'):
        license_query({'expires_after': '01.02.2026'})


# -- the license's shape ---------------------------------------------------------------------

def test_a_list_row_becomes_a_typed_license_without_its_key():
    row = elem(777, 'alice-lite', period='12', autoprolong='12', real_ipchange='2026-01', real_keychange='2026-01-20')
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


# -- the product, from the panel's price list ----------------------------------------------------

def test_products_are_found_by_id_or_name_among_licenses_only():
    backend = CurrentLicenses(FakePanel())
    assert backend.product(request(licname='a', pricelist='ispmanager lite', period=12))['id'] == 3541
    kvm = backend.product(request(licname='a', pricelist='3045', addons={'Nodes': 3}))
    assert kvm['name'] == 'VMmanager KVM' and kvm['addon_params'] == {'addon_3049': '3'}
    with pytest.raises(ValueError, match=r"unknown pricelist 'VPS Start' for soft services; valid: ISPmanager Lite \(3541\)"):
        backend.product(request(licname='a', pricelist='VPS Start'))
    with pytest.raises(ValueError, match='cannot be ordered for 12 months'):
        backend.product(request(licname='a', pricelist='VMmanager KVM', period=12))


def test_addons_by_name_id_or_api_field_name_with_their_limits():
    backend = CurrentLicenses(FakePanel())
    for key in ('nodes', '3049', 'addon_3049', 3049):
        assert backend.product(request(licname='a', pricelist='3045', addons={key: 2}))['addon_params'] == {'addon_3049': '2'}
    with pytest.raises(ValueError, match=r"unknown add-on 'CPU' in tariff VMmanager KVM \(3045\); valid: Nodes \(3049\)"):
        backend.product(request(licname='a', pricelist='3045', addons={'CPU': 1}))
    with pytest.raises(ValueError, match='must be between 1 and 100'):
        backend.product(request(licname='a', pricelist='3045', addons={'Nodes': 500}))


# -- LicenseTask --------------------------------------------------------------------------------

def test_an_unchanged_license_costs_one_list_request():
    panel = FakePanel(elem(777, 'alice-lite'))
    result = run(panel, licname='alice-lite', pricelist='ISPmanager Lite', ip='203.0.113.10')
    assert result['changed'] is False
    assert panel.funcs() == ['soft']
    assert panel.calls[0][2] == {'filter': 'on', 'licname': 'alice-lite'}
    assert 'lickey' not in result['license']


def test_an_order_checks_the_ip_before_paying_and_waits_for_the_key():
    panel = FakePanel()

    def issue_key(params):
        panel.licenses[901].update(lickey='ISSUED', status='2')
    polls = []

    def read(func, params=None):
        if func == 'soft.edit':
            polls.append(1)
            if len(polls) == 2:
                issue_key(params)
        return FakePanel.read(panel, func, params)
    panel.read = read
    result = run(panel, licname='web-1', pricelist='ISPmanager Lite', ip='203.0.113.7', period=12, autoprolong='off')
    assert result['changed'] is True
    assert panel.funcs() == ['soft', 'pricelist.export', 'soft.checkip', 'soft.order.param', 'soft', 'soft.edit', 'soft.edit', 'soft']
    order = panel.writes()[0][2]
    assert order == {'pricelist': 3541, 'period': 12, 'ip': '203.0.113.7', 'licname': 'web-1', 'autoprolong': 'null',
                     'skipbasket': 'on', 'clicked_button': 'finish', 'sok': 'ok'}
    assert result['license']['id'] == 901
    assert result['secrets'] == ['ISSUED']
    assert 'lickey' not in result['license']


def test_a_refused_ip_stops_the_order_before_payment():
    panel = FakePanel()
    panel.faults['soft.checkip'] = BillmgrError('value', 'The IP address is already licensed', obj='ip', func='soft.checkip')
    with pytest.raises(BillmgrError, match='cannot be ordered for 203.0.113.7, nothing was ordered or paid: The IP address is already licensed'):
        run(panel, licname='web-1', pricelist='3541', ip='203.0.113.7')
    assert panel.writes() == []


def test_unknown_product_and_missing_order_data_fail_before_writing():
    panel = FakePanel()
    with pytest.raises(ValueError, match="unknown pricelist 'ISPmanager Ultra'"):
        run(panel, licname='web-1', pricelist='ISPmanager Ultra', ip='203.0.113.7')
    with pytest.raises(ValueError, match='give pricelist and ip'):
        run(panel, licname='web-1')
    with pytest.raises(ValueError, match='no license with id 5'):
        run(panel, id=5, licname='web-1', pricelist='3541', ip='203.0.113.7')
    assert panel.writes() == []


def test_check_mode_orders_nothing_but_says_what_it_would_order():
    panel = FakePanel()
    result = run(panel, check_mode=True, licname='web-1', pricelist='ISPmanager Lite', ip='203.0.113.7')
    assert result['changed'] is True
    assert result['license']['pricelist_id'] == 3541 and result['license']['id'] is None
    assert result['diff']['after']['licname'] == 'web-1'
    assert panel.writes() == []


def test_a_lost_order_answer_is_reconciled_not_ordered_again():
    panel = FakePanel()
    # The panel carries the order out, then the connection drops.
    panel.faults['soft.order.param'] = BillmgrError('connection', 'connection reset', func='soft.order.param', outcome_unknown=True)
    result = run(panel, licname='web-1', pricelist='3541', ip='203.0.113.7', wait=False)
    assert result['changed'] is True
    assert [w[1] for w in panel.writes()] == ['soft.order.param']
    assert result['license']['licname'] == 'web-1'


def test_a_lost_order_that_never_shows_up_is_reported_as_unknown():
    panel = FakePanel()
    panel.on_write['soft.order.param'] = lambda params: None
    original = panel.write

    def write(func, params=None):
        if func == 'soft.order.param':
            panel.calls.append(('write', func, params))
            raise BillmgrError('timeout', 'no answer within 30s', func=func, outcome_unknown=True)
        return original(func, params)
    panel.write = write
    with pytest.raises(BillmgrError) as info:
        run(panel, licname='web-1', pricelist='3541', ip='203.0.113.7')
    assert info.value.outcome_unknown is True
    assert 'may or may not have been placed' in str(info.value)
    assert [w[1] for w in panel.writes()] == ['soft.order.param']
    assert panel.funcs().count('soft') == 1 + 5


def test_rename_and_reip_are_one_edit_with_only_what_differs():
    panel = FakePanel(elem(777, 'alice-lite'))
    result = run(panel, id=777, licname='alice-new', ip='203.0.113.11')
    assert panel.writes() == [('write', 'soft.edit', {'elid': 777, 'sok': 'ok', 'licname': 'alice-new', 'ip': '203.0.113.11'})]
    assert result['diff'] == {'before': {'ip': '203.0.113.10', 'licname': 'alice-lite'},
                              'after': {'ip': '203.0.113.11', 'licname': 'alice-new'}}


def test_a_second_ip_change_in_a_month_names_the_rule():
    panel = FakePanel(elem(777, 'alice-lite'))
    panel.faults['soft.edit'] = BillmgrError('value', 'IP address may be changed once a month', obj='ip', func='soft.edit')
    with pytest.raises(BillmgrError) as info:
        run(panel, id=777, ip='203.0.113.12')
    assert 'only once per calendar month' in str(info.value)
    assert 'IP address may be changed once a month' in str(info.value)


def test_a_suspended_license_is_resumed_by_state_present_and_suspend_is_idempotent():
    panel = FakePanel(elem(777, 'alice-lite', status=3))
    assert run(panel, licname='alice-lite', state='suspended')['changed'] is False
    result = run(panel, licname='alice-lite')
    assert result['changed'] is True
    assert [w[1] for w in panel.writes()] == ['soft.resume']


def test_a_new_key_is_an_action_and_its_key_is_secret_unless_asked_for():
    panel = FakePanel(elem(777, 'alice-lite'))
    result = run(panel, licname='alice-lite', regenerate_key=True)
    assert result['changed'] is True and 'lickey' not in result['license'] and result['secrets'] == ['NEW-KEY']
    result = run(panel, licname='alice-lite', regenerate_key=True, return_key=True)
    assert result['license']['lickey'] == 'NEW-KEY' and result['secrets'] == []
    assert 'lickey' not in result['diff']['after']


def test_another_product_is_refused_not_switched():
    panel = FakePanel(elem(777, 'alice-lite'))
    with pytest.raises(ValueError, match='is for ISPmanager Lite, not BILLmanager'):
        run(panel, licname='alice-lite', pricelist='BILLmanager')
    assert run(panel, licname='alice-lite', pricelist='3541')['changed'] is False


def test_two_licenses_with_one_name_need_an_id():
    panel = FakePanel(elem(1, 'twin'), elem(2, 'twin'))
    with pytest.raises(ValueError, match=r"2 licenses match licname 'twin' \(ids 1, 2\)"):
        run(panel, licname='twin', state='absent')
    assert panel.writes() == []


def test_waiting_gives_up_after_wait_timeout():
    panel = FakePanel(elem(777, 'slow', status=5, key=''))
    now = [0.0]
    task = LicenseTask(CurrentLicenses(panel), request(licname='slow', wait_timeout=5), sleep=lambda s: now.__setitem__(0, now[0] + s),
                       clock=lambda: now[0])
    with pytest.raises(BillmgrError, match='has no key after 5s'):
        task.run()
    assert 4 <= panel.funcs().count('soft.edit') <= 5


def test_absent_deletes_once_and_then_is_unchanged():
    panel = FakePanel(elem(777, 'alice-lite'))

    def delete(params):
        del panel.licenses[777]
    panel.on_write['soft.delete'] = delete
    assert run(panel, licname='alice-lite', state='absent')['changed'] is True
    assert run(panel, licname='alice-lite', state='absent')['changed'] is False
    assert [w[1] for w in panel.writes()] == ['soft.delete']


def test_renewing_an_expired_license_comes_before_resuming_it():
    panel = FakePanel(elem(777, 'alice-lite', status=3, item_status={'orig': '3_autosuspend', 'text': 'Suspended'}))

    def renew(params):
        panel.licenses[777].update(status='2', item_status={'orig': '2', 'text': 'Active'})
    panel.on_write['service.prolong'] = renew
    result = run(panel, licname='alice-lite', renew=True, period=12)
    assert [(w[1], w[2].get('period')) for w in panel.writes()] == [('service.prolong', 12)]
    assert result['license']['status_name'] == 'active'


def test_a_refused_address_change_comes_before_the_renewal_is_paid():
    panel = FakePanel(elem(777, 'alice-lite'))
    panel.faults['soft.edit'] = BillmgrError('value', 'The IP address of a license can be changed only once a month', obj='ip')
    with pytest.raises(BillmgrError):
        run(panel, licname='alice-lite', ip='203.0.113.99', renew=True, period=1)
    assert [w[1] for w in panel.writes()] == ['soft.edit']


def test_a_failure_after_a_paid_renewal_reports_changed_and_what_was_done():
    panel = FakePanel(elem(777, 'alice-lite', status=3, item_status={'orig': '3_usersuspend', 'text': 'Suspended'}))
    panel.faults['soft.resume'] = BillmgrError('access', 'resuming is not allowed', obj='elid')
    with pytest.raises(ServiceFailure) as failure:
        run(panel, licname='alice-lite', renew=True, period=1)
    assert [w[1] for w in panel.writes()] == ['service.prolong', 'soft.resume']
    assert 'resuming is not allowed; before that, this task had already renewed (paid) license 777' in str(failure.value)
    assert failure.value.result['changed'] is True and failure.value.result['error']['func'] is None
    assert failure.value.result['license']['id'] == 777 and 'lickey' not in failure.value.result['license']


def test_a_failure_before_anything_was_done_is_the_api_error_itself():
    panel = FakePanel(elem(777, 'alice-lite'))
    panel.faults['soft.edit'] = BillmgrError('value', 'refused', obj='ip')
    with pytest.raises(BillmgrError):
        run(panel, licname='alice-lite', ip='203.0.113.99')
