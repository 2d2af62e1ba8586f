# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""operations/_tariff_change.py: moving a service to another tariff through the panel's wizard (``TariffChange``), driven
through billmgr_service's task.

The server answers from a queue, so each test states the panel's answers and then checks every request made. The
helpers (the panel's answers, the task's params, ``run_task``) are billmgr_service's task tests'.
"""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.module_utils.tasks.test__service_task import (
    edit_form,
    elem,
    error,
    funcs,
    listing,
    ok,
    params,
    t,
    task_runner,
)


@pytest.fixture
def run_task(client):
    return task_runner(client)


def change_form(*offered, **values):
    """Step 1, ``service.changepricelist``: the tariffs offered (E22: no price)."""
    doc = {'elid': t(958), 'slist': {'$name': 'pricelist', 'val': [{'$key': str(key), '$': name} for key, name in offered]}}
    doc.update(dict((key, t(value)) for key, value in values.items()))
    return {'body': {'doc': doc}}


def terms(money_info='You will be charged with 233.33 RUB', **values):
    """Step 2, ``service.changepricelist.pricelist``: the terms as E22 shows them (``money_info`` None: left out)."""
    fields = dict(newpricelist='VPS Pro', oldpricelist='VPS Start', newprice='1200.00 RUB / Month', oldprice='500.00 RUB / Month',
                  oldexpiredate='2027-01-31', newexpiredate='2027-01-31')
    if money_info is not None:
        fields['money_info'] = money_info
    fields.update(values)
    return change_form(**dict((key, value) for key, value in fields.items() if value is not None))


OFFERED = ((1, 'VPS Mini'), (7, 'VPS Pro'))
PRICED = terms()
WIZARD = ['vds', 'service.changepricelist', 'service.changepricelist.pricelist']
PAYMENT = ('service.changepricelist.getmoney', {'elid': '958', 'pricelist': '7', 'clicked_button': 'finish', 'snext': 'ok', 'sok': 'ok'})


def test_another_tariff_without_allow_tariff_change_fails_with_the_terms_price(http_server, run_task):
    # A panel whose list carries pricelist_id (older builds): the message names the tariff's id too.
    http_server.queue(listing(elem(958, remoteid='web-01', pricelist_id=6)), change_form(*OFFERED), PRICED)
    with pytest.raises(InputError) as err:
        run_task(params(id=958, pricelist='VPS Pro'))
    assert str(err.value) == ('vds service 958 is on tariff VPS Start (6), not VPS Pro (7); changing the tariff costs 233.33 RUB. '
                              'Set allow_tariff_change: true to change it; nothing was changed')
    assert funcs(http_server) == WIZARD and http_server.writes() == []
    assert 'pricelist' not in http_server.requests[1]['form'] and 'sok' not in http_server.requests[1]['form']  # step 1: the choice
    sent = http_server.requests[2]['form']
    assert (sent['elid'], sent['pricelist'], sent['snext'], sent['sok']) == ('958', '7', 'ok', 'ok')  # E22's terms step
    http_server.queue(listing(elem(958, remoteid='web-01')))
    with pytest.raises(InputError, match='vds service 958 has remoteid web-01, not web-02; remoteid cannot be changed'):
        run_task(params(id=958, remoteid='web-02', pricelist='VPS Pro', allow_tariff_change=True))
    assert funcs(http_server)[3:] == ['vds']  # refused before the change form is read


def test_the_same_tariff_by_name_costs_no_extra_request(http_server, run_task):
    # Real lists name the tariff and give no pricelist_id: the name is compared, whatever its case.
    http_server.queue(listing(elem(958)))
    assert run_task(params(id=958, pricelist='vps start'))['changed'] is False
    assert funcs(http_server) == ['vds']


def test_a_tariff_by_id_is_compared_with_the_edit_forms_pricelist_read_once(http_server, run_task):
    http_server.queue(listing(elem(958)), edit_form())
    assert run_task(params(id=958, pricelist=6, ostempl='ISPsystem__CentOS-7-amd64'))['changed'] is False
    assert funcs(http_server) == ['vds', 'vds.edit']
    http_server.queue(listing(elem(958)), edit_form(), change_form(*OFFERED), PRICED)
    with pytest.raises(InputError, match=r'is on tariff VPS Start \(6\), not VPS Pro \(7\); changing the tariff costs 233.33 RUB'):
        run_task(params(id=958, pricelist=7, ostempl='ISPsystem__CentOS-7-amd64'))
    assert funcs(http_server)[2:] == ['vds', 'vds.edit', 'service.changepricelist', 'service.changepricelist.pricelist']
    assert http_server.writes() == []


def test_a_tariff_the_panel_does_not_offer_is_refused_with_the_ones_it_does(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED))
    with pytest.raises(InputError, match=r'the panel does not offer Dedicated Basic for it \(it offers VPS Mini \(1\), VPS Pro \(7\)\)'):
        run_task(params(id=958, pricelist='Dedicated Basic', allow_tariff_change=True))
    assert http_server.writes() == []


def test_a_tariff_change_pays_once_in_the_payment_step_and_reports_the_amount_and_the_new_expiry(http_server, run_task):
    # The move is confirmed by the edit form showing the new tariff, not by the answer's ok; the expiry is read back.
    http_server.queue(listing(elem(958)), change_form(*OFFERED), terms(newexpiredate='2027-01-31'), ok(), edit_form(pricelist=7),
                      listing(dict(elem(958, pricelist='VPS Pro'), expiredate=t('2027-02-02'))))
    result = run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True))
    assert result['changed'] is True and result['service']['pricelist'] == 'VPS Pro'
    assert result['tariff_change'] == {'from': 'VPS Start', 'to': 'VPS Pro', 'pricelist': 7, 'cost': 233.33, 'currency': 'RUB',
                                       'expiredate': '2027-02-02', 'reconciled': False}
    assert result['diff'] == {'before': {'pricelist': 'VPS Start', 'tariff_price': '500.00 RUB / Month', 'expiredate': '2027-01-31'},
                              'after': {'pricelist': 'VPS Pro (7)', 'tariff_change_cost': '233.33 RUB',
                                        'tariff_price': '1200.00 RUB / Month', 'expiredate': '2027-01-31'}}
    assert http_server.writes() == [PAYMENT]
    assert funcs(http_server) == WIZARD + ['service.changepricelist.getmoney', 'vds.edit', 'vds']


def test_a_move_that_costs_nothing_goes_through_every_step(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), terms('You will be charged with 0.00 RUB', newexpiredate='2027-03-15'),
                      ok(), edit_form(pricelist=7), listing(dict(elem(958, pricelist='VPS Pro'), expiredate=t('2027-03-15'))))
    result = run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True, max_cost=0))
    assert result['changed'] is True and result['tariff_change']['cost'] == 0 and result['tariff_change']['expiredate'] == '2027-03-15'
    assert http_server.writes() == [PAYMENT]


def test_a_refund_in_the_terms_is_a_negative_amount_and_takes_nothing_from_max_cost(http_server, run_task):
    # E22's client area shows "... EUR will be refunded upon plan update" for a downgrade.
    http_server.queue(listing(elem(958)), change_form(*OFFERED), terms('12.50 EUR will be refunded upon plan update'), ok(),
                      edit_form(pricelist=7), listing(elem(958, pricelist='VPS Pro')))
    result = run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True, max_cost=0), check_mode=True)
    assert result['tariff_change']['cost'] == -12.5 and result['tariff_change']['currency'] == 'EUR'
    assert result['diff']['after']['tariff_change_cost'] == '12.50 EUR (refunded)' and http_server.writes() == []


@pytest.mark.parametrize('money_info', [None, '', 'See the invoice', 'From 1.00 RUB to 2.00 RUB'])
def test_terms_without_a_readable_amount_stop_the_task_naming_money_info_before_any_payment(http_server, run_task, money_info):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), terms(money_info))
    with pytest.raises(InputError) as err:
        run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True))
    assert str(err.value) == ("changing the tariff of vds service 958 to VPS Pro (7): the panel's terms show no amount to pay that "
                              "can be read (money_info: %s), so the price is unknown; nothing was paid"
                              % (repr(money_info) if money_info else 'none'))
    assert http_server.writes() == []
    # Without the flag the task says so, and that the terms show no price.
    http_server.queue(listing(elem(958)), change_form(*OFFERED), terms(money_info))
    with pytest.raises(InputError, match="costs an amount the panel's terms do not show \\(money_info: "):
        run_task(params(id=958, pricelist='VPS Pro'))


def test_a_tariff_change_checks_max_cost_before_the_payment_step(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED)
    with pytest.raises(InputError, match='changing the tariff of vds service 958 to VPS Pro \\(7\\) costs 233.33 RUB, more than max_cost 200.00'):
        run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True, max_cost=200))
    assert http_server.writes() == [] and funcs(http_server) == WIZARD


@pytest.mark.parametrize('limit', [{'max_cost': float('nan')}, {'keep_balance': float('nan')}, {'max_cost': float('inf')},
                                   {'keep_balance': float('-inf')}])
def test_a_limit_that_is_not_a_finite_amount_is_refused_before_any_request(http_server, run_task, limit):
    # max_cost: .nan once switched the limit off: NaN passes every comparison (issue 32).
    for task_params in (params(id=958, pricelist='VPS Pro', allow_tariff_change=True, **limit),
                        params(remoteid='web-02', pricelist='VPS Start', datacenter=2, **limit)):
        with pytest.raises(InputError, match='^%s must be a finite amount of money' % list(limit)[0]):
            run_task(task_params)
    assert http_server.requests == []


def test_a_tariff_change_in_check_mode_shows_the_terms_and_writes_nothing(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), terms(newexpiredate='15.03.2027'))
    result = run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True), check_mode=True)
    assert result['changed'] is True and result['tariff_change']['cost'] == 233.33 and result['service']['pricelist'] == 'VPS Pro'
    assert result['tariff_change']['expiredate'] == result['service']['expiredate'] == '2027-03-15'
    assert result['diff']['after']['tariff_change_cost'] == '233.33 RUB' and result['diff']['after']['expiredate'] == '2027-03-15'
    assert http_server.writes() == [] and funcs(http_server) == WIZARD


def test_terms_whose_expiry_is_not_a_date_leave_the_services_date_and_show_the_words(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), terms(newexpiredate='recalculated after payment'))
    result = run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True), check_mode=True)
    assert result['service']['expiredate'] == '2027-01-31' and result['tariff_change']['expiredate'] == 'recalculated after payment'


def test_a_lost_payment_is_read_back_never_sent_again(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED, {'drop': True}, edit_form(pricelist=7),
                      listing(elem(958, pricelist='VPS Pro')))
    result = run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True))
    assert result['changed'] is True and result['tariff_change']['reconciled'] is True
    assert funcs(http_server)[3:5] == ['service.changepricelist.getmoney', 'vds.edit'] and http_server.writes() == [PAYMENT]


def test_a_lost_payment_not_shown_fails_as_unknown_after_the_reconcile_window(http_server, run_task, fake_time):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED, {'drop': True})
    http_server.default_answer = edit_form()
    with pytest.raises(BillmgrError) as err:
        run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True, reconcile_timeout=5))
    assert err.value.outcome_unknown is True and 'reading back for 5s does not show it' in str(err.value)
    assert http_server.writes() == [PAYMENT]


def test_a_payment_answered_ok_without_the_move_is_a_change_with_the_outcome_unknown(http_server, run_task):
    # A panel whose payment step only moves a wizard on: ok, and the tariff read back is the old one.
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED, ok(), edit_form())
    with pytest.raises(TaskError) as err:
        run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True))
    assert 'the panel answered ok, but reading it back does not show it made' in str(err.value)
    assert err.value.result['changed'] is True and http_server.writes() == [PAYMENT]


def test_a_failure_after_the_paid_change_reports_changed(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED, ok(), edit_form(pricelist=7),
                      listing(elem(958, pricelist='VPS Pro')), error('access', 'domain', 'Insufficient privileges'))
    with pytest.raises(TaskError) as err:
        run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True, domain='new.example.com'))
    assert str(err.value).startswith('The tariff change to VPS Pro (7) (charged 233.33 RUB) of vds service 958 was done, but then ')
    assert err.value.result['changed'] is True and err.value.result['tariff_change']['to'] == 'VPS Pro'
