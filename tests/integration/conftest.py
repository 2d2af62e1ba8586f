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

from pathlib import Path

import pytest

# billmgr_sim is the installed distribution (`make venv` installs tests/simulator editable); its pytest plugin,
# registered by the distribution's pytest11 entry point, gives the fixtures billmgr_sim and billmgr_sim_factory.
from billmgr_sim import checkout
from billmgr_sim.playbook import AnsibleRunner, PlaybookRun  # noqa: F401 pylint: disable=unused-import

ROOT = Path(__file__).resolve().parents[2]
checkout.use_tree(ROOT)


@pytest.fixture
def ansible(tmp_path, billmgr_sim):
    runner = AnsibleRunner(tmp_path, billmgr_sim)
    yield runner
    # Every run is network-guarded (billmgr_sim.playbook): nothing a test runs may leave loopback (issue 36).
    assert runner.outside_connections() == [], runner.outside_connections()
