"""pytest fixtures, registered by the billmgr-sim distribution's ``pytest11`` entry point (``pip install`` is all it takes).

billmgr_sim          a fresh simulator (new database, processing delay 0) for one test; panel 5 unless
                     parametrized indirectly: @pytest.mark.parametrize('billmgr_sim', [5, 6], indirect=True)
billmgr_sim_factory  start more, with options: factory(tls=True, faults=['vds:http502'], panel=6, ...)
BOTH_PANELS          a ready marker: run the test once on panel 5 and once on panel 6 (ids bm5, bm6)
"""

import pytest

from .testing import start_simulator

PANELS = (5, 6)
BOTH_PANELS = pytest.mark.parametrize('billmgr_sim', PANELS, indirect=True, ids=['bm5', 'bm6'])


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
def billmgr_sim(request, billmgr_sim_factory):
    """The panel generation comes from an indirect parameter (request.param), 5 when the test does not give one."""
    return billmgr_sim_factory(panel=getattr(request, 'param', 5))
