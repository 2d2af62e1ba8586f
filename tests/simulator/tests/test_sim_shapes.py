"""``billmgr-sim serve --shapes REPORT``: a billmgr_panel_info report mapped onto the switches, and the confirmed counter."""

import json

import pytest

from billmgr_sim import shapes
from billmgr_sim.testing import start_simulator
from test_sim_cli import assert_one_line_error, run

# The panel part of a report as billmgr_panel_info writes it (plugins/module_utils/panel/_panel_verdicts.py: differences).
PANEL_6 = {'panel': 6, 'dragon_cart': True, 'role': 'client', 'two_factor': True, 'captcha': True,
           'autoprolong_column': 'months', 'item_real_status': True, 'timed_dates': True, 'multi_ip': True,
           'scheduled_close': True, 'deleted_listed': True, 'power_state_types': ['vds'], 'renewal_window_days': 20,
           'saved_filter_types': ['dedic']}
PLAIN_5 = {'panel': 5, 'role': 'client', 'autoprolong_column': 'label', 'renewal_window_days': None}


def write_report(tmp_path, panel, name='report.json'):
    path = tmp_path / name
    path.write_text(json.dumps({'format': shapes.FORMAT, 'panel': panel, 'lists': {}}), encoding='utf-8')
    return path


def test_every_difference_maps_onto_the_switch_that_models_it():
    generation, switches, unmapped = shapes.run_options(PANEL_6)
    assert generation == 6
    assert switches == {'item_real_status': True, 'multi_ip': True, 'timed_daily': True,
                        'close_at_period_end': True, 'renewal_window': 20,
                        'totp_users': ('alice', 'bob'), 'captcha_from': ('0.0.0.0/0', '::/0')}
    assert unmapped == ['auto-renewal as months in the lists', 'saved filters on dedic (save one with sim.filter)',
                        'power states in the lists of vds']
    # The simulator's defaults are the real shapes: a panel that lists labels needs no switch.
    assert shapes.run_options(PLAIN_5) == (5, {}, [])
    # Deleted services listed or not seen: the default lists them (real-panels §5.5, E12); "not seen" is no difference.
    assert shapes.run_options(dict(PLAIN_5, deleted_listed=True)) == shapes.run_options(dict(PLAIN_5, deleted_listed=False)) == (5, {}, [])
    assert shapes.run_options({'two_factor': True, 'role': 'admin'})[1] == {'totp_users': ('admin',)}
    assert shapes.run_options({})[0] == 5


@pytest.mark.parametrize('content, expected', [
    ('not json', 'cannot read the report'),
    (json.dumps({'format': 'other', 'panel': {}}), 'not a billmgr_panel_info report'),
    (json.dumps({'format': shapes.FORMAT, 'panel': {'panel': 7}}), 'panel: 7 is not 5 or 6'),
    (json.dumps({'format': shapes.FORMAT, 'panel': {'renewal_window_days': -3}}), 'renewal_window_days: -3'),
])
def test_a_bad_report_is_one_line_and_starts_nothing(tmp_path, content, expected):
    report = tmp_path / 'report.json'
    report.write_text(content, encoding='utf-8')
    result = run('serve', '--port', '0', '--db', tmp_path / 'db' / 'x.sqlite', '--shapes', report)
    assert_one_line_error(result, expected)
    assert not (tmp_path / 'db' / 'x.sqlite').exists()


def test_a_simulator_started_from_a_report_answers_like_that_panel(tmp_path):
    report = write_report(tmp_path, dict(PANEL_6, two_factor=False, captcha=False))
    sim = start_simulator(tmp_path / 'sim', shapes=str(report))
    try:
        banner = open(sim.output_path, encoding='utf-8').read()
        assert 'panel: answers as BILLmanager 6' in banner
        # BILLmanager 6's own path first; the harness's url is /billmgr whatever the generation.
        assert 'listening on %s\n' % sim.url in banner and 'also on %s/manager/billmgr (the path of BILLmanager 5)' % (
            sim.url.rsplit('/billmgr', 1)[0]) in banner
        assert 'switches: multi_ip, timed_daily, item_real_status, renewal_window, close_at_period_end' in banner
        assert 'not modelled: auto-renewal as months in the lists; saved filters on dedic' in banner
        assert sim.panel == 6
        assert sim.call('cart', user='alice')['doc'].get('error') is None  # the new cart: panel 6
        rows = sim.call('vds', user='alice')['doc']['elem']
        assert {row['autoprolong']['$'] for row in rows if row.get('autoprolong')} == {'Month'}  # labels: no switch writes months
    finally:
        sim.stop()


def test_a_request_with_sok_is_counted_as_confirmed(tmp_path):
    sim = start_simulator(tmp_path / 'sim')
    try:
        sim.reset_counters()
        sim.call('vds.edit', user='alice', elid=958)
        sim.call('vds.edit', user='alice', elid=958, autoprolong=1, sok='ok')
        counters = sim.counters()
        assert counters['func']['vds.edit'] == 2
        assert counters['confirmed'] == {'vds.edit': 1}
    finally:
        sim.stop()
