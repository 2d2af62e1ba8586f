"""Request counters, so tests can assert how many calls a task made."""

import collections
import threading


class Counters:
    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        with self._lock:
            self.requests = 0
            self.by_func = collections.Counter()
            # Requests that carried sok (a confirmation: the mark of a write), by function; a read-only check shows none.
            self.confirmed_by_func = collections.Counter()
            self.by_user = collections.Counter()
            self.auth_failures = collections.Counter()
            self.connections = 0
            self.tls_handshakes = 0
            self.elems = 0
            self.elems_by_func = collections.Counter()
            self.faults_hit = collections.Counter()
            self.logins = collections.Counter()

    def request(self, func, user, confirmed=False):
        with self._lock:
            self.requests += 1
            self.by_func[func or ''] += 1
            if confirmed:
                self.confirmed_by_func[func or ''] += 1
            if user:
                self.by_user[user] += 1

    def auth_failure(self, user):
        with self._lock:
            self.auth_failures[user or ''] += 1

    def login(self, user):
        """A successful login: func=auth (password, key or authinfo) or a request's authinfo."""
        with self._lock:
            self.logins[user] += 1

    def connection(self):
        with self._lock:
            self.connections += 1

    def tls_handshake(self):
        with self._lock:
            self.tls_handshakes += 1

    def returned_elems(self, func, count):
        with self._lock:
            self.elems += count
            self.elems_by_func[func] += count

    def fault_hit(self, func, kind):
        with self._lock:
            self.faults_hit['%s:%s' % (func, kind)] += 1

    def snapshot(self):
        with self._lock:
            return {
                'requests': self.requests,
                'func': dict(self.by_func),
                'confirmed': dict(self.confirmed_by_func),
                'user': dict(self.by_user),
                'auth_failures': dict(self.auth_failures),
                'connections': self.connections,
                'tls_handshakes': self.tls_handshakes,
                'elems': self.elems,
                'elems_by_func': dict(self.elems_by_func),
                'faults_hit': dict(self.faults_hit),
                'logins': sum(self.logins.values()),
                'logins_by_user': dict(self.logins),
            }
