# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ci/stages.sh, which `make test` runs: stages in order, lanes of stages side by side, the first failure stops all.

Each test runs the script from a scratch tree of its own, whose Makefile's targets say where they ran and when.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

MAKEFILE = '''\
# Each target appends "NAME start|end BUILD" to $(CURDIR)/events; "slow" takes a while, "bad" fails.
BUILD ?= $(CURDIR)/.build
record = echo "$(1) $(2) $(BUILD)" >> $(CURDIR)/events
first second third:
\t@$(call record,$@,start); echo "output of $@"; $(call record,$@,end)
slow:
\t@$(call record,$@,start); sleep 3; $(call record,$@,end)
bad:  # fails once slow has started (if it runs beside it), so that there is a stage to stop
\t@$(call record,$@,start); for _ in $$(seq 100); do grep -q "^slow start" events 2>/dev/null && break; sleep 0.1; done; \
\t  echo "bad went wrong"; exit 3
'''


@pytest.fixture
def tree(tmp_path):
    (tmp_path / 'ci').mkdir()
    shutil.copy(ROOT / 'ci' / 'stages.sh', tmp_path / 'ci' / 'stages.sh')
    (tmp_path / 'Makefile').write_text(MAKEFILE)
    return tmp_path


def stages(tree, *steps):
    # Run from `make test`, this test inherits make's variables (MAKEFLAGS holds BUILD=...): the scratch tree has its own.
    env = dict((name, value) for name, value in os.environ.items() if name not in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'BUILD'))
    started = time.monotonic()
    result = subprocess.run(['bash', str(tree / 'ci' / 'stages.sh')] + list(steps), capture_output=True, text=True,
                            cwd=str(tree), env=env, timeout=60, check=False)
    return result, time.monotonic() - started


def events(tree):
    return [line.split() for line in (tree / 'events').read_text().splitlines()]


def summary(result):
    return result.stdout.split('=== summary', 1)[1]


def test_stages_run_in_order_and_lanes_side_by_side_each_in_a_build_directory_of_its_own(tree):
    result, _took = stages(tree, 'first', 'slow | second third')
    assert result.returncode == 0, result.stdout + result.stderr
    happened = events(tree)
    assert happened[:2] == [['first', 'start', str(tree / '.build')], ['first', 'end', str(tree / '.build')]]
    # second and third ran while slow did, in lane 2's own directory.
    slow_end = happened.index(['slow', 'end', str(tree / '.build')])
    assert happened.index(['third', 'end', str(tree / '.build' / 'lane-2')]) < slow_end
    # The second lane's output is shown after the step, stage by stage.
    assert '=== second (lane 2) ===\noutput of second' in result.stdout
    assert 'stages: 4 ok, 0 failed' in result.stdout
    for stage in ('first', 'slow', 'second', 'third'):
        assert (tree / '.build' / 'stage-logs' / (stage + '.log')).is_file()


def test_a_failure_in_one_lane_stops_the_other_and_fails_the_run(tree):
    result, took = stages(tree, 'slow | first bad second', 'third')
    assert result.returncode == 1
    assert took < 3, 'slow was not stopped'  # it sleeps 3 s once started
    text = summary(result)
    assert 'slow               stopped' in text and 'bad                FAILED' in text and 'first              ok' in text
    assert 'second' not in text and 'third' not in text
    assert 'bad went wrong' in result.stdout
    assert ['slow', 'end', str(tree / '.build')] not in events(tree)


def test_a_stage_named_twice_in_one_step_is_refused_before_anything_runs(tree):
    result, _took = stages(tree, 'first | first')
    assert result.returncode == 1
    assert 'a stage appears twice' in result.stderr
    assert not (tree / 'events').exists()
