"""Tests of the simulator itself: they talk to a real server process over HTTP."""

from pathlib import Path

import pytest

# billmgr_sim is the installed distribution (`make venv` installs tests/simulator editable); its pytest plugin,
# registered by the distribution's pytest11 entry point, gives the fixtures billmgr_sim and billmgr_sim_factory.
from billmgr_sim import checkout
from billmgr_sim.testing import start_simulator

checkout.use_tree(Path(__file__).resolve().parents[3])


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
