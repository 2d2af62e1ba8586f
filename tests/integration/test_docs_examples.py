# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every YAML example of README.md, docs/*.md, the role's README and the modules' EXAMPLES runs as written (issue 36).

What the example names is used as it is: the simulator has those tariffs, services and accounts. Only the panel's
address changes (billing.example.com and my.ispsystem.com become the simulator) and the login comes from the BILLMGR_*
variables, as the docs say it may: the administrator's for a task that names a client account. A page's plays and
task lists run in one ansible-playbook run, in the page's order; every inventory example in one ansible-inventory run.
An example that cannot run here is in NOT_RUN with the reason, and nothing else is left out: a new example is run, or
this test fails until it is listed. Every run is network-guarded.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import textwrap
from pathlib import Path

import pytest
import yaml

from billmgr_sim import seed, seedfile
from billmgr_sim.testing import totp_secret

from conftest import ROOT, AnsibleRunner
from docs_examples import all_examples

# (page, first line) -> why it is not run here. Few, and each for a reason outside the collection.
NOT_RUN = {
    ('docs/awx.md', '# BILLmanager credential type: input configuration'): 'an AWX credential type: test_awx.py renders and uses it',
    ('docs/awx.md', '# BILLmanager credential type: injector configuration'): 'an AWX credential type: test_awx.py renders and uses it',
    ('docs/awx.md', '# BILLmanager CA credential type: input configuration'): 'an AWX credential type: test_awx.py renders and uses it',
    ('docs/awx.md', '# BILLmanager CA credential type: injector configuration'): 'an AWX credential type: test_awx.py renders and uses it',
    ('docs/awx.md', 'collections:'): 'a requirements file that installs the collection from GitHub: no network here',
    ('docs/execution-environment.md', 'version: 3'): 'an ansible-builder definition: building an image needs a registry and the network',
    ('docs/testing-your-playbooks.md', '# .github/workflows/playbooks.yml'): 'a GitHub Actions workflow: it runs on GitHub',
    ('docs/money.md', 'forecast:'): "a module result shown as a sample, not a task",
    ('docs/money.md', 'expenses:'): "a module result shown as a sample, not a task",
    ('docs/renewals.md', 'service:              # as billmgr_service returns it, read back after the task'):
        'a module result shown as a sample, with "..." for the fields left out',
}
# Pages whose examples log in as the administrator (they name a client account, or charge usage); the others as the
# client alice. A task of a client's page that names a client `account` is an administrator's all the same: it runs as
# the administrator (as_administrator), the tasks around it as the client.
ADMIN_PAGES = ('docs/inventory.md', 'plugins/modules/billmgr_statdaily.py')
# The panel's address in the examples, and the simulator's port the README starts it on; the old billing at
# my.ispsystem.com (api: legacy) is the simulator's too, on the path of BILLmanager 5.
EXAMPLE_URLS = re.compile(r'https://billing\.example\.com(?::\d+)?/(?:manager/)?billmgr|http://127\.0\.0\.1:1500/billmgr')
LEGACY_URL = re.compile(r'https://my\.ispsystem\.com/manager/billmgr')
# The variables an example leaves to its reader for the login (a vault, -e): given as -e, the user the page's and the
# password the user's; billmgr_admin_password is the administrator's.
USER_VARS = ('billmgr_user', 'my_ispsystem_user')
PASSWORD_VARS = ('billmgr_password', 'vault_billmgr_password', 'my_ispsystem_password')
# Pages whose examples read the hosts of the collection's inventory (groups, hostvars): run with the simulator's as well.
INVENTORY_PAGES = ('plugins/modules/billmgr_prolong.py',)


def runnable():
    examples = [example for example in all_examples() if (example.page, example.first_line) not in NOT_RUN]
    return examples


def pages():
    return sorted(set(example.page for example in runnable() if example.kind in ('plays', 'tasks')))


def with_simulator(text, sim):
    text = LEGACY_URL.sub(sim.url.replace('/billmgr', '/manager/billmgr'), text)
    return EXAMPLE_URLS.sub(sim.url, text)


def names_account(task):
    return any(isinstance(args, dict) and 'account' in args for key, args in task.items() if key.startswith('ispsystem.billmgr.'))


def as_administrator(example, text, env):
    """The task list ``text`` of ``example`` with each task that names a client ``account`` logged in as the
    administrator (an ``environment`` of the BILLMGR_* variables ``env``), the others as they are."""
    if not any(names_account(task) for task in example.data):
        return text
    starts = [match.start() for match in re.finditer(r'^- ', text, re.M)]
    assert len(starts) == len(example.data), '%s: a task that does not start a line with "- "' % example.where
    for start, task in reversed(list(zip(starts, example.data))):
        if names_account(task):
            assert 'environment' not in task, example.where
            text = '%s- environment: %s\n  %s' % (text[:start], json.dumps(env), text[start + 2:])
    return text


def first_failure(run):
    """The failed task and its message, or the output's end (a playbook that did not parse)."""
    for task in run.tasks:
        if task['outcome'] in ('failed', 'unreachable'):
            # A loop's own message is "One or more items failed": the items' say why.
            items = [str(item.get('msg')) for item in task['result'].get('results') or () if isinstance(item, dict) and item.get('failed')]
            return 'FIRST FAILURE: %s: %s' % (task['name'], '; '.join([str(task['result'].get('msg'))] + items)[:600])
    return 'FIRST FAILURE: %s %s' % (run.stdout[-1500:], run.stderr[-1500:])


def login(ansible, page):
    user = 'admin' if page in ADMIN_PAGES else SEEDED_PAGES.get(page, {}).get('user', 'alice')
    return user, ansible.connection_env(user)


# Pages whose plays run on the hosts of an inventory file, given with -i as the page's command line gives it.
PAGE_INVENTORIES = {'docs/renewals.md': 'examples/renew.billmgr.yml'}
# Pages whose examples name the catalogue of their own seed file (the page's ``# tests/billmgr/...`` example), and the
# user of that file they run as.
SEEDED_PAGES = {'docs/testing-your-playbooks.md': {'user': 'ci'}}


class Surroundings(object):
    """What a page's examples expect around them, as the page tells its reader to set it up: the simulator's switches,
    the variables it leaves to the reader (-e), the environment, and the processes its examples start."""

    def __init__(self, page, tmp_path):
        self.page, self.tmp_path = page, tmp_path
        self.switches, self.extra_vars, self.env = {}, {}, {}
        if page == 'README.md':  # the README starts the simulator with its user demo (--user demo=demo-secret)
            self.switches['users'] = ['demo=demo-secret']
        if page == 'docs/connecting.md':
            # Its two-factor example logs in as ops, with the password of the page's other examples (one
            # vault_billmgr_password) and the secret of ops's authenticator.
            self.switches.update(users=['ops=%s' % dict(seed.CLIENTS)['alice']], totp_users=['ops'])
            self.extra_vars['vault_billmgr_totp_secret'] = totp_secret('ops')
        if page in SEEDED_PAGES:
            seed_file = next(example for example in all_examples() if example.page == page and is_seed_file(example))
            project = tmp_path / 'project'
            path = project / seed_file.first_line[2:]
            path.parent.mkdir(parents=True)
            path.write_text(seed_file.text)
            self.switches['seed_file'] = str(path)
            # The molecule scenario's create and destroy playbooks, as molecule runs them: the scenario's directories,
            # and the simulator's port from the provisioner's env (a free one here: others may run this test too).
            (tmp_path / 'ephemeral').mkdir()
            self.env.update(MOLECULE_PROJECT_DIRECTORY=str(project), MOLECULE_EPHEMERAL_DIRECTORY=str(tmp_path / 'ephemeral'),
                            BILLMGR_SIM_PORT=str(free_port()))

    def started_pid(self):
        """The simulator a page's create playbook started and left running (its destroy playbook stops it), or None."""
        pid_file = self.tmp_path / 'ephemeral' / 'sim.pid'
        if not pid_file.exists():
            return None
        pid = int(pid_file.read_text().strip())
        try:
            state = (Path('/proc') / str(pid) / 'stat').read_text().rsplit(')', 1)[1].split()[0]
        except (OSError, IndexError):
            return None
        return None if state in ('Z', 'X') else pid  # a zombie has ended: nobody reaped it yet


def free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def test_every_example_is_run_or_listed_with_its_reason():
    examples = all_examples()
    listed = set((example.page, example.first_line) for example in examples)
    assert not set(NOT_RUN) - listed, 'NOT_RUN names examples that no longer exist: %s' % sorted(set(NOT_RUN) - listed)
    unknown = [example.where for example in runnable() if example.kind not in ('plays', 'tasks', 'inventory', 'inventory options')
               and not is_inventory_options(example) and not is_seed_file(example)]
    assert unknown == [], 'examples this test cannot run and NOT_RUN does not list: %s' % unknown
    assert len(NOT_RUN) <= 10 and len(examples) >= 60


def is_inventory_options(example):
    return example.page == 'docs/inventory.md' and example.kind == 'other' and isinstance(example.data, dict)


def is_seed_file(example):
    return example.first_line.startswith('# tests/billmgr/')


@pytest.fixture
def page_simulator(request, billmgr_sim_factory, tmp_path):
    """The simulator as the page starts it, an AnsibleRunner on it, and the page's Surroundings."""
    around = Surroundings(request.node.callspec.params['page'], tmp_path)
    sim = billmgr_sim_factory(**around.switches)
    runner = AnsibleRunner(tmp_path, sim)
    yield sim, runner, around
    leftover = around.started_pid()
    if leftover is not None:
        os.kill(leftover, signal.SIGTERM)
    assert leftover is None, 'the page\'s destroy playbook left the simulator its create playbook started running'
    assert runner.outside_connections() == [], runner.outside_connections()


@pytest.mark.parametrize('page', pages())
def test_the_examples_of_a_page_run_against_the_simulator(page_simulator, page):
    billmgr_sim, ansible, around = page_simulator
    examples = [example for example in runnable() if example.page == page and example.kind in ('plays', 'tasks')]
    user, env = login(ansible, page)
    env.update(around.env)
    admin = ansible.connection_env('admin')
    extra = ['-e', 'billmgr_url=%s' % billmgr_sim.url, '-e', 'billmgr_admin_password=%s' % admin['BILLMGR_PASSWORD']]
    for name in USER_VARS:
        extra += ['-e', '%s=%s' % (name, user)]
    for name in PASSWORD_VARS:
        extra += ['-e', '%s=%s' % (name, env['BILLMGR_PASSWORD'])]
    for name, value in around.extra_vars.items():
        extra += ['-e', '%s=%s' % (name, value)]
    if page in PAGE_INVENTORIES:
        extra += ['-i', str(ROOT / PAGE_INVENTORIES[page])]
    if page in INVENTORY_PAGES:
        inventory = ansible.workdir / 'simulator.billmgr.yml'
        inventory.write_text('plugin: ispsystem.billmgr.billmgr\n')  # the login of the BILLMGR_* variables
        extra += ['-i', str(inventory)]
    plays = []
    for example in examples:
        text = with_simulator(example.text, billmgr_sim)
        if example.kind == 'plays':
            plays.append(text)
        else:
            text = as_administrator(example, text, admin)
            plays.append('- name: "%s"\n  hosts: localhost\n  gather_facts: false\n  tasks:\n%s' % (
                example.where, textwrap.indent(text, '    ')))
    if page == 'README.md':
        # The first playbook as the README runs it first: check mode prints the cost once, with its currency once.
        check = ansible.playbook(with_simulator(examples[1].text, billmgr_sim), check=True, diff=True, env=env)
        assert check.rc == 0, check
        said = check.task('What the order would cost')['msg']
        assert re.fullmatch(r'The order would cost \d+(\.\d+)? RUB', said), said
    run = ansible.playbook('\n'.join(plays), extra_args=extra, env=env, timeout=600)
    assert run.rc == 0, first_failure(run)
    if page in PAGE_INVENTORIES:  # the plays on the inventory's hosts ran: they did not match no hosts
        assert set(task['host'] for task in run.tasks) - {'localhost'}, run.stdout
    assert 'RUB RUB' not in run.stdout, run.stdout
    # A password masked inside a word ("web.********.test", "********istrator"): the seeded passwords are no words.
    assert 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' not in run.stdout and not re.search(r'\w\*{4,}|\*{4,}\w', run.stdout), run.stdout


def test_the_inventory_examples_run_in_one_ansible_inventory(ansible, billmgr_sim, tmp_path):
    sources = []
    for index, example in enumerate(example for example in runnable() if example.kind == 'inventory' or is_inventory_options(example)):
        config = yaml.safe_load(with_simulator(example.text, billmgr_sim))
        config = dict({'plugin': 'ispsystem.billmgr.billmgr'}, **config)
        if 'cache_connection' in config:
            config['cache_connection'] = str(tmp_path / 'cache')  # the test's own, not the ~ of whoever runs it
        path = tmp_path / ('example%d.billmgr.yml' % index)
        path.write_text(yaml.safe_dump(config))
        sources += ['-i', str(path)]
    user, env = login(ansible, 'docs/inventory.md')
    # docs/inventory.md's first example reads alice's password from the variable it names.
    env.update(ALICE_BILLMGR_PASSWORD=ansible.connection_env('alice')['BILLMGR_PASSWORD'], ANSIBLE_INVENTORY_UNPARSED_FAILED='true',
               ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED='true')
    rc, data, _out, stderr = ansible.inventory({'plugin': 'ispsystem.billmgr.billmgr'}, extra_args=sources, env=env)
    assert rc == 0 and data['_meta']['hostvars'], stderr
    assert user == 'admin'


def test_the_seed_file_example_is_a_good_seed_file(tmp_path):
    example = next(example for example in all_examples() if is_seed_file(example))
    path = tmp_path / 'my-panel.yml'
    path.write_text(example.text)
    seedfile.load(str(path))
