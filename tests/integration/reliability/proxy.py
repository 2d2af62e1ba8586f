# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A man in the middle: what a stranger panel (or a proxy) could send back."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class RewritingProxy(object):
    """An HTTP proxy in front of the simulator that changes its answers, to play a panel that behaves worse.

    ``rewrite(form, body_bytes) -> body_bytes`` gets the request's form fields (secrets included) and
    the simulator's answer.
    """

    def __init__(self, target_url, rewrite):
        self.target_url = target_url
        self.rewrite = rewrite
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # pylint: disable=invalid-name
                body = self.rfile.read(int(self.headers.get('Content-Length') or 0))
                form = dict(urllib.parse.parse_qsl(body.decode('utf-8', 'replace'), keep_blank_values=True))
                headers = dict((key, value) for key, value in self.headers.items() if key.lower() in ('content-type', 'isp-client'))
                request = urllib.request.Request(proxy.target_url, data=body, headers=headers, method='POST')
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        status, content_type, answer = response.status, response.headers.get('Content-Type'), response.read()
                except urllib.error.HTTPError as err:
                    status, content_type, answer = err.code, err.headers.get('Content-Type'), err.read()
                answer = proxy.rewrite(form, answer)
                self.send_response(status)
                self.send_header('Content-Type', content_type or 'application/json')
                self.send_header('Content-Length', str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format, *args):  # pylint: disable=redefined-builtin
                pass

        self.server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:%d/billmgr' % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
