"""service.start / stop / reboot / hardreboot: the power state in item_status, a reboot through processing on the
simulator's clock, the refusals, elid lists, and a dropped answer after the change was made."""

import http.client
import urllib.error

import pytest

from sim_helpers import elems, error_of

ALICE_VPS, ALICE_OLD_VPS, ALICE_DEDIC, ALICE_VHOST, BOB_VPS = 958, 938, 892, 945, 5


def power_of(sim, itemtype, service_id):
    [elem] = elems(sim.call(itemtype, filter='on', id=service_id))
    return elem['status']['$'], elem['item_status']['$orig'], elem['item_status']['$']


def test_stop_and_start_show_in_the_compound_item_status(sim):
    assert 'ok' in sim.call('service.stop', user='alice', elid=ALICE_VPS)['doc']
    assert power_of(sim, 'vds', ALICE_VPS) == ('2', '2_2_16', 'Stopped')  # still active (paid), powered off (E5)
    assert 'ok' in sim.call('service.start', user='alice', elid=ALICE_VPS)['doc']
    assert power_of(sim, 'vds', ALICE_VPS) == ('2', '2', 'Active')


def test_an_elid_list_acts_on_every_service_or_on_none(sim):
    assert 'ok' in sim.call('service.stop', user='alice', elid='%d, %d' % (ALICE_VPS, ALICE_DEDIC))['doc']
    assert power_of(sim, 'vds', ALICE_VPS)[1] == power_of(sim, 'dedic', ALICE_DEDIC)[1] == '2_2_16'
    # One of them already running: the whole request is refused and nothing changes.
    sim.call('service.start', user='alice', elid=ALICE_VPS)
    answer = sim.call('service.stop', user='alice', elid='%d,%d' % (ALICE_OLD_VPS, ALICE_DEDIC))
    assert error_of(answer) == ('value', 'elid') and 'is stopped' in answer['doc']['error']['msg']['$']
    assert power_of(sim, 'vds', ALICE_OLD_VPS)[1] == '2'


def test_a_reboot_passes_through_processing_on_the_clock(sim):
    sim.set_processing_delay(60)
    assert 'ok' in sim.call('service.reboot', user='alice', elid=ALICE_VPS)['doc']
    assert power_of(sim, 'vds', ALICE_VPS) == ('5', '5_reboot', 'Rebooting')
    assert error_of(sim.call('service.reboot', user='alice', elid=ALICE_VPS)) == ('value', 'elid')  # not twice at once
    sim.advance_clock(61)
    assert power_of(sim, 'vds', ALICE_VPS) == ('2', '2', 'Active')
    assert 'ok' in sim.call('service.hardreboot', user='alice', elid=ALICE_VPS)['doc']
    assert power_of(sim, 'vds', ALICE_VPS)[:2] == ('5', '5_hardreboot')


@pytest.mark.parametrize('func, elid, expected', [
    ('service.start', ALICE_VPS, ('value', 'elid')),       # already running [INF, strict]
    ('service.reboot', BOB_VPS, ('access', 'elid')),       # another account's
    ('service.stop', 999999, ('missed', 'elid')),          # none such
    ('service.stop', ALICE_VHOST, ('value', 'elid')),      # a shared host has no power control [INF]
    ('service.stop', 'x', ('value', 'elid')),
])
def test_refusals_change_nothing(sim, func, elid, expected):
    assert error_of(sim.call(func, user='alice', elid=elid)) == expected
    assert power_of(sim, 'vds', ALICE_VPS) == ('2', '2', 'Active')


def test_deleted_and_suspended_services_are_refused(sim):
    sim.call('vds.delete', user='alice', elid=ALICE_OLD_VPS, sok='ok')
    answer = sim.call('service.stop', user='alice', elid=ALICE_OLD_VPS)
    assert error_of(answer) == ('value', 'elid') and answer['doc']['error']['msg']['$'] == 'The service has been deleted'
    sim.call('vds.edit', elid=ALICE_VPS, autoprolong='null', sok='ok')
    sim.advance_clock(40 * 86400)
    answer = sim.call('service.reboot', user='alice', elid=ALICE_VPS)
    assert error_of(answer) == ('value', 'elid') and 'suspended' in answer['doc']['error']['msg']['$']


def test_a_dropped_answer_comes_after_the_change(sim):
    sim.set_fault('service.stop', 'drop-after-commit')
    with pytest.raises((urllib.error.URLError, ConnectionError, http.client.HTTPException)):
        sim.call('service.stop', user='alice', elid=ALICE_VPS)
    assert power_of(sim, 'vds', ALICE_VPS)[1] == '2_2_16'
    assert sim.counters()['faults_hit'] == {'service.stop:drop-after-commit': 1}
