# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulator as a user gets it (done when of issue 23): installed from the checkout into a fresh venv (conftest.py),
``billmgr-sim serve --seed`` lists the seed file's tariffs through the collection, and the pytest plugin's fixtures work
in a project that imports nothing from the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import yaml

from conftest import DEV_BIN, ROOT, collections_path, free_port, run, user_env

MY_PANEL = textwrap.dedent('''\
    datacenters:
      - {id: 7, name: Helsinki}
    addons:
      - {id: 501, name: RAM, type: integer, unit: MB, price: 0.5}
    tariffs:
      - {id: 301, type: vds, name: Tiny VPS, price: 199, periods: [1, 12], datacenters: [7],
         addons: [{id: 501, min: 512, max: 4096, step: 512, included: 1024}]}
      - {id: 302, type: vds, name: Big VPS, price: 2990, periods: [1], datacenters: [7]}
      - {id: 303, type: vhost, name: Web Hosting, price: 99, periods: [1, 3, 12], datacenters: [7]}
    users:
      - {name: boss, password: boss-pw, admin: true}
      - {name: dev, password: dev-pw, balance: 10000}
    ''')


def test_the_installed_package_is_not_the_checkout(fresh_venv, tmp_path):
    shown = run([fresh_venv / 'bin' / 'python', '-c', 'import billmgr_sim; print(billmgr_sim.__file__)'],
                env=user_env(fresh_venv), cwd=tmp_path).stdout.strip()
    assert shown.startswith(str(fresh_venv) + os.sep) and 'site-packages' in shown
    module_site = Path(shown).parent / 'module_site' / 'sitecustomize.py'
    assert module_site.is_file()  # package data the playbook runner needs
    version = run([fresh_venv / 'bin' / 'billmgr-sim', '--version'], env=user_env(fresh_venv), cwd=tmp_path).stdout
    assert version.startswith('billmgr-sim ')
    # The installed distribution declares the collection's licence (galaxy.yml), in its metadata and its classifier.
    metadata = json.loads(run([fresh_venv / 'bin' / 'python', '-c', 'import importlib.metadata, json; m = importlib.metadata.metadata('
                               '"billmgr-sim"); print(json.dumps({"license": m["License"], "classifiers": m.get_all("Classifier")}))'],
                              env=user_env(fresh_venv), cwd=tmp_path).stdout)
    assert metadata['license'] == 'GPL-3.0-or-later'
    assert 'License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)' in metadata['classifiers']
    assert yaml.safe_load((ROOT / 'galaxy.yml').read_text(encoding='utf-8'))['license'] == [metadata['license']]


def test_serve_with_a_seed_file_and_list_its_tariffs_with_the_collection(fresh_venv, tmp_path):
    (tmp_path / 'my-panel.yml').write_text(MY_PANEL, encoding='utf-8')
    port = free_port()
    output = tmp_path / 'billmgr-sim.out'
    with open(output, 'w', encoding='utf-8') as stream:
        server = subprocess.Popen(['billmgr-sim', 'serve', '--port', str(port), '--db', str(tmp_path / 'state' / 'sim.sqlite'),
                                   '--seed', 'my-panel.yml'], cwd=tmp_path, env=user_env(fresh_venv), stdout=stream,
                                  stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while 'listening on' not in output.read_text(encoding='utf-8'):
            assert server.poll() is None and time.monotonic() < deadline, output.read_text(encoding='utf-8')
            time.sleep(0.05)
        (tmp_path / 'list.yml').write_text(textwrap.dedent('''\
            - name: The tariffs of the seeded panel
              hosts: localhost
              gather_facts: false
              tasks:
                - name: List them
                  ispsystem.billmgr.billmgr_pricelist_info:
                    url: http://127.0.0.1:%d/billmgr
                    username: dev
                    password: dev-pw
                  register: listed
                - name: Keep what was listed
                  ansible.builtin.copy:
                    content: "{{ listed.pricelists | to_json }}"
                    dest: "{{ playbook_dir }}/pricelists.json"
                    mode: "0600"
            ''' % port), encoding='utf-8')
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections_path(tmp_path)), ANSIBLE_PYTHON_INTERPRETER=sys.executable,
                   ANSIBLE_LOCAL_TEMP=str(tmp_path / 'ansible-tmp'), ANSIBLE_HOME=str(tmp_path / 'ansible-home'))
        env.pop('PYTHONPATH', None)
        run([DEV_BIN / 'ansible-playbook', '-i', 'localhost,', '-c', 'local', 'list.yml'], cwd=tmp_path, env=env)
    finally:
        server.terminate()
        assert server.wait(timeout=30) == 0
    listed = json.loads((tmp_path / 'pricelists.json').read_text(encoding='utf-8'))
    assert [(item['id'], item['name'], item['type']) for item in listed] == [
        (301, 'Tiny VPS', 'vds'), (302, 'Big VPS', 'vds'), (303, 'Web Hosting', 'vhost')]
    tiny = listed[0]
    assert [(period['period'], period['cost']) for period in tiny['periods']] == [(1, '199.0000'), (12, '2388.0000')]
    assert tiny['datacenters'] == [{'id': 7, 'name': 'Helsinki'}]
    assert [addon['name'] for addon in tiny['addons']] == ['RAM']


USER_TESTS = textwrap.dedent('''\
    """A user's project: the fixtures come from the installed billmgr-sim's pytest plugin, nothing else."""
    import os
    import sys

    import billmgr_sim as package


    def test_installed_not_a_checkout():
        assert package.__file__.startswith(sys.prefix + os.sep), package.__file__


    def test_the_demo_panel(billmgr_sim):
        doc = billmgr_sim.call('pricelist.export', user='alice')['doc']
        assert 'VPS Start' in [item['name']['$'] for item in doc['pricelist']]
        assert billmgr_sim.panel == 5


    def test_my_panel(billmgr_sim_factory):
        sim = billmgr_sim_factory(seed_file='my-panel.yml', panel=6)
        doc = sim.call('pricelist.export', user='dev')['doc']
        assert sorted(item['name']['$'] for item in doc['pricelist']) == ['Big VPS', 'Tiny VPS', 'Web Hosting']
        assert sim.account('dev')['balance'] == 10000.0 and sim.panel == 6
    ''')


def test_the_pytest_plugin_in_a_project_of_ones_own(fresh_venv, tmp_path):
    project = tmp_path / 'my-project'
    project.mkdir()
    (project / 'my-panel.yml').write_text(MY_PANEL, encoding='utf-8')
    (project / 'test_my_playbooks.py').write_text(USER_TESTS, encoding='utf-8')
    result = run([fresh_venv / 'bin' / 'python', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-p', 'no:xdist'],
                 cwd=project, env=user_env(fresh_venv))
    assert '3 passed' in result.stdout, result.stdout
