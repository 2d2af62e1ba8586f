"""pytest fixtures: ``pytest_plugins = ['billmgr_sim.pytest_plugin']`` (with tests/simulator on sys.path).

billmgr_sim          a fresh simulator (new database, processing delay 0) for one test
billmgr_sim_factory  start more, with options: factory(tls=True, faults=['vds:http502'], ...)
"""

import pytest

from .testing import start_simulator


@pytest.fixture
def billmgr_sim_factory(tmp_path):
    started = []

    def factory(**options):
        sim = start_simulator(tmp_path / ('billmgr_sim_%d' % len(started)), **options)
        started.append(sim)
        return sim

    yield factory
    for sim in started:
        sim.stop()


@pytest.fixture
def billmgr_sim(billmgr_sim_factory):
    return billmgr_sim_factory()
