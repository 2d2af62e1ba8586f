# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The three ways a task fails. Private to this collection: no stable API for other collections.

- ``BillmgrError``: what the panel said (its error document) or what the wire did (no answer,
  a page instead of a document). Nothing else raises it.
- ``InputError``: the task's input is wrong, found before any write.
- ``TaskError``: the task itself stops (a wait ran out, a later step failed after an earlier one
  was done) and carries what it had already done, so the module can report it with the failure.

Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

# Failure kinds of the wire, not of the panel: they never carry the panel's own words.
WIRE_KINDS = ('connection', 'timeout', 'http', 'tls', 'response')


class BillmgrError(Exception):
    """One failure of a BILLmanager call.

    ``kind`` is the API's error type (``auth``, ``access``, ``value``, ``missed``, ...) or, for
    failures that never reached a BILLmanager answer, one of WIRE_KINDS. ``obj`` is the API's
    error object (usually the parameter at fault). ``outcome_unknown`` is true when a write may
    have been carried out although no answer arrived: callers must look before they retry.
    """

    def __init__(self, kind, message, obj=None, func=None, detail=None, value=None, outcome_unknown=False):
        self.kind = kind
        self.obj = obj
        self.message = message
        self.func = func
        self.detail = detail
        self.value = value
        self.outcome_unknown = outcome_unknown
        super(BillmgrError, self).__init__(self.__str__())

    @property
    def is_api_error(self):
        return self.kind not in WIRE_KINDS

    def explained(self, message, outcome_unknown=None):
        """The same failure in other words (what the task had been doing), keeping its kind and object."""
        return BillmgrError(self.kind, message, obj=self.obj, func=self.func, detail=self.detail, value=self.value,
                            outcome_unknown=self.outcome_unknown if outcome_unknown is None else outcome_unknown)

    def facts(self):
        """The machine-readable part, for ``failed_when`` and retries in playbooks."""
        return dict(type=self.kind, object=self.obj, func=self.func, outcome_unknown=self.outcome_unknown)

    def __str__(self):
        what = self.kind if not self.obj else '%s/%s' % (self.kind, self.obj)
        text = 'BILLmanager error (%s): %s' % (what, self.message)
        if self.func:
            text += ' [func %s]' % self.func
        return text

    def __repr__(self):
        return 'BillmgrError(%r, %r, obj=%r, func=%r)' % (self.kind, self.message, self.obj, self.func)


class InputError(Exception):
    """The task asks for something that cannot be done; raised before any write, the message is the whole story."""


class TaskError(Exception):
    """A task's own failure, with what it had done: ``result`` holds the keys returned with the failure.

    ``changed`` and the object (``service``, ``license``) say what was bought or changed before the
    failure, so a wait that ran out still names the service it bought, and a refused step still
    says that the renewal before it was paid.
    """

    def __init__(self, message, **result):
        super(TaskError, self).__init__(message)
        self.result = result
