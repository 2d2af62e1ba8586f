"""ISPsystem licenses (soft.*): what differs from other services.

soft.order.param is in orders, soft.edit/soft.delete in services; here are the license
rules they use and soft.suspend, soft.resume, soft.checkip.
"""

import ipaddress
import secrets

from .. import catalog, errors, numeric
from ..document import Node
from . import Function, common, suspension

# Addresses no license can be issued for (check_licensable); the documentation ranges (TEST-NET) stay usable for examples.
UNLICENSABLE = tuple(ipaddress.ip_network(net) for net in (
    '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16',
    '224.0.0.0/4', '240.0.0.0/4', '::1/128', 'fc00::/7', 'fe80::/10', 'ff00::/8'))


def check_licensable(ctx, tariff_id, ip, exclude_id=None):
    """A license needs a public address (not in UNLICENSABLE) not already licensed for the same product [INF: the
    rules, which addresses, and the texts]."""
    address = ipaddress.ip_address(ip)
    if any(address.version == net.version and address in net for net in UNLICENSABLE):
        raise errors.ApiError('value', 'ip', 'The IP address %s cannot be licensed: it is not a public address' % ip, value=ip)
    row = ctx.conn.execute('SELECT id FROM service WHERE itemtype = ? AND tariff_id = ? AND ip = ? AND status IN (1, 2, 3, 5) AND id != ?',
                           ('soft', tariff_id, ip, exclude_id or -1)).fetchone()
    if row is not None:
        raise errors.exists('ip', ip, 'A license for this product already exists for the IP address %s' % ip)
    return ip


def license_updates(ctx, service):
    """soft.edit with sok: licname, ip (one change per calendar month), clicked_button=newkey."""
    updates = {}
    if ctx.params.has('licname'):
        updates['licname'] = ctx.params.filled('licname')
    ip = ctx.params.filled('ip')
    if ip is not None and common.check_ip(ip) != service['ip']:
        ip = check_licensable(ctx, service['tariff_id'], common.check_ip(ip), exclude_id=service['id'])
        month = ctx.clock.month()
        if service['ipchange_month'] == month:
            # [INF] the text; the documented rule is "you may change IP-address only once a month".
            raise errors.ApiError('value', 'ip', 'The IP address of a license can be changed only once a month', value=ip)
        updates['ip'] = ip
        updates['ipchange_month'] = month
    if ctx.params.get('clicked_button') == 'newkey':
        if service['status'] != 2:
            raise errors.ApiError('value', 'elid', 'A new key can be generated only for an active license', value=str(service['id']))
        updates['lickey'] = secrets.token_hex(20)
        updates['keychange_date'] = ctx.clock.today_iso()
    return updates


def suspend(ctx):
    rows = [common.load_service(ctx, 'soft', service_id) for service_id in ctx.elids()]
    # The codes of other services' suspensions (handlers/suspension.py, where the owner's code is tagged as a guess).
    orig = suspension.BY_STAFF if ctx.is_admin else suspension.BY_OWNER
    for row in rows:
        if row['status'] == 3:
            continue
        if row['status'] != 2:
            raise errors.ApiError('value', 'elid', 'Only an active license can be suspended', value=str(row['id']))
        ctx.conn.execute('UPDATE service SET status = 3, status_orig = ? WHERE id = ?', (orig, row['id']))
    return [Node('ok')]


def resume(ctx):
    rows = [common.load_service(ctx, 'soft', service_id) for service_id in ctx.elids()]
    for row in rows:
        if row['status'] == 2:
            continue
        if row['status'] != 3:
            raise errors.ApiError('value', 'elid', 'Only a suspended license can be resumed', value=str(row['id']))
        if row['status_orig'] == '3_autosuspend':
            raise errors.ApiError('value', 'elid', 'The license is suspended because it has expired: renew it first', value=str(row['id']))
        ctx.conn.execute("UPDATE service SET status = 2, status_orig = '2' WHERE id = ?", (row['id'],))
    return [Node('ok')]


def checkip(ctx):
    tariff_raw = ctx.require('pricelist')
    tariff_row = catalog.tariff(ctx.conn, tariff_raw, 'soft')
    if tariff_row is None:
        raise errors.invalid('pricelist', tariff_raw)
    period = ctx.params.filled('period')
    if period is not None and numeric.parse_period(period) not in catalog.periods(tariff_row):
        raise errors.invalid('period', period)
    check_licensable(ctx, tariff_row['id'], common.check_ip(ctx.require('ip')))
    return [Node('ok')]


def register(registry):
    registry['soft.suspend'] = Function(suspend)
    registry['soft.resume'] = Function(resume)
    registry['soft.checkip'] = Function(checkip)
