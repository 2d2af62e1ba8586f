"""Run ansible-playbook and ansible-inventory against a simulator, with ispsystem.billmgr taken from this checkout.

The integration tests and the benchmarks share it: both need the same isolated Ansible (its own
home, temp and collections path, results read back as data by the results_json callback).

    runner = AnsibleRunner(workdir, sim)
    run = runner.tasks('''
        - name: web
          ispsystem.billmgr.billmgr_service: {type: vds, id: 958}
    ''')
    assert run.rc == 0 and run.task('web')['changed'] is False
"""

import json
import os
import shlex
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path


def collection_root():
    """The collection tree under test: $BILLMGR_COLLECTION_ROOT (the collection's conftests set it to their own tree,
    e.g. the .build copy), else the checkout this package sits in (tests/simulator/billmgr_sim -> the root)."""
    configured = os.environ.get('BILLMGR_COLLECTION_ROOT')
    root = Path(configured) if configured else Path(__file__).resolve().parents[3]
    if not (root / 'galaxy.yml').is_file():
        raise RuntimeError('AnsibleRunner runs the ispsystem.billmgr collection of a checkout: set BILLMGR_COLLECTION_ROOT '
                           'to its root (%s has no galaxy.yml)' % root)
    return root


def __getattr__(name):
    # ROOT and CALLBACKS are looked up when used: the environment may name the tree after this module is imported.
    if name == 'ROOT':
        return collection_root()
    if name == 'CALLBACKS':
        return collection_root() / 'tests' / 'integration' / 'callback_plugins'
    raise AttributeError(name)


# Its sitecustomize.py makes the modules' runs cheaper, and their clock faster when asked (see its docstring).
MODULE_SITE = Path(__file__).resolve().parent / 'module_site'

TASKS_PLAY = '''\
- name: Tasks
  hosts: localhost
  gather_facts: false
  tasks:
{tasks}
'''


def task_list(yaml):
    """A task list given as (indented) YAML text, indented to sit under a play's ``tasks:``."""
    return textwrap.indent(textwrap.dedent(yaml).strip('\n'), '    ') + '\n'


def repeated(yaml, times):
    """A one-task list (YAML text) ``times`` over in one list, the copies named "NAME 1", "NAME 2", ...

    Each task is a module process of its own, as in a playbook run of its own: a module's re-runs
    for the price of one ansible-playbook start.
    """
    text = textwrap.dedent(yaml).strip('\n')
    first, _newline, rest = text.partition('\n')
    assert first.startswith('- name: '), 'the task list must start with its one task\'s name: %r' % first
    return '\n'.join('%s %d\n%s' % (first, number, rest) for number in range(1, times + 1)) + '\n'


class PlaybookRun:
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


def bytecode_cache():
    """The directory where module runs keep their compiled code: BILLMGR_TEST_BYTECODE_CACHE, else one of this
    user's own in the temporary directory (the code in it is run, so it must be no one else's)."""
    path = Path(os.environ.get('BILLMGR_TEST_BYTECODE_CACHE') or Path(tempfile.gettempdir()) / ('billmgr-test-bytecode-%d' % os.getuid()))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.stat()
    if info.st_uid != os.getuid() or info.st_mode & 0o022:
        raise RuntimeError('%s is not this user\'s own directory; set BILLMGR_TEST_BYTECODE_CACHE' % path)
    return path


def guard_ssh(directory):
    """An ssh for Ansible that connects nowhere (module_site/sitecustomize.py's fake_ssh), written into ``directory``."""
    path = Path(directory) / 'guard-bin' / 'ssh'
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('#!/bin/sh\nexec %s %s ssh "$@"\n' % (shlex.quote(sys.executable), shlex.quote(str(MODULE_SITE / 'sitecustomize.py'))))
    path.chmod(0o755)
    return path


class AnsibleRunner:
    """Runs ansible commands in ``workdir`` with ispsystem.billmgr resolved to the tree under test.

    ``clock_scale=N`` runs the modules on a clock N times as fast (module_site/sitecustomize.py): their
    sleeps and the timeouts they measure shrink together, so a test of waiting waits 1/N as long;
    ``real_seconds`` converts the modules' seconds to real ones.

    Every process a run starts has the network guard of module_site/sitecustomize.py: a connection or a
    look-up outside loopback fails and is listed by ``outside_connections()`` (ssh too: Ansible gets a stand-in).
    """

    def __init__(self, workdir, sim, home=None, clock_scale=None):
        self.workdir = Path(workdir)
        self.sim = sim
        (self.workdir / 'tmp').mkdir(parents=True, exist_ok=True)
        collections = self.workdir / 'collections'
        target = collections / 'ansible_collections' / 'ispsystem' / 'billmgr'
        target.parent.mkdir(parents=True)
        root = collection_root()
        target.symlink_to(root, target_is_directory=True)
        self.env = dict(os.environ)
        self.env.update({
            'ANSIBLE_COLLECTIONS_PATH': str(collections),
            'ANSIBLE_CALLBACK_PLUGINS': str(root / 'tests' / 'integration' / 'callback_plugins'),
            'ANSIBLE_CALLBACKS_ENABLED': 'results_json',
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_FORCE_COLOR': '0',
            'ANSIBLE_LOCAL_TEMP': str(self.workdir / 'tmp'),
            'ANSIBLE_HOME': str(self.workdir / 'ansible-home'),
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
            'ANSIBLE_LOCALHOST_WARNING': 'false',
            'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
            'PYTHONPATH': os.pathsep.join(filter(None, (str(MODULE_SITE), os.environ.get('PYTHONPATH')))),
            'BILLMGR_TEST_BYTECODE_CACHE': str(bytecode_cache()),
            'BILLMGR_TEST_LOOPBACK_ONLY': str(self.workdir / 'outside-connections.log'),
            'ANSIBLE_SSH_EXECUTABLE': str(guard_ssh(self.workdir)),
        })
        # A connection the caller's shell happens to export must not leak into a test's task.
        for name in ('BILLMGR_URL', 'BILLMGR_USERNAME', 'BILLMGR_PASSWORD', 'BILLMGR_SESSION', 'BILLMGR_TOTP_SECRET'):
            self.env.pop(name, None)
        if home is not None:
            # Inventory caches and anything else written "to ~" stay in the test's directory.
            Path(home).mkdir(parents=True, exist_ok=True)
            self.env['HOME'] = str(home)
        self.clock_scale = clock_scale
        if clock_scale:
            self.env['BILLMGR_TEST_CLOCK_SCALE'] = str(clock_scale)
        self.bin = Path(sys.executable).parent
        self._runs = 0

    def outside_connections(self):
        """What the runs so far tried to reach outside loopback (connections, look-ups, ssh): one line each."""
        record = Path(self.env['BILLMGR_TEST_LOOPBACK_ONLY'])
        return record.read_text(encoding='utf-8').splitlines() if record.exists() else []

    def real_seconds(self, seconds):
        """How long ``seconds`` by the modules' clock take in real time."""
        return seconds / self.clock_scale if self.clock_scale else seconds

    def connection(self, user='alice', password=None):
        """Connection options for a module task or an inventory file."""
        return {'url': self.sim.url, 'username': user, 'password': self._password(user, password)}

    def connection_env(self, user='alice', password=None, url=None):
        """The BILLMGR_* variables a task falls back to when it names no connection of its own."""
        return {'BILLMGR_URL': url or self.sim.url, 'BILLMGR_USERNAME': user, 'BILLMGR_PASSWORD': self._password(user, password)}

    def _password(self, user, password):
        if password is not None:
            return password
        return getattr(self.sim, 'passwords', {}).get(user, user)

    def tasks(self, yaml, user='alice', password=None, url=None, check=False, diff=False, env=None, **kwargs):
        """Run a task list (YAML text) on localhost as ``user``, connected through the BILLMGR_* environment.

        ``env`` adds to (or overrides) that environment; the other keywords go to ``playbook``.
        """
        run_env = self.connection_env(user, password, url)
        run_env.update(env or {})
        return self.playbook(TASKS_PLAY.format(tasks=task_list(yaml)), env=run_env, check=check, diff=diff, **kwargs)

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
