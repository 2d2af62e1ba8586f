"""Injected faults: a matching request fails in a chosen way, COUNT times.

A target is a function name, ``*`` (every function), or a function with parameters, ``FUNC&NAME=VALUE...``: a
function that both reads and writes (``basket`` shows the cart and, with ``clicked_button=free``, pays it) can then
lose the answer to the write alone.
"""

import threading

KINDS = ('drop-after-commit', 'drop-before-commit', 'http502', 'http503', 'slow', 'html', 'busy')
# Faults answered without running the function at all.
SHORT_CIRCUIT = frozenset(('http502', 'http503', 'html', 'busy'))


class FaultSpecError(ValueError):
    pass


def parse_spec(spec):
    """``FUNC:KIND[:COUNT]`` -> (func, kind, count)."""
    parts = spec.split(':')
    if len(parts) not in (2, 3):
        raise FaultSpecError('expected FUNC:KIND[:COUNT], got %r' % spec)
    count = parts[2] if len(parts) == 3 else '1'
    return validate(parts[0], parts[1], count)


def validate(target, kind, count):
    if not target:
        raise FaultSpecError('a fault needs a function name or *')
    if kind not in KINDS:
        raise FaultSpecError('unknown fault kind %r (one of %s)' % (kind, ', '.join(KINDS)))
    try:
        count = int(count)
    except (TypeError, ValueError) as exc:
        raise FaultSpecError('COUNT must be a number, got %r' % count) from exc
    if count < 1:
        raise FaultSpecError('COUNT must be at least 1')
    return target, kind, count


def matches(target, func, params):
    """Whether ``target`` (``*``, ``FUNC`` or ``FUNC&NAME=VALUE...``) names this request."""
    name, dummy, query = target.partition('&')
    if name not in ('*', func):
        return False
    for pair in query.split('&') if query else ():
        key, dummy, value = pair.partition('=')
        if params is None or (params.get(key) or '') != value:
            return False
    return True


class FaultRegistry:
    def __init__(self, slow_seconds):
        self._lock = threading.Lock()
        self._faults = []  # [target, kind, remaining]
        self.slow_seconds = slow_seconds

    def add(self, target, kind, count=1):
        with self._lock:
            self._faults.append([target, kind, count])

    def clear(self, target=None):
        with self._lock:
            self._faults = [fault for fault in self._faults if target not in (None, '', fault[0])]

    def take(self, func, params=None):
        """The kind of the first armed fault matching ``func`` and ``params`` (using it up), or None."""
        with self._lock:
            for fault in self._faults:
                if matches(fault[0], func, params) and fault[2] > 0:
                    fault[2] -= 1
                    if fault[2] == 0:
                        self._faults.remove(fault)
                    return fault[1]
        return None

    def armed(self):
        with self._lock:
            return [tuple(fault) for fault in self._faults]
