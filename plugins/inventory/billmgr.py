# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
name: billmgr
short_description: BILLmanager dedicated servers and VPS as inventory hosts
version_added: 0.1.0
author:
  - ispsystem.billmgr contributors (@ispsystem-community)
description:
  - Makes the dedicated servers (C(dedic)) and virtual private servers (C(vds)) of a BILLmanager account inventory hosts.
  - Reads its configuration from a YAML file whose name ends in C(.billmgr.yml) or C(.billmgr.yaml) and has
    O(plugin=ispsystem.billmgr.billmgr).
  - Costs one request per service type and page of 1000 services; no request is made per host. O(pricelists),
    O(datacenters) and O(account) make the panel filter the lists, at one request more to resolve their names.
  - Hosts are named by O(hostname), else after the first non-empty field of O(hostnames). Each host gets C(ansible_host)
    (by default the service's first IPv4 address, else its first IPv6 address, where the panel lists several in one
    field; see O(connect_with)), C(billmgr_ips) (all of them) and C(billmgr_*) variables, and joins the group
    C(billmgr_TYPE) of its item type (C(billmgr_vds), C(billmgr_dedic), ...).
  - Every value that comes from the panel is marked unsafe, so a service named V({{ lookup('pipe', 'id'\) }}) stays that
    string and is never run as a template.
extends_documentation_fragment:
  - ispsystem.billmgr.billmgr.plugin
  - constructed
  - inventory_cache
options:
  plugin:
    description: The name of this plugin; marks the file as this plugin's configuration.
    type: str
    required: true
    choices: [ispsystem.billmgr.billmgr]
  types:
    description:
      - The item types to list, any the panel has (a hoster's own types such as V(instances) too). Each type's hosts join
        the group C(billmgr_TYPE).
    type: list
    elements: str
    default: [vds, dedic]
  statuses:
    description:
      - The service statuses that become hosts. Services in other statuses are left out.
      - With one status the panel filters the list; with several, each type is listed once and filtered here.
    type: list
    elements: str
    choices: [ordered, active, suspended, deleted, processing]
    default: [active]
  account:
    description:
      - Only the services of these accounts, each named by its full name or its id. An administrator lists every
        account's services without it; a client sees only its own whatever is given.
      - For an administrator the names are checked against the panel's account list (one request more), and an unknown
        one fails the source with the known names. Each account is one filtered list per type.
      - C(billmgr_account) on each host names its account, for O(keyed_groups) and O(groups).
    type: list
    elements: str
    default: []
  pricelists:
    description:
      - Only the services on these tariffs, each named by its name (any case) or its id, as O(types) have them. The panel
        filters the list, so only their pages are read, and a type none of them belongs to is not listed at all.
      - The names are looked up in the price list (one request more, also when O(datacenters) is given); an unknown one
        fails the source with the known names. Each tariff is one filtered list per type.
    type: list
    elements: str
    default: []
  datacenters:
    description:
      - Only the services in these datacenters, each named by its name (any case) or its id, filtered by the panel as
        O(pricelists) are. The names are those of the price list's tariffs of O(types).
      - Each datacenter is one filtered list per type (and per tariff of O(pricelists)).
    type: list
    elements: str
    default: []
  hostnames:
    description:
      - The service fields to name a host after, in order of preference; the first non-empty one wins.
      - A service with none of them is named after its V(id). When two services would get the same name, the one with the
        lower id keeps it and the other gets C(NAME_ID) instead, whatever their types, so names are the same on every run.
      - A value with a C({) or C(}) in it is never a host name, and the next field is tried. Host names are plain strings
        on every ansible-core, as AWX's inventory import needs them, and before ansible-core 2.19 a plain string is a
        template.
    type: list
    elements: str
    choices: [domain, ip, name, id, remoteid]
    default: [domain, ip, name, id]
  hostname:
    description:
      - A Jinja2 template over the host's C(billmgr_*) variables that names the host, for example
        V({{ billmgr_remoteid or billmgr_domain }}). When it renders empty, or to a name with a C({) or C(}) in it,
        O(hostnames) decides.
      - Collisions are resolved as with O(hostnames).
    type: str
  filters:
    description:
      - Conditions on a host's variables (Jinja2 expressions, as in O(groups)), each under C(include) or C(exclude),
        tried in order. The first that matches decides whether the service becomes a host. A service that matches none
        becomes a host.
    type: list
    elements: dict
    default: []
  connect_with:
    description:
      - What C(ansible_host) is. V(ipv4) is the first IPv4 address, else the first IPv6 one. V(ipv6) is the first IPv6
        address only. V(domain) is the service's domain, and V(name) the inventory host name. V(none) sets no
        C(ansible_host). Every address is in C(billmgr_ips) whatever is chosen.
    type: str
    choices: [ipv4, ipv6, domain, name, none]
    default: ipv4
  fail_on_errors:
    description:
      - What to do with an odd service (no id, a status BILLmanager does not document, an active service without an IP
        address, a host name taken by another service).
      - V(false) keeps the inventory going; the service is skipped, or named after its id, or added without C(ansible_host),
        with a message at verbosity C(-v).
      - V(true) makes any of them an error, so the inventory source fails.
    type: bool
    default: false
notes:
  - >-
    Host variables. Each host gets these, for O(compose), O(groups), O(keyed_groups), O(filters) and plays;
    C(billmgr_id) the service id;
    C(billmgr_type) its item type (V(vds), V(dedic), ...);
    C(billmgr_name) the name the panel lists;
    C(billmgr_domain) its domain;
    C(billmgr_account) the account it belongs to;
    C(billmgr_status) the status code (V(2) active) and C(billmgr_status_name) its name (V(active), V(suspended), ...);
    C(billmgr_pricelist) the tariff's name;
    C(billmgr_datacenter) the datacenter's name;
    C(billmgr_ostempl) the OS template;
    C(billmgr_expiredate) the day the paid period ends (V(YYYY-MM-DD)) and C(billmgr_expiretime) the time too
    (V(YYYY-MM-DD HH:MM)) where the panel gives one, else null;
    C(billmgr_days_left) the days until C(billmgr_expiredate), computed on each run;
    C(billmgr_autoprolong) auto-renewal as the list says it (see below);
    C(billmgr_remoteid) the service's remoteid;
    C(billmgr_cost) the price as the panel words it (V(500.00 RUB / Month));
    C(billmgr_ips) every address of the service, a list;
    C(ansible_host) the address to connect to, per O(connect_with).
    A value the panel does not list is null.
  - When the panel cannot be asked (a wrong password, no connection), the inventory source fails with one message. Whether
    C(ansible-inventory) and C(ansible-playbook) then stop or go on with the other sources follows the
    C(inventory_unparsed_is_failed) and C(inventory_any_unparsed_is_failed) settings of ansible.cfg.
  - Connection options (O(url), O(username), O(password), O(session)) may be templates, for example
    V({{ lookup('ansible.builtin.env', 'MY_BILLMGR_PASSWORD'\) }}).
  - The cache holds the services as the panel listed them, never the credentials; C(billmgr_days_left) is computed again on each run.
  - C(billmgr_autoprolong) is what the panel's list says of auto-renewal, read without a request per host - the months
    (V(-50) for daily billing) where the panel lists a number, the period's label as the panel words it (V(Month),
    V(Year), V(Месяц)) where it lists a word, as many panels do, and V(null) when auto-renewal is off. Test
    V(billmgr_autoprolong is not none) to find auto-renewing hosts; M(ispsystem.billmgr.billmgr_service_info) returns the
    same, and M(ispsystem.billmgr.billmgr_prolong) reads the months from the edit form.
seealso:
  - name: Inventory of BILLmanager services
    description: The inventory file, groups by datacenter and tariff, an AWX inventory source.
    link: https://github.com/ispsystem-community/ansible-collection-billmgr/blob/main/docs/inventory.md
'''

EXAMPLES = r'''
# servers.billmgr.yml: credentials from BILLMGR_URL, BILLMGR_USERNAME and BILLMGR_PASSWORD (or url, username and
# password here, e.g. password: "{{ lookup('ansible.builtin.env', 'ALICE_BILLMGR_PASSWORD') }}");
# groups by datacenter and tariff, and a group of servers that expire within 30 days
plugin: ispsystem.billmgr.billmgr
types: [vds, dedic]
statuses: [active, suspended]
hostnames: [domain, id]
keyed_groups:
  - key: billmgr_datacenter
    prefix: dc
  - key: billmgr_pricelist
    prefix: tariff
groups:
  expiring: billmgr_days_left is not none and billmgr_days_left <= 30
compose:
  ansible_user: "'root'"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/ansible-billmgr
cache_timeout: 3600

# Each inventory file is one YAML document; more of them, each a file of its own:
#
# clients.billmgr.yml: an administrator's inventory of every client's servers, grouped by account;
# only two tariffs in one datacenter, selected by the panel (one price list read more)
#   plugin: ispsystem.billmgr.billmgr
#   url: https://billing.example.com:1500/billmgr
#   username: admin
#   password: "{{ lookup('ansible.builtin.env', 'BILLMGR_ADMIN_PASSWORD') }}"
#   pricelists: [VPS Pro, Dedicated Basic]
#   datacenters: [Amsterdam]
#   hostname: "{{ billmgr_remoteid or billmgr_domain }}"
#   keyed_groups:
#     - key: billmgr_account
#       prefix: account
#
# two-clients.billmgr.yml: two clients only, one by its full name and one by its id
#   plugin: ispsystem.billmgr.billmgr
#   account: [alice, "17"]
'''

import ast
import hashlib
import json

from ansible.errors import AnsibleError, AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import (
    STATUS_CODES,
    STATUS_NAMES,
    check_item_type,
    days_left,
    host_address,
    ip_addresses,
)
from ansible_collections.ispsystem.billmgr.plugins.plugin_utils._simple_expressions import compile_expression, compile_template
from ansible_collections.ispsystem.billmgr.plugins.plugin_utils._templating import NATIVE_RESULTS, as_text, compile_once, could_template

CONNECTION_OPTIONS = ('url', 'username', 'password', 'session', 'totp_secret', 'validate_certs', 'ca_path', 'timeout')
# The options templated before use: they may hold lookups (a password from a vault or the environment).
TEMPLATED_OPTIONS = ('url', 'username', 'password', 'session', 'totp_secret')
HOSTVARS = ('id', 'type', 'name', 'domain', 'account', 'status', 'status_name', 'pricelist', 'datacenter', 'ostempl',
            'expiredate', 'expiretime', 'autoprolong', 'remoteid', 'cost')
# Bumped when the shape of a cached entry changes, so an old cache is read as a miss.
CACHE_FORMAT = 1


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = 'ispsystem.billmgr.billmgr'

    def __init__(self):
        super(InventoryModule, self).__init__()
        self._constants, self._simple = {}, {}
        self._use_extra_vars = None

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(('.billmgr.yml', '.billmgr.yaml'))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        written = self._read_config_data(path)
        self._constants, self._simple, self._use_extra_vars = {}, {}, None  # this file's own
        compile_once(self.templar)
        connection = self._connection_options(written)
        services = self._services(connection, self._cache_key(path, connection), cache)
        self._add_hosts(services)

    # -- fetch (or read the cache) ----------------------------------------------------------

    def _connection_options(self, written):
        options = dict((name, self.get_option(name)) for name in CONNECTION_OPTIONS)
        for name in TEMPLATED_OPTIONS:
            # Only what the inventory file says is a template (a password from a lookup); a value from an environment
            # variable is already resolved and is used as it is, so a password with "{#" in it stays that password.
            if name in written and isinstance(options[name], str) and self.templar.is_template(options[name]):
                options[name] = self.templar.template(options[name])
        return options

    def _cache_key(self, path, connection):
        # Another panel, user or selection in the same file must not be answered from this cache. A session key stands
        # for a user too; it goes into the hash only, which is cut to 12 hex digits, so the key cannot be read back.
        selection = [connection['url'], connection['username'], connection.get('session'), self.get_option('types'),
                     self._status_filter(), self._named('account')]
        # Tariffs and datacenters are named in any case: "frankfurt" is the same selection as "Frankfurt".
        selection.extend([ref.lower() for ref in self._named(option)] for option in ('pricelists', 'datacenters'))
        digest = hashlib.sha256(json.dumps(selection, sort_keys=True).encode('utf-8')).hexdigest()[:12]
        return '%s_%s' % (self.get_cache_key(path), digest)

    def _services(self, connection, cache_key, cache):
        use_cache = self.get_option('cache')
        if use_cache and cache:
            cached = self._cache.get(cache_key)
            if isinstance(cached, dict) and cached.get('format') == CACHE_FORMAT:
                self.display.vvv('BILLmanager inventory: %d services from the cache' % len(cached['services']))
                return cached['services']
        services = self._fetch(connection)
        if use_cache:
            self._cache[cache_key] = {'format': CACHE_FORMAT, 'services': services}
        return services

    def _types(self):
        try:
            return list(dict.fromkeys(check_item_type(item_type.strip()) for item_type in self.get_option('types')))
        except InputError as err:
            raise AnsibleParserError('BILLmanager inventory: types: %s' % err) from None

    def _named(self, option):
        """The option's names or ids, each once and in the order given (they are matched case-insensitively)."""
        return list(dict.fromkeys(str(ref).strip() for ref in self.get_option(option) or [] if str(ref).strip()))

    def _status_filter(self):
        """The one status the panel can filter by, or None to list every status."""
        statuses = self.get_option('statuses')
        return STATUS_CODES[statuses[0]] if len(statuses) == 1 else None

    def _fetch(self, connection):
        status = self._status_filter()
        filters = {'status': status} if status is not None else None
        try:
            client = client_from_params(connection, log=self.display.vvvv)
        except InputError as err:
            raise AnsibleParserError('BILLmanager inventory: %s (options url, username and password, or session)' % err) from None
        for warning in client.warnings:
            self.display.warning('BILLmanager inventory: %s' % warning)
        client.on_warning = lambda warning: self.display.warning('BILLmanager inventory: %s' % warning)
        try:
            services = list_selected(client, self._types(), filters, pricelists=self._named('pricelists'),
                                     datacenters=self._named('datacenters'), accounts=self._named('account'))
            self.display.vvv('BILLmanager inventory: %d services in %d requests' % (len(services), client.request_count))
            return services
        except InputError as err:
            raise AnsibleParserError('BILLmanager inventory: %s' % err) from None
        except BillmgrError as err:
            # The client's message carries the API's words and never a credential; a traceback would add nothing.
            raise AnsibleParserError(str(err)) from None
        finally:
            client.close()

    # -- hosts ------------------------------------------------------------------------------

    def _add_hosts(self, services):
        wanted = set(STATUS_CODES[name] for name in self.get_option('statuses'))
        for item_type in self._types():
            self.inventory.add_group('billmgr_%s' % item_type)
        taken = set()
        # Lowest id first, whatever the type: the older service keeps a shared name (ids are unique across item types).
        for service in sorted(services, key=lambda s: (s.get('id') if isinstance(s.get('id'), int) else 0, s.get('type') or '')):
            if not isinstance(service.get('id'), int):
                self._odd(service, 'has no id; skipped')
                continue
            if service.get('status') not in STATUS_NAMES:
                self._odd(service, 'has a status BILLmanager does not document (%s); skipped' % (service.get('item_status') or service.get('status')))
                continue
            if service['status'] not in wanted:
                continue
            hostvars = self._hostvars(service)
            if not self._selected(hostvars):
                continue
            name = self._host_name(service, hostvars, taken)
            taken.add(name)
            self._add_host(name, service, hostvars)

    def _selected(self, hostvars):
        """The first of O(filters) that matches decides; none matching keeps the service."""
        for number, rule in enumerate(self.get_option('filters') or [], 1):
            if not isinstance(rule, dict) or len(rule) != 1 or next(iter(rule)) not in ('include', 'exclude'):
                raise AnsibleParserError('BILLmanager inventory: filters[%d] must be one include: or exclude: condition, got %r'
                                         % (number, rule))
            (kind, condition), = rule.items()
            if self._compose(condition, hostvars):
                return kind == 'include'
        return True

    def _host_name(self, service, hostvars, taken):
        # A host name is a plain string on every core, as AWX's inventory import needs it. One that could be a template
        # is therefore not taken: before ansible-core 2.19 a plain string is templated wherever inventory_hostname is.
        name = None
        template = self.get_option('hostname')
        if template:
            simple, rendered = self._simply_evaluated(template, hostvars, compile_template)
            if not simple:
                self.templar.available_variables = hostvars
                rendered = self.templar.template(template)
            name = self._usable_name(service, rendered)
        if not name:
            name = next((value for value in (self._usable_name(service, service.get(field)) for field in self.get_option('hostnames'))
                         if value), None)
        if name is None:
            name = str(service['id'])
            self.display.v('BILLmanager %s %s has none of the fields %s; named after its id'
                           % (service['type'], service['id'], ', '.join(self.get_option('hostnames'))))
        if name in taken:
            unique = '%s_%s' % (name, service['id'])
            if unique in taken:
                unique = '%s_%s_%s' % (name, service['type'], service['id'])
            self._odd(service, 'would be named %s like another service; named %s' % (name, unique))
            name = unique
        return name

    def _usable_name(self, service, value):
        """``value`` as a plain host name, or None when it is empty or could be a template (the next choice applies)."""
        name = str(value).strip() if value not in (None, '') else ''
        if name and could_template(name):
            self._odd(service, 'has a name that could be a template (%s); not used as its host name' % name)
            return None
        return name or None

    def _hostvars(self, service):
        # Panel data is never a template: a service named "{{ lookup('pipe', 'id') }}" must stay text, also when it comes
        # back from a cache plugin (the cache holds the panel's data; hostvars are made from it on every run).
        hostvars = dict(('billmgr_%s' % field, as_text(service.get(field))) for field in HOSTVARS)
        hostvars['billmgr_days_left'] = _days_left(service.get('expiredate'))
        hostvars['billmgr_ips'] = [as_text(address) for address in ip_addresses(service.get('ip'))]
        return hostvars

    def _connect_to(self, name, service, addresses):
        how = self.get_option('connect_with')
        if how == 'ipv4':
            return host_address(addresses)
        if how == 'ipv6':
            return next((address for address in addresses if ':' in address), None)
        if how == 'domain':
            return service.get('domain') or None
        return name if how == 'name' else None

    def _add_host(self, name, service, hostvars):
        addresses = [str(address) for address in hostvars['billmgr_ips']]
        address = self._connect_to(name, service, addresses)
        if address:
            hostvars['ansible_host'] = as_text(address)
        elif self.get_option('connect_with') != 'none' and service['status'] == STATUS_CODES['active']:
            self._odd(service, 'is active but has no %s; added without ansible_host' % {
                'ipv4': 'ip', 'ipv6': 'IPv6 address', 'domain': 'domain'}.get(self.get_option('connect_with'), 'address'))
        self.inventory.add_host(name, group='billmgr_%s' % service['type'])
        for key, value in hostvars.items():
            self.inventory.set_variable(name, key, value)
        strict = self.get_option('strict')
        self._set_composite_vars(self.get_option('compose'), hostvars, name, strict=strict)
        self._add_host_to_composed_groups(self.get_option('groups'), hostvars, name, strict=strict)
        self._add_host_to_keyed_groups(self.get_option('keyed_groups'), hostvars, name, strict=strict)

    def _compose(self, template, variables, *args, **kwargs):
        # Most expressions of an inventory file are a variable's name, a comparison with a literal or a constant. None of
        # them needs the template engine, one evaluation of which costs more than the rest of a host's work: the first
        # two are evaluated in Python (_simple_expressions), a constant once. Anything else is templated.
        if isinstance(template, str):
            text = template.strip()
            if text in self._constants:
                return self._constants[text]
            simple, value = self._simply_evaluated(text, variables, compile_expression)
            if simple:
                return value
            if _is_constant(text) and not self._extra_vars_used():
                self._constants[text] = super(InventoryModule, self)._compose(template, variables, *args, **kwargs)
                return self._constants[text]
        return super(InventoryModule, self)._compose(template, variables, *args, **kwargs)

    def _simply_evaluated(self, source, variables, compile_source):
        """(True, the value) for a simple expression of names the host has; (False, None) when the engine must do it.

        With use_extra_vars the template engine decides, as extra vars win over the host's own; and before ansible-core
        2.19 it always does, as its results are text where Python's are not.
        """
        if not NATIVE_RESULTS or self._extra_vars_used():
            return False, None
        key = (source, compile_source)
        if key not in self._simple:
            self._simple[key] = compile_source(source)
        function = self._simple[key]
        if function is None:
            return False, None
        try:
            return True, function(variables)
        except (KeyError, TypeError):  # an undefined name, or values Python cannot compare: Ansible's own handling
            return False, None

    def _extra_vars_used(self):
        if self._use_extra_vars is None:
            try:
                self._use_extra_vars = bool(self.get_option('use_extra_vars'))
            except (KeyError, AnsibleError):
                self._use_extra_vars = False
        return self._use_extra_vars

    def _odd(self, service, what):
        message = 'BILLmanager %s %s %s' % (service.get('type'), service.get('id'), what)
        if self.get_option('fail_on_errors'):
            raise AnsibleParserError('%s (fail_on_errors is on)' % message)
        self.display.v(message)


def client_from_params(connection, log=None):
    """The panel's client; the HTTP library is imported only here, as a run answered from the cache needs none of it.

    Importing requests takes about a fifth of a second, a tenth of a whole run over 1,000 hosts.
    """
    from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport import _client  # pylint: disable=import-outside-toplevel
    if not _client.HAS_REQUESTS:
        raise AnsibleError('the ispsystem.billmgr.billmgr inventory needs the Python library requests on the controller')
    return _client.client_from_params(connection, log=log)


def list_selected(*args, **kwargs):
    """The selected services (see _inventory_selection), imported with the client, on a cache miss only."""
    from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel import _inventory_selection  # pylint: disable=import-outside-toplevel
    return _inventory_selection.list_selected(*args, **kwargs)


def _is_constant(expression):
    """A number, string, list or mapping written out (no variable, filter or lookup): the same for every host.

    One with a brace is left to the template engine: older ansible-core templates a result that looks like a template.
    """
    if '{' in expression or '}' in expression:
        return False
    try:
        ast.literal_eval(expression)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
    return True


def _days_left(expiredate):
    try:
        return days_left(expiredate)
    except (TypeError, ValueError):
        return None
