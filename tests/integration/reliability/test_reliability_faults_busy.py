# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fault matrix (test_reliability_faults.py) for a slow panel, a maintenance page and "Request in process"."""

from __future__ import annotations

import pytest

from .test_reliability_faults import KINDS, KINDS_HERE, SIMULATOR, fault_then_rerun  # noqa: F401 pylint: disable=unused-import

pytestmark = pytest.mark.usefixtures('reliability_test')


@pytest.mark.parametrize('kind', [kind for kind in KINDS if kind not in KINDS_HERE])
def test_a_fault_then_one_rerun_leaves_exactly_what_was_asked_for(sim, runner, kind):
    fault_then_rerun(sim, runner, kind)
