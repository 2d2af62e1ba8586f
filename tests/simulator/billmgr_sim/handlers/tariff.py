"""Moving a service to another tariff: service.changepricelist.

The function and its parameters are E8's (a licence reseller against a BILLmanager 6 panel:
``service.changepricelist&elid&pricelist&period&sok=ok``), listed among the functions of a real client
cabinet in E5. No client shows the form's answer, the price rule or a refusal: those are [INF], strict.
"""

from .. import billing, catalog, errors, lifecycle, numeric, views
from ..document import Node
from ..views import slist
from . import Function, common
from .services import prorated


def targets(ctx, service):
    """The tariffs the service may move to [INF: strict]: orderable ones of its own item type, sold in its datacenter
    (a move to another datacenter is a new order), with a period the service could renew for; not its own."""
    found = []
    for row in catalog.tariffs(ctx.conn, service['itemtype'], orderable=True):
        if row['id'] == service['tariff_id'] or not any(catalog.renewable(period) for period in catalog.periods(row)):
            continue
        if service['datacenter_id'] is not None:
            if service['datacenter_id'] not in [dc['id'] for dc in catalog.datacenters(ctx.conn, row['id'])]:
                continue
        found.append(row)
    return found


def chosen_target(ctx, service, allowed):
    """The tariff named by ``pricelist``: one of ``allowed``, else a ``value`` error that says why [INF: texts]."""
    raw = ctx.params.filled('pricelist')
    if raw is None:
        return None
    row = catalog.tariff(ctx.conn, raw)
    if row is not None and row['id'] == service['tariff_id']:
        raise errors.ApiError('value', 'pricelist', 'The service is already on this tariff', value=raw)
    if row is not None and row['itemtype'] != service['itemtype']:
        raise errors.ApiError('value', 'pricelist', 'The tariff is for another product type (%s)' % row['itemtype'], value=raw)
    if row is None or row['id'] not in [target['id'] for target in allowed]:
        raise errors.invalid('pricelist', raw)
    return row


def chosen_period(ctx, service, target):
    """The period of the new tariff: ``period``, else the service's own when the new tariff sells it [INF]."""
    periods = [period for period in catalog.periods(target) if catalog.renewable(period)]
    raw = ctx.params.filled('period')
    if raw is None:
        if service['period'] in periods:
            return service['period']
        if ctx.confirmed:
            raise errors.missed('period')
        return periods[0]
    period = numeric.parse_period(raw)
    if period not in periods:
        raise errors.invalid('period', raw)
    return period


def carried_addons(ctx, service, target):
    """The add-on values on the new tariff [INF]: a value the new tariff also takes is kept, any other is its default."""
    current = {int(key): value for key, value in views.addon_values(ctx.conn, service['id']).items()}
    values = {}
    for addon in catalog.addons(ctx.conn, target['id']):
        values[addon['id']] = addon['included']
        if addon['id'] in current:
            try:
                values[addon['id']] = catalog.normalise_addon_value(addon, current[addon['id']])
            except errors.ApiError:
                pass
    return values


def changepricelist(ctx):
    """Without sok, the form: the tariffs the service may move to (``slist`` pricelist) and, for a chosen ``pricelist``,
    its periods and the price of the move (``cost``). With sok, the move: charged at once from the balance and the
    credit limit (an upgrade costs the monthly difference for the days left, 30-day months, as an add-on upgrade does;
    a downgrade is free and refunds nothing) [INF], recorded as an expense; the expiry date stays."""
    service = common.load_service(ctx, None, ctx.elid())
    if service['status'] != 2:
        # [INF: strict] only an active service moves: one in processing, suspended or deleted does not.
        raise errors.ApiError('value', 'elid', 'The tariff can be changed only for an active service', value=str(service['id']))
    allowed = targets(ctx, service)
    target = chosen_target(ctx, service, allowed)
    nodes = [Node('elid', service['id']), Node('expiredate', service['expiredate'])]
    nodes.append(slist('pricelist', [(row['id'], row['name']) for row in allowed]))
    if target is None:
        if ctx.confirmed:
            raise errors.missed('pricelist')
        return nodes
    period = chosen_period(ctx, service, target)
    addons = carried_addons(ctx, service, target)
    monthly = catalog.monthly_cost(target, catalog.addons(ctx.conn, target['id']), addons)
    cost = prorated(ctx, service, monthly - service['monthly'])
    if not ctx.confirmed:
        renewals = [code for code in catalog.periods(target) if catalog.renewable(code)]
        return nodes + [Node('pricelist', target['id']), Node('period', period),
                        slist('period', [(code, catalog.period_name(code)) for code in renewals]),
                        Node('cost', catalog.money(cost))]
    billing.charge(ctx.conn, ctx.clock, service['account_id'], cost,
                   'Change of tariff of service #%d to %s' % (service['id'], target['name']), service['id'])
    ctx.conn.execute('DELETE FROM service_addon WHERE service_id = ?', (service['id'],))
    lifecycle.apply_addons(ctx.conn, service['id'], addons, monthly)
    ctx.conn.execute('UPDATE service SET tariff_id = ?, period = ? WHERE id = ?', (target['id'], period, service['id']))
    return [Node('ok')]


def register(registry):
    registry['service.changepricelist'] = Function(changepricelist)
