# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""operations/_tariff_change.py: moving a service to another tariff (``TariffChange``), driven through billmgr_service's task.

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
    """``service.changepricelist`` without sok: the tariffs offered and, for a chosen one, the price (``cost``)."""
    doc = {'elid': t(958), 'slist': {'$name': 'pricelist', 'val': [{'$key': str(key), '$': name} for key, name in offered]}}
    doc.update(dict((key, t(value)) for key, value in values.items()))
    return {'body': {'doc': doc}}


OFFERED = ((1, 'VPS Mini'), (7, 'VPS Pro'))
PRICED = change_form(*OFFERED, pricelist=7, period=1, cost='233.33')


def test_another_tariff_without_allow_tariff_change_fails_with_the_price(http_server, run_task):
    # A panel whose list carries pricelist_id (older builds): the message names the tariff's id too.
    http_server.queue(listing(elem(958, remoteid='web-01', pricelist_id=6)), change_form(*OFFERED), PRICED)
    with pytest.raises(InputError) as err:
        run_task(params(id=958, pricelist='VPS Pro'))
    assert str(err.value) == ('vds service 958 is on tariff VPS Start (6), not VPS Pro (7); changing the tariff costs 233.33. '
                              'Set allow_tariff_change: true to change it; nothing was changed')
    assert funcs(http_server) == ['vds', 'service.changepricelist', 'service.changepricelist'] and http_server.writes() == []
    assert http_server.requests[2]['form']['pricelist'] == '7'
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
    with pytest.raises(InputError, match=r'is on tariff VPS Start \(6\), not VPS Pro \(7\); changing the tariff costs 233.33'):
        run_task(params(id=958, pricelist=7, ostempl='ISPsystem__CentOS-7-amd64'))
    assert funcs(http_server)[2:] == ['vds', 'vds.edit', 'service.changepricelist', 'service.changepricelist']


def test_a_tariff_by_id_is_compared_with_the_edit_form_and_another_one_fails_without_allow_tariff_change(http_server, run_task):
    # The list has no tariff id (E18): the form is read for it, so a service on another tariff never passes unnoticed.
    http_server.queue(listing(elem(958)), edit_form())
    assert run_task(params(id=958, pricelist=6))['changed'] is False
    assert funcs(http_server) == ['vds', 'vds.edit']
    http_server.queue(listing(elem(958)), edit_form(), change_form(*OFFERED), PRICED)
    with pytest.raises(InputError, match=r'is on tariff VPS Start \(6\), not VPS Pro \(7\); changing the tariff costs 233.33'):
        run_task(params(id=958, pricelist=7))
    assert funcs(http_server)[2:] == ['vds', 'vds.edit', 'service.changepricelist', 'service.changepricelist']
    assert http_server.writes() == []


def test_a_tariff_the_panel_does_not_offer_is_refused_with_the_ones_it_does(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED))
    with pytest.raises(InputError, match=r'the panel does not offer Dedicated Basic for it \(it offers VPS Mini \(1\), VPS Pro \(7\)\)'):
        run_task(params(id=958, pricelist='Dedicated Basic', allow_tariff_change=True))
    assert http_server.writes() == []


def test_a_tariff_change_is_written_once_and_reported(http_server, run_task):
    # The move is confirmed by the edit form showing the new tariff, not by the answer's ok.
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED, ok(), edit_form(pricelist=7),
                      listing(elem(958, pricelist='VPS Pro')))
    result = run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True))
    assert result['changed'] is True and result['service']['pricelist'] == 'VPS Pro'
    assert result['tariff_change'] == {'from': 'VPS Start', 'to': 'VPS Pro', 'pricelist': 7, 'cost': 233.33, 'currency': None,
                                       'reconciled': False}
    assert result['diff'] == {'before': {'pricelist': 'VPS Start'}, 'after': {'pricelist': 'VPS Pro (7)', 'tariff_change_cost': '233.33'}}
    assert http_server.writes() == [('service.changepricelist', {'elid': '958', 'pricelist': '7', 'sok': 'ok'})]


def test_a_tariff_change_checks_max_cost_before_it_is_written(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED)
    with pytest.raises(InputError, match='changing the tariff of vds service 958 to VPS Pro \\(7\\) costs 233.33, more than max_cost 200.00'):
        run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True, max_cost=200))
    assert http_server.writes() == []


@pytest.mark.parametrize('limit', [{'max_cost': float('nan')}, {'keep_balance': float('nan')}, {'max_cost': float('inf')},
                                   {'keep_balance': float('-inf')}])
def test_a_limit_that_is_not_a_finite_amount_is_refused_before_any_request(http_server, run_task, limit):
    # max_cost: .nan once switched the limit off: NaN passes every comparison (issue 32).
    for task_params in (params(id=958, pricelist='VPS Pro', allow_tariff_change=True, **limit),
                        params(remoteid='web-02', pricelist='VPS Start', datacenter=2, **limit)):
        with pytest.raises(InputError, match='^%s must be a finite amount of money' % list(limit)[0]):
            run_task(task_params)
    assert http_server.requests == []


def test_a_tariff_change_in_check_mode_reads_the_price_and_writes_nothing(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED)
    result = run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True), check_mode=True)
    assert result['changed'] is True and result['tariff_change']['cost'] == 233.33 and result['service']['pricelist'] == 'VPS Pro'
    assert result['diff']['after']['tariff_change_cost'] == '233.33'
    assert http_server.writes() == []


def test_a_lost_tariff_change_is_read_back_never_sent_again(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED, {'drop': True}, edit_form(pricelist=7),
                      listing(elem(958, pricelist='VPS Pro')))
    result = run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True))
    assert result['changed'] is True and result['tariff_change']['reconciled'] is True
    assert funcs(http_server).count('service.changepricelist') == 3 and funcs(http_server)[4] == 'vds.edit'


def test_a_lost_tariff_change_not_shown_fails_as_unknown_after_the_reconcile_window(http_server, run_task, fake_time):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED, {'drop': True})
    http_server.default_answer = edit_form()
    with pytest.raises(BillmgrError) as err:
        run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True, reconcile_timeout=5))
    assert err.value.outcome_unknown is True and 'reading back for 5s does not show it' in str(err.value)
    assert len([w for w in http_server.writes() if w[0] == 'service.changepricelist']) == 1


def test_a_failure_after_the_paid_change_reports_changed(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED, ok(), edit_form(pricelist=7),
                      listing(elem(958, pricelist='VPS Pro')), error('access', 'domain', 'Insufficient privileges'))
    with pytest.raises(TaskError) as err:
        run_task(params(id=958, pricelist='VPS Pro', allow_tariff_change=True, domain='new.example.com'))
    assert str(err.value).startswith('The tariff change to VPS Pro (7) (paid) of vds service 958 was done, but then ')
    assert err.value.result['changed'] is True and err.value.result['tariff_change']['to'] == 'VPS Pro'
