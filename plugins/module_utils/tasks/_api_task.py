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

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._client import SECRET_PARAMS, SECRET_MASK
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._reads import is_read
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task

_FUNC = re.compile(r'^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$')
# The connection's own parameters: a call must not replace the login, the answer's format, or the user it runs as.
RESERVED_PARAMS = ('func', 'out', 'lang', 'auth', 'authinfo', 'username', 'su', 'elid')
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
        doc = self.client.write(func, params) if writes else self.client.read(func, params)
        result['doc'] = masked(doc)
        return result

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
