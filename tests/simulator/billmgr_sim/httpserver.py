"""HTTP(S) front: paths, GET/POST parsing, connection drops and the access log."""

import datetime
import logging
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .request import BadRequestBody, parse as parse_params

LOG = logging.getLogger('billmgr_sim')
PATHS = ('/billmgr', '/manager/billmgr')
MAX_BODY = 16 * 1024 * 1024


class AccessLog:
    """One line per request: time, client, method, path, func, user, status, result.

    Never the query string or body: they may hold authinfo, auth or passwords.
    """

    def __init__(self, path):
        self._lock = threading.Lock()
        self._file = open(path, 'a', encoding='utf-8')  # pylint: disable=consider-using-with

    def write(self, client, method, path, func, user, status, result):
        line = '%s %s %s %s func=%s user=%s status=%s result=%s\n' % (
            datetime.datetime.now().isoformat(timespec='milliseconds'), client, method, path,
            _token(func), _token(user), status, _token(result))
        with self._lock:
            self._file.write(line)
            self._file.flush()

    def close(self):
        with self._lock:
            self._file.close()


def _token(value):
    return ''.join(ch if ch.isprintable() and not ch.isspace() else '_' for ch in (value or '-'))[:100]


class SimulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, app, access_log, ssl_context=None):
        self.app = app
        self.access_log = access_log
        self.ssl_context = ssl_context
        super().__init__(address, RequestHandler)

    def get_request(self):
        sock, address = super().get_request()
        self.app.counters.connection()
        if self.ssl_context is not None:
            # The handshake runs in the request's own thread (RequestHandler.setup), not in the accept loop.
            sock = self.ssl_context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    def handle_error(self, request, client_address):
        LOG.debug('connection from %s ended with an error', client_address, exc_info=True)


class RequestHandler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'billmgr-sim'
    sys_version = ''
    timeout = 120
    # An answer goes out as two writes, the headers and then the body. With Nagle's algorithm on, the body waits
    # for the client to acknowledge the headers, which a client delays by up to 40 ms: 40 ms on every small answer
    # of a kept-alive connection, which a web server sending the whole answer at once does not make anyone wait.
    disable_nagle_algorithm = True

    def setup(self):
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(10)
            self.request.do_handshake()
            self.server.app.counters.tls_handshake()
        super().setup()

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass  # the access log is written by _serve, without query strings

    def do_GET(self):  # pylint: disable=invalid-name
        self._serve(b'')

    def do_POST(self):  # pylint: disable=invalid-name
        length = int(self.headers.get('Content-Length') or 0)
        if length > MAX_BODY:
            self._send_plain(413, 'Request Entity Too Large')
            return
        self._serve(self.rfile.read(length) if length else b'')

    def _serve(self, body):
        url = urlsplit(self.path)
        path = url.path.rstrip('/') or '/'
        client = self.client_address[0]
        if path not in PATHS:
            self._send_plain(404, 'Not Found')
            self.server.access_log.write(client, self.command, path, None, None, 404, 'not-found')
            return
        try:
            params = parse_params(url.query, self.headers.get('Content-Type'), body)
        except BadRequestBody as exc:
            self._send_plain(400, str(exc))
            self.server.access_log.write(client, self.command, path, None, None, 400, 'bad-body')
            return
        outcome = self.server.app.handle(path, params, self.headers, client)
        self.server.access_log.write(client, self.command, path, params.get('func'), outcome.user,
                                     'dropped' if outcome.drop else outcome.status, outcome.result)
        if outcome.drop:
            self._drop()
            return
        self.send_response(outcome.status)
        self.send_header('Content-Type', outcome.content_type)
        self.send_header('Content-Length', str(len(outcome.body)))
        self.end_headers()
        self.wfile.write(outcome.body)

    def _drop(self):
        """Close the connection without a byte of answer (the client sees a reset or an empty reply)."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _send_plain(self, status, text):
        body = ('<html><body><h1>%d %s</h1></body></html>\n' % (status, text)).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'text/html')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
