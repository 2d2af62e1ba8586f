"""Values no handler should see: numbers that are not ASCII decimals or do not fit SQLite, characters XML cannot carry.

Each is the panel's ``value`` error naming the parameter, with nothing written; never ``internal``.
"""

import json
import xml.etree.ElementTree as ET

import pytest

from sim_helpers import elems, error_of, ids, service_count

VPS = {'pricelist': 6, 'order_period': 1, 'domain': 'new.alice.test'}
# "²" and "١" pass str.isdigit() (int() even reads "١" as 1); the last is beyond SQLite's 64-bit integers.
BAD_NUMBERS = ['²', '١', '99999999999999999999999', '-1', '1e3', ' 1_0']


def state(sim):
    """What a refused request must leave as it was."""
    return (service_count(sim), sim.account('alice'), sim.call('basket', user='alice')['doc'].get('billorder.id'),
            sim.call('vds.edit', user='alice', elid=958)['doc'])


@pytest.mark.parametrize('bad', BAD_NUMBERS)
@pytest.mark.parametrize('func, params, param', [
    ('vds.edit', {'sok': 'ok', 'addon_11': 2048}, 'elid'),
    ('vds.delete', {'sok': 'ok'}, 'elid'),
    ('service.prolong', {'period': 1, 'sok': 'ok', 'skipbasket': 'on'}, 'elid'),
    ('v2.vds.order.param', dict(VPS, sok='ok', skipbasket='on'), 'pricelist'),
    ('v2.vds.order.param', dict(VPS, sok='ok', skipbasket='on'), 'order_period'),
    ('v2.vds.order.param', dict(VPS, sok='ok', skipbasket='on'), 'datacenter'),
    ('v2.vds.order.param', dict(VPS, sok='ok', skipbasket='on'), 'autoprolong'),
    ('v2.vds.order.param', dict(VPS, sok='ok', skipbasket='on'), 'addon_11'),
    ('vds.edit', {'elid': 958, 'sok': 'ok', 'addon_11': 2048}, 'autoprolong'),
    ('vds', {'filter': 'on'}, 'status'),
    ('vds', {'filter': 'on'}, 'pricelist'),
    ('vds', {}, 'p_num'),
    ('vds', {}, 'p_cnt'),
])
def test_a_bad_number_is_a_value_error_naming_it(sim, func, params, param, bad):
    before = state(sim)
    answer = sim.call(func, user='alice', **dict(params, **{param: bad}))
    assert error_of(answer) == ('value', param)
    assert answer['doc']['error']['param'][1]['$'].strip() == bad.strip()
    assert state(sim) == before


@pytest.mark.parametrize('bad', ['²', '99999999999999999999999'])
def test_bad_numbers_elsewhere(sim, bad):
    assert error_of(sim.call('vds.delete', user='alice', elid='958, ' + bad, sok='ok')) == ('value', 'elid')
    assert ids(sim.call('vds', user='alice')) == [938, 958]
    assert error_of(sim.call('service.statdaily', item=bad, statdate='2024-01-01')) == ('value', 'item')
    assert error_of(sim.call('soft.checkip', user='alice', pricelist=3541, period=bad, ip='198.51.100.7')) == ('value', 'period')
    assert error_of(sim.call('software.edit', user='alice', price=bad, period=8, ip='198.51.100.7')) == ('value', 'price')
    assert error_of(sim.call('vds', filter='on', account=bad)) is None  # an account name, matching nothing
    assert 'elem' not in sim.call('vds', filter='on', account=bad)['doc']
    answer = sim.call('v2.vds.order.param', user='alice', **dict(VPS, **{'addon_' + bad: 1}))
    assert error_of(answer) is None  # an add-on the tariff does not have: ignored


def raw_xml(sim, **params):
    status, body = sim.raw_request(dict(params, out='xml'))
    assert status == 200
    return ET.fromstring(body)  # raises on an ill-formed answer


def raw_json(sim, **params):
    return json.loads(sim.raw_request(dict(params, out='json'))[1])


@pytest.mark.parametrize('text', ['a\x01b', 'a\x00', '\x1f', 'x\x0b', '\ufffe', 'end\uffff'])
def test_a_value_xml_cannot_carry_is_refused(sim, text):
    root = raw_xml(sim, func='vds', authinfo='alice:Ali-6b1d', note=text)
    error = root.find('error')
    assert (error.get('type'), error.get('object')) == ('value', 'note')
    assert 'U+%04X' % ord(next(char for char in text if char < ' ' or char > '\ufffd')) in error.findtext('detail')
    assert error_of(raw_json(sim, func='vds', authinfo='alice:Ali-6b1d', note=text)) == ('value', 'note')


def test_tab_newline_and_cr_are_echoed(sim):
    root = raw_xml(sim, func='vds', authinfo='alice:Ali-6b1d', note='a\tb\nc\rd')
    assert root.find('error') is None and root.find('tparams/note') is not None
    assert len(root.findall('elem')) == 2


def test_an_order_with_a_control_character_writes_nothing_and_the_list_stays_xml(sim):
    before = state(sim)
    answer = raw_xml(sim, func='v2.vds.order.param', authinfo='alice:Ali-6b1d', remoteid='r\x01x', sok='ok', skipbasket='on',
                     **{name: str(value) for name, value in VPS.items()})
    assert (answer.find('error').get('type'), answer.find('error').get('object')) == ('value', 'remoteid')
    assert state(sim) == before
    assert [elem.findtext('id') for elem in raw_xml(sim, func='vds', authinfo='alice:Ali-6b1d').findall('elem')] == ['938', '958']
    assert elems(sim.call('vds', user='alice', filter='on', remoteid='r\x01x')) == []  # the filter value is refused too
    assert error_of(sim.call('vds', user='alice', filter='on', remoteid='r\x01x')) == ('value', 'remoteid')


def test_an_error_never_carries_what_xml_cannot(sim):
    root = raw_xml(sim, func='vds', authinfo='alice:Ali-6b1d', lang='e\x01n')
    assert root.find('error').get('object') == 'lang' and root.find('error').get('lang') == 'en'
    root = raw_xml(sim, func='no\x02such', authinfo='alice:Ali-6b1d')
    assert root.find('error').get('object') == 'func'
    root = raw_xml(sim, func='vds', authinfo='alice:al\x01ice')
    assert root.find('error').get('object') == 'authinfo' and not root.find('error/param[@name="value"]').text
    assert raw_xml(sim, func='vds', authinfo='alice:Ali-6b1d', **{'na\x01me': 'x', 'ok.name-1': 'y'}).find('tparams/ok.name-1').text == 'y'
