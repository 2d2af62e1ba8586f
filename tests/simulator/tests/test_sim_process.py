"""The process: command line, fixtures, TLS, persistence across restarts, SIGTERM/SIGINT, populate."""

import json
import os
import signal
import ssl
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from billmgr_sim.testing import DB_NAME, start_simulator, totp_secret
from sim_helpers import ids, order_now, statuses


def run_cli(tmp_path, *args):
    return subprocess.Popen([sys.executable, '-m', 'billmgr_sim', '--port', '0', '--db', str(tmp_path / 'cli.sqlite')] + list(args),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def banner(process):
    lines = []
    while True:
        line = process.stdout.readline()
        lines.append(line)
        if line.strip().startswith('client: bob'):
            break
    extra = process.stdout.readline()  # the extra --user every caller passes
    return lines + [extra]


@pytest.mark.parametrize('signum', [signal.SIGTERM, signal.SIGINT])
def test_command_line_start_banner_and_clean_stop(tmp_path, signum):
    process = run_cli(tmp_path, '--user', 'carol=Secret7', '--fault', 'vds:http503')
    lines = banner(process)
    url = lines[0].split(' on ', 1)[1].strip()
    # BILLmanager 5 by default, on its own path (docs/connecting.md): the banner never pairs 5 with 6's URL (issue 36).
    assert url.startswith('http://127.0.0.1:') and url.endswith(':%s/manager/billmgr' % urllib.parse.urlsplit(url).port)
    text = ''.join(lines)
    assert lines[1] == '  panel: answers as BILLmanager 5, whose API path that is (--panel 6: BILLmanager 6, with the new cart ' \
                       'and its v2 order rules, on /billmgr)\n'
    assert lines[2] == '  also on %s (the path of BILLmanager 6): both paths answer alike\n' % url.replace('/manager/billmgr', '/billmgr')
    assert 'admin: admin / Adm-2f9c' in text and 'client: alice / Ali-6b1d' in text and 'client: carol / Secret7' in text
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(url + '?func=vds&authinfo=carol:Secret7', timeout=10)  # pylint: disable=consider-using-with
    assert info.value.code == 503
    with urllib.request.urlopen(url + '?func=vds&out=json&authinfo=carol:Secret7', timeout=10) as response:
        assert b'"p_elems":{"$":"0"}' in response.read()
    process.send_signal(signum)
    assert process.wait(timeout=10) == 0
    process.stdout.close()


def test_fixture_gives_a_running_simulator_on_a_free_port(billmgr_sim):
    assert billmgr_sim.url.startswith('http://127.0.0.1:') and billmgr_sim.ca_path is None
    assert os.path.exists(billmgr_sim.db_path) and os.path.exists(billmgr_sim.log_path)
    assert ids(billmgr_sim.call('vds', user='alice')) == [938, 958]


def test_state_survives_a_restart(billmgr_sim_factory):
    sim = billmgr_sim_factory(users=['dave=pw123'])
    new_id = order_now(sim, 'v2.vds.order.param', user='dave', pricelist=6, order_period=1)
    status, body = sim.raw_request({'func': 'auth', 'username': 'bob', 'password': 'Bob-8e4a', 'out': 'json'})
    session_id = json.loads(body)['doc']['auth']['$id']
    sim.advance_clock(600)
    sim.call('vds.delete', user='alice', elid=938, sok='ok')
    port = sim.port
    sim.restart()
    assert sim.port == port and status == 200
    assert ids(sim.call('vds', user='dave')) == [int(new_id)]
    assert sim.account('dave')['balance'] == 99500
    assert statuses(sim.call('vds', user='alice')) == {938: 4, 958: 2}  # the deletion too
    assert ids(sim.call('vds', user=None, auth=session_id)) == [5]
    assert float(sim.call('sim.clock')['doc']['offset']['$']) == 600


def test_tls(billmgr_sim_factory):
    sim = billmgr_sim_factory(tls=True)
    assert sim.url.startswith('https://') and os.path.exists(sim.ca_path)
    assert ids(sim.call('vds', user='alice')) == [938, 958]
    with pytest.raises(urllib.error.URLError) as info:
        urllib.request.urlopen(sim.url + '?func=vds', timeout=10)  # pylint: disable=consider-using-with
    assert isinstance(info.value.reason, ssl.SSLCertVerificationError)
    counters = sim.counters()
    assert counters['tls_handshakes'] >= 2 and counters['connections'] >= 3
    cert = open(sim.ca_path, 'rb').read()  # pylint: disable=consider-using-with,unspecified-encoding
    sim.restart()
    assert open(sim.ca_path, 'rb').read() == cert  # pylint: disable=consider-using-with,unspecified-encoding


def test_populate(tmp_path):
    db = str(tmp_path / DB_NAME)
    output = subprocess.run([sys.executable, '-m', 'billmgr_sim', 'populate', '--db', db, '--account', 'bob', '--vds', '50',
                             '--dedic', '20', '--vhost', '5', '--soft', '3'], check=True, capture_output=True, text=True).stdout
    assert 'added 50 vds, 20 dedic, 5 vhost, 3 soft to account bob' in output
    with pytest.raises(subprocess.CalledProcessError):
        subprocess.run([sys.executable, '-m', 'billmgr_sim', 'populate', '--db', db, '--account', 'nobody', '--vds', '1'],
                       check=True, capture_output=True)
    with start_simulator(tmp_path, populate={'account': 'bob', 'vds': 10}) as sim:  # the same database, once more
        counts = {t: int(sim.call(t, user='bob', p_cnt=1)['doc']['p_elems']['$']) for t in ('vds', 'dedic', 'vhost', 'soft')}
        assert counts == {'vds': 61, 'dedic': 20, 'vhost': 5, 'soft': 3}
        second = sim.call('vds', user='bob', p_cnt=1, p_num=2)['doc']['elem']['id']['$']
        form = sim.call('vds.edit', user='bob', elid=second)['doc']
        assert form['addon_11'] == {'$': '1024'} and form['status'] == {'$': '2'}


def test_startup_is_quick(tmp_path):
    started = time.monotonic()
    with start_simulator(tmp_path):
        assert time.monotonic() - started < 5


def test_tls_with_given_cert_and_key(tmp_path):
    from billmgr_sim.tlscert import ensure_self_signed  # pylint: disable=import-outside-toplevel
    cert, key = ensure_self_signed(str(tmp_path), '127.0.0.1')
    process = run_cli(tmp_path, '--tls', '--cert', cert, '--key', key, '--user', 'erin=pw')
    lines = banner(process)
    url = lines[0].split(' on ', 1)[1].strip()
    assert url.startswith('https://') and any(line.strip() == 'CA certificate: ' + cert for line in lines)
    context = ssl.create_default_context(cafile=cert)
    with urllib.request.urlopen(url + '?func=vds&out=json&authinfo=alice:Ali-6b1d', timeout=10, context=context) as response:
        assert b'"958"' in response.read()
    process.terminate()
    assert process.wait(timeout=10) == 0
    process.stdout.close()


def test_the_banner_prints_each_two_factor_users_secret(tmp_path):
    process = run_cli(tmp_path, '--user', 'carol=Secret7', '--totp-user', 'bob', '--totp-user', 'carol=jbswy3dpehpk3pxp')
    try:
        lines = banner(process) + [process.stdout.readline(), process.stdout.readline()]
    finally:
        process.terminate()
        process.wait(timeout=10)
    text = ''.join(lines)
    assert '  two-factor: bob, totp secret %s\n' % totp_secret('bob') in text, text
    assert '  two-factor: carol, totp secret JBSWY3DPEHPK3PXP\n' in text, text
