# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import os

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded import _lock
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._lock import LOCK_MIN_WAIT, OrderLock, order_lock


class Clock(object):
    """The client's time, moved by its own sleeps: a wait for the lock takes no real time."""

    def __init__(self, url='https://panel.example:1500/billmgr'):
        self.url = url
        self.now = 0.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(_lock.tempfile, 'gettempdir', lambda: str(tmp_path))
    return tmp_path


def test_a_second_order_of_one_identity_waits_for_the_first_and_gives_up_without_ordering():
    client = Clock()
    first = order_lock(client, 'vds', 'remoteid', 'web-1', 600)
    with pytest.raises(TaskError) as failure:
        order_lock(client, 'vds', 'remoteid', 'web-1', 10)
    assert failure.value.result['changed'] is False
    assert 'another run on this machine has been ordering vds remoteid web-1 for over %ds; nothing was ordered' % LOCK_MIN_WAIT \
        in str(failure.value)
    assert client.now == pytest.approx(LOCK_MIN_WAIT)
    assert max(client.sleeps) <= 1.0, 'a waiting fork looks again at least every second'
    first.release()
    first.release()
    with order_lock(client, 'vds', 'remoteid', 'web-1', 10) as again:
        assert again._fd is not None
    assert again._fd is None


def test_other_identities_and_types_do_not_wait():
    client = Clock()
    held = order_lock(client, 'vds', 'remoteid', 'web-1', 600)
    for item_type, field, value in (('vds', 'remoteid', 'web-2'), ('dedic', 'remoteid', 'web-1'), ('vds', 'domain', 'web-1')):
        other = Clock()
        order_lock(other, item_type, field, value, 600).release()
        assert other.sleeps == []
    held.release()


@pytest.mark.parametrize('url, value', [
    ('https://panel.example:1500/manager/billmgr', 'web-1'),   # BILLmanager 5's path for the same panel
    ('https://127.0.0.1:1500/billmgr', 'web-1'),               # its address instead of its name
    ('https://panel.example/billmgr', 'web-1'),                # the default port left out
    ('https://panel.example:1500/billmgr', ' web-1 '),         # stray spaces around the identity
])
def test_one_identity_written_another_way_waits_for_the_same_lock(url, value):
    # Issue 32, bug 2: two spellings of one panel gave two locks, and two runs bought two VPS.
    client = Clock()
    held = order_lock(client, 'vds', 'remoteid', 'web-1', 600)
    other = Clock(url)
    with pytest.raises(TaskError, match='another run on this machine has been ordering vds remoteid web-1'):
        order_lock(other, 'vds', 'remoteid', value, 10)
    assert other.sleeps, 'the second spelling waited for the first one\'s lock'
    held.release()


def test_no_lock_for_an_id_or_in_check_mode(private_tmp):
    client = Clock()
    held = order_lock(client, 'vds', 'id', 958, 600)
    again = order_lock(client, 'vds', 'id', 958, 600)
    checking = order_lock(client, 'vds', 'remoteid', 'web-1', 600, ordering=False)
    assert client.sleeps == []
    for lock in (held, again, checking):
        lock.release()
    assert not os.path.exists(os.path.join(str(private_tmp), 'ansible-billmgr-%d' % os.getuid()))


def test_the_lock_folder_is_private(private_tmp):
    client = Clock()
    order_lock(client, 'vds', 'remoteid', 'web-1', 600).release()
    folder = os.path.join(str(private_tmp), 'ansible-billmgr-%d' % os.getuid())
    assert os.stat(folder).st_mode & 0o777 == 0o700
    os.chmod(folder, 0o777)
    with pytest.raises(TaskError) as failure:
        OrderLock(client, 'vds', 'remoteid', 'web-1')
    assert 'is not a private folder of this user' in str(failure.value)
    os.chmod(folder, 0o700)
    for name in os.listdir(folder):
        os.remove(os.path.join(folder, name))
    os.rmdir(folder)
    os.symlink(str(private_tmp), folder)
    with pytest.raises(TaskError):
        OrderLock(client, 'vds', 'remoteid', 'web-1')
