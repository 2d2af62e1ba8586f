"""Tests of the simulator itself: they talk to a real server process over HTTP."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# pylint: disable=wrong-import-position,unused-import
# Imported rather than named in pytest_plugins, which pytest refuses in a conftest below the rootdir.
from billmgr_sim.pytest_plugin import billmgr_sim, billmgr_sim_factory  # noqa: E402,F401
from billmgr_sim.testing import start_simulator  # noqa: E402
# pylint: enable=wrong-import-position,unused-import


@pytest.fixture(scope='module')
def shared_sim(tmp_path_factory):
    """One simulator per test module; ``sim`` resets it to the seeded demo before each test."""
    sim = start_simulator(tmp_path_factory.mktemp('shared_sim'))
    yield sim
    sim.stop()


@pytest.fixture
def sim(shared_sim):
    shared_sim.reset()
    return shared_sim
