# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_panel_report.py: the table, and a report that keeps a refusal's kind but never its words."""

from __future__ import annotations

import copy
import json

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._panel_report import report_of, table_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._panel_verdicts import differences, verdicts
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.module_utils.panel.test__panel_verdicts import FOUND, LISTED


def test_the_report_keeps_kinds_and_counts_never_the_panels_words():
    found = copy.deepcopy(FOUND)
    found['lists']['vds'] = dict(LISTED, saved_filter=False, filter_fields={'remoteid': False, 'domain': True, 'ip': None},
                                 active_id=958, shape={'sample': [{'domain': '<domain>'}]})
    found['lists']['dedic'] = {'offered': None, 'refused': {'kind': 'access', 'object': 'ip',
                                                            'message': 'Access from this IP denied: 203.0.113.77'}}
    found['services']['vds']['edit'] = {'answers': True, 'autoprolong': '12', 'priced_autoprolong': ['1', '12']}
    found['catalogue'] = {'answers': True, 'tariffs': 3, 'types': {'vds': {'tariffs': 3, 'first_orderable': 6}}}
    judged, panel = verdicts(found), differences(found)
    report = report_of(found, judged, panel, 12, 0.5)
    text = json.dumps(report)
    assert '203.0.113.77' not in text and 'denied' not in text and '958' not in text and 'first_orderable' not in text
    assert report['lists']['dedic']['refused'] == {'kind': 'access', 'object': 'ip'}
    assert report['services']['vds']['edit'] == {'answers': True, 'autoprolong': '12', 'priced_autoprolong': 2}
    assert report['features']['power'] == 'works with a warning' and report['cost'] == {'requests': 12, 'seconds': 0.5}
    lines = table_of(found, judged, panel)
    assert lines[0] == 'panel: BILLmanager 5; old cart: yes; new cart: no; Dragon cart: yes; v2 order form: yes'
    assert lines[3].split()[:2] == ['dedic', '-'] and 'refused' in lines[3]
    assert lines[-1].startswith('account_info   works')
