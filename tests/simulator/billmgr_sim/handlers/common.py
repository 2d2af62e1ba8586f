"""Checks and lookups shared by the order, edit and license functions."""

import ipaddress
import re

from .. import catalog, errors, numeric
from ..views import SERVICE_SELECT

HOSTNAME = re.compile(r'^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$')
AUTOPROLONG_OFF = ('null', 'off', '0', '')


def load_service(ctx, itemtype, service_id, param='elid'):
    """The service row, if the caller may touch it: ``missed`` when there is none of that type, ``access`` when it is another account's."""
    row = ctx.conn.execute(SERVICE_SELECT + ' WHERE s.id = ?', (service_id,)).fetchone()
    if row is None or (itemtype is not None and row['itemtype'] != itemtype):
        raise errors.not_found(param, str(service_id))
    if not ctx.is_admin and row['account_id'] != ctx.account_id:
        raise errors.access(param, 'Insufficient privileges to access object %d' % service_id, value=str(service_id))
    return row


def check_domain(value, param='domain'):
    if not HOSTNAME.match(value):
        raise errors.invalid(param, value)
    return value.lower()


def check_ip(value, param='ip'):
    try:
        return str(ipaddress.ip_address(value))
    except ValueError as exc:
        raise errors.invalid(param, value) from exc


def check_ostempl(ctx, value):
    # [INF: strict] a template the order form does not offer is refused as a bad value, as the form's other choices are.
    if not catalog.ostempl_exists(ctx.conn, value):
        raise errors.invalid('ostempl', value)
    return value


def check_recipe(ctx, value):
    """A recipe name; ``null`` or blank means none."""
    if value is None or value.strip().lower() in ('', 'null', 'none'):
        return None
    if not catalog.recipe_exists(ctx.conn, value):
        raise errors.invalid('recipe', value)
    return value


def parse_autoprolong(ctx, tariff_row):
    """The auto-renewal period (one of the tariff's renewable periods: months, -50 daily), or None for ``null`` (off).

    A trial or a one-time payment cannot be the auto-renewal period [INF: strict].
    """
    raw = (ctx.params.get('autoprolong') or '').strip()
    if raw.lower() in AUTOPROLONG_OFF:
        return None
    period = numeric.parse_period(raw)
    if period not in catalog.periods(tariff_row) or not catalog.renewable(period):
        raise errors.invalid('autoprolong', raw)
    return period


def parse_addons(ctx, tariff_addons, base_values):
    """Add-on values from ``addon_ID`` fields over ``base_values``.

    An add-on the tariff does not have is ignored and noted, as the panel ignores any
    unknown form field [INF].
    """
    by_id = {addon['id']: addon for addon in tariff_addons}
    values = dict(base_values)
    for name in ctx.params.names():
        if not name.startswith('addon_'):
            continue
        addon = by_id.get(numeric.parse_int(name[len('addon_'):]))
        if addon is None:
            ctx.note('ignored %s: the tariff has no such add-on', name)
            continue
        values[addon['id']] = catalog.normalise_addon_value(addon, ctx.params.get(name))
    return values
