# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""docs/testing-your-playbooks.md's examples, run as written in a user's repository made of the page's files.

Each ```yaml / ```python block whose first line is ``# PATH`` is a file of that repository. The GitHub Actions
workflow's steps run in order with bash -eo pipefail (what ``shell: bash`` runs), the workflow's, job's and step's
``env``, and ``RUNNER_TEMP`` / ``GITHUB_ENV`` as a runner provides them. Left to the test: ``uses:`` steps (the
repository and Python are there already) and the install step, which cannot reach GitHub or Galaxy here: the fresh
venv has billmgr-sim from this checkout (conftest.py), ansible comes from the dev venv, the collection is this tree.
The port is a free one instead of 1500, as two runs of this suite may share a machine.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess

import pytest
import yaml

from conftest import DEV_BIN, ROOT, collections_path, free_port, run, user_env

PAGE = ROOT / 'docs' / 'testing-your-playbooks.md'
# The interpreter the recipes' runs inherit: none that exists, so a recipe that does not name the venv's Python (which
# has requests) for the modules fails here, as it would where a discovered system Python lacks requests.
NO_PYTHON = '/nonexistent/python3'
WORKFLOW = '.github/workflows/playbooks.yml'
FENCED = re.compile(r'^```(yaml|python)\n# (\S+)\n(.*?)^```$', re.M | re.S)


def page_files():
    """{path: text} of the page's blocks that name their file."""
    files = {}
    for _kind, path, body in FENCED.findall(PAGE.read_text(encoding='utf-8')):
        assert path not in files, 'two blocks name %s' % path
        files[path] = '# %s\n%s' % (path, body)
    return files


def make_repository(tmp_path):
    repo = tmp_path / 'repo'
    for path, text in page_files().items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text, encoding='utf-8')
    return repo


class Runner:
    """Runs a workflow's job the way a runner would, for the steps the test does not do itself."""

    def __init__(self, repo, venv, tmp_path):
        self.repo = repo
        self.workflow = yaml.safe_load((repo / WORKFLOW).read_text(encoding='utf-8'))
        (job,) = self.workflow['jobs'].values()
        self.job = job
        self.temp = tmp_path / 'runner-temp'
        self.temp.mkdir()
        self.github_env = self.temp / 'github_env'
        self.github_env.touch()
        self.base_env = user_env(venv, RUNNER_TEMP=str(self.temp), GITHUB_ENV=str(self.github_env),
                                 GITHUB_WORKSPACE=str(repo), CI='true',
                                 ANSIBLE_COLLECTIONS_PATH=str(collections_path(tmp_path)),
                                 ANSIBLE_PYTHON_INTERPRETER=NO_PYTHON,
                                 ANSIBLE_LOCAL_TEMP=str(tmp_path / 'ansible-tmp'), ANSIBLE_HOME=str(tmp_path / 'ansible-home'))
        # ansible-core: the dev venv's (after the fresh venv's bin, where billmgr-sim is)
        self.base_env['PATH'] = os.pathsep.join((str(venv / 'bin'), str(DEV_BIN), os.environ.get('PATH', '')))
        self.port = str(free_port())

    def steps(self):
        return self.job['steps']

    def env_for(self, step):
        env = dict(self.base_env)
        for scope in (self.workflow.get('env', {}), self.job.get('env', {}), step.get('env', {})):
            env.update({name: str(value) for name, value in scope.items()})
        env['BILLMGR_SIM_PORT'] = self.port
        for line in self.github_env.read_text(encoding='utf-8').splitlines():
            name, _sep, value = line.partition('=')
            env[name] = value
        return env

    def run_step(self, step):
        assert self.workflow['defaults']['run']['shell'] == 'bash'
        for value in [step['run']] + [str(v) for v in step.get('env', {}).values()]:
            assert '${{' not in value, 'the test runs no expressions: %r' % value
        return subprocess.run(['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', step['run']], cwd=self.repo,
                              env=self.env_for(step), capture_output=True, text=True, timeout=600, check=False)

    def run_job(self):
        """Every step as a runner would (stopping at the first failure, then the ``if: always()`` ones): [(name, result)]."""
        results, failed = [], False
        try:
            for step in self.steps():
                if 'uses' in step:
                    assert step['uses'].split('@')[0] in ('actions/checkout', 'actions/setup-python')
                    continue
                if step['name'].startswith('Install'):
                    # done by the fresh_venv fixture from this checkout; the page must say how it is done for real: the
                    # collection and billmgr-sim from the repository's same ref (the collection is not on Galaxy)
                    assert 'pip install "billmgr-sim @ git+https://' in step['run'] and '#subdirectory=tests/simulator' in step['run']
                    assert 'ansible-galaxy collection install "git+https://' in step['run'], step['run']
                    assert step['run'].count('$BILLMGR_REF') == 2 and 'collection install ispsystem.billmgr' not in step['run']
                    continue
                if failed and step.get('if') != 'always()':
                    continue
                result = self.run_step(step)
                results.append((step['name'], result))
                failed = failed or result.returncode != 0
        finally:
            self.kill_leftover()
        return results

    def kill_leftover(self):
        pid_file = self.temp / 'billmgr-sim.pid'
        if pid_file.exists():
            try:
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
            except (ProcessLookupError, ValueError):
                pass


def test_the_page_names_its_files():
    assert sorted(page_files()) == [WORKFLOW, 'molecule/default/create.yml', 'molecule/default/destroy.yml', 'site.yml',
                                    'test_site.py', 'tests/billmgr/my-panel.yml']


def test_the_ci_example_runs_as_written(fresh_venv, tmp_path):
    repo = make_repository(tmp_path)
    runner = Runner(repo, fresh_venv, tmp_path)
    results = dict(runner.run_job())
    for name, result in results.items():
        assert result.returncode == 0, '%s failed:\n%s\n%s' % (name, result.stdout, result.stderr)
    assert list(results) == ['Run the modules under this Python, which has requests (not one Ansible discovers)',
                             'Start billmgr-sim with a catalogue like our panel\'s', 'Run the playbooks',
                             'Run them again and fail on any change', 'Stop billmgr-sim']
    assert re.search(r'localhost\s+: ok=\d+\s+changed=1 ', results['Run the playbooks'].stdout)
    assert re.search(r'localhost\s+: ok=\d+\s+changed=0 ', results['Run them again and fail on any change'].stdout)
    log = (runner.temp / 'billmgr-sim.log').read_text(encoding='utf-8')
    assert 'seed file: %s' % (repo / 'tests' / 'billmgr' / 'my-panel.yml') in log


def test_the_ci_example_fails_when_the_second_run_changes_something(fresh_venv, tmp_path):
    repo = make_repository(tmp_path)
    site = repo / 'site.yml'
    site.write_text(site.read_text(encoding='utf-8') + textwrap_task(), encoding='utf-8')
    results = dict(Runner(repo, fresh_venv, tmp_path).run_job())
    second = results['Run them again and fail on any change']
    assert second.returncode == 1
    assert '::error::the second run changed something' in second.stdout
    assert results['Stop billmgr-sim'].returncode == 0  # if: always() ran after the failure


def textwrap_task():
    return ('\n    - name: Something that changes on every run\n'
            '      ansible.builtin.command: /bin/true\n')


def test_the_pytest_example_runs_as_written(fresh_venv, tmp_path):
    repo = make_repository(tmp_path)
    env = user_env(fresh_venv, ANSIBLE_COLLECTIONS_PATH=str(collections_path(tmp_path)), ANSIBLE_PYTHON_INTERPRETER=NO_PYTHON,
                   ANSIBLE_LOCAL_TEMP=str(tmp_path / 'ansible-tmp'), ANSIBLE_HOME=str(tmp_path / 'ansible-home'))
    env['PATH'] = os.pathsep.join((str(fresh_venv / 'bin'), str(DEV_BIN), os.environ.get('PATH', '')))
    result = run([fresh_venv / 'bin' / 'python', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-p', 'no:xdist', 'test_site.py'],
                 cwd=repo, env=env, timeout=600)
    assert '2 passed' in result.stdout


@pytest.mark.parametrize('path', ['molecule/default/create.yml', 'molecule/default/destroy.yml', 'site.yml'])
def test_the_pages_playbooks_are_playbooks(path):
    plays = yaml.safe_load(page_files()[path])
    assert isinstance(plays, list) and all('hosts' in play and 'tasks' in play for play in plays)
