# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_errors.py: the three ways a task fails, and what each carries to the module's result."""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError


def test_an_api_error_reads_as_one_line_with_its_kind_object_and_function():
    err = BillmgrError('value', "The value of field 'period' is invalid", obj='period', func='v2.vds.order.param')
    assert str(err) == "BILLmanager error (value/period): The value of field 'period' is invalid [func v2.vds.order.param]"
    assert repr(err) == "BillmgrError('value', \"The value of field 'period' is invalid\", obj='period', func='v2.vds.order.param')"
    assert err.is_api_error and not err.outcome_unknown


def test_wire_failures_are_not_api_errors():
    for kind in ('connection', 'timeout', 'http', 'tls', 'response'):
        assert not BillmgrError(kind, 'no answer').is_api_error
    assert str(BillmgrError('timeout', 'no answer')) == 'BILLmanager error (timeout): no answer'


def test_facts_are_what_a_playbook_can_test_in_failed_when():
    err = BillmgrError('connection', 'reset', func='service.prolong', outcome_unknown=True)
    assert err.facts() == {'type': 'connection', 'object': None, 'func': 'service.prolong', 'outcome_unknown': True}


def test_explained_keeps_the_kind_and_object_and_says_what_the_task_was_doing():
    err = BillmgrError('connection', 'reset', obj='elid', func='v2.vds.order.param', detail='d', value='v', outcome_unknown=True)
    explained = err.explained('reset. The order may or may not have been placed')
    assert (explained.kind, explained.obj, explained.func, explained.detail, explained.value) == (
        'connection', 'elid', 'v2.vds.order.param', 'd', 'v')
    assert explained.message == 'reset. The order may or may not have been placed'
    assert explained.outcome_unknown is True
    assert err.explained('x', outcome_unknown=False).outcome_unknown is False


def test_a_task_error_carries_what_was_done_before_it():
    failure = TaskError('vds service 1101 was ordered but is still processing after 30s', changed=True, service={'id': 1101})
    assert str(failure) == 'vds service 1101 was ordered but is still processing after 30s'
    assert failure.result == {'changed': True, 'service': {'id': 1101}}
    assert TaskError('nothing done').result == {}


def test_input_error_is_its_message_only():
    assert str(InputError('period must be one of 1, 3, 6, 12, 24, 36 months; got 5')) == \
        'period must be one of 1, 3, 6, 12, 24, 36 months; got 5'
    assert not issubclass(InputError, BillmgrError) and not issubclass(TaskError, BillmgrError)
