"""Seed files (--seed, seedfile.py): one's own catalogue and users, checked with FILE:LINE: key.path errors."""

import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing

import pytest

from billmgr_sim import db, seedfile
from billmgr_sim.app import Application
from billmgr_sim.testing import as_list, start_simulator, text

PANEL = textwrap.dedent('''\
    datacenters:
      - {id: 3, name: Moscow}
      - {id: 4, name: Novosibirsk, name_ru: Новосибирск}
    addons:
      - {id: 101, name: RAM, type: integer, unit: MB, price: 0.25}
      - {id: 102, name: IPv6, type: boolean, price: 50}
      - id: 103
        name: Control panel
        type: enum
        items: [{id: 1031, name: None}, {id: 1032, name: ISPmanager Lite, price: 400}]
    tariffs:
      - id: 77
        type: vds
        name: Cloud S
        price: 390
        periods: [1, 12]
        datacenters: [3, 4]
        addons:
          - {id: 101, min: 1024, max: 8192, step: 1024, included: 2048}
          - {id: 102, included: off}
          - {id: 103, included: 1031}
      - {id: 78, type: vds, name: Cloud M, price: 790.50, periods: [-100, 1, 3], datacenters: [3]}
      - {id: 79, type: soft, name: Panel licence, price: 100, periods: [1]}
      - {id: 80, type: vds, name: Cloud Old, price: 100, periods: [1], datacenters: [3], archived: true}
    users:
      - {name: root, password: s3cret-root, admin: true}
      - {name: dev, password: dev-pw, balance: 1500}
      - {name: ops, password: 1234}
    ''')


def write(tmp_path, content, name='panel.yml'):
    path = tmp_path / name
    path.write_text(content, encoding='utf-8')
    return path


def test_a_seed_file_is_the_panel_catalogue_and_users(tmp_path):
    with start_simulator(tmp_path / 'sim', seed_file=write(tmp_path, PANEL)) as sim:
        export = sim.call('pricelist.export', user='dev')['doc']
        tariffs = {text(item['id']): item for item in as_list(export.get('pricelist'))}
        assert sorted(tariffs) == ['77', '78', '79', '80']  # no demo tariff
        assert [period['$cost'] for period in tariffs['77']['price']['period']] == ['390.0000', '4680.0000']
        assert sorted(text(dc['id']) for dc in as_list(tariffs['77']['datacenter'])) == ['3', '4']
        addons = {text(addon['id']): addon for addon in as_list(tariffs['77']['addon'])}
        assert text(addons['101']['addonlimit']) == '2048' and text(addons['101']['addonstep']) == '1024'
        available = sim.call('pricelist.export', user='dev', onlyavailable='on')['doc']
        assert '80' not in [text(item['id']) for item in as_list(available.get('pricelist'))]  # archived
        assert sim.account('dev')['balance'] == 1500.0 and sim.account('ops')['balance'] == 100000.0
        assert sim.call('whoami', user='root')['doc'].get('error') is None
        assert sim.call('vds', user='root')['doc'].get('elem') is None  # no demo services
        refused = sim.call('whoami', user='alice', password='Ali-6b1d')['doc']
        assert refused['error']['$type'] == 'auth'  # the demo users are not there either
        sim.reset()  # a reset seeds the file's panel again
        assert sorted(text(item['id']) for item in as_list(sim.call('pricelist.export', user='dev')['doc']['pricelist'])) == \
            ['77', '78', '79', '80']


def test_a_seed_file_service_can_be_ordered(tmp_path):
    with start_simulator(tmp_path / 'sim', seed_file=write(tmp_path, PANEL)) as sim:
        doc = sim.call('vds.order.param', user='dev', pricelist=77, period=1, datacenter=4, domain='s.dev.test',
                       skipbasket='on', sok='ok', clicked_button='finish', addon_101=4096, addon_102='on')['doc']
        assert doc.get('error') is None, doc
        # 390 + 2048 MB over the included ones at 0.25 + IPv6 50
        assert sim.account('dev')['balance'] == pytest.approx(1500 - 390 - 2048 * 0.25 - 50)


def test_without_users_the_demo_users_are_seeded(tmp_path):
    panel = PANEL[:PANEL.index('users:')]
    with start_simulator(tmp_path / 'sim', seed_file=write(tmp_path, panel)) as sim:
        assert sim.account('alice')['balance'] == 100000.0
        assert sim.call('whoami', user='admin')['doc'].get('error') is None


# (what replaces what in PANEL, the line the error names, the message it starts with after FILE:LINE: )
BAD = [
    (('periods: [1, 12]', 'periods: [1, -7]'), 16, 'tariffs[0].periods[1]: not a period code'),
    (('price: 390', 'prise: 390'), 15, 'tariffs[0].prise: unknown key'),
    (('datacenters: [3, 4]', 'datacenters: [3, 9]'), 17, 'tariffs[0].datacenters[1]: no datacenter 9 in the datacenters list'),
    (('included: 2048}', 'included: 9000}'), 19, 'tariffs[0].addons[0].included: must be at most max (8192), got 9000'),
    (('{id: 102, included: off}', '{id: 102, included: 1}'), 20, 'tariffs[0].addons[1].included: a boolean add-on is on or off'),
    (('{id: 103, included: 1031}', '{id: 103, included: 171}'), 21, 'tariffs[0].addons[2].included: not an item of add-on 103'),
    (('{id: 78, type', '{id: 77, type'), 22, 'tariffs[1].id: duplicate tariff id 77'),
    (('price: 790.50', 'price: 790.505'), 22, 'tariffs[1].price: a price is a number of RUB'),
    (('periods: [-100, 1, 3]', 'periods: [-50, 1]'), 22, 'tariffs[1].periods: a daily (-50) tariff has no other period'),
    (('periods: [-100, 1, 3]', 'periods: [-100]'), 22, 'tariffs[1].periods: a trial (-100) needs a period'),
    (('price: 100, periods: [1]}', 'price: 100, periods: [1], datacenters: [3]}'), 23,
     'tariffs[2].datacenters: a licence (soft) has no datacenter'),
    (('type: vds, name: Cloud Old', 'type: vps, name: Cloud Old'), 24, 'tariffs[3].type: one of vhost, vds, dedic, soft, platform'),
    (('admin: true}', 'admin: true, balance: 5}'), 26, 'users[0].balance: an admin has no account'),
    (('{name: ops, password: 1234}', '{name: dev, password: x}'), 28, "users[2].name: duplicate user 'dev'"),
    (('admin: true}', 'admin: false}'), 26, 'users: at least one user is an admin'),
    (('type: enum', 'type: enumeration'), 9, 'addons[2].type: one of integer, boolean, enum'),
    (('{id: 102, name: IPv6, type: boolean, price: 50}', '{id: 102, name: IPv6, type: boolean}'), 6,
     "addons[1]: missing key 'price'"),
    (('{id: 3, name: Moscow}', '{id: 3, name: Moscow'), 3, 'not valid YAML'),
    # Numbers SQLite cannot store, and money that is no amount (issue 32): refused before anything is written.
    (('{id: 78, type', '{id: 1180591620717411303424, type'), 22, 'tariffs[1].id: must be at most 9223372036854775807'),
    (('{id: 3, name: Moscow}', '{id: 9223372036854775808, name: Moscow}'), 2, 'datacenters[0].id: must be at most'),
    (('{id: 1031, name: None}', '{id: 18446744073709551616, name: None}'), 10, 'addons[2].items[0].id: must be at most'),
    (('max: 8192', 'max: 1180591620717411303424'), 19, 'tariffs[0].addons[0].max: must be at most'),
    (('price: 790.50', 'price: .nan'), 22, 'tariffs[1].price: a price is a number of RUB from 0 to 1000000000'),
    (('price: 790.50', 'price: .inf'), 22, 'tariffs[1].price: a price is a number of RUB from 0 to 1000000000'),
    (('price: 0.25}', 'price: 1.0e+30}'), 5, 'addons[0].price: a price is a number of RUB from 0 to 1000000000'),
    (('price: 400}', 'price: 1180591620717411303424}'), 10, 'addons[2].items[1].price: a price is a number of RUB'),
    (('balance: 1500}', 'balance: .nan}'), 27, 'users[1].balance: a price is a number of RUB from 0 to 1000000000'),
    (('balance: 1500}', 'balance: -1500}'), 27, 'users[1].balance: a price is a number of RUB from 0 to 1000000000'),
    (('periods: [1, 12]', 'periods: [1, 1000000]'), 16, 'tariffs[0].periods[1]: must be at most 1200'),
    (('{id: 3, name: Moscow}', '{id: 3, name: "Mos\\ud800cow"}'), 2, "datacenters[0].name: not text: 'Mos\\ud800cow' has"),
]


@pytest.mark.parametrize('replace, line, message', BAD, ids=[case[2].split(':')[0] + '-%d' % n for n, case in enumerate(BAD)])
def test_a_bad_seed_file_names_file_line_and_key(tmp_path, replace, line, message):
    old, new = replace
    assert PANEL.count(old) == 1
    path = write(tmp_path, PANEL.replace(old, new))
    with pytest.raises(seedfile.SeedFileError) as info:
        seedfile.load(path)
    assert str(info.value).startswith('%s:%d: %s' % (path, line, message)), str(info.value)


@pytest.mark.parametrize('content, message', [
    ('', 'the file is empty'),
    ('datacenters: []\n', "missing key 'tariffs'"),
    ('- 1\n', 'expected a mapping'),
    ('tariffs: []\n', 'tariffs: expected a non-empty list'),
])
def test_a_seed_file_without_tariffs_is_refused(tmp_path, content, message):
    with pytest.raises(seedfile.SeedFileError, match=message):
        seedfile.load(write(tmp_path, content))


def test_the_command_refuses_a_bad_seed_file_in_one_line_before_any_write(tmp_path):
    path = write(tmp_path, PANEL.replace('periods: [1, 12]', 'periods: [1, -7]'))
    db = tmp_path / 'db' / 'sim.sqlite'
    result = subprocess.run([sys.executable, '-m', 'billmgr_sim', 'serve', '--port', '0', '--db', str(db), '--seed', str(path)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2 and result.stdout == ''
    assert result.stderr == 'billmgr-sim: error: %s:16: tariffs[0].periods[1]: not a period code: months (1, 3, 12, ...),' \
        ' -100 trial, -50 daily or 0 one-time\n' % path
    assert not db.parent.exists()


def test_a_number_sqlite_cannot_store_is_one_line_and_writes_nothing(tmp_path):
    """Issue 32: a tariff id of 2**70 was a traceback after half the database was written, and the next start served
    that empty database as if seeded."""
    path = write(tmp_path, PANEL.replace('{id: 78, type', '{id: %d, type' % 2 ** 70))
    db = tmp_path / 'db' / 'sim.sqlite'
    command = [sys.executable, '-m', 'billmgr_sim', 'serve', '--port', '0', '--db', str(db), '--seed', str(path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert (result.returncode, result.stdout) == (2, '')
    assert result.stderr == 'billmgr-sim: error: %s:22: tariffs[1].id: must be at most 9223372036854775807, got %d\n' \
        % (path, 2 ** 70)
    assert not db.parent.exists()


def unwritable_panel(tmp_path):
    """A checked panel with a row SQLite refuses: a write that fails after the checks, half-way through the catalogue."""
    panel = seedfile.load(write(tmp_path, PANEL))
    panel.tariffs[-1] = (2 ** 70,) + panel.tariffs[-1][1:]
    return panel


def test_a_failed_write_leaves_no_database(tmp_path):
    db_path = tmp_path / 'sim.sqlite'
    with pytest.raises(OverflowError):
        Application(str(db_path), panel_seed=unwritable_panel(tmp_path))
    assert sorted(path.name for path in tmp_path.iterdir()) == ['panel.yml']  # no database, no -wal or -shm beside it


def test_a_failed_write_leaves_an_existing_file_as_it_was(tmp_path):
    db_path = tmp_path / 'sim.sqlite'
    sqlite3.connect(db_path).close()  # an empty database, as `sqlite3 FILE .quit` leaves it
    with pytest.raises(OverflowError):
        Application(str(db_path), panel_seed=unwritable_panel(tmp_path))
    with closing(db.connect(str(db_path))) as conn:
        assert not db.is_initialised(conn)  # so the next start seeds it, instead of serving it empty


def start_banner(db_path, *args):
    """What ``serve`` prints on ``db_path`` before it serves, and its exit status when stopped there."""
    command = [sys.executable, '-m', 'billmgr_sim', 'serve', '--port', '0', '--db', str(db_path)] + list(args)
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        # Its first line is printed after SIGTERM's handler is set: stopped then, it prints the rest and exits.
        first = process.stdout.readline()
        process.terminate()
        rest = process.stdout.read()
        process.wait(timeout=30)
    return first + rest, process.returncode


def test_the_start_announces_the_users_of_the_database(tmp_path):
    """A database left without users (what issue 32's half-write left) is not announced with the demo users."""
    db_path = tmp_path / 'sim.sqlite'
    with closing(db.connect(str(db_path))) as conn:
        conn.executescript(db.SCHEMA)
        db.set_meta(conn, 'clock_offset', 0)
    output, status = start_banner(db_path)
    assert status == 0, output
    assert '  users: none\n' in output and 'admin' not in output and 'alice' not in output, output
    db_path.unlink()
    start_banner(db_path, '--user', 'carol=pw')  # a new database with carol
    output, status = start_banner(db_path)  # started again without --user: carol is there, her password unknown
    assert status == 0 and '  admin: admin / Adm-2f9c\n  client: alice / Ali-6b1d\n  client: bob / Bob-8e4a\n  client: carol\n' in output


def test_a_missing_seed_file_is_one_line(tmp_path):
    result = subprocess.run([sys.executable, '-m', 'billmgr_sim', '--port', '0', '--db', str(tmp_path / 'x.sqlite'),
                             '--seed', str(tmp_path / 'nope.yml')], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert result.stderr == 'billmgr-sim: error: %s: cannot read the seed file: No such file or directory\n' % (tmp_path / 'nope.yml')


def test_populate_refuses_a_seeded_panel_without_the_demo_tariffs(tmp_path):
    with start_simulator(tmp_path / 'sim', seed_file=write(tmp_path, PANEL)) as sim:
        db_path = sim.db_path
    result = subprocess.run([sys.executable, '-m', 'billmgr_sim', 'populate', '--db', db_path, '--account', 'dev', '--vds', '3'],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2 and 'Traceback' not in result.stderr
    assert result.stderr == 'billmgr-sim: error: populate adds services of the demo tariffs (vds 6); this database has none of vds\n'
