# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_list_check.py: whether a list's rows are in a shape the collection reads, and how they differ - never an error."""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._list_check import check_rows
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.module_utils.panel.test__columns import VDS, as_answered, mutations

ROW = as_answered(VDS, True)[0]


def without(row, *keys, **more):
    return dict(dict((k, v) for k, v in row.items() if k not in keys), **more)


def test_real_shaped_rows_read_whole():
    found = check_rows('vds', [ROW, dict(ROW, id='959', autoprolong='', ip='127.0.3.191 2001:db8::1')])
    assert found['problems'] == [] and found['notes'] == []
    assert (found['status_columns'], found['status_codes'], found['expiry']) == (['status'], ['2'], ['date'])
    assert found['autoprolong'] == ['empty', 'label'] and found['addresses'] == ['one', 'several']
    assert not found['power_state'] and not found['deleted_listed'] and not found['remoteid_column']


def test_the_differences_of_real_panels_are_named():
    rows = [without(ROW, 'status', 'item_status', item_real_status='2'),
            dict(ROW, expiredate='2027-01-07 20:15', autoprolong='12', item_status={'orig': '2_2_16', 'text': 'Stopped'},
                 remoteid='web-1'),
            dict(ROW, status='4', scheduledclose='on', expiredate='Daily charges', real_expiredate='2027-01-07'),
            dict(ROW, autoprolong='Every fortnight')]
    found = check_rows('instances', rows)
    assert found['status_columns'] == ['item_real_status', 'status']
    assert found['expiry'] == ['date', 'datetime', 'text+real_expiredate']
    assert found['autoprolong'] == ['label', 'months', 'unknown label']
    assert found['power_state'] and found['deleted_listed'] and found['scheduled_close'] and found['remoteid_column']
    assert found['problems'] == [] and 'no known period label' in found['notes'][0]


def test_what_the_collection_cannot_read_is_a_problem():
    rows = [without(ROW, 'status', 'item_status', 'id'), without(ROW, 'real_expiredate', expiredate='soon')]
    found = check_rows('vds', rows)
    assert found['problems'] == ['1 of 2 rows have no status the collection reads (status, item_status, item_real_status)',
                                 '1 rows have no id', '1 rows have an expiry the collection cannot read as a date']
    assert found['status_columns'] == ['missing', 'status'] and found['expiry'] == ['date', 'text']
    assert check_rows('vds', [dict(ROW, ip='')])['notes'] == ['no active vds row shows an address (ip column)']


def test_no_answer_of_the_panel_makes_the_check_fail():
    failures = []
    for what, mutated in mutations(VDS):
        for plain in as_answered(mutated, True):
            try:
                check_rows('vds', [plain, 'not a row'])
            except Exception as err:  # pylint: disable=broad-except
                failures.append('%s: %s: %s' % (what, type(err).__name__, err))
    assert failures == []
