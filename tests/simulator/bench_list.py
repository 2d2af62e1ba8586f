"""Benchmark: how long a ``vds`` list of N services takes in out=json (not a pass/fail test).

    python tests/simulator/bench_list.py [--services 10000] [--rounds 5]
"""

import argparse
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from billmgr_sim.testing import start_simulator  # the installed distribution (make venv)


def timed_list(sim, out):
    data = urllib.parse.urlencode({'func': 'vds', 'out': out, 'authinfo': 'alice:Ali-6b1d', 'p_cnt': '100000'}).encode()
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(sim.url, data=data), timeout=60) as response:
        body = response.read()
    return time.perf_counter() - started, len(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--services', type=int, default=10000)
    parser.add_argument('--rounds', type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        # alice already owns two demo VPS: add the rest.
        with start_simulator(workdir, populate={'account': 'alice', 'vds': args.services - 2}) as sim:
            for out in ('json', 'sjson', 'xml'):
                timings = []
                size = 0
                for dummy in range(args.rounds):
                    seconds, size = timed_list(sim, out)
                    timings.append(seconds)
                print('vds list, %d services, out=%s: median %.3f s, best %.3f s, %.1f MB' % (
                    args.services, out, statistics.median(timings), min(timings), size / 1e6))
    return 0


if __name__ == '__main__':
    sys.exit(main())
