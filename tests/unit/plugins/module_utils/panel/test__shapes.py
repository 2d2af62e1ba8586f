# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_shapes.py: an answer's shape without its data - kinds of values, the panel's own codes and words kept, nothing else."""

from __future__ import annotations

import json

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._shapes import codes_of, field_kinds, kind_of, list_shape, masked, shape_of


@pytest.mark.parametrize('text, kind', [
    ('2027-01-07', 'date'), ('31.12.2026', 'date'), ('2027-01-07 20:15', 'datetime'), ('20:15', 'time'),
    ('958', 'number'), ('12.50', 'decimal'), ('127.0.3.190', 'ip'), ('2001:db8::3be', 'ip'),
    ('127.0.3.190 2001:db8::3be', 'ips'), ('500.00 RUB / Month', 'money'), ('1 000,00 руб.', 'money'),
    ('web.alice.test', 'domain'), ('alice@example.com', 'email'), ('alice', 'text'), ('', 'empty'), ('VPS Start', 'text'),
])
def test_kind_of_names_what_a_value_looks_like(text, kind):
    assert kind_of(text) == kind


@pytest.mark.parametrize('field, text, kept', [
    # The panel's vocabulary stays: on/off, period labels (E23 "Month", E30 «Месяц»), currency codes, status words.
    ('autoprolong', 'Month', 'Month'), ('autoprolong', 'Месяц', 'Месяц'), ('main', 'on', 'on'), ('currency', 'RUB', 'RUB'),
    ('item_status', 'Active', 'Active'),
    # Codes stay in the fields that hold codes (statuses, periods; E22 2_2_16, 5_close), never elsewhere.
    ('status', '2', '2'), ('orig', '2_2_16', '2_2_16'), ('item_status', '5_close', '5_close'), ('period', '-50', '-50'),
    ('id', '958', '<id>'), ('item', '958', '<id>'), ('name', '2', '<number>'),
    # Everything else is its kind: money keeps its currency and a known period, never its amount.
    ('cost', '500.00 RUB / Month', '<money> RUB / Month'), ('cost', '500.00 RUB / per my deal', '<money> RUB / <text>'),
    ('domain', 'web.alice.test', '<domain>'), ('ip', '127.0.3.190', '<ip>'), ('account', 'alice', '<text>'),
    ('expiredate', '2027-01-07', '<date>'), ('status', 'Зачислен', '<text>'), ('name', '', ''),
])
def test_masked_keeps_the_vocabulary_and_hides_the_data(field, text, kept):
    assert masked(field, text) == kept


SECRETS = ('web.alice.test', '127.0.3.190', 'alice', '958', 'sid-3f0c', 'JBSWY3DPEHPK3PXP', '1234.56', 'Frankfurt')


def test_no_value_of_an_answer_survives_in_its_shape():
    doc = {'elem': [{'id': '958', 'name': 'web.alice.test', 'ip': '127.0.3.190 127.0.3.191', 'account': 'alice',
                     'item_status': {'orig': '2', 'text': 'Active'}, 'cost': '1234.56 RUB / Month',
                     'datacentername': 'Frankfurt', 'note': 'JBSWY3DPEHPK3PXP'}] * 3,
           'tparams': {'auth': 'sid-3f0c', 'elid': '958'}, 'p_elems': '3'}
    shape = list_shape(doc)
    text = json.dumps(shape, ensure_ascii=False)
    assert [secret for secret in SECRETS if secret in text] == []
    assert shape['sample'][0]['item_status'] == {'orig': '2', 'text': 'Active'}
    assert shape['fields']['ip'] == ['ips'] and shape['fields']['item_status'] == ['object']
    assert shape['paging'] == ['p_elems'] and len(shape['sample']) == 2
    assert shape_of(doc)['elem'][-1] == '<1 more>' and 'tparams' not in shape_of(doc)


def test_codes_and_field_kinds_read_across_rows():
    rows = [{'status': '2', 'item_status': {'orig': '2_2_16'}}, {'item_real_status': '3'}, 'not a row']
    assert codes_of(rows, 'item_status') == ['2_2_16'] and codes_of(rows, 'item_real_status') == ['3']
    assert field_kinds(rows) == {'item_real_status': ['number'], 'item_status': ['object'], 'status': ['number']}
