# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""guarded/_write.py: the contract of every write that spends money or changes a server, each rule able to fail.

The panel is the scripted server with a little state: ``Panel`` counts the writes it took and holds a value
that a write moves, so "sent once" and "read back" are what the server saw, not what the code says it did.
"""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded import _limits, _lock
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._limits import spending_limits
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import amount_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import (
    after_write,
    guarded_write,
    reconcile_timeout,
    write_once,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import DROP, doc, error, ok


class Panel(object):
    """A renewal the scripted server takes: ``service.prolong`` with sok moves the expiry, ``vds`` shows it."""

    def __init__(self, server, moves=True, lose_answer=False, refuse=False):
        self.expiry = 1
        self.moves, self.lose_answer, self.refuse = moves, lose_answer, refuse
        server.handler = self.answer

    def answer(self, form):
        if form.get('func') == 'service.prolong':
            if self.refuse:
                return error('value', 'period', 'the tariff does not renew for this period')
            if self.moves:
                self.expiry += 1
            return DROP if self.lose_answer else ok()
        return doc(expiry=str(self.expiry))

    def send(self, client):
        return lambda: client.write('service.prolong', {'elid': 1, 'period': 1, 'sok': 'ok'})

    @staticmethod
    def moved(client, before=1):
        def confirm():
            now = int(client.read('vds', {'elid': 1})['expiry'])
            return now if now > before else None
        return confirm


def prolongs(server):
    return [params for func, params in server.writes() if func == 'service.prolong']


def test_an_ok_answer_is_confirmed_by_reading_the_state_back(client, http_server):
    panel = Panel(http_server)
    written = write_once(client, 'the renewal', panel.send(client), Panel.moved(client))
    assert (written.sent, written.state, written.reconciled) == (True, 2, False)
    assert len(prolongs(http_server)) == 1


def test_an_ok_answer_whose_state_did_not_change_is_not_success(client, http_server):
    Panel(http_server, moves=False)
    with pytest.raises(TaskError, match='answered ok, but reading it back does not show it made; nothing was sent again') \
            as failure:
        write_once(client, 'the renewal', Panel(http_server, moves=False).send(client), Panel.moved(client), paid=True)
    assert failure.value.result['changed'] is True, 'a paid write the panel took may have cost money'
    assert len(prolongs(http_server)) == 1


def test_a_free_write_the_panel_ignored_is_reported_unchanged(client, http_server):
    panel = Panel(http_server, moves=False)
    with pytest.raises(TaskError) as failure:
        write_once(client, 'the change', panel.send(client), Panel.moved(client))
    assert failure.value.result['changed'] is False


def test_a_lost_answer_after_which_the_state_changed_is_success_and_never_resent(client, http_server):
    panel = Panel(http_server, lose_answer=True)
    written = write_once(client, 'the renewal', panel.send(client), Panel.moved(client), reconcile=30)
    assert (written.sent, written.state, written.reconciled) == (True, 2, True)
    assert len(prolongs(http_server)) == 1, 'a lost answer is settled by reading back, never by sending again'


def test_a_lost_answer_whose_state_never_shows_is_an_unknown_outcome_and_never_resent(client, http_server, fake_time):
    panel = Panel(http_server, moves=False, lose_answer=True)
    with pytest.raises(BillmgrError, match='reading back for 30s does not show it; nothing was sent again') as failure:
        write_once(client, 'the renewal', panel.send(client), Panel.moved(client), reconcile=30)
    assert failure.value.outcome_unknown is True
    assert len(prolongs(http_server)) == 1
    assert fake_time.now >= 30, 'the state was looked for the whole reconcile window'


def test_a_refusal_is_the_panels_answer_and_nothing_is_read_back(client, http_server):
    panel = Panel(http_server, refuse=True)
    with pytest.raises(BillmgrError, match='does not renew for this period') as failure:
        write_once(client, 'the renewal', panel.send(client), Panel.moved(client), reconcile=30)
    assert failure.value.outcome_unknown is False
    assert http_server.funcs().count('vds') == 0


def test_check_mode_never_sends_but_reads_the_guard_and_the_price(client, http_server, monkeypatch):
    panel = Panel(http_server)
    looked = []
    written = guarded_write(client, 'the renewal', panel.send(client), Panel.moved(client), check_mode=True,
                            guard=lambda: looked.append('guard'), price=lambda: amount_of('500.00 RUB'),
                            limits=spending_limits({'max_cost': 1000}))
    assert written.sent is False and looked == ['guard']
    assert written.spending['cost'] == 500
    assert prolongs(http_server) == []


def test_the_price_is_checked_before_the_send(client, http_server):
    panel = Panel(http_server)
    with pytest.raises(InputError, match='more than max_cost'):
        guarded_write(client, 'the renewal', panel.send(client), Panel.moved(client), price=lambda: amount_of('500.00 RUB'),
                      limits=spending_limits({'max_cost': 100}))
    assert prolongs(http_server) == []


def test_a_write_without_a_price_is_refused_when_a_limit_is_set(client, http_server):
    panel = Panel(http_server)
    with pytest.raises(InputError, match='shows no price'):
        guarded_write(client, 'the renewal', panel.send(client), Panel.moved(client), price=lambda: amount_of(''),
                      limits=spending_limits({'max_cost': 100}))
    assert prolongs(http_server) == []


def test_the_guard_refuses_or_finds_the_work_done_under_the_lock(client, http_server, tmp_path, monkeypatch):
    monkeypatch.setattr(_lock.tempfile, 'gettempdir', lambda: str(tmp_path))
    panel = Panel(http_server)
    held = []

    def guard():
        # Another run holding the same identity would wait here: the lock is taken before the guard reads.
        held.append(lock._fd is not None)
        return 'already done'
    lock = _lock.OrderLock(client, 'vds', 'id', 1).acquire(60)
    written = guarded_write(client, 'the renewal', panel.send(client), Panel.moved(client), lock=lock, guard=guard)
    assert held == [True] and lock._fd is None, 'the guard ran under the lock, released after the write'
    assert (written.sent, written.state) == (False, 'already done')
    assert prolongs(http_server) == []

    def refuse():
        raise InputError('it is being deleted')
    with pytest.raises(InputError, match='being deleted'):
        guarded_write(client, 'the renewal', panel.send(client), Panel.moved(client), guard=refuse)
    assert prolongs(http_server) == []


def test_whatever_fails_after_a_write_is_reported_changed_with_what_was_done():
    with pytest.raises(TaskError, match='The tariff change was done, but then') as failure:
        with after_write('the tariff change', service={'id': 7}):
            raise BillmgrError('connection', 'the panel went away')
    assert failure.value.result['changed'] is True and failure.value.result['service'] == {'id': 7}
    with pytest.raises(TaskError) as failure:
        with after_write('the tariff change', service={'id': 7}):
            ''.join([1])  # a bug after a paid write is still "changed"
    assert failure.value.result['changed'] is True and 'TypeError' in str(failure.value)
    with pytest.raises(TaskError) as failure:
        with after_write('the order'):
            raise TaskError('the wait ran out', changed=False, service={'id': 9})
    assert failure.value.result == {'changed': True, 'service': {'id': 9}}


def test_the_spending_check_reads_the_balance_only_for_keep_balance(client, http_server, monkeypatch):
    reads = []
    monkeypatch.setattr(_limits, 'read_money', lambda client, account=None: reads.append(account) or {'balance': amount_of('600 RUB')})
    panel = Panel(http_server)
    with pytest.raises(InputError, match='below keep_balance'):
        guarded_write(client, 'the renewal', panel.send(client), Panel.moved(client), price=lambda: amount_of('500.00 RUB'),
                      limits=spending_limits({'keep_balance': 200}), account='alice')
    assert reads == ['alice'] and prolongs(http_server) == []


@pytest.mark.parametrize('value, message', [(-1, 'reconcile_timeout must be 0 or more seconds; got -1')])
def test_a_bad_reconcile_timeout_is_refused(value, message):
    with pytest.raises(InputError, match=message):
        reconcile_timeout({'reconcile_timeout': value})
    assert reconcile_timeout({}) == 300
