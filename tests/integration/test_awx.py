# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""AWX / Automation Controller as docs/awx.md describes it, against the simulator.

The credential types and the inventory source are read from docs/awx.md and rendered the way AWX
renders custom credential types; jobs run through ansible_runner, the engine AWX runs them with.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import stat
import sys
import tempfile
import textwrap
from pathlib import Path
from types import SimpleNamespace

import ansible_runner
import pytest
from ansible.release import __version__ as ANSIBLE_CORE_VERSION
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from billmgr_sim.testing import listed

from conftest import ROOT, AnsibleRunner

AWX_MD = ROOT / 'docs' / 'awx.md'
USER = 'awxuser'
# Only in the credential: a string that occurs nowhere else, so any trace of it is a leak.
PASSWORD = 'Awx-Cred-5e1f0c9b7d'
ORDER_TASK = 'Order the VPS (or keep the one ordered before) and wait until it is active'
RENEW_TASK = 'Renew the VPS until it lasts renew_days days'


def awx_md_block(first_line):
    """The YAML code block of docs/awx.md whose first line is ``first_line``."""
    for block in re.findall(r'^```yaml\n(.*?)^```', AWX_MD.read_text(), flags=re.M | re.S):
        if block.splitlines()[0] == first_line:
            return yaml.safe_load(block)
    raise AssertionError('docs/awx.md has no yaml block starting with %r' % first_line)


def credential_type(name):
    return {'inputs': awx_md_block('# %s credential type: input configuration' % name),
            'injectors': awx_md_block('# %s credential type: injector configuration' % name)}


def awx_inject(cred_type, inputs, private_data_dir):
    """The environment AWX gives a job for a credential of a custom type.

    As CredentialType.inject_credential (awx/main/models/credential.py) does it: empty strings are
    left out, a boolean field the credential does not set is False whatever its default, ``file``
    templates are written to the job's private env/ directory and named by ``tower.filename``,
    and every template is rendered in an immutable Jinja sandbox.
    """
    fields = cred_type['inputs']['fields']
    assert set(cred_type['inputs'].get('required', [])) <= set(inputs), 'a required input is missing'
    assert set(inputs) <= set(field['id'] for field in fields), 'an input the type does not have'
    sandbox = ImmutableSandboxedEnvironment()
    tower = SimpleNamespace()
    namespace = {'tower': tower}
    for name, value in inputs.items():
        if isinstance(value, bool) or value:
            namespace[name] = value
    for field in fields:
        if field['type'] == 'boolean' and field['id'] not in inputs:
            namespace[field['id']] = False
    env_dir = Path(private_data_dir) / 'env'
    env_dir.mkdir(parents=True, exist_ok=True)
    for label, template in cred_type['injectors'].get('file', {}).items():
        handle, path = tempfile.mkstemp(dir=str(env_dir))
        with os.fdopen(handle, 'w') as stream:
            stream.write(sandbox.from_string(template).render(**namespace))
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        if '.' in label:
            if not isinstance(getattr(tower, 'filename', None), SimpleNamespace):
                tower.filename = SimpleNamespace()
            setattr(tower.filename, label.split('.', 1)[1], path)
        else:
            tower.filename = path
    return dict((name, sandbox.from_string(template).render(**namespace))
                for name, template in cred_type['injectors'].get('env', {}).items())


def documented_env_names():
    """The environment variables the inventory plugin documents (the modules read the same ones)."""
    from ansible_collections.ispsystem.billmgr.plugins.doc_fragments.billmgr import ModuleDocFragment
    options = yaml.safe_load(ModuleDocFragment.PLUGIN)['options']
    return set(env['name'] for option in options.values() for env in option.get('env', []))


@pytest.fixture
def panel(billmgr_sim_factory):
    """A simulator with a client whose password is in the credential only."""
    return billmgr_sim_factory(users=['%s=%s' % (USER, PASSWORD)])


@pytest.fixture
def no_billmgr_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith('BILLMGR_'):
            monkeypatch.delenv(name)


def runner_for(tmp_path, sim):
    (tmp_path / 'tmp').mkdir(exist_ok=True)
    return AnsibleRunner(tmp_path, sim)


def plain(value):
    """A value of ``ansible-inventory --export`` output: ansible-core 2.19 writes unsafe strings as {"__ansible_unsafe": "text"}."""
    return value['__ansible_unsafe'] if isinstance(value, dict) and set(value) == {'__ansible_unsafe'} else value


CORE = tuple(int(part) for part in ANSIBLE_CORE_VERSION.split('.')[:2])


def assert_awx_imports(listed):
    """AWX's inventory import reads group names, their hosts and children as strings: each is one, on every core. A
    variable is written as {"__ansible_unsafe": "text"} when its text could be a template; before ansible-core 2.19
    only then (2.19 and later write every string of a host's variables so)."""
    for group, body in listed.items():
        assert isinstance(group, str)
        if group != '_meta':
            assert all(isinstance(name, str) for key in ('hosts', 'children') for name in body.get(key, [])), (group, body)
    assert listed['_meta']['hostvars'], listed
    for host, variables in listed['_meta']['hostvars'].items():
        assert isinstance(host, str)
        for value in variables.values():
            for item in (value if isinstance(value, list) else [value]):
                if isinstance(item, dict):
                    assert set(item) == {'__ansible_unsafe'} and isinstance(item['__ansible_unsafe'], str), (host, item)
                    text = item['__ansible_unsafe']
                    assert CORE >= (2, 19) or '{' in text or '}' in text, (host, item)


# Every module by its short name (meta/runtime.yml redirects it to billmgr_*; the other tests use the long names).
ENV_ONLY_PLAYBOOK = '''
- name: Every module, the connection from the environment only
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Tariffs
      ispsystem.billmgr.pricelist_info:
        type: vds
        pricelist: VPS Mini
      register: tariffs

    - name: Order a VPS
      ispsystem.billmgr.service:
        type: vds
        remoteid: awx-env-1
        pricelist: VPS Mini
        period: 1
      register: vps

    - name: Renew it
      ispsystem.billmgr.prolong:
        id: "{{ vps.service.id }}"
        type: vds
        period: 1

    - name: A license
      ispsystem.billmgr.license:
        licname: awx-env-lic
        pricelist: ISPmanager Lite
        ip: 198.51.100.7
        period: 1

    - name: Licenses
      ispsystem.billmgr.license_info:
        licname: awx-env-lic

    - name: Services
      ispsystem.billmgr.service_info:
        type: vds
        remoteid: awx-env-1
'''


def test_the_credential_type_injects_what_the_collection_reads(tmp_path):
    env = awx_inject(credential_type('BILLmanager'), {'url': 'https://billing.example.com:1500/billmgr', 'username': USER, 'password': PASSWORD},
                     tmp_path)
    assert env == {'BILLMGR_URL': 'https://billing.example.com:1500/billmgr', 'BILLMGR_USERNAME': USER,
                   'BILLMGR_PASSWORD': PASSWORD, 'BILLMGR_VALIDATE_CERTS': 'true'}
    assert set(env) <= documented_env_names()
    insecure = awx_inject(credential_type('BILLmanager'), {'url': 'u', 'username': 'a', 'password': 'p', 'skip_tls_verify': True}, tmp_path)
    assert insecure['BILLMGR_VALIDATE_CERTS'] == 'false'

    ca_env = awx_inject(credential_type('BILLmanager CA'), {'ca_cert': '-----BEGIN CERTIFICATE-----\nMII\n'}, tmp_path)
    assert set(ca_env) == {'BILLMGR_CA_PATH'} <= documented_env_names()
    ca_file = Path(ca_env['BILLMGR_CA_PATH'])
    assert ca_file.parent == tmp_path / 'env' and ca_file.read_text().startswith('-----BEGIN CERTIFICATE-----')


def test_modules_take_the_connection_from_the_environment_only(tmp_path, panel, no_billmgr_env):
    ansible = runner_for(tmp_path, panel)
    credential = awx_inject(credential_type('BILLmanager'), {'url': panel.url, 'username': USER, 'password': PASSWORD}, tmp_path / 'job')
    balance = panel.account(USER)['balance']

    run = ansible.playbook(ENV_ONLY_PLAYBOOK, env=credential, extra_args=('-vvv',))
    assert run.rc == 0, run
    assert run.task('Tariffs')['pricelists'][0]['name'] == 'VPS Mini'
    service = run.task('Order a VPS')['service']
    assert run.task('Order a VPS')['changed'] is True and service['account'] == USER and service['status'] == 2
    assert run.task('Renew it')['renewals'] == 1
    assert run.task('A license')['changed'] is True
    assert [lic['licname'] for lic in run.task('Licenses')['licenses']] == ['awx-env-lic']
    assert [svc['id'] for svc in run.task('Services')['services']] == [service['id']]
    assert [row['id'] for row in listed(panel, 'vds', remoteid='awx-env-1')] == [str(service['id'])]
    assert panel.account(USER)['balance'] == balance - 250 - 250 - 400
    assert PASSWORD not in run.stdout + run.stderr + json.dumps(run.tasks)

    # Usage charges need an administrator: the seeded admin's credential, again from the environment only.
    admin = awx_inject(credential_type('BILLmanager'), {'url': panel.url, 'username': 'admin', 'password': 'Adm-2f9c'}, tmp_path / 'admin')
    charged = ansible.playbook('''
        - name: Usage charges
          hosts: localhost
          gather_facts: false
          tasks:
            - name: Charge yesterday
              ispsystem.billmgr.statdaily:
                item: %d
                statdate: "%s"
        ''' % (service['id'], (datetime.date.today() - datetime.timedelta(days=1)).isoformat()), env=admin)
    assert charged.rc == 0 and charged.task('Charge yesterday')['changed'] is True, charged

    # The variables are what the modules use: a wrong password is the panel's auth error, and nothing is bought.
    wrong = ansible.playbook(ENV_ONLY_PLAYBOOK, env=dict(credential, BILLMGR_PASSWORD='not-' + PASSWORD))
    assert wrong.rc != 0
    assert 'auth' in wrong.failed('Tariffs')[0]['result']['msg']
    # without any variable, nothing says where the panel is
    missing = ansible.playbook(ENV_ONLY_PLAYBOOK)
    assert missing.rc != 0 and 'url' in missing.failed('Tariffs')[0]['result']['msg']
    assert len(listed(panel, 'vds', account=USER)) == 1


def test_the_inventory_source_takes_the_connection_from_the_environment_only(tmp_path, panel, no_billmgr_env):
    ansible = runner_for(tmp_path, panel)
    source = awx_md_block('# inventories/billmgr/servers.billmgr.yml')
    assert not set(source) & {'url', 'username', 'password', 'session'}, 'the documented source must hold no credentials'
    assert panel.order_now('vds', USER, pricelist=1, domain='web1.awx.test')
    credential = awx_inject(credential_type('BILLmanager'), {'url': panel.url, 'username': USER, 'password': PASSWORD}, tmp_path / 'job')
    awx_update = {'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'True'}

    output = tmp_path / 'inventory.json'
    rc, _listed, stdout, stderr = ansible.inventory(source, env=dict(credential, **awx_update), extra_args=('--export', '--output', str(output), '-vvv'))
    assert rc == 0, stderr
    listed = json.loads(output.read_text())
    assert_awx_imports(listed)
    assert listed['billmgr_vds']['hosts'] == ['web1.awx.test']
    assert plain(listed['_meta']['hostvars']['web1.awx.test']['billmgr_account']) == USER
    assert 'dc_Frankfurt' in listed and 'tariff_VPS_Mini' in listed
    assert ('expiring' in listed) is (listed['_meta']['hostvars']['web1.awx.test']['billmgr_days_left'] <= 30)
    assert PASSWORD not in stdout + stderr

    rc, listed, stdout, stderr = ansible.inventory(source, env=awx_update)
    assert rc != 0 and listed is None and 'url' in stderr


def test_a_panel_with_a_self_signed_certificate(tmp_path, billmgr_sim_factory, no_billmgr_env):
    panel = billmgr_sim_factory(tls=True, users=['%s=%s' % (USER, PASSWORD)])
    ansible = runner_for(tmp_path, panel)
    inputs = {'url': panel.url, 'username': USER, 'password': PASSWORD}
    credential = awx_inject(credential_type('BILLmanager'), inputs, tmp_path / 'job')
    ca = awx_inject(credential_type('BILLmanager CA'), {'ca_cert': Path(panel.ca_path).read_text()}, tmp_path / 'job')
    insecure = awx_inject(credential_type('BILLmanager'), dict(inputs, skip_tls_verify=True), tmp_path / 'job')
    playbook = '''
        - name: List
          hosts: localhost
          gather_facts: false
          tasks:
            - name: Services
              ispsystem.billmgr.billmgr_service_info:
                type: vds
        '''
    source = 'plugin: ispsystem.billmgr.billmgr\n'
    vps = panel.order_now('vds', USER, pricelist=1, domain='tls.awx.test')
    update = {'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'True'}

    refused = ansible.playbook(playbook, env=credential)
    assert refused.rc != 0 and 'certificate' in refused.failed('Services')[0]['result']['msg']
    rc, _inventory, _stdout, stderr = ansible.inventory(source, env=dict(credential, **update))
    assert rc != 0 and 'certificate' in stderr
    for env in (dict(credential, **ca), insecure):
        listed = ansible.playbook(playbook, env=env)
        assert listed.rc == 0 and [svc['id'] for svc in listed.task('Services')['services']] == [int(vps)], listed
        rc, inventory, _stdout, stderr = ansible.inventory(source, env=dict(env, **update))
        assert rc == 0 and inventory['billmgr_vds']['hosts'] == ['tls.awx.test'], stderr


def awx_job_dir(tmp_path):
    """A private data directory laid out as AWX lays out a job's: the project with the playbooks and the inventory source."""
    private = tmp_path / 'awx-job'
    project = private / 'project'
    (project / 'inventories' / 'billmgr').mkdir(parents=True)
    for example in ('order_vps.yml', 'renew_expiring.yml'):
        (project / example).write_text((ROOT / 'examples' / example).read_text())
    source = project / 'inventories' / 'billmgr' / 'servers.billmgr.yml'
    source.write_text(yaml.safe_dump(awx_md_block('# inventories/billmgr/servers.billmgr.yml')))
    collections = tmp_path / 'collections' / 'ansible_collections' / 'ispsystem' / 'billmgr'
    collections.parent.mkdir(parents=True)
    collections.symlink_to(ROOT, target_is_directory=True)
    return private, source


def job_env(tmp_path, credential):
    """A job's environment: the credential, and this checkout's collection in place of the execution environment's."""
    return dict(credential, **{
        'PATH': os.environ['PATH'],
        'ANSIBLE_COLLECTIONS_PATH': str(tmp_path / 'collections'),
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        'ANSIBLE_HOME': str(tmp_path / 'ansible-home'),
        'ANSIBLE_LOCAL_TEMP': str(tmp_path / 'ansible-tmp'),
        'ANSIBLE_LOCALHOST_WARNING': 'False',
        'ANSIBLE_NOCOLOR': 'True',
    })


def inventory_script(private, inventory):
    """What AWX gives a job: its inventory as an executable script that prints the synced JSON."""
    path = private / 'inventory' / 'hosts'
    path.parent.mkdir(exist_ok=True)
    path.write_text('#!%s\nimport sys\nsys.stdout.write(%r)\n' % (sys.executable, json.dumps(inventory)))
    path.chmod(0o700)
    return str(path)


def ok_results(run, task):
    return [event['event_data']['res'] for event in run.events
            if event['event'] == 'runner_on_ok' and event['event_data'].get('task') == task]


def files_holding(directory, secret):
    return sorted(str(path.relative_to(directory)) for path in directory.rglob('*')
                  if path.is_file() and not path.is_symlink() and secret.encode() in path.read_bytes())


def test_jobs_through_ansible_runner(tmp_path, panel, no_billmgr_env, monkeypatch):
    # ansible_runner looks ansible-inventory up on this process's PATH: the one next to this Python.
    monkeypatch.setenv('PATH', '%s%s%s' % (Path(sys.executable).parent, os.pathsep, os.environ['PATH']))
    private, source = awx_job_dir(tmp_path)
    credential = awx_inject(credential_type('BILLmanager'), {'url': panel.url, 'username': USER, 'password': PASSWORD}, private)
    env = job_env(tmp_path, credential)
    common = dict(private_data_dir=str(private), envvars=env, suppress_env_files=True, quiet=True, timeout=300)
    balance = panel.account(USER)['balance']

    # A job template on localhost: the client orders for itself (customer empty: no account parameter).
    order = ansible_runner.run(ident='order', playbook='order_vps.yml', inventory='localhost ansible_connection=local',
                               extravars={'customer': ''}, verbosity=3, **common)
    assert (order.status, order.rc) == ('successful', 0), order.stdout.read()
    ordered = ok_results(order, ORDER_TASK)
    assert len(ordered) == 1 and ordered[0]['changed'] is True
    service = ordered[0]['service']
    assert (service['remoteid'], service['account'], service['status']) == ('example-web-01', USER, 2)
    assert order.stats['changed'] == {'localhost': 1} and not order.stats['failures']
    assert [event['event'] for event in order.events][-1] == 'playbook_on_stats'
    assert panel.account(USER)['balance'] == balance - 906
    expiry = listed(panel, 'vds', remoteid='example-web-01')[0]['expiredate']

    # The inventory update, as AWX runs it, then a job on the hosts it found.
    inventory, error = ansible_runner.get_inventory('list', [str(source)], response_format='json', export=True, ident='inventory-update',
                                                    **dict(common, envvars=dict(env, ANSIBLE_INVENTORY_UNPARSED_FAILED='True')))
    assert inventory['billmgr_vds']['hosts'] == ['web-01.example.com'], error
    assert_awx_imports(inventory)
    assert 'tariff_VPS_Start' in inventory and 'dc_Frankfurt' in inventory

    renew = ansible_runner.run(ident='renew', playbook='renew_expiring.yml', inventory=inventory_script(private, inventory),
                               extravars={'renew_days': 45}, verbosity=3, **common)
    assert (renew.status, renew.rc) == ('successful', 0), renew.stdout.read()
    renewed = ok_results(renew, RENEW_TASK)
    assert [(res['renewals'], res['expiredate_before']) for res in renewed] == [(1, expiry)]
    assert renew.stats['changed'] == {'web-01.example.com': 1}
    rows = listed(panel, 'vds', account=USER)
    assert len(rows) == 1 and rows[0]['expiredate'] == renewed[0]['expiredate'] > expiry
    assert panel.account(USER)['balance'] < balance - 906

    # The password reached the jobs only through the environment, and ansible-runner's own record of it is the only trace.
    for run in (order, renew):
        stdout = run.stdout.read()
        assert stdout and PASSWORD not in stdout
        assert PASSWORD not in json.dumps(list(run.events))
    assert PASSWORD not in json.dumps(inventory) + error
    assert not (private / 'env' / 'envvars').exists()
    assert files_holding(private, PASSWORD) == ['artifacts/%s/command' % ident for ident in ('inventory-update', 'order', 'renew')]


def test_the_leak_scan_finds_a_leak(tmp_path):
    (tmp_path / 'artifacts' / 'job').mkdir(parents=True)
    (tmp_path / 'artifacts' / 'job' / 'stdout').write_text(textwrap.dedent('''
        TASK [Debug] ***
        ok: [localhost] => {"msg": "%s"}
        ''' % PASSWORD))
    assert files_holding(tmp_path, PASSWORD) == ['artifacts/job/stdout']
