# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_license_task.py: what billmgr_license and billmgr_license_info decide, against the scripted server.

The server runs a small panel with state (``LicensePanel``): licenses in a dict, soft.* answered
the way BILLmanager answers, so the real client sends, unwraps and fails in every test. Tasks get
billmgr_license's params by their documented names.
"""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._license_task import LicenseRequest, LicenseTask
from ansible_collections.ispsystem.billmgr.plugins.modules.billmgr_license import ARGUMENT_SPEC
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import DROP, doc, error, is_write, listing, ok, params_of
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.module_utils.panel.test__licenses import EXPORT


def elem(license_id, licname, ip='203.0.113.10', status=2, key='KEY-%d', **extra):
    row = {'id': str(license_id), 'licname': licname, 'ip': ip, 'pricelist': 'ISPmanager Lite', 'pricelist_id': '3541',
           'period': '1', 'account': 'alice', 'expiredate': '2026-05-01', 'autoprolong': '', 'status': str(status),
           'item_status': {'orig': str(status), 'text': 'Active'}, 'lickey': key % license_id if '%' in key else key}
    row.update(extra)
    return row


class LicensePanel(object):
    """The server's script: licenses in a dict, soft.* answered like BILLmanager.

    ``faults[func]`` is the answer to the next request of ``func`` instead: an error document is
    a refusal (nothing done), DROP is a lost answer after the panel did the work. ``hooks[func]``
    runs with the request's parameters before it is answered.
    """

    def __init__(self, server, *licenses):
        self.licenses = dict((int(e['id']), e) for e in licenses)
        self.faults = {}
        self.hooks = {}
        self.next_id = 900
        self.renewals = 0
        self.new_keys = 0
        server.handler = self

    def __call__(self, form):
        func, params = form['func'], params_of(form)
        if func in self.hooks:
            self.hooks[func](params)
        fault = self.faults.pop(func, None)
        if fault is not None and fault is not DROP:
            return fault
        answer = self._commit(func, params) if is_write(form) else self._read(func, params)
        return fault or answer

    def _read(self, func, params):
        if func == 'soft':
            rows = [dict((k, v) for k, v in e.items() if k != 'lickey') for e in self.licenses.values()]
            for field in ('id', 'licname'):
                if field in params:
                    rows = [r for r in rows if r[field] == params[field]]
            return listing(*rows)
        if func == 'pricelist.export':
            return doc(EXPORT)
        if func == 'soft.edit':
            return doc(lickey=self.licenses[int(params['elid'])]['lickey'])
        return ok()

    def _commit(self, func, params):
        if func == 'soft.order.param':
            self.next_id += 1
            self.licenses[self.next_id] = elem(self.next_id, params['licname'], params['ip'], status=5, key='')
            return ok(id=str(self.next_id))
        if func == 'soft.edit' and params.get('clicked_button') == 'newkey':
            # Every new key differs from the one before it: NEW-KEY, then NEW-KEY-2, ...
            self.new_keys += 1
            key = 'NEW-KEY' if self.new_keys == 1 else 'NEW-KEY-%d' % self.new_keys
            self.licenses[int(params['elid'])]['lickey'] = key
            return ok(lickey=key)
        if func == 'soft.edit':
            self.licenses[int(params['elid'])].update((k, params[k]) for k in ('licname', 'ip') if k in params)
        if func == 'soft.delete':
            self.licenses.pop(int(params['elid']), None)
        if func in ('soft.suspend', 'soft.resume'):
            self.licenses[int(params['elid'])]['status'] = '3' if func == 'soft.suspend' else '2'
        if func == 'service.prolong':
            # A renewal moves the expiry by its months (the day kept), as the panel's renewal form says.
            license_ = self.licenses[int(params['elid'])]
            year, month, day = (int(part) for part in license_['expiredate'].split('-'))
            month += int(params['period'])
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
            license_['expiredate'] = '%04d-%02d-%02d' % (year, month, day)
            self.renewals += 1
        return ok()


def license_params(**options):
    """billmgr_license's params: every option with its default, then the task's."""
    result = dict((name, spec.get('default')) for name, spec in ARGUMENT_SPEC.items())
    result['wait_timeout'] = 60
    result.update(options)
    return result


@pytest.fixture
def run(client):
    def run_(check_mode=False, **options):
        secrets = []
        result = LicenseTask(client, license_params(**options), check_mode=check_mode, diff=True, secret=secrets.append).run()
        result['secrets'] = secrets
        return result
    return run_


def write_funcs(server):
    return [func for func, _params in server.writes()]


# -- input ---------------------------------------------------------------------------------

@pytest.mark.parametrize('params, message', [
    ({}, 'by id or licname'),
    ({'licname': 'a', 'period': 5}, 'period must be one of 1, 3, 6, 12, 24, 36 (months), daily, one-time, trial; got 5'),
    ({'licname': 'a', 'period': 'yearly'}, "period must be one of 1, 3, 6, 12, 24, 36 (months), daily, one-time, trial; got 'yearly'"),
    ({'licname': 'a', 'renew': True, 'period': 'trial'}, 'period: a license is renewed by months (1, 3, 6, 12, 24 or 36); got trial'),
    ({'licname': 'a', 'ip': 'not-an-ip'}, 'not an IP address'),
    ({'licname': 'a', 'state': 'absent', 'regenerate_key': True}, 'state=present'),
    ({'licname': 'a', 'legacy_period': 9}, 'legacy_period is an option of api=legacy'),
    ({'licname': 'a', 'autoprolong': 'yearly'}, 'autoprolong must be one of 1, 3, 6, 12, 24, 36 (months), daily or off'),
    ({'licname': ' '}, 'licname: an empty name cannot identify a license'),
    ({'licname': 'a', 'wait_timeout': -1}, 'wait_timeout: -1 is negative'),
])
def test_bad_requests_fail_before_anything_is_sent(http_server, client, params, message):
    with pytest.raises(InputError) as err:
        LicenseTask(client, dict({'wait_timeout': 60}, **params))
    assert message in str(err.value)
    assert http_server.requests == []


@pytest.mark.parametrize('value, months', [(False, None), ('off', None), ('null', None), (0, None), ('1', 1), (12, 12)])
def test_autoprolong_accepts_off_in_every_yaml_spelling(value, months):
    want = LicenseRequest({'licname': 'a', 'autoprolong': value})
    assert want.manage_autoprolong is True and want.autoprolong == months
    assert LicenseRequest({'licname': 'a'}).manage_autoprolong is False


@pytest.mark.parametrize('params', [
    {'state': 'absent'}, {'state': 'suspended'}, {'regenerate_key': True}, {'with_key': True},
    {'addons': {'Nodes': 2}}, {'autoprolong': '12'}, {'account': 'alice'}, {'skipbasket': False},
])
def test_what_the_old_api_cannot_do_is_refused_before_any_request(params):
    params.update(api='legacy', licname='x')
    with pytest.raises(InputError, match='not available with api=legacy'):
        LicenseRequest(params)


# -- LicenseTask --------------------------------------------------------------------------------

def test_an_unchanged_license_costs_one_list_request(http_server, run):
    LicensePanel(http_server, elem(777, 'alice-lite'))
    result = run(licname='alice-lite', pricelist='ISPmanager Lite', ip='203.0.113.10')
    assert result['changed'] is False
    assert http_server.funcs() == ['soft']
    assert http_server.sent('soft') == [{'filter': 'on', 'licname': 'alice-lite'}]
    assert 'lickey' not in result['license']


def test_an_order_checks_the_ip_before_paying_and_waits_for_the_key(http_server, run, fake_time):
    panel = LicensePanel(http_server)
    polls = []

    def issue_key_on_the_second_look(params):
        polls.append(1)
        if len(polls) == 2:
            panel.licenses[901].update(lickey='ISSUED', status='2')
    panel.hooks['soft.edit'] = issue_key_on_the_second_look
    result = run(licname='web-1', pricelist='ISPmanager Lite', ip='203.0.113.7', period=12, autoprolong='off')
    assert result['changed'] is True
    assert http_server.funcs() == ['soft', 'pricelist.export', 'soft.checkip', 'basket', 'cart', 'soft.order.param', 'soft', 'soft.edit',
                                   'soft.edit', 'soft']
    assert http_server.writes() == [('soft.order.param', {
        'pricelist': '3541', 'period': '12', 'ip': '203.0.113.7', 'licname': 'web-1', 'autoprolong': 'null',
        'skipbasket': 'on', 'clicked_button': 'finish', 'licence_agreement': 'on', 'sok': 'ok'})]
    assert result['license']['id'] == 901
    assert result['secrets'] == ['ISSUED']
    assert 'lickey' not in result['license']
    assert fake_time.sleeps == [1.0]


def test_a_trial_order_sends_the_trial_period_code(http_server, run):
    panel = LicensePanel(http_server)
    panel.hooks['soft.edit'] = lambda params: panel.licenses[901].update(lickey='TRIAL-KEY', status='2')
    result = run(licname='try-1', pricelist='BILLmanager', ip='203.0.113.8', period='trial')
    assert result['changed'] is True and result['secrets'] == ['TRIAL-KEY']
    assert http_server.sent('soft.checkip') == [{'pricelist': '5577', 'period': '-100', 'ip': '203.0.113.8'}]
    [(func, params)] = http_server.writes()
    assert func == 'soft.order.param' and (params['pricelist'], params['period']) == ('5577', '-100')


def test_a_period_the_product_does_not_sell_is_refused_before_the_order(http_server, run):
    LicensePanel(http_server)
    with pytest.raises(InputError) as err:
        run(licname='web-1', pricelist='ISPmanager Lite', ip='203.0.113.7', period=6)
    assert str(err.value) == 'tariff ISPmanager Lite (3541) cannot be ordered for period 6; its periods: 1, 12'
    assert http_server.funcs() == ['soft', 'pricelist.export']


def test_a_refused_ip_stops_the_order_before_payment(http_server, run):
    panel = LicensePanel(http_server)
    panel.faults['soft.checkip'] = error('value', 'ip', 'The IP address is already licensed')
    with pytest.raises(BillmgrError, match='cannot be ordered for 203.0.113.7, nothing was ordered or paid: The IP address is already licensed'):
        run(licname='web-1', pricelist='3541', ip='203.0.113.7')
    assert http_server.writes() == []


def test_unknown_product_and_missing_order_data_fail_before_writing(http_server, run):
    LicensePanel(http_server)
    with pytest.raises(InputError, match="unknown pricelist 'ISPmanager Ultra'"):
        run(licname='web-1', pricelist='ISPmanager Ultra', ip='203.0.113.7')
    with pytest.raises(InputError, match='give pricelist and ip'):
        run(licname='web-1')
    with pytest.raises(InputError, match='no license with id 5'):
        run(id=5, licname='web-1', pricelist='3541', ip='203.0.113.7')
    assert http_server.writes() == []


def test_autoprolong_the_product_does_not_renew_for_is_refused_before_the_order(http_server, run):
    LicensePanel(http_server)
    with pytest.raises(InputError, match=r'autoprolong: tariff ISPmanager Lite \(3541\) renews for 1, 12 months or off; got 6'):
        run(licname='web-1', pricelist='3541', ip='203.0.113.7', autoprolong=6)
    assert http_server.funcs() == ['soft', 'pricelist.export']


def test_check_mode_orders_nothing_but_says_what_it_would_order(http_server, run):
    LicensePanel(http_server)
    result = run(check_mode=True, licname='web-1', pricelist='ISPmanager Lite', ip='203.0.113.7')
    assert result['changed'] is True
    assert result['license']['pricelist_id'] == 3541 and result['license']['id'] is None
    assert result['diff']['after']['licname'] == 'web-1'
    assert http_server.writes() == []


def test_a_lost_order_answer_is_reconciled_not_ordered_again(http_server, run):
    panel = LicensePanel(http_server)
    # The panel carries the order out, then the connection drops.
    panel.faults['soft.order.param'] = DROP
    result = run(licname='web-1', pricelist='3541', ip='203.0.113.7', wait=False)
    assert result['changed'] is True
    assert write_funcs(http_server) == ['soft.order.param']
    assert result['license']['licname'] == 'web-1'


def test_a_lost_order_that_never_shows_up_is_reported_as_unknown(http_server, client, run, fake_time):
    panel = LicensePanel(http_server)
    # No answer in time, and the panel did not take the order. The client's timeout is cut short for the
    # order alone: set while the request before it is answered, restored once the order has been sent.
    panel.faults['soft.order.param'] = dict(ok(), sleep=0.5)
    panel.hooks['cart'] = lambda params: setattr(client, 'timeout', 0.1)
    panel.hooks['soft.order.param'] = lambda params: setattr(client, 'timeout', 5)
    with pytest.raises(BillmgrError) as info:
        run(licname='web-1', pricelist='3541', ip='203.0.113.7', reconcile_timeout=8)
    assert info.value.kind == 'timeout' and info.value.outcome_unknown is True
    assert 'The answer to the order of license \'web-1\' was lost: it may or may not have been made' \
        in str(info.value)
    assert write_funcs(http_server) == ['soft.order.param']
    # One look before the order, then the reconcile window's looks on the backoff: at 0, 1, 3, 7 and 8 s.
    assert http_server.funcs().count('soft') == 1 + 5
    assert fake_time.sleeps == [1.0, 2.0, 4.0, 1.0]


def test_an_unpaid_cart_order_stops_a_license_order_paid_at_once(http_server, run):
    # Bug 8, for licenses: the new cart's line is not a license yet, so the look-up by name does not see it.
    panel = LicensePanel(http_server)
    cart_line = {'id': '41', 'main': 'ISPmanager Lite', 'price': '400.00', 'configuration': 'soft', 'action': 'order', 'item.type': 'soft'}
    panel.hooks['cart'] = lambda params: panel.faults.__setitem__('cart', doc({'list': {'$name': 'lineitems', 'elem': [cart_line]}}))
    with pytest.raises(InputError, match=r'the cart \(line 41\) already holds an unpaid license order \(ISPmanager Lite'):
        run(licname='web-1', pricelist='3541', ip='203.0.113.7')
    assert http_server.writes() == []


def test_a_lost_license_order_is_looked_for_over_the_reconcile_window_by_default(http_server, client, run, fake_time):
    # Bug 7, for licenses: the window was 8 s.
    panel = LicensePanel(http_server)
    panel.faults['soft.order.param'] = dict(ok(), sleep=0.5)
    panel.hooks['cart'] = lambda params: setattr(client, 'timeout', 0.1)

    def order_lands_late(params):
        client.timeout = 5
        panel.hooks['soft'] = lambda _params: fake_time.now >= 100 and panel.licenses.setdefault(
            901, elem(901, 'web-1', '203.0.113.7'))
    panel.hooks['soft.order.param'] = order_lands_late
    result = run(licname='web-1', pricelist='3541', ip='203.0.113.7', wait=False)
    assert result['changed'] is True and result['license']['id'] == 901
    assert write_funcs(http_server) == ['soft.order.param'] and fake_time.now >= 100


def test_rename_and_reip_are_one_edit_with_only_what_differs(http_server, run):
    LicensePanel(http_server, elem(777, 'alice-lite'))
    result = run(id=777, licname='alice-new', ip='203.0.113.11')
    assert http_server.writes() == [('soft.edit', {'elid': '777', 'sok': 'ok', 'licname': 'alice-new', 'ip': '203.0.113.11'})]
    assert result['diff'] == {'before': {'ip': '203.0.113.10', 'licname': 'alice-lite'},
                              'after': {'ip': '203.0.113.11', 'licname': 'alice-new'}}


def test_a_second_ip_change_in_a_month_names_the_rule(http_server, run):
    panel = LicensePanel(http_server, elem(777, 'alice-lite'))
    panel.faults['soft.edit'] = error('value', 'ip', 'IP address may be changed once a month')
    with pytest.raises(BillmgrError) as info:
        run(id=777, ip='203.0.113.12')
    assert 'only once per calendar month' in str(info.value)
    assert 'IP address may be changed once a month' in str(info.value)


def test_a_suspended_license_is_resumed_by_state_present_and_suspend_is_idempotent(http_server, run):
    LicensePanel(http_server, elem(777, 'alice-lite', status=3))
    assert run(licname='alice-lite', state='suspended')['changed'] is False
    result = run(licname='alice-lite')
    assert result['changed'] is True
    assert write_funcs(http_server) == ['soft.resume']


def test_a_new_key_is_an_action_and_its_key_is_secret_unless_asked_for(http_server, run):
    LicensePanel(http_server, elem(777, 'alice-lite'))
    result = run(licname='alice-lite', regenerate_key=True)
    # The key before (read to confirm the new one differs) and the new key: both are masked wherever Ansible prints.
    assert result['changed'] is True and 'lickey' not in result['license'] and result['secrets'] == ['KEY-777', 'NEW-KEY']
    result = run(licname='alice-lite', regenerate_key=True, with_key=True)
    assert result['license']['lickey'] == 'NEW-KEY-2' and result['secrets'] == []
    assert 'lickey' not in result['diff']['after']


def test_another_product_is_refused_not_switched(http_server, run):
    LicensePanel(http_server, elem(777, 'alice-lite'))
    with pytest.raises(InputError, match='is for ISPmanager Lite, not BILLmanager'):
        run(licname='alice-lite', pricelist='BILLmanager')
    assert run(licname='alice-lite', pricelist='3541')['changed'] is False


def test_two_licenses_with_one_name_need_an_id(http_server, run):
    LicensePanel(http_server, elem(1, 'twin'), elem(2, 'twin'))
    with pytest.raises(InputError, match=r"2 licenses match licname 'twin' \(ids 1, 2\)"):
        run(licname='twin', state='absent')
    assert http_server.writes() == []


def test_waiting_gives_up_after_wait_timeout(http_server, run, fake_time):
    LicensePanel(http_server, elem(777, 'slow', status=5, key=''))
    with pytest.raises(TaskError, match='has no key after 5s') as failure:
        run(licname='slow', wait_timeout=5)
    assert 4 <= http_server.funcs().count('soft.edit') <= 5
    assert failure.value.result['changed'] is False and failure.value.result['license']['id'] == 777
    assert sum(fake_time.sleeps) == pytest.approx(5.0)


def test_absent_deletes_once_and_then_is_unchanged(http_server, run):
    panel = LicensePanel(http_server, elem(777, 'alice-lite'))
    panel.hooks['soft.delete'] = lambda params: panel.licenses.pop(777)
    assert run(licname='alice-lite', state='absent')['changed'] is True
    assert run(licname='alice-lite', state='absent')['changed'] is False
    assert write_funcs(http_server) == ['soft.delete']


# -- a change whose answer was lost (guarded/_write.py): read back, never sent again ----------------

GATEWAY_503 = {'status': 503, 'content_type': 'text/html', 'body': '<html><title>503 Service Temporarily Unavailable</title></html>'}


def test_a_new_address_whose_answer_was_lost_after_it_was_made_is_not_sent_again(http_server, run):
    # Sending it again would meet ISPsystem's one change of address a month.
    panel = LicensePanel(http_server, elem(777, 'alice-lite'))
    panel.faults['soft.edit'] = DROP
    result = run(id=777, ip='203.0.113.11')
    assert result['changed'] is True and result['license']['ip'] == '203.0.113.11'
    assert write_funcs(http_server) == ['soft.edit']


def test_a_new_address_the_panel_did_not_make_is_never_sent_again(http_server, run):
    panel = LicensePanel(http_server, elem(777, 'alice-lite'))
    panel.faults['soft.edit'] = GATEWAY_503
    with pytest.raises(BillmgrError) as err:
        run(id=777, ip='203.0.113.11', autoprolong='off')
    assert err.value.outcome_unknown is True and 'nothing was sent again' in str(err.value)
    assert panel.licenses[777]['ip'] != '203.0.113.11'
    edits = [params for func, params in http_server.writes() if func == 'soft.edit']
    assert len(edits) == 1, 'a lost answer is settled by reading back, never by sending again'


def test_a_deletion_whose_answer_was_lost_is_read_back_and_never_sent_again(http_server, run):
    panel = LicensePanel(http_server, elem(777, 'alice-lite'), elem(778, 'alice-other'))
    panel.faults['soft.delete'] = DROP
    assert run(licname='alice-lite', state='absent')['changed'] is True
    assert write_funcs(http_server) == ['soft.delete']
    panel.faults['soft.delete'] = GATEWAY_503
    with pytest.raises(BillmgrError) as err:
        run(licname='alice-other', state='absent')
    assert err.value.outcome_unknown is True
    assert write_funcs(http_server) == ['soft.delete'] * 2 and list(panel.licenses) == [778]


def test_a_renewal_whose_answer_was_lost_is_never_sent_again(http_server, run):
    panel = LicensePanel(http_server, elem(777, 'alice-lite'))
    panel.faults['service.prolong'] = GATEWAY_503
    with pytest.raises(BillmgrError) as err:
        run(licname='alice-lite', renew=True)
    assert err.value.outcome_unknown is True
    assert write_funcs(http_server) == ['service.prolong']


def test_renew_reads_the_expiry_back_and_a_lost_answer_is_never_renewed_again(http_server, run, client):
    panel = LicensePanel(http_server, elem(777, 'alice-lite'))
    result = run(licname='alice-lite', renew=True, period=1)
    assert result['changed'] is True and result['license']['expiredate'] == '2026-06-01', 'the expiry as read back'
    # The panel renews, and the answer is lost: reading the expiry back settles it, nothing is sent again.
    panel.faults['service.prolong'] = DROP
    result = run(licname='alice-lite', renew=True, period=1, reconcile_timeout=30)
    assert result['changed'] is True and result['license']['expiredate'] == '2026-07-01'
    assert panel.renewals == 2 and write_funcs(http_server) == ['service.prolong'] * 2
    # The panel says ok and the expiry does not move: not success, and not sent again.
    panel.hooks['service.prolong'] = lambda params: panel.faults.update({'service.prolong': ok()})
    with pytest.raises(TaskError, match='its expiry date is still 2026-07-01; not renewing again') as failure:
        run(licname='alice-lite', renew=True, period=1)
    assert failure.value.result['changed'] is True and write_funcs(http_server) == ['service.prolong'] * 3


def test_renew_into_the_cart_is_refused_before_any_request(http_server, run):
    with pytest.raises(InputError, match='renew with skipbasket=false'):
        run(licname='alice-lite', renew=True, skipbasket=False)
    assert http_server.requests == []


def test_renewing_an_expired_license_comes_before_resuming_it(http_server, run):
    panel = LicensePanel(http_server, elem(777, 'alice-lite', status=3, item_status={'orig': '3_autosuspend', 'text': 'Suspended'}))

    def renew(params):
        panel.licenses[777].update(status='2', item_status={'orig': '2', 'text': 'Active'})
    panel.hooks['service.prolong'] = renew
    result = run(licname='alice-lite', renew=True, period=12)
    assert [(func, params.get('period')) for func, params in http_server.writes()] == [('service.prolong', '12')]
    assert result['license']['status_name'] == 'active'


def test_a_refused_address_change_comes_before_the_renewal_is_paid(http_server, run):
    panel = LicensePanel(http_server, elem(777, 'alice-lite'))
    panel.faults['soft.edit'] = error('value', 'ip', 'The IP address of a license can be changed only once a month')
    with pytest.raises(BillmgrError):
        run(licname='alice-lite', ip='203.0.113.99', renew=True, period=1)
    assert write_funcs(http_server) == ['soft.edit']


def test_a_failure_after_a_paid_renewal_reports_changed_and_what_was_done(http_server, run):
    panel = LicensePanel(http_server, elem(777, 'alice-lite', status=3, item_status={'orig': '3_usersuspend', 'text': 'Suspended'}))
    panel.faults['soft.resume'] = error('access', 'elid', 'resuming is not allowed')
    with pytest.raises(TaskError) as failure:
        run(licname='alice-lite', renew=True, period=1)
    assert write_funcs(http_server) == ['service.prolong', 'soft.resume']
    assert 'resuming is not allowed [func soft.resume]; before that, this task had already renewed (paid) license 777' in str(failure.value)
    assert failure.value.result['changed'] is True and failure.value.result['error']['func'] == 'soft.resume'
    assert failure.value.result['license']['id'] == 777 and 'lickey' not in failure.value.result['license']


def test_a_failure_before_anything_was_done_is_the_api_error_itself(http_server, run):
    panel = LicensePanel(http_server, elem(777, 'alice-lite'))
    panel.faults['soft.edit'] = error('value', 'ip', 'refused')
    with pytest.raises(BillmgrError):
        run(licname='alice-lite', ip='203.0.113.99')
