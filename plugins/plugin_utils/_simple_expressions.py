# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The simplest Jinja2 expressions of an inventory file, evaluated without the template engine. Private to this collection.

An inventory's filters, compose values and host name are evaluated once per host. Most are a comparison of a host
variable with a literal (``billmgr_datacenter == 'Frankfurt'``) or a choice between variables (``billmgr_domain or
billmgr_id``); one pass through ansible-core's template engine for such an expression costs more than the rest of a
host's work. Here they become a Python function, once per inventory source.

Only what means the same in Jinja2 and in Python is taken: variable names, ``true``/``false``/``none``, plain quoted
strings and unsigned decimal numbers, ``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``, ``in``, ``not in``, ``and``, ``or``,
``not`` and brackets. Anything else (filters, tests, attributes, calls, escapes, arithmetic) gives None: the caller
templates it as before. A name the host does not have raises KeyError, so that the caller templates it and Ansible's own
handling of an undefined variable applies.
"""

from __future__ import annotations

import ast
import operator
import re

_COMPARISONS = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
    ast.GtE: operator.ge, ast.In: lambda left, right: left in right, ast.NotIn: lambda left, right: left not in right,
}
# Jinja2's literals that Python reads as names. Python's True/False/None are constants there already.
_LITERAL_NAMES = {'true': True, 'false': False, 'none': None}
_NUMBER = re.compile(r'^[0-9]+(\.[0-9]+)?$')
_STRING = re.compile(r'''^('[^'\\\n]*'|"[^"\\\n]*")$''')
_ONE_EXPRESSION = re.compile(r'^\{\{(?P<expression>(?:(?!\{\{|\}\}|\{%|%\}|\{#|#\}).)+)\}\}$', re.DOTALL)


class _NotSimple(Exception):
    pass


def compile_expression(expression):
    """A function(variables) giving what Jinja2 gives for ``expression``, or None when it is not a simple one."""
    if not isinstance(expression, str):
        return None
    text = expression.strip()
    try:
        tree = ast.parse(text, mode='eval')
        return _function(tree.body, text)
    except (SyntaxError, ValueError, _NotSimple):
        return None


def compile_template(template):
    """The same for a template that is one ``{{ expression }}`` and nothing around it, whose result is the value."""
    match = _ONE_EXPRESSION.match(template) if isinstance(template, str) else None
    return compile_expression(match.group('expression')) if match else None


def _function(node, text):
    if isinstance(node, ast.Name):
        return _name(node.id)
    if isinstance(node, ast.Constant):
        return _constant(node, text)
    if isinstance(node, ast.Compare):
        return _compare(node, text)
    if isinstance(node, ast.BoolOp):
        return _bool_op(node, text)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        operand = _function(node.operand, text)
        return lambda variables: not operand(variables)
    raise _NotSimple()


def _name(name):
    if name in _LITERAL_NAMES:
        value = _LITERAL_NAMES[name]
        return lambda variables: value
    return lambda variables: variables[name]


def _constant(node, text):
    source = ast.get_source_segment(text, node) or ''
    value = node.value
    if value is None or isinstance(value, bool):
        pass  # None, True, False: Jinja2 knows them too
    elif isinstance(value, str):
        if not _STRING.match(source):  # escapes, prefixes, triple quotes, adjacent strings
            raise _NotSimple()
    elif isinstance(value, (int, float)):
        if not _NUMBER.match(source):  # 0x10, 1e3, 1_000, 1j
            raise _NotSimple()
    else:
        raise _NotSimple()
    return lambda variables: value


def _compare(node, text):
    first = _function(node.left, text)
    steps = []
    for op, right in zip(node.ops, node.comparators):
        if type(op) not in _COMPARISONS:  # `is`, `is not`
            raise _NotSimple()
        steps.append((_COMPARISONS[type(op)], _function(right, text)))

    def compare(variables):
        left = first(variables)
        for compare_with, right_of in steps:  # a < b < c is (a < b) and (b < c), each side evaluated once
            right = right_of(variables)
            if not compare_with(left, right):
                return False
            left = right
        return True
    return compare


def _bool_op(node, text):
    operands = [_function(value, text) for value in node.values]
    decides = isinstance(node.op, ast.Or)  # `or` stops at the first true operand, `and` at the first false one

    def first_deciding(variables):
        value = None
        for operand in operands:  # Jinja2 and Python both give that operand, or else the last one
            value = operand(variables)
            if bool(value) is decides:
                return value
        return value
    return first_deciding
