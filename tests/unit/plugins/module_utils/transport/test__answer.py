# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import (
    as_list,
    first_line,
    int_or_none,
    is_list_answer,
    page_words,
    parse_document,
    redirect_of,
    text_of,
    unwrap,
)


def test_unwrap_turns_the_dollar_notation_into_plain_values():
    doc = unwrap({'$lang': 'en', 'elem': {'id': {'$': '12'}, 'item_status': {'$orig': '2', '$': 'Active'}, 'ip': {}},
                  'ok': {}})
    assert doc['lang'] == 'en'
    assert doc['elem'] == {'id': '12', 'item_status': {'orig': '2', 'text': 'Active'}, 'ip': ''}
    assert doc['ok'] == ''
    # A field's bare text and one whose text is itself named "$" in a child stay apart.
    assert unwrap({'name': {'$': 'web'}, 'note': {'$': {'$': 'deep'}}}) == {'name': 'web', 'note': {'$': 'deep'}}
    assert unwrap({'$': ''}) == '' and unwrap({'$': 'x', '$id': '1'}) == {'id': '1', 'text': 'x'}


def test_one_child_and_several_children_both_become_lists():
    assert as_list(unwrap({'$': 'x'})) == ['x']
    assert as_list([{'$': 'a'}, {'$': 'b'}]) == [{'$': 'a'}, {'$': 'b'}]
    assert as_list(None) == []
    assert as_list('') == []


def test_text_of_reads_a_field_with_or_without_attributes():
    assert text_of({'orig': '2', 'text': 'Active'}) == 'Active'
    assert text_of('12') == '12'
    assert text_of(None) == ''


# -- the one backoff ------------------------------------------------------------------------


def test_int_or_none_reads_the_number_a_value_starts_with():
    assert int_or_none('12 months') == 12
    assert int_or_none({'orig': '2', 'text': '-3'}) == -3
    assert int_or_none(7) == 7
    assert int_or_none(True) is None
    assert int_or_none('') is None
    assert int_or_none('none') is None


def test_parse_document_reads_json_and_xml_and_refuses_anything_else():
    assert parse_document('{"doc": {"elem": {"id": {"$": "5"}}}}') == {'elem': {'id': '5'}}
    assert parse_document('<?xml version="1.0"?><doc><elem><id>5</id></elem></doc>') == {'elem': {'id': '5'}}
    assert parse_document('{"doc": "x"}') is None
    assert parse_document('{"doc": []}') is None


def test_a_document_without_fields_is_an_empty_dict_never_text():
    # unwrap makes '' of an empty doc and the text of a doc of bare text: a reader calls .get on a document.
    assert parse_document('{"doc": {}}') == {}
    assert parse_document('{"doc": {"$": "ok"}}') == {}
    assert parse_document('<doc/>') == {}
    assert parse_document('<html>busy</html>') is None
    assert parse_document('') is None


def test_page_words_are_the_text_of_an_html_page_only():
    page = '<!DOCTYPE html><html><head><style>p {}</style><script>x()</script></head><body><h1>Request in process</h1><p>wait</p></body></html>'
    assert page_words(page) == 'Request in process - wait'
    assert page_words('plain text') == ''
    assert len(page_words('<html>' + 'word ' * 200 + '</html>')) == 303


def test_first_line_skips_blank_lines_and_cuts_long_ones():
    assert first_line('\n  \n  Bad Gateway  \nmore') == 'Bad Gateway'
    assert first_line('') == '(empty body)'
    assert len(first_line('x' * 500)) == 200


# -- lists and non-answers (real-panels-2 §12.3) ------------------------------------------------

def plain(answer):
    return parse_document(json.dumps({'doc': answer}))


@pytest.mark.parametrize('answer', [
    {'elem': [{'id': {'$': '1'}}]},
    {'elem': []},
    {'p_elems': {'$': '0'}, 'p_num': {'$': '1'}, 'p_cnt': {'$': '1000'}},  # the simulator's empty service lists
    {'p_num': {'$': '1'}},
    {'metadata': {'$name': 'webdomain', '$type': 'list'}},  # reference/responses/ispmgr6_webdomain_list.sjson.json
])
def test_what_reads_as_a_list(answer):
    assert is_list_answer(plain(answer))


@pytest.mark.parametrize('answer', [
    {}, {'ok': {'$': 'func=totp.confirm'}}, {'ok': {}}, {'tparams': {'func': {'$': 'vds'}}},
    {'metadata': {'$name': 'vds.edit', '$type': 'form'}}, {'list': {'$name': 'itemlist'}},
])
def test_what_is_no_list(answer):
    assert not is_list_answer(plain(answer))


@pytest.mark.parametrize('answer, func', [
    ({'ok': {'$': 'func=totp.confirm'}}, 'totp.confirm'),  # E5, E24
    ({'ok': {'$type': 'form', '$': 'func=desktop&startform=vds'}}, 'desktop'),
    ({'ok': {'$type': 'url', '$': 'https://pay.example/?func=payment.redirect&elid=1'}}, 'payment.redirect'),
    ({'ok': {}}, None), ({'ok': {'$type': 'url', '$': 'https://pay.example/'}}, None), ({}, None), ({'elem': []}, None),
])
def test_the_function_an_ok_points_to(answer, func):
    assert redirect_of(plain(answer)) == func
