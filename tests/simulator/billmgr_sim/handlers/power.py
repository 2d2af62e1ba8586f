"""A running service's power: service.start, service.stop, service.reboot, service.hardreboot.

Real client cabinets send these functions with ``elid`` (real-panels "Real functions ... not implemented": E5, E12),
a comma-separated list (real-panels-2 §4.1: E5, E22 for service.reboot, E25 for service.hardreboot) [INF: start and
stop take one too, and every action is done on all or none].
The simulator keeps the power state in the service's compound code (E22 ``InstanceItem``: ``2_2_16`` for a stopped
cloud instance): ``status`` stays 2 (active, paid for), a reboot too: real panels keep status 2 while the text says
"in progress" (real-panels-2 §4.2, §4.3, E22), for the processing delay (REBOOTING). Only cloud ``instances`` lists
show it; classic VPS and dedicated lists do not (real-panels-2 §4.2, views.POWER_STATE_TYPES).
"""

import functools

from .. import errors, views
from ..document import Node
from . import Function, common

# [INF] which types have power: the ones with a machine behind them.
POWERED_TYPES = ('vds', 'dedic', 'instances')
STOPPED = '2_2_16'  # E5's stopped VM
RUNNING = '2'
# A reboot in progress keeps status 2 with a "2_..." code and an "in progress" text (real-panels-2 §4.2, §4.3: E22's
# running instance is exactly "2", its transitions "2_..."); [INF] these two codes and the words (views.py).
REBOOTING = {'service.reboot': '2_reboot', 'service.hardreboot': '2_hardreboot'}


def power_refusal(row):
    """Why this service cannot be switched at all (None when it can): deleted, not processed yet, suspended (the
    refusals are guessed: see switch)."""
    if row['itemtype'] not in POWERED_TYPES:
        return errors.ApiError('value', 'elid', 'The service #%d has no power control' % row['id'], value=str(row['id']))
    if row['status'] == 4:
        return errors.ApiError('value', 'elid', 'The service has been deleted', value=str(row['id']))
    if row['status'] in (1, 5):
        return errors.ApiError('value', 'elid', 'The service #%d has not been processed yet' % row['id'], value=str(row['id']))
    if row['status'] != 2:
        return errors.ApiError('value', 'elid', 'The service #%d is suspended' % row['id'], value=str(row['id']))
    return None


def switch(func, ctx):
    """Start, stop, reboot. Refused, with words of the simulator's own [INF, strict]: a service that cannot be switched
    (power_refusal) and, where the list shows the power state (cloud ``instances``), starting a running service,
    stopping a stopped one or rebooting a stopped one, so a client that sends an action twice
    (after a lost answer) finds out here instead of being told it worked. A classic VPS or dedicated server, whose list
    shows no power state (real-panels-2 §4.2), takes a start or stop whatever its state, and nothing changes [INF]:
    its client cannot know the state, so refusing would fail every run that asks again."""
    rows = [common.load_service(ctx, None, service_id) for service_id in ctx.elids()]
    for row in rows:
        refusal = power_refusal(row)
        if refusal is not None:
            raise refusal
        stopped = row['status_orig'] == STOPPED
        strict = row['itemtype'] in views.POWER_STATE_TYPES
        if strict and row['status_orig'] in REBOOTING.values():
            raise errors.ApiError('value', 'elid', 'The service #%d is being rebooted' % row['id'], value=str(row['id']))
        if func == 'service.start' and not stopped and strict:
            raise errors.ApiError('value', 'elid', 'The service #%d is already running' % row['id'], value=str(row['id']))
        if func != 'service.start' and stopped and (strict or func in REBOOTING):
            raise errors.ApiError('value', 'elid', 'The service #%d is stopped' % row['id'], value=str(row['id']))
    for row in rows:
        if func in REBOOTING:
            # Still active; back to "2" when the processing delay has passed on the simulator's clock (lifecycle.settle).
            ctx.conn.execute('UPDATE service SET status_orig = ?, processing_until = ? WHERE id = ?',
                             (REBOOTING[func], ctx.clock.now() + ctx.app.processing_delay, row['id']))
        else:
            ctx.conn.execute('UPDATE service SET status_orig = ? WHERE id = ?',
                             (RUNNING if func == 'service.start' else STOPPED, row['id']))
    return [Node('ok')]


def register(registry):
    for func in ('service.start', 'service.stop', 'service.reboot', 'service.hardreboot'):
        registry[func] = Function(functools.partial(switch, func))
