# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_templating.py on the running ansible-core: panel text is never a template and stays a plain string where it cannot
be one; the compile cache patches the engine only on the cores it was written for."""

from __future__ import annotations

import pytest

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.ispsystem.billmgr.plugins.plugin_utils import _templating
from ansible_collections.ispsystem.billmgr.plugins.plugin_utils._templating import as_text, compile_once, could_template
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.cores import CORE, evaluate_expression, is_trusted_as_template, plain_str, trust_as_template

HOSTILE = "{{ lookup('pipe', 'id') }}"


@pytest.mark.parametrize('text, expected', [('web.alice.test', False), ('', False), ('a{b', True), ('a}b', True),
                                            ('{# note #}', True), ('{% if x %}', True), (HOSTILE, True)])
def test_every_template_syntax_needs_a_brace(text, expected):
    assert could_template(text) is expected


def test_text_that_cannot_be_a_template_stays_a_plain_string():
    for text in ('web.alice.test', '', '127.0.3.190', 'Frankfurt'):
        value = as_text(text)
        assert value == text and plain_str(value)


@pytest.mark.parametrize('value', [HOSTILE, trust_as_template(HOSTILE), '{{ 7 * 7 }}'])
def test_text_that_could_be_a_template_is_never_one(value):
    text = as_text(value)
    assert text == str(value) and not is_trusted_as_template(text)
    templar = Templar(loader=DataLoader(), variables={'v': text})
    assert evaluate_expression(templar, 'v') == str(value)


def test_text_marked_once_is_marked_the_same_again():
    once = as_text(HOSTILE)
    assert as_text(once) == once and not is_trusted_as_template(as_text(once))


def test_what_is_not_a_string_comes_back_as_it_is():
    for value in (None, 4711, 12.5, True):
        assert as_text(value) is value


def test_only_the_trust_api_is_used_from_2_19_on():
    # ansible.utils.unsafe_proxy is deprecated; the cores that have the public trust API never import it here.
    assert (_templating.is_trusted_as_template is not None) is (CORE >= (2, 19))
    assert (_templating.wrap_var is not None) is (CORE < (2, 19))


class Engine(object):
    """A template engine's two compile methods as ansible-core 2.19 to 2.22 have them, counting their calls."""

    def __init__(self):
        self.calls = []

    def _compile_expression(self, expression, options):
        self.calls.append(expression)
        return lambda variables: (expression, options)

    def _compile_template(self, template, options):
        self.calls.append(template)
        return lambda variables: (template, options)


class Holder(object):
    def __init__(self, engine):
        self._engine = engine


def test_the_engine_compiles_each_source_once_when_patched():
    engine = Engine()
    assert compile_once(Holder(engine), enabled=True) is True
    for dummy in range(3):
        engine._compile_expression('billmgr_id > 1', 'opts')
        engine._compile_template('{{ billmgr_id }}', 'opts')
    engine._compile_expression('billmgr_id > 1', 'other')
    engine._compile_expression('billmgr_id > 1', ['not', 'hashable'])
    assert engine.calls == ['billmgr_id > 1', '{{ billmgr_id }}', 'billmgr_id > 1', 'billmgr_id > 1']
    assert compile_once(Holder(engine), enabled=True) is True  # a second source: patched once, not twice
    assert engine._compile_expression.compiled_once and len(engine.calls) == 4


def test_an_unknown_core_or_engine_is_left_as_it_is():
    engine = Engine()
    before = engine._compile_expression
    assert compile_once(Holder(engine), enabled=False) is False
    assert engine._compile_expression == before

    class Changed(Engine):
        def _compile_expression(self, expression, options, overrides=None):  # pylint: disable=arguments-differ
            return super(Changed, self)._compile_expression(expression, options)
    changed = Changed()
    assert compile_once(Holder(changed), enabled=True) is False
    assert compile_once(Holder(None), enabled=True) is False and compile_once(object(), enabled=True) is False


def test_the_engine_of_this_core_is_patched_exactly_when_it_is_known():
    templar = Templar(loader=DataLoader())
    known = _templating.engine_core() is not None
    assert known is ('%d.%d' % CORE in _templating.ENGINE_CORES)
    assert compile_once(templar) is known
    if known:
        assert templar._engine._compile_expression.compiled_once
    assert CORE < (2, 19) or CORE > (2, 22) or known, 'every core from 2.19 to 2.22 has the engine compile_once knows'
