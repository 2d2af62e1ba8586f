# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Panel text that never becomes a template, and the inventory's compile cache, on every supported ansible-core.

Private to this collection. Two ways of keeping a string from being templated exist:

- ansible-core 2.19 and later template only strings tagged as trusted; a plain ``str`` (what JSON decodes to) is text.
  A string that arrives tagged (a cache plugin may revive one so) is copied to a plain ``str``, which drops the tag.
- Before 2.19 every plain string is a template: one that could be (it holds ``{`` or ``}``) is marked unsafe with
  ``wrap_var``. The rest stay plain, so that ``ansible-inventory --export`` writes them as strings: a value written as
  ``{"__ansible_unsafe": ...}`` is what AWX's inventory import cannot read where it expects a string.

A host name is always a plain string, on every core: a name that could be a template is not used (see could_template).
"""

from __future__ import annotations

import inspect

from ansible.release import __version__ as ANSIBLE_CORE_VERSION

try:
    from ansible.template import is_trusted_as_template  # ansible-core 2.19 and later: the public trust API
except ImportError:
    is_trusted_as_template = None

if is_trusted_as_template is None:
    # Before 2.19 this is the only way to mark a string unsafe; the module is deprecated from 2.23 on and so is imported
    # only where nothing else does the job.
    from ansible.utils.unsafe_proxy import AnsibleUnsafe, wrap_var
else:
    AnsibleUnsafe = wrap_var = None

# From 2.19 on the template engine gives an expression's own Python value (4711, not '4711'): only there may the inventory
# evaluate its simple expressions in Python (_simple_expressions), as their values must be the engine's.
NATIVE_RESULTS = is_trusted_as_template is not None

# The cores whose template engine has the private methods compile_once replaces, as they were read: (source, options)
# returning a function of the variables. Any other core, older or newer, templates without the cache (slower, same
# result); a new core is added here once tests/unit/plugins/plugin_utils/test__templating.py passes on it.
ENGINE_CORES = ('2.19', '2.20', '2.21', '2.22')


def could_template(text):
    """True for a string that Jinja2 could read as more than text: every template syntax starts with a brace."""
    return '{' in text or '}' in text


def as_text(value):
    """``value`` such that no ansible-core templates it; anything but a string comes back as it is."""
    if not isinstance(value, str):
        return value
    if is_trusted_as_template is not None:
        # type() and not isinstance(): a subclass of str may carry a trust tag.
        return value if type(value) is str else str(value)  # pylint: disable=unidiomatic-typecheck
    if isinstance(value, AnsibleUnsafe) or not could_template(value):
        return value
    return wrap_var(value)


def engine_core():
    """The running ansible-core's series (``2.19``) when compile_once may patch its engine, else None."""
    series = '.'.join(ANSIBLE_CORE_VERSION.split('.')[:2])
    return series if series in ENGINE_CORES else None


def compile_once(templar, enabled=None):
    """Compile each expression and template once per inventory source, not once per host; True when it does.

    ansible-core 2.19's template engine compiles an expression anew every time it evaluates it, so the few of an
    inventory file (the host name, the filters, compose, groups and keyed_groups) were compiled for every host again:
    most of the plugin's time. The trust check comes before the compile and still runs on every call; the compiled
    code renders with each host's variables as before. This replaces two private methods of the engine, so it is done
    only on the cores in ENGINE_CORES and only where both still take (source, options); elsewhere nothing changes.
    """
    if enabled is None:
        enabled = engine_core() is not None
    engine = getattr(templar, '_engine', None)
    methods = [(name, getattr(engine, name, None)) for name in ('_compile_expression', '_compile_template')]
    if not enabled or not all(_takes_source_and_options(method) for _name, method in methods):
        return False
    for name, method in methods:
        if not getattr(method, 'compiled_once', False):
            setattr(engine, name, _memoized(method))
    return True


def _takes_source_and_options(method):
    if getattr(method, 'compiled_once', False):
        return True
    if not callable(method):
        return False
    try:
        parameters = list(inspect.signature(method).parameters)
    except (TypeError, ValueError):
        return False
    return parameters in (['expression', 'options'], ['template', 'options'])


def _memoized(compile_source):
    compiled = {}

    def compile_or_reuse(source, options):
        try:
            key = (str(source), options)
            return compiled[key]
        except TypeError:  # options that cannot be a key: compiled each time, as ansible-core does
            return compile_source(source, options)
        except KeyError:
            compiled[key] = result = compile_source(source, options)
            return result

    compile_or_reuse.compiled_once = True
    return compile_or_reuse
