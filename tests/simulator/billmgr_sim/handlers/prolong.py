"""Renewal: service.prolong."""

import datetime

from .. import billing, catalog, errors, lifecycle, numeric
from ..clock import parse_date
from ..document import Node
from ..views import slist
from . import Function, common
from .basket import add_to_cart


def prolong(ctx):
    service = common.load_service(ctx, None, ctx.elid())
    tariff_row = catalog.tariff(ctx.conn, service['tariff_id'])
    # A trial is not renewed as a trial, a one-time service not at all [INF: strict].
    periods = [period for period in catalog.periods(tariff_row) if catalog.renewable(period)]
    if not periods or not service['expiredate']:
        raise errors.ApiError('value', 'elid', 'This service cannot be renewed', value=str(service['id']))
    check_renewal_window(ctx, service)
    raw = ctx.params.filled('period')
    if raw is None:
        if ctx.confirmed:
            raise errors.missed('period')
        period = service['period'] if service['period'] in periods else periods[0]
    else:
        period = numeric.parse_period(raw)
        if period not in periods:
            raise errors.invalid('period', raw)
    cost = catalog.period_cost(service['monthly'], period)
    if not ctx.confirmed:
        return renewal_form(service, period, periods)
    if service['status'] in (1, 5):
        raise errors.ApiError('value', 'elid', 'Cannot renew this service: the service has not been processed yet', value=str(service['id']))
    if service['status'] == 4:
        raise errors.ApiError('value', 'elid', 'Cannot renew this service: the service has been deleted', value=str(service['id']))
    description = 'Renewal of service #%d for %s' % (service['id'], catalog.period_name(period))
    if not ctx.skipbasket:
        # Into the old cart; the answer keeps billorder.id as the old order API's (E6) [INF: no client shows
        # what a renewal into the cart answers].
        billorder_id = add_to_cart(ctx, service['account_id'], 'prolong', service['itemtype'], service['id'], {'period': period}, cost, description)
        return [Node('ok'), Node('billorder.id', billorder_id)]
    billing.charge(ctx.conn, ctx.clock, service['account_id'], cost, description, service['id'])
    expiredate = lifecycle.prolong(ctx.conn, service, period)
    return [Node('ok'), Node('expiredate', expiredate)]


def renewal_form(service, period, periods):
    """service.prolong without sok: the expiry now and after the renewal, the period and the periods offered, and no price
    (real-panels-2 §2.7, §11: E5/E22's form has title_name, expiredate, newexpiredate, period, status and the period
    slist, and no cost element; the price shows in the edit form's auto-renewal choices, views.autoprolong_slist). The
    period choices are the period's words (E22's period texts) [INF: strict, whether they also carry an amount is not
    shown]."""
    newexpiredate = catalog.advance(parse_date(service['expiredate']), period).isoformat()
    choices = [(code, catalog.renewal_words(code)) for code in periods]
    return [Node('elid', service['id']), Node('expiredate', service['expiredate']), Node('newexpiredate', newexpiredate),
            Node('period', period), slist('period', choices)]


def check_renewal_window(ctx, service):
    """With --renewal-window DAYS a service renews only once its expiry is at most DAYS ahead (real-panels §10.2, E5:
    "The service can be renewed only after <date>", the date in ``param[name=value]``). [INF] type ``value``, object
    ``elid``, the date the first day renewal works, and the form refused as well as sok=ok (strict)."""
    days = ctx.switches.renewal_window
    if days is None:
        return
    opens = parse_date(service['expiredate'][:10]) - datetime.timedelta(days=days)
    if ctx.clock.today() < opens:
        raise errors.ApiError('value', 'elid', 'The service can be renewed only after %s' % opens.isoformat(), value=opens.isoformat())


def register(registry):
    registry['service.prolong'] = Function(prolong)
