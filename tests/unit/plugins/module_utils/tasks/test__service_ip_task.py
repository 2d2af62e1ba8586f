# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tasks/_service_ip_task.py: PTR names checked before any write, set only where they differ, a lost answer read back."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._service_ip_task import AddressTask
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import doc, listing, ok
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.module_utils.panel.test__addresses import AddressPanel


def run(client, check_mode=False, diff=False, **params):
    args = dict({'type': 'vds', 'id': 958, 'remoteid': None, 'domain': None, 'ptr': None}, **params)
    return AddressTask(client, args, check_mode=check_mode, diff=diff).run()


def edits(http_server):
    return [(params['elid'], params['domain']) for func, params in http_server.writes() if func == 'service.ip.edit']


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


def test_a_service_not_found_fails(http_server, client):
    AddressPanel(http_server)
    with pytest.raises(InputError, match='no vds service has remoteid none'):
        run(client, id=None, remoteid='none', ptr={'203.0.113.10': 'a.example.com'})


class DedicPanel(object):
    """One dedicated server (id 1065) whose edit saves the mask and gateway it is sent: left out, they are blanked."""

    def __init__(self, http_server):
        self.address = {'domain': 'db.example.com', 'mask': '255.255.255.0', 'gateway': '203.0.113.1'}
        http_server.handler = self

    def __call__(self, form):
        if form['func'] == 'dedic':
            return listing({'id': '1065', 'status': '2', 'domain': 'db.example.com'})
        if form['func'] == 'service.ip':
            return listing(dict(self.address, id='106501', name='203.0.113.10', is_main='on'))
        assert form['func'] == 'service.ip.edit' and form['elid'] == '106501' and form['plid'] == '1065'
        if 'sok' not in form:
            return doc(**self.address)
        self.address = {'domain': form['domain'], 'mask': form.get('mask', ''), 'gateway': form.get('gateway', '')}
        return ok()


def test_a_dedicated_servers_ptr_keeps_its_mask_and_gateway(http_server, client):
    panel = DedicPanel(http_server)
    result = run(client, type='dedic', id=1065, ptr={'203.0.113.10': 'db2.example.com'})
    assert result['changed'] is True and result['addresses'][0]['gateway'] == '203.0.113.1'
    assert panel.address == {'domain': 'db2.example.com', 'mask': '255.255.255.0', 'gateway': '203.0.113.1'}
    [(func, sent)] = http_server.writes()
    assert sent['clicked_button'] == 'ok' and sent['sok'] == 'ok'
