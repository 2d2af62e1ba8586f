"""service.start / stop / reboot / hardreboot: the power state in a cloud instance's item_status and in no classic
list, a reboot that keeps the service active (real-panels-2 §4.3) on the simulator's clock, the refusals, elid lists, and a dropped answer after the
change was made."""

import http.client
import urllib.error

import pytest

from sim_helpers import elems, error_of

ALICE_VPS, ALICE_OLD_VPS, ALICE_DEDIC, ALICE_VHOST, BOB_VPS = 958, 938, 892, 945, 5


def power_of(sim, itemtype, service_id):
    [elem] = elems(sim.call(itemtype, filter='on', id=service_id))
    return elem['status']['$'], elem['item_status']['$orig'], elem['item_status']['$']


def instances(sim, count=1):
    """Cloud instances of alice's, active (the processing delay is 0)."""
    return [sim.order_now('instances', 'alice', pricelist=50, datacenter=1, domain='cloud%d.alice.test' % n) for n in range(count)]


def test_stop_and_start_show_in_a_cloud_instance_compound_item_status(sim):
    [instance] = instances(sim)
    assert 'ok' in sim.call('service.stop', user='alice', elid=instance)['doc']
    assert power_of(sim, 'instances', instance) == ('2', '2_2_16', 'Stopped')  # still active (paid), powered off (E22)
    assert 'ok' in sim.call('service.start', user='alice', elid=instance)['doc']
    assert power_of(sim, 'instances', instance) == ('2', '2', 'Active')


@pytest.mark.parametrize('itemtype, service_id', [('vds', ALICE_VPS), ('dedic', ALICE_DEDIC)])
def test_classic_lists_show_no_power_state_and_take_a_switch_in_any_state(sim, itemtype, service_id):
    """real-panels-2 §4.2: a classic VPS or dedicated server is listed active whether it runs or not."""
    for func in ('service.stop', 'service.stop', 'service.start', 'service.start'):
        assert 'ok' in sim.call(func, user='alice', elid=service_id)['doc']
        assert power_of(sim, itemtype, service_id) == ('2', '2', 'Active')
    edit = sim.call(itemtype + '.edit', user='alice', elid=service_id)['doc']
    sim.call('service.stop', user='alice', elid=service_id)
    assert sim.call(itemtype + '.edit', user='alice', elid=service_id)['doc']['item_status'] == edit['item_status']
    # A reboot of a server that is off is refused with the panel's words [INF, strict].
    answer = sim.call('service.reboot', user='alice', elid=service_id)
    assert error_of(answer) == ('value', 'elid') and 'is stopped' in answer['doc']['error']['msg']['$']


def test_an_elid_list_acts_on_every_service_or_on_none(sim):
    first, second, third = instances(sim, 3)
    assert 'ok' in sim.call('service.stop', user='alice', elid='%d, %d' % (first, second))['doc']
    assert power_of(sim, 'instances', first)[1] == power_of(sim, 'instances', second)[1] == '2_2_16'
    # One of them already running: the whole request is refused and nothing changes.
    sim.call('service.start', user='alice', elid=first)
    answer = sim.call('service.stop', user='alice', elid='%d,%d' % (third, second))
    assert error_of(answer) == ('value', 'elid') and 'is stopped' in answer['doc']['error']['msg']['$']
    assert power_of(sim, 'instances', third)[1] == '2'


def test_a_reboot_keeps_the_service_active_and_says_in_progress(sim):
    """real-panels-2 §4.3 (E22): a reboot keeps status 2 and says "in progress"; a cloud instance's list shows it (a "2_"
    code), a classic list shows nothing at all (§4.2)."""
    [instance] = instances(sim)
    sim.set_processing_delay(60)
    assert 'ok' in sim.call('service.reboot', user='alice', elid=instance)['doc']
    assert power_of(sim, 'instances', instance) == ('2', '2_reboot', 'Reboot in progress')
    assert error_of(sim.call('service.reboot', user='alice', elid=instance)) == ('value', 'elid')  # not twice at once
    assert 'ok' in sim.call('service.reboot', user='alice', elid=ALICE_VPS)['doc']
    assert power_of(sim, 'vds', ALICE_VPS) == ('2', '2', 'Active')
    sim.advance_clock(61)
    assert power_of(sim, 'instances', instance) == ('2', '2', 'Active')
    assert 'ok' in sim.call('service.hardreboot', user='alice', elid=instance)['doc']
    assert power_of(sim, 'instances', instance)[:2] == ('2', '2_hardreboot')


@pytest.mark.parametrize('func, elid, expected', [
    ('service.reboot', BOB_VPS, ('access', 'elid')),       # another account's
    ('service.stop', 999999, ('missed', 'elid')),          # none such
    ('service.stop', ALICE_VHOST, ('value', 'elid')),      # a shared host has no power control [INF]
    ('service.stop', 'x', ('value', 'elid')),
])
def test_refusals_change_nothing(sim, func, elid, expected):
    assert error_of(sim.call(func, user='alice', elid=elid)) == expected
    assert power_of(sim, 'vds', ALICE_VPS) == ('2', '2', 'Active')


def test_a_running_instance_is_not_started_again(sim):
    [instance] = instances(sim)
    assert error_of(sim.call('service.start', user='alice', elid=instance)) == ('value', 'elid')  # [INF, strict]


def test_deleted_and_suspended_services_are_refused(sim):
    sim.call('vds.delete', user='alice', elid=ALICE_OLD_VPS, sok='ok')
    answer = sim.call('service.stop', user='alice', elid=ALICE_OLD_VPS)
    assert error_of(answer) == ('value', 'elid') and answer['doc']['error']['msg']['$'] == 'The service has been deleted'
    sim.call('vds.edit', elid=ALICE_VPS, autoprolong='null', sok='ok')
    sim.advance_clock(40 * 86400)
    answer = sim.call('service.reboot', user='alice', elid=ALICE_VPS)
    assert error_of(answer) == ('value', 'elid') and 'suspended' in answer['doc']['error']['msg']['$']


def test_a_dropped_answer_comes_after_the_change(sim):
    [instance] = instances(sim)
    sim.set_fault('service.stop', 'drop-after-commit')
    with pytest.raises((urllib.error.URLError, ConnectionError, http.client.HTTPException)):
        sim.call('service.stop', user='alice', elid=instance)
    assert power_of(sim, 'instances', instance)[1] == '2_2_16'
    assert sim.counters()['faults_hit'] == {'service.stop:drop-after-commit': 1}
