# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tasks/_service_task.py: what billmgr_service decides, against the scripted server: which requests go out, in which order.

The server answers from a queue, so each test states the panel's answers and then checks
every request the task made: nothing more, nothing written in check mode, no second order.
Tasks get their options as billmgr_service's params, by the documented names.
"""

from __future__ import annotations

import pytest


from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._service_task import ServiceTask, identity_of, want_from_params
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.modules.billmgr_service import ARGUMENT_SPEC

from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import NO_NEW_CART, export, export_addon, export_tariff, old_cart

SECRET = 'vm-Pass-0xC0FFEE'


def t(value):
    return {'$': str(value)}


def elem(service_id, status=2, ip='127.0.0.9', remoteid=None, domain=None, autoprolong=None, pricelist='VPS Start', pricelist_id=None):
    """A list row as real panels send it: the tariff by name only, no pricelist_id (real-panels.md E18)."""
    node = {'id': t(service_id), 'status': t(status), 'item_status': {'$orig': str(status), '$': 'Active'},
            'pricelist': t(pricelist), 'datacentername': t('Frankfurt'),
            'expiredate': t('2027-01-31'), 'account': t('Example Ltd')}
    for key, value in (('ip', ip), ('remoteid', remoteid), ('domain', domain), ('autoprolong', autoprolong),
                       ('pricelist_id', pricelist_id)):
        if value is not None:
            node[key] = t(value)
    return node


def listing(*elems):
    return {'body': {'doc': {'elem': list(elems), 'p_elems': t(len(elems))}}}


def ok(**fields):
    doc = {'ok': {}}
    doc.update(dict((key, t(value)) for key, value in fields.items()))
    return {'body': {'doc': doc}}


def edit_form(renews=('1', '3', '6', '12', '24', '36'), **values):
    doc = {'elid': t(958), 'pricelist': t(6), 'domain': t('web.example.com'), 'ostempl': t('ISPsystem__CentOS-7-amd64'),
           'addon_9': t(1), 'addon_11': t(1024), 'addon_15': t(0), 'addon_16': t('off'), 'addon_17': t(171),
           'slist': {'$name': 'autoprolong', 'val': [{'$key': key, '$': key} for key in ('null',) + renews]}}
    doc.update(dict((key, t(value)) for key, value in values.items()))
    return {'body': {'doc': doc}}


def error(kind, obj, msg):
    return {'body': {'doc': {'error': {'$type': kind, '$object': obj, 'msg': t(msg)}}}}


# One tariff in the real export's shape, sold for 1 month only.
EXPORT = export(export_tariff(6, 'VPS Start', 'vds', costs=((1, '500.0000'),), addons=(
    export_addon(9, 'CPU', low=1, high=32, step=1, included=1, measure='cores'),
    export_addon(11, 'RAM', low=256, high=65536, step=256, included=1024, measure='MB'),
    export_addon(16, 'IPv6', kind='boolean'),
    export_addon(17, 'Control panel', kind='enum', choices=((171, 'None'), (172, 'ISPmanager Lite'), (173, 'ISPmanager Pro'))))))


# What an order reads right before it is placed: both carts, holding no unpaid order of the type.
NO_CART_ORDER = (old_cart(), NO_NEW_CART)


def export_renewing(*months):
    """The price list with VPS Start (6) sold, and so renewed, for these months."""
    return export(export_tariff(6, 'VPS Start', 'vds', costs=tuple((months_, '500.0000') for months_ in months)))


def params(**options):
    """billmgr_service's params as Ansible hands them over: every option, defaults filled in, plus the connection's."""
    result = dict((name, spec.get('default')) for name, spec in ARGUMENT_SPEC.items())
    result.update({'type': 'vds', 'url': 'https://panel.example', 'username': 'alice', 'password': 'pw'})
    result.update(options)
    return result


def want(**options):
    return want_from_params(params(**options))


def task_runner(client):
    """``run(params, check_mode=..., warnings=[])``: one ServiceTask run, as the module runs it."""
    def run(task_params, check_mode=False, warnings=None):
        warn = warnings.append if warnings is not None else None
        return ServiceTask(client, task_params, check_mode=check_mode, diff=True, warn=warn).run()
    return run


@pytest.fixture
def run_task(client):
    return task_runner(client)


def sent(server):
    return [(r['form']['func'], r['form']) for r in server.requests]


def funcs(server):
    return [r['form']['func'] for r in server.requests]


# -- present: found, nothing to do ---------------------------------------------------------

def test_an_unchanged_service_costs_one_request(http_server, run_task):
    http_server.queue(listing(elem(958, remoteid='web-01', domain='web.example.com', autoprolong=1)))
    result = run_task(params(remoteid='web-01', domain='web.example.com', autoprolong=1, pricelist='VPS Start'))
    assert result['changed'] is False
    assert result['service']['id'] == 958 and result['service']['addons'] is None
    [(func, form)] = sent(http_server)
    assert func == 'vds' and form['filter'] == 'on' and form['remoteid'] == 'web-01'


def test_the_connection_username_never_becomes_the_services_username():
    assert want(username='alice')['username'] is None
    assert want(service_username='user134')['username'] == 'user134'
    assert 'password' not in want()


# -- absent -------------------------------------------------------------------------------

def test_absent_deletes_once_and_a_missing_service_is_fine(http_server, run_task):
    http_server.queue(listing(elem(938, remoteid='old')), ok(), listing())
    result = run_task(params(state='absent', remoteid='old'))
    assert result['changed'] is True and result['service']['status'] == 4
    assert sent(http_server)[1][1]['elid'] == '938' and sent(http_server)[1][1]['sok'] == 'ok'
    http_server.queue(listing())
    assert run_task(params(state='absent', remoteid='old'))['changed'] is False
    http_server.queue(listing(), error('missed', 'elid', "The object '77' was not found"))
    assert run_task(params(state='absent', id=77))['changed'] is False


def test_absent_in_check_mode_only_looks(http_server, run_task):
    http_server.queue(listing(elem(938, remoteid='old')))
    assert run_task(params(state='absent', remoteid='old'), check_mode=True)['changed'] is True
    assert funcs(http_server) == ['vds']


def closing(service_id, remoteid=None, scheduled=False):
    """A row whose deletion the panel already has: 5_close "Deletion in progress", or scheduledclose=on (E22)."""
    row = elem(service_id, status=2 if scheduled else 5, remoteid=remoteid)
    if scheduled:
        row.update({'scheduledclose': t('on'), 'scheduledclose_prop': t('2027-01-31')})
    else:
        row['item_status'] = {'$orig': '5_close', '$': 'Deletion in progress'}
    return row


def test_absent_on_a_service_being_deleted_sends_nothing(http_server, run_task):
    """real-panels-2 §13: the second run during a deletion is unchanged; it was asking for the deletion again."""
    http_server.queue(listing(closing(938, remoteid='old')), listing())
    result = run_task(params(state='absent', remoteid='old'))
    assert result['changed'] is False and result['service']['status'] == 4
    assert funcs(http_server) == ['vds', 'vds']  # the look-up, then the wait seeing it gone
    http_server.queue(listing(closing(938, remoteid='old')))
    result = run_task(params(state='absent', remoteid='old', wait=False))
    assert result['changed'] is False and result['service']['deletion'] == 'in progress'
    assert 'vds.delete' not in funcs(http_server)


def test_absent_on_a_deletion_scheduled_for_the_end_of_the_period_sends_nothing_and_does_not_wait(http_server, run_task):
    http_server.queue(listing(closing(938, remoteid='old', scheduled=True)))
    warnings = []
    result = run_task(params(state='absent', remoteid='old'), warnings=warnings)
    assert result['changed'] is False and result['service']['deletion'] == 'scheduled'
    assert funcs(http_server) == ['vds'] and 'end of its paid period' in warnings[0]


def test_absent_waits_for_the_deletion_to_finish(http_server, run_task):
    http_server.queue(listing(elem(938, remoteid='old')), ok(), listing(closing(938)), listing(closing(938)), listing())
    result = run_task(params(state='absent', remoteid='old'))
    assert result['changed'] is True and result['service']['status'] == 4
    assert funcs(http_server) == ['vds', 'vds.delete', 'vds', 'vds', 'vds']


def test_absent_without_wait_returns_the_deletion_in_progress(http_server, run_task):
    http_server.queue(listing(elem(938, remoteid='old')), ok(), listing(closing(938)))
    result = run_task(params(state='absent', remoteid='old', wait=False))
    assert result['changed'] is True and result['service']['deletion'] == 'in progress'
    assert funcs(http_server) == ['vds', 'vds.delete', 'vds']


def test_a_deletion_still_running_after_wait_timeout_fails_without_asking_again(http_server, run_task):
    http_server.queue(listing(elem(938, remoteid='old')), ok(), listing(closing(938)), listing(closing(938)))
    with pytest.raises(TaskError, match='still being deleted') as failure:
        run_task(params(state='absent', remoteid='old', wait_timeout=0))
    assert failure.value.result['changed'] is True and funcs(http_server).count('vds.delete') == 1


def test_a_refused_deletion_is_reported_in_the_panel_s_words(http_server, run_task):
    """E23: a minimum term; the error is the panel's, and nothing else is sent."""
    words = 'The service #938 cannot be deleted before the end of its minimum term of 1 month(s), on 2027-01-31'
    http_server.queue(listing(elem(938, remoteid='old')), error('value', 'elid', words))
    with pytest.raises(BillmgrError) as failure:
        run_task(params(state='absent', remoteid='old'))
    assert words in str(failure.value) and funcs(http_server) == ['vds', 'vds.delete']


def test_present_on_a_service_being_deleted_is_refused(http_server, run_task):
    http_server.queue(listing(closing(938, remoteid='old')))
    with pytest.raises(InputError, match='being deleted'):
        run_task(params(remoteid='old', pricelist='VPS Start'))
    assert funcs(http_server) == ['vds']


# -- identity -------------------------------------------------------------------------------

def test_identity_is_id_then_remoteid_then_domain():
    assert identity_of(want(id=958, remoteid='r', domain='d.example')) == ('id', 958)
    assert identity_of(want(remoteid='r', domain='d.example')) == ('remoteid', 'r')
    assert identity_of(want(domain=' Web.Example.COM ')) == ('domain', 'web.example.com')
