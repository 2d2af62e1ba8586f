# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Orders whose answer was lost on a slow panel, and orders next to an unpaid cart: bought once (issue 19, bugs 7 and 8).

Bug 7: after an order timed out, the module looked for the new service for max(timeout, 5) s; a
panel still working on the order past that, and a re-run started at once, bought a second one.
Bug 8: an order waiting unpaid in the new cart (BILLmanager 6: a line, not a service yet) and the
same service ordered with skipbasket were both paid once the cart was.
"""

from __future__ import annotations

import time

import pytest
from billmgr_sim.testing import db_rows

from .report import FIGURES, ordered_row

pytestmark = pytest.mark.usefixtures('reliability_test')

# The panel works on the order longer than the client waits for an answer (2 s) plus the old 5 s look-up, and longer
# than a re-run takes to start and look the service up.
SLOW_SECONDS = 40
VPS_PRICE = 500.0

# Panel 6: a v2 order into the cart is a line of the new cart, which no list of services shows (E20).
SIMULATOR = dict(panel=6)

PLAY = '''\
- name: One VPS
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/ispsystem.billmgr.billmgr:
      url: "{url}"
      username: alice
      password: Ali-6b1d
      timeout: 2
  tasks:
    - name: order
      ispsystem.billmgr.billmgr_service:
        type: vds
        remoteid: {remoteid}
        pricelist: 6
        skipbasket: {skipbasket}
'''


def bought(sim, remoteid, paid_before):
    """The services with this remoteid, and the charges made for them since ``paid_before``."""
    rows = db_rows(sim, "SELECT id FROM service WHERE itemtype = 'vds' AND remoteid = ?", remoteid)
    ids = set(row['id'] for row in rows)
    charges = [float(e['amount']) for e in sim.account('alice')['expenses']
               if e['id'] not in paid_before and int(e['service'] or 0) in ids]
    return rows, charges


def order_of(run):
    """(outcome, result) of the run's order task."""
    [task] = [t for t in run.tasks if t['name'] == 'order']
    return task['outcome'], task['result']


def paid_ids(sim):
    return set(expense['id'] for expense in sim.account('alice')['expenses'])


def test_a_slow_panel_and_an_immediate_rerun_buy_one_service(sim, runner):
    sim.reset()
    paid_before = paid_ids(sim)
    sim.set_fault('v2.vds.order.param', 'slow', 1, seconds=SLOW_SECONDS)
    play = PLAY.format(url=sim.url, remoteid='rel-slow', skipbasket='true')

    started = time.monotonic()
    first = runner.playbook(play)
    second = runner.playbook(play)
    # Count only once the panel is done with the slow order (sent a few seconds after the first run started).
    time.sleep(max(0.0, started + SLOW_SECONDS + 15 - time.monotonic()))

    rows, charges = bought(sim, 'rel-slow', paid_before)
    (first_outcome, first_result), (second_outcome, second_result) = order_of(first), order_of(second)
    FIGURES.add('retries', runs=2, duplicates=len(rows) - 1 if rows else 0, double_charges=max(0, len(charges) - 1))
    FIGURES.row('retries', **ordered_row(
        case='bug 7: an order the panel works on for %d s (the client waits 2 s), then an immediate re-run' % SLOW_SECONDS,
        result='first run %s%s; re-run %s, changed %s; %d service(s), %d charge(s)' % (
            first_outcome, ' (found after the lost answer)' if first_result.get('reconciled') else '',
            second_outcome, second_result.get('changed'), len(rows), len(charges))))

    assert len(rows) == 1, rows
    assert charges == [VPS_PRICE]
    assert first.rc == 0, first
    assert first_result['changed'] is True and first_result['reconciled'] is True
    assert second.rc == 0 and second_result['changed'] is False, second


def test_an_unpaid_cart_order_and_the_same_service_paid_at_once_buy_one(sim, runner):
    sim.reset()
    paid_before = paid_ids(sim)
    into_cart = runner.playbook(PLAY.format(url=sim.url, remoteid='rel-cart', skipbasket='false'))
    at_once = runner.playbook(PLAY.format(url=sim.url, remoteid='rel-cart', skipbasket='true'))
    sim.pay_cart('alice')

    rows, charges = bought(sim, 'rel-cart', paid_before)
    at_once_outcome, at_once_result = order_of(at_once)
    message = at_once_result.get('msg') or '-'
    FIGURES.add('retries', runs=2, duplicates=len(rows) - 1 if rows else 0, double_charges=max(0, len(charges) - 1))
    FIGURES.row('retries', **ordered_row(
        case='bug 8: an order into the new cart, the same remoteid with skipbasket: true, then the cart paid',
        result='the second order %s (%s); after paying the cart %d service(s), %d charge(s)' % (
            at_once_outcome, message, len(rows), len(charges))))

    assert into_cart.rc == 0 and into_cart.task('order')['lineitem_id'], into_cart
    assert at_once_outcome == 'failed', at_once
    assert 'already holds an unpaid vds service order' in message and 'nothing was ordered' in message
    assert len(rows) == 1, rows
    assert charges == [VPS_PRICE]
