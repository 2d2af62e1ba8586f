"""The command line's own promises: --version, --help for every option, one-line errors when it cannot start."""

import argparse
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import billmgr_sim
from billmgr_sim import cli

# tests/simulator/tests -> the collection's root (the checkout, or the .build copy of it)
GALAXY_YML = Path(__file__).resolve().parents[3] / 'galaxy.yml'


def run(*args, timeout=60, **kwargs):
    return subprocess.run([sys.executable, '-m', 'billmgr_sim'] + [str(arg) for arg in args], capture_output=True, text=True,
                          timeout=timeout, check=False, **kwargs)


def assert_one_line_error(result, expected):
    assert result.returncode == 2, result
    assert 'Traceback' not in result.stderr
    assert result.stderr.count('\n') == 1 and result.stderr.startswith('billmgr-sim: error: '), result.stderr
    assert re.search(expected, result.stderr), result.stderr


def test_the_version_is_the_collections():
    galaxy_version = re.search(r'^version:\s*(\S+)', GALAXY_YML.read_text(encoding='utf-8'), re.M).group(1)
    assert billmgr_sim.__version__ == galaxy_version
    result = run('--version')
    assert (result.returncode, result.stdout) == (0, 'billmgr-sim %s\n' % galaxy_version)


def test_the_package_declares_the_collections_licence():
    import tomllib  # pylint: disable=import-outside-toplevel
    licences = re.search(r'^license:\n((?:  - .*\n)+)', GALAXY_YML.read_text(encoding='utf-8'), re.M).group(1).split()
    project = tomllib.loads((Path(billmgr_sim.__file__).resolve().parents[1] / 'pyproject.toml').read_text(encoding='utf-8'))['project']
    assert licences == ['-', 'GPL-3.0-or-later'] and project['license'] == {'text': 'GPL-3.0-or-later'}
    assert 'License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)' in project['classifiers']


def test_help_names_the_commands_and_explains_every_option():
    result = run('--help')
    assert result.returncode == 0
    assert re.search(r'^\s+serve\s+start the simulator', result.stdout, re.M)
    assert re.search(r'^\s+populate\s+add active services', result.stdout, re.M)
    parser = cli.build_parser()
    commands = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))  # pylint: disable=protected-access
    assert sorted(commands.choices) == ['populate', 'serve']
    for name, command in commands.choices.items():
        for action in command._actions:  # pylint: disable=protected-access
            assert action.help and action.help != argparse.SUPPRESS, (name, action.option_strings)
        shown = run(name, '--help')
        assert shown.returncode == 0
        for action in command._actions:  # pylint: disable=protected-access
            assert action.option_strings[-1] in shown.stdout


def test_no_command_is_serve_and_no_arguments_is_the_help():
    result = run()
    assert result.returncode == 2 and result.stderr.startswith('usage: billmgr-sim')
    assert_one_line_error(run('serve', '--port', '0', '--db', '/dev/null/x.sqlite'), 'cannot create the directory')
    assert 'the following arguments are required: --db' in run('--port', '0').stderr


def test_a_port_in_use_is_one_line_and_writes_nothing(tmp_path):
    with socket.socket() as taken:
        taken.bind(('127.0.0.1', 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run('serve', '--port', port, '--db', tmp_path / 'db' / 'sim.sqlite')
    assert_one_line_error(result, r'port %d on 127\.0\.0\.1 is already in use' % port)
    assert not (tmp_path / 'db').exists()


@pytest.mark.parametrize('case', ['directory', 'under-a-file', 'not-a-database'])
def test_a_database_that_cannot_be_used_is_one_line(tmp_path, case):
    db = {'directory': tmp_path, 'under-a-file': tmp_path / 'file' / 'sim.sqlite', 'not-a-database': tmp_path / 'file'}[case]
    (tmp_path / 'file').write_text('not sqlite\n', encoding='utf-8')
    expected = {'directory': 'is a directory', 'under-a-file': 'cannot create the directory of the database',
                'not-a-database': 'file is not a database'}[case]
    assert_one_line_error(run('--port', '0', '--db', db), expected)
    assert sorted(os.listdir(tmp_path)) == ['file']  # no log next to it


def test_a_read_only_database_is_one_line(tmp_path):
    """The file exists and can be read, but not written (as root, run the command as nobody to make that so)."""
    workdir = Path(tempfile.mkdtemp(prefix='billmgr-sim-ro-'))  # outside pytest's private tmp_path, for nobody
    try:
        workdir.chmod(0o755)
        db = workdir / 'sim.sqlite'
        sqlite3.connect(db).close()
        assert run('populate', '--db', db).returncode == 0  # seeded: a real database
        db.chmod(0o444)
        kwargs = {}
        if os.geteuid() == 0:
            if shutil.which('setpriv') is None:
                pytest.skip('running as root without setpriv: no way to make a file read-only here')
            command = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', sys.executable, '-m', 'billmgr_sim']
            result = subprocess.run(command + ['--port', '0', '--db', str(db)], capture_output=True, text=True, timeout=60,
                                    check=False, cwd='/', **kwargs)
        else:
            result = run('--port', '0', '--db', db)
        assert_one_line_error(result, 'cannot use the database %s: attempt to write a readonly database' % re.escape(str(db)))
        assert sorted(os.listdir(workdir)) == ['sim.sqlite']
    finally:
        shutil.rmtree(workdir)


def test_a_user_that_is_already_seeded_is_refused(tmp_path):
    assert_one_line_error(run('--port', '0', '--db', tmp_path / 'sim.sqlite', '--user', 'alice=other'),
                          '--user alice: a seeded user already has that name')


def test_cert_without_tls_is_refused(tmp_path):
    assert_one_line_error(run('--port', '0', '--db', tmp_path / 'sim.sqlite', '--cert', tmp_path / 'c.pem'),
                          '--cert and --key need --tls')


# Bad values of every option that takes one (issue 32): one line, exit status 2, nothing written.
BAD_SERVE_OPTIONS = [
    (['--renewal-window', '-5'], r"argument --renewal-window: days from 0 to 36500, got '-5'$"),
    (['--renewal-window', 'abc'], r"argument --renewal-window: days from 0 to 36500, got 'abc'$"),
    (['--renewal-window', '99999999999'], r"argument --renewal-window: days from 0 to 36500, got '99999999999'$"),
    (['--authinfo-allow', 'not-a-cidr'], r"argument --authinfo-allow: 'not-a-cidr' does not appear to be an IPv4 or IPv6 network$"),
    (['--captcha-from', '999.1.1.1/8'], r"argument --captcha-from: '999.1.1.1/8' does not appear to be an IPv4 or IPv6 network$"),
    (['--totp-user', 'bob=not base32!'], r"argument --totp-user: 'not base32!' is not a base32 secret \(letters A-Z, digits 2-7\)$"),
    (['--totp-user', '=ABCDEFGH'], r"argument --totp-user: '=ABCDEFGH' names no user$"),
    (['--port', 'abc'], r"argument --port: a port from 0 to 65535, got 'abc'$"),
    (['--port', '70000'], r"argument --port: a port from 0 to 65535, got '70000'$"),
    (['--processing-delay', 'nan'], r"argument --processing-delay: seconds from 0 to 86400, got 'nan'$"),
    (['--processing-delay', '-1'], r"argument --processing-delay: seconds from 0 to 86400, got '-1'$"),
    (['--slow-seconds', 'inf'], r"argument --slow-seconds: seconds from 0 to 86400, got 'inf'$"),
    (['--slow-seconds', 'abc'], r"argument --slow-seconds: seconds from 0 to 86400, got 'abc'$"),
    (['--panel', '7'], r"argument --panel: invalid choice: 7"),
    (['--fault', 'vds:nope'], r"argument --fault: unknown fault kind 'nope'"),
    (['--user', 'carol'], r"argument --user: expected NAME=PASSWORD$"),
    (['--user', 'carol=a', '--user', 'carol=b'], r"--user carol: given twice$"),
    (['--host', 'ä' * 70], r"argument --host: 'ä+' is not a host name: "),  # refused by its encoding, before any lookup
    (['--nope'], r"unrecognized arguments: --nope$"),
]


@pytest.mark.parametrize('options, expected', BAD_SERVE_OPTIONS, ids=[' '.join(case[0])[:30] for case in BAD_SERVE_OPTIONS])
def test_a_bad_serve_option_is_one_line_and_writes_nothing(tmp_path, options, expected):
    assert_one_line_error(run('serve', '--port', '0', '--db', tmp_path / 'db' / 'sim.sqlite', *options), expected)
    assert not (tmp_path / 'db').exists()


BAD_POPULATE_OPTIONS = [
    (['--vds', '-1'], r"argument --vds: a count from 0 to 1000000, got '-1'$"),
    (['--dedic', 'abc'], r"argument --dedic: a count from 0 to 1000000, got 'abc'$"),
    (['--soft', '10000000000000'], r"argument --soft: a count from 0 to 1000000, got '10000000000000'$"),
    (['--vds', '1', '--account', 'nobody'], r"no account named 'nobody'$"),
    (['--db', '{tmp}'], r'the database .* is a directory'),
    (['--db', '{tmp}/file'], r'cannot use the database .*: file is not a database$'),
    (['--db', '{tmp}/file/sim.sqlite'], r'cannot create the directory of the database'),
]


@pytest.mark.parametrize('options, expected', BAD_POPULATE_OPTIONS, ids=[' '.join(case[0]) for case in BAD_POPULATE_OPTIONS])
def test_a_bad_populate_option_is_one_line(tmp_path, options, expected):
    (tmp_path / 'file').write_text('not sqlite\n', encoding='utf-8')
    options = [option.format(tmp=tmp_path) for option in options]
    assert_one_line_error(run('populate', '--db', tmp_path / 'sim.sqlite', *options), expected)


def test_tls_without_openssl_is_one_line(tmp_path):
    result = run('--port', '0', '--db', tmp_path / 'sim.sqlite', '--tls', env=dict(os.environ, PATH=str(tmp_path / 'no-bin')))
    assert_one_line_error(result, 'cannot make a certificate with openssl')
