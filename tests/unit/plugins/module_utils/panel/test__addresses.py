# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""panel/_addresses.py: a service's addresses read loosely, PTR names checked before any write and set only where they differ."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._addresses import (
    AddressInfoTask,
    AddressTask,
    check_ptr,
    represent_address,
    wanted_ptrs,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import DROP, listing, ok


class AddressPanel(object):
    """One vds (id 958) with an IPv4 and an IPv6 address; service.ip.edit sets a PTR, maybe with the answer lost."""

    def __init__(self, http_server, drop=0):
        self.ptrs = {95801: 'web.example.com', 95802: ''}
        self.drop = drop
        http_server.handler = self

    def __call__(self, form):
        if form['func'] == 'vds':
            return listing({'id': '958', 'status': '2', 'domain': 'web.example.com', 'remoteid': 'web-1'})
        if form['func'] == 'service.ip':
            assert form['elid'] == '958'
            return listing({'id': '95801', 'ip': '203.0.113.10', 'type': 'ipv4', 'main': 'on', 'domain': self.ptrs[95801]},
                           {'id': '95802', 'ip': '2001:db8::10', 'main': 'off', 'domain': self.ptrs[95802]})
        assert form['func'] == 'service.ip.edit' and form['plid'] == '958' and form['sok'] == 'ok'
        self.ptrs[int(form['elid'])] = form['domain']
        if self.drop:
            self.drop -= 1
            return DROP
        return ok()


def run(client, task=AddressTask, check_mode=False, diff=False, **params):
    args = dict({'type': 'vds', 'id': 958, 'remoteid': None, 'domain': None, 'ptr': None}, **params)
    return task(client, args, check_mode=check_mode, diff=diff).run()


def edits(http_server):
    return [(params['elid'], params['domain']) for func, params in http_server.writes() if func == 'service.ip.edit']


def test_an_address_is_read_loosely():
    assert represent_address({'id': '1', 'ip': '203.0.113.10', 'type': 'ipv4', 'main': 'on', 'domain': 'Mail.Example.com.'}) == {
        'id': 1, 'address': '203.0.113.10', 'type': 'ipv4', 'main': True, 'ptr': 'mail.example.com', 'gateway': None}
    other = represent_address({'id': '2', 'name': '2001:db8::10', 'is_main': 'no', 'domain': '', 'gateway': '2001:db8::1'})
    assert (other['address'], other['type'], other['main'], other['ptr'], other['gateway']) == ('2001:db8::10', 'ipv6', False, None, '2001:db8::1')


@pytest.mark.parametrize('name, expected', [
    ('Mail.Example.COM.', 'mail.example.com'), ('', None), (None, None), ('  ', None), ('localhost', 'localhost'),
    ('_dmarc.example.com', '_dmarc.example.com'),
])
def test_ptr_names(name, expected):
    assert check_ptr(name, '203.0.113.10') == expected


@pytest.mark.parametrize('name', ['bad name.example.com', 'a..b', '-x.example.com', 'x.example.1', '10.0.0.1', 'a' * 64 + '.com', 5])
def test_bad_ptr_names_are_refused(name):
    with pytest.raises(InputError, match='ptr for 203.0.113.10'):
        check_ptr(name, '203.0.113.10')


def test_the_two_spellings_of_ptr_and_their_mistakes():
    assert wanted_ptrs({'2001:DB8::10': 'a.example.com'}) == wanted_ptrs([{'address': '2001:db8::10', 'ptr': 'a.example.com'}]) == {
        '2001:db8::10': 'a.example.com'}
    for bad, words in (({'x': 'a.example.com'}, 'is not an IP address'), ([{'ip': '1.2.3.4'}], 'each list item is'),
                       ('a.example.com', 'is a mapping'), ({'2001:db8::10': 'a.test', '2001:DB8::10': 'b.test'}, 'given twice')):
        with pytest.raises(InputError, match=words):
            wanted_ptrs(bad)


def test_a_ptr_is_set_where_it_differs_then_unchanged(http_server, client):
    AddressPanel(http_server)
    result = run(client, diff=True, ptr={'203.0.113.10': 'web.example.com.', '2001:db8::10': 'v6.example.com'})
    assert edits(http_server) == [('95802', 'v6.example.com')]
    assert result['changed'] is True and result['diff'] == {'before': {'2001:db8::10': None}, 'after': {'2001:db8::10': 'v6.example.com'}}
    assert [a['ptr'] for a in result['addresses']] == ['web.example.com', 'v6.example.com']
    again = run(client, ptr={'2001:db8::10': 'V6.example.com'})
    assert again['changed'] is False and len(edits(http_server)) == 1


def test_check_mode_reads_and_sends_no_change(http_server, client):
    AddressPanel(http_server)
    result = run(client, check_mode=True, ptr={'203.0.113.10': ''})
    assert result['changed'] is True and http_server.writes() == [] and http_server.funcs() == ['vds', 'service.ip']


def test_an_address_the_service_does_not_have_fails_before_any_write(http_server, client):
    AddressPanel(http_server)
    with pytest.raises(InputError, match=r'vds service 958 has no address 198.51.100.7 \(it has 203.0.113.10, 2001:db8::10\)'):
        run(client, ptr={'2001:db8::10': 'v6.example.com', '198.51.100.7': 'x.example.com'})
    with pytest.raises(InputError, match='not a host name'):
        run(client, ptr={'2001:db8::10': 'bad name'})
    assert http_server.writes() == []


def test_a_lost_answer_is_read_back_and_not_sent_again(http_server, client):
    AddressPanel(http_server, drop=1)
    result = run(client, ptr={'203.0.113.10': 'mail.example.com'})
    assert edits(http_server) == [('95801', 'mail.example.com')] and result['changed'] is True


def test_info_lists_and_finds_nothing_quietly(http_server, client):
    AddressPanel(http_server)
    result = run(client, task=AddressInfoTask, id=None, remoteid='web-1')
    assert [a['address'] for a in result['addresses']] == ['203.0.113.10', '2001:db8::10'] and result['service']['id'] == 958
    assert run(client, task=AddressInfoTask, id=None, remoteid='none') == {'changed': False, 'service': None, 'addresses': []}
    assert http_server.writes() == []
    with pytest.raises(InputError, match='no vds service has remoteid none'):
        run(client, id=None, remoteid='none', ptr={'203.0.113.10': 'a.example.com'})
