# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tasks/_service_info_task.py: what billmgr_service_info reads, against the scripted server, and that it never writes."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._service_info_task import ServiceInfoTask


def t(value):
    return {'$': str(value)}


def elem(service_id, remoteid):
    """A list row as real panels send it: the tariff by name only (real-panels.md E18)."""
    return {'id': t(service_id), 'status': t(2), 'item_status': {'$orig': '2', '$': 'Active'}, 'ip': t('127.0.0.9'),
            'pricelist': t('VPS Start'), 'datacentername': t('Frankfurt'), 'expiredate': t('2027-01-31'),
            'account': t('Example Ltd'), 'remoteid': t(remoteid)}


def listing(*elems):
    return {'body': {'doc': {'elem': list(elems), 'p_elems': t(len(elems))}}}


def edit_form():
    return {'body': {'doc': {'elid': t(958), 'pricelist': t(6), 'domain': t('web.example.com'),
                             'addon_9': t(1), 'addon_11': t(1024), 'addon_15': t(0), 'addon_16': t('off'), 'addon_17': t(171)}}}


def funcs(server):
    return [r['form']['func'] for r in server.requests]


def test_service_info_filters_every_type_and_can_read_addons(http_server, client):
    http_server.queue(listing(elem(958, remoteid='a'), elem(959, remoteid='b')), edit_form(), listing())
    result = ServiceInfoTask(client, {'types': ['vds', 'dedic'], 'statuses': ['active'], 'account': None, 'id': None,
                                      'remoteid': 'a', 'domain': None, 'with_addons': True}).run()
    found = result['services']
    assert result['changed'] is False
    assert [(s['type'], s['id']) for s in found] == [('vds', 958)]
    # An on/off add-on reads as the panel writes it; numbers and enum choice ids as numbers.
    assert found[0]['addons'] == {'9': 1, '11': 1024, '15': 0, '16': 'off', '17': 171}
    assert funcs(http_server) == ['vds', 'vds.edit', 'dedic']
    assert http_server.requests[0]['form']['status'] == '2' and http_server.requests[0]['form']['remoteid'] == 'a'


def test_service_info_refuses_an_unknown_status_before_any_request(http_server, client):
    with pytest.raises(InputError, match="unknown status 'sleeping'"):
        ServiceInfoTask(client, {'types': ['vds'], 'statuses': ['sleeping'], 'account': None, 'id': None,
                                 'remoteid': None, 'domain': None, 'with_addons': False}).run()
    assert http_server.requests == []
