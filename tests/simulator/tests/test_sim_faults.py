"""Injected faults: what the client sees, and what state each one leaves."""

import http.client
import json
import time
import urllib.error

import pytest

from sim_helpers import error_of, matching_ids

ORDER = {'func': 'v2.vds.order.param', 'authinfo': 'alice:Ali-6b1d', 'out': 'json', 'pricelist': '6', 'order_period': '1',
         'skipbasket': 'on', 'sok': 'ok'}


def order_by_remoteid(sim, remoteid, timeout=30.0):
    return sim.raw_request(dict(ORDER, remoteid=remoteid), timeout=timeout)


def found(sim, remoteid):
    return matching_ids(sim, 'vds', remoteid=remoteid)


def test_drop_after_commit_leaves_the_service_created(sim):
    sim.set_fault('v2.vds.order.param', 'drop-after-commit')
    with pytest.raises((urllib.error.URLError, ConnectionError, http.client.HTTPException)):
        order_by_remoteid(sim, 'r1')
    assert len(found(sim, 'r1')) == 1
    assert sim.account('alice')['balance'] == 99500
    assert order_by_remoteid(sim, 'r2')[0] == 200  # used up


def test_drop_before_commit_leaves_nothing(sim):
    sim.set_fault('v2.vds.order.param', 'drop-before-commit')
    with pytest.raises((urllib.error.URLError, ConnectionError, http.client.HTTPException)):
        order_by_remoteid(sim, 'r1')
    assert found(sim, 'r1') == []
    assert sim.account('alice')['balance'] == 100000


@pytest.mark.parametrize('kind, status, text', [
    ('http502', 502, b'502 Bad Gateway'),
    ('http503', 503, b'503 Service Temporarily Unavailable'),
    ('html', 200, b'<html>'),
    ('busy', 200, b'Request in process, please wait'),
])
def test_answers_that_are_not_documents(sim, kind, status, text):
    sim.set_fault('v2.vds.order.param', kind)
    got_status, body = order_by_remoteid(sim, 'r1')
    assert got_status == status and text in body
    with pytest.raises(ValueError):
        json.loads(body)
    assert found(sim, 'r1') == []  # the function did not run


def test_slow_answers_after_the_client_gave_up_and_still_acts(sim):
    sim.set_fault('v2.vds.order.param', 'slow', seconds=1.0)
    started = time.monotonic()
    with pytest.raises((urllib.error.URLError, TimeoutError)):
        order_by_remoteid(sim, 'r1', timeout=0.3)
    assert time.monotonic() - started < 1.0
    deadline = time.monotonic() + 5
    while not found(sim, 'r1') and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(found(sim, 'r1')) == 1


def test_count_and_wildcard(sim):
    sim.set_fault('*', 'http503', count=2)
    assert sim.raw_request({'func': 'vds', 'authinfo': 'alice:Ali-6b1d'})[0] == 503
    assert sim.raw_request({'func': 'dedic', 'authinfo': 'alice:Ali-6b1d'})[0] == 503
    assert sim.raw_request({'func': 'vds', 'authinfo': 'alice:Ali-6b1d'})[0] == 200
    hits = sim.counters()['faults_hit']
    assert hits == {'vds:http503': 1, 'dedic:http503': 1}


def test_faults_only_hit_their_function_and_can_be_cleared(sim):
    sim.set_fault('vds.edit', 'http502', count=5)
    assert sim.raw_request({'func': 'vds', 'authinfo': 'alice:Ali-6b1d'})[0] == 200
    assert sim.raw_request({'func': 'vds.edit', 'authinfo': 'alice:Ali-6b1d', 'elid': '958'})[0] == 502
    sim.clear_faults('vds.edit')
    assert sim.raw_request({'func': 'vds.edit', 'authinfo': 'alice:Ali-6b1d', 'elid': '958'})[0] == 200


def test_fault_control_is_admin_only_and_checked(sim):
    assert error_of(sim.call('sim.fault', user='alice', target='vds', kind='http502')) == ('access', 'sim.fault')
    assert error_of(sim.call('sim.fault', target='vds', kind='explode')) == ('value', 'kind')
    assert error_of(sim.call('sim.fault', target='vds', kind='http502', count=0)) == ('value', 'kind')
    assert sim.raw_request({'func': 'vds', 'authinfo': 'alice:Ali-6b1d'})[0] == 200


def test_fault_from_the_command_line(billmgr_sim_factory):
    sim = billmgr_sim_factory(faults=['vds:http503:2', ('dedic', 'html')])
    assert [sim.raw_request({'func': 'vds', 'authinfo': 'alice:Ali-6b1d'})[0] for dummy in range(3)] == [503, 503, 200]
    assert b'<html>' in sim.raw_request({'func': 'dedic', 'authinfo': 'alice:Ali-6b1d'})[1]
