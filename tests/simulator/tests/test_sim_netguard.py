"""The network guard of module_site/sitecustomize.py, which every AnsibleRunner run has (issue 36): it catches a
connection, a name look-up and an ssh outside loopback, in the test's own processes and in Ansible's."""

import os
import socket
import subprocess
import sys

import pytest

from billmgr_sim.playbook import MODULE_SITE, AnsibleRunner

# A process with the guard, doing what the script says; the record file is the only thing the test reads.
PROBE = '''
import socket, sys
def attempt(what, action):
    try:
        action()
        print(what, 'ok')
    except OSError as exc:
        print(what, 'refused' if 'network guard' in str(exc) else 'failed: %s' % exc)
attempt('outside', lambda: socket.create_connection(('192.0.2.1', 9), timeout=1))
attempt('lookup', lambda: socket.getaddrinfo('billing.example.com', 443))
attempt('byname', lambda: socket.gethostbyname('example.org'))
attempt('ex', lambda: socket.socket().connect_ex(('198.51.100.3', 80)))
attempt('v6', lambda: socket.socket(socket.AF_INET6).connect(('2001:db8::1', 22, 0, 0)))
attempt('loopback', lambda: socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5).close())
attempt('localhost', lambda: socket.getaddrinfo('localhost', 80))
'''


def guarded_env(record):
    return dict(os.environ, PYTHONPATH=str(MODULE_SITE), BILLMGR_TEST_LOOPBACK_ONLY=str(record))


def test_the_guard_refuses_and_records_everything_outside_loopback(tmp_path):
    listener = socket.create_server(('127.0.0.1', 0))
    record = tmp_path / 'outside.log'
    try:
        result = subprocess.run([sys.executable, '-c', PROBE, str(listener.getsockname()[1])], env=guarded_env(record),
                                capture_output=True, text=True, timeout=60, check=True)
    finally:
        listener.close()
    assert result.stdout.split('\n')[:-1] == ['outside refused', 'lookup refused', 'byname refused', 'ex refused', 'v6 refused',
                                              'loopback ok', 'localhost ok'], result
    lines = record.read_text().splitlines()
    assert [line.split(': ', 1)[1] for line in lines] == [
        "a connection to ('192.0.2.1', 9)", "a look-up of 'billing.example.com'", "a look-up of 'example.org'",
        "a connection to ('198.51.100.3', 80)", "a connection to ('2001:db8::1', 22, 0, 0)"]


def test_without_the_variable_nothing_is_guarded(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(MODULE_SITE))
    env.pop('BILLMGR_TEST_LOOPBACK_ONLY', None)
    code = 'import socket; print(socket.getaddrinfo.__module__)'
    assert subprocess.run([sys.executable, '-c', code], env=env, capture_output=True, text=True, check=True).stdout.strip() == 'socket'
    env['BILLMGR_TEST_LOOPBACK_ONLY'] = str(tmp_path / 'outside.log')
    assert subprocess.run([sys.executable, '-c', code], env=env, capture_output=True, text=True, check=True).stdout.strip() == 'sitecustomize'


@pytest.mark.parametrize('args, outside', [
    (['-o', 'ControlMaster=auto', '-p', '22', 'root@192.0.2.7', '/bin/sh', '-c', 'true'], "'192.0.2.7'"),
    (['-C', '-o', 'User=root', 'web.example.com', 'true'], "'web.example.com'"),
    (['-o', 'Port=22', '127.0.3.190', 'true'], None),
])
def test_the_ssh_stand_in_connects_nowhere_and_records_hosts_outside_loopback(tmp_path, args, outside):
    record = tmp_path / 'outside.log'
    result = subprocess.run([sys.executable, str(MODULE_SITE / 'sitecustomize.py'), 'ssh'] + args, env=guarded_env(record),
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 255 and 'refused by the test network guard' in result.stderr
    assert (record.read_text().splitlines()[0].endswith('an ssh connection to %s' % outside) if outside else not record.exists())


def test_an_ansible_run_is_guarded_in_its_module_processes_and_its_ssh(tmp_path):
    """A deliberate outside connection in a module (uri) and over ssh (wait_for_connection): both caught and listed."""
    runner = AnsibleRunner(tmp_path, sim=None)
    run = runner.playbook('''
        - hosts: localhost
          gather_facts: false
          tasks:
            - name: outside
              ansible.builtin.uri: {url: "http://192.0.2.1:8080/", timeout: 2}
              ignore_errors: true
            - name: a host outside
              ansible.builtin.add_host: {name: far, ansible_host: 192.0.2.9, ansible_connection: ssh}
            - name: ssh
              ansible.builtin.wait_for_connection: {timeout: 1, sleep: 1}
              delegate_to: far
              ignore_errors: true
    ''')
    assert run.rc == 0, run
    found = runner.outside_connections()
    assert any("a connection to ('192.0.2.1', 8080)" in line for line in found), found
    assert any("an ssh connection to '192.0.2.9'" in line for line in found), found
