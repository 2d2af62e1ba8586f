# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Usage charges of one day (``service.statdaily``, administrators): what billmgr_statdaily decides. Private to this collection."""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import check_id, iso, parse_date


class StatdailyTask(Task):
    """Charge one day of a service's usage, at most once per date unless ``force``.

    The panel refuses a second calculation for a date without ``force=on`` (an ``exists``
    error): that answer means the date is done, so the task is unchanged.
    """

    def run(self):
        item = check_id(self.params['item'], 'item')
        day = iso(parse_date(self.params['statdate'], 'statdate'))
        force = bool(self.params.get('force'))
        result = {'changed': True, 'item': item, 'statdate': day, 'force': force}
        if self.check_mode:
            if not force:
                result['msg'] = ('check mode cannot ask whether %s was already calculated for service %s; '
                                 'a real run calculates it unless it was' % (day, item))
            return result
        params = {'item': item, 'statdate': day}
        if force:
            params['force'] = 'on'
        try:
            self.client.write('service.statdaily', params)
        except BillmgrError as err:
            if force or err.kind != 'exists':
                raise
            result.update({'changed': False, 'msg': 'statistics of service %s for %s were already calculated' % (item, day)})
            return result
        result['msg'] = 'statistics of service %s for %s %s' % (item, day, 'recalculated' if force else 'calculated')
        return result
