# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A write whose answer was lost: what may be sent again, and how long an order is looked for. Private to this collection.

The client sends every write once (``BillmgrClient.write``). When the answer is lost (no answer in
time, a dropped connection, a gateway's 502 or 503, a page instead of the document, "Request in
process"), the panel may have done the work, may still be doing it, or never got it. Then:

- a change that costs nothing and can be read back (a free edit, a deletion) is read back by id:
  made, it is done; not made, it is sent again, a bounded number of times on the one backoff
  (``confirmed_write``). Sending it twice sets the same values twice, which changes nothing more;
- an order is never sent again: it is looked up by its identity for ``reconcile_timeout`` seconds,
  long enough for a slow panel to finish the request it got (a panel still working on the first
  order when a second one arrives would make two services, both paid);
- a renewal or a paid change is never sent again either: billmgr_prolong re-plans from the expiry
  date it reads, and a paid change is reported with the original error.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._client import backoff, is_transient
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError

# Seconds to look for a new service or license after its order's answer was lost. A slow panel can
# take minutes over an order it did get (a payment gateway, a busy processing module), and a re-run
# started before it is done would buy again.
DEFAULT_RECONCILE_TIMEOUT = 300


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


def confirmed_write(client, send, applied, what):
    """``send()`` a free change whose effect ``applied()`` reads back; after a lost answer look, and send again only if it is not there.

    ``send`` is one write; ``applied`` reads the object by id (one read, itself retried on a
    passing fault) and says whether the change is there. The change is sent at most
    ``client.retries + 1`` times, with a look on the client's backoff after each lost answer.
    Returns what ``send()`` returned, or None when a look found the change made. A refusal of the
    first send is the panel's answer and is raised as it is; a refusal of a later one is first
    looked behind, because an earlier send may have landed in between (a license's address can be
    changed once a month: the second change of it is refused).
    """
    delays = backoff()
    first = None
    tries = client.retries + 1
    for attempt in range(1, tries + 1):
        try:
            return send()
        except BillmgrError as err:
            if first is None and not answer_lost(err):
                raise
            first, last = first or err, err
        client.sleep(next(delays))
        try:
            made = applied()
        except BillmgrError as read_err:
            raise first.explained('%s. Reading %s back failed too (%s): it may or may not have been made; look in the panel '
                                  'before running the task again' % (first.message, what, read_err), outcome_unknown=True) from None
        if made:
            client.say('%s: the answer was lost (%s), and reading it back shows it was made' % (what, first.kind))
            return None
        if not answer_lost(last):
            raise last
        if attempt < tries:
            client.say('%s: the answer was lost (%s) and it is not made; sending it again (%d of %d)'
                       % (what, last.kind, attempt, tries - 1))
    raise last.explained('%s. %s is not made after %d tries, each answer lost; nothing more was sent: run the task again '
                         'once the panel answers' % (last.message, _capital(what), tries), outcome_unknown=True)


def _capital(text):
    return text[:1].upper() + text[1:]
