"""Moving a service to another tariff: the three-step wizard of real panels (real-panels-2 §3.1, §3.2).

``service.changepricelist`` (the choice of tariff), ``service.changepricelist.pricelist`` (the terms: ``money_info``,
``newprice``, ``oldexpiredate``/``newexpiredate``), ``service.changepricelist.getmoney`` (pays and moves): E22's client
area (its hosting page sends the three steps, its cloud page the first and the last), E25's FAQ (choose, "Next", read the
terms, "Finish"). The form has no ``cost`` (E22). The same wizard on both panel generations [INF: E22 and E25 are
BILLmanager 6's]. E8's one-step ``service.changepricelist&elid&pricelist&period&sok=ok`` only moves the wizard on here.
The price rule, the new expiry, the period kept and the refusals are [INF], strict.
"""

import datetime

from .. import billing, catalog, errors, lifecycle, views
from ..clock import parse_date
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


def new_period(service, target):
    """The period on the new tariff: the service's own when the new tariff sells it, else the new tariff's first renewable
    one [INF]. The wizard takes no ``period`` (E22's clients send none; E8's one-step call did): a ``period`` sent is ignored
    [INF: the harder case, a period asked for and not taken]."""
    periods = [period for period in catalog.periods(target) if catalog.renewable(period)]
    return service['period'] if service['period'] in periods else periods[0]


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


def new_expiry(ctx, service, target, monthly):
    """``newexpiredate`` [INF]. An upgrade is paid for (``prorated``) and keeps the expiry. A downgrade costs nothing and
    refunds nothing; the paid time left buys more time on the cheaper tariff (both monthly-billed): the expiry moves later
    by the old price of the days left divided by the new daily price. E22 shows the two dates and that they may differ; when
    and how a real panel moves them is not shown, so the harder case: a change that costs nothing and still moves the date."""
    if not service['expiredate'] or service['period'] <= 0 or min(catalog.periods(target)) <= 0:
        return service['expiredate']
    if monthly <= 0 or monthly >= service['monthly']:
        return service['expiredate']
    today = ctx.clock.today()
    days_left = max(0, (parse_date(service['expiredate']) - today).days)
    return (today + datetime.timedelta(days=days_left * service['monthly'] // monthly)).isoformat()


class Move:
    """One tariff change worked out for a request, before anything is written: the target, its period, add-ons, price,
    the amount to pay and the new expiry."""

    def __init__(self, ctx, require_target=True):
        self.ctx = ctx
        self.service = service = common.load_service(ctx, None, ctx.elid())
        if service['status'] != 2:
            # [INF: strict] only an active service moves: one in processing, suspended or deleted does not.
            raise errors.ApiError('value', 'elid', 'The tariff can be changed only for an active service', value=str(service['id']))
        self.allowed = targets(ctx, service)
        self.target = chosen_target(ctx, service, self.allowed)
        if self.target is None and require_target:
            raise errors.missed('pricelist')
        if self.target is None:
            return
        self.period = new_period(service, self.target)
        self.addons = carried_addons(ctx, service, self.target)
        self.monthly = catalog.monthly_cost(self.target, catalog.addons(ctx.conn, self.target['id']), self.addons)
        self.cost = prorated(ctx, service, self.monthly - service['monthly'])
        self.expiredate = new_expiry(ctx, service, self.target, self.monthly)

    def choice(self):
        service = self.service
        return [Node('elid', service['id']), Node('expiredate', service['expiredate']),
                slist('pricelist', [(row['id'], row['name']) for row in self.allowed])]

    def terms(self):
        """The terms screen (E22: ``money_info``, ``newprice``, ``newpricelist``, ``oldprice``, ``oldpricelist``,
        ``oldexpiredate``, ``newexpiredate``). ``money_info`` in E22's words for a charge, "You will be charged with"
        (the client area looks for them); the amount, its currency and the prices' "RUB / Month" [INF]. No ``cost``."""
        service, target = self.service, self.target
        return [Node('elid', service['id']), Node('pricelist', target['id']),
                Node('money_info', 'You will be charged with %s RUB' % catalog.money(self.cost)),
                Node('oldpricelist', service['tariff_name']), Node('newpricelist', target['name']),
                Node('oldprice', catalog.cost_text(service['monthly'], service['period'])),
                Node('newprice', catalog.cost_text(self.monthly, self.period)),
                Node('oldexpiredate', service['expiredate'] or ''), Node('newexpiredate', self.expiredate or '')]

    def pay(self):
        """The move: charged at once from the balance and the credit limit, recorded as an expense [INF]."""
        ctx, service, target = self.ctx, self.service, self.target
        billing.charge(ctx.conn, ctx.clock, service['account_id'], self.cost,
                       'Change of tariff of service #%d to %s' % (service['id'], target['name']), service['id'])
        ctx.conn.execute('DELETE FROM service_addon WHERE service_id = ?', (service['id'],))
        lifecycle.apply_addons(ctx.conn, service['id'], self.addons, self.monthly)
        ctx.conn.execute('UPDATE service SET tariff_id = ?, period = ?, expiredate = ? WHERE id = ?',
                         (target['id'], self.period, self.expiredate, service['id']))


def changepricelist(ctx):
    """Step 1 of the wizard (real-panels-2 §3.1, §3.2; E5, E22, E25): the tariffs the service may move to (``slist``
    pricelist), no price. With ``sok`` it only moves the wizard on (E25: "Next" leads to the terms): the answer is the terms
    screen and nothing is charged or moved, as on a real panel [INF: the answer's shape; E8's one-step call is reported to
    work for licences, whether it completed the wizard is not shown, so the harder case]."""
    move = Move(ctx, require_target=ctx.confirmed)
    if ctx.confirmed:
        return move.terms()
    return move.choice()


def changepricelist_pricelist(ctx):
    """Step 2, ``service.changepricelist.pricelist&elid&pricelist&snext=ok&sok=ok`` (E22): the terms; changes nothing,
    with or without ``sok`` (E22: the client area shows this answer before its "Save" sends the payment step)."""
    return Move(ctx).terms()


def changepricelist_getmoney(ctx):
    """Step 3, ``service.changepricelist.getmoney&elid&pricelist&sok=ok`` (E22; its cloud code adds
    ``clicked_button=finish&snext=ok``): pays and moves, answers ``ok`` (nothing more is known: real-panels-2 "Not
    found"). Without ``sok`` it pays too [INF: the harder case; real panels act on some calls without sok, E22, E26]."""
    Move(ctx).pay()
    return [Node('ok')]


def register(registry):
    registry['service.changepricelist'] = Function(changepricelist)
    registry['service.changepricelist.pricelist'] = Function(changepricelist_pricelist)
    registry['service.changepricelist.getmoney'] = Function(changepricelist_getmoney)
