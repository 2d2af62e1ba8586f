# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The base every billmgr module stands on: connection options, the client, one task, each failure mapped once.

Private to this collection. No domain file imports this one: tasks know nothing of AnsibleModule.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

try:
    # ansible-core 2.22 and later: a secret met at run time is registered, and the controller masks it wherever it
    # prints; AnsibleModule no longer strips no_log_values from results itself.
    from ansible.module_utils.secrets import register_secret
except ImportError:
    register_secret = None

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._client import (
    DEFAULT_TIMEOUT,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    client_from_params,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._messages import wait_summary
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._connection import url_secrets
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import check_option_ranges

# One place for the environment variable names: the inventory plugin documents the same ones.
ENV_URL = 'BILLMGR_URL'
ENV_USERNAME = 'BILLMGR_USERNAME'
ENV_PASSWORD = 'BILLMGR_PASSWORD'
ENV_SESSION = 'BILLMGR_SESSION'
ENV_TOTP_SECRET = 'BILLMGR_TOTP_SECRET'
ENV_VALIDATE_CERTS = 'BILLMGR_VALIDATE_CERTS'
ENV_CA_PATH = 'BILLMGR_CA_PATH'
ENV_TIMEOUT = 'BILLMGR_TIMEOUT'

CONNECTION_SPEC = dict(
    url=dict(type='str', required=True, fallback=(env_fallback, [ENV_URL])),
    username=dict(type='str', fallback=(env_fallback, [ENV_USERNAME])),
    password=dict(type='str', no_log=True, fallback=(env_fallback, [ENV_PASSWORD])),
    session=dict(type='str', no_log=True, fallback=(env_fallback, [ENV_SESSION])),
    totp_secret=dict(type='str', no_log=True, fallback=(env_fallback, [ENV_TOTP_SECRET])),
    validate_certs=dict(type='bool', default=True, fallback=(env_fallback, [ENV_VALIDATE_CERTS])),
    ca_path=dict(type='path', fallback=(env_fallback, [ENV_CA_PATH])),
    timeout=dict(type='int', default=DEFAULT_TIMEOUT, fallback=(env_fallback, [ENV_TIMEOUT])),
)


class _Module(AnsibleModule):
    """An AnsibleModule that masks a password written into ``url`` in whatever it returns, its own option errors too."""

    def keep_secret(self, value):
        """Mask ``value`` wherever Ansible prints this module's result, the way the running ansible-core does it."""
        if not value:
            return
        if register_secret is not None:
            register_secret(value)
        else:
            self.no_log_values.add(value)

    def _mask_url_secrets(self):
        for secret in url_secrets((getattr(self, 'params', None) or {}).get('url')):
            self.keep_secret(secret)

    def exit_json(self, **kwargs):
        self._mask_url_secrets()
        super(_Module, self).exit_json(**kwargs)

    def fail_json(self, msg, **kwargs):
        self._mask_url_secrets()
        super(_Module, self).fail_json(msg, **kwargs)


class BillmgrModule(object):
    """An AnsibleModule with the connection options added, running one task and mapping each failure once."""

    def __init__(self, argument_spec, required_if=None, mutually_exclusive=None, required_one_of=None,
                 required_together=None, supports_check_mode=True):
        spec = dict(CONNECTION_SPEC)
        spec.update(argument_spec)
        self.module = _Module(
            argument_spec=spec,
            supports_check_mode=supports_check_mode,
            required_if=required_if,
            mutually_exclusive=mutually_exclusive,
            required_one_of=[('username', 'session')] + list(required_one_of or []),
            required_together=[('username', 'password')] + list(required_together or []),
        )
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib('requests'), exception=str(REQUESTS_IMPORT_ERROR))

    def run(self, task_class):
        """Run ``task_class(client, params, ...).run()`` and exit with its result; every failure exits once, cleanly."""
        module = self.module
        # At -v a wait says how it went, in the result: a module cannot print while it runs.
        progress = [] if module._verbosity >= 1 else None
        client = None
        try:
            check_option_ranges(module.params)
            client = client_from_params(module.params, log=module.debug)
            client.progress = progress.append if progress is not None else None
            for warning in client.warnings:
                module.warn(warning)
            client.on_warning = module.warn
            task = task_class(client, module.params, check_mode=module.check_mode, diff=module._diff,
                              warn=module.warn, secret=module.keep_secret)
            result = task.run()
        except TaskError as failure:
            # Part of the task may be done: its result says what (changed, the service or license bought).
            module.fail_json(msg=str(failure), **_with_progress(_with_wait(failure.result, client, None), progress))
        except BillmgrError as err:
            module.fail_json(msg=str(err), error=err.facts())
        except InputError as err:
            module.fail_json(msg=str(err))
        module.exit_json(**_with_progress(_with_wait(result, client, module.warn), progress))


def _with_wait(result, client, warn):
    """The result with ``waited`` (seconds, looks, the panel's last status) when the task waited; a long wait also warns."""
    waited, warning = wait_summary(client) if client is not None else (None, None)
    if waited is None:
        return result
    if warning and warn is not None:
        warn(warning)
    return dict(result, waited=waited)


def _with_progress(result, progress):
    return dict(result, progress=progress) if progress else result
