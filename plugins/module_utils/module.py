# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The small base every billmgr module stands on: connection options, the client, one error path."""

from __future__ import annotations

import os

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.ispsystem.billmgr.plugins.module_utils.api import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    BillmgrClient,
    BillmgrError,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.services import ServiceFailure

# One place for the environment variable names: the inventory plugin documents the same ones.
ENV_URL = 'BILLMGR_URL'
ENV_USERNAME = 'BILLMGR_USERNAME'
ENV_PASSWORD = 'BILLMGR_PASSWORD'
ENV_SESSION = 'BILLMGR_SESSION'
ENV_VALIDATE_CERTS = 'BILLMGR_VALIDATE_CERTS'
ENV_CA_PATH = 'BILLMGR_CA_PATH'
ENV_TIMEOUT = 'BILLMGR_TIMEOUT'


def connection_argument_spec():
    return dict(
        url=dict(type='str', required=True, fallback=(env_fallback, [ENV_URL])),
        username=dict(type='str', fallback=(env_fallback, [ENV_USERNAME])),
        password=dict(type='str', no_log=True, fallback=(env_fallback, [ENV_PASSWORD])),
        session=dict(type='str', no_log=True, fallback=(env_fallback, [ENV_SESSION])),
        validate_certs=dict(type='bool', default=True, fallback=(env_fallback, [ENV_VALIDATE_CERTS])),
        ca_path=dict(type='path', fallback=(env_fallback, [ENV_CA_PATH])),
        timeout=dict(type='int', default=30, fallback=(env_fallback, [ENV_TIMEOUT])),
    )


def client_from_params(params, log=None):
    """A client from the connection options (module params or inventory options alike)."""
    return BillmgrClient(
        params['url'],
        username=params.get('username'),
        password=params.get('password'),
        session=params.get('session'),
        validate_certs=params.get('validate_certs', True),
        ca_path=os.path.expanduser(params['ca_path']) if params.get('ca_path') else None,
        timeout=params.get('timeout') or 30,
        log=log,
    )


def diff_of(before, after):
    """Ansible's diff for two plain dicts, limited to the keys that differ."""
    keys = sorted(k for k in set(before or {}) | set(after or {}) if (before or {}).get(k) != (after or {}).get(k))
    return {
        'before': dict((k, (before or {}).get(k)) for k in keys),
        'after': dict((k, (after or {}).get(k)) for k in keys),
    }


class BillmgrModule(object):
    """An AnsibleModule with the connection options added and BillmgrError mapped once."""

    def __init__(self, argument_spec, required_if=None, mutually_exclusive=None, required_one_of=None,
                 required_together=None, supports_check_mode=True):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        self.module = AnsibleModule(
            argument_spec=spec,
            supports_check_mode=supports_check_mode,
            required_if=required_if,
            mutually_exclusive=mutually_exclusive,
            required_one_of=[('username', 'session')] + list(required_one_of or []),
            required_together=[('username', 'password')] + list(required_together or []),
        )
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib('requests'), exception=str(REQUESTS_IMPORT_ERROR))
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        self.diff_mode = self.module._diff
        self._client = None

    @property
    def client(self):
        if self._client is None:
            self._client = client_from_params(self.params, log=self.module.debug)
        return self._client

    def fail(self, msg, **result):
        self.module.fail_json(msg=msg, **result)

    def run(self, action):
        """Run ``action(self)`` -> result dict, and exit with it; every API failure exits once, cleanly."""
        try:
            result = action(self)
        except ServiceFailure as failure:
            # A failure after part of the task was done: its result says what was done (changed, the service).
            self.module.fail_json(msg=str(failure), **failure.result)
        except BillmgrError as err:
            self.module.fail_json(msg=str(err), error=error_facts(err))
        except ValueError as err:
            # Bad input found by module_utils (an unknown name, a missing identity): the message is the whole story.
            self.module.fail_json(msg=str(err))
        self.module.exit_json(**result)


def error_facts(err):
    """The machine-readable part of a failure, for `failed_when` and retries in playbooks."""
    return dict(type=err.kind, object=err.obj, func=err.func, outcome_unknown=err.outcome_unknown)
