"""Editing and deleting services: TYPE.edit, TYPE.delete."""

import functools

from .. import billing, catalog, errors, lifecycle, views
from ..clock import parse_date
from ..document import Node
from . import SERVICE_TYPES, Function, common, licenses
from .basket import add_to_cart  # the old cart on both panels (E5: TYPE.edit -> doc.billorder.$)

ADMIN_ONLY = ('domain', 'ip', 'username', 'userpassword', 'serverid', 'ostempl', 'recipe')
DAYS_PER_MONTH = 30


def edit(itemtype, ctx):
    service = common.load_service(ctx, itemtype, ctx.elid())
    if not ctx.confirmed:
        return views.edit_form(ctx.conn, service, ctx.switches.autoprolong_without_price) + change_price(ctx, service)
    if service['status'] == 4:
        raise errors.ApiError('value', 'elid', 'The service has been deleted', value=str(service['id']))
    admin_only = ADMIN_ONLY if itemtype != 'soft' else tuple(name for name in ADMIN_ONLY if name != 'ip')
    if not ctx.is_admin:
        refuse_or_ignore_admin_fields(ctx, admin_only)
    tariff_row = catalog.tariff(ctx.conn, service['tariff_id'])
    updates = {}
    if ctx.params.has('autoprolong'):
        updates['autoprolong'] = common.parse_autoprolong(ctx, tariff_row)
    if ctx.is_admin:
        updates.update(admin_updates(ctx, admin_only))
    if itemtype == 'soft':
        updates.update(licenses.license_updates(ctx, service))
    if updates:
        assignments = ', '.join('%s = ?' % column for column in updates)
        ctx.conn.execute('UPDATE service SET %s WHERE id = ?' % assignments, list(updates.values()) + [service['id']])
    answer = [Node('ok')]
    if 'lickey' in updates:
        # clicked_button=newkey gives a new key, in the answer next to ok (real-panels §11: E7, E8; api-facts).
        answer.append(Node('lickey', updates['lickey']))
    return answer + change_addons(ctx, service, tariff_row)


def refuse_or_ignore_admin_fields(ctx, names):
    """A client sending an admin-only field: refused with ``access`` [INF: strict], or with --ignore-admin-fields
    ignored and noted, as a real panel may do with what a client cabinet sends (real-panels §9.2, E5 dedic.edit)."""
    for name in names:
        if not ctx.params.has(name):
            continue
        if not ctx.switches.ignore_admin_fields:
            raise errors.access(name, "Insufficient privileges to change the field '%s'" % name)
        ctx.note('ignored %s: a client cannot change it', name)


def admin_updates(ctx, names):
    checks = {
        'domain': common.check_domain,
        'ip': common.check_ip,
        'ostempl': lambda value: common.check_ostempl(ctx, value),
        'recipe': lambda value: common.check_recipe(ctx, value),
    }
    updates = {}
    for name in names:
        if ctx.params.has(name):
            value = ctx.params.get(name).strip()
            updates[name] = checks[name](value) if name in checks and value else (value or None)
    return updates


def change_price(ctx, service):
    """The price of the add-on change the form's fields ask for, shown before it is made: ``orderinfo`` "Total amount:
    ... RUB" (real-panels §4.4, E5 reads it from TYPE.edit without sok, as from an order form, §3.8; "0.00" for a change
    that costs nothing [INF]). With --edit-without-price the form shows none [INF: the harder case; E5, E22 show a renewal
    form that carries no cost, real-panels-2 §2.7]."""
    if ctx.switches.edit_without_price:
        return []
    changed, _monthly, cost = addon_change(ctx, service, catalog.tariff(ctx.conn, service['tariff_id']))
    if not changed:
        return []
    return [Node('orderinfo', 'Total amount: %s RUB' % catalog.money(cost))]


def addon_change(ctx, service, tariff_row):
    """The add-ons the request's fields change ({id: value}), the new monthly price, and what the change costs now."""
    tariff_addons = catalog.addons(ctx.conn, tariff_row['id'])
    current = {int(key): value for key, value in views.addon_values(ctx.conn, service['id']).items()}
    for addon in tariff_addons:
        current.setdefault(addon['id'], addon['included'])
    wanted = common.parse_addons(ctx, tariff_addons, current)
    changed = {addon_id: value for addon_id, value in wanted.items() if current.get(addon_id) != value}
    if not changed:
        return changed, service['monthly'], 0
    monthly = catalog.monthly_cost(tariff_row, tariff_addons, wanted)
    return changed, monthly, prorated(ctx, service, monthly - service['monthly'])


def change_addons(ctx, service, tariff_row):
    """Apply add-on changes. A change that costs money is charged at once with skipbasket, else it waits in the old
    cart, applied when paid, and the answer is ``billorder`` (E5 reads ``doc.billorder.$``; clicked_button=basket)."""
    changed, monthly, cost = addon_change(ctx, service, tariff_row)
    if not changed:
        return []
    if cost > 0 and not ctx.skipbasket:
        billorder_id = add_to_cart(ctx, service['account_id'], 'edit', service['itemtype'], service['id'],
                                   {'addons': {str(key): value for key, value in changed.items()}, 'monthly': monthly}, cost,
                                   'Change of add-ons of service #%d' % service['id'])
        return [Node('billorder', billorder_id)]
    billing.charge(ctx.conn, ctx.clock, service['account_id'], cost, 'Change of add-ons of service #%d' % service['id'], service['id'])
    lifecycle.apply_addons(ctx.conn, service['id'], changed, monthly)
    return []


def prorated(ctx, service, monthly_delta):
    """[INF] an upgrade costs the monthly difference for the days left, counting 30 days a month."""
    if monthly_delta <= 0:
        return 0
    if not service['expiredate']:
        return monthly_delta  # [INF] a one-time service pays the difference once
    days_left = max(0, (parse_date(service['expiredate']) - ctx.clock.today()).days)
    return monthly_delta * days_left // DAYS_PER_MONTH


def delete(itemtype, ctx):
    """TYPE.delete: deletion takes time (real-panels-2 §13, E22). A live service passes through status 5 ``5_close``
    ("Deletion in progress") for the processing delay, then is kept with status 4; with --close-at-period-end one with
    paid time left is only scheduled (``scheduledclose=on``) and closes at its expiry. A service of a tariff with a
    minimum term is refused before that term ends (E23). Deleting one being deleted, scheduled or deleted changes
    nothing [INF]; an ordered one (status 1, never paid) is gone at once [INF]."""
    rows = [common.load_service(ctx, itemtype, service_id) for service_id in ctx.elids()]
    if not ctx.confirmed:
        return [Node('elid', ', '.join(str(row['id']) for row in rows))]
    for row in rows:
        refusal = lifecycle.deletion_refusal(ctx.conn, ctx.clock, row)
        if refusal is not None:
            raise refusal
    for row in rows:
        if row['status'] == 1:
            ctx.conn.execute("UPDATE service SET status = 4, status_orig = '4' WHERE id = ?", (row['id'],))
        elif lifecycle.deletion_state(row) is None and row['status'] != 4:
            lifecycle.start_deletion(ctx.conn, ctx.clock, ctx.app.processing_delay, row, ctx.switches.close_at_period_end)
    return [Node('ok')]


def register(registry):
    for itemtype in SERVICE_TYPES:
        registry[itemtype + '.edit'] = Function(functools.partial(edit, itemtype))
        registry[itemtype + '.delete'] = Function(functools.partial(delete, itemtype))
