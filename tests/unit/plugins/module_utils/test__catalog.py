# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_catalog.py: reading pricelist.export, names to ids, and every check an order passes before it is sent."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils._catalog import (
    Catalog,
    PricelistInfoTask,
    checked_addon_value,
    needs_catalog,
    read_pricelists,
    slist_choices,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils._errors import InputError


def t(value):
    return {'$': str(value)}


def addon(addon_id, name, kind='integer', low=None, high=None, step=None, measure=None, default='0', enumitems=()):
    node = {'id': t(addon_id), 'name': t(name), 'type': t(kind), 'default': t(default)}
    for key, value in (('min', low), ('max', high), ('step', step), ('measure', measure)):
        if value is not None:
            node[key] = t(value)
    if enumitems:
        node['enumitem'] = [{'id': t(i), 'name': t(n)} for i, n in enumitems]
    return node


VPS_START = {
    'id': t(6), 'name': t('VPS Start'), 'itemtype': t('vds'),
    'datacenter': {'id': t(1), 'name': t('Frankfurt')},
    'price': [{'period': t(1), 'cost': t('500.00')}, {'period': t(12), 'cost': t('6000.00')}],
    'addon': [addon(9, 'CPU', low=1, high=32, step=1, measure='cores', default='1'),
              addon(11, 'RAM', low=256, high=65536, step=256, measure='MB', default='1024'),
              addon(15, 'DDoS protection', kind='boolean')],
}
DEDIC = {
    'id': t(32), 'name': t('Dedicated Basic'), 'itemtype': t('dedic'),
    'datacenter': [{'id': t(1), 'name': t('Frankfurt')}, {'id': t(2), 'name': t('Amsterdam')}],
    'price': {'period': t(1), 'cost': t('5000.00')},
    'addon': addon(33, 'RAID', kind='enum', default='1', enumitems=((1, 'No RAID'), (2, 'RAID 1'), (3, 'RAID 10'))),
}
EXPORT = {'body': {'doc': {'pricelist': [VPS_START, DEDIC]}}}


@pytest.fixture
def catalog(http_server, client):
    http_server.queue(EXPORT)
    return Catalog.read(client)


def test_read_is_one_request_filtered_by_item_type(http_server, client):
    http_server.queue({'body': {'doc': {'pricelist': VPS_START}}})
    catalog = Catalog.read(client, 'vds')
    assert [tariff['name'] for tariff in catalog.tariffs] == ['VPS Start']
    [request] = http_server.requests
    assert request['form']['func'] == 'pricelist.export' and request['form']['itemtype'] == 'vds'


def test_a_tariff_parses_into_plain_typed_values(catalog):
    vps = catalog.tariff('VPS Start', 'vds')
    assert vps['id'] == 6 and vps['type'] == 'vds' and vps['periods'] == [1, 12]
    assert vps['prices'] == [{'period': 1, 'cost': '500.00'}, {'period': 12, 'cost': '6000.00'}]
    assert vps['datacenters'] == [{'id': 1, 'name': 'Frankfurt'}]
    ram = vps['addons'][1]
    assert (ram['id'], ram['min'], ram['max'], ram['step'], ram['measure'], ram['default']) == (11, 256, 65536, 256, 'MB', '1024')
    dedic = catalog.tariff(32, 'dedic')  # single children come as objects, not arrays
    assert dedic['periods'] == [1] and len(dedic['datacenters']) == 2
    assert [item['name'] for item in dedic['addons'][0]['enumitems']] == ['No RAID', 'RAID 1', 'RAID 10']


def test_tariffs_resolve_by_id_name_or_name_in_any_case_within_the_item_type(catalog):
    assert catalog.tariff('6', 'vds')['id'] == 6
    assert catalog.tariff(6, 'vds')['id'] == 6
    assert catalog.tariff('vps start', 'vds')['id'] == 6
    with pytest.raises(InputError) as err:
        catalog.tariff('Dedicated Basic', 'vds')
    assert str(err.value) == "unknown pricelist 'Dedicated Basic' for vds services; valid: VPS Start (6)"


def test_datacenters_resolve_within_the_tariff(catalog):
    dedic = catalog.tariff(32, 'dedic')
    assert catalog.datacenter('Amsterdam', dedic) == {'id': 2, 'name': 'Amsterdam'}
    assert catalog.datacenter(1, dedic)['name'] == 'Frankfurt'
    with pytest.raises(InputError, match=r"unknown datacenter 'Moon' for tariff Dedicated Basic \(32\); valid: Frankfurt \(1\), Amsterdam \(2\)"):
        catalog.datacenter('Moon', dedic)


def test_periods_are_checked_against_the_tariff(catalog):
    catalog.check_period(catalog.tariff(6, 'vds'), 12)
    with pytest.raises(InputError, match=r'cannot be ordered for 3 months; its periods: 1, 12'):
        catalog.check_period(catalog.tariff(6, 'vds'), 3)


def test_addons_resolve_by_name_or_id_with_values_the_api_takes(catalog):
    vps = catalog.tariff(6, 'vds')
    assert catalog.addons(vps, {'RAM': 2048, '9': '2', 'DDoS protection': True}) == {'11': '2048', '9': '2', '15': '1'}
    assert catalog.addons(vps, {'ddos protection': 'off'}) == {'15': '0'}
    dedic = catalog.tariff(32, 'dedic')
    assert catalog.addons(dedic, {'RAID': 'RAID 10'}) == {'33': '3'}
    assert catalog.addons(dedic, {'33': 2}) == {'33': '2'}


@pytest.mark.parametrize('values, message', [
    ({'Sites': 1}, "unknown add-on 'Sites' in tariff VPS Start (6); valid: CPU (9), RAM (11), DDoS protection (15)"),
    ({'5': 1}, "unknown add-on '5' in tariff VPS Start (6)"),
    ({'RAM': 128}, 'add-on RAM (11) must be between 256 and 65536 MB; got 128'),
    ({'RAM': 70000}, 'add-on RAM (11) must be between 256 and 65536 MB; got 70000'),
    ({'RAM': 300}, 'add-on RAM (11) goes in steps of 256 from 256; got 300'),
    ({'RAM': 'lots'}, "add-on RAM (11) takes a whole number; got 'lots'"),
    ({'DDoS protection': 'maybe'}, "add-on DDoS protection (15) is on or off (true or false); got 'maybe'"),
    ({'RAM': 512, '11': 1024}, 'add-on RAM (11) is given twice'),
])
def test_bad_addons_say_what_the_tariff_accepts(catalog, values, message):
    with pytest.raises(InputError) as err:
        catalog.addons(catalog.tariff(6, 'vds'), values)
    assert message in str(err.value)


def test_enum_choice_must_exist(catalog):
    with pytest.raises(InputError, match=r"unknown choice 'RAID 5' of add-on RAID \(33\); valid: No RAID \(1\), RAID 1 \(2\), RAID 10 \(3\)"):
        catalog.addons(catalog.tariff(32, 'dedic'), {'RAID': 'RAID 5'})


def test_slist_choices_leave_out_none():
    form = {'slist': [
        {'name': 'ostempl', 'val': [{'key': 'ISPsystem__Debian-12-amd64', 'text': 'Debian 12'}]},
        {'name': 'recipe', 'val': [{'key': 'null', 'text': 'None'}, {'key': 'ISPsystem__LAMP', 'text': 'LAMP'}]},
    ]}
    assert slist_choices(form, 'ostempl') == [{'name': 'ISPsystem__Debian-12-amd64', 'title': 'Debian 12'}]
    assert slist_choices(form, 'recipe') == [{'name': 'ISPsystem__LAMP', 'title': 'LAMP'}]
    assert slist_choices(form, 'datacenter') == []


def test_read_pricelists_adds_templates_of_server_tariffs_only(http_server, client):
    form = {'body': {'doc': {'slist': [
        {'$name': 'ostempl', 'val': {'$key': 'ISPsystem__Debian-12-amd64', '$': 'Debian 12 (amd64)'}},
        {'$name': 'recipe', 'val': [{'$key': 'null', '$': 'None'}, {'$key': 'ISPsystem__LAMP', '$': 'LAMP'}]}]}}}
    hosting = {'id': t(2), 'name': t('Hosting Start'), 'itemtype': t('vhost'), 'datacenter': {'id': t(1), 'name': t('Frankfurt')}}
    http_server.queue({'body': {'doc': {'pricelist': [VPS_START, hosting]}}}, form)
    answer = read_pricelists(client)
    vps, vhost = answer['pricelists']
    assert vps['ostempls'] == [{'name': 'ISPsystem__Debian-12-amd64', 'title': 'Debian 12 (amd64)'}]
    assert vps['recipes'] == [{'name': 'ISPsystem__LAMP', 'title': 'LAMP'}]
    assert vhost['ostempls'] is None
    assert answer['datacenters'] == [{'id': 1, 'name': 'Frankfurt'}]
    assert [r['form']['func'] for r in http_server.requests] == ['pricelist.export', 'v2.vds.order.param']
    assert http_server.requests[1]['form']['pricelist'] == '6' and 'sok' not in http_server.requests[1]['form']


# -- auto-renewal against the tariff ----------------------------------------------------------

def test_autoprolong_is_checked_against_the_tariffs_own_periods(catalog):
    vps = catalog.tariff(6, 'vds')
    catalog.check_autoprolong(vps, 12)
    catalog.check_autoprolong(vps, None)  # off is always possible
    with pytest.raises(InputError) as err:
        catalog.check_autoprolong(vps, 3)
    assert str(err.value) == 'autoprolong: tariff VPS Start (6) renews for 1, 12 months or off; got 3'


def test_a_tariff_without_prices_leaves_autoprolong_to_the_panel():
    catalog = Catalog([{'id': 2, 'name': 'Hosting Start', 'type': 'vhost', 'periods': [], 'datacenters': [], 'addons': []}])
    catalog.check_autoprolong(catalog.tariff(2, 'vhost'), 36)
    catalog.check_period(catalog.tariff(2, 'vhost'), 36)


# -- a whole order ------------------------------------------------------------------------------

def test_resolve_order_turns_names_into_ids_and_checks_every_value(catalog):
    order = {'pricelist': 'VPS Start', 'datacenter': 'Frankfurt', 'period': 12, 'autoprolong': 12, 'addons': {'RAM': 2048}}
    resolved = catalog.resolve_order(order, 'vds')
    assert (resolved['pricelist'], resolved['_pricelist_name'], resolved['datacenter'], resolved['_datacenter_name']) == (
        6, 'VPS Start', 1, 'Frankfurt')
    assert resolved['addons'] == {'11': '2048'}
    assert order['pricelist'] == 'VPS Start', 'the task\'s own order is left as it was'


@pytest.mark.parametrize('change, message', [
    ({'period': 3}, 'tariff VPS Start (6) cannot be ordered for 3 months; its periods: 1, 12'),
    ({'autoprolong': 6}, 'autoprolong: tariff VPS Start (6) renews for 1, 12 months or off; got 6'),
    ({'datacenter': 'Moon'}, "unknown datacenter 'Moon' for tariff VPS Start (6)"),
    ({'pricelist': 'VPS Pro'}, "unknown pricelist 'VPS Pro' for vds services"),
])
def test_resolve_order_refuses_what_the_tariff_does_not_sell(catalog, change, message):
    order = dict({'pricelist': 6, 'period': 1, 'autoprolong': None, 'addons': {}}, **change)
    with pytest.raises(InputError) as err:
        catalog.resolve_order(order, 'vds')
    assert message in str(err.value)


def test_the_catalog_is_needed_for_names_addons_and_autoprolong_only():
    assert needs_catalog({'pricelist': 6, 'datacenter': '1'}) is False
    assert needs_catalog({'pricelist': 'VPS Start'}) is True
    assert needs_catalog({'pricelist': 6, 'datacenter': 'Frankfurt'}) is True
    # An add-on given by id is still checked: the panel ignores one its tariff lacks and bills the order anyway.
    assert needs_catalog({'pricelist': 6, 'addons': {'11': '2048'}}) is True
    assert needs_catalog({'pricelist': 6, 'autoprolong': 1}) is True


def test_checked_addon_value_of_a_single_addon():
    ram = {'id': 11, 'name': 'RAM', 'type': 'integer', 'min': 256, 'max': 65536, 'step': 256, 'measure': 'MB'}
    assert checked_addon_value(ram, 512) == '512'
    assert checked_addon_value(dict(ram, type='boolean'), 'yes') == '1'


# -- billmgr_pricelist_info -----------------------------------------------------------------------

def test_pricelist_info_task_reads_one_type_without_templates(http_server, client):
    http_server.answer('pricelist.export', {'body': {'doc': {'pricelist': [VPS_START, DEDIC]}}})
    result = PricelistInfoTask(client, {'types': ['dedic'], 'pricelist': 'dedicated basic', 'with_templates': False}).run()
    assert result['changed'] is False
    assert [p['id'] for p in result['pricelists']] == [32] and result['pricelists'][0]['ostempls'] is None
    assert result['datacenters'] == [{'id': 1, 'name': 'Frankfurt'}, {'id': 2, 'name': 'Amsterdam'}]
    assert http_server.sent() == [{'itemtype': 'dedic'}]


def test_pricelist_info_task_refuses_an_unknown_pricelist(http_server, client):
    http_server.answer('pricelist.export', EXPORT)
    with pytest.raises(InputError, match="unknown pricelist 'VPS Pro' for item types any"):
        PricelistInfoTask(client, {'types': None, 'pricelist': 'VPS Pro', 'with_templates': True}).run()
