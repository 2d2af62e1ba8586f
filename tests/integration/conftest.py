# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Integration tests: real ansible-playbook / ansible-inventory runs against the BILLmanager simulator.

Fixtures:
  ``billmgr_sim``  a fresh simulator per test (from billmgr_sim.pytest_plugin)
  ``ansible``      runs playbooks and inventories with the collection under test on the path
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / 'tests' / 'simulator'))

# Imported rather than named in pytest_plugins, which pytest refuses in a conftest below the rootdir.
from billmgr_sim.pytest_plugin import billmgr_sim, billmgr_sim_factory  # noqa: E402,F401 pylint: disable=wrong-import-position,unused-import


class PlaybookRun(object):
    """What one ansible-playbook run did: exit code, output, and every task's result by name."""

    def __init__(self, returncode, stdout, stderr, tasks):
        self.rc = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.tasks = tasks

    def task(self, name, host=None):
        """The result dict of the (last) task with this name."""
        found = [t for t in self.tasks if t['name'] == name and (host is None or t['host'] == host)]
        assert found, 'no task named %r ran; tasks: %s\n%s\n%s' % (name, [t['name'] for t in self.tasks], self.stdout, self.stderr)
        return found[-1]['result']

    def failed(self, name):
        return [t for t in self.tasks if t['name'] == name and t['outcome'] == 'failed']

    def __repr__(self):
        return 'PlaybookRun(rc=%d)\nSTDOUT:\n%s\nSTDERR:\n%s' % (self.rc, self.stdout, self.stderr)


class AnsibleRunner(object):
    """Runs ansible commands with ispsystem.billmgr resolved to the tree under test."""

    def __init__(self, workdir, sim):
        self.workdir = workdir
        self.sim = sim
        collections = workdir / 'collections'
        target = collections / 'ansible_collections' / 'ispsystem' / 'billmgr'
        target.parent.mkdir(parents=True)
        target.symlink_to(ROOT, target_is_directory=True)
        self.env = dict(os.environ)
        self.env.update({
            'ANSIBLE_COLLECTIONS_PATH': str(collections),
            'ANSIBLE_CALLBACK_PLUGINS': str(ROOT / 'tests' / 'integration' / 'callback_plugins'),
            'ANSIBLE_CALLBACKS_ENABLED': 'results_json',
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_FORCE_COLOR': '0',
            'ANSIBLE_LOCAL_TEMP': str(workdir / 'tmp'),
            'ANSIBLE_HOME': str(workdir / 'ansible-home'),
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
            'ANSIBLE_LOCALHOST_WARNING': 'false',
            'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        })
        for name in ('BILLMGR_URL', 'BILLMGR_USERNAME', 'BILLMGR_PASSWORD', 'BILLMGR_SESSION'):
            self.env.pop(name, None)
        self.bin = Path(sys.executable).parent
        self._runs = 0

    def connection(self, user='alice', password=None):
        """Connection options for a module task or an inventory file."""
        return {'url': self.sim.url, 'username': user, 'password': password if password is not None else user}

    def playbook(self, text, extra_args=(), env=None, check=False, diff=False, timeout=300):
        """Run a playbook given as YAML text against localhost; returns a PlaybookRun."""
        self._runs += 1
        path = self.workdir / ('playbook%d.yml' % self._runs)
        path.write_text(textwrap.dedent(text))
        results = self.workdir / ('results%d.json' % self._runs)
        args = [str(self.bin / 'ansible-playbook'), '-i', 'localhost,', '-c', 'local', str(path)]
        if check:
            args.append('--check')
        if diff:
            args.append('--diff')
        args.extend(extra_args)
        run_env = dict(self.env, BILLMGR_TEST_RESULTS=str(results))
        run_env.update(env or {})
        proc = subprocess.run(args, capture_output=True, text=True, env=run_env, cwd=str(self.workdir), timeout=timeout, check=False)
        tasks = json.loads(results.read_text()) if results.exists() else []
        return PlaybookRun(proc.returncode, proc.stdout, proc.stderr, tasks)

    def inventory(self, config, name='hosts.billmgr.yml', extra_args=(), env=None, timeout=300):
        """Run ``ansible-inventory --list`` on an inventory file; returns (returncode, parsed JSON or None, stdout, stderr)."""
        path = self.workdir / name
        path.write_text(textwrap.dedent(config) if isinstance(config, str) else json.dumps(config))
        args = [str(self.bin / 'ansible-inventory'), '-i', str(path), '--list'] + list(extra_args)
        run_env = dict(self.env)
        run_env.update(env or {})
        proc = subprocess.run(args, capture_output=True, text=True, env=run_env, cwd=str(self.workdir), timeout=timeout, check=False)
        try:
            data = json.loads(proc.stdout)
        except ValueError:
            data = None
        return proc.returncode, data, proc.stdout, proc.stderr


@pytest.fixture
def ansible(tmp_path, billmgr_sim):
    (tmp_path / 'tmp').mkdir()
    return AnsibleRunner(tmp_path, billmgr_sim)
