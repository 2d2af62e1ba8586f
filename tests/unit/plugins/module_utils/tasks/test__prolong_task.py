# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tasks/_prolong_task.py: renewal rules against the scripted server, which runs a small panel that charges for every renewal.

Every service.prolong is money, so each test counts the writes the task sent and the balance left.
"""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._prolong_form import ProlongForm
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._prolong_task import RenewalTask, find_renewable
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import add_months, check_autoprolong, renewal_period
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import DROP, doc, error, is_write, listing, ok, params_of

TODAY = datetime.date(2026, 11, 23)
D = datetime.date
LIST_FILTERS = ('id', 'status', 'domain', 'remoteid', 'licname')


class RenewalPanel(object):
    """The server's script: services of one account; ``service.prolong`` charges ``price`` per month and moves the expiry date.

    ``faults`` are callables ``(func, params) -> answer or None`` tried on each write: an error
    document refuses it, DROP loses its answer after the panel did it (``after``) or before (``before``).
    """

    def __init__(self, server, balance=100000):
        self.services = {}
        self.balance = balance
        self.faults = []
        self.hold_expiry = False  # a panel that accepts a renewal but shows it later
        server.handler = self

    def add(self, service_id, item_type, expiredate, status=2, autoprolong='1', periods=(1, 3, 6, 12, 24, 36), price=500,
            priced=True, **extra):
        """``priced``: the edit form's auto-renewal choices name the price ("500.00 RUB per month", E22), else the period alone."""
        elem = {'id': str(service_id), 'expiredate': expiredate, 'status': str(status), 'autoprolong': autoprolong,
                'item_status': {'orig': str(status), 'text': 'Active'}}
        elem.update(extra)
        self.services[service_id] = {'type': item_type, 'elem': elem, 'periods': periods, 'price': price, 'priced': priced}

    def expiry(self, service_id):
        return self.services[service_id]['elem']['expiredate']

    def __call__(self, form):
        func, params = form['func'], params_of(form)
        if not is_write(form):
            return self._read(func, params)
        for fault in list(self.faults):
            answer = fault(func, params)
            if answer == 'after':
                self._write(func, params)
                return DROP
            if answer is not None:
                return answer
        return self._write(func, params)

    def _read(self, func, params):
        if '.' not in func:
            # Like BILLmanager: deleted services are listed only when asked for by status.
            wanted = dict((k, v) for k, v in params.items() if k in LIST_FILTERS)
            return listing(*[dict(s['elem']) for s in self.services.values()
                             if s['type'] == func and all(str(s['elem'].get(k)) == v for k, v in wanted.items())
                             and (s['elem']['status'] != '4' or 'status' in wanted)])
        service = self.services[int(params['elid'])]
        if func == 'service.prolong':
            period = int(params.get('period') or 1)
            new = add_months(D.fromisoformat(service['elem']['expiredate']), period).isoformat()
            return doc(expiredate=service['elem']['expiredate'], newexpiredate=new,
                       slist={'name': 'period', 'val': [{'key': str(p), 'text': '%d months' % p} for p in service['periods']]})
        if func == '%s.edit' % service['type']:
            # Real renewal forms show no price (real-panels-2 §2.7); the edit form's auto-renewal choices do (E22).
            choices = [{'$key': 'null', '$': 'Disabled'}] + [
                {'$key': str(p), '$': ('%d.00 RUB ' % (service['price'] * p) if service['priced'] else '') + 'for %d months' % p}
                for p in service['periods']]
            return doc(elid=params['elid'], autoprolong=service['elem']['autoprolong'] or 'null',
                       slist={'$name': 'autoprolong', 'val': choices})
        return error('missed', None, 'no function %s' % func)

    def _write(self, func, params):
        service = self.services[int(params['elid'])]
        if func == 'service.prolong':
            if params.get('skipbasket') != 'on':
                return error('value', 'skipbasket', 'a renewal without skipbasket goes to the cart')
            if service['elem']['status'] in ('4', '5'):
                return error('value', None, 'Cannot renew this service: the service has not been processed yet')
            cost = service['price'] * int(params['period'])
            if cost > self.balance:
                return error('value', 'balance', 'Insufficient funds on the balance')
            self.balance -= cost
            if not self.hold_expiry:
                service['elem']['expiredate'] = add_months(D.fromisoformat(service['elem']['expiredate']), int(params['period'])).isoformat()
            return ok()
        if func == '%s.edit' % service['type']:
            value = params['autoprolong']
            service['elem']['autoprolong'] = '' if value == 'null' else value
            return ok()
        return error('missed', None, 'no function %s' % func)


@pytest.fixture
def panel(http_server):
    p = RenewalPanel(http_server)
    p.add(958, 'vds', '2026-12-23')
    p.add(945, 'vhost', '2026-12-23', domain='alice.test')
    p.add(777, 'soft', '2026-12-23', autoprolong='', periods=(1, 12), licname='alice-lite')
    return p


def renewal(client, check_mode=False, **params):
    """A RenewalTask whose steps a test drives one by one (``run()`` does them in the task's order)."""
    warnings = []
    r = RenewalTask(client, params, today=TODAY, check_mode=check_mode, warn=warnings.append)
    r.warnings_seen = warnings
    return r


# -- dates and input --------------------------------------------------------------------------

@pytest.mark.parametrize('limit', [{'max_cost': float('nan')}, {'keep_balance': float('nan')}, {'max_cost': float('inf')},
                                   {'keep_balance': float('inf')}])
def test_a_limit_that_is_not_a_finite_amount_is_refused_before_any_request(http_server, client, limit):
    # keep_balance: .nan once switched the limit off: NaN passes every comparison (issue 32).
    with pytest.raises(InputError, match='^%s must be a finite amount of money' % list(limit)[0]):
        RenewalTask(client, dict(id=958, until='2027-06-01', **limit), today=TODAY).run()
    assert http_server.requests == []


def test_add_months_clips_to_the_end_of_the_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 12, 23), 12) == D(2027, 12, 23)


def test_autoprolong_choices():
    assert check_autoprolong('12') == 12
    assert check_autoprolong(1) == 1
    assert check_autoprolong('off') is None
    with pytest.raises(InputError):
        check_autoprolong('2')


@pytest.mark.parametrize('value, code', [(12, 12), ('3', 3), ('daily', -50), (' Daily ', -50), (-50, -50), (None, None)])
def test_a_renewal_is_by_months_or_daily(value, code):
    assert renewal_period(value) == code


@pytest.mark.parametrize('value', [2, 'trial', 'one-time', 0, -100, True, '1 year'])
def test_a_renewal_period_refuses_anything_else(value):
    with pytest.raises(InputError, match='period must be one of 1, 3, 6, 12, 24, 36 months, or daily'):
        renewal_period(value)


def test_prolong_form_reads_periods_from_one_or_many_slists():
    form = ProlongForm.from_doc({'expiredate': '2026-12-23', 'newexpiredate': '2027-01-23',
                                 'slist': [{'name': 'other', 'val': {'key': 'x'}}, {'name': 'period', 'val': [{'key': '1'}, {'key': '12'}]}]})
    assert (form.expiredate, form.newexpiredate, form.periods) == (D(2026, 12, 23), D(2027, 1, 23), [1, 12])
    assert ProlongForm.from_doc({}).periods == []


# -- look-up ------------------------------------------------------------------------------------

def test_find_by_id_and_type_is_one_list_request(http_server, client, panel):
    service = find_renewable(client, 'vds', service_id=958)
    assert (service['id'], service['type'], service['expiredate']) == (958, 'vds', '2026-12-23')
    assert http_server.funcs() == ['vds']


def test_find_by_id_alone_asks_each_type_in_turn(http_server, client, panel):
    assert find_renewable(client, service_id=777)['type'] == 'soft'
    assert http_server.funcs() == ['vds', 'dedic', 'vhost', 'soft']


def test_find_by_licname_and_by_domain(http_server, client, panel):
    assert find_renewable(client, licname='alice-lite')['id'] == 777
    assert http_server.funcs() == ['soft']  # one list request gives the license and its service shape
    assert find_renewable(client, 'vhost', domain='alice.test')['id'] == 945
    with pytest.raises(InputError, match='type is required'):
        find_renewable(client, remoteid='abc')
    with pytest.raises(InputError, match='license'):
        find_renewable(client, 'vds', licname='alice-lite')


def test_a_missing_service_says_what_was_looked_for(http_server, client, panel):
    with pytest.raises(InputError, match='no vds service with id 1 '):
        find_renewable(client, 'vds', service_id=1)
    # Live services first; deleted ones only when asked for by status.
    assert [(r['form']['func'], r['form'].get('status')) for r in http_server.requests] == [('vds', None), ('vds', '4')]


def test_a_deleted_service_is_found_by_id_so_the_panel_can_refuse_it(http_server, client, panel):
    panel.add(938, 'vds', '2026-12-23', status=4)
    assert find_renewable(client, 'vds', service_id=938)['status'] == 4
    r = renewal(client)
    r.find('vds', service_id=938)
    with pytest.raises(BillmgrError, match='Cannot renew this service'):
        r.renew_once(1)
    assert panel.balance == 100000


# -- until: idempotent renewals -------------------------------------------------------------------

def test_until_renews_as_often_as_needed_and_reads_back_after_each(http_server, client, panel):
    r = renewal(client)
    r.find('vds', service_id=958)
    r.renew_until(D(2027, 3, 15), 1)
    assert (r.changed, r.renewals, r.expiredate_before, r.expiredate) == (True, 3, D(2026, 12, 23), D(2027, 3, 23))
    assert panel.expiry(958) == '2027-03-23'
    assert panel.balance == 100000 - 3 * 500
    # the look-up, the look again under the service's lock, then each renewal followed by a read-back
    assert http_server.funcs() == ['vds', 'vds'] + ['service.prolong', 'vds'] * 3
    result = r.result(diff=True)
    assert (result['expiredate_before'], result['expiredate'], result['renewals']) == ('2026-12-23', '2027-03-23', 3)
    assert result['service']['expiredate'] == '2027-03-23'
    assert result['diff'] == {'before': {'expiredate': '2026-12-23', 'autoprolong': 1}, 'after': {'expiredate': '2027-03-23', 'autoprolong': 1}}


def test_until_already_reached_costs_only_the_look_up(http_server, client, panel):
    r = renewal(client)
    r.find('vds', service_id=958)
    r.renew_until(D(2026, 12, 23), 1)
    assert (r.changed, r.renewals) == (False, 0)
    assert http_server.funcs() == ['vds']


def test_until_in_the_past_renews_nothing_and_warns(http_server, client, panel):
    panel.services[958]['elem']['expiredate'] = '2026-10-01'
    r = renewal(client)
    r.find('vds', service_id=958)
    r.renew_until(D(2026, 11, 1), 1)
    assert (r.changed, r.renewals) == (False, 0)
    assert http_server.funcs() == ['vds']
    assert 'in the past' in r.warnings_seen[0]


def test_too_many_renewals_fail_before_any_payment(http_server, client, panel):
    r = renewal(client)
    r.find('vds', service_id=958)
    with pytest.raises(InputError, match='max_renewals'):
        r.renew_until(D(2030, 1, 1), 1, max_renewals=36)
    assert http_server.writes() == []
    assert panel.balance == 100000


def test_check_mode_tells_a_period_the_tariff_does_not_offer(http_server, client, panel):
    r = renewal(client, check_mode=True)
    r.find('soft', service_id=777)
    with pytest.raises(InputError, match='offers 1, 12'):
        r.renew_until(D(2027, 6, 1), 3)
    assert http_server.writes() == []


def test_check_mode_predicts_from_the_form_and_writes_nothing(http_server, client, panel):
    r = renewal(client, check_mode=True)
    r.find('vds', service_id=958)
    r.renew_until(D(2027, 3, 15), 1)
    assert (r.changed, r.renewals, r.expiredate) == (True, 3, D(2027, 3, 23))
    assert http_server.writes() == []
    # The renewal form for the dates, the edit form for the price (real renewal forms show none, real-panels-2 §2.7).
    assert http_server.funcs() == ['vds', 'service.prolong', 'vds.edit']
    assert panel.expiry(958) == '2026-12-23'
    result = r.result()
    assert result['msg'] == 'would make 3 renewal(s) of vds 958 by 1 month(s), until 2027-03-23, for 1500.00 RUB'
    assert result['spending'] == {'cost': 1500.0, 'currency': 'RUB'}


def test_check_mode_says_when_the_price_is_unknown(http_server, client, panel):
    panel.add(1065, 'dedic', '2026-12-23', priced=False)
    r = renewal(client, check_mode=True)
    r.find('dedic', service_id=1065)
    r.renew_once(3)
    result = r.result()
    assert result['msg'] == ('would make 1 renewal(s) of dedic 1065 by 3 month(s), until 2027-03-23, for an unknown amount '
                             '(the panel shows no price for this renewal)')
    assert result['spending'] == {'cost': None, 'currency': None} and http_server.writes() == []


@pytest.mark.parametrize('limit', [{'max_cost': 100000}, {'keep_balance': 0}])
def test_a_limit_on_a_renewal_the_panel_shows_no_price_for_refuses_before_any_write(http_server, client, panel, limit):
    panel.add(1065, 'dedic', '2026-12-23', priced=False)
    with pytest.raises(InputError) as refused:
        RenewalTask(client, task_params(type='dedic', id=1065, until='2027-02-01', **limit), today=TODAY).run()
    assert str(refused.value) == (
        "2 renewal(s) of dedic 1065: the panel shows no price for this renewal (the auto-renewal choices of the service's "
        'edit form name none for 1 month(s)), so max_cost and keep_balance cannot be checked; nothing was paid. To renew at '
        'the price the panel charges, whatever it is, run the task without max_cost and keep_balance')
    assert http_server.writes() == [] and panel.balance == 100000 and panel.expiry(1065) == '2026-12-23'
    # Without limits it renews, as a user who dropped them deliberately asked.
    result = RenewalTask(client, task_params(type='dedic', id=1065, until='2027-02-01'), today=TODAY).run()
    assert (result['changed'], result['renewals']) == (True, 2) and http_server.funcs().count('dedic.edit') == 1


def test_max_cost_is_checked_against_the_edit_forms_price_for_the_period(http_server, client, panel):
    with pytest.raises(InputError, match=r'^2 renewal\(s\) of vds 958 costs 3000.00 RUB, more than max_cost 2999.99; nothing was paid$'):
        RenewalTask(client, task_params(type='vds', id=958, until='2027-05-01', period=3, max_cost=2999.99), today=TODAY).run()
    assert http_server.writes() == []
    result = RenewalTask(client, task_params(type='vds', id=958, until='2027-05-01', period=3, max_cost=3000), today=TODAY).run()
    assert (result['renewals'], result['spending']) == (2, {'cost': 3000.0, 'currency': 'RUB'})
    assert panel.balance == 100000 - 3000


def test_refused_renewal_of_a_processing_service_pays_nothing(http_server, client, panel):
    panel.services[958]['elem']['status'] = '5'
    r = renewal(client)
    r.find('vds', service_id=958)
    with pytest.raises(BillmgrError, match='Cannot renew this service'):
        r.renew_until(D(2027, 3, 15), 1)
    assert len(http_server.writes()) == 1  # refused by the panel, and never sent again
    assert panel.balance == 100000
    assert r.renewals == 0


def test_insufficient_balance_halfway_keeps_the_renewals_made(http_server, client, panel):
    panel.balance = 1200
    r = renewal(client)
    r.find('vds', service_id=958)
    with pytest.raises(BillmgrError, match='Insufficient') as caught:
        r.renew_until(D(2027, 3, 15), 1)
    assert (r.renewals, r.expiredate) == (2, D(2027, 2, 23))
    assert panel.balance == 200
    message = r.failure_message(caught.value)
    assert 'Insufficient funds' in message and '2 renewal(s)' in message and '2026-12-23 -> 2027-02-23' in message


def window_of(days, today=D(2026, 12, 1)):
    """A panel that renews a service only when its expiry is at most ``days`` ahead (real-panels.md 10.2, E5)."""
    def refuse(func, params, panel):
        service = panel.services[int(params['elid'])]
        opens = D.fromisoformat(service['elem']['expiredate']) - datetime.timedelta(days=days)
        if func == 'service.prolong' and today < opens:
            answer = error('value', 'elid', 'The service can be renewed only after %s' % opens.isoformat())
            answer['body']['doc']['error']['param'] = {'$name': 'value', '$': opens.isoformat()}
            return answer
        return None
    return refuse


def test_a_renewal_window_stops_until_where_the_panel_does_and_says_when_to_go_on(http_server, client, panel):
    # Expiry 2026-12-23, today 2026-12-01; the panel renews only within 30 days of expiry: one month now, then not
    # before 2026-12-24.
    refuse = window_of(30)
    panel.faults.append(lambda func, params: refuse(func, params, panel))
    warnings = []
    r = renewal(client)
    r.warn = warnings.append
    r.find('vds', service_id=958)
    r.renew_until(D(2027, 3, 15), 1)
    assert (r.renewals, r.expiredate, r.next_renewal) == (1, D(2027, 1, 23), D(2026, 12, 24))
    result = r.result()
    assert result['changed'] is True and result['next_renewal'] == '2026-12-24' and result['renewals'] == 1
    assert warnings == ['vds 958 can be renewed again only after 2026-12-24 (the panel\'s renewal window): 1 renewal(s) made '
                        'now, expiry 2027-01-23; run the task again from that day to reach 2027-03-15']
    assert panel.balance == 100000 - 500


# -- lost answers: never pay twice ------------------------------------------------------------

def test_a_lost_answer_of_a_renewal_that_was_made_counts_it_and_goes_on(http_server, client, panel):
    state = {'lost': False}

    def lose_the_first_answer(func, params):
        # The panel renews and charges, then the connection drops before its answer.
        if func == 'service.prolong' and not state['lost']:
            state['lost'] = True
            return 'after'
        return None
    panel.faults.append(lose_the_first_answer)
    r = renewal(client)
    r.find('vds', service_id=958)
    r.renew_until(D(2027, 2, 1), 1)
    assert (r.renewals, r.expiredate) == (2, D(2027, 2, 23))
    assert panel.balance == 100000 - 2 * 500
    assert 'was lost' in r.warnings_seen[0]


def test_a_lost_answer_with_no_visible_effect_is_never_sent_again(http_server, client, panel):
    # No answer, and the panel did not renew: nothing shows that it did.
    panel.faults.append(lambda func, params: DROP)
    r = renewal(client)
    r.find('vds', service_id=958)
    with pytest.raises(BillmgrError, match='not renewing again') as caught:
        r.renew_until(D(2027, 3, 15), 1)
    assert caught.value.outcome_unknown
    assert len(http_server.writes()) == 1
    assert http_server.funcs()[-1] == 'vds'  # the expiry date was read back before giving up


def test_an_accepted_renewal_that_does_not_show_stops_the_loop(http_server, client, panel):
    panel.hold_expiry = True
    r = renewal(client)
    r.find('vds', service_id=958)
    # The panel said yes, so this is the task's own stop (TaskError), carrying that the outcome is unknown.
    with pytest.raises(TaskError, match='still 2026-12-23') as caught:
        r.renew_until(D(2027, 3, 15), 1)
    assert caught.value.result['error'] == {'type': None, 'object': None, 'func': 'service.prolong', 'outcome_unknown': True}
    assert len(http_server.writes()) == 1
    assert r.changed and r.renewals == 0
    assert panel.balance == 100000 - 500


# -- period: once per run ---------------------------------------------------------------------------

def test_period_renews_once_per_run(http_server, client, panel):
    for _run in (1, 2):
        r = renewal(client)
        r.find('vds', service_id=958)
        r.renew_once(3)
        assert (r.changed, r.renewals) == (True, 1)
    assert panel.expiry(958) == '2027-06-23'
    assert len(http_server.writes()) == 2


def test_period_in_check_mode_reports_the_forms_new_date(http_server, client, panel):
    r = renewal(client, check_mode=True)
    r.find('soft', service_id=777)
    r.renew_once(12)
    assert (r.changed, r.renewals, r.expiredate) == (True, 1, D(2027, 12, 23))
    assert http_server.writes() == []


# -- autoprolong ----------------------------------------------------------------------------------

def test_autoprolong_is_written_only_when_it_differs(http_server, client, panel):
    r = renewal(client)
    r.find('soft', service_id=777)
    r.set_autoprolong('12')
    assert r.changed
    assert http_server.writes() == [('soft.edit', {'elid': '777', 'autoprolong': '12', 'sok': 'ok'})]
    assert r.result()['service']['autoprolong'] == 12

    again = renewal(client)
    again.find('soft', service_id=777)
    again.set_autoprolong('12')
    assert not again.changed
    assert len(http_server.writes()) == 1


def test_autoprolong_off_is_sent_as_null(http_server, client, panel):
    r = renewal(client)
    r.find('vhost', service_id=945)
    r.set_autoprolong('off')
    assert http_server.writes() == [('vhost.edit', {'elid': '945', 'autoprolong': 'null', 'sok': 'ok'})]
    assert r.result(diff=True)['diff'] == {'before': {'expiredate': '2026-12-23', 'autoprolong': 1},
                                           'after': {'expiredate': '2026-12-23', 'autoprolong': None}}


def test_autoprolong_in_check_mode_reads_but_never_writes(http_server, client, panel):
    r = renewal(client, check_mode=True)
    r.find('vds', service_id=958)
    r.set_autoprolong('6')
    assert r.changed
    assert http_server.writes() == []
    assert http_server.funcs() == ['vds', 'vds.edit']


def test_autoprolong_the_service_does_not_offer_is_refused_before_the_edit(http_server, client, panel):
    offers = {'body': {'doc': {'elid': '958', 'autoprolong': '1', 'slist': {'$name': 'autoprolong', 'val': [
        {'$key': 'null', '$': 'Off'}, {'$key': '1', '$': '1 month'}, {'$key': '12', '$': '1 year'}]}}}}
    http_server.answer('vds.edit', offers)
    r = renewal(client)
    r.find('vds', service_id=958)
    with pytest.raises(InputError, match='autoprolong: vds 958 renews for 1, 12 months or off; got 6'):
        r.set_autoprolong(6)
    assert http_server.writes() == []


# -- the whole task, as billmgr_prolong runs it ---------------------------------------------------

def task_params(**options):
    result = {'id': None, 'type': None, 'remoteid': None, 'domain': None, 'licname': None, 'period': None, 'until': None,
              'min_days_left': None, 'max_renewals': 36, 'autoprolong': None}
    result.update(options)
    return result


def test_run_renews_until_and_returns_what_it_did(http_server, client, panel):
    result = RenewalTask(client, task_params(type='vds', id=958, until='2027-02-01'), today=TODAY, diff=True).run()
    assert (result['changed'], result['renewals'], result['expiredate_before'], result['expiredate']) == (
        True, 2, '2026-12-23', '2027-02-23')
    assert result['service']['id'] == 958 and result['service']['addons'] is None
    assert result['diff']['after'] == {'expiredate': '2027-02-23', 'autoprolong': 1}


@pytest.mark.parametrize('options, message', [
    ({'autoprolong': 'abc'}, "autoprolong must be one of 1, 3, 6, 12, 24, 36 (months), daily or off; got 'abc'"),
    ({'autoprolong': True}, 'autoprolong must be one of 1, 3, 6, 12, 24, 36 (months), daily or off; got True'),
    ({'period': 5}, 'period must be one of 1, 3, 6, 12, 24, 36 months, or daily; got 5'),
    ({'period': 'trial'}, "period must be one of 1, 3, 6, 12, 24, 36 months, or daily; got 'trial'"),
    ({'until': '31.12.2027'}, "until must be a date written YYYY-MM-DD; got '31.12.2027'"),
    ({'min_days_left': -1}, 'min_days_left must be 0 or more, got -1'),
    ({'max_renewals': -2}, 'max_renewals must be 1 or more, got -2'),
    ({'type': 'V DS'}, 'type must be an item type name'),
])
def test_run_refuses_bad_input_before_any_request(http_server, client, panel, options, message):
    with pytest.raises(InputError) as err:
        RenewalTask(client, task_params(**dict({'id': 958, 'period': 1}, **options)), today=TODAY).run()
    assert message in str(err.value)
    assert http_server.requests == []


def test_run_that_fails_halfway_is_a_task_error_with_the_renewals_paid(http_server, client, panel):
    panel.balance = 1200
    with pytest.raises(TaskError) as failure:
        RenewalTask(client, task_params(type='vds', id=958, until='2027-03-15'), today=TODAY).run()
    assert str(failure.value) == ('BILLmanager error (value/balance): Insufficient funds on the balance [func service.prolong] '
                                  '(2 renewal(s) were made and paid before this failure: expiry 2026-12-23 -> 2027-02-23)')
    assert failure.value.result['changed'] is True and failure.value.result['renewals'] == 2
    assert failure.value.result['error'] == {'type': 'value', 'object': 'balance', 'func': 'service.prolong', 'outcome_unknown': False}


def test_a_deleted_service_found_by_remoteid_is_handed_to_the_panel(http_server, client, panel):
    panel.add(938, 'vds', '2026-12-23', status=4, remoteid='old')
    assert find_renewable(client, 'vds', remoteid='old')['id'] == 938
    assert [r['form'].get('status') for r in http_server.requests] == [None, '4']
