# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the benchmarks share with the integration tests: the simulator and the playbook runner.

A benchmark runs as ``python tests/perf/bench_X.py``, so Python puts tests/perf first on
sys.path and ``import _common`` finds this file; billmgr_sim is the installed distribution
(`make venv` installs tests/simulator editable).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from billmgr_sim import checkout
from billmgr_sim.clock import add_months  # noqa: F401 pylint: disable=unused-import
from billmgr_sim.playbook import AnsibleRunner  # noqa: F401 pylint: disable=unused-import
from billmgr_sim.testing import start_simulator  # noqa: F401 pylint: disable=unused-import

ROOT = Path(__file__).resolve().parents[2]
checkout.use_tree(ROOT)


def named_task(name, body):
    """A task list of one task: ``name`` and a module body given as (indented) YAML text."""
    return '- name: %s\n%s\n' % (name, textwrap.indent(textwrap.dedent(body).strip('\n'), '  '))
