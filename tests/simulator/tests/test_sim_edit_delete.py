"""TYPE.edit (forms, add-ons, autoprolong, admin-only fields) and TYPE.delete."""

import pytest

from sim_helpers import elems, error_of, ids, statuses


def form(sim, itemtype, elid, user='alice'):
    return sim.call(itemtype + '.edit', user=user, elid=elid)['doc']


def test_edit_form_shows_current_values_by_id(sim):
    doc = form(sim, 'vds', 958)
    assert doc['elid'] == {'$': '958'} and doc['pricelist'] == {'$': '6'} and doc['domain'] == {'$': 'web.alice.test'}
    assert doc['addon_11'] == {'$': '1024'} and doc['addon_9'] == {'$': '2'} and doc['addon_7'] == {'$': '10000'}
    assert doc['autoprolong'] == {'$': '1'} and doc['status'] == {'$': '2'} and doc['ostempl']['$'] == 'ISPsystem__CentOS-7-amd64'
    assert doc['expiredate']['$'] and 'userpassword' not in doc


def test_addon_upgrade_with_skipbasket_is_charged_prorated(sim):
    doc = sim.call('vds.edit', user='alice', elid=958, addon_9=4, skipbasket='on', sok='ok')['doc']
    assert 'ok' in doc and 'billorder.id' not in doc
    assert form(sim, 'vds', 958)['addon_9'] == {'$': '4'}
    expense = sim.account('alice')['expenses'][-1]
    assert expense['service'] == '958' and 0 < float(expense['amount']) <= 2 * 150 * 31 / 30
    assert elems(sim.call('vds', user='alice', filter='on', id=958))[0]['cost']['$'] == '950.00 RUB / Month'


def test_addon_upgrade_without_skipbasket_waits_in_the_cart(sim):
    doc = sim.call('vds.edit', user='alice', elid=958, addon_9=4, sok='ok')['doc']
    assert 'ok' in doc and doc['billorder']['$'] and 'billorder.id' not in doc  # E5: doc.billorder.$
    assert form(sim, 'vds', 958)['addon_9'] == {'$': '2'}
    assert sim.pay_cart('alice') == [958]
    assert form(sim, 'vds', 958)['addon_9'] == {'$': '4'}


def test_addon_downgrade_applies_at_once_free(sim):
    assert 'ok' in sim.call('vds.edit', user='alice', elid=958, addon_11=512, sok='ok')['doc']
    assert form(sim, 'vds', 958)['addon_11'] == {'$': '512'}
    assert sim.account('alice')['expenses'] == []


def test_bad_addon_value_changes_nothing(sim):
    answer = sim.call('vds.edit', user='alice', elid=958, autoprolong=12, addon_11=3, skipbasket='on', sok='ok')
    assert error_of(answer) == ('value', 'addon_11')
    assert form(sim, 'vds', 958)['autoprolong'] == {'$': '1'}


@pytest.mark.parametrize('itemtype, elid', [('vds', 958), ('dedic', 1065), ('vhost', 945), ('soft', 777), ('platform', 1100)])
def test_autoprolong_on_and_off(sim, itemtype, elid):
    assert 'ok' in sim.call(itemtype + '.edit', user='alice', elid=elid, autoprolong=12, sok='ok')['doc']
    assert form(sim, itemtype, elid)['autoprolong'] == {'$': '12'}
    sim.call(itemtype + '.edit', user='alice', elid=elid, autoprolong='null', sok='ok')
    assert 'autoprolong' not in form(sim, itemtype, elid)
    assert error_of(sim.call(itemtype + '.edit', user='alice', elid=elid, autoprolong=7, sok='ok')) == ('value', 'autoprolong')


@pytest.mark.parametrize('field, new_value', [
    ('domain', 'x.example.org'), ('ip', '8.8.8.8'), ('username', 'u2'), ('userpassword', 'pw'), ('serverid', 's1'),
    ('ostempl', 'ISPsystem__Debian-12-amd64'), ('recipe', 'ISPsystem__Docker'),
])
def test_admin_only_fields_are_refused_to_clients(sim, field, new_value):
    answer = sim.call('vds.edit', user='alice', elid=958, autoprolong=12, sok='ok', **{field: new_value})
    assert error_of(answer) == ('access', field)
    assert form(sim, 'vds', 958)['autoprolong'] == {'$': '1'}
    assert 'ok' in sim.call('vds.edit', elid=958, sok='ok', **{field: new_value})['doc']
    if field != 'userpassword':
        assert form(sim, 'vds', 958, user='admin')[field] == {'$': new_value}


def test_admin_values_are_checked(sim):
    assert error_of(sim.call('vds.edit', elid=958, ostempl='nope', sok='ok')) == ('value', 'ostempl')
    assert error_of(sim.call('vds.edit', elid=958, ip='999.1.1.1', sok='ok')) == ('value', 'ip')
    assert error_of(sim.call('vds.edit', elid=958, domain='-bad-', sok='ok')) == ('value', 'domain')


@pytest.mark.parametrize('elid, expected', [('abc', ('value', 'elid')), ('', ('missed', 'elid')), ('5', ('access', 'elid')),
                                            ('945', ('missed', 'elid')), ('99999', ('missed', 'elid'))])
def test_bad_elid(sim, elid, expected):
    assert error_of(sim.call('vds.edit', user='alice', elid=elid, sok='ok')) == expected
    assert error_of(sim.call('vds.delete', user='alice', elid=elid, sok='ok')) == expected
    assert ids(sim.call('vds')) == [5, 938, 958]


def test_delete(sim):
    assert 'elid' in sim.call('vds.delete', user='alice', elid=938)['doc']  # no sok: nothing happens
    assert statuses(sim.call('vds', user='alice')) == {938: 2, 958: 2}
    assert 'ok' in sim.call('vds.delete', user='alice', elid=938, sok='ok')['doc']
    # Still listed, as deleted (real-panels §5.5, E12); a status filter of 4 finds it alone.
    assert statuses(sim.call('vds', user='alice')) == {938: 4, 958: 2}
    assert ids(sim.call('vds', user='alice', filter='on', status=4)) == [938]
    assert form(sim, 'vds', 938)['status'] == {'$': '4'}
    assert 'ok' in sim.call('vds.delete', user='alice', elid=938, sok='ok')['doc']  # again: no change
    assert error_of(sim.call('vds.edit', user='alice', elid=938, autoprolong=1, sok='ok')) == ('value', 'elid')


def test_group_delete_is_all_or_nothing(sim):
    assert error_of(sim.call('vds.delete', user='alice', elid='938, 5', sok='ok')) == ('access', 'elid')
    assert statuses(sim.call('vds', user='alice')) == {938: 2, 958: 2}
    assert 'ok' in sim.call('vds.delete', user='alice', elid='938, 958', sok='ok')['doc']
    assert statuses(sim.call('vds', user='alice')) == {938: 4, 958: 4}
