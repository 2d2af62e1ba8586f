"""sim.counters, sim.clock, sim.account, sim.processing, sim.reset and the access log."""

import http.client
import urllib.parse

import pytest

from billmgr_sim.testing import listed
from sim_helpers import elems, error_of, ids


def test_counters_per_func_user_and_elems(sim):
    sim.reset_counters()
    sim.call('vds', user='alice')
    sim.call('vds', user='alice')
    sim.call('dedic', user='bob')
    sim.call('vds', user='bob', password='wrong')
    counters = sim.counters()
    assert counters['func'] == {'vds': 3, 'dedic': 1}
    assert counters['user'] == {'alice': 2, 'bob': 2}
    assert counters['auth_failures'] == {'bob': 1}
    assert counters['requests'] == 4
    assert counters['elems'] == 4 and counters['elems_by_func'] == {'vds': 4}
    assert counters['connections'] == 5  # four calls and the counters call itself, one connection each
    sim.reset_counters()
    assert sim.counters()['func'] == {}


def test_keep_alive_connections_are_counted_once(sim):
    sim.reset_counters()
    split = urllib.parse.urlsplit(sim.url)
    connection = http.client.HTTPConnection(split.hostname, split.port, timeout=10)
    for dummy in range(3):
        connection.request('POST', split.path, body='func=vds&authinfo=alice%3Aalice',
                           headers={'Content-Type': 'application/x-www-form-urlencoded'})
        assert connection.getresponse().read()
    connection.close()
    counters = sim.counters()
    assert counters['func'] == {'vds': 3} and counters['connections'] == 2


def test_control_functions_are_admin_only(sim):
    for func in ('sim.counters', 'sim.counters.reset', 'sim.clock', 'sim.account', 'sim.processing', 'sim.reset', 'sim.fault'):
        assert error_of(sim.call(func, user='alice', name='alice')) == ('access', func)


def test_clock_and_account(sim):
    today = sim.call('sim.clock')['doc']['today']['$']
    later = sim.advance_clock(86400 * 3)
    assert later > today
    sim.set_balance('bob', 12.5)
    assert sim.account('bob') == {'balance': 12.5, 'expenses': []}
    assert error_of(sim.call('sim.account', name='nobody')) == ('value', 'name')


def test_reset_restores_the_demo(sim):
    sim.call('vds.delete', user='alice', elid=938, sok='ok')
    sim.advance_clock(86400)
    sim.set_fault('vds', 'http503')
    sim.reset()
    assert ids(sim.call('vds', user='alice')) == [938, 958]
    assert sim.call('sim.clock')['doc']['offset']['$'] == '0.000'


def test_access_log_has_no_secrets(sim):
    session = sim.call('auth', user=None, username='alice', key='x' * 16)  # a failing key login
    assert error_of(session) == ('auth', 'badpassword')
    sim.call('vds.edit', elid=958, userpassword='TopSecret1', sok='ok')
    sim.raw_request({'func': 'auth', 'username': 'alice', 'password': 'Ali-6b1d'})
    sim.call('vds', user='alice', password='WrongPass9')
    with open(sim.log_path, encoding='utf-8') as log:
        text = log.read()
    assert 'func=vds.edit user=admin status=200 result=ok' in text
    assert 'func=vds user=alice status=200 result=error:auth:badpassword' in text
    for secret in ('TopSecret1', 'WrongPass9', 'alice:Ali-6b1d', 'admin:Adm-2f9c', 'xxxxxxxxxxxxxxxx', 'authinfo', '?'):
        assert secret not in text
    assert all(len(line.split()) == 8 for line in text.splitlines())


@pytest.mark.parametrize('advance', ['nan', 'NaN', 'inf', '-inf', '1e999', '1e300', '-99999999999', '1_0', '٣', 'soon'])
def test_the_clock_refuses_what_is_not_a_usable_number(sim, advance):
    before = sim.call('sim.clock')['doc']['offset']['$']
    assert error_of(sim.call('sim.clock', advance=advance)) == ('value', 'advance')
    assert sim.call('sim.clock')['doc']['offset']['$'] == before
    assert ids(sim.call('vds', user='alice')) == [938, 958]  # the panel still answers


@pytest.mark.parametrize('params, param', [
    ({'balance': 'nan'}, 'balance'), ({'balance': 'inf'}, 'balance'), ({'balance': '1e300'}, 'balance'),
])
def test_account_balance_must_be_a_usable_number(sim, params, param):
    assert error_of(sim.call('sim.account', name='bob', **params)) == ('value', param)
    assert sim.account('bob')['balance'] == 100000


@pytest.mark.parametrize('seconds', ['nan', '-1', '1e20', 'x'])
def test_slow_fault_seconds_must_be_a_usable_number(sim, seconds):
    assert error_of(sim.call('sim.fault', target='vds', kind='slow', seconds=seconds)) == ('value', 'seconds')
    assert ids(sim.call('vds', user='alice')) == [938, 958]  # not armed


def order_status(sim, remoteid):
    """Order a VPS for alice (straight from the balance) and return the status the next request sees."""
    service_id = sim.order_now('vds', 'alice', pricelist=6, remoteid=remoteid, domain='%s.test' % remoteid)
    return elems(sim.call('vds', user='alice', filter='on', id=service_id))[0]['status']['$']


def test_the_processing_delay_changes_while_the_simulator_runs(billmgr_sim_factory):
    sim = billmgr_sim_factory(processing_delay=60)
    assert sim.call('sim.processing')['doc']['delay']['$'] == '60.000'
    assert order_status(sim, 'slow-1') == '5'
    assert sim.set_processing_delay(0) == 0.0
    assert order_status(sim, 'fast-1') == '2'
    # a service already in processing keeps the time it was given
    [slow] = listed(sim, 'vds', user='alice', remoteid='slow-1')
    assert slow['status'] == '5'
    assert sim.set_processing_delay(0.25) == 0.25
    # sim.reset puts back the delay the simulator was started with
    sim.reset()
    assert sim.call('sim.processing')['doc']['delay']['$'] == '60.000'
    assert order_status(sim, 'slow-2') == '5'


@pytest.mark.parametrize('delay', ['nan', '-1', '1e20', 'inf', 'soon', ''])
def test_the_processing_delay_must_be_a_usable_number(sim, delay):
    if delay:
        assert error_of(sim.call('sim.processing', delay=delay)) == ('value', 'delay')
    else:
        assert 'error' not in sim.call('sim.processing', delay=delay)['doc']  # an empty delay only reads it
    assert sim.call('sim.processing')['doc']['delay']['$'] == '0.000'
