# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Secrets: every example, at -vvv, with a password that is a unique marker - the marker must show up nowhere.

Looked in: ansible's stdout and stderr, every task result (the JSON the test callback writes), the
simulator's access and events logs, the inventory cache, and failure messages - also behind a
"panel" (a proxy in front of the simulator) that echoes every request parameter, the password
included, in ``tparams`` and in its error messages, as a careless panel or proxy could.
"""

from __future__ import annotations

import base64
import json
import urllib.parse

import pytest

from billmgr_sim.playbook import ROOT
from billmgr_sim.testing import db_rows

from .proxy import RewritingProxy
from .report import FIGURES, ordered_row

pytestmark = pytest.mark.usefixtures('reliability_test')

MARKER = 'Rel-Secret.Mk7_Q4z9Xw'
WRONG = 'Wrong-Secret.Zq8_V3p1Lk'
EXAMPLES = ROOT / 'examples'


SIMULATOR = dict(users=['carol=' + MARKER])


def forms_of(secret):
    """The secret as it could be written anywhere: itself, URL-encoded, and inside authinfo (also base64)."""
    authinfo = 'carol:' + secret
    return set([secret, urllib.parse.quote(secret, safe=''), urllib.parse.quote_plus(secret), urllib.parse.quote_plus(authinfo),
                base64.b64encode(secret.encode()).decode(), base64.b64encode(authinfo.encode()).decode()])


def places(runner, sim, run=None, output=None):
    """Everything written that a secret could leak into, by name."""
    found = {}
    if run is not None:
        found['stdout'] = run.stdout
        found['stderr'] = run.stderr
        found['task results'] = json.dumps(run.tasks)
        found['failure messages'] = '\n'.join(t['result'].get('msg') or '' for t in run.tasks if t['outcome'] == 'failed')
    if output is not None:
        found['stdout'], found['stderr'] = output
    found['simulator access log'] = open(sim.log_path, encoding='utf-8', errors='replace').read()
    found['simulator events log'] = open(sim.events_log_path, encoding='utf-8', errors='replace').read()
    cache = runner.workdir / 'home'
    found['files under HOME (inventory cache)'] = '\n'.join(
        path.read_text(encoding='utf-8', errors='replace') for path in cache.rglob('*') if path.is_file())
    return found


def leaks(label, where, secrets):
    leaked = sorted(name for name, text in where.items() for secret in secrets if secret in text)
    FIGURES.add('secrets', runs=1, places_checked=len(where), secrets_leaked=len(set(leaked)))
    FIGURES.row('secrets', **ordered_row(run=label, places=len(where), leaks=', '.join(sorted(set(leaked))) or '0'))
    return sorted(set(leaked))


def env_for(sim, password=MARKER, url=None):
    # ANSIBLE_VERBOSE_TO_STDERR keeps ansible-inventory's stdout JSON at -vvv, as AWX runs it.
    return {'BILLMGR_URL': url or sim.url, 'BILLMGR_USERNAME': 'carol', 'BILLMGR_PASSWORD': password, 'ANSIBLE_VERBOSE_TO_STDERR': 'true'}


def example(name):
    return (EXAMPLES / name).read_text()


ECHOED = []


def echo_everything(form, body):
    """A panel that writes back every parameter it got, the password too, in tparams and in its error messages."""
    # The password travels once, in the login's body (func=auth); authinfo where a client still sends it.
    ECHOED.append(form.get('authinfo') or form.get('password') or '')
    try:
        data = json.loads(body)
    except ValueError:
        return body
    doc = data.get('doc') if isinstance(data, dict) else None
    if not isinstance(doc, dict):
        return body
    doc['tparams'] = dict((name, {'$': value}) for name, value in form.items())
    error = doc.get('error')
    if isinstance(error, dict):
        said = (error.get('msg') or {}).get('$', '')
        error['msg'] = {'$': '%s (authinfo=%s, password=%s)' % (said, form.get('authinfo', ''), form.get('password', ''))}
        error['detail'] = {'$': 'request: %s' % '&'.join('%s=%s' % pair for pair in form.items())}
        params = error.get('param') or []
        params = params if isinstance(params, list) else [params]
        error['param'] = params + [{'$name': 'value', '$': form.get('authinfo') or form.get('password') or ''}]
    return json.dumps(data).encode('utf-8')


def test_every_example_at_vvv_keeps_the_password_to_itself(sim, runner):
    sim.reset()
    secrets = forms_of(MARKER)
    found = {}
    # examples/order_vps.yml, with the password from the environment and, as it also documents, from -e
    vps = runner.playbook(example('order_vps.yml'), extra_args=['-vvv', '-e', 'customer=carol'], env=env_for(sim))
    found['order_vps.yml -vvv'] = (vps, leaks('order_vps.yml -vvv (password from BILLMGR_PASSWORD)', places(runner, sim, vps), secrets))
    extra = runner.playbook(example('order_vps.yml'), extra_args=[
        '-vvv', '-e', 'customer=carol', '-e', 'billmgr_url=%s' % sim.url, '-e', 'billmgr_username=carol', '-e', 'billmgr_password=%s' % MARKER])
    found['order_vps.yml -e'] = (extra, leaks('order_vps.yml -vvv (password from -e billmgr_password)', places(runner, sim, extra), secrets))
    # examples/licenses.yml
    licenses = runner.playbook(example('licenses.yml'), extra_args=['-vvv', '-e', 'customer=carol'], env=env_for(sim))
    found['licenses.yml'] = (licenses, leaks('licenses.yml -vvv', places(runner, sim, licenses), secrets))
    # examples/renew_expiring.yml on the hosts of examples/renew.billmgr.yml
    renew = runner.playbook(example('renew_expiring.yml'), extra_args=['-vvv', '-i', str(EXAMPLES / 'renew.billmgr.yml'), '-e', 'renew_days=45'],
                            env=env_for(sim))
    found['renew_expiring.yml'] = (renew, leaks('renew_expiring.yml -vvv with renew.billmgr.yml', places(runner, sim, renew), secrets))
    # examples/vps_role.yml: the role, with the password from the environment, and with the role's own vps_password
    role = runner.playbook(example('vps_role.yml'), extra_args=['-vvv', '-e', 'customer=carol', '-e', 'wait_for_ssh=false'], env=env_for(sim))
    found['vps_role.yml'] = (role, leaks('vps_role.yml -vvv', places(runner, sim, role), secrets))
    role_vars = runner.playbook(example('vps_role.yml'), extra_args=[
        '-vvv', '-e', 'customer=carol', '-e', 'wait_for_ssh=false', '-e', 'vps_url=%s' % sim.url, '-e', 'vps_username=carol',
        '-e', 'vps_password=%s' % MARKER])
    found['vps_role.yml vps_password'] = (role_vars, leaks('vps_role.yml -vvv (password from -e vps_password)', places(runner, sim, role_vars), secrets))
    # examples/inventory.billmgr.yml (with its cache, written under HOME)
    rc, data, stdout, stderr = runner.inventory(example('inventory.billmgr.yml'), name='inventory.billmgr.yml', extra_args=['-vvv'], env=env_for(sim))
    inventory_leaks = leaks('ansible-inventory -vvv -i inventory.billmgr.yml', places(runner, sim, output=(stdout, stderr)), secrets)

    # every example was run: a new one must be added here
    covered = {'order_vps.yml', 'licenses.yml', 'renew_expiring.yml', 'renew.billmgr.yml', 'vps_role.yml', 'inventory.billmgr.yml'}
    assert sorted(path.name for path in EXAMPLES.glob('*.yml')) == sorted(covered)
    for label, (run, leaked) in found.items():
        assert run.rc == 0, (label, run)
        assert leaked == [], (label, leaked)
    assert rc == 0 and data is not None, (stdout, stderr)
    carols = db_rows(sim, "SELECT domain FROM service WHERE status = 2 AND itemtype IN ('vds', 'dedic') AND "
                          "account_id = (SELECT id FROM account WHERE name = 'carol')")
    assert sorted(data['_meta']['hostvars']) == sorted(row['domain'] for row in carols) and len(carols) == 2, stderr
    assert inventory_leaks == []
    assert list((runner.workdir / 'home').rglob('*billmgr*')), 'the inventory cache was written, and looked into'
    # the runs did what the examples promise, so there was something to leak
    assert vps.task('Order the VPS (or keep the one ordered before) and wait until it is active')['changed'] is True
    assert renew.task('Renew the VPS until it lasts renew_days days', host='web-01.example.com')['renewals'] == 1
    assert sim.counters()['auth_failures'] == {}


def test_failures_say_nothing_secret_even_when_the_panel_echoes_the_password(sim, runner):
    sim.reset()
    del ECHOED[:]
    proxy = RewritingProxy(sim.url, echo_everything)
    try:
        # a wrong password that is itself a marker: the panel echoes it in its auth error
        wrong = runner.playbook(example('order_vps.yml'), extra_args=['-vvv', '-e', 'customer=carol'], env=env_for(sim, WRONG, proxy.url))
        wrong_leaks = leaks('order_vps.yml -vvv, wrong password, echoed by the panel', places(runner, sim, wrong), forms_of(WRONG))
        # the right password, echoed in tparams of every answer, and in the error of an order the balance cannot pay
        sim.set_balance('carol', 0)
        poor = runner.playbook(example('order_vps.yml'), extra_args=['-vvv', '-e', 'customer=carol'], env=env_for(sim, url=proxy.url))
        poor_leaks = leaks('order_vps.yml -vvv, order refused, password echoed in tparams and the error', places(runner, sim, poor), forms_of(MARKER))
        rc, _data, stdout, stderr = runner.inventory(example('renew.billmgr.yml'), name='renew.billmgr.yml', extra_args=['-vvv'],
                                                     env=dict(env_for(sim, WRONG, proxy.url), ANSIBLE_INVENTORY_UNPARSED_FAILED='true'))
        inventory_leaks = leaks('ansible-inventory -vvv, wrong password, echoed by the panel', places(runner, sim, output=(stdout, stderr)),
                                forms_of(WRONG))
    finally:
        proxy.close()

    # the panel really did send both passwords back
    assert any(WRONG in authinfo for authinfo in ECHOED) and any(MARKER in authinfo for authinfo in ECHOED)
    assert wrong.rc != 0
    auth = [t for t in wrong.tasks if t['outcome'] == 'failed'][0]['result']['msg']
    assert auth.startswith('BILLmanager error (auth/badpassword): Invalid username or password') and 'password=********' in auth, auth
    assert wrong_leaks == []
    assert poor.rc != 0
    refused = poor.task('Order the VPS (or keep the one ordered before) and wait until it is active')['msg']
    # The order went in the session: the password did not travel with it, so the panel had none to echo.
    assert refused.startswith('BILLmanager error (balance') and MARKER not in refused and 'password=)' in refused, refused
    assert poor_leaks == []
    assert rc != 0 and 'Invalid username or password' in stderr
    assert inventory_leaks == []
