# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A scriptable local HTTP(S) server: each test queues the answers and reads back what the client sent."""

from __future__ import annotations

import datetime
import http.server
import ipaddress
import json
import ssl
import threading
import time
import urllib.parse

import pytest


class ScriptedHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass

    def do_GET(self):
        self._answer()

    def do_POST(self):
        self._answer()

    def _answer(self):
        server = self.server
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length).decode('utf-8') if length else ''
        server.requests.append({
            'method': self.command,
            'peer_port': self.client_address[1],
            'path': self.path,
            'headers': dict(self.headers.items()),
            'form': dict(urllib.parse.parse_qsl(body, keep_blank_values=True)),
        })
        answer = server.answers.pop(0) if server.answers else server.default_answer
        if answer.get('sleep'):
            time.sleep(answer['sleep'])
        if answer.get('drop'):
            self.close_connection = True
            self.connection.shutdown(2)
            return
        payload = answer.get('body', '')
        if not isinstance(payload, str):
            payload = json.dumps(payload)
        data = payload.encode('utf-8')
        self.send_response(answer.get('status', 200))
        self.send_header('Content-Type', answer.get('content_type', 'application/json'))
        self.send_header('Content-Length', str(len(data)))
        for key, value in answer.get('headers', {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


class ScriptedServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(('127.0.0.1', 0), ScriptedHandler)
        self.requests = []
        self.answers = []
        self.default_answer = {'body': {'doc': {'ok': {}}}}

    def queue(self, *answers):
        self.answers.extend(answers)

    @property
    def url(self):
        scheme = 'https' if isinstance(self.socket, ssl.SSLSocket) else 'http'
        return '%s://127.0.0.1:%d/billmgr' % (scheme, self.server_address[1])


def _serve(server):
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def http_server():
    server = ScriptedServer()
    _serve(server)
    yield server
    server.shutdown()
    server.server_close()


def _self_signed(tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'billmgr-test')])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address('127.0.0.1'))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = tmp_path / 'cert.pem'
    key_path = tmp_path / 'key.pem'
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


@pytest.fixture
def https_server(tmp_path):
    cert_path, key_path = _self_signed(tmp_path)
    server = ScriptedServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.ca_path = cert_path
    _serve(server)
    yield server
    server.shutdown()
    server.server_close()
