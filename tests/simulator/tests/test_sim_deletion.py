"""TYPE.delete takes time (real-panels-2 §13, E22): 5_close "Deletion in progress" for the processing delay, a deletion
scheduled for the end of the paid period with --close-at-period-end (scheduledclose), and a minimum term that refuses
a deletion (E23)."""

from sim_helpers import elems, error_of, ids

ALICE_VPS, ALICE_OLD_VPS, ALICE_DEDIC = 958, 938, 892
DAY = 86400


def row_of(sim, itemtype, service_id):
    found = list(elems(sim.call(itemtype, user='alice', filter='on', id=service_id)))
    return found[0] if found else None


def test_a_deletion_passes_through_5_close_on_the_clock(sim):
    sim.set_processing_delay(60)
    assert 'ok' in sim.call('vds.delete', user='alice', elid=ALICE_OLD_VPS, sok='ok')['doc']
    elem = row_of(sim, 'vds', ALICE_OLD_VPS)
    assert elem['status']['$'] == '5'
    assert elem['item_status'] == {'$orig': '5_close', '$': 'Deletion in progress'}
    # Asked again while it runs: ok, and nothing changes (the clock of the deletion is not restarted).
    assert 'ok' in sim.call('vds.delete', user='alice', elid=ALICE_OLD_VPS, sok='ok')['doc']
    sim.advance_clock(61)
    # Deleted, and still in the list as real lists show deleted services (real-panels §5.5, E12).
    assert row_of(sim, 'vds', ALICE_OLD_VPS)['status']['$'] == '4'
    assert ids(sim.call('vds', user='alice', filter='on', status=4)) == [ALICE_OLD_VPS]


def test_a_deletion_at_the_end_of_the_paid_period(billmgr_sim_factory):
    sim = billmgr_sim_factory(close_at_period_end=True)
    assert 'ok' in sim.call('dedic.delete', user='alice', elid=ALICE_DEDIC, sok='ok')['doc']
    elem = row_of(sim, 'dedic', ALICE_DEDIC)
    assert elem['status']['$'] == '2' and elem['item_status']['$orig'] == '2'  # still running until then
    assert elem['scheduledclose'] == {'$': 'on'}
    assert elem['scheduledclose_prop'] == elem['expiredate']
    assert 'ok' in sim.call('dedic.delete', user='alice', elid=ALICE_DEDIC, sok='ok')['doc']  # again: no change
    sim.advance_clock(45 * DAY)  # past the expiry: closed, not renewed
    assert row_of(sim, 'dedic', ALICE_DEDIC)['status']['$'] == '4'
    assert [e['id']['$'] for e in elems(sim.call('dedic', user='alice', filter='on', status=4))] == [str(ALICE_DEDIC)]


def test_a_minimum_term_refuses_a_deletion_in_the_panel_s_words(sim):
    mini = sim.order_now('vds', 'alice', pricelist=1, domain='mini.alice.test')
    answer = sim.call('vds.delete', user='alice', elid=mini, sok='ok')
    assert error_of(answer) == ('value', 'elid')
    assert 'minimum term' in answer['doc']['error']['msg']['$']
    assert row_of(sim, 'vds', mini)['status']['$'] == '2'
    sim.advance_clock(32 * DAY)
    assert 'ok' in sim.call('vds.delete', user='alice', elid=mini, sok='ok')['doc']
    assert row_of(sim, 'vds', mini)['status']['$'] == '4'  # no processing delay here: deleted at once


def test_an_unpaid_ordered_service_is_gone_at_once(sim):
    sim.set_processing_delay(60)
    sim.order_into_cart('vds', 'alice', pricelist=6, domain='cart.alice.test')
    [ordered] = ids(sim.call('vds', user='alice', filter='on', status=1))
    assert 'ok' in sim.call('vds.delete', user='alice', elid=ordered, sok='ok')['doc']
    assert ids(sim.call('vds', user='alice', filter='on', status=1)) == []
