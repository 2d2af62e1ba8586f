# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""RESULTS.md (next to this file) is what users are shown: the committed figures must be the ones the targets ask for.

The suite writes the page (BILLMGR_WRITE_RELIABILITY_REPORT=1); this check stops a page from a failing run being
committed, and a page whose figures no longer meet the targets from staying.
"""

from __future__ import annotations

import re

from .report import REPORT


def summary():
    rows = re.findall(r'^\| ([^|]+?) \| ([^|]+?) \|$', REPORT.read_text(), flags=re.M)
    return dict((name.strip(), value.strip()) for name, value in rows)


def test_the_published_figures_meet_the_targets():
    figures = summary()
    assert re.fullmatch(r'\d+ \(0\)', figures['tests run (failed)']), figures['tests run (failed)']
    for name in ('duplicate services or licenses found', 'double charges found', 'failed runs without one clear message',
                 'secrets leaked', 'bad inputs that changed the panel'):
        assert figures[name] == '0', (name, figures[name])
    for name in ('access refusals checked (writes that got through)', 'hostile values x places checked (templated or executed)',
                 'TLS cases (accepted without trust)'):
        assert figures[name].endswith('(0)'), (name, figures[name])
    rejected, tried = (int(n) for n in figures['bad inputs rejected / tried'].split(' / '))
    assert rejected == tried >= 40
    assert figures['authentication attempts per failed task (max)'] == '1'
    assert '## Failed tests\n\nNone in this run.' in REPORT.read_text()
