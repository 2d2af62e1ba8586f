# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_panel_info's two outputs: the table a person reads, and the redacted report a person sends. Private to this collection.

The report holds shapes only (``_shapes``): field names, kinds of values, the panel's codes and words, counts and the
verdicts. A refusal keeps its kind and object, never its message, which may quote an address or a name. The reasons
behind each verdict stay in the table and the module's result, which are the user's own.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._shapes import FORMAT, masked

LIST_KEYS = ('offered', 'total', 'paged', 'status_columns', 'status_codes', 'expiry', 'autoprolong', 'addresses',
             'remoteid_column', 'power_state', 'deleted_listed', 'scheduled_close', 'saved_filter', 'filter_fields',
             'lookup_pages', 'problems', 'notes', 'shape')
FORM_KEYS = ('answers', 'priced', 'cost', 'priced_periods', 'priced_autoprolong', 'autoprolong_choices', 'autoprolong',
             'choices', 'steps', 'window_days', 'rows', 'read', 'shape')


def _refusal(refused):
    return {'kind': refused.get('kind'), 'object': refused.get('object')} if refused else None


def _picked(found, keys):
    picked = dict((key, found[key]) for key in keys if key in found)
    if 'refused' in found:
        picked['refused'] = _refusal(found['refused'])
    return picked


def _form(found):
    """A form's findings for the report: priced choices as a count (their keys are period codes, but a count says it)."""
    picked = _picked(found, FORM_KEYS)
    for key in ('priced_periods', 'priced_autoprolong'):
        if key in picked:
            picked[key] = len(picked[key])
    if found.get('autoprolong') is not None:
        picked['autoprolong'] = masked('autoprolong', found['autoprolong'])
    return picked


def report_of(found, verdicts, differences, requests, seconds):
    """The redacted report: what a user attaches to a bug report, and what ``billmgr-sim serve --shapes`` starts from."""
    session = found['session']
    catalogue = found['catalogue']
    return {
        'format': FORMAT,
        'panel': differences,
        'features': dict((feature, verdict['verdict']) for feature, verdict in verdicts.items()),
        'session': {'works': session['works'], 'role': session['role'], 'two_factor': session['two_factor'],
                    'captcha': session['captcha'], 'refused': _refusal(session.get('refused')),
                    'whoami': session.get('shape')},
        'carts': dict((name, _picked(cart, ('answers', 'unknown_function', 'shape'))) for name, cart in found['carts'].items()),
        'lists': dict((item_type, _picked(listed, LIST_KEYS)) for item_type, listed in found['lists'].items()),
        'catalogue': {'answers': catalogue['answers'], 'refused': _refusal(catalogue.get('refused')),
                      'tariffs': catalogue.get('tariffs'),
                      'types': dict((item_type, dict((key, value) for key, value in kind.items() if key != 'first_orderable'))
                                    for item_type, kind in catalogue['types'].items())},
        'order_forms': dict((item_type, dict((api, _form(form)) for api, form in forms.items()))
                            for item_type, forms in found['order_forms'].items()),
        'services': dict((item_type, dict((name, _form(form)) for name, form in forms.items() if isinstance(form, dict)))
                         for item_type, forms in found['services'].items()),
        'money': {'readable': not found['money'].get('refused') and not found['money'].get('skipped'),
                  'currency': found['money'].get('currency')},
        'cost': {'requests': requests, 'seconds': seconds},
    }


def _yes(value):
    return {True: 'yes', False: 'no', None: '?'}.get(value, str(value))


def table_of(found, verdicts, differences):
    """The table at the end of the play: the panel, each list, each feature; one line each."""
    carts = found['carts']
    session = found['session']
    lines = ['panel: BILLmanager %s; old cart: %s; new cart: %s; Dragon cart: %s; v2 order form: %s' % (
        differences['panel'] or '?', _yes(carts.get('old_cart', {}).get('answers')), _yes(carts.get('new_cart', {}).get('answers')),
        _yes(carts.get('dragon_cart', {}).get('answers')),
        _yes(any(forms.get('v2', {}).get('answers') for forms in found['order_forms'].values()) if found['order_forms'] else None)),
        'login: %s; role: %s; two-factor: %s; captcha on logins: %s' % (
            'works' if session['works'] else 'refused', session['role'] or '?', _yes(session['two_factor']), _yes(session['captcha']))]
    heads = ('list', 'rows', 'status', 'expiry', 'auto-renewal', 'filter fields honoured', 'saved', 'remoteid look-up')
    lines.append('%-10s %6s  %-18s %-22s %-14s %-30s %-6s %s' % heads)
    for item_type, listed in sorted(found['lists'].items()):
        if not listed.get('offered'):
            lines.append('%-10s %6s  %s' % (item_type, '-', 'not offered' if listed.get('offered') is False else 'refused'))
            continue
        fields = ' '.join('%s:%s' % (field, _yes(value)) for field, value in sorted((listed.get('filter_fields') or {}).items()))
        lines.append('%-10s %6s  %-18s %-22s %-14s %-30s %-6s %s page(s)' % (
            item_type, listed['total'], ','.join(listed['status_columns']) or '-', ','.join(listed['expiry']) or '-',
            ','.join(listed['autoprolong']) or '-', fields, _yes(listed.get('saved_filter')), (listed.get('lookup_pages') or {}).get('remoteid', '?')))
    lines.append('%-14s %-22s %s' % ('feature', 'verdict', 'why'))
    for feature, verdict in verdicts.items():
        lines.append('%-14s %-22s %s' % (feature, verdict['verdict'], '; '.join(verdict['why'])))
    return lines
