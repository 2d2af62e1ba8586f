"""Suspending and resuming services: TYPE.suspend, TYPE.resume (vds, dedic, vhost, platform), and sim.suspend.

The functions are those real clients call: ``dedic.suspend``/``dedic.resume`` in a client cabinet (E5), the
resellers' ``vds.suspend``/``vds.resume`` (issue 21), ``soft.suspend``/``soft.resume`` with ``elid`` and no ``sok``
(E7, in licenses.py). Who suspended is in the compound ``item_status`` code (api-facts: ``3_employeesuspend``,
``3_autosuspend``, ``3_abusesuspend``; ``3_usersuspend`` for the owner [INF], as for licences).
"""

import functools

from .. import errors
from ..document import Node
from . import ORDERABLE_TYPES, Function, common

BY_OWNER = '3_usersuspend'
BY_STAFF = '3_employeesuspend'
# sim.suspend's reasons: how the panel itself suspends (staff, abuse, an unpaid expiry).
PANEL_REASONS = {'employee': BY_STAFF, 'abuse': '3_abusesuspend', 'auto': '3_autosuspend'}


def suspend(itemtype, ctx):
    """[INF] the owner's suspension is ``3_usersuspend``, an administrator's ``3_employeesuspend``; a suspended service
    stays as it is (whoever suspended it); only an active one can be suspended (strict)."""
    rows = [common.load_service(ctx, itemtype, service_id) for service_id in ctx.elids()]
    code = BY_STAFF if ctx.is_admin else BY_OWNER
    for row in rows:
        if row['status'] == 3:
            continue
        if row['status'] != 2:
            raise errors.ApiError('value', 'elid', 'Only an active service can be suspended', value=str(row['id']))
    for row in rows:
        if row['status'] == 2:
            ctx.conn.execute('UPDATE service SET status = 3, status_orig = ? WHERE id = ?', (code, row['id']))
    return [Node('ok')]


def resume(itemtype, ctx):
    """[INF: strict] the owner resumes only what it suspended itself; staff resume any suspension but the one of an
    unpaid expiry, which only a renewal lifts (as for licences)."""
    rows = [common.load_service(ctx, itemtype, service_id) for service_id in ctx.elids()]
    for row in rows:
        if row['status'] == 2:
            continue
        if row['status'] != 3:
            raise errors.ApiError('value', 'elid', 'Only a suspended service can be resumed', value=str(row['id']))
        if row['status_orig'] == '3_autosuspend':
            raise errors.ApiError('value', 'elid', 'The service is suspended because it has expired: renew it first', value=str(row['id']))
        if not ctx.is_admin and row['status_orig'] != BY_OWNER:
            raise errors.access('elid', 'The service was suspended by the provider (%s): only the provider can resume it'
                                % row['status_orig'], value=str(row['id']))
    for row in rows:
        if row['status'] == 3:
            ctx.conn.execute("UPDATE service SET status = 2, status_orig = '2' WHERE id = ?", (row['id'],))
    return [Node('ok')]


def panel_suspend(ctx):
    """Test control: ``elid=ID&reason=employee|abuse|auto`` suspends a service as the panel would (staff, abuse, an
    unpaid expiry), whatever its status was."""
    service = common.load_service(ctx, None, ctx.elid())
    reason = ctx.require('reason')
    if reason not in PANEL_REASONS:
        raise errors.invalid('reason', reason)
    ctx.conn.execute('UPDATE service SET status = 3, status_orig = ? WHERE id = ?', (PANEL_REASONS[reason], service['id']))
    return [Node('ok'), Node('item_status', PANEL_REASONS[reason])]


def register(registry):
    for itemtype in ORDERABLE_TYPES:
        registry[itemtype + '.suspend'] = Function(functools.partial(suspend, itemtype))
        registry[itemtype + '.resume'] = Function(functools.partial(resume, itemtype))
    registry['sim.suspend'] = Function(panel_suspend, admin=True, control=True)
