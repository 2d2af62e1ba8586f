# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Renewal rules without a network: a small in-memory panel that answers like BILLmanager and counts every call."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.api import BillmgrError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.prolong import (
    ProlongForm,
    ServiceRenewal,
    add_months,
    autoprolong_value,
    check_period,
    find_renewable,
    parse_until,
    plan_renewals,
    renewal_target,
)

TODAY = datetime.date(2026, 11, 23)
D = datetime.date


class FakePanel(object):
    """Services of one account; ``service.prolong`` charges ``price`` per month and moves the expiry date."""

    def __init__(self, balance=100000):
        self.services = {}
        self.balance = balance
        self.calls = []
        self.faults = []  # callables (func, params) -> an exception to raise, or None; tried on each write
        self.hold_expiry = False  # a panel that accepts a renewal but shows it later

    def add(self, service_id, item_type, expiredate, status=2, autoprolong='1', periods=(1, 3, 6, 12, 24, 36), price=500, **extra):
        elem = {'id': str(service_id), 'expiredate': expiredate, 'status': str(status), 'autoprolong': autoprolong,
                'item_status': {'orig': str(status), 'text': 'Active'}}
        elem.update(extra)
        self.services[service_id] = {'type': item_type, 'elem': elem, 'periods': periods, 'price': price}

    def expiry(self, service_id):
        return self.services[service_id]['elem']['expiredate']

    def funcs(self):
        return [func for func, _params, _kind in self.calls]

    def writes(self):
        return [(func, params) for func, params, kind in self.calls if kind == 'write']

    # -- the client interface ----------------------------------------------------------------

    def list(self, func, params=None):
        self.calls.append((func, dict(params or {}), 'list'))
        params = dict((k, v) for k, v in (params or {}).items() if v is not None)
        params.pop('filter', None)
        # Like BILLmanager: deleted services are listed only when asked for by status.
        return [dict(s['elem']) for s in self.services.values()
                if s['type'] == func and all(str(s['elem'].get(k)) == str(v) for k, v in params.items())
                and (s['elem']['status'] != '4' or 'status' in params)]

    def read(self, func, params=None):
        self.calls.append((func, dict(params or {}), 'read'))
        service = self.services[int(params['elid'])]
        if func == 'service.prolong':
            period = int(params.get('period') or 1)
            new = add_months(D.fromisoformat(service['elem']['expiredate']), period).isoformat()
            return {'expiredate': service['elem']['expiredate'], 'newexpiredate': new,
                    'slist': {'name': 'period', 'val': [{'key': str(p), 'text': '%d months' % p} for p in service['periods']]}}
        if func == '%s.edit' % service['type']:
            return {'elid': params['elid'], 'autoprolong': service['elem']['autoprolong'] or 'null'}
        raise BillmgrError('missed', 'no function %s' % func, func=func)

    def write(self, func, params=None):
        self.calls.append((func, dict(params or {}), 'write'))
        for fault in list(self.faults):
            err = fault(func, params)
            if err is not None:
                raise err
        service = self.services[int(params['elid'])]
        if func == 'service.prolong':
            assert params['sok'] == 'ok' and params['skipbasket'] == 'on'
            self._renewable(service)
            period = int(params['period'])
            cost = service['price'] * period
            if cost > self.balance:
                raise BillmgrError('value', 'Insufficient funds on the balance', obj='balance', func=func)
            self.balance -= cost
            if not self.hold_expiry:
                service['elem']['expiredate'] = add_months(D.fromisoformat(service['elem']['expiredate']), period).isoformat()
            return {'ok': ''}
        if func == '%s.edit' % service['type']:
            value = params['autoprolong']
            service['elem']['autoprolong'] = '' if value == 'null' else str(value)
            return {'ok': ''}
        raise BillmgrError('missed', 'no function %s' % func, func=func)

    @staticmethod
    def _renewable(service):
        if service['elem']['status'] in ('4', '5'):
            raise BillmgrError('value', 'Cannot renew this service: the service has not been processed yet', func='service.prolong')


@pytest.fixture
def panel():
    p = FakePanel()
    p.add(958, 'vds', '2026-12-23')
    p.add(945, 'vhost', '2026-12-23', domain='alice.test')
    p.add(777, 'soft', '2026-12-23', autoprolong='', periods=(1, 12), licname='alice-lite')
    return p


def renewal(panel, check_mode=False):
    warnings = []
    r = ServiceRenewal(panel, check_mode=check_mode, today=TODAY, warn=warnings.append)
    r.warnings_seen = warnings
    return r


# -- dates and input --------------------------------------------------------------------------

def test_add_months_clips_to_the_end_of_the_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 12, 23), 12) == D(2027, 12, 23)


def test_plan_renewals_stops_at_the_first_date_on_or_after_the_target():
    assert plan_renewals(D(2026, 12, 23), D(2027, 3, 15), 1) == [D(2027, 1, 23), D(2027, 2, 23), D(2027, 3, 23)]
    assert plan_renewals(D(2026, 12, 23), D(2027, 3, 23), 1)[-1] == D(2027, 3, 23)
    assert plan_renewals(D(2026, 12, 23), D(2026, 12, 23), 1) == []
    assert plan_renewals(D(2026, 12, 23), D(2027, 6, 1), 12) == [D(2027, 12, 23)]


@pytest.mark.parametrize('text', ['2026-13-01', '23.12.2026', '2026-1-5', 'tomorrow', '', '2026-02-30'])
def test_a_bad_until_is_refused(text):
    with pytest.raises(ValueError, match='YYYY-MM-DD'):
        parse_until(text)


def test_until_accepts_a_yaml_date_turned_into_text():
    assert parse_until(D(2027, 1, 31)) == D(2027, 1, 31)
    assert parse_until(' 2027-01-31 ') == D(2027, 1, 31)


def test_renewal_target_from_until_or_min_days_left():
    assert renewal_target('2027-01-31', None, today=TODAY) == D(2027, 1, 31)
    assert renewal_target(None, 30, today=TODAY) == D(2026, 12, 23)
    assert renewal_target(None, 0, today=TODAY) == TODAY
    assert renewal_target(None, None, today=TODAY) is None
    with pytest.raises(ValueError, match='YYYY-MM-DD'):
        renewal_target('', None, today=TODAY)
    with pytest.raises(ValueError, match='min_days_left'):
        renewal_target(None, -1, today=TODAY)


def test_autoprolong_choices():
    assert autoprolong_value('12') == 12
    assert autoprolong_value(1) == 1
    assert autoprolong_value('off') is None
    with pytest.raises(ValueError):
        autoprolong_value('2')


def test_period_must_be_a_billing_period():
    assert check_period(12) == 12
    with pytest.raises(ValueError, match='period'):
        check_period(2)


def test_prolong_form_reads_periods_from_one_or_many_slists():
    form = ProlongForm.from_doc({'expiredate': '2026-12-23', 'newexpiredate': '2027-01-23',
                                 'slist': [{'name': 'other', 'val': {'key': 'x'}}, {'name': 'period', 'val': [{'key': '1'}, {'key': '12'}]}]})
    assert (form.expiredate, form.newexpiredate, form.periods) == (D(2026, 12, 23), D(2027, 1, 23), [1, 12])
    assert ProlongForm.from_doc({}).periods == []


# -- look-up ------------------------------------------------------------------------------------

def test_find_by_id_and_type_is_one_list_request(panel):
    service = find_renewable(panel, 'vds', service_id=958)
    assert (service['id'], service['type'], service['expiredate']) == (958, 'vds', '2026-12-23')
    assert panel.funcs() == ['vds']


def test_find_by_id_alone_asks_each_type_in_turn(panel):
    assert find_renewable(panel, service_id=777)['type'] == 'soft'
    assert panel.funcs() == ['vds', 'dedic', 'vhost', 'soft']


def test_find_by_licname_and_by_domain(panel):
    assert find_renewable(panel, licname='alice-lite')['id'] == 777
    assert panel.funcs() == ['soft']  # one list request gives the license and its service shape
    assert find_renewable(panel, 'vhost', domain='alice.test')['id'] == 945
    with pytest.raises(ValueError, match='type is required'):
        find_renewable(panel, remoteid='abc')
    with pytest.raises(ValueError, match='license'):
        find_renewable(panel, 'vds', licname='alice-lite')


def test_a_missing_service_says_what_was_looked_for(panel):
    with pytest.raises(ValueError, match='no vds service with id 1 '):
        find_renewable(panel, 'vds', service_id=1)
    assert [(func, params.get('status')) for func, params, _kind in panel.calls] == [('vds', None), ('vds', 4)]


def test_a_deleted_service_is_found_by_id_so_the_panel_can_refuse_it(panel):
    panel.add(938, 'vds', '2026-12-23', status=4)
    assert find_renewable(panel, 'vds', service_id=938)['status'] == 4
    r = renewal(panel)
    r.find('vds', service_id=938)
    with pytest.raises(BillmgrError, match='Cannot renew this service'):
        r.renew_once(1)
    assert panel.balance == 100000


# -- until: idempotent renewals -------------------------------------------------------------------

def test_until_renews_as_often_as_needed_and_reads_back_after_each(panel):
    r = renewal(panel)
    r.find('vds', service_id=958)
    r.renew_until(D(2027, 3, 15), 1)
    assert (r.changed, r.renewals, r.expiredate_before, r.expiredate) == (True, 3, D(2026, 12, 23), D(2027, 3, 23))
    assert panel.expiry(958) == '2027-03-23'
    assert panel.balance == 100000 - 3 * 500
    # the look-up, then each renewal followed by a read-back
    assert panel.funcs() == ['vds'] + ['service.prolong', 'vds'] * 3
    result = r.result(diff=True)
    assert (result['expiredate_before'], result['expiredate'], result['renewals']) == ('2026-12-23', '2027-03-23', 3)
    assert result['service']['expiredate'] == '2027-03-23'
    assert result['diff'] == {'before': {'expiredate': '2026-12-23', 'autoprolong': 1}, 'after': {'expiredate': '2027-03-23', 'autoprolong': 1}}


def test_until_already_reached_costs_only_the_look_up(panel):
    r = renewal(panel)
    r.find('vds', service_id=958)
    r.renew_until(D(2026, 12, 23), 1)
    assert (r.changed, r.renewals) == (False, 0)
    assert panel.funcs() == ['vds']


def test_until_in_the_past_renews_nothing_and_warns(panel):
    panel.services[958]['elem']['expiredate'] = '2026-10-01'
    r = renewal(panel)
    r.find('vds', service_id=958)
    r.renew_until(D(2026, 11, 1), 1)
    assert (r.changed, r.renewals) == (False, 0)
    assert panel.funcs() == ['vds']
    assert 'in the past' in r.warnings_seen[0]


def test_too_many_renewals_fail_before_any_payment(panel):
    r = renewal(panel)
    r.find('vds', service_id=958)
    with pytest.raises(ValueError, match='max_renewals'):
        r.renew_until(D(2030, 1, 1), 1, max_renewals=36)
    assert panel.writes() == []
    assert panel.balance == 100000


def test_check_mode_tells_a_period_the_tariff_does_not_offer(panel):
    r = renewal(panel, check_mode=True)
    r.find('soft', service_id=777)
    with pytest.raises(ValueError, match='offers 1, 12'):
        r.renew_until(D(2027, 6, 1), 3)
    assert panel.writes() == []


def test_check_mode_predicts_from_the_form_and_writes_nothing(panel):
    r = renewal(panel, check_mode=True)
    r.find('vds', service_id=958)
    r.renew_until(D(2027, 3, 15), 1)
    assert (r.changed, r.renewals, r.expiredate) == (True, 3, D(2027, 3, 23))
    assert panel.writes() == []
    assert panel.funcs() == ['vds', 'service.prolong']
    assert panel.expiry(958) == '2026-12-23'


def test_refused_renewal_of_a_processing_service_pays_nothing(panel):
    panel.services[958]['elem']['status'] = '5'
    r = renewal(panel)
    r.find('vds', service_id=958)
    with pytest.raises(BillmgrError, match='Cannot renew this service'):
        r.renew_until(D(2027, 3, 15), 1)
    assert len(panel.writes()) == 1  # refused by the panel, and never sent again
    assert panel.balance == 100000
    assert r.renewals == 0


def test_insufficient_balance_halfway_keeps_the_renewals_made(panel):
    panel.balance = 1200
    r = renewal(panel)
    r.find('vds', service_id=958)
    with pytest.raises(BillmgrError, match='Insufficient') as caught:
        r.renew_until(D(2027, 3, 15), 1)
    assert (r.renewals, r.expiredate) == (2, D(2027, 2, 23))
    assert panel.balance == 200
    message = r.failure_message(caught.value)
    assert 'Insufficient funds' in message and '2 renewal(s)' in message and '2026-12-23 -> 2027-02-23' in message


# -- lost answers: never pay twice ------------------------------------------------------------

def test_a_lost_answer_of_a_renewal_that_was_made_counts_it_and_goes_on(panel):
    original_write = panel.write
    state = {'lost': False}

    def write(func, params=None):
        answer = original_write(func, params)
        if func == 'service.prolong' and not state['lost']:
            state['lost'] = True
            raise BillmgrError('connection', 'connection reset', func=func, outcome_unknown=True)
        return answer
    panel.write = write
    r = renewal(panel)
    r.find('vds', service_id=958)
    r.renew_until(D(2027, 2, 1), 1)
    assert (r.renewals, r.expiredate) == (2, D(2027, 2, 23))
    assert panel.balance == 100000 - 2 * 500
    assert 'was lost' in r.warnings_seen[0]


def test_a_lost_answer_with_no_visible_effect_is_never_sent_again(panel):
    panel.faults.append(lambda func, params: BillmgrError('timeout', 'no answer', func=func, outcome_unknown=True))
    r = renewal(panel)
    r.find('vds', service_id=958)
    with pytest.raises(BillmgrError, match='not renewing again') as caught:
        r.renew_until(D(2027, 3, 15), 1)
    assert caught.value.outcome_unknown
    assert len(panel.writes()) == 1
    assert panel.funcs()[-1] == 'vds'  # the expiry date was read back before giving up


def test_an_accepted_renewal_that_does_not_show_stops_the_loop(panel):
    panel.hold_expiry = True
    r = renewal(panel)
    r.find('vds', service_id=958)
    with pytest.raises(BillmgrError, match='still 2026-12-23') as caught:
        r.renew_until(D(2027, 3, 15), 1)
    assert caught.value.outcome_unknown
    assert len(panel.writes()) == 1
    assert r.changed and r.renewals == 0
    assert panel.balance == 100000 - 500


# -- period: once per run ---------------------------------------------------------------------------

def test_period_renews_once_per_run(panel):
    for _run in (1, 2):
        r = renewal(panel)
        r.find('vds', service_id=958)
        r.renew_once(3)
        assert (r.changed, r.renewals) == (True, 1)
    assert panel.expiry(958) == '2027-06-23'
    assert len(panel.writes()) == 2


def test_period_in_check_mode_reports_the_forms_new_date(panel):
    r = renewal(panel, check_mode=True)
    r.find('soft', service_id=777)
    r.renew_once(12)
    assert (r.changed, r.renewals, r.expiredate) == (True, 1, D(2027, 12, 23))
    assert panel.writes() == []


# -- autoprolong ----------------------------------------------------------------------------------

def test_autoprolong_is_written_only_when_it_differs(panel):
    r = renewal(panel)
    r.find('soft', service_id=777)
    r.set_autoprolong('12')
    assert r.changed
    assert panel.writes() == [('soft.edit', {'elid': 777, 'autoprolong': 12, 'sok': 'ok'})]
    assert r.result()['service']['autoprolong'] == 12

    again = renewal(panel)
    again.find('soft', service_id=777)
    again.set_autoprolong('12')
    assert not again.changed
    assert len(panel.writes()) == 1


def test_autoprolong_off_is_sent_as_null(panel):
    r = renewal(panel)
    r.find('vhost', service_id=945)
    r.set_autoprolong('off')
    assert panel.writes() == [('vhost.edit', {'elid': 945, 'autoprolong': 'null', 'sok': 'ok'})]
    assert r.result(diff=True)['diff'] == {'before': {'expiredate': '2026-12-23', 'autoprolong': 1},
                                           'after': {'expiredate': '2026-12-23', 'autoprolong': None}}


def test_autoprolong_in_check_mode_reads_but_never_writes(panel):
    r = renewal(panel, check_mode=True)
    r.find('vds', service_id=958)
    r.set_autoprolong('6')
    assert r.changed
    assert panel.writes() == []
    assert panel.funcs() == ['vds', 'vds.edit']
