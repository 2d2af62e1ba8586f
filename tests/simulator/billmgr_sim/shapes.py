"""``billmgr-sim serve --shapes REPORT``: start like the panel a billmgr_panel_info report describes.

The report's ``panel`` part says how the checked panel differs, in the terms of the switches (switches.py); this file
maps each difference onto the switch that already models it, and adds no behaviour of its own. A difference no switch
models (a saved filter, a panel that lists power states) is left out, and ``unmapped`` names it.
"""

import json

FORMAT = 'ispsystem.billmgr panel shapes 1'
# Password logins from anywhere fail the captcha (real-panels-2 §12.4, E24): the report says "a captcha guards logins",
# not from where.
EVERYWHERE = ('0.0.0.0/0', '::/0')
# The users a two-factor report puts two-factor authentication on, by the role the check logged in with: the demo's
# clients, or its administrator (real-panels-2 §12.3, E24, E5). Which user a report came from is redacted [INF].
TWO_FACTOR_USERS = {'client': ('alice', 'bob'), 'admin': ('admin',)}


class ShapesError(ValueError):
    """The report cannot be read: not JSON, not a report, or a value of the wrong kind."""


def load(path):
    """The ``panel`` part of the report at ``path``; ShapesError naming the file when it is no report."""
    try:
        with open(path, encoding='utf-8') as source:
            report = json.load(source)
    except (OSError, ValueError) as exc:
        raise ShapesError('%s: cannot read the report: %s' % (path, getattr(exc, 'strerror', None) or exc)) from exc
    if not isinstance(report, dict) or report.get('format') != FORMAT or not isinstance(report.get('panel'), dict):
        raise ShapesError('%s: not a billmgr_panel_info report (its "format" is not %r)' % (path, FORMAT))
    return report['panel']


def run_options(panel):
    """``(generation, switches, unmapped)`` for a report's ``panel`` part: the ``--panel`` value (5 when the report does not
    know), the switches.RunSwitches keywords, and the differences no switch models."""
    generation = panel.get('panel') or 5
    if generation not in (5, 6):
        raise ShapesError('panel: %r is not 5 or 6' % (generation,))
    switches = {}
    # A report's deleted_listed needs nothing: plain lists show deleted services by default, as real ones do
    # (real-panels §5.5, E12), and a report without them says only that the checked lists held none.
    for name in ('item_real_status', 'multi_ip', 'timed_daily', 'close_at_period_end'):
        key = {'timed_daily': 'timed_dates', 'close_at_period_end': 'scheduled_close'}.get(name, name)
        if panel.get(key):
            switches[name] = True
    window = panel.get('renewal_window_days')
    if window is not None:
        if not isinstance(window, int) or isinstance(window, bool) or window < 0:
            raise ShapesError('renewal_window_days: %r is not a number of days' % (window,))
        switches['renewal_window'] = window
    if panel.get('two_factor'):
        switches['totp_users'] = TWO_FACTOR_USERS.get(panel.get('role'), TWO_FACTOR_USERS['client'])
    if panel.get('captcha'):
        switches['captcha_from'] = EVERYWHERE
    unmapped = []
    if panel.get('autoprolong_column') == 'months':
        # Lists show the period's label (real-panels-2 §9.3), the only way the simulator writes the column; a panel seen
        # writing months is one no evidence showed us yet: said, not imitated.
        unmapped.append('auto-renewal as months in the lists')
    if panel.get('saved_filter_types'):
        unmapped.append('saved filters on %s (save one with sim.filter)' % ', '.join(panel['saved_filter_types']))
    if set(panel.get('power_state_types') or ()) - {'instances'}:
        unmapped.append('power states in the lists of %s' % ', '.join(sorted(set(panel['power_state_types']) - {'instances'})))
    return generation, switches, unmapped
