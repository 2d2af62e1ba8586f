"""A service's addresses and their reverse DNS: service.ip, service.ip.edit.

Real cabinets list a service's addresses with ``service.ip&elid=ID`` (real-panels "Real functions ... not implemented":
E5, E16). The columns are the real ones (real-panels-2 §6.1: E22 ``DedicIPItem`` and the vds/dedic ops, E23's adapter
written against a live panel): ``id``, ``name`` (the address), ``is_main`` and ``no_delete`` (on/off), ``mask``,
``gateway``, ``domain`` (the PTR name), ``type`` (E23: "Public IPv4") and ``ip_status``. The PTR is set with
``service.ip.edit&elid=IPID&plid=ID&domain=NAME&sok=ok`` (E22 for a VPS; without sok the form, whose ``domain``,
``mask`` and ``gateway`` E22 reads). Guessed [INF]: the address ids, the IPv6 type's words, the ``ip_status`` word,
that only the main address is ``no_delete``, the form's other fields.

A dedicated server's edit form also holds the address's ``mask`` and ``gateway``, and a real cabinet sends them back
with ``clicked_button=ok`` (real-panels-2 §6.2, E22 dedic ``getInfoEditIP``/``editIP``). What a panel does with an
edit that leaves them out is not known ("may be cleared or refused"); the simulator takes the harder case and saves
them as sent, so an edit that leaves them out blanks them [INF].
"""

import ipaddress
import re

from .. import errors
from ..document import Node
from . import Function, common

# [INF] the types whose addresses are the client's own (a shared host's address is not).
TYPES_WITH_ADDRESSES = ('vds', 'dedic')
# [INF] an address's id: the service's id and the address's place in its list, so it stays put across requests.
IDS_PER_SERVICE = 100
_SEPARATORS = re.compile(r'[\s,;]+')


def service_of(ctx, param='elid'):
    row = common.load_service(ctx, None, ctx.int_param(param), param=param)
    if row['itemtype'] not in TYPES_WITH_ADDRESSES:
        raise errors.ApiError('value', param, 'The service #%d has no addresses of its own' % row['id'], value=str(row['id']))
    if row['status'] == 4:
        raise errors.ApiError('value', param, 'The service has been deleted', value=str(row['id']))
    return row


def addresses(ctx, row):
    """[(ip id, address, main, PTR name, mask, gateway)] in the panel's order; the first is the main one [INF]. A new
    service has none until processing ends. The PTR is the one set, else the service's domain for the main address and
    none for others [INF]; mask and gateway the ones a dedicated server's edit saved, else the network's [INF]."""
    saved = dict((ptr['ip'], ptr) for ptr in ctx.conn.execute('SELECT * FROM ip_ptr WHERE service_id = ?', (row['id'],)))
    found = []
    for place, address in enumerate(part for part in _SEPARATORS.split(row['ip'] or '') if part):
        default = row['domain'] or '' if place == 0 else ''
        mask, gateway = network_of(address)
        ptr = saved.get(address)
        if ptr is not None and ptr['gateway'] is not None:
            mask, gateway = ptr['mask'], ptr['gateway']
        found.append((row['id'] * IDS_PER_SERVICE + place + 1, address, place == 0, ptr['domain'] if ptr else default, mask, gateway))
    return found


def network_of(address):
    """(mask, gateway) [INF]: a /24 (IPv4, mask 255.255.255.0) or a /64 (IPv6, mask 64), its first address the gateway."""
    parsed = ipaddress.ip_address(address)
    network = ipaddress.ip_network('%s/%d' % (address, 24 if parsed.version == 4 else 64), strict=False)
    mask = str(network.netmask) if parsed.version == 4 else str(network.prefixlen)
    return mask, str(network.network_address + 1)


def address_fields(ip_id, address, main, ptr, mask, gateway):
    """The columns of one row, as real-panels-2 §6.1 names them (see the module's docstring for what is guessed)."""
    version = ipaddress.ip_address(address).version
    flag = 'on' if main else 'off'
    return [('id', ip_id), ('name', address), ('is_main', flag), ('no_delete', flag), ('mask', mask), ('gateway', gateway),
            ('domain', ptr), ('type', 'Public IPv%d' % version), ('ip_status', 'Active')]


def ip_list(ctx):
    row = service_of(ctx)
    nodes = [Node('elem', repeat=True, fields=[(name, str(value)) for name, value in address_fields(*found)])
             for found in addresses(ctx, row)]
    # A real list says how many it holds, an empty one too (E24 reads p_elems; real-panels-2 §12.3): one page, all of it.
    return nodes + [Node('p_elems', len(nodes))]


def ip_edit(ctx):
    row = service_of(ctx, 'plid')
    ip_id = ctx.elid()
    found = next((item for item in addresses(ctx, row) if item[0] == ip_id), None)
    if found is None:
        raise errors.not_found('elid', str(ip_id))
    if not ctx.confirmed:
        return [Node(name, value) for name, value in address_fields(*found)] + [Node('plid', row['id'])]
    if not ctx.params.has('domain'):
        raise errors.missed('domain')
    # [INF, strict] a PTR name is a host name (no trailing dot, no blanks); an empty one takes the PTR away.
    name = ctx.params.get('domain').strip()
    name = common.check_domain(name) if name else ''
    mask, gateway = found[4], found[5]
    if row['itemtype'] == 'dedic':
        # real-panels-2 §6.2 (E22): the form's mask and gateway come back with the edit; left out, blanked [INF: harder].
        mask, gateway = (ctx.params.get('mask') or '').strip(), (ctx.params.get('gateway') or '').strip()
    ctx.conn.execute('INSERT OR REPLACE INTO ip_ptr (service_id, ip, domain, mask, gateway) VALUES (?, ?, ?, ?, ?)',
                     (row['id'], found[1], name, mask, gateway))
    return [Node('ok')]


def register(registry):
    registry['service.ip'] = Function(ip_list)
    registry['service.ip.edit'] = Function(ip_edit)
