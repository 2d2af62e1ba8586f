# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""operations/_service_steps.py: the steps on an existing service (``bring_existing``), driven through billmgr_service's task.

Once a write is done (a paid move, a resumption, an edit), whatever fails after it is reported with ``changed: true``
and what was done, never as "nothing happened" (issue 32).
"""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.operations import _service_edit
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import TaskError
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.module_utils.operations.test__tariff_change import OFFERED, PRICED, change_form
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.module_utils.tasks.test__service_task import (
    edit_form,
    elem,
    error,
    funcs,
    listing,
    ok,
    params,
    task_runner,
)

MOVE = dict(id=958, pricelist='VPS Pro', allow_tariff_change=True)


@pytest.fixture
def run_task(client):
    return task_runner(client)


def moved():
    """The panel's answers to the paid move: the write, the tariff read back, the service listed again."""
    return (ok(), edit_form(pricelist=7), listing(elem(958, pricelist='VPS Pro')))


@pytest.mark.parametrize('tariff', ['VPS Pro', 7], ids=['by name', 'by id'])
def test_a_move_with_addons_in_check_mode_returns_them_typed(http_server, run_task, tariff):
    # issue 32: the add-ons were typed twice, and "int has no attribute strip" failed the task.
    http_server.queue(listing(elem(958)), edit_form(), change_form(*OFFERED), PRICED)
    warnings = []
    options = dict(MOVE)
    options.update(pricelist=tariff, addons={'11': 8192})
    result = run_task(params(**options), check_mode=True, warnings=warnings)
    assert result['changed'] is True and result['service']['addons']['11'] == 8192
    assert result['service']['pricelist'] == 'VPS Pro' and result['tariff_change']['cost'] == 233.33
    assert warnings == ['the change of vds service 958: the price of the add-on change shows only once the tariff is changed']
    assert http_server.writes() == []


def test_a_move_with_addons_is_written_and_returns_them_typed(http_server, run_task):
    http_server.queue(listing(elem(958)), edit_form(), change_form(*OFFERED), PRICED, *moved())
    http_server.queue(edit_form(pricelist=7), ok(), edit_form(pricelist=7, addon_11=8192))
    result = run_task(params(**dict(MOVE, addons={'11': 8192})))
    assert result['changed'] is True and result['service']['addons']['11'] == 8192
    assert result['tariff_change']['reconciled'] is False
    assert [func for func, _form in http_server.writes()] == ['service.changepricelist.getmoney', 'vds.edit']


def test_the_panels_refusal_after_the_paid_move_says_what_was_done(http_server, run_task):
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED, *moved())
    http_server.queue(error('access', 'domain', 'Insufficient privileges'))
    with pytest.raises(TaskError) as err:
        run_task(params(**dict(MOVE, domain='new.example.com')))
    assert str(err.value) == ('The tariff change to VPS Pro (7) (charged 233.33 RUB) of vds service 958 was done, but then BILLmanager error '
                              '(access/domain): Insufficient privileges [func vds.edit]')
    result = err.value.result
    assert result['changed'] is True and result['tariff_change']['to'] == 'VPS Pro' and result['service']['pricelist'] == 'VPS Pro'
    assert result['error']['type'] == 'access'


def test_a_bug_after_the_paid_move_is_still_a_change(http_server, run_task, monkeypatch):
    def broken(*_args, **_kwargs):
        raise AttributeError("'int' object has no attribute 'strip'")
    monkeypatch.setattr(_service_edit.ServiceEdit, 'change', broken)
    http_server.queue(listing(elem(958)), change_form(*OFFERED), PRICED, *moved())
    with pytest.raises(TaskError) as err:
        run_task(params(**MOVE))
    assert 'was done, but then failed (AttributeError' in str(err.value)
    assert err.value.result['changed'] is True and err.value.result['tariff_change']['cost'] == 233.33


def test_a_suspension_that_fails_after_a_change_says_the_change_was_made(http_server, run_task):
    http_server.queue(listing(elem(958, domain='web.example.com')), ok(), listing(elem(958, domain='shop.example.com')),
                      error('access', 'elid', 'Insufficient privileges'))
    with pytest.raises(TaskError) as err:
        run_task(params(id=958, domain='shop.example.com', state='suspended'))
    assert str(err.value).startswith('The change of vds service 958 was done, but then BILLmanager error (access/elid)')
    assert err.value.result['changed'] is True
    assert funcs(http_server)[:4] == ['vds', 'vds.edit', 'vds', 'vds.suspend']
