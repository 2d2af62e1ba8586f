# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The guarded write: how every write that spends money or changes a server is sent. Private to this collection.

The contract, written once here and tested once (tests/unit/plugins/module_utils/guarded/test__write.py):

- check mode never sends: the guard and the price are read, the write is only planned;
- bad input is the caller's to refuse before it calls (InputError before any write);
- the per-identity lock is held where two forks could buy the same thing (``lock``);
- the guard runs under the lock, right before the send: it reads the state again and refuses, or says the
  work is already done (another run did it), so the state a decision rests on is never stale;
- the price the panel itself showed is checked against ``max_cost`` and ``keep_balance`` before the send;
- the write is sent once and never again. When its answer is lost, the panel may have done it, may still be
  doing it, or never got it: the state is read back (``settle``) for ``reconcile`` seconds, never sent again;
- success is the state read back, not the answer's ``ok``: a panel that says ok and changes nothing (a field it
  ignores, a wizard step that only moves on) is a failure;
- once a write went out, whatever fails after it is reported with ``changed: true`` and what was done
  (``after_write``).

The caller supplies what it sends (``send``), how to read the state back and whether it shows the write made
(``confirm``: the state when made, None when not).
"""

from __future__ import annotations

import contextlib

from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._limits import check_spending
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._lock import NoLock
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._client import is_transient
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError

# Seconds to look for the effect of a write whose answer was lost. A slow panel can take minutes over an
# order it did get (a payment gateway, a busy processing module), and a re-run started before it is done would
# buy again.
DEFAULT_RECONCILE_TIMEOUT = 300
# Seconds to look for a free change (an edit, a suspension, a PTR) whose answer was lost, in modules without a
# reconcile_timeout option: such a change is shown at once when it was made, and a run that finds it not made
# fails with the outcome unknown rather than sending it again.
FREE_CHANGE_RECONCILE = 10


def answer_lost(err):
    """Whether a write's failure leaves its outcome open: the panel may have done it, or may do it yet."""
    return bool(err.outcome_unknown) or is_transient(err)


def reconcile_timeout(params):
    """The task's ``reconcile_timeout`` in seconds, checked before any request."""
    value = params.get('reconcile_timeout')
    if value is None:
        return DEFAULT_RECONCILE_TIMEOUT
    if value < 0:
        raise InputError('reconcile_timeout must be 0 or more seconds; got %s' % value)
    return value


class NotShown(TaskError):
    """The panel answered ok, and reading back does not show the write made."""


class Written(object):
    """What a guarded write did: ``sent`` (False in check mode or when the guard found it done), the state read
    back, the answer (None when it was lost), whether the state had to settle a lost answer, and the spending
    checked before it."""

    def __init__(self, sent, state=None, answer=None, reconciled=False, spending=None):
        self.sent = sent
        self.state = state
        self.answer = answer
        self.reconciled = reconciled
        self.spending = spending


def settle(client, confirm, timeout, what, err, required=True):
    """After ``err`` lost a write's answer: the state ``confirm`` reads once the write shows, looked for ``timeout`` seconds.

    The one read-back loop of the collection: nothing is sent again. A write that does not show within the
    time is raised as ``err`` explained, its outcome unknown (or, not ``required``, None is returned for the
    caller to say what it means); a read that fails says so too.
    """
    try:
        state = client.poll(confirm, timeout)
    except BillmgrError as read_err:
        raise err.explained('%s. Reading %s back failed too (%s): it may or may not have been made; nothing was sent '
                            'again: look in the panel before running the task again' % (err.message, what, read_err.message),
                            outcome_unknown=True) from None
    if state is None and not required:
        return None
    if state is None:
        raise err.explained('%s. The answer to %s was lost: it may or may not have been made, and reading back for %ss does '
                            'not show it; nothing was sent again: look in the panel before running the task again'
                            % (err.message, what, timeout), outcome_unknown=True) from None
    client.say('%s: the answer was lost (%s), and reading back shows it made' % (what, err.kind))
    return state


def write_once(client, what, send, confirm, reconcile=0, paid=False):
    """Send once; the state read back by ``confirm`` is the outcome; a lost answer is settled, never sent again.

    ``paid``: the write may have cost money although its effect does not show, so a panel that answers ok
    without the effect is reported as changed.
    """
    try:
        answer = send()
    except BillmgrError as err:
        if not answer_lost(err):
            raise
        return Written(True, settle(client, confirm, reconcile, what, err), reconciled=True)
    try:
        state = confirm()
    except BillmgrError as err:
        raise TaskError('%s was sent and the panel answered ok, but reading it back failed: %s' % (_capital(what), err),
                        changed=True, error=err.facts()) from None
    if state is None:
        raise NotShown('%s: the panel answered ok, but reading it back does not show it made; nothing was sent again '
                       '(the panel may ignore it, or still be working on it): look in the panel before running the task '
                       'again' % _capital(what), changed=paid,
                       error={'type': None, 'object': None, 'func': None, 'outcome_unknown': True})
    return Written(True, state, answer=answer)


def guarded_write(client, what, send, confirm, check_mode=False, lock=None, guard=None, price=None, limits=None,
                  account=None, times=1, reconcile=0, paid=False):
    """One guarded write (see the module's docstring); returns ``Written``.

    ``guard()`` runs under the lock before the price: it raises to refuse, or returns a state when the work is
    already done (then nothing is sent). ``price()`` gives the amount the panel showed for this write; it is read
    in check mode and when a limit is set, and ``times`` such writes are checked together.
    """
    limits = limits or (None, None)
    with lock or NoLock():
        if guard is not None:
            done = guard()
            if done is not None:
                return Written(False, done)
        spending = None
        if price is not None and (check_mode or limits != (None, None)):
            spending = check_spending(client, price(), limits, what, account=account, times=times)
        if check_mode:
            return Written(False, spending=spending)
        written = write_once(client, what, send, confirm, reconcile=reconcile, paid=paid)
        written.spending = spending
        return written


@contextlib.contextmanager
def after_write(what, **done):
    """Whatever fails once a write went out is reported with ``changed: true`` and ``done`` (what the result holds)."""
    try:
        yield
    except BillmgrError as err:
        raise TaskError('%s was done, but then %s' % (_capital(what), err), changed=True, error=err.facts(), **done) from None
    except TaskError as err:
        result = dict(done, **err.result)
        result['changed'] = True
        raise TaskError(str(err), **result) from None
    except Exception as err:  # pylint: disable=broad-exception-caught
        # Even a bug after a paid write must not read as "nothing happened": the money moved.
        raise TaskError('%s was done, but then failed (%s: %s)' % (_capital(what), type(err).__name__, err),
                        changed=True, **done) from None


def _capital(text):
    return text[:1].upper() + text[1:]
