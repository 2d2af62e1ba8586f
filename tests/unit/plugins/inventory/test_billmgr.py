# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The inventory plugin against the scripted server: what it asks the panel, and which hosts, groups and vars it makes."""

from __future__ import annotations

import datetime
import importlib
import os
import sys
import textwrap

import pytest

from ansible.errors import AnsibleError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.cache import CachePluginAdjudicator
from ansible.utils.collection_loader import AnsibleCollectionConfig
from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder
from ansible.utils.display import Display


def _install_collection_finder():
    """Plain pytest (ansible-test units installs its own finder): resolve ispsystem.billmgr from sys.path like ansible does."""
    if AnsibleCollectionConfig.collection_finder is not None:
        return
    roots = [p for p in sys.path if os.path.isdir(os.path.join(p or '.', 'ansible_collections', 'ispsystem', 'billmgr'))]
    # Modules imported as plain namespace packages lack the collection metadata the plugin loader needs.
    for name in [n for n in sys.modules if n == 'ansible_collections' or n.startswith('ansible_collections.')]:
        del sys.modules[name]
    _AnsibleCollectionFinder(paths=roots)._install()


_install_collection_finder()

# pylint: disable=wrong-import-position
from ansible.plugins.loader import inventory_loader  # noqa: E402

from ansible_collections.ispsystem.billmgr.tests.unit.plugins.conftest import error, listing, params_of  # noqa: E402
from ansible_collections.ispsystem.billmgr.tests.unit.plugins.cores import CORE, is_trusted_as_template, plain_str, trust_as_template  # noqa: E402

PASSWORD = 'pw-MARKER-5e1d'
HOSTILE = "{{ lookup('pipe', 'id') }}"
TODAY = datetime.date.today()


def elem(service_id, domain=None, ip=None, status='2', **fields):
    """One list element as the panel's JSON gives it, already unwrapped by the client."""
    result = {'id': str(service_id), 'status': status, 'item_status': {'orig': status, 'text': 'Active'},
              'pricelist': 'VPS Start', 'pricelist_id': '6', 'datacentername': 'Frankfurt', 'account': 'alice',
              'ostempl': 'ISPsystem__Debian-12-amd64', 'createdate': '2026-01-01',
              'expiredate': (TODAY + datetime.timedelta(days=40)).isoformat(), 'autoprolong': '1', 'cost': '500.00 RUB / Month'}
    if domain is not None:
        result['domain'] = domain
    if ip is not None:
        result['ip'] = ip
    result.update(fields)
    return result


class Panel(object):
    """The scripted server as the inventory's panel: one list answer per function, or one error for everything.

    The plugin's connection options are recorded as it passes them to client_from_params; the
    client itself is the real one, pointed at the server (the options name a panel that does not exist).
    """

    def __init__(self, server, monkeypatch, lists=None, fail=None):
        self.server = server
        self.connections = []
        self.closed = []
        server.scripts.clear()
        for func, elems in (lists or {}).items():
            server.answer(func, listing(*elems))
        server.default_answer = fail or listing()
        plugin_module = sys.modules[type(inventory_loader.get('ispsystem.billmgr.billmgr')).__module__]
        self._real = plugin_module.client_from_params
        monkeypatch.setattr(plugin_module, 'client_from_params', self._connect)

    def _connect(self, params, log=None):
        self.connections.append(dict(params))
        client = self._real(dict(params, url=self.server.url), log=log)
        close = client.close

        def close_and_say_so():
            self.closed.append(True)
            close()
        client.close = close_and_say_so
        return client

    def calls(self):
        """``(func, params)`` of every request, without what the client adds to all of them (credentials, paging)."""
        return [(r['form']['func'], params_of(r['form'])) for r in self.server.requests]


DEFAULT_LISTS = {
    'vds': [elem(958, 'web.alice.test', '127.0.3.190'), elem(938, 'old-vps.alice.test', '127.0.3.170')],
    'dedic': [elem(1065, 'db.alice.test', '127.0.4.41', pricelist='Dedicated Basic', datacentername='Amsterdam'),
              elem(892, 'node1.alice.test', '127.0.3.124', pricelist='Dedicated Basic')],
}


def run(tmp_path, config, cache=True, name='test.billmgr.yml'):
    """Parse an inventory file the way ansible-inventory does; returns the InventoryData."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(config))
    plugin = inventory_loader.get('ispsystem.billmgr.billmgr')
    inventory = InventoryData()
    plugin.parse(inventory, DataLoader(), str(path), cache=cache)
    try:
        plugin.update_cache_if_changed()  # what the inventory manager does after each parse
    except AttributeError:
        pass  # no cache configured: the manager ignores this the same way
    return inventory


def config(extra=''):
    return 'plugin: ispsystem.billmgr.billmgr\nurl: https://panel.test:1500/billmgr\nusername: alice\npassword: %s\n%s' % (
        PASSWORD, textwrap.dedent(extra))


def hostvars(inventory, host):
    return inventory.get_host(host).get_vars()


def members(inventory, group):
    return sorted(h.name for h in inventory.groups[group].get_hosts()) if group in inventory.groups else None


# -- the file ---------------------------------------------------------------------------------

@pytest.mark.parametrize('name, wanted', [
    ('hosts.billmgr.yml', True), ('hosts.billmgr.yaml', True), ('hosts.yml', False), ('billmgr.yml', False), ('hosts.billmgr.json', False)])
def test_verify_file_accepts_only_billmgr_yaml_files(tmp_path, name, wanted):
    path = tmp_path / name
    path.write_text('plugin: ispsystem.billmgr.billmgr\n')
    assert inventory_loader.get('ispsystem.billmgr.billmgr').verify_file(str(path)) is wanted


def test_a_file_of_another_plugin_is_refused(http_server, tmp_path, monkeypatch):
    Panel(http_server, monkeypatch)
    with pytest.raises(AnsibleError, match='Incorrect plugin name'):
        run(tmp_path, 'plugin: amazon.aws.aws_ec2\n')


# -- what it asks -------------------------------------------------------------------------------

def test_default_lists_active_vds_and_dedic_one_call_each(http_server, tmp_path, monkeypatch):
    panel = Panel(http_server, monkeypatch, DEFAULT_LISTS)
    run(tmp_path, config())
    assert panel.calls() == [('vds', {'status': '2', 'filter': 'on'}), ('dedic', {'status': '2', 'filter': 'on'})]
    assert panel.closed == [True]


def test_types_and_account_narrow_the_request(http_server, tmp_path, monkeypatch):
    panel = Panel(http_server, monkeypatch, DEFAULT_LISTS)
    inventory = run(tmp_path, config('types: [dedic]\naccount: alice\n'))
    assert panel.calls() == [('dedic', {'status': '2', 'account': 'alice', 'filter': 'on'})]
    assert sorted(inventory.hosts) == ['db.alice.test', 'node1.alice.test']
    assert 'billmgr_vds' not in inventory.groups


def test_several_statuses_list_once_and_filter_here(http_server, tmp_path, monkeypatch):
    lists = {'vds': [elem(1, 'a.test', '127.0.0.1', status='2'), elem(2, 'b.test', '127.0.0.2', status='3'),
                     elem(3, 'c.test', '127.0.0.3', status='4'), elem(4, 'd.test', None, status='5')]}
    panel = Panel(http_server, monkeypatch, lists)
    inventory = run(tmp_path, config('types: [vds]\nstatuses: [active, suspended]\n'))
    # filter=on even without a field: a filter saved in the web interface must not hide hosts (E5).
    assert panel.calls() == [('vds', {'filter': 'on'})]
    assert sorted(inventory.hosts) == ['a.test', 'b.test']
    assert hostvars(inventory, 'b.test')['billmgr_status_name'] == 'suspended'


def test_connection_options_come_from_the_environment(http_server, tmp_path, monkeypatch):
    panel = Panel(http_server, monkeypatch, DEFAULT_LISTS)
    monkeypatch.setenv('BILLMGR_URL', 'https://env.test/billmgr')
    monkeypatch.setenv('BILLMGR_USERNAME', 'bob')
    monkeypatch.setenv('BILLMGR_PASSWORD', 'from-env')
    monkeypatch.setenv('BILLMGR_VALIDATE_CERTS', 'false')
    monkeypatch.setenv('BILLMGR_TIMEOUT', '7')
    run(tmp_path, 'plugin: ispsystem.billmgr.billmgr\n')
    connection = panel.connections[0]
    assert (connection['url'], connection['username'], connection['password']) == ('https://env.test/billmgr', 'bob', 'from-env')
    assert connection['validate_certs'] is False
    assert connection['timeout'] == 7


def test_templated_credentials_are_rendered(http_server, tmp_path, monkeypatch):
    panel = Panel(http_server, monkeypatch, DEFAULT_LISTS)
    monkeypatch.setenv('MY_BILLMGR_PASSWORD', 'secret-from-lookup')
    monkeypatch.setenv('MY_BILLMGR_HOST', 'panel.test')
    run(tmp_path, '''\
        plugin: ispsystem.billmgr.billmgr
        url: "https://{{ lookup('ansible.builtin.env', 'MY_BILLMGR_HOST') }}:1500/billmgr"
        username: "{{ 'ali' ~ 'ce' }}"
        password: "{{ lookup('ansible.builtin.env', 'MY_BILLMGR_PASSWORD') }}"
        ''')
    connection = panel.connections[0]
    assert connection['url'] == 'https://panel.test:1500/billmgr'
    assert connection['username'] == 'alice'
    assert connection['password'] == 'secret-from-lookup'


def test_a_template_in_an_environment_variable_is_not_run(http_server, tmp_path, monkeypatch):
    panel = Panel(http_server, monkeypatch, DEFAULT_LISTS)
    monkeypatch.setenv('BILLMGR_PASSWORD', "{{ lookup('pipe', 'echo RAN') }}")
    run(tmp_path, 'plugin: ispsystem.billmgr.billmgr\nurl: https://panel.test\nusername: alice\n')
    assert panel.connections[0]['password'] == "{{ lookup('pipe', 'echo RAN') }}"


def test_missing_credentials_are_one_clear_error(http_server, tmp_path, monkeypatch):
    Panel(http_server, monkeypatch, DEFAULT_LISTS)
    monkeypatch.undo()
    with pytest.raises(AnsibleError, match='either username and password or session is required'):
        run(tmp_path, 'plugin: ispsystem.billmgr.billmgr\nurl: https://panel.test\n')


def test_an_api_error_becomes_one_line_without_the_password(http_server, tmp_path, monkeypatch):
    Panel(http_server, monkeypatch, fail=error('auth', 'badpassword', 'Invalid username or password'))
    with pytest.raises(AnsibleError) as info:
        run(tmp_path, config())
    message = str(info.value.message)
    assert message == 'BILLmanager error (auth/badpassword): Invalid username or password [func vds]'
    assert PASSWORD not in message
    assert info.value.__cause__ is None


# -- hosts, groups, vars ------------------------------------------------------------------------

def test_hosts_groups_and_vars(http_server, tmp_path, monkeypatch):
    Panel(http_server, monkeypatch, DEFAULT_LISTS)
    inventory = run(tmp_path, config())
    assert members(inventory, 'billmgr_vds') == ['old-vps.alice.test', 'web.alice.test']
    assert members(inventory, 'billmgr_dedic') == ['db.alice.test', 'node1.alice.test']
    got = hostvars(inventory, 'db.alice.test')
    assert got['ansible_host'] == '127.0.4.41'
    wanted = {
        'billmgr_id': 1065, 'billmgr_type': 'dedic', 'billmgr_status': 2, 'billmgr_status_name': 'active',
        'billmgr_pricelist': 'Dedicated Basic', 'billmgr_datacenter': 'Amsterdam', 'billmgr_ostempl': 'ISPsystem__Debian-12-amd64',
        'billmgr_expiredate': (TODAY + datetime.timedelta(days=40)).isoformat(), 'billmgr_days_left': 40,
        'billmgr_autoprolong': 1, 'billmgr_remoteid': None, 'billmgr_cost': '500.00 RUB / Month',
        'billmgr_domain': 'db.alice.test', 'billmgr_name': None, 'billmgr_account': 'alice',
    }
    assert dict((k, got[k]) for k in wanted) == wanted
    assert not [k for k in got if 'password' in k or PASSWORD in str(got[k])]


def test_a_service_with_several_addresses_connects_to_its_first_ipv4(http_server, tmp_path, monkeypatch):
    # real-panels.md 5.8: one ip field may list several addresses.
    lists = {'vds': [elem(20, 'dual.test', '2001:db8::20 127.0.0.20 127.0.0.21'), elem(21, 'six.test', '2001:db8::21, 2001:db8::22'),
                     elem(22, 'one.test', '127.0.0.22')]}
    Panel(http_server, monkeypatch, lists)
    inventory = run(tmp_path, config('types: [vds]\n'))
    dual, six, one = (hostvars(inventory, name) for name in ('dual.test', 'six.test', 'one.test'))
    assert dual['ansible_host'] == '127.0.0.20' and dual['billmgr_ips'] == ['2001:db8::20', '127.0.0.20', '127.0.0.21']
    assert six['ansible_host'] == '2001:db8::21' and six['billmgr_ips'] == ['2001:db8::21', '2001:db8::22']
    assert one['ansible_host'] == '127.0.0.22' and one['billmgr_ips'] == ['127.0.0.22']


def test_every_list_request_resets_a_saved_filter(http_server, tmp_path, monkeypatch):
    # E5: a list without filter=on applies the filter the user saved in the web interface.
    Panel(http_server, monkeypatch, DEFAULT_LISTS)
    run(tmp_path, config())
    lists = [r['form'] for r in http_server.requests if r['form'].get('func') in ('vds', 'dedic')]
    assert lists and all(form.get('filter') == 'on' for form in lists), lists


def test_hostnames_preference_and_fallback_to_the_id(http_server, tmp_path, monkeypatch):
    lists = {'vds': [elem(10, 'dom.test', '127.0.0.10', name='n10'), elem(11, None, '127.0.0.11', name='n11'),
                     elem(12, '', None, name='n12'), elem(13, None, None)]}
    Panel(http_server, monkeypatch, lists)
    assert sorted(run(tmp_path, config('types: [vds]\n')).hosts) == ['127.0.0.11', '13', 'dom.test', 'n12']
    assert sorted(run(tmp_path, config('types: [vds]\nhostnames: [name]\n')).hosts) == ['13', 'n10', 'n11', 'n12']


def test_duplicate_names_are_made_unique_the_same_way_whatever_the_order(http_server, tmp_path, monkeypatch):
    services = [elem(7, 'same.test', '127.0.0.7'), elem(5, 'same.test', '127.0.0.5'), elem(6, 'same.test', '127.0.0.6')]
    Panel(http_server, monkeypatch, {'vds': services})
    first = run(tmp_path, config('types: [vds]\n'))
    Panel(http_server, monkeypatch, {'vds': list(reversed(services))})
    second = run(tmp_path, config('types: [vds]\n'))
    assert sorted(first.hosts) == sorted(second.hosts) == ['same.test', 'same.test_6', 'same.test_7']
    assert hostvars(first, 'same.test')['billmgr_id'] == hostvars(second, 'same.test')['billmgr_id'] == 5


def test_odd_services_are_skipped_or_kept_and_never_empty_the_inventory(http_server, tmp_path, monkeypatch, capsys):
    lists = {'vds': [elem(1, 'ok.test', '127.0.0.1'), elem('x', 'noid.test', '127.0.0.2'), elem(3, 'weird.test', '127.0.0.3', status='9'),
                     elem(4, 'noip.test', None), elem(5, 'ok.test', '127.0.0.5')]}
    Panel(http_server, monkeypatch, lists)
    monkeypatch.setattr(Display(), 'verbosity', 1)
    inventory = run(tmp_path, config('types: [vds]\nstatuses: [active, suspended]\n'))
    assert sorted(inventory.hosts) == ['noip.test', 'ok.test', 'ok.test_5']
    assert 'ansible_host' not in hostvars(inventory, 'noip.test')
    out = capsys.readouterr().out
    assert 'BILLmanager vds None has no id; skipped' in out
    assert 'BILLmanager vds 3 has a status BILLmanager does not document (9); skipped' in out
    assert 'BILLmanager vds 4 is active but has no ip; added without ansible_host' in out
    assert 'BILLmanager vds 5 would be named ok.test like another service; named ok.test_5' in out


@pytest.mark.parametrize('odd', [elem('x', 'noid.test', '127.0.0.2'), elem(3, 'weird.test', '127.0.0.3', status='9'),
                                 elem(4, 'noip.test', None), elem(5, 'ok.test', '127.0.0.5')])
def test_fail_on_errors_makes_any_odd_service_an_error(http_server, tmp_path, monkeypatch, odd):
    Panel(http_server, monkeypatch, {'vds': [elem(1, 'ok.test', '127.0.0.1'), odd]})
    with pytest.raises(AnsibleError, match=r'\(fail_on_errors is on\)'):
        run(tmp_path, config('types: [vds]\nstatuses: [active, suspended]\nfail_on_errors: true\n'))


def test_constructed_compose_groups_and_keyed_groups(http_server, tmp_path, monkeypatch):
    lists = dict(DEFAULT_LISTS)
    lists['vds'] = lists['vds'] + [elem(990, 'soon.alice.test', '127.0.3.222', expiredate=(TODAY + datetime.timedelta(days=3)).isoformat())]
    Panel(http_server, monkeypatch, lists)
    inventory = run(tmp_path, config('''\
        compose:
          ansible_user: "'root'"
          monthly: billmgr_cost.split(' ')[0] | float
        groups:
          expiring: billmgr_days_left is not none and billmgr_days_left <= 30
        keyed_groups:
          - key: billmgr_datacenter
            prefix: dc
          - key: billmgr_pricelist
            prefix: tariff
        '''))
    assert members(inventory, 'expiring') == ['soon.alice.test']
    assert members(inventory, 'dc_Amsterdam') == ['db.alice.test']
    assert members(inventory, 'dc_Frankfurt') == ['node1.alice.test', 'old-vps.alice.test', 'soon.alice.test', 'web.alice.test']
    assert members(inventory, 'tariff_Dedicated_Basic') == ['db.alice.test', 'node1.alice.test']
    assert hostvars(inventory, 'web.alice.test')['ansible_user'] == 'root'
    assert hostvars(inventory, 'web.alice.test')['monthly'] == (500.0 if CORE >= (2, 19) else '500.0')  # text before 2.19


def test_strict_makes_a_broken_expression_an_error(http_server, tmp_path, monkeypatch):
    Panel(http_server, monkeypatch, DEFAULT_LISTS)
    run(tmp_path, config('compose:\n  x: billmgr_nonexistent.y\n'))
    with pytest.raises(AnsibleError, match='Could not set x'):
        run(tmp_path, config('strict: true\ncompose:\n  x: billmgr_nonexistent.y\n'))


def snapshot(inventory):
    """Every host with its variables and every group with its members, as plain data to compare."""
    hosts = dict((name, dict((key, value) for key, value in sorted(host.get_vars().items()) if key != 'inventory_file'))
                 for name, host in sorted(inventory.hosts.items()))
    return hosts, dict((name, members(inventory, name)) for name in sorted(inventory.groups))


def test_the_compile_cache_and_the_plain_engine_make_the_same_inventory(http_server, tmp_path, monkeypatch):
    # compile_once patches a private part of the template engine on the cores it knows (2.19 to 2.22); every other core
    # takes the plain path. Both must give the same inventory, so each core of the version matrix runs both here.
    templating = importlib.import_module('ansible_collections.ispsystem.billmgr.plugins.plugin_utils._templating')
    lists = dict(DEFAULT_LISTS)
    lists['vds'] = lists['vds'] + [elem(990, 'soon.alice.test', '127.0.3.222', expiredate=(TODAY + datetime.timedelta(days=3)).isoformat(),
                                        name="{{ 6 * 7 }}")]
    Panel(http_server, monkeypatch, lists)
    source = config('''\
        hostname: "{{ (billmgr_domain | default('', true)).split('.')[0] | upper }}-{{ billmgr_id }}"
        filters:
          - exclude: billmgr_pricelist | lower == 'nothing'
        compose:
          monthly: billmgr_cost.split(' ')[0] | float
          label: billmgr_name ~ '@' ~ billmgr_datacenter | lower
        groups:
          expiring: billmgr_days_left is not none and billmgr_days_left <= 30
          frankfurt: billmgr_datacenter | lower == 'frankfurt'
        keyed_groups:
          - key: billmgr_pricelist | lower
            prefix: tariff
          - key: billmgr_name
            prefix: named
        ''')
    patched = []
    compile_once = templating.compile_once

    def recording(templar, enabled=None):
        patched.append(compile_once(templar, enabled))
        return patched[-1]
    monkeypatch.setattr(sys.modules[type(inventory_loader.get('ispsystem.billmgr.billmgr')).__module__], 'compile_once', recording)
    known = templating.engine_core() is not None
    with_cache = snapshot(run(tmp_path, source, cache=False))
    monkeypatch.setattr(templating, 'ENGINE_CORES', ())
    plain = snapshot(run(tmp_path, source, cache=False))
    assert patched == [known, False]
    assert with_cache == plain
    hosts, groups = plain
    assert sorted(hosts) == ['DB-1065', 'NODE1-892', 'OLD-VPS-938', 'SOON-990', 'WEB-958']
    assert hosts['SOON-990']['label'] == '{{ 6 * 7 }}@frankfurt'
    assert hosts['WEB-958']['monthly'] == (500.0 if CORE >= (2, 19) else '500.0')  # the engine renders text before 2.19
    assert groups['expiring'] == ['SOON-990'] and groups['tariff_dedicated_basic'] == ['DB-1065', 'NODE1-892']
    assert groups['frankfurt'] == ['NODE1-892', 'OLD-VPS-938', 'SOON-990', 'WEB-958']


# -- data from the panel is never a template ----------------------------------------------------

def test_hostile_names_stay_text_through_compose_groups_and_keyed_groups(http_server, tmp_path, monkeypatch):
    hostile = elem(666, HOSTILE, '127.6.6.6', name=HOSTILE, pricelist=HOSTILE, datacentername="{{ 7 * 7 }}", cost="{{ 6 * 7 }}")
    Panel(http_server, monkeypatch, {'vds': [hostile]})
    inventory = run(tmp_path, config('''\
        types: [vds]
        compose:
          label: billmgr_domain ~ '/' ~ billmgr_cost
          copied: billmgr_name
        groups:
          hostile: "'pipe' in billmgr_domain"
        keyed_groups:
          - key: billmgr_datacenter
            prefix: dc
          - key: billmgr_cost
            prefix: cost
        '''))
    # Named after its address: a host name is a plain string on every core, and one that could be a template is not used.
    assert list(inventory.hosts) == ['127.6.6.6'] and plain_str(inventory.get_host('127.6.6.6').name)
    got = hostvars(inventory, '127.6.6.6')
    assert got['billmgr_domain'] == HOSTILE
    assert got['label'] == HOSTILE + '/{{ 6 * 7 }}'
    assert got['copied'] == HOSTILE
    assert members(inventory, 'hostile') == ['127.6.6.6']
    assert members(inventory, 'dc____7___7___') == ['127.6.6.6']
    assert 'dc_49' not in inventory.groups and 'cost_42' not in inventory.groups
    for key in ('billmgr_domain', 'billmgr_name', 'billmgr_pricelist', 'billmgr_cost', 'label', 'copied'):
        assert not is_trusted_as_template(got[key]), key
    # What cannot be a template stays a plain string, as AWX reads it from ansible-inventory --export.
    assert plain_str(got['billmgr_account']) and plain_str(got['billmgr_status_name'])


def test_trusted_strings_from_a_cache_are_untrusted_before_they_become_hostvars(http_server, tmp_path, monkeypatch):
    # A cache plugin that revives strings as trusted templates (a third-party one could) must not reopen the hole.
    original_get = CachePluginAdjudicator.get
    revived = []

    def trusting_get(self, key, default=None):
        entry = original_get(self, key, default)
        if entry:
            for service in entry['services']:
                service['domain'] = trust_as_template(service['domain'])
            revived.append(key)
        return entry

    Panel(http_server, monkeypatch, {'vds': [elem(666, HOSTILE, '127.6.6.6')]})
    cache = 'types: [vds]\ncache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n' % (tmp_path / 'cache')
    run(tmp_path, config(cache))
    monkeypatch.setattr(CachePluginAdjudicator, 'get', trusting_get)
    inventory = run(tmp_path, config(cache + 'compose:\n  copied: billmgr_domain\n'))
    assert revived
    got = hostvars(inventory, '127.6.6.6')
    assert got['copied'] == HOSTILE
    assert not is_trusted_as_template(got['billmgr_domain'])
    assert not is_trusted_as_template(got['copied'])


# -- the cache ------------------------------------------------------------------------------------

def test_a_cache_hit_asks_nothing_and_a_refresh_asks_again(http_server, tmp_path, monkeypatch):
    panel = Panel(http_server, monkeypatch, DEFAULT_LISTS)
    cache = 'cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n' % (tmp_path / 'cache')
    first = run(tmp_path, config(cache))
    assert len(panel.calls()) == 2
    second = run(tmp_path, config(cache))
    assert len(panel.calls()) == 2
    assert sorted(second.hosts) == sorted(first.hosts)
    assert hostvars(second, 'web.alice.test')['billmgr_days_left'] == 40
    run(tmp_path, config(cache), cache=False)
    assert len(panel.calls()) == 4
    stored = ''.join(p.read_text() for p in (tmp_path / 'cache').iterdir())
    assert 'web.alice.test' in stored and PASSWORD not in stored


def test_another_user_or_selection_does_not_share_the_cache_entry(http_server, tmp_path, monkeypatch):
    panel = Panel(http_server, monkeypatch, DEFAULT_LISTS)
    cache = 'cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n' % (tmp_path / 'cache')
    run(tmp_path, config(cache))
    run(tmp_path, config(cache + 'types: [dedic]\n'))
    run(tmp_path, config(cache).replace('username: alice', 'username: bob'))
    assert len(panel.calls()) == 2 + 1 + 2
    # Session keys stand for users too: two keys, two entries; the key itself is not in the cache.
    by_session = config(cache).replace('username: alice\npassword: %s\n' % PASSWORD, 'session: %s\n')
    run(tmp_path, by_session % 'SESSIONKEY-A-0123456789')
    run(tmp_path, by_session % 'SESSIONKEY-B-0123456789')
    run(tmp_path, by_session % 'SESSIONKEY-A-0123456789')
    assert len(panel.calls()) == 2 + 1 + 2 + 2 + 2 + 0
    stored = ''.join(p.read_text() + p.name for p in (tmp_path / 'cache').iterdir())
    assert 'SESSIONKEY' not in stored


def test_a_shared_name_goes_to_the_lowest_id_whatever_the_type(http_server, tmp_path, monkeypatch):
    Panel(http_server, monkeypatch, {'vds': [elem(900, 'same.test', '127.0.0.9')], 'dedic': [elem(5, 'same.test', '127.0.0.5')]})
    inventory = run(tmp_path, config())
    assert hostvars(inventory, 'same.test')['billmgr_id'] == 5
    assert hostvars(inventory, 'same.test_900')['billmgr_type'] == 'vds'


def test_without_cache_every_run_asks(http_server, tmp_path, monkeypatch):
    panel = Panel(http_server, monkeypatch, DEFAULT_LISTS)
    run(tmp_path, config())
    run(tmp_path, config())
    assert len(panel.calls()) == 4


def test_without_requests_the_inventory_says_what_is_missing(http_server, tmp_path, monkeypatch):
    panel = Panel(http_server, monkeypatch, DEFAULT_LISTS)
    # Checked when the panel is to be asked (a run answered from the cache needs no HTTP library).
    client_module = importlib.import_module('ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._client')
    monkeypatch.setattr(client_module, 'HAS_REQUESTS', False)
    with pytest.raises(AnsibleError, match='needs the Python library requests on the controller'):
        run(tmp_path, config())
    assert panel.calls() == []
