# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the license tests share: a play with the connection set once, and the simulator's real state."""

from __future__ import annotations

import textwrap

PLAY = '''\
- name: Licenses
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/ispsystem.billmgr.billmgr:
      url: {url}
      username: {username}
      password: {password}
  tasks:
{tasks}
'''

# Public addresses: the panel licenses only globally routable IPs (documentation ranges are refused).
IP1 = '94.250.248.10'
IP2 = '94.250.248.11'
IP3 = '94.250.248.12'
IP4 = '185.12.93.4'


def play(ansible, tasks, user='alice', url=None, **kwargs):
    """Run ``tasks`` (YAML text of a task list) as ``user``; returns the PlaybookRun."""
    connection = ansible.connection(user)
    if url:
        connection['url'] = url
    text = PLAY.format(tasks=textwrap.indent(textwrap.dedent(tasks).strip('\n'), '    '), **connection)
    return ansible.playbook(text, **kwargs)


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def text(node):
    return node.get('$', '') if isinstance(node, dict) else (node or '')


def sim_licenses(sim, user='alice', **filters):
    """The licenses the panel lists for ``user``, as {id: {field: text}}."""
    params = dict(filters)
    if filters:
        params['filter'] = 'on'
    doc = sim.call('soft', user=user, **params)['doc']
    return dict((int(text(e['id'])), dict((k, text(v)) for k, v in e.items())) for e in as_list(doc.get('elem')))


def sim_license_form(sim, license_id, user='alice'):
    doc = sim.call('soft.edit', user=user, elid=license_id)['doc']
    return dict((k, text(v)) for k, v in doc.items() if not isinstance(v, list))


def sim_legacy_licenses(sim, user='alice'):
    doc = sim.call('software', user=user)['doc']
    return dict((int(text(e['id'])), dict((k, text(v)) for k, v in e.items())) for e in as_list(doc.get('elem')))


def writes(counters, *funcs):
    """How many calls of these functions the simulator counted."""
    return sum(counters['func'].get(func, 0) for func in funcs)
