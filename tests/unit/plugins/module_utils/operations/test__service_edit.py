# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""operations/_service_edit.py: changing an existing service (``ServiceEdit``), driven through billmgr_service's task.

The server answers from a queue, so each test states the panel's answers and then checks every request made. The
helpers (the panel's answers, the task's params, ``run_task``) are billmgr_service's task tests'.
"""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import NO_NEW_CART, old_cart
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.module_utils.tasks.test__service_task import (
    EXPORT,
    SECRET,
    edit_form,
    elem,
    error,
    funcs,
    listing,
    ok,
    params,
    task_runner,
)


# The edit form asked with the new values, without sok: the price of the change (real-panels §4.4, E5).
PRICED_EDIT = edit_form(orderinfo='Total amount: 1851.73 RUB')


@pytest.fixture
def run_task(client):
    return task_runner(client)


# -- change -------------------------------------------------------------------------------

def test_change_sends_only_what_differs(http_server, run_task):
    http_server.queue(listing(elem(958, autoprolong=1, domain='web.example.com')), edit_form(), ok(),
                      edit_form(addon_11=2048, autoprolong='null'))
    result = run_task(params(id=958, autoprolong='off', addons={'11': 2048, '9': 1}, ostempl='ISPsystem__CentOS-7-amd64'))
    assert result['changed'] is True
    assert result['diff'] == {'before': {'addons.11': 1024, 'autoprolong': 1}, 'after': {'addons.11': 2048, 'autoprolong': None}}
    assert funcs(http_server) == ['vds', 'vds.edit', 'vds.edit', 'vds.edit']
    assert 'sok' not in http_server.requests[1]['form'] and 'sok' not in http_server.requests[3]['form']
    edit = http_server.requests[2]['form']
    assert dict((k, v) for k, v in edit.items() if k not in ('func', 'out', 'lang', 'auth')) == {
        'elid': '958', 'sok': 'ok', 'skipbasket': 'on', 'autoprolong': 'null', 'addon_11': '2048'}
    assert result['service']['autoprolong'] is None and result['service']['addons']['11'] == 2048


def test_a_change_the_panel_accepted_but_did_not_make_fails_clearly(http_server, run_task):
    # E5: a panel may ignore a field this user may not change instead of refusing it.
    http_server.queue(listing(elem(958, domain='web.example.com')), ok(), listing(elem(958, domain='web.example.com')))
    with pytest.raises(TaskError) as failure:
        run_task(params(id=958, domain='shop.example.com'))
    assert str(failure.value) == ('vds service 958: the panel accepted the change but did not make it: domain (asked '
                                  'shop.example.com, the panel shows web.example.com). It may not let this user change it '
                                  '(an administrator can); nothing more was done')
    assert failure.value.result['changed'] is False
    assert funcs(http_server) == ['vds', 'vds.edit', 'vds']


def test_a_change_made_in_part_reports_it_changed(http_server, run_task):
    http_server.queue(listing(elem(958, domain='web.example.com')), edit_form(), ok(), edit_form(addon_11=2048, domain='web.example.com'))
    with pytest.raises(TaskError) as failure:
        run_task(params(id=958, domain='shop.example.com', addons={'11': 2048}))
    assert 'did not make it: domain (asked shop.example.com' in str(failure.value)
    assert failure.value.result['changed'] is True, 'the add-on did change (and may be paid for)'


# -- a change whose answer was lost (guarded/_write.py): settled by reading back, never sent again ----------

GATEWAY_502 = {'status': 502, 'content_type': 'text/html', 'body': '<html><title>502 Bad Gateway</title></html>'}
BUSY_PAGE = {'content_type': 'text/html', 'body': '<html><body><p>Request in process, please wait</p></body></html>'}


def writes_of(server, func):
    return [form for name, form in server.writes() if name == func]


def test_a_free_change_whose_answer_was_lost_after_it_was_made_is_not_sent_again(http_server, run_task, fake_time):
    http_server.queue(listing(elem(958, domain='web.example.com')), {'drop': True}, listing(elem(958, domain='shop.example.com')))
    result = run_task(params(id=958, domain='shop.example.com'))
    assert result['changed'] is True and result['service']['domain'] == 'shop.example.com'
    assert funcs(http_server) == ['vds', 'vds.edit', 'vds'], 'the read that settles the lost answer confirms it too'
    assert len(writes_of(http_server, 'vds.edit')) == 1
    assert fake_time.sleeps == [], 'the first look is at once'


@pytest.mark.parametrize('fault', [GATEWAY_502, BUSY_PAGE], ids=['502', 'busy'])
def test_a_free_change_the_panel_did_not_make_is_never_sent_again(http_server, run_task, fake_time, fault):
    http_server.queue(listing(elem(958, domain='web.example.com')), fault)
    http_server.default_answer = listing(elem(958, domain='web.example.com'))
    with pytest.raises(BillmgrError) as err:
        run_task(params(id=958, domain='shop.example.com'))
    assert err.value.outcome_unknown is True and err.value.func == 'vds.edit'
    assert 'reading back for 10s does not show it; nothing was sent again' in str(err.value)
    assert len(writes_of(http_server, 'vds.edit')) == 1, 'a lost answer is settled by reading back, never by sending again'
    assert sum(fake_time.sleeps) == pytest.approx(10.0)


def test_a_refused_free_change_is_the_panels_answer_and_is_not_read_back(http_server, run_task):
    http_server.queue(listing(elem(958, domain='web.example.com')), error('value', 'domain', 'The domain is taken'))
    with pytest.raises(BillmgrError, match='The domain is taken'):
        run_task(params(id=958, domain='shop.example.com'))
    assert funcs(http_server) == ['vds', 'vds.edit']


def test_a_lost_answer_whose_read_back_fails_says_the_change_may_have_been_made(http_server, run_task):
    maintenance = {'content_type': 'text/html', 'body': '<html><h1>Maintenance</h1></html>'}
    http_server.queue(listing(elem(958, domain='web.example.com')), {'drop': True})
    http_server.default_answer = maintenance
    with pytest.raises(BillmgrError) as err:
        run_task(params(id=958, domain='shop.example.com'))
    assert err.value.kind == 'connection' and err.value.outcome_unknown is True
    assert 'Reading the change of vds service 958 back failed too' in str(err.value)
    assert len(writes_of(http_server, 'vds.edit')) == 1


@pytest.mark.parametrize('options', [
    dict(addons={'11': 2048}),                 # an add-on may be paid
    dict(ostempl='ISPsystem__Debian-12-amd64', allow_reinstall=True),  # each one sent reinstalls
    dict(userpassword=SECRET),                 # never shown back
], ids=['addon', 'ostempl', 'userpassword'])
def test_a_change_that_may_cost_or_cannot_be_read_back_is_never_sent_again(http_server, run_task, options):
    http_server.queue(listing(elem(958, domain='web.example.com')))
    if 'userpassword' not in options:
        http_server.queue(edit_form())
    http_server.queue({'drop': True})
    http_server.default_answer = edit_form()
    with pytest.raises(BillmgrError) as err:
        run_task(params(id=958, **options))
    assert err.value.kind == 'connection' and err.value.outcome_unknown is True
    assert len(writes_of(http_server, 'vds.edit')) == 1
    assert funcs(http_server)[-1] == 'vds.edit', 'nothing read back either'


def test_a_deletion_whose_answer_was_lost_after_it_was_made_is_not_sent_again(http_server, run_task):
    http_server.queue(listing(elem(938, remoteid='old')), {'drop': True}, listing())
    result = run_task(params(state='absent', remoteid='old'))
    assert result['changed'] is True and result['service']['status'] == 4
    assert funcs(http_server) == ['vds', 'vds.delete', 'vds']


def test_a_deletion_the_panel_did_not_make_is_never_sent_again(http_server, run_task):
    http_server.queue(listing(elem(938, remoteid='old')), BUSY_PAGE)
    http_server.default_answer = listing(elem(938, remoteid='old'))
    with pytest.raises(BillmgrError) as err:
        run_task(params(state='absent', remoteid='old'))
    assert err.value.outcome_unknown is True and 'reading back for 10s does not show it' in str(err.value)
    assert funcs(http_server).count('vds.delete') == 1
    assert http_server.requests[2]['form']['id'] == '938', 'read back by id'


def test_change_in_check_mode_reads_but_does_not_write(http_server, run_task):
    http_server.queue(listing(elem(958)), edit_form(), PRICED_EDIT)
    result = run_task(params(id=958, addons={'11': 2048}), check_mode=True)
    assert result['changed'] is True
    assert funcs(http_server) == ['vds', 'vds.edit', 'vds.edit'], 'the form, then the price of the change'
    assert http_server.writes() == []


# -- a change of add-ons may cost money: priced first (real-panels §4.4), checked against the limits ---------

def test_a_paid_change_shows_its_price_in_check_mode(http_server, run_task):
    http_server.queue(listing(elem(958)), edit_form(), PRICED_EDIT)
    result = run_task(params(id=958, addons={'11': 8192}), check_mode=True)
    assert result['changed'] is True and (result['change_cost'], result['currency']) == (1851.73, 'RUB')
    assert funcs(http_server) == ['vds', 'vds.edit', 'vds.edit'] and http_server.writes() == []
    priced = http_server.requests[2]['form']
    assert priced['addon_11'] == '8192' and 'sok' not in priced


@pytest.mark.parametrize('answer, message', [
    (PRICED_EDIT, 'the change of vds service 958 costs 1851.73 RUB, more than max_cost 0.00; nothing was paid'),
    (edit_form(), 'the change of vds service 958: the panel shows no price for it, so max_cost and keep_balance cannot be '
                  'checked; nothing was paid'),
], ids=['over max_cost', 'no price'])
def test_a_paid_change_over_max_cost_or_without_a_price_is_refused_before_the_write(http_server, run_task, answer, message):
    # issue 32: max_cost: 0 did not stop a RAM upgrade that charged 1851.73 RUB.
    http_server.queue(listing(elem(958)), edit_form(), answer)
    with pytest.raises(InputError) as err:
        run_task(params(id=958, addons={'11': 8192}, max_cost=0))
    assert str(err.value) == message
    assert http_server.writes() == []


def test_a_paid_change_within_max_cost_is_written_with_what_it_spends(http_server, run_task):
    http_server.queue(listing(elem(958)), edit_form(), PRICED_EDIT, ok(), edit_form(addon_11=8192))
    result = run_task(params(id=958, addons={'11': 8192}, max_cost=1851.73))
    assert result['changed'] is True and result['spending'] == {'cost': 1851.73, 'currency': 'RUB'}
    assert result['change_cost'] == 1851.73
    assert [func for func, _form in http_server.writes()] == ['vds.edit']


def test_a_free_change_is_not_priced_and_max_cost_does_not_stop_it(http_server, run_task):
    http_server.queue(listing(elem(958, domain='web.example.com')), ok(), listing(elem(958, domain='shop.example.com')))
    result = run_task(params(id=958, domain='shop.example.com', max_cost=0))
    assert result['changed'] is True and 'change_cost' not in result
    assert funcs(http_server) == ['vds', 'vds.edit', 'vds']


def test_a_paid_change_the_panel_did_not_make_is_reported_changed(http_server, run_task):
    # It may have been charged: "nothing happened" would be a lie the next run pays for again.
    http_server.queue(listing(elem(958)), edit_form(), ok(), edit_form())
    with pytest.raises(TaskError) as failure:
        run_task(params(id=958, addons={'11': 8192}))
    assert 'did not make it: addons.11 (asked 8192, the panel shows 1024)' in str(failure.value)
    assert failure.value.result['changed'] is True


def test_an_addon_the_tariff_lacks_fails_before_the_edit(http_server, run_task):
    http_server.queue(listing(elem(958)), edit_form())
    with pytest.raises(InputError) as err:
        run_task(params(id=958, addons={'5': 3}))
    assert str(err.value) == 'vds service 958 has no add-on 5: its tariff VPS Start offers add-ons 9, 11, 15, 16, 17'
    assert funcs(http_server) == ['vds', 'vds.edit']


def test_addon_names_on_a_change_resolve_through_the_services_tariff(http_server, run_task):
    http_server.queue(listing(elem(958)), edit_form(), EXPORT, ok(), edit_form(addon_9=4))
    result = run_task(params(id=958, addons={'RAM': 1024, 'CPU': 4}))
    assert result['diff'] == {'before': {'addons.CPU (9)': 1}, 'after': {'addons.CPU (9)': 4}}
    assert funcs(http_server) == ['vds', 'vds.edit', 'pricelist.export', 'vds.edit', 'vds.edit']
    assert http_server.requests[3]['form']['addon_9'] == '4' and 'addon_11' not in http_server.requests[3]['form']


@pytest.mark.parametrize('value, reads_catalog', [(True, True), ('on', True), ('yes', True), (1, False), ('1', False)])
def test_an_onoff_addon_is_changed_to_on_never_1(http_server, run_task, value, reads_catalog):
    # The edit form shows addon_16 as off; the panel refuses 1 and 0 for it (real-panels.md 8.2).
    http_server.queue(listing(elem(958)), edit_form(), *((EXPORT,) if reads_catalog else ()), ok(), edit_form(addon_16='on'))
    result = run_task(params(id=958, addons={'16': value}))
    assert result['changed'] is True
    assert funcs(http_server) == ['vds', 'vds.edit'] + (['pricelist.export'] if reads_catalog else []) + ['vds.edit', 'vds.edit']
    assert http_server.requests[-2]['form']['addon_16'] == 'on', 'the write, before the read-back'


@pytest.mark.parametrize('value', [False, 'off', 'no', 0, '0'])
def test_an_onoff_addon_already_off_is_left_alone(http_server, run_task, value):
    http_server.queue(listing(elem(958)), edit_form(), EXPORT)
    result = run_task(params(id=958, addons={'IPv6': value}))
    assert result['changed'] is False
    assert http_server.writes() == []


def test_an_enum_addon_is_changed_by_choice_name_to_its_id(http_server, run_task):
    http_server.queue(listing(elem(958)), edit_form(), EXPORT, ok(), edit_form(addon_17=172))
    result = run_task(params(id=958, addons={'Control panel': 'ispmanager lite'}))
    # The diff names the add-on as the task did, its id beside (issue 36).
    assert result['diff'] == {'before': {'addons.Control panel (17)': 171}, 'after': {'addons.Control panel (17)': 172}}
    assert http_server.requests[-2]['form']['addon_17'] == '172', 'the write, before the read-back'
    http_server.requests[:] = []
    http_server.queue(listing(elem(958)), edit_form(), EXPORT)
    with pytest.raises(InputError, match=r"unknown choice 'cPanel' of add-on Control panel \(17\); valid: None \(171\)"):
        run_task(params(id=958, addons={'17': 'cPanel'}))
    assert http_server.writes() == []


def test_a_paid_change_left_in_the_cart_reports_it_and_keeps_the_old_values(http_server, run_task):
    # E5: the paid edit answers doc.billorder and applies only once paid.
    http_server.queue(listing(elem(958)), edit_form(), old_cart(), NO_NEW_CART, ok(billorder=12))
    warnings = []
    result = run_task(params(id=958, addons={'11': 2048}, skipbasket=False), warnings=warnings)
    assert result['changed'] is True and result['billorder_id'] == 12 and result['service']['addons']['11'] == 1024
    assert warnings == ['the change of vds service 958 waits unpaid in the cart (billorder 12): it applies once the cart is paid '
                        '(a task ispsystem.billmgr.billmgr_cart with state: paid, or in the panel)']
    assert funcs(http_server) == ['vds', 'vds.edit', 'basket', 'cart', 'vds.edit']
    assert 'skipbasket' not in http_server.requests[4]['form']


def test_a_change_already_waiting_in_the_cart_is_not_asked_for_again(http_server, run_task):
    http_server.queue(listing(elem(958)), edit_form(), old_cart(12, (5, 'vds', 958, 'RAM 2048 MB')), NO_NEW_CART)
    warnings = []
    result = run_task(params(id=958, addons={'11': 2048}, skipbasket=False), warnings=warnings)
    assert result['changed'] is False and result['billorder_id'] == 12
    assert 'a change of vds service 958 waits unpaid in the cart (billorder 12)' in warnings[0]
    assert http_server.writes() == []


def test_userpassword_is_sent_in_the_body_and_shown_nowhere(http_server, run_task):
    http_server.queue(listing(elem(958)), ok())
    result = run_task(params(id=958, userpassword=SECRET))
    assert result['changed'] is True
    assert result['diff']['after'] == {'userpassword': '(set)'}
    assert SECRET not in repr(result)
    assert http_server.requests[1]['form']['userpassword'] == SECRET
    assert SECRET not in http_server.requests[1]['path']
