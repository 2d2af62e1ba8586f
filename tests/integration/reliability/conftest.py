# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures of the reliability suite.

``sim``     one simulator per test file, started with the file's ``SIMULATOR`` options (a dict of
            start_simulator keywords); each test resets it as it needs, which is much cheaper than a
            new process per test
``runner``  an AnsibleRunner on that simulator for the whole file, with a home of its own
``reliability_test``  counts each test for its theme and notes failures (the files use it for every test)
"""

from __future__ import annotations

import os

import pytest
from billmgr_sim.playbook import AnsibleRunner
from billmgr_sim.testing import start_simulator

from .report import FIGURES, SWITCH, publish, theme_of


@pytest.fixture(scope='module')
def sim(request, tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp('billmgr_sim'), **getattr(request.module, 'SIMULATOR', {}))
    yield simulator
    simulator.stop()


def file_runner(tmp_path_factory, sim):
    workdir = tmp_path_factory.mktemp('ansible')
    # Inventory caches and anything else written "to ~" stay in the test's directory.
    return AnsibleRunner(workdir, sim, home=workdir / 'home')


@pytest.fixture(scope='module')
def runner(tmp_path_factory, sim):
    return file_runner(tmp_path_factory, sim)


@pytest.fixture(scope='module')
def other_runner(tmp_path_factory, sim):
    """A second, independent ansible-playbook (its own files), as a second person or job would run it."""
    return file_runner(tmp_path_factory, sim)


@pytest.fixture(scope='session')
def reliability_figures(request):
    """FIGURES, and at the end of the session the report (only with BILLMGR_WRITE_RELIABILITY_REPORT=1)."""
    yield FIGURES
    if os.environ.get(SWITCH) == '1':
        publish(request.config, FIGURES)


@pytest.fixture
def reliability_test(request, reliability_figures):
    theme = theme_of(request.node.nodeid)
    reliability_figures.tests[request.node.nodeid] = theme
    failed_before = request.session.testsfailed
    yield reliability_figures
    # The call's report is logged before fixtures are torn down: a failed call has been counted by now.
    if request.session.testsfailed > failed_before:
        reliability_figures.failed.append(request.node.nodeid)
