# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""plugins/module_utils keeps its layers: imports go one way, a task never imports another module's task, files stay short.

The layers, top to bottom: tasks -> operations -> guarded -> panel -> transport (plugins/module_utils/README.md says what each is for).
A file may import its own layer and the layers below it; _base.py, at the root, the transport and the Task base. The
files are read, not imported, from the tree this test sits in (tests/unit/plugins/ -> the root three levels up), so it
also works in the copy that ansible-test runs.
"""

from __future__ import annotations

import ast
import os

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
MODULE_UTILS = os.path.join(ROOT, 'plugins', 'module_utils')
PACKAGE = 'ansible_collections.ispsystem.billmgr.plugins.module_utils'

LAYERS = ('transport', 'panel', 'guarded', 'operations', 'tasks')  # bottom to top
TASK_BASE = 'tasks/_task.py'
# What a file at the root (_base.py: the AnsibleModule side) may import: the wire, and the shape of a task.
ROOT_MAY_IMPORT = ('transport', TASK_BASE)
MAX_LINES = 450

# Breaks of these rules that are known and left for now: (file, the layer or file it may not import) -> why. A break
# listed here that no longer happens fails too, so an entry goes once its file is fixed.
KNOWN_EXCEPTIONS = {}


def _known(item):
    path, dummy, target = item
    return target is not None and ((path, _layer(target)) in KNOWN_EXCEPTIONS or (path, target) in KNOWN_EXCEPTIONS)


def _files():
    """Every .py under plugins/module_utils, as a path relative to it with / separators."""
    found = []
    for directory, dirs, names in os.walk(MODULE_UTILS):
        dirs[:] = [d for d in dirs if d != '__pycache__']
        for name in names:
            if name.endswith('.py'):
                found.append(os.path.relpath(os.path.join(directory, name), MODULE_UTILS).replace(os.sep, '/'))
    return sorted(found)


def _layer(path):
    """The layer of a module_utils file, or None for a file at the root (_base.py)."""
    return path.split('/')[0] if '/' in path else None


def _as_file(dotted):
    """A dotted name inside module_utils (``panel._values``) as the file it names, a package as its __init__.py."""
    path = dotted.replace('.', '/')
    if os.path.isdir(os.path.join(MODULE_UTILS, path)):
        return path + '/__init__.py'
    return path + '.py'


def imported_files(path):
    """The module_utils files ``path`` imports, anywhere in it (a function's own imports too), absolute or relative."""
    with open(os.path.join(MODULE_UTILS, path), encoding='utf-8') as source:
        tree = ast.parse(source.read(), path)
    package = ('%s.%s' % (PACKAGE, os.path.dirname(path).replace('/', '.'))).rstrip('.')
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ''
            if node.level:
                parts = package.split('.')
                base = '.'.join(parts[:len(parts) - node.level + 1] + ([base] if base else []))
            # ``from PACKAGE.panel import _values`` imports the file _values, not only the package.
            names.extend('%s.%s' % (base, alias.name) for alias in node.names)
            names.append(base)
    files = set()
    for name in names:
        if name.startswith(PACKAGE + '.'):
            target = _as_file(name[len(PACKAGE) + 1:])
            if os.path.exists(os.path.join(MODULE_UTILS, target)):
                files.add(target)
    return sorted(files - {path})


def breaks(path):
    """What ``path`` breaks: ``(path, rule, imported file or None)`` for each."""
    found = []
    with open(os.path.join(MODULE_UTILS, path), encoding='utf-8') as source:
        if len(source.read().splitlines()) > MAX_LINES:
            found.append((path, 'over %d lines' % MAX_LINES, None))
    layer = _layer(path)
    if layer is not None and layer not in LAYERS:
        found.append((path, 'in no layer (one of %s)' % ', '.join(LAYERS), None))
        return found
    for target in imported_files(path):
        target_layer = _layer(target)
        if layer is None:
            if target_layer not in ROOT_MAY_IMPORT and target not in ROOT_MAY_IMPORT:
                found.append((path, 'a root file imports only %s' % ' and '.join(ROOT_MAY_IMPORT), target))
        elif target_layer is None or target_layer not in LAYERS or LAYERS.index(target_layer) > LAYERS.index(layer):
            found.append((path, 'imports a layer above its own', target))
        elif layer == 'tasks' and target_layer == 'tasks' and target != TASK_BASE and not target.endswith('/__init__.py'):
            found.append((path, "imports another module's task", target))
    return found


def all_breaks():
    return set(item for path in _files() for item in breaks(path))


def test_the_files_are_found():
    files = _files()
    assert '_base.py' in files and TASK_BASE in files and 'transport/_client.py' in files
    assert all(_layer(path) in LAYERS + (None,) for path in files), files


def test_imports_go_one_way_and_files_stay_short():
    found = set(item for item in all_breaks() if not _known(item))
    assert not found, '\n'.join('%s: %s%s' % (path, rule, ' (%s)' % target if target else '') for path, rule, target in sorted(found))


def test_every_known_exception_still_happens():
    happening = set(key for path, dummy, target in all_breaks() for key in ((path, _layer(target)), (path, target)))
    stale = set(KNOWN_EXCEPTIONS) - happening
    assert not stale, 'fixed, remove from KNOWN_EXCEPTIONS: %s' % sorted(stale)


def test_a_bad_import_is_caught(tmp_path, monkeypatch):
    """The rules themselves: a panel file importing a task, a task importing another task, a root file importing panel."""
    for path, text in (('panel/_x.py', 'from %s.tasks._service_task import ServiceTask\n' % PACKAGE),
                       ('tasks/_x_task.py', 'from ..tasks import _prolong_task\nfrom . import _task\n'),
                       ('guarded/_x.py', 'def f():\n    from %s.operations import _suspension\n' % PACKAGE),
                       ('_x.py', 'from %s.panel._values import iso\n' % PACKAGE),
                       ('transport/_x.py', 'x = 1\n' * (MAX_LINES + 1))):
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    for path in ('tasks/_service_task.py', 'tasks/_prolong_task.py', 'tasks/_task.py', 'operations/_suspension.py', 'panel/_values.py'):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text('')
    monkeypatch.setitem(globals(), 'MODULE_UTILS', str(tmp_path))
    assert breaks('panel/_x.py') == [('panel/_x.py', 'imports a layer above its own', 'tasks/_service_task.py')]
    assert breaks('tasks/_x_task.py') == [('tasks/_x_task.py', "imports another module's task", 'tasks/_prolong_task.py')]
    assert breaks('guarded/_x.py') == [('guarded/_x.py', 'imports a layer above its own', 'operations/_suspension.py')]
    assert breaks('_x.py') == [('_x.py', 'a root file imports only transport and tasks/_task.py', 'panel/_values.py')]
    assert breaks('transport/_x.py') == [('transport/_x.py', 'over %d lines' % MAX_LINES, None)]
