# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""transport/_reads.py: a call is a read only if it is a known one; the client refuses to send anything else as a read."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._reads import is_read


@pytest.mark.parametrize('func, params', [
    ('vds', {}), ('soft', {'filter': 'on'}), ('account', {}), ('expense', {}), ('payment', {}), ('basket', {}), ('cart', {}),
    ('desktop', {}), ('whoami', {}), ('pricelist.export', {}), ('service.ip', {'elid': 1}), ('account.su', {'elid': 1}),
    ('vds.edit', {'elid': 1}), ('v2.vds.order.param', {'pricelist': 6}), ('soft.order.param', {}), ('service.prolong', {}),
    ('service.changepricelist', {'elid': 1}), ('software.licinfo', {'sok': 'ok'}),
    # The tariff change's terms step pays nothing, with or without sok: the payment is getmoney (real-panels-2 §3.2, E22).
    ('service.changepricelist.pricelist', {}), ('service.changepricelist.pricelist', {'snext': 'ok', 'sok': 'ok'}),
])
def test_known_reads(func, params):
    assert is_read(func, params)


@pytest.mark.parametrize('func, params', [
    # Real panels act on these without sok (real-panels-2 §7).
    ('vds.delete', {'elid': 1}), ('service.reboot', {'elid': 1}), ('service.stop', {}), ('service.start', {}),
    ('vds.suspend', {}), ('soft.resume', {}), ('service.ip.delete', {}), ('payment.add', {}),
    # Forms and lists act with sok: an order, an edit, paying the old cart.
    ('vds.edit', {'sok': 'ok'}), ('v2.vds.order.param', {'sok': 'ok'}), ('service.prolong', {'sok': 'ok'}),
    ('basket', {'clicked_button': 'free', 'sok': 'ok'}),
    # The tariff change: the one-step call (E8) and the payment step (E22), with or without sok.
    ('service.changepricelist', {'pricelist': 7, 'sok': 'ok'}), ('service.changepricelist.getmoney', {}),
    ('service.changepricelist.getmoney', {'sok': 'ok'}),
    # Nothing says these only read: they are writes.
    ('service.statdaily', {}), ('cart.empty', {}), ('some.new.function', {}), ('', {}),
])
def test_everything_else_writes(func, params):
    assert not is_read(func, params)


def test_the_client_refuses_to_send_a_write_as_a_read(client, http_server):
    with pytest.raises(ValueError, match='vds.delete is not a known read'):
        client.read('vds.delete', {'elid': 1})
    assert http_server.requests == []
