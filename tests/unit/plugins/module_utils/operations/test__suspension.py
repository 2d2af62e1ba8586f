# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""operations/_suspension.py: suspending and resuming (``Suspension``), driven through billmgr_service's task.

The server answers from a queue, so each test states the panel's answers and then checks every request made. The
helpers (the panel's answers, the task's params, ``run_task``) are billmgr_service's task tests'.
"""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError

from ansible_collections.ispsystem.billmgr.tests.unit.plugins.module_utils.tasks.test__service_task import (
    elem,
    error,
    export_renewing,
    funcs,
    listing,
    ok,
    params,
    task_runner,
    sent,
)


@pytest.fixture
def run_task(client):
    return task_runner(client)


# -- suspended ---------------------------------------------------------------------------------

def suspended(code, **fields):
    node = elem(958, status=3, **fields)
    node['item_status'] = {'$orig': code, '$': 'Suspended'}
    return node


def test_state_suspended_suspends_an_active_service_once(http_server, run_task):
    http_server.queue(listing(elem(958)), ok(), listing(suspended('3_usersuspend')))
    result = run_task(params(id=958, state='suspended'))
    assert result['changed'] is True and result['service']['status'] == 3 and result['service']['item_status'] == '3_usersuspend'
    assert result['diff'] == {'before': {'status': 'active'}, 'after': {'status': 'suspended'}}
    assert http_server.writes() == [('vds.suspend', {'elid': '958'})]
    http_server.queue(listing(suspended('3_usersuspend')))
    assert run_task(params(id=958, state='suspended'))['changed'] is False
    http_server.queue(listing(elem(958)))
    assert run_task(params(id=958, state='suspended'), check_mode=True)['service']['status_name'] == 'suspended'
    assert len(http_server.writes()) == 1


@pytest.mark.parametrize('code', ['3_usersuspend', '3_employeesuspend', None])
def test_present_asks_the_panel_to_resume_a_suspension_it_does_not_know_to_be_a_debt_or_abuse(http_server, run_task, code):
    """real-panels-2 §5.2: no source shows the code of an owner's suspension, so the panel decides, not a guessed code."""
    node = suspended(code) if code else elem(958, status=3)
    http_server.queue(listing(node), ok(), listing(elem(958)))
    result = run_task(params(id=958))
    assert result['changed'] is True and result['service']['status'] == 2
    assert http_server.writes() == [('vds.resume', {'elid': '958'})]


@pytest.mark.parametrize('code, reason', [
    ('3_abusesuspend', 'by the provider for abuse (item_status 3_abusesuspend)'),
    ('3_autosuspend', 'because it expired unpaid; renew it'),
    ('2_2_16', 'and stopped by the panel (2_2_16)'),
])
def test_present_does_not_lift_a_suspension_for_a_debt_or_abuse(http_server, run_task, code, reason):
    http_server.queue(listing(suspended(code)))
    with pytest.raises(InputError) as err:
        run_task(params(id=958, autoprolong=1))
    assert str(err.value).startswith('vds service 958 is suspended ' + reason)
    assert 'this module does not lift a suspension for a debt or for abuse, so nothing was changed' in str(err.value)
    assert http_server.writes() == []


def test_a_refused_resume_is_reported_in_the_panels_words(http_server, run_task):
    http_server.queue(listing(suspended('3_employeesuspend')),
                      error('access', 'elid', 'The service was suspended by the provider: only the provider can resume it'))
    with pytest.raises(BillmgrError) as err:
        run_task(params(id=958))
    assert err.value.kind == 'access'
    assert str(err.value).startswith('BILLmanager error (access/elid): the panel refused to resume vds service 958, suspended by '
                                     "the provider's staff (item_status 3_employeesuspend): The service was suspended by the "
                                     'provider: only the provider can resume it')
    assert http_server.writes() == [('vds.resume', {'elid': '958'})], 'sent once'
    assert '3_usersuspend' not in str(err.value)


def test_state_suspended_without_a_service_orders_nothing(http_server, run_task):
    http_server.queue(listing())
    with pytest.raises(InputError, match='there is no vds service with remoteid r to suspend'):
        run_task(params(remoteid='r', pricelist=6, state='suspended'))
    assert funcs(http_server) == ['vds']


def test_a_lost_suspension_is_read_back(http_server, run_task, fake_time):
    http_server.queue(listing(elem(958)), {'drop': True}, listing(suspended('3_usersuspend')), listing(suspended('3_usersuspend')))
    assert run_task(params(id=958, state='suspended'))['changed'] is True
    assert len(http_server.writes()) == 1


def test_an_id_the_list_does_not_show_gets_the_panels_own_reason(http_server, run_task):
    http_server.queue(listing(), error('access', 'elid', 'Insufficient privileges to access object 5'))
    with pytest.raises(BillmgrError) as err:
        run_task(params(id=5, autoprolong=1))
    assert err.value.kind == 'access'
    # The refusal is the panel's word on the service, not an ended session: whoami says the session lives.
    assert funcs(http_server) == ['vds', 'vds.edit', 'whoami'] and 'sok' not in http_server.requests[1]['form']


def test_a_processing_service_is_waited_for_before_it_is_changed(http_server, run_task, fake_time):
    http_server.queue(listing(elem(958, status=5, ip=None)), listing(elem(958)), export_renewing(1, 12), ok(),
                      listing(elem(958, autoprolong=12)))
    result = run_task(params(id=958, autoprolong=12))
    assert result['changed'] is True and result['service']['status'] == 2
    # The price list says which months the tariff renews for; then the change is written once.
    # ... and read back by id, once: the change is checked, not assumed.
    assert funcs(http_server) == ['vds', 'vds', 'pricelist.export', 'vds.edit', 'vds'] and fake_time.sleeps == []
    assert http_server.requests[4]['form']['id'] == '958'
    assert sent(http_server)[3][1]['sok'] == 'ok' and sent(http_server)[3][1]['autoprolong'] == '12'


def test_months_the_tariff_does_not_renew_for_are_refused_before_the_edit(http_server, run_task):
    http_server.queue(listing(elem(958)), export_renewing(1, 12))
    with pytest.raises(InputError, match=r'autoprolong: tariff VPS Start \(6\) renews for 1, 12 months or off; got 3'):
        run_task(params(id=958, autoprolong=3))
    assert funcs(http_server) == ['vds', 'pricelist.export']
