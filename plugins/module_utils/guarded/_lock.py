# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One order at a time for one identity, on the machine that runs the module. Private to this collection.

A panel cannot refuse a second order of the same remoteid (it is a label, not a key), so two forks
that both look the identity up before either order is listed both buy. Forks of one playbook, and
playbooks started side by side, run the module on the same machine when the task is delegated to
the controller (the usual fleet pattern): a lock file there, taken before the look-up and held
until the new service or license is known, makes the second look-up see the first order. Runs on
other machines do not share it (docs/reliability.md).
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._client import backoff
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import TaskError

try:
    import fcntl
    HAS_FCNTL = True
except ImportError:  # pragma: no cover - Windows, where Ansible modules do not run anyway
    HAS_FCNTL = False

# Waiting for another fork's order: short sleeps, since the lock is free as soon as that order is known.
LOCK_POLL_FIRST = 0.05
LOCK_POLL_CAP = 1.0
# The least time a fork waits for another fork's order, whatever its own wait_timeout.
LOCK_MIN_WAIT = 60


def lock_dir():
    """The current user's lock folder (created 0700; refused if someone else owns it or it is a link)."""
    path = os.path.join(tempfile.gettempdir(), 'ansible-billmgr-%d' % os.getuid())
    try:
        os.mkdir(path, 0o700)
    except OSError as exc:
        if exc.errno != errno.EEXIST:
            raise TaskError('cannot create the order lock folder %s: %s' % (path, exc.strerror), changed=False) from None
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise TaskError('the order lock folder %s is not a private folder of this user; remove it and run again' % path,
                        changed=False)
    return path


def order_lock(client, item_type, field, value, timeout, ordering=True, paying=False):
    """The lock of an identity, taken; a lock that holds nothing when nothing paid can follow (check mode, or an id that
    cannot be ordered, unless the task may pay for a change of it: ``paying``)."""
    if not ordering or (field == 'id' and not paying):
        return NoLock()
    return OrderLock(client, item_type, field, value).acquire(timeout)


class NoLock(object):
    def release(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        pass


class OrderLock(object):
    """The lock of one (item type, identity); ``release`` may be called early and again.

    The panel's address is not part of the key: one panel has many spellings (``/billmgr`` and ``/manager/billmgr``,
    ``localhost`` and ``127.0.0.1``, with or without the default port), and two spellings must never give two locks
    and two orders (issue 32, bug 2). Serialising one identity across two panels costs a short wait at most. The
    value is keyed as the panel compares it, without stray spaces.
    """

    def __init__(self, client, item_type, field, value):
        key = '\n'.join((item_type.strip(), field, str(value).strip()))
        self.what = '%s %s %s' % (item_type, field, str(value).strip())
        self.client = client
        self.path = os.path.join(lock_dir(), hashlib.sha256(key.encode('utf-8')).hexdigest() + '.lock') if HAS_FCNTL else None
        self._fd = None

    def acquire(self, timeout):
        if self.path is None:
            return self
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, 'O_NOFOLLOW', 0), 0o600)
        deadline = self.client.clock() + max(timeout or 0, LOCK_MIN_WAIT)
        delays = backoff(first=LOCK_POLL_FIRST, cap=LOCK_POLL_CAP)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._fd = fd
                return self
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    os.close(fd)
                    raise
            remaining = deadline - self.client.clock()
            if remaining <= 0:
                os.close(fd)
                raise TaskError('another run on this machine has been ordering %s for over %ds; nothing was ordered. Run the '
                                'task again once it is done' % (self.what, max(timeout or 0, LOCK_MIN_WAIT)), changed=False)
            self.client.sleep(min(next(delays), remaining))

    def release(self):
        if self._fd is not None:
            fd, self._fd = self._fd, None
            # Closing the file drops the lock; the file stays, so a waiting fork never locks a file about to vanish.
            os.close(fd)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.release()
