# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the unit tests need from ansible-core, the same on every core meta/runtime.yml supports (the version matrix,
ci/matrix.sh, runs them on each). Each name is ansible-core's own where the core has it, and an equivalent before.
"""

from __future__ import annotations

import contextlib
import json

from ansible.module_utils import basic
from ansible.module_utils.ansible_release import __version__ as ANSIBLE_CORE_VERSION

CORE = tuple(int(part) for part in ANSIBLE_CORE_VERSION.split('.')[:2])

try:
    from ansible.module_utils.testing import patch_module_args  # pylint: disable=unused-import  # 2.19 and later
except ImportError:
    @contextlib.contextmanager
    def patch_module_args(args):
        """The module arguments AnsibleModule reads, as ansible-core before 2.19 takes them in a test."""
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode('utf-8')
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved


# Controller code: the tests of modules run where only module_utils can be imported, so these import when called.
def trust_as_template(value):
    """``value`` as a string that may be templated: tagged so from 2.19 on; before, a plain string (an unsafe mark lost)."""
    try:
        from ansible.template import trust_as_template as trust  # pylint: disable=import-outside-toplevel
    except ImportError:
        return str(value)
    return trust(value)


def is_trusted_as_template(value):
    """Whether ansible-core would template ``value``: a trusted string from 2.19 on, any string not marked unsafe before."""
    try:
        from ansible.template import is_trusted_as_template as trusted  # pylint: disable=import-outside-toplevel
    except ImportError:
        from ansible.utils.unsafe_proxy import AnsibleUnsafe  # pylint: disable=import-outside-toplevel
        return isinstance(value, str) and not isinstance(value, AnsibleUnsafe)
    return trusted(value)


@contextlib.contextmanager
def module_outside_the_controller(monkeypatch):
    """A module's warnings go to its result, unless ansible-core 2.19+ believes it runs in the controller, as it does in
    a plain pytest run once the inventory tests have loaded controller code (ansible-test runs them apart)."""
    try:
        from ansible.module_utils import _internal  # pylint: disable=import-outside-toplevel
    except ImportError:
        _internal = None
    if _internal is not None and hasattr(_internal, 'is_controller'):
        monkeypatch.setattr(_internal, 'is_controller', False)
    yield


def warning_texts(result):
    """The warnings of a module's result: text before 2.19, an event each from 2.19 on."""
    return [w['event']['msg'] if isinstance(w, dict) else w for w in result.get('warnings', [])]


def evaluate_expression(templar, expression):
    """What the template engine makes of one Jinja2 expression, as an inventory's compose or groups evaluates it."""
    if hasattr(templar, 'evaluate_expression'):
        return templar.evaluate_expression(trust_as_template(expression))
    return templar.template('{{ %s }}' % expression)


def plain_str(value):
    """True for a string that is exactly ``str``: a subclass is how ansible-core marks one unsafe (before 2.19) or tags it."""
    return type(value) is str  # pylint: disable=unidiomatic-typecheck


MASK = '********'


def printed(out):
    """The text the controller shows of a module's stdout ``out``.

    Before ansible-core 2.22 the module strips its secrets (no_log_values) from its result itself, so what it prints is
    what the controller shows. From 2.22 on it reports each secret it met in ``_ansible_new_secrets`` and the controller
    masks them wherever it prints; the list itself is never shown. Only the secrets the module reported are masked here,
    as only they reach the controller.
    """
    result = json.loads(out)
    secrets = result.pop('_ansible_new_secrets', None) or []
    text = json.dumps(result, sort_keys=True)
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(json.dumps(secret)[1:-1], MASK)
    return text
