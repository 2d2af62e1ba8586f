# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_values.py: the vocabulary, each item once. How the panel writes a value, how a task may give it, what it means."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import (
    MAX_ID,
    PERIODS,
    add_months,
    addon_field,
    addon_key,
    addon_label,
    addon_text,
    addons_of_form,
    autoprolong_months,
    autoprolong_param,
    boolean_text,
    add_period,
    check_autoprolong,
    check_id,
    check_item_type,
    renewal_period,
    date_of,
    days_left,
    expiry_facts,
    host_address,
    ip_addresses,
    diff_of,
    domain_text,
    identity_text,
    export_period,
    iso_date,
    labelled_addons,
    normalise_ip,
    order_period,
    period_label,
    parse_date,
    status_codes,
    typed_addons,
    with_addons,
)

D = datetime.date


# -- statuses ---------------------------------------------------------------------------------

def test_statuses_are_given_as_codes_or_names():
    assert status_codes(['active', 5, '4']) == [2, 5, 4]
    assert status_codes(None) == []
    with pytest.raises(InputError, match="unknown status 'sleeping'; use one of ordered \\(1\\), active \\(2\\)"):
        status_codes(['sleeping'])


# -- ids and item types -------------------------------------------------------------------------

def test_ids_are_database_keys():
    assert check_id('958') == 958
    for bad in (0, -1, MAX_ID + 1):
        with pytest.raises(InputError, match='item must be a BILLmanager id'):
            check_id(bad, 'item')


def test_item_types_are_api_names():
    assert check_item_type('vds') == 'vds'
    for bad in ('v ds', 'VDS', '', None, '1vds'):
        with pytest.raises(InputError, match='type must be an item type name'):
            check_item_type(bad)


# -- periods and auto-renewal ---------------------------------------------------------------------

def test_period_must_be_a_billing_period():
    assert PERIODS == (1, 3, 6, 12, 24, 36)
    assert renewal_period(12) == 12 and renewal_period(None) is None and renewal_period('daily') == -50
    with pytest.raises(InputError, match='period must be one of 1, 3, 6, 12, 24, 36 months, or daily; got 2'):
        renewal_period(2)


def test_one_renewal_adds_its_period():
    assert add_period(D(2027, 1, 31), 1) == D(2027, 2, 28) and add_period(D(2027, 1, 31), -50) == D(2027, 2, 1)


@pytest.mark.parametrize('value, code', [
    (1, 1), ('12', 12), (' 36 ', 36), (3, 3), ('trial', -100), ('Trial', -100), ('daily', -50), (' one-time ', 0), ('ONE-TIME', 0),
])
def test_an_order_period_is_months_or_trial_daily_one_time_as_their_codes(value, code):
    assert order_period(value) == code


@pytest.mark.parametrize('value', [5, '5', 0, '0', -100, '-100', '-50', True, False, 'yearly', 'one time', '12.5', 12.5, ''])
def test_an_order_period_refuses_anything_else(value):
    with pytest.raises(InputError) as err:
        order_period(value)
    assert str(err.value) == 'period must be one of 1, 3, 6, 12, 24, 36 (months), daily, one-time, trial; got %r' % (value,)
    with pytest.raises(InputError, match='^renewal_period must be one of'):
        order_period(value, option='renewal_period')


def test_period_codes_are_labelled_as_a_task_writes_them():
    assert [period_label(code) for code in (-100, -50, 0, 1, 12)] == ['trial', 'daily', 'one-time', 1, 12]
    assert [order_period(period_label(code)) for code in (-100, -50, 0, 1, 12)] == [-100, -50, 0, 1, 12]


@pytest.mark.parametrize('unit, length, code', [
    ('month', '1', 1), ('month', '12', 12), ('month', '-100', -100), ('month', '-50', -50), ('month', '0', 0),
    (None, '3', 3), ('', '6', 6), (' Month ', '24', 24), ('year', '1', 12), ('year', '2', 24), ('day', '1', -50),
    ('day', '7', None), ('month', None, None), ('month', '', None), ('month', 'monthly', None),
])
def test_an_export_price_period_is_its_code(unit, length, code):
    # price/period[@type, @length]: the simulator and E9 write type month with the code as length.
    assert export_period(unit, length) == code


@pytest.mark.parametrize('value', [None, False, 'off', 'OFF', 'null', 'none', 'no', 'false', 0, '0', ''])
def test_autoprolong_off_in_every_spelling_yaml_or_the_panel_gives(value):
    assert autoprolong_months(value) is None
    assert check_autoprolong(value) is None


@pytest.mark.parametrize('value, months', [(12, 12), ('3', 3), (' 6 ', 6), ({'text': '1'}, 1)])
def test_autoprolong_months_are_a_whole_number_as_number_text_or_panel_node(value, months):
    assert autoprolong_months(value) == months


@pytest.mark.parametrize('months', [1, 3, 6, 12, 24, 36])
def test_check_autoprolong_accepts_every_billing_period_as_number_or_text(months):
    assert check_autoprolong(months) == months
    assert check_autoprolong(str(months)) == months


@pytest.mark.parametrize('value', [True, -1, 5, '5', 'abc', 'weekly', 'yearly', 2, '12x', '1.5', 1.5, '1 year', '3 years', '12 months'])
def test_check_autoprolong_refuses_anything_else(value):
    # true is not a period: YAML's `autoprolong: yes` must not become one month.
    with pytest.raises(InputError) as err:
        check_autoprolong(value)
    assert str(err.value) == 'autoprolong must be one of 1, 3, 6, 12, 24, 36 (months), daily or off; got %r' % (value,)


def test_autoprolong_in_a_request_is_the_months_or_null_for_off():
    assert autoprolong_param(None) == 'null'
    assert autoprolong_param(12) == 12


# -- dates ------------------------------------------------------------------------------------

def test_panel_dates_in_every_locale_become_iso():
    assert iso_date('2027-01-31') == '2027-01-31'
    assert iso_date('31.01.2027') == '2027-01-31'
    assert iso_date({'text': '2027-01-31 12:00:00'}) == '2027-01-31'
    assert iso_date('') is None and iso_date('never') is None
    assert date_of('2027-01-31') == D(2027, 1, 31) and date_of(None) is None


def test_an_iso_date_is_checked_against_the_calendar_as_strptime_checks_it():
    # The ISO shape is read by date.fromisoformat; what it refuses still goes to the panel's other formats.
    assert iso_date(' 2028-02-29 ') == '2028-02-29'
    assert iso_date('2027-02-29') is None and iso_date('2027-13-01') is None and iso_date('2027-00-10') is None
    assert iso_date('2027-01-31 23:59') == '2027-01-31'


@pytest.mark.parametrize('elem, facts', [
    ({'expiredate': '2027-01-31'}, ('2027-01-31', None)),
    # A daily tariff (real-panels.md 6.2, E2): the time to the minute, or apart in real_expiredate / i_expiretime.
    ({'expiredate': '2025-04-07 20:00'}, ('2025-04-07', '2025-04-07 20:00')),
    ({'expiredate': '2025-04-07 20:00:00'}, ('2025-04-07', '2025-04-07 20:00')),
    ({'expiredate': '07.04.2025 9:05'}, ('2025-04-07', '2025-04-07 09:05')),
    ({'real_expiredate': '2025-04-07', 'i_expiretime': '20:00'}, ('2025-04-07', '2025-04-07 20:00')),
    ({'expiredate': '', 'real_expiredate': '2025-04-07'}, ('2025-04-07', None)),
    ({'expiredate': 'never'}, (None, None)),
    ({}, (None, None)),
])
def test_an_expiry_is_its_day_and_where_given_its_time(elem, facts):
    found = expiry_facts(elem)
    assert (found['expiredate'], found['expiretime']) == facts


def test_a_daily_services_days_left_comes_from_its_day():
    assert days_left(expiry_facts({'expiredate': '2027-01-31 20:00'})['expiredate'], today=D(2027, 1, 30)) == 1


@pytest.mark.parametrize('text, addresses, host', [
    ('10.0.0.1', ['10.0.0.1'], '10.0.0.1'),
    ('2001:db8::1 10.0.0.1', ['2001:db8::1', '10.0.0.1'], '10.0.0.1'),
    ('2001:db8::1,2001:db8::2', ['2001:db8::1', '2001:db8::2'], '2001:db8::1'),
    ('10.0.0.1; 10.0.0.2 10.0.0.1', ['10.0.0.1', '10.0.0.2'], '10.0.0.1'),
    ('vm.example.test', ['vm.example.test'], 'vm.example.test'),
    ('', [], None),
    (None, [], None),
])
def test_several_addresses_in_one_field_and_the_one_to_connect_to(text, addresses, host):
    assert ip_addresses(text) == addresses and host_address(addresses) == host


@pytest.mark.parametrize('text', ['2026-13-01', '23.12.2026', '2026-1-5', 'tomorrow', '', '2026-02-30'])
def test_a_bad_task_date_is_refused_naming_the_option(text):
    with pytest.raises(InputError, match='until must be a date written YYYY-MM-DD'):
        parse_date(text, 'until')


def test_a_task_date_may_be_a_yaml_date_or_padded_text():
    assert parse_date(D(2027, 1, 31), 'until') == D(2027, 1, 31)
    assert parse_date(' 2027-01-31 ', 'until') == D(2027, 1, 31)


def test_days_left_counts_whole_days_and_is_negative_once_expired():
    assert days_left('2027-01-31', today=D(2027, 1, 1)) == 30
    assert days_left('2027-01-01', today=D(2027, 1, 31)) == -30
    assert days_left(None) is None


def test_add_months_clips_to_the_end_of_the_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 12, 23), 12) == D(2027, 12, 23)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)


# -- IP addresses -----------------------------------------------------------------------------

def test_ip_is_normalised_and_garbage_is_refused_with_the_option_name():
    assert normalise_ip(' 203.0.113.7 ') == '203.0.113.7'
    assert normalise_ip('2001:DB8::1') == '2001:db8::1'
    assert normalise_ip(None) is None
    with pytest.raises(InputError, match=r"ip: '300\.1\.1\.1' is not an IP address"):
        normalise_ip('300.1.1.1')


# -- add-ons ----------------------------------------------------------------------------------

def test_addon_values_as_the_api_writes_them():
    # On/off as the panel writes it (on, off: real-panels.md 8.2); digits stay numbers until the tariff says the kind.
    assert [addon_text(v) for v in (True, False, 2048, 2048.0, ' 5 ', 'on', 'RAID 1', 1, '0', 'Yes', 'FALSE')] == [
        'on', 'off', '2048', '2048', '5', 'on', 'RAID 1', '1', '0', 'on', 'off']
    assert [boolean_text(v) for v in ('yes', 'Off', 1, 'maybe', True, False, 'true', 'no', '0')] == [
        'on', 'off', None, None, 'on', 'off', 'on', 'off', None]


def test_addon_keys_with_or_without_the_api_prefix_are_the_same_addon():
    assert addon_key('addon_11') == addon_key('11') == addon_key(11) == '11'
    assert addon_key('RAM') == 'RAM'
    assert addon_field('addon_11') == '11' and addon_field('domain') is None


def test_addons_of_a_form_are_its_addon_fields_typed_for_return_values():
    form = {'elid': '958', 'addon_11': '1024', 'addon_9': ' 1 ', 'addon_15': '', 'slist': [{'name': 'addon_9'}]}
    addons = addons_of_form(form)
    assert addons == {'11': '1024', '9': '1', '15': ''}
    assert typed_addons(addons) == {'9': 1, '11': 1024, '15': None}
    assert list(typed_addons(addons)) == ['9', '11', '15'], 'ordered by add-on id'
    assert with_addons({'id': 958}, addons)['addons']['11'] == 1024
    assert with_addons({'id': 958}, None) == {'id': 958, 'addons': None}
    assert with_addons(None, addons) is None


# -- diff -------------------------------------------------------------------------------------

def test_diff_holds_only_the_keys_that_differ():
    assert diff_of({'ip': '1.1.1.1', 'licname': 'a', 'id': 7}, {'ip': '2.2.2.2', 'licname': 'a', 'id': 7}) == {
        'before': {'ip': '1.1.1.1'}, 'after': {'ip': '2.2.2.2'}}
    assert diff_of(None, {'id': 7}) == {'before': {'id': None}, 'after': {'id': 7}}


# -- identities -----------------------------------------------------------------------------------

@pytest.mark.parametrize('value, text', [('web-1', 'web-1'), ('web-1 ', 'web-1'), (' web-1\n', 'web-1'), ('\tweb 1 ', 'web 1'),
                                         ('', None), ('  \n', None), (None, None), (42, '42')])
def test_an_identity_is_what_the_panel_keeps_without_surrounding_blanks(value, text):
    assert identity_text(value) == text


def test_a_domain_identity_is_also_in_lower_case():
    assert domain_text(' Shop.Example.COM\n') == 'shop.example.com' and domain_text(' ') is None


def test_a_diff_names_add_ons_as_the_task_did_with_the_id_beside():
    labels = {'11': 'RAM'}
    assert addon_label(11, labels) == 'RAM (11)' and addon_label('9', labels) == '9' and addon_label('9') == '9'
    assert labelled_addons({'9': 2, '11': 2048}, labels) == {'9': 2, 'RAM (11)': 2048}
    assert labelled_addons(None, labels) is None
