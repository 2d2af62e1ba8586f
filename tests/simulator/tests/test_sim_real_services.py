"""Services as real panels show and treat them: an unpaid expiry as 3_autosuspend on both panels (E22), the renewal window
(--renewal-window, E5) and admin-only edit fields ignored (--ignore-admin-fields, E5), the price of an add-on change shown by the edit form
(real-panels §4.4, E5) or not (--edit-without-price)."""

import datetime

from billmgr_sim.pytest_plugin import BOTH_PANELS

from sim_helpers import elems, error_of

ALICE_VPS = 958


def suspend_by_expiry(sim, service_id):
    sim.call('vds.edit', elid=service_id, autoprolong='null', sok='ok')
    sim.advance_clock(40 * 86400)  # past the expiry (a month ahead), no auto-renewal: suspended


def listed_status(sim, service_id):
    [elem] = elems(sim.call('vds', filter='on', id=service_id))
    return elem['status']['$'], elem['item_status']['$orig']


@BOTH_PANELS
def test_an_unpaid_expiry_is_3_autosuspend_on_both_panels(billmgr_sim):
    # real-panels-2 §4.2, §5.2 (E22): 2_2_16 is a cloud instance's power state only; a VPS the panel suspended at an
    # unpaid expiry shows 3_autosuspend, on BILLmanager 6 too.
    suspend_by_expiry(billmgr_sim, ALICE_VPS)
    assert listed_status(billmgr_sim, ALICE_VPS) == ('3', '3_autosuspend')
    assert listed_status(billmgr_sim, 938)[1] == '2'  # running VMs keep their simple code


def test_renewal_window_refuses_an_early_renewal_with_the_real_error(billmgr_sim_factory):
    # real-panels §10.2 (E5): "The service can be renewed only after <date>", the date in param[name=value].
    sim = billmgr_sim_factory(renewal_window=10)
    form = sim.call('service.prolong', user='alice', elid=ALICE_VPS)['doc']  # the form too [INF: strict]
    error = form['error']
    params = {param['$name']: param.get('$', '') for param in error['param']}
    assert error['msg']['$'] == 'The service can be renewed only after %s' % params['value']
    assert error_of(sim.call('service.prolong', user='alice', elid=ALICE_VPS, period=1, skipbasket='on', sok='ok')) == ('value', 'elid')
    # The clock moved to the window: one renewal works, the next is again too early.
    [row] = [elem for elem in elems(sim.call('vds', user='alice')) if elem['id']['$'] == str(ALICE_VPS)]
    days_left = (datetime.date.fromisoformat(row['expiredate']['$']) - datetime.date.fromisoformat(sim.advance_clock(0))).days
    assert datetime.date.fromisoformat(params['value']) == datetime.date.fromisoformat(row['expiredate']['$']) - datetime.timedelta(days=10)
    sim.advance_clock((days_left - 10) * 86400)
    done = sim.call('service.prolong', user='alice', elid=ALICE_VPS, period=1, skipbasket='on', sok='ok')['doc']
    assert 'ok' in done, done
    again = sim.call('service.prolong', user='alice', elid=ALICE_VPS, period=1, skipbasket='on', sok='ok')['doc']
    assert again['error']['msg']['$'].startswith('The service can be renewed only after')


def test_no_renewal_window_by_default(sim):
    assert 'ok' in sim.call('service.prolong', user='alice', elid=ALICE_VPS, period=1, skipbasket='on', sok='ok')['doc']


def test_a_client_admin_field_is_refused_by_default(sim):
    assert error_of(sim.call('vds.edit', user='alice', elid=ALICE_VPS, domain='new.alice.test', sok='ok')) == ('access', 'domain')


def test_ignore_admin_fields_ignores_them(billmgr_sim_factory):
    # real-panels §9.2 (E5): a client cabinet sends domain, ostempl, ip ... to TYPE.edit; the panel may ignore them.
    sim = billmgr_sim_factory(ignore_admin_fields=True)
    doc = sim.call('vds.edit', user='alice', elid=ALICE_VPS, domain='new.alice.test', ip='127.9.9.9', autoprolong='null', sok='ok')['doc']
    assert 'ok' in doc
    form = sim.call('vds.edit', user='alice', elid=ALICE_VPS)['doc']
    assert form['domain']['$'] == 'web.alice.test' and form['ip']['$'] == '127.0.3.190'
    assert 'autoprolong' not in form or form['autoprolong'].get('$', '') in ('', 'null')  # the client's own field applies
    with open(sim.events_log_path, encoding='utf-8') as log:
        assert 'ignored domain: a client cannot change it' in log.read()


def daily_row(sim):
    service_id = sim.order_now('vds', 'alice', pricelist=9, order_period=-50)
    [elem] = elems(sim.call('vds', user='alice', filter='on', id=service_id))
    return service_id, elem


def test_timed_daily_lists_the_expiry_with_a_time_of_day(billmgr_sim_factory):
    # real-panels §6.2 (E2): expiredate "2025-04-07 20:00", real_expiredate "2025-04-07", i_expiretime "20:00".
    sim = billmgr_sim_factory(timed_daily=True)
    service_id, elem = daily_row(sim)
    day, time = elem['real_expiredate']['$'], elem['i_expiretime']['$']
    assert elem['expiredate']['$'] == '%s %s' % (day, time)
    assert len(time) == 5 and time[2] == ':'
    # A renewal of a daily service moves it by days.
    assert 'ok' in sim.call('service.prolong', user='alice', elid=service_id, period=-50, skipbasket='on', sok='ok')['doc']
    [renewed] = elems(sim.call('vds', user='alice', filter='on', id=service_id))
    later = datetime.date.fromisoformat(renewed['real_expiredate']['$'])
    assert later - datetime.date.fromisoformat(day) == datetime.timedelta(days=1)
    assert renewed['i_expiretime']['$'] == time
    assert all('i_expiretime' not in row for row in elems(sim.call('vds', user='alice', filter='on', id=ALICE_VPS)))


def test_daily_expiry_is_a_plain_date_by_default(sim):
    dummy, elem = daily_row(sim)
    assert 'i_expiretime' not in elem and len(elem['expiredate']['$']) == 10


def test_the_edit_form_shows_the_price_of_an_addon_change_that_is_then_charged(sim):
    # real-panels §4.4 (E5): TYPE.edit without sok, with the new values, shows the price in orderinfo first.
    balance = sim.account('alice')['balance']
    form = sim.call('dedic.edit', user='alice', elid=1065, addon_26='4')['doc']
    shown = form['orderinfo']['$']
    assert shown.startswith('Total amount: ') and shown.endswith(' RUB') and float(shown.split()[2]) > 0
    assert form['addon_26']['$'] == '2', 'the form still shows the value the service has'
    assert 'orderinfo' not in sim.call('dedic.edit', user='alice', elid=1065)['doc'], 'no change asked, no price'
    assert sim.call('dedic.edit', user='alice', elid=1065, addon_26='1')['doc']['orderinfo']['$'] == 'Total amount: 0.00 RUB'
    assert 'ok' in sim.call('dedic.edit', user='alice', elid=1065, addon_26='4', skipbasket='on', sok='ok')['doc']
    assert sim.account('alice')['balance'] == round(balance - float(shown.split()[2]), 2)


def test_edit_without_price_shows_none(billmgr_sim_factory):
    sim = billmgr_sim_factory(edit_without_price=True)
    assert 'orderinfo' not in sim.call('dedic.edit', user='alice', elid=1065, addon_26='4')['doc']
