# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_catalog.py: reading pricelist.export, names to ids, and every check an order passes before it is sent."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._catalog import (
    Catalog,
    checked_addon_value,
    form_addon_limits,
    read_pricelists,
    slist_choices,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import export, export_addon, export_tariff, order_form


# Tariffs in the real export's shape (real-panels.md 7.1).
CPU = export_addon(9, 'CPU', low=1, high=32, step=1, included=1, measure='cores', intname='ncpu',
                   costs=((1, '150.0000'), (12, '1800.0000')))
RAM = export_addon(11, 'RAM', low=256, high=65536, step=256, included=1024, measure='MB', intname='mem',
                   costs=((1, '0.2500'), (12, '3.0000')))
DDOS = export_addon(15, 'DDoS protection', kind='boolean', intname='ddos', costs=((1, '300.0000'), (12, '3600.0000')))
VPS_START = export_tariff(6, 'VPS Start', 'vds', costs=((1, '500.0000'), (12, '6000.0000')), addons=(CPU, RAM, DDOS),
                          ostempls=(('ISPsystem__CentOS-7-amd64', 'CentOS 7 (amd64)'), ('ISPsystem__Debian-12-amd64', 'Debian 12 (amd64)')))
# One price, one add-on: single children come as objects, not arrays.
RAID = export_addon(33, 'RAID', kind='enum', costs=((1, '0.0000'),), enumeration_id=4,
                    choices=((331, 'No RAID'), (332, 'RAID 1', ((1, '1000.0000'),)), (333, 'RAID 10', ((1, '3000.0000'),))))
DEDIC = export_tariff(32, 'Dedicated Basic', 'dedic', costs=((1, '5000.0000'),),
                      datacenters=((1, 'Frankfurt'), (2, 'Amsterdam')), addons=(RAID,))
EXPORT = export(VPS_START, DEDIC)


@pytest.fixture
def catalog(http_server, client):
    http_server.queue(EXPORT)
    return Catalog.read(client)


def test_read_is_one_request_filtered_by_item_type(http_server, client):
    http_server.queue(export(VPS_START))
    catalog = Catalog.read(client, 'vds')
    assert [tariff['name'] for tariff in catalog.tariffs] == ['VPS Start']
    [request] = http_server.requests
    assert request['form']['func'] == 'pricelist.export' and request['form']['itemtype'] == 'vds'


def test_a_tariff_parses_into_plain_typed_values(catalog):
    vps = catalog.tariff('VPS Start', 'vds')
    # itemtype is "3" in the export: the name comes from itemtype_info/intname.
    assert vps['id'] == 6 and vps['type'] == 'vds' and vps['periods'] == [1, 12] and vps['orderable'] is True
    assert vps['prices'] == [{'period': 1, 'cost': '500.0000', 'currency': 'RUB'}, {'period': 12, 'cost': '6000.0000', 'currency': 'RUB'}]
    assert vps['datacenters'] == [{'id': 1, 'name': 'Frankfurt'}]
    ram = vps['addons'][1]
    assert (ram['id'], ram['name'], ram['intname'], ram['type'], ram['min'], ram['max'], ram['step'], ram['included'], ram['measure']) == (
        11, 'RAM', 'mem', 'integer', 256, 65536, 256, 1024, 'MB')
    assert ram['prices'] == [{'period': 1, 'cost': '0.2500', 'currency': 'RUB'}, {'period': 12, 'cost': '3.0000', 'currency': 'RUB'}]
    assert vps['addons'][2]['type'] == 'boolean' and 'choices' not in vps['addons'][2]
    assert vps['ostempls'] == [{'name': 'ISPsystem__CentOS-7-amd64', 'title': 'CentOS 7 (amd64)'},
                               {'name': 'ISPsystem__Debian-12-amd64', 'title': 'Debian 12 (amd64)'}]
    dedic = catalog.tariff(32, 'dedic')  # single children come as objects, not arrays
    assert dedic['periods'] == [1] and len(dedic['datacenters']) == 2 and dedic['ostempls'] == []
    raid = dedic['addons'][0]
    assert raid['type'] == 'enum' and [item['name'] for item in raid['choices']] == ['No RAID', 'RAID 1', 'RAID 10']
    assert raid['choices'][1] == {'id': 332, 'name': 'RAID 1', 'prices': [{'period': 1, 'cost': '1000.0000', 'currency': 'RUB'}]}


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
    with pytest.raises(InputError, match=r'cannot be ordered for period 3; its periods: 1, 12'):
        catalog.check_period(catalog.tariff(6, 'vds'), 3)


def test_addons_resolve_by_name_or_id_with_values_the_api_takes(catalog):
    vps = catalog.tariff(6, 'vds')
    # On/off add-ons go as on and off, never 1 and 0 (real-panels.md 8.2).
    assert catalog.addons(vps, {'RAM': 2048, '9': '2', 'DDoS protection': True}) == {'11': '2048', '9': '2', '15': 'on'}
    assert catalog.addons(vps, {'ddos protection': 'off'}) == {'15': 'off'}
    # An enum add-on goes as the enumerationitem id of the choice (8.1).
    dedic = catalog.tariff(32, 'dedic')
    assert catalog.addons(dedic, {'RAID': 'RAID 10'}) == {'33': '333'}
    assert catalog.addons(dedic, {'33': 332}) == {'33': '332'}


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


@pytest.mark.parametrize('value', [True, False, 'on', 'yes'])
def test_an_enum_add_on_given_a_boolean_is_refused_with_its_choices(catalog, value):
    # YAML's true for a list add-on is a mistake, not a choice: read as on or 1 it would pick whichever choice had that id.
    with pytest.raises(InputError) as err:
        catalog.addons(catalog.tariff(32, 'dedic'), {'RAID': value})
    assert str(err.value) == ('add-on RAID (33) is a list of choices, not on or off; give the id or the name of one of: '
                              'No RAID (331), RAID 1 (332), RAID 10 (333); got %r' % (value,))


def test_enum_choice_must_exist(catalog):
    with pytest.raises(InputError, match=r"unknown choice 'RAID 5' of add-on RAID \(33\); valid: No RAID \(331\), RAID 1 \(332\), RAID 10 \(333\)"):
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
    # An export without itemtypeparam: the OS templates come from the order form, as recipes always do.
    vps = export_tariff(6, 'VPS Start', 'vds', addons=(CPU,))
    hosting = export_tariff(2, 'Hosting Start', 'vhost', costs=((1, '150.0000'),))
    http_server.queue(export(vps, hosting), form)
    answer = read_pricelists(client)
    vps, vhost = answer['pricelists']
    assert vps['ostempls'] == [{'name': 'ISPsystem__Debian-12-amd64', 'title': 'Debian 12 (amd64)'}]
    assert vps['recipes'] == [{'name': 'ISPsystem__LAMP', 'title': 'LAMP'}]
    assert vhost['ostempls'] is None and vhost['recipes'] is None
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


def test_a_tariff_without_prices_leaves_autoprolong_to_the_panel(http_server, client):
    http_server.queue(export(export_tariff(2, 'Hosting Start', 'vhost', costs=(), datacenters=())))
    catalog = Catalog.read(client)
    assert catalog.tariff(2, 'vhost')['periods'] == []
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
    ({'period': 3}, 'tariff VPS Start (6) cannot be ordered for period 3; its periods: 1, 12'),
    ({'period': -100}, 'tariff VPS Start (6) cannot be ordered for period trial; its periods: 1, 12'),
    ({'autoprolong': 6}, 'autoprolong: tariff VPS Start (6) renews for 1, 12 months or off; got 6'),
    ({'datacenter': 'Moon'}, "unknown datacenter 'Moon' for tariff VPS Start (6)"),
    ({'pricelist': 'VPS Pro'}, "unknown pricelist 'VPS Pro' for vds services to order; valid: VPS Start (6)"),
])
def test_resolve_order_refuses_what_the_tariff_does_not_sell(catalog, change, message):
    order = dict({'pricelist': 6, 'period': 1, 'autoprolong': None, 'addons': {}}, **change)
    with pytest.raises(InputError) as err:
        catalog.resolve_order(order, 'vds')
    assert message in str(err.value)


def test_an_unknown_os_template_is_refused_with_the_tariffs_templates_before_any_form(catalog):
    # The export names the tariff's templates (E10): the refusal lists them, name and title, and reads no form.
    def no_form(tariff_id):
        raise AssertionError('the export names the templates: no form is read')
    order = {'pricelist': 6, 'period': 1, 'autoprolong': None, 'addons': {}, 'ostempl': 'Debian-12'}
    with pytest.raises(InputError) as err:
        catalog.resolve_order(order, 'vds', read_form=no_form)
    assert str(err.value) == ("unknown ostempl 'Debian-12' for tariff VPS Start (6); valid: ISPsystem__CentOS-7-amd64 "
                              "(CentOS 7 (amd64)), ISPsystem__Debian-12-amd64 (Debian 12 (amd64))")
    resolved = catalog.resolve_order(dict(order, ostempl='ISPsystem__Debian-12-amd64'), 'vds', read_form=no_form)
    assert [template['name'] for template in resolved['_ostempls']] == ['ISPsystem__CentOS-7-amd64', 'ISPsystem__Debian-12-amd64']


def test_os_templates_the_export_lacks_come_from_the_order_form_and_none_known_leaves_it_to_the_panel(catalog):
    # Dedicated Basic's export names no template: its order form's choices do (E1), read only for a named template.
    forms = []

    def read_form(tariff_id):
        forms.append(tariff_id)
        return {'slist': [{'name': 'ostempl', 'val': [{'key': 'ISPsystem__Debian-12-amd64', 'text': 'Debian 12'}]}]}
    order = {'pricelist': 32, 'datacenter': 1, 'period': 1, 'autoprolong': None, 'addons': {}, 'ostempl': 'Windows'}
    with pytest.raises(InputError, match=r"^unknown ostempl 'Windows' for tariff Dedicated Basic \(32\); valid: "
                                         r"ISPsystem__Debian-12-amd64 \(Debian 12\)$"):
        catalog.resolve_order(order, 'dedic', read_form=read_form)
    assert forms == [32]
    assert catalog.resolve_order(dict(order, ostempl=None), 'dedic', read_form=read_form)['_ostempls'] == []
    assert forms == [32], 'no template named: no form read for it'
    # A form without templates either: the panel decides.
    assert catalog.resolve_order(order, 'dedic', read_form=lambda tariff_id: {})['ostempl'] == 'Windows'


def test_checked_addon_value_of_a_single_addon():
    ram = {'id': 11, 'name': 'RAM', 'type': 'integer', 'min': 256, 'max': 65536, 'step': 256, 'measure': 'MB'}
    assert checked_addon_value(ram, 512) == '512'
    assert checked_addon_value(dict(ram, type='boolean'), 'yes') == 'on'


# -- the real export, field by field (real-panels.md 7.1, 3.9, 8) ---------------------------------

PANEL = export_addon(17, 'Control panel', kind='enum', intname='panel', costs=((1, '0.0000'), (12, '0.0000')), enumeration_id=2,
                     choices=((171, 'None'), (172, 'ISPmanager Lite', ((1, '400.0000'), (12, '4800.0000'))),
                              (173, 'ISPmanager Pro', ((1, '800.0000'), (12, '9600.0000')))))
IPV6 = export_addon(16, 'IPv6', kind='boolean', intname='ipv6_enable', costs=((-100, '0.0000'), (1, '50.0000'), (12, '600.0000')))
VPS_TRIAL = export_tariff(8, 'VPS Trial', 'vds', costs=((-100, '0.0000'), (1, '300.0000'), (12, '3600.0000')),
                          addons=(export_addon(11, 'RAM', low=512, high=8192, step=512, included=1024, measure='MB'), IPV6, PANEL),
                          ostempls=(('ISPsystem__Debian-12-amd64', 'Debian 12 (amd64)'),))
VPS_DAILY = export_tariff(9, 'VPS Daily', 'vds', costs=((-50, '20.0000'),))
SETUP = export_tariff(40, 'Server setup', 'vds', costs=((0, '1500.0000'),))
VPS_OLD = export_tariff(4, 'VPS Old', 'vds', archived='on')
VPS_HIDDEN = export_tariff(5, 'VPS Hidden', 'vds', hideinorder='on')
VPS_OFF = export_tariff(10, 'VPS Off', 'vds', active='off')
REAL = export(VPS_TRIAL, VPS_DAILY, SETUP, VPS_OLD, VPS_HIDDEN, VPS_OFF)


@pytest.fixture
def real(http_server, client):
    http_server.queue(REAL)
    return Catalog.read(client, 'vds')


def test_a_real_export_names_the_item_type_in_itemtype_info(real):
    assert VPS_TRIAL['itemtype'] == {'$': '3'}, 'the fixture is numbered as real exports are'
    assert [tariff['type'] for tariff in real.tariffs] == ['vds'] * 6
    assert [tariff['id'] for tariff in real.of_type('vds')] == [8, 9, 40, 4, 5, 10]


def test_trial_daily_and_one_time_prices_are_period_codes(real):
    assert real.tariff(8, 'vds')['periods'] == [-100, 1, 12]
    assert real.tariff(8, 'vds')['prices'][0] == {'period': -100, 'cost': '0.0000', 'currency': 'RUB'}
    assert real.tariff(9, 'vds')['prices'] == [{'period': -50, 'cost': '20.0000', 'currency': 'RUB'}]
    assert real.tariff(40, 'vds')['periods'] == [0]


def test_measure_and_enumeration_given_twice_are_read_from_their_object(real):
    ram, ipv6, panel = real.tariff(8, 'vds')['addons']
    assert RAM['measure'][0] == {'$': '1'} and PANEL['enumeration'][0] == {'$': '2'}, 'each comes as an id, then the object'
    assert (ram['measure'], ram['min'], ram['max'], ram['step'], ram['included']) == ('MB', 512, 8192, 512, 1024)
    assert (ipv6['type'], ipv6['min'], ipv6['max'], ipv6['measure']) == ('boolean', None, None, None)
    assert ipv6['prices'][0] == {'period': -100, 'cost': '0.0000', 'currency': 'RUB'}
    assert panel['type'] == 'enum' and panel['intname'] == 'panel'
    assert [(choice['id'], choice['name']) for choice in panel['choices']] == [(171, 'None'), (172, 'ISPmanager Lite'), (173, 'ISPmanager Pro')]
    assert panel['choices'][2]['prices'] == [{'period': 1, 'cost': '800.0000', 'currency': 'RUB'},
                                             {'period': 12, 'cost': '9600.0000', 'currency': 'RUB'}]


def test_os_templates_come_from_itemtypeparam_ostempl(http_server, client):
    other = {'id': {'$': '107'}, 'name': {'$': 'Location'}, 'intname': {'$': 'location'},
             'itemtypeparamvalue': {'id': {'$': '1'}, 'name': {'$': 'Rack 1'}, 'intname': {'$': 'rack1'}}}
    tariff = dict(VPS_TRIAL, itemtypeparam=[other, VPS_TRIAL['itemtypeparam']])
    http_server.queue(export(tariff))
    assert Catalog.read(client, 'vds').tariff(8, 'vds')['ostempls'] == [{'name': 'ISPsystem__Debian-12-amd64', 'title': 'Debian 12 (amd64)'}]


def test_archived_hidden_and_inactive_tariffs_are_listed_but_not_orderable(real):
    assert [(tariff['id'], tariff['orderable']) for tariff in real.tariffs] == [
        (8, True), (9, True), (40, True), (4, False), (5, False), (10, False)]
    # An existing service on an archived tariff still resolves it...
    assert real.tariff('VPS Old', 'vds')['id'] == 4
    # ...a new order does not, and the message lists what can be ordered.
    for name, tariff_id in (('VPS Old', 4), ('VPS Hidden', 5), ('VPS Off', 10)):
        for ref in (name, tariff_id):
            with pytest.raises(InputError) as err:
                real.resolve_order({'pricelist': ref, 'period': 1, 'addons': {}}, 'vds')
            assert str(err.value) == ("tariff %s (%s) takes no new orders (inactive, archived or hidden); vds services to order: "
                                      "VPS Trial (8), VPS Daily (9), Server setup (40)" % (name, tariff_id))
    with pytest.raises(InputError, match=r"^unknown pricelist 'VPS Nowhere' for vds services to order; valid: VPS Trial"):
        real.resolve_order({'pricelist': 'VPS Nowhere', 'period': 1, 'addons': {}}, 'vds')


def test_a_trial_daily_or_one_time_order_passes_the_tariffs_periods(real):
    assert real.resolve_order({'pricelist': 'VPS Trial', 'period': -100, 'addons': {}}, 'vds')['period'] == -100
    assert real.resolve_order({'pricelist': 'VPS Daily', 'period': -50, 'addons': {}}, 'vds')['period'] == -50
    assert real.resolve_order({'pricelist': 40, 'period': 0, 'addons': {}}, 'vds')['period'] == 0


@pytest.mark.parametrize('tariff, period, message', [
    (9, 1, 'tariff VPS Daily (9) cannot be ordered for period 1; its periods: daily'),
    (8, -50, 'tariff VPS Trial (8) cannot be ordered for period daily; its periods: trial, 1, 12'),
    (40, -100, 'tariff Server setup (40) cannot be ordered for period trial; its periods: one-time'),
    (8, 3, 'tariff VPS Trial (8) cannot be ordered for period 3; its periods: trial, 1, 12'),
])
def test_a_period_the_tariff_does_not_sell_is_refused_with_its_periods_by_label(real, tariff, period, message):
    with pytest.raises(InputError) as err:
        real.check_period(real.tariff(tariff, 'vds'), period)
    assert str(err.value) == message


def test_autoprolong_renews_for_month_periods_or_daily_on_a_daily_tariff(real):
    trial = real.tariff(8, 'vds')
    real.check_autoprolong(trial, 12)
    with pytest.raises(InputError) as err:
        real.check_autoprolong(trial, 3)
    assert str(err.value) == 'autoprolong: tariff VPS Trial (8) renews for 1, 12 months or off; got 3'
    with pytest.raises(InputError) as err:
        real.check_autoprolong(real.tariff(9, 'vds'), 1)
    assert str(err.value) == 'autoprolong: tariff VPS Daily (9) renews for daily months or off; got 1'
    real.check_autoprolong(real.tariff(9, 'vds'), -50)
    with pytest.raises(InputError) as err:
        real.check_autoprolong(trial, -50)
    assert str(err.value) == 'autoprolong: tariff VPS Trial (8) renews for 1, 12 months or off; got daily'


# -- add-on values against the tariff -----------------------------------------------------------

@pytest.mark.parametrize('value, sent', [
    (True, 'on'), (False, 'off'), ('yes', 'on'), ('no', 'off'), ('true', 'on'), ('FALSE', 'off'), ('on', 'on'), ('off', 'off'),
    (1, 'on'), (0, 'off'), ('1', 'on'), ('0', 'off'), (' On ', 'on'),
])
def test_boolean_addons_are_sent_as_on_or_off(real, value, sent):
    assert real.addons(real.tariff(8, 'vds'), {'IPv6': value}) == {'16': sent}


@pytest.mark.parametrize('value', ['maybe', 2, '2', 'enabled', ''])
def test_a_boolean_addon_refuses_what_is_not_on_or_off(real, value):
    with pytest.raises(InputError) as err:
        real.addons(real.tariff(8, 'vds'), {'16': value})
    assert str(err.value) == 'add-on IPv6 (16) is on or off (true or false); got %r' % (value,)


@pytest.mark.parametrize('value, sent', [
    ('ISPmanager Lite', '172'), ('ispmanager pro', '173'), ('None', '171'), (172, '172'), ('173', '173'), (' 171 ', '171'),
])
def test_an_enum_choice_by_name_or_id_is_sent_as_its_enumerationitem_id(real, value, sent):
    assert real.addons(real.tariff(8, 'vds'), {'Control panel': value}) == {'17': sent}


@pytest.mark.parametrize('value', ['cPanel', 174, '2', 17])
def test_an_unknown_enum_choice_is_refused_with_the_choices(real, value):
    with pytest.raises(InputError) as err:
        real.addons(real.tariff(8, 'vds'), {'addon_17': value})
    assert str(err.value) == ("unknown choice %r of add-on Control panel (17); valid: None (171), ISPmanager Lite (172), "
                              "ISPmanager Pro (173)" % str(value).strip())


@pytest.mark.parametrize('value, message', [
    (256, 'add-on RAM (11) must be between 512 and 8192 MB; got 256'),
    (8704, 'add-on RAM (11) must be between 512 and 8192 MB; got 8704'),
    (1000, 'add-on RAM (11) goes in steps of 512 from 512; got 1000'),
    ('1.5', "add-on RAM (11) takes a whole number; got '1.5'"),
    (True, 'add-on RAM (11) takes a whole number; got True'),
])
def test_an_integer_addon_outside_its_limits_or_steps_is_refused(real, value, message):
    with pytest.raises(InputError) as err:
        real.addons(real.tariff(8, 'vds'), {'RAM': value})
    assert str(err.value) == message


def test_integer_addons_at_their_limits_pass(real):
    trial = real.tariff(8, 'vds')
    assert real.addons(trial, {'RAM': 512}) == {'11': '512'}
    assert real.addons(trial, {'RAM': '8192'}) == {'11': '8192'}


def test_an_unknown_addon_is_refused_with_the_tariffs_addons(real):
    with pytest.raises(InputError) as err:
        real.addons(real.tariff(8, 'vds'), {'Disk': 10000})
    assert str(err.value) == "unknown add-on 'Disk' in tariff VPS Trial (8); valid: RAM (11), IPv6 (16), Control panel (17)"
    with pytest.raises(InputError) as err:
        real.addons(real.tariff(9, 'vds'), {'addon_11': 1024})
    assert str(err.value) == "unknown add-on '11' in tariff VPS Daily (9); valid: none"


# -- billmgr_pricelist_info's answer ----------------------------------------------------------------

RECIPE_FORM = order_form(cost='300.00', pricelist=8, order_period=1, ostempl='ISPsystem__Debian-12-amd64', recipe='null')
RECIPE_FORM['body']['doc']['slist'] = [
    {'$name': 'ostempl', 'val': {'$key': 'ISPsystem__Debian-12-amd64', '$valuegroup': 'debian', '$': 'Debian 12 (amd64)'}},
    {'$name': 'recipe', 'val': [{'$key': 'null', '$': 'None'},
                                {'$key': 'ISPsystem__LAMP', '$depend': 'ISPsystem__Debian-12-amd64', '$': 'LAMP'},
                                {'$key': 'ISPsystem__Docker', '$': 'Docker'}]}]


def test_read_pricelists_describes_a_tariff_with_labels_choices_and_recipes(http_server, client):
    http_server.queue(export(VPS_TRIAL, VPS_OLD), RECIPE_FORM)
    answer = read_pricelists(client, ['vds'])
    trial, old = answer['pricelists']
    choices = trial['addons'][2].pop('choices')
    assert trial == {
        'id': 8, 'name': 'VPS Trial', 'type': 'vds', 'orderable': True,
        'periods': [{'period': 'trial', 'code': -100, 'cost': '0.0000', 'currency': 'RUB', 'setup': None},
                    {'period': 1, 'code': 1, 'cost': '300.0000', 'currency': 'RUB', 'setup': None},
                    {'period': 12, 'code': 12, 'cost': '3600.0000', 'currency': 'RUB', 'setup': None}],
        'datacenters': [{'id': 1, 'name': 'Frankfurt'}],
        'addons': [
            {'id': 11, 'name': 'RAM', 'type': 'integer', 'min': 512, 'max': 8192, 'step': 512, 'included': 1024, 'measure': 'MB'},
            {'id': 16, 'name': 'IPv6', 'type': 'boolean', 'min': None, 'max': None, 'step': None, 'included': None, 'measure': None},
            {'id': 17, 'name': 'Control panel', 'type': 'enum', 'min': None, 'max': None, 'step': None, 'included': None,
             'measure': None}],
        # The export's OS templates; the recipes, which only the form has, with the OS each belongs to ($depend).
        'ostempls': [{'name': 'ISPsystem__Debian-12-amd64', 'title': 'Debian 12 (amd64)'}],
        'recipes': [{'name': 'ISPsystem__LAMP', 'title': 'LAMP', 'ostempl': 'ISPsystem__Debian-12-amd64'},
                    {'name': 'ISPsystem__Docker', 'title': 'Docker'}],
    }
    assert [(c['id'], c['name']) for c in choices] == [(171, 'None'), (172, 'ISPmanager Lite'), (173, 'ISPmanager Pro')]
    # A choice's prices name their periods as a task does (checked field by field: the documented sample adds "code").
    assert [(p['period'], p['cost'], p['currency']) for p in choices[1]['prices']] == [(1, '400.0000', 'RUB'), (12, '4800.0000', 'RUB')]
    # A tariff no order may name is described from the export alone: no order form is read for it.
    assert old['orderable'] is False and old['recipes'] is None and old['ostempls'] is None
    assert [r['form']['func'] for r in http_server.requests] == ['pricelist.export', 'v2.vds.order.param']
    assert http_server.requests[1]['form']['pricelist'] == '8'


def test_read_pricelists_labels_daily_and_one_time_periods(http_server, client):
    http_server.queue(export(VPS_DAILY, SETUP))
    daily, setup = read_pricelists(client, ['vds'], templates=False)['pricelists']
    assert daily['periods'] == [{'period': 'daily', 'code': -50, 'cost': '20.0000', 'currency': 'RUB', 'setup': None}]
    assert setup['periods'] == [{'period': 'one-time', 'code': 0, 'cost': '1500.0000', 'currency': 'RUB', 'setup': None}]
    assert daily['ostempls'] is None and daily['recipes'] is None
    assert http_server.funcs() == ['pricelist.export']


def test_a_one_time_setup_fee_the_export_shows_is_returned_with_each_period(http_server, client):
    # The simulator writes the fee as period/@setup (its guess; E3 shows it in the order wizard and summary).
    pro = export_tariff(33, 'Dedicated Pro', 'dedic', costs=((1, '9000.0000'), (12, '108000.0000')))
    for period in pro['price']['period']:
        period['$setup'] = '4500.0000'
    http_server.queue(export(pro))
    [described] = read_pricelists(client, ['dedic'], templates=False)['pricelists']
    assert [(p['code'], p['cost'], p['setup']) for p in described['periods']] == [
        (1, '9000.0000', '4500.0000'), (12, '108000.0000', '4500.0000')]


# -- limits the export leaves out come from the order form -----------------------------------------------------

def form_with_sliders(**sliders):
    """An order form whose metadata has a slider per add-on (E1 reads limits there): addon_N=(min, max, step)."""
    fields = [{'$name': name, 'slider': {'$name': name, '$min': str(low), '$max': str(high), '$step': str(step)}}
              for name, (low, high, step) in sliders.items()]
    fields.append({'$name': 'addon_16', 'input': {'$name': 'addon_16', '$type': 'checkbox'}})
    form = order_form()
    form['body']['doc']['metadata'] = {'$type': 'form', 'form': {'page': [{'$name': 'addons', 'field': fields}]}}
    return form


def test_form_addon_limits_read_the_sliders_only(client, http_server):
    http_server.queue(form_with_sliders(addon_11=(256, 8192, 256), addon_9=(1, 8, 1)))
    form = client.read('v2.vds.order.param', {'pricelist': 6})
    assert form_addon_limits(form) == {'11': {'min': 256, 'max': 8192, 'step': 256}, '9': {'min': 1, 'max': 8, 'step': 1}}
    assert form_addon_limits({}) == {}


def unbounded_catalog(client, http_server):
    """VPS Start whose export gives RAM no limits (a panel's export may lack them) and CPU its own."""
    http_server.queue(export(export_tariff(6, 'VPS Start', addons=(
        export_addon(11, 'RAM', measure='MB'), export_addon(9, 'CPU', low=1, high=4, step=1)))))
    return Catalog.read(client, 'vds')


def test_limits_missing_from_the_export_are_read_from_the_order_form_once(client, http_server):
    catalog = unbounded_catalog(client, http_server)
    forms = []

    def read_form(tariff_id):
        forms.append(tariff_id)
        http_server.queue(form_with_sliders(addon_11=(256, 8192, 256)))
        return client.read('v2.vds.order.param', {'pricelist': tariff_id})

    with pytest.raises(InputError) as err:
        catalog.resolve_order({'pricelist': 6, 'period': 1, 'addons': {'RAM': 16384}}, 'vds', read_form=read_form)
    assert str(err.value) == 'add-on RAM (11) must be between 256 and 8192 MB; got 16384'
    assert forms == [6]
    order = catalog.resolve_order({'pricelist': 6, 'period': 1, 'addons': {'11': 2048}}, 'vds', read_form=read_form)
    assert order['addons'] == {'11': '2048'} and forms == [6, 6]


def test_no_form_is_read_when_the_export_gives_the_limits(client, http_server):
    catalog = unbounded_catalog(client, http_server)

    def read_form(tariff_id):
        raise AssertionError('the order form was read for tariff %s' % tariff_id)

    with pytest.raises(InputError, match=r'add-on CPU \(9\) must be between 1 and 4'):
        catalog.resolve_order({'pricelist': 6, 'period': 1, 'addons': {'CPU': 5}}, 'vds', read_form=read_form)
    assert catalog.resolve_order({'pricelist': 6, 'period': 1, 'addons': {}}, 'vds', read_form=read_form)['addons'] == {}
