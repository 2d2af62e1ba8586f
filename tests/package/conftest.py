# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulator as a user gets it: ``pip install <checkout>/tests/simulator`` into a fresh venv outside the checkout.

One venv (``--system-site-packages`` on the base interpreter, which brings pytest and PyYAML) per pytest worker,
shared by the tests of this directory. Nothing of the checkout is on sys.path there: the user's processes run
without PYTHONPATH, from directories of their own. ansible-playbook is the dev venv's, with this tree's collection.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SIMULATOR = ROOT / 'tests' / 'simulator'
DEV_BIN = Path(sys.executable).parent


def user_env(venv, **extra):
    """The environment of a user's shell with the fresh venv activated: no PYTHONPATH, no collection path."""
    env = {name: value for name, value in os.environ.items()
           if name not in ('PYTHONPATH', 'ANSIBLE_COLLECTIONS_PATH', 'BILLMGR_COLLECTION_ROOT', 'VIRTUAL_ENV')}
    env['PATH'] = os.pathsep.join((str(venv / 'bin'), env.get('PATH', '')))
    env['VIRTUAL_ENV'] = str(venv)
    env.update(extra)
    return env


def run(command, **kwargs):
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, check=False,
                            timeout=kwargs.pop('timeout', 300), **kwargs)
    assert result.returncode == 0, '%s failed (%d):\n%s\n%s' % (command, result.returncode, result.stdout, result.stderr)
    return result


@pytest.fixture(scope='session')
def fresh_venv(tmp_path_factory):
    venv = tmp_path_factory.mktemp('user') / 'venv'
    base_python = getattr(sys, '_base_executable', None) or sys.executable
    run([base_python, '-m', 'venv', '--system-site-packages', venv])
    python = venv / 'bin' / 'python'
    # setuptools builds in the source directory (build/, *.egg-info): from a private copy of tests/simulator, so that
    # two workers (or a checkout's editable install) do not build in one directory at once.
    source = venv.parent / 'billmgr-sim-source'
    shutil.copytree(SIMULATOR, source, ignore=shutil.ignore_patterns('build', '*.egg-info', '__pycache__', 'tests'))
    run([python, '-m', 'pip', 'install', '-q', '--disable-pip-version-check', source], env=user_env(venv), timeout=600)
    # pytest, and requests, which the collection's modules need in the Python they run under (the venv's: the page's
    # recipes name it, as a user's venv has ansible-core and the collection's requirements beside billmgr-sim).
    for name in ('pytest', 'requests'):
        if subprocess.run([python, '-c', 'import %s' % name], capture_output=True, check=False).returncode != 0:
            run([python, '-m', 'pip', 'install', '-q', '--disable-pip-version-check', name], env=user_env(venv), timeout=600)
    return venv


def free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def collections_path(tmp_path):
    """A collections path with ispsystem.billmgr = this tree (as `ansible-galaxy collection install` would give)."""
    target = tmp_path / 'collections' / 'ansible_collections' / 'ispsystem' / 'billmgr'
    target.parent.mkdir(parents=True)
    target.symlink_to(ROOT, target_is_directory=True)
    return tmp_path / 'collections'
