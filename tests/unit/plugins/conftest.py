# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one stand-in for a panel in the unit tests: a real local HTTP(S) server that answers from a script.

Every unit test talks to it through the real BillmgrClient, so the POST body, the JSON
unwrapping and the error documents are those of production in every test. A test scripts
the panel in one of three ways, tried in this order for each request:

- ``server.queue(answer, ...)``: the next requests get these answers, whatever their func;
- ``server.answer('soft', answer, ...)``: requests for ``func=soft`` get these in turn, the last one repeats;
- ``server.handler = callable(form)``: a small panel with state, for tests that need one.

An answer is a raw HTTP answer (``{'body': ..., 'status': 503, 'drop': True, 'sleep': 1.5}``);
``doc(...)`` and ``error(...)`` build the usual ones, and a callable ``form -> answer`` is
called with the request's form. What the client sent is read back with ``funcs()``,
``sent(func)`` and ``writes()``.
"""

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

# What the client adds to every request (and every page of a list): not what a test is about.
PLUMBING = ('func', 'out', 'lang', 'authinfo', 'auth', 'p_num', 'p_cnt')
# Writes that take no sok=ok; every other write is confirmed with sok=ok, which is how the server tells a write.
WRITES_WITHOUT_SOK = ('service.statdaily', 'service.start', 'service.stop', 'service.reboot', 'service.hardreboot',
                      'service.changepricelist.getmoney') + tuple(
    '%s.%s' % (kind, action) for kind in ('soft', 'vds', 'dedic', 'vhost', 'platform') for action in ('suspend', 'resume'))
# ...and the old billing's IP check and the tariff change's terms step take sok=ok although they change nothing
# (the terms step: real-panels-2 §3.2, E22).
READS_WITH_SOK = ('software.licinfo', 'service.changepricelist.pricelist')
PASSWORD = 'pw'


def doc(fields=None, **more):
    """A success answer carrying this ``doc`` (plain values: the client's unwrapping leaves them as they are)."""
    body = dict(fields or {})
    body.update(more)
    return {'body': {'doc': body}}


def ok(**fields):
    return doc(dict(fields, ok=''))


def listing(*elems):
    """One list page holding every element given (p_elems says there is no other page)."""
    return doc(elem=list(elems), p_elems=str(len(elems)))


def error(kind, obj=None, msg='refused'):
    """BILLmanager's error document, as JSON."""
    node = {'$type': kind, 'msg': {'$': msg}}
    if obj is not None:
        node['$object'] = obj
    return {'body': {'doc': {'error': node}}}


# The connection is cut before any answer: a write's outcome is then unknown.
DROP = {'drop': True}


# -- the two carts, as real panels show them (real-panels.md 4.1) ----------------------

def old_cart(billorder=None, *lines):
    """BILLmanager 5 ``basket``: ``billorder`` at the top, lines in ``list[$name=itemlist]`` (E5, E14).

    A line is ``(line id, item.type, item.id, desc)``.
    """
    elems = [{'id': str(line_id), 'item.type': item_type, 'item.id': str(item_id), 'desc': desc, 'cost': '500.00',
              'rolled_back': 'off'} for line_id, item_type, item_id, desc in lines]
    body = {'total_sum': '%d.00' % (500 * len(elems)), 'tax': '0.00', 'list': {'$name': 'itemlist', 'elem': elems}}
    if billorder is not None:
        body['billorder'] = str(billorder)
    return doc(body)


def new_cart(*lines):
    """BILLmanager 6 ``cart``: ``list[$name=lineitems]`` with ``main``, ``price``, ``configuration``, ``action`` (E1).

    A line is ``(line id, item.type or None, action, main)``.
    """
    elems = []
    for line_id, item_type, action, main in lines:
        elem = {'id': str(line_id), 'main': main, 'price': '500.00', 'configuration': 'period 1 month', 'action': action}
        if item_type:
            elem['item.type'] = item_type
        elems.append(elem)
    return doc({'list': {'$name': 'lineitems', 'elem': elems}, 'total': {'cost': '%d.00' % (500 * len(elems)), 'currency': 'RUB'}})


# A panel without the new cart (BILLmanager 5, or 6 before 6.71) does not know func=cart.
NO_NEW_CART = error('missed', 'func', "Function 'cart' not found")


# -- the real pricelist.export, as BILLmanager writes it (real-panels.md 7.1) --------

def x(value):
    """One element's text in BILLmanager's JSON notation."""
    return {'$': str(value)}


def _one_or_many(nodes):
    """BILLmanager's JSON gives one child as an object and several as an array."""
    nodes = list(nodes)
    return nodes[0] if len(nodes) == 1 else nodes


# How the export words each period code (the element's text; the code is @length, E9, E10).
PERIOD_WORDS = {1: 'monthly', 3: 'quarterly', 6: 'semi-annual', 12: 'annual', 24: 'biennial', 36: 'triennial',
                -100: 'trial', -50: 'daily', 0: 'one-time'}
# Numeric item type ids, as real exports number them ("3", "21", "40", E10); the name is in itemtype_info.
ITEMTYPE_IDS = {'vds': 3, 'vhost': 1, 'dedic': 40, 'soft': 21}
MEASURE_IDS = {'MB': 1, 'GB': 2, 'pcs': 3, 'cores': 4, 'Mbit/s': 5}
ADDON_TYPES = {'boolean': '1', 'integer': '2', 'enum': '3'}


def export_price(costs, currency='RUB'):
    """``price[@currency]/period[@type,@length,@cost]``; ``costs`` is ``[(period code, cost), ...]``."""
    periods = [{'$cost': str(cost), '$type': 'month', '$length': str(code), '$': PERIOD_WORDS.get(code, str(code))}
               for code, cost in costs]
    return {'$currency': currency, 'period': _one_or_many(periods)}


def export_addon(addon_id, name, kind='integer', low=None, high=None, step=None, included=None, measure=None,
                 costs=((1, '0.0000'),), choices=(), intname=None, enumeration_id=None):
    """One ``addon`` of an export tariff: ``addontype`` 1/2/3, ``addonmin``/``addonmax``/``addonstep``/``addonlimit``,
    ``measure`` and ``enumeration`` each given twice (an id, then the object), as real panels write them (E9, E10).

    ``choices`` of an enum are ``(id, name)`` or ``(id, name, costs)``.
    """
    node = {'id': x(addon_id), 'name': x(name), 'name_ru': x(name), 'intname': x(intname or name.lower().replace(' ', '_')),
            'addontype': x(ADDON_TYPES[kind]), 'billtype': x(2)}
    for key, value in (('addonmin', low), ('addonmax', high), ('addonstep', step), ('addonlimit', included)):
        if value is not None:
            node[key] = x(value)
    if measure is not None:
        measure_id = MEASURE_IDS.get(measure, 9)
        node['measure'] = [x(measure_id), {'id': x(measure_id), 'name': x(measure)}]
    if costs:
        node['price'] = export_price(costs)
    if kind == 'enum':
        enumeration_id = enumeration_id or addon_id
        items = []
        for choice in choices:
            item_id, item_name = choice[0], choice[1]
            item_costs = choice[2] if len(choice) > 2 else ((1, '0.0000'),)
            items.append({'id': x(item_id), 'name': x(item_name), 'price': export_price(item_costs)})
        node['enumeration'] = [x(enumeration_id), {'id': x(enumeration_id), 'name': x(name),
                                                   'enumerationitem': _one_or_many(items)}]
    return node


def export_tariff(tariff_id, name, itemtype='vds', costs=((1, '500.0000'),), datacenters=((1, 'Frankfurt'),), addons=(),
                  ostempls=(), active='on', archived='off', hideinorder='off', currency='RUB'):
    """One ``pricelist`` of a real export: numeric ``itemtype`` with its name in ``itemtype_info/intname``, prices by
    period code, datacenters, add-ons (``export_addon``) and OS templates in ``itemtypeparam`` (``(intname, name)``)."""
    node = {'id': x(tariff_id), 'name': x(name), 'name_ru': x(name), 'description': x('%s (%s)' % (name, itemtype)),
            'active': x(active), 'hideinorder': x(hideinorder), 'archived': x(archived),
            'itemtype': x(ITEMTYPE_IDS.get(itemtype, 99)), 'itemtype_info': {'intname': x(itemtype)},
            'max_multiple_order_count': x(10)}
    if costs:
        node['price'] = export_price(costs, currency)
    if datacenters:
        node['datacenter'] = _one_or_many({'id': x(dc_id), 'name': x(dc_name), 'name_ru': x(dc_name)}
                                          for dc_id, dc_name in datacenters)
    if addons:
        node['addon'] = _one_or_many(addons)
    if ostempls:
        node['itemtypeparam'] = {'id': x(106), 'name': x('Operating system'), 'intname': x('ostempl'),
                                 'itemtypeparamvalue': _one_or_many(
                                     {'id': x(10601 + i), 'name': x(title), 'intname': x(key)}
                                     for i, (key, title) in enumerate(ostempls))}
    return node


def export(*tariffs):
    """The answer of ``pricelist.export``: its ``pricelist`` elements (one as an object, several as an array)."""
    return {'body': {'doc': {'$func': 'pricelist.export', 'pricelist': _one_or_many(tariffs) if tariffs else []}}}


def order_form(cost='500.00', currency='RUB', summary=True, orderinfo=True, autoprolong=None, **values):
    """A v2 order form (no sok) as real panels answer it: the price in ``list[$name=total_summary]`` and in words in
    ``orderinfo`` (real-panels.md 3.8, E1, E3, E5); ``values`` are the form's fields. ``autoprolong``: the keys of its
    select list (``('off', 'on')`` on the new order API, E20; months on older v2 forms, seed 003)."""
    body = dict((key, x(value)) for key, value in values.items())
    if autoprolong is not None:
        body['slist'] = {'$name': 'autoprolong', 'val': [{'$key': key, '$': key} for key in autoprolong]}
    if summary:
        body['list'] = [
            {'$name': 'pricelist_summary', 'elem': {'label': x('Base cost'),
                                                    'cost': {'price': {'cost': x(cost), 'currency': x(currency)}}}},
            {'$name': 'total_summary', 'elem': {'label': x('Total'),
                                                'cost': {'price': {'cost': x(cost), 'currency': x(currency)}}}}]
    if orderinfo:
        body['orderinfo'] = x('Total amount: %s %s' % (cost, currency))
    return {'body': {'doc': body}}


class ScriptedHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True  # else each answer's body waits up to 40 ms for the ack of its headers

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
        form = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
        # The login (func=auth) is plumbing like authinfo was: kept apart, so a test's requests are what it is about.
        (server.logins if form.get('func') == 'auth' else server.requests).append({
            'method': self.command,
            'peer_port': self.client_address[1],
            'path': self.path,
            'headers': dict(self.headers.items()),
            'form': form,
        })
        answer = server.next_answer(form)
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
        self.logins = []
        self.answers = []
        self.scripts = {}
        self.handler = None
        self.default_answer = ok()

    # -- scripting -----------------------------------------------------------------------

    def queue(self, *answers):
        self.answers.extend(answers)

    def answer(self, func, *answers):
        self.scripts.setdefault(func, []).extend(answers)

    def next_answer(self, form):
        func = form.get('func')
        if func == 'auth':
            # A login answers a session (and the user's level, a client's unless scripted) without taking a queued answer.
            script = self.scripts.get('auth')
            if script:
                answer = script.pop(0) if len(script) > 1 else script[0]
                return answer(form) if callable(answer) else answer
            sid = 'sid-%d' % (len(self.logins) - 1)
            return doc(auth={'id': sid, 'level': '16', 'text': sid})
        if self.answers:
            answer = self.answers.pop(0)
        elif self.scripts.get(func):
            script = self.scripts[func]
            answer = script.pop(0) if len(script) > 1 else script[0]
        elif self.handler is not None:
            answer = self.handler
        else:
            answer = self.default_answer
        return answer(form) if callable(answer) else answer

    # -- reading back what the client sent -------------------------------------------------

    @property
    def url(self):
        scheme = 'https' if isinstance(self.socket, ssl.SSLSocket) else 'http'
        return '%s://127.0.0.1:%d/billmgr' % (scheme, self.server_address[1])

    def funcs(self):
        return [r['form'].get('func') for r in self.requests]

    def sent(self, func=None):
        """The parameters of each request (of ``func``), without what the client adds to all of them."""
        return [params_of(r['form']) for r in self.requests if func is None or r['form'].get('func') == func]

    def writes(self):
        """``(func, params)`` of every write the client made."""
        return [(r['form']['func'], params_of(r['form'])) for r in self.requests if is_write(r['form'])]


def params_of(form):
    return dict((k, v) for k, v in form.items() if k not in PLUMBING)


def is_write(form):
    if form.get('func') in READS_WITH_SOK:
        return False
    return form.get('sok') == 'ok' or form.get('func') in WRITES_WITHOUT_SOK


class FakeTime(object):
    """The client's clock: it moves only when the client sleeps, so polls are instant and exact."""

    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 3))
        self.now += seconds

    def clock(self):
        return self.now


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


@pytest.fixture
def fake_time():
    return FakeTime()


@pytest.fixture
def client(http_server, fake_time):
    """A real client of the scripted server, on the fake clock."""
    # Imported here, not at the top: under plain pytest the inventory tests re-import the collection
    # (test_billmgr.py installs Ansible's collection finder), and a client made from a stale module
    # would raise errors of another BillmgrError class than the one the tests catch.
    from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._client import BillmgrClient
    return BillmgrClient(http_server.url, username='alice', password=PASSWORD, timeout=5, sleep=fake_time.sleep,
                         clock=fake_time.clock)


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


@pytest.fixture(autouse=True)
def private_locks(tmp_path_factory, monkeypatch):
    """Each test's own folder for the per-identity locks: tests running side by side (xdist workers, other checkouts)
    order and renew the same ids, and would otherwise wait for each other's locks."""
    import tempfile
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path_factory.mktemp('locks')))
