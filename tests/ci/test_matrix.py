# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ansible-core version matrix (`make matrix`, ci/matrix.sh): each core has its lock and its Python or a clear
message, sanity runs with no ignore file, and the integration subset reaches every module, the inventory and AWX."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
MAIN_CORE = re.search(r'^ansible-core==(\d+\.\d+)\.', (ROOT / 'constraints-dev.txt').read_text(), re.M).group(1)


def make_variable(name):
    """A variable of the Makefile, its continuation lines joined."""
    text = (ROOT / 'Makefile').read_text().replace('\\\n', ' ')
    return re.search(r'^%s\s*[?:]?=\s*(.*)$' % name, text, re.M).group(1).split()


def matrix(*args, **env):
    clean = dict((name, value) for name, value in os.environ.items() if name not in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL'))
    clean.update(env)
    return subprocess.run(['bash', str(ROOT / 'ci' / 'matrix.sh')] + list(args), capture_output=True, text=True, cwd=str(ROOT),
                          env=clean, timeout=60, check=False)


def test_every_core_the_collection_declares_is_in_the_matrix_with_a_lock():
    cores = make_variable('CORES')
    assert cores == ['2.16', '2.18', '2.19', '2.20', '2.21', '2.22'], cores
    runtime = yaml.safe_load((ROOT / 'meta' / 'runtime.yml').read_text())
    assert runtime['requires_ansible'] == '>=%s.0' % cores[0]
    for core in cores:
        lock = ROOT / 'ci' / 'cores' / ('constraints-%s.txt' % core)
        if core == MAIN_CORE:
            assert not lock.exists(), 'the main core is locked in constraints-dev.txt only'
            continue
        pins = re.findall(r'^ansible-core==(\S+)$', lock.read_text(), re.M)
        assert len(pins) == 1 and pins[0].startswith(core + '.'), (core, pins)


def test_ci_runs_the_matrix_after_make_test_on_every_core_make_test_does_not_cover():
    lines = [line.strip() for line in (ROOT / '.ci' / 'run').read_text().splitlines() if line.strip() and not line.startswith('#')]
    assert lines.index('make test') < next(i for i, line in enumerate(lines) if line.startswith('make matrix'))
    ran = re.search(r'^make matrix CORES="([^"]+)"$', '\n'.join(lines), re.M).group(1).split()
    assert MAIN_CORE not in ran and sorted(ran + [MAIN_CORE]) == sorted(make_variable('CORES'))


def test_sanity_has_no_ignore_file():
    assert sorted(p.name for p in (ROOT / 'tests' / 'sanity').iterdir()) == ['README.md']


def test_the_integration_subset_reaches_every_module_the_inventory_and_the_awx_path():
    selected = make_variable('MATRIX_TESTS')
    files = sorted(set(ROOT / entry.split('::')[0] for entry in selected))
    assert all(path.is_file() for path in files), files
    text = '\n'.join(path.read_text() for path in files)
    modules = sorted(p.stem for p in (ROOT / 'plugins' / 'modules').glob('billmgr_*.py'))
    # A module by its full name or by the short name meta/runtime.yml redirects (test_awx.py uses those).
    missing = [m for m in modules if not re.search(r'ispsystem\.billmgr\.(%s|%s):' % (m, m[len('billmgr_'):]), text)]
    assert len(modules) >= 13 and missing == []
    assert 'ansible.inventory(' in text and 'ansible_runner.get_inventory(' in text and "'--export'" in text


def test_an_unknown_core_and_a_missing_python_are_named(tmp_path):
    result = matrix('python', '2.99')
    assert result.returncode != 0 and 'ansible-core 2.99 is not in the matrix' in result.stderr
    # No python3.13 on PATH and an empty pyenv: the message names the core, the Python and where it looked.
    bare = tmp_path / 'bin'
    bare.mkdir()
    for tool in ('bash', 'sed', 'grep', 'dirname'):
        found = subprocess.run(['bash', '-c', 'command -v %s' % tool], capture_output=True, text=True, check=True).stdout.strip()
        (bare / tool).symlink_to(found)
    result = matrix('python', '2.22', PATH=str(bare), PYENV_ROOT=str(tmp_path / 'pyenv'))
    assert result.returncode != 0, result.stdout
    assert 'ansible-core 2.22 needs Python 3.13' in result.stderr and str(tmp_path / 'pyenv') in result.stderr
