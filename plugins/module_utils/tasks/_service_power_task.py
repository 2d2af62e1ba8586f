# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What billmgr_service_power decides (``PowerTask``): start, stop and reboot services. Private to this collection.

The panel's functions are ``service.start``, ``service.stop``, ``service.reboot`` and ``service.hardreboot`` with
an ``elid`` (real-panels.md, "Real functions ... not implemented": E5, E12); several services go in one request as a
comma-separated ``elid``, as the panel's group actions take it.

Only BILLmanager 6 cloud ``instances`` lists show a power state: a stopped instance's compound ``item_status`` is
``2_2_16`` while its ``status`` stays 2 (real-panels-2 §4.2, E22 ``InstanceItem``). A running one is exactly ``2`` (E22
``ServerState``), and a change under way, a reboot too, keeps status 2 with another "2_..." code and an "in progress"
text (real-panels-2 §4.2, §4.3): ``restarting``, which a wait waits out. Classic VPS and dedicated lists show none (E15,
E23: the billing panel knows the service, not the machine), so there the state is ``unknown``: a start, stop or reboot
is sent whenever it is asked for and never waited for, as no list will ever show it done.

A lost answer is never sent again (guarded/_write.py): a start or stop is settled by reading the power states back; a
reboot cannot be read back, and a second one would cut the first one's boot short, so a lost one is only reported.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError, TaskError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import FREE_CHANGE_RECONCILE, answer_lost, settle
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import find_services, list_services
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import STATUS_ACTIVE

POWER_TYPES = ('vds', 'dedic', 'instances')
# The types whose lists show the power state (real-panels-2 §4.2, E22).
POWER_STATE_TYPES = ('instances',)
STATES = ('started', 'stopped', 'restarted', 'hard_restarted')
RUNNING, STOPPED, RESTARTING, UNKNOWN = 'running', 'stopped', 'restarting', 'unknown'
# The compound codes of a stopped machine and of a running one (E22); any other code of an active instance is a change
# in progress (real-panels-2 §4.2, §4.3).
STOPPED_CODES = ('2_2_16',)
RUNNING_CODES = ('', '2')
DEFAULT_WAIT_TIMEOUT = 600
REBOOTS = {'restarted': 'service.reboot', 'hard_restarted': 'service.hardreboot'}


def power_of(service):
    """``running``, ``stopped``, ``restarting`` (an active instance whose power is changing: a reboot in progress),
    ``unknown`` (an active service whose list shows no power state), or None when the service has no power to switch
    (processing, suspended, deleted)."""
    status, code = service['status'], (service.get('item_status') or '').strip()
    if status != STATUS_ACTIVE:
        return None
    if service.get('type') not in POWER_STATE_TYPES:
        return UNKNOWN
    if code in STOPPED_CODES:
        return STOPPED
    return RUNNING if code in RUNNING_CODES else RESTARTING


def with_power(service):
    return dict(service, power=power_of(service))


def action_for(state, power):
    """The function that brings a service in ``power`` to ``state``, or None when it is there. A stopped service asked to
    restart is started: that is the restart it can have."""
    if state == 'started' or (state in REBOOTS and power == STOPPED):
        return 'service.start' if power in (STOPPED, UNKNOWN) else None
    if state == 'stopped':
        return 'service.stop' if power in (RUNNING, UNKNOWN) else None
    return REBOOTS[state]


def check_params(params):
    """Everything about the task's input that needs no request."""
    if params['type'] not in POWER_TYPES:
        raise InputError('type %s has no power control; use one of %s' % (params['type'], ', '.join(POWER_TYPES)))
    if params['state'] not in STATES:
        raise InputError('state must be one of %s; got %s' % (', '.join(STATES), params['state']))
    given = [field for field in ('id', 'remoteid', 'domain') if params.get(field)]
    if len(given) != 1:
        raise InputError('name the services by exactly one of id, remoteid or domain (a value or a list); got %s'
                         % (', '.join(given) or 'none'))
    if (params.get('wait_timeout') or 0) < 0:
        raise InputError('wait_timeout must be 0 or more seconds; got %s' % params['wait_timeout'])
    return given[0], params[given[0]]


class PowerTask(Task):
    """billmgr_service_power: bring every service named to ``state``, one request per function for all of them."""

    def run(self):
        field, values = check_params(self.params)
        item_type, state = self.params['type'], self.params['state']
        services = [with_power(s) for s in find_services(self.client, item_type, field, values)]
        unable = [s for s in services if s['power'] is None or (s['power'] == RESTARTING and state != 'restarted')]
        if unable:
            raise InputError('%s cannot be %s now: %s; nothing was sent' % (
                'these services' if len(unable) > 1 else 'this service', state,
                ', '.join('%s %d is %s' % (item_type, s['id'], s['item_status'] or s['status_name']) for s in unable)))
        actions = {}
        for service in services:
            func = None if service['power'] == RESTARTING else action_for(state, service['power'])
            if func:
                actions.setdefault(func, []).append(service['id'])
        result = {'changed': bool(actions), 'actions': actions, 'services': services}
        if self.diff:
            result['diff'] = self._diff(services, actions)
        restarting = any(s['power'] == RESTARTING for s in services)
        if self.check_mode or not (actions or restarting and self.params['wait']):
            return result
        self._send(item_type, actions, result)
        wanted = STOPPED if state == 'stopped' else RUNNING
        ids = [s['id'] for s in services]
        if self.params['wait']:
            result['services'] = self._wait(item_type, ids, wanted, result)
        else:
            result['services'] = self._read(item_type, ids)
        return result

    def _diff(self, services, actions):
        acted = dict((service_id, func) for func, ids in actions.items() for service_id in ids)
        after = {'service.start': RUNNING, 'service.stop': STOPPED, 'service.reboot': 'restarted', 'service.hardreboot': 'hard restarted'}
        return {'before': dict((str(s['id']), s['power']) for s in services),
                'after': dict((str(s['id']), after[acted[s['id']]] if s['id'] in acted else s['power']) for s in services)}

    def _read(self, item_type, ids):
        """The services by id, as the panel lists them now (one listing); a service gone is left out."""
        filters = {'id': ids[0]} if len(ids) == 1 else None
        by_id = dict((s['id'], with_power(s)) for s in list_services(self.client, item_type, filters=filters))
        return [by_id[service_id] for service_id in ids if service_id in by_id]

    def _send(self, item_type, actions, result):
        done = []
        for func, ids in sorted(actions.items()):
            try:
                if func in REBOOTS.values():
                    self._reboot(func, ids)
                else:
                    self._switch(item_type, func, ids)
            except BillmgrError as err:
                if not done:
                    raise
                sent = '; '.join('%s for %s' % (func_sent, ', '.join(str(i) for i in actions[func_sent])) for func_sent in done)
                raise TaskError('%s; sent before it: %s' % (err, sent), **dict(result, changed=True)) from None
            done.append(func)

    def _switch(self, item_type, func, ids):
        """Start or stop, sent once: a lost answer is settled by reading the power states back, never by sending again.

        After an ok answer the wait (``_wait``) is what reads the states back: a server takes a while to stop.
        """
        wanted = RUNNING if func == 'service.start' else STOPPED
        try:
            self.client.write(func, {'elid': ', '.join(str(i) for i in ids)})
        except BillmgrError as err:
            if not answer_lost(err):
                raise
            if item_type not in POWER_STATE_TYPES:
                # No list shows whether it was done, so it cannot be settled; a second one is not sent either.
                self.warn('the answer to %s for %s was lost (%s), and the %s list shows no power state: it may or may not '
                          'have been done. It was not sent again' % (func, ', '.join(str(i) for i in ids), err.kind, item_type))
                return

            def applied():
                now = dict((s['id'], s['power']) for s in self._read(item_type, ids))
                return True if all(now.get(i) == wanted for i in ids) else None
            settle(self.client, applied, FREE_CHANGE_RECONCILE, '%s of %s %s' % (func, item_type, ', '.join(str(i) for i in ids)),
                   err)

    def _reboot(self, func, ids):
        """A reboot is sent once: when its answer is lost it may have happened, and a second one would interrupt it."""
        try:
            self.client.write(func, {'elid': ', '.join(str(i) for i in ids)})
        except BillmgrError as err:
            if not answer_lost(err):
                raise
            self.warn('the answer to %s for %s was lost (%s): the services may or may not be rebooting. It was not sent '
                      'again; look at them before running the task again' % (func, ', '.join(str(i) for i in ids), err.kind))

    def _wait(self, item_type, ids, wanted, result):
        """Poll the list (one request a look, on the client's backoff) until every service is active and ``wanted``."""
        timeout = self.params['wait_timeout']
        started = self.client.clock()
        last = {}

        def there():
            services = self._read(item_type, ids)
            gone = sorted(set(ids) - set(s['id'] for s in services))
            if gone:
                raise TaskError('%s %s disappeared while waiting for it to be %s' % (item_type, ', '.join(str(i) for i in gone), wanted),
                                **dict(result, services=services))
            last['services'] = services
            # An active service whose list shows no power state is as far as any list will show (a reboot's end).
            waiting = [s for s in services if s['power'] not in (wanted, UNKNOWN)]
            for service in waiting:
                if service['power'] is None:
                    raise TaskError('%s %d is %s while waiting for it to be %s' % (item_type, service['id'], service['item_status'] or
                                                                                   service['status_name'], wanted), **dict(result, services=services))
                self.client.note_progress('%s service %d is %s, waiting up to %ss for it to be %s'
                                          % (item_type, service['id'], service['item_status'], timeout, wanted), started)
            return services if not waiting else None

        services = self.client.poll(there, timeout)
        if services is None:
            late = [s for s in last['services'] if s['power'] not in (wanted, UNKNOWN)]
            raise TaskError('%s after %ss: %s; what was sent is not sent again by the next run, which looks at the states first' % (
                'still not %s' % wanted, timeout, ', '.join('%s %d is %s' % (item_type, s['id'], s['power']) for s in late)),
                **dict(result, services=last['services']))
        return services
