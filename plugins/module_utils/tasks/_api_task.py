# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What billmgr_api does (``ApiCallTask``): one call of any function, through the shared client. Private to this collection.

The escape hatch for what no module covers: the call gets the client's login, retries of reads,
one clear error and the scrubbing of secrets, but no idempotence. A call that is not a known read (transport/_reads.py)
is a write, and must say so with ``write: true``.
"""

from __future__ import annotations

import re

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import int_or_none
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._client import SECRET_PARAMS, SECRET_MASK
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._balance import latest
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import FREE_CHANGE_RECONCILE, answer_lost, settle
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._reads import is_read
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task

_FUNC = re.compile(r'^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$')
# The connection's own parameters: a call must not replace the login, the answer's format, or the user it runs as.
RESERVED_PARAMS = ('func', 'out', 'lang', 'auth', 'authinfo', 'username', 'su', 'elid')
# Calls that make a payment, with or without sok (real-panels-2 §1.3, E26: payment.add&billorder&paymethod made payment
# 150 and answered its page's address and payment_id). Their lost answer is settled by the payment list, which is read
# before and after: a payment is money, and is never sent twice.
PAYMENT_FUNCS = ('payment.add', 'payment.add.pay')
# How many of the newest payments are compared before and after.
PAYMENTS_COMPARED = 20
# Parameter names whose values are secrets wherever they appear (a password to set, a key).
SECRET_NAMES = re.compile(r'(pass|secret|token|key|authinfo)', re.IGNORECASE)


def is_secret(name):
    return name in SECRET_PARAMS or bool(SECRET_NAMES.search(name))


def masked(value):
    """The document with the value of every secret-named field replaced by the mask."""
    if isinstance(value, dict):
        return dict((key, SECRET_MASK if is_secret(key) and isinstance(value[key], str) and value[key] else masked(value[key]))
                    for key in value)
    if isinstance(value, list):
        return [masked(item) for item in value]
    return value


class ApiCallTask(Task):
    """billmgr_api: reads run in check mode too; a write runs only with ``write: true`` and never in check mode."""

    def run(self):
        p = self.params
        func = (p['func'] or '').strip()
        if not _FUNC.match(func):
            raise InputError('func %r is not a BILLmanager function name (letters, digits, _ and dots, such as vds or vds.edit)'
                             % p['func'])
        params = self._params(p.get('params') or {})
        if p.get('elid') is not None:
            params['elid'] = ', '.join(str(item).strip() for item in p['elid'])
        # A call is a read only if it is a known one (_reads.py): real panels delete, reboot or pay without sok.
        writes = p['write'] or not is_read(func, params)
        if writes and not p['write']:
            why = 'with sok changes the panel' if 'sok' in params else 'may change the panel (it is not a list or a form read without sok)'
            raise InputError('%s %s: set write: true to send it (it is sent once, never retried, and not in check mode)'
                             % (func, why))
        request = dict((key, SECRET_MASK if is_secret(key) else value) for key, value in params.items())
        result = {'changed': bool(writes), 'func': func, 'request': request}
        if writes and self.check_mode:
            result['doc'] = None
            return result
        if not writes:
            result['doc'] = masked(self.client.read(func, params))
            return result
        before = self._payment_ids() if func in PAYMENT_FUNCS else None
        try:
            doc = self.client.write(func, params)
        except BillmgrError as err:
            if before is None or not answer_lost(err):
                raise
            self._settle_payment(func, before, err, result)
        result['doc'] = masked(doc)
        return result

    def _payment_ids(self):
        """The ids of the newest payments the user sees, or None when the list cannot be read (then nothing settles)."""
        try:
            return set(int_or_none(elem.get('id')) for elem in latest(self.client, 'payment', PAYMENTS_COMPARED))
        except BillmgrError:
            return None

    def _settle_payment(self, func, before, err, result):
        """A payment call's answer was lost: the payment list says whether it made one. Nothing is sent again."""
        floor = max([pid for pid in before if pid is not None], default=0)

        def made():
            return sorted(pid for pid in self._payment_ids() or () if pid is not None and pid > floor) or None

        new = settle(self.client, made, FREE_CHANGE_RECONCILE, 'the payment (%s)' % func, err, required=False)
        if new is None:
            raise err.explained('%s. The payment list shows no new payment after %ss: it was most likely not made; nothing '
                                'was sent again: look in the panel before running the task again' % (err.message, FREE_CHANGE_RECONCILE),
                                outcome_unknown=True)
        raise TaskError('%s: the answer was lost, but the payment list shows payment %s made: money moved, and nothing was sent '
                        'again; its answer (the payment page) is not known' % (func, ', '.join(str(pid) for pid in new)),
                        **dict(result, changed=True, doc=None, error=dict(err.facts(), outcome_unknown=False)))

    def _params(self, given):
        params = {}
        for key, value in given.items():
            name = str(key).strip()
            if name in RESERVED_PARAMS:
                raise InputError('params: %s is set by the module, not by params%s' % (
                    name, ' (give elid as the elid option)' if name == 'elid' else ''))
            if isinstance(value, (dict, list)):
                raise InputError('params: %s must be a single value (a string, number or boolean), not a %s'
                                 % (name, 'list' if isinstance(value, list) else 'mapping'))
            if value is None:
                continue
            if is_secret(name) and not isinstance(value, bool):
                # Ansible then masks it wherever it would print it.
                self.secret(str(value))
            params[name] = value
        return params
