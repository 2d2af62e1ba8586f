# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Integration tests: real ansible-playbook / ansible-inventory runs against the BILLmanager simulator.

Fixtures:
  ``billmgr_sim``  a fresh simulator per test (from billmgr_sim.pytest_plugin)
  ``ansible``      an AnsibleRunner (billmgr_sim.playbook): ``ansible.tasks(yaml, user=...)`` runs a task list
                   on localhost connected to ``billmgr_sim``; ``playbook`` and ``inventory`` run whole files
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / 'tests' / 'simulator'))

# Imported rather than named in pytest_plugins, which pytest refuses in a conftest below the rootdir.
from billmgr_sim.playbook import AnsibleRunner, PlaybookRun  # noqa: E402,F401 pylint: disable=wrong-import-position,unused-import
from billmgr_sim.pytest_plugin import billmgr_sim, billmgr_sim_factory  # noqa: E402,F401 pylint: disable=wrong-import-position,unused-import


@pytest.fixture
def ansible(tmp_path, billmgr_sim):
    return AnsibleRunner(tmp_path, billmgr_sim)
