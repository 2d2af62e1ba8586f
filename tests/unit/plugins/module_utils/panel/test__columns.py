# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_columns.py: what a list element's columns say, read leniently - and a corpus that proves every parser of panel
data reads whatever the panel sends without an InputError, or any other exception (design §3, issue 33)."""

from __future__ import annotations

import json

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import as_list, parse_document
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._addresses import represent_address
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._balance import expense_facts, payment_facts
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._cart import _new_cart_lines, _old_cart_lines
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._catalog import parse_tariff
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._columns import (
    autoprolong_agrees,
    autoprolong_months_of,
    item_facts,
    panel_autoprolong,
    status_facts,
    status_of,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._legacy_licenses import represent_legacy
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._licenses import represent_license
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import list_services, represent_service
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import export_addon, export_tariff, listing, x


# -- auto-renewal as the panel shows it ---------------------------------------------------------

@pytest.mark.parametrize('value, read', [
    # Months where the panel gives a number (forms, E5; some lists), -50 for daily billing (E1 BillingPeriod).
    ('12', 12), (' 1 ', 1), (3, 3), ('-50', -50), ('daily', -50),
    # Off: empty (E5), null (the API's word), 0, off.
    ('', None), (None, None), ('null', None), ('off', None), ('0', None), ({}, None), ([], None),
    # The period's label (real-panels-2 §9.3: E23 "Month"; E30 «Месяц»): kept as the panel words it, auto-renewal on.
    ('Month', 'Month'), ('Year', 'Year'), ('Месяц', 'Месяц'), ('Полгода', 'Полгода'), ('1 year', '1 year'),
    ({'text': 'Month', 'orig': '1'}, 'Month'), ('on', 'on'), ('²', '²'), ('12.5', '12.5'), ('-1', '-1'),
])
def test_autoprolong_is_months_off_or_the_label_never_an_error(value, read):
    assert panel_autoprolong(value) == read


def test_a_label_agrees_with_any_months_and_months_only_with_themselves():
    assert autoprolong_agrees('Month', 1) and autoprolong_agrees('Year', 1)
    assert not autoprolong_agrees('Month', None) and not autoprolong_agrees(None, 12)
    assert autoprolong_agrees(12, 12) and autoprolong_agrees(None, None) and not autoprolong_agrees(1, 12)


def test_the_months_come_from_the_edit_form_only_where_the_list_shows_a_label():
    reads = []

    def form(value):
        return lambda: reads.append(value) or {'autoprolong': value}
    assert autoprolong_months_of(12, form('1'), 'vds 958') == 12 and reads == []
    assert autoprolong_months_of(None, form('1'), 'vds 958') is None and reads == []
    assert autoprolong_months_of('Year', form('12'), 'vds 958') == 12 and reads == ['12']
    assert autoprolong_months_of('Month', form('null'), 'vds 958') is None
    # A form that gives no months either: an error naming the field and the values, never a guess.
    with pytest.raises(BillmgrError, match=r"vds 958: the panel lists autoprolong 'Month' and its edit form 'on'") as err:
        autoprolong_months_of('Month', form('on'), 'vds 958')
    assert err.value.obj == 'autoprolong'


# -- statuses -----------------------------------------------------------------------------------

def test_status_facts_come_from_status_item_status_or_item_real_status():
    assert status_facts({'status': '2', 'item_status': {'orig': '2', 'text': 'Active'}}) == {
        'status': 2, 'status_name': 'active', 'item_status': '2'}
    # Lists without a status column still say it in item_status's orig; a panel's own sub-status stays in item_status.
    assert status_facts({'item_status': {'orig': '3_autosuspend', 'text': 'Suspended'}}) == {
        'status': 3, 'status_name': 'suspended', 'item_status': '3_autosuspend'}
    assert status_facts({'status': '9', 'item_status': {'orig': '9', 'text': 'Frozen'}})['status_name'] == 'frozen'
    # item_status "sometimes omitted", the code left in item_real_status (real-panels-2 §9.4, E23).
    assert status_facts({'item_real_status': '2'}) == {'status': 2, 'status_name': 'active', 'item_status': '2'}
    assert status_of({'item_real_status': {'orig': '5_open', 'text': 'Processing'}}) == 5
    assert status_facts({}) == {'status': None, 'status_name': None, 'item_status': None}


def test_an_auto_renewing_service_listed_with_a_label_is_read():
    facts = item_facts({'id': '958', 'autoprolong': 'Month', 'item_real_status': '2', 'cost': '500.00 RUB / Month'})
    assert (facts['id'], facts['status'], facts['autoprolong'], facts['cost']) == (958, 2, 'Month', '500.00 RUB / Month')


def test_a_list_with_labels_is_listed_not_refused(http_server, client):
    http_server.answer('vds', listing(
        {'id': '938', 'autoprolong': 'Month', 'item_status': {'orig': '2', 'text': 'Active'}},
        {'id': '958', 'autoprolong': 'Месяц', 'item_real_status': '2'},
        {'id': '5', 'autoprolong': '', 'status': '2'}))
    services = list_services(client, 'vds', status=2)
    assert [(s['id'], s['autoprolong']) for s in services] == [(938, 'Month'), (958, 'Месяц'), (5, None)]


# -- the corpus: real-shaped answers, mutated ---------------------------------------------------

# List elements in the panel's JSON notation, as real panels send them (E5, E12, E23, E30).
VDS = {'id': x(958), 'name': x('web.alice.test'), 'domain': x('web.alice.test'), 'ip': x('127.0.3.190'),
       'ostempl': x('ISPsystem__Debian-12-amd64'), 'pricelist': x('VPS Start'), 'period': x(1), 'account': x('alice'),
       'datacentername': x('Frankfurt'), 'createdate': x('2026-01-31'), 'expiredate': x('2027-01-31'),
       'real_expiredate': x('2027-01-31'), 'autoprolong': x('Month'), 'status': x(2),
       'item_status': {'$orig': '2', '$': 'Active'}, 'cost': x('500.00 RUB / Month'), 'billdaily': x('off')}
SOFT = {'id': x(777), 'licname': x('alice-lite'), 'ip': x('203.0.113.10'), 'pricelist': x('ISPmanager Lite'),
        'period': x('1 year'), 'autoprolong': x('Год'), 'item_status': {'$orig': '2', '$': 'Активна'},
        'expiredate': x('31.12.2026'), 'real_ipchange': x('2026-11'), 'real_keychange': x('2026-11-02')}
SOFTWARE = {'id': x(12), 'licname': x('old'), 'ip': x('203.0.113.11'), 'price': x('ISPmanager 4 Pro'), 'price_id': x(41),
            'period': x('lifetime'), 'expiredate': x('2125-01-01'), 'status': x(2)}
OLD_LINE = {'id': x(31), 'item.type': x('vds'), 'item.id': x(1001), 'item.period': x(1), 'item.autoprolong': x('Month'),
            'desc': x('VPS Start'), 'cost': x('500.00')}
NEW_LINE = {'id': x(41), 'item.type': x('vds'), 'main': x('VPS Start'), 'configuration': x('period 1 month'),
            'price': x('500.00'), 'action': x('order'), 'period': x('Month')}
ADDRESS = {'id': x(5), 'ip': x('127.0.3.190'), 'type': x('ipv4'), 'main': x('on'), 'domain': x('web.alice.test'),
           'gateway': x('127.0.3.1')}
EXPENSE = {'id': x(9), 'realdate': x('2026-12-01 13:45:10'), 'cdate': x('2026-12-01'), 'item': x(958), 'main_item': x(958),
           'intname': x('vds'), 'locale_name': x('VPS Start'), 'account': x('alice'), 'amount': x('500.00 RUB')}
PAYMENT = {'id': x(3), 'number': x('3'), 'create_date': x('2026-12-01'), 'status': {'$orig': '4', '$': 'Зачислен'}, 'status_orig': x(4),
           'real_status': x(4), 'paymethod_name': x('Банковская карта'), 'subaccountamount_iso': x('1000.00 RUB'),
           'amount': x('1 000,00 ₽')}
TARIFF = export_tariff(6, 'VPS Start', 'vds', costs=((1, '500.0000'), (12, '6000.0000')),
                       addons=(export_addon(9, 'CPU', low=1, high=32, step=1, included=1, measure='cores'),),
                       ostempls=(('ISPsystem__Debian-12-amd64', 'Debian 12'),))

PARSERS = {
    'item_facts': (VDS, item_facts),
    'represent_service': (VDS, lambda elem: represent_service('vds', elem)),
    'represent_license': (SOFT, represent_license),
    'represent_legacy': (SOFTWARE, represent_legacy),
    'old cart lines': (OLD_LINE, lambda elem: _old_cart_lines({'billorder': '7', 'list': {'name': 'itemlist', 'elem': elem}})),
    'new cart lines': (NEW_LINE, lambda elem: _new_cart_lines({'list': {'name': 'lineitems', 'elem': elem}})),
    'addresses': (ADDRESS, represent_address),
    'expense': (EXPENSE, expense_facts),
    'payment': (PAYMENT, payment_facts),
    'catalogue': (TARIFF, lambda elem: parse_tariff(elem, 'vds')),
}

# What a column may hold instead of what it should: labels in English and Russian, empty strings, numbers as text
# (with blanks), words where numbers go, dates of other locales, money in other spellings.
WORDS = ('Month', 'Месяц', 'Полгода', 'Зачислен', '', ' 12 ', '-50', '0', '-1', '12.5', 'null', 'on', '²', '2026-13-45',
         '31.12.2026', '2027-01-31 20:00', 'Daily charges', '1 000,00 ₽', 'nan', '127.0.3.190 2001:db8::3be')
# How a value may be wrapped: plain, nested {"$": {"$": ...}}, with attributes, sent twice, bare, a bare number, empty.
SHAPES = (
    lambda word: {'$': word},
    lambda word: {'$': {'$': word}},
    lambda word: {'$orig': word, '$': word},
    lambda word: {'$orig': word},
    lambda word: [{'$': word}, {'$': 'other'}],
    lambda word: word,
    lambda word: 12,
    lambda word: True,
    lambda word: {},
    lambda word: None,
)
EXTRA = ('autoprolong', 'status', 'item_status', 'item_real_status', 'expiredate', 'cost', 'id', 'price', 'amount')


def mutations(elem):
    """The element as it is, without each column, with columns it does not have, and with each column (and the status
    and renewal ones it may lack) holding each word in each shape."""
    yield 'as sent', elem
    for key in elem:
        yield 'without %s' % key, dict((k, v) for k, v in elem.items() if k != key)
    yield 'extra columns', dict(elem, surprise=x('?'), item_real_status=x(2), **{'$lang': 'ru'})
    yield 'empty', {}
    for key in sorted(set(elem) | set(EXTRA)):
        for word in WORDS:
            for number, shape in enumerate(SHAPES):
                yield '%s=%r (shape %d)' % (key, word, number), dict(elem, **{key: shape(word)})


def as_answered(elem, single):
    """The element through the client's own reading of a JSON answer: one element as an object, several as an array.

    An element that is no object (an empty one reads as '') never reaches a parser: the client refuses such a list with
    a BillmgrError (transport/_client.py), and the cart and balance readers leave it out."""
    body = {'doc': {'elem': elem if single else [elem, elem]}}
    return [one for one in as_list(parse_document(json.dumps(body, ensure_ascii=False)).get('elem')) if isinstance(one, dict)]


@pytest.mark.parametrize('name', sorted(PARSERS))
def test_no_answer_of_the_panel_makes_a_parser_fail(name):
    elem, parse = PARSERS[name]
    failures = []
    for what, mutated in mutations(elem):
        # One element as an object, or among several as an array: the same text either way, so the array once per column.
        for single in (True, False) if ' (shape' not in what else (True,):
            for plain in as_answered(mutated, single):
                try:
                    parse(plain)
                except Exception as err:  # pylint: disable=broad-except
                    failures.append('%s: %s: %s' % (what, type(err).__name__, err))
    assert failures == []


def test_the_corpus_reads_labels_and_missing_status_as_they_are_meant():
    service = represent_service('vds', as_answered(dict(VDS, autoprolong=x('Месяц')), True)[0])
    assert (service['autoprolong'], service['status'], service['cost']) == ('Месяц', 2, '500.00 RUB / Month')
    without_status = dict((k, v) for k, v in VDS.items() if k not in ('status', 'item_status'))
    service = represent_service('vds', as_answered(dict(without_status, item_real_status=x(2), autoprolong={}), True)[0])
    assert (service['status'], service['status_name'], service['autoprolong']) == (2, 'active', None)
    license_ = represent_license(as_answered(SOFT, True)[0])
    assert (license_['autoprolong'], license_['period'], license_['expiredate'], license_['status']) == ('Год', 12, '2026-12-31', 2)
