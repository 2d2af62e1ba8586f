# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""panel/_addresses.py: a service's addresses read loosely, PTR names checked, the service a task names found."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._addresses import (
    check_identity,
    check_ptr,
    named_service,
    ptr_edit,
    read_addresses,
    represent_address,
    wanted_ptrs,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import DROP, doc, listing, ok


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
            return listing({'id': '95801', 'name': '203.0.113.10', 'type': 'Public IPv4', 'is_main': 'on', 'no_delete': 'on',
                            'domain': self.ptrs[95801]},
                           {'id': '95802', 'name': '2001:db8::10', 'is_main': 'off', 'domain': self.ptrs[95802]})
        assert form['func'] == 'service.ip.edit' and form['plid'] == '958' and form['sok'] == 'ok'
        self.ptrs[int(form['elid'])] = form['domain']
        if self.drop:
            self.drop -= 1
            return DROP
        return ok()


def test_an_address_is_read_loosely():
    """The real columns (real-panels-2 §6.1, E22 DedicIPItem, E23): name, is_main, a type label, mask, ip_status."""
    real = {'id': '1', 'name': '203.0.113.10', 'is_main': 'on', 'no_delete': 'on', 'mask': '255.255.255.0', 'gateway': '203.0.113.1',
            'domain': 'Mail.Example.com.', 'type': 'Public IPv4', 'ip_status': 'Active'}
    assert represent_address(real) == {
        'id': 1, 'address': '203.0.113.10', 'type': 'ipv4', 'main': True, 'ptr': 'mail.example.com', 'gateway': '203.0.113.1'}
    other = represent_address({'id': '2', 'name': '2001:db8::10', 'is_main': 'no', 'domain': '', 'gateway': '2001:db8::1'})
    assert (other['address'], other['type'], other['main'], other['ptr'], other['gateway']) == ('2001:db8::10', 'ipv6', False, None, '2001:db8::1')
    # A row without the flag or with an address that does not parse is read, not refused: not main, no type.
    odd = represent_address({'id': '3', 'name': ' not-an-address ', 'type': 'Public IPv4'})
    assert (odd['address'], odd['type'], odd['main'], odd['ptr'], odd['gateway']) == ('not-an-address', None, False, None, None)


def test_the_guessed_columns_are_not_read():
    """``ip``/``main`` were the simulator's guess; no real panel sends them (real-panels-2 §6.1), so they are not read."""
    guessed = represent_address({'id': '1', 'ip': '203.0.113.10', 'main': 'on', 'type': 'ipv4'})
    assert (guessed['address'], guessed['type'], guessed['main']) == ('', None, False)


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


def test_a_ptr_list_item_without_ptr_is_refused_rather_than_clearing_the_record():
    # Issue 32: {address: ...} alone cleared the PTR. Clearing is asked for out loud, with ptr: null.
    with pytest.raises(InputError, match=r'each list item is \{address: \.\.\., ptr: \.\.\.\} \(ptr: null clears the record\)'):
        wanted_ptrs([{'address': '203.0.113.10'}])
    assert wanted_ptrs([{'address': '203.0.113.10', 'ptr': None}]) == {'203.0.113.10': None}


def test_the_named_service_and_its_addresses_are_read_never_written(http_server, client):
    AddressPanel(http_server)
    service = named_service(client, {'type': 'vds', 'remoteid': 'web-1'})
    assert service['id'] == 958
    assert [(a['id'], a['address'], a['main']) for a in read_addresses(client, service['id'])] == [
        (95801, '203.0.113.10', True), (95802, '2001:db8::10', False)]
    assert http_server.funcs() == ['vds', 'service.ip'] and http_server.writes() == []


def test_a_service_is_named_by_an_identity_of_a_type_with_addresses():
    with pytest.raises(InputError, match='type vhost has no addresses of its own; use one of vds, dedic'):
        check_identity({'type': 'vhost', 'id': 1})
    with pytest.raises(InputError, match='name the service by id, remoteid or domain'):
        check_identity({'type': 'vds', 'id': None, 'remoteid': '', 'domain': None})


def test_a_dedicated_servers_ptr_edit_sends_back_the_mask_and_gateway_its_form_holds(http_server, client):
    """real-panels-2 §6.2 (E22): the dedicated server's form has mask and gateway; a VPS's edit is the name alone."""
    assert ptr_edit(client, 'vds', 958, 95801, None) == {'elid': 95801, 'plid': 958, 'domain': '', 'sok': 'ok'}
    assert http_server.funcs() == []
    http_server.answer('service.ip.edit', doc(domain='db.example.com', mask='255.255.255.0', gateway='203.0.113.1', ip='203.0.113.10'))
    assert ptr_edit(client, 'dedic', 1065, 106501, 'db2.example.com') == {
        'elid': 106501, 'plid': 1065, 'domain': 'db2.example.com', 'sok': 'ok', 'mask': '255.255.255.0', 'gateway': '203.0.113.1',
        'clicked_button': 'ok'}
    assert http_server.sent('service.ip.edit') == [{'elid': '106501', 'plid': '1065'}], 'the form read, without sok'
