# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a panel sells: tariffs, their datacenters, periods and add-ons, read from ``pricelist.export``.

Private to this collection.

Tasks name tariffs and add-ons the way people do ("VPS Start", "RAM"); the API wants ids
(``pricelist=6``, ``addon_11=2048``). A Catalog is read once per task and turns one into the
other, and it checks an order against the tariff before anything is bought: an add-on the
tariff lacks would otherwise be dropped silently by the panel, which ignores unknown fields.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import as_list, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import (
    addon_field,
    addon_key,
    boolean_text,
    export_period,
    is_whole_number,
    PERIOD_DAILY,
    period_label,
)


def _int(value):
    text = text_of(value)
    return int(text) if is_whole_number(text or '') else None


def _text(value):
    return text_of(value).strip() or None


ADDON_TYPES = {'1': 'boolean', '2': 'integer', '3': 'enum'}


def _part_with(value, key):
    """The part of a field written twice that holds ``key``: the export gives measure and enumeration as an id, then the object (E9, E10)."""
    for part in as_list(value):
        if isinstance(part, dict) and key in part:
            return part
    return {}


def parse_prices(node):
    """``price[@currency]/period[@type,@length,@cost]`` (E9, E10) as ``[{"period": code, "cost": "500.0000", "currency": "RUB"}]``,
    with ``setup`` where the period carries a one-time setup fee (``@setup``, as the simulator writes it; whether real
    exports do is not known: E3's order wizard and order summary show the fee)."""
    prices = []
    for price in as_list(node.get('price')):
        if not isinstance(price, dict):
            continue
        for period in as_list(price.get('period')):
            code = export_period(period.get('type'), period.get('length')) if isinstance(period, dict) else None
            if code is not None:
                entry = {'period': code, 'cost': _text(period.get('cost')), 'currency': _text(price.get('currency'))}
                if _text(period.get('setup')) is not None:
                    entry['setup'] = _text(period.get('setup'))
                prices.append(entry)
    return prices


def parse_addon(node):
    """One ``addon`` of a tariff: its type from ``addontype``, limits, measure, and for an enum its choices."""
    kind = ADDON_TYPES.get(_text(node.get('addontype')) or '', 'integer')
    measure = node.get('measure')
    addon = {
        'id': _int(node.get('id')),
        'name': _text(node.get('name')),
        'intname': _text(node.get('intname')),
        'type': kind,
        'min': _int(node.get('addonmin')),
        # [INF] addonmax/addonstep: the export's names for the upper limit and the step; addonlimit is what the tariff includes (E9).
        'max': _int(node.get('addonmax')),
        'step': _int(node.get('addonstep')),
        'included': _int(node.get('addonlimit')),
        'measure': _text(_part_with(measure, 'name').get('name')) if isinstance(measure, list) or isinstance(measure, dict) else _text(measure),
        'prices': parse_prices(node),
    }
    if kind == 'enum':
        items = as_list(_part_with(node.get('enumeration'), 'enumerationitem').get('enumerationitem'))
        addon['choices'] = [{'id': _int(item.get('id')), 'name': _text(item.get('name')), 'prices': parse_prices(item)}
                            for item in items if isinstance(item, dict)]
    return addon


def _item_type(node, asked=None):
    """The item type's internal name: real exports number ``itemtype`` and name it in ``itemtype_info/intname`` (E9, E10, E18).

    An export without the name answered a request for one item type (``asked``), whose name it is.
    """
    info = node.get('itemtype_info')
    name = _text(info.get('intname')) if isinstance(info, dict) else None
    itemtype = _text(node.get('itemtype'))
    return name or (itemtype if itemtype and not itemtype.isdigit() else asked)


def parse_tariff(node, asked_type=None):
    """One ``pricelist`` element of the export as a plain dict."""
    prices = parse_prices(node)
    ostempls = []
    for param in as_list(node.get('itemtypeparam')):
        if isinstance(param, dict) and _text(param.get('intname')) == 'ostempl':
            ostempls.extend({'name': _text(value.get('intname')), 'title': _text(value.get('name'))}
                            for value in as_list(param.get('itemtypeparamvalue')) if isinstance(value, dict))
    return {
        'id': _int(node.get('id')),
        'name': _text(node.get('name')),
        'type': _item_type(node, asked_type),
        # An archived, inactive or hidden tariff is listed, and refused for new orders [INF: strict].
        'orderable': ((_text(node.get('active')) or 'on') == 'on' and _text(node.get('archived')) != 'on'
                      and _text(node.get('hideinorder')) != 'on'),
        'periods': [price['period'] for price in prices],
        'prices': prices,
        'datacenters': [{'id': _int(dc.get('id')), 'name': _text(dc.get('name'))}
                        for dc in as_list(node.get('datacenter')) if isinstance(dc, dict)],
        'addons': [parse_addon(addon) for addon in as_list(node.get('addon')) if isinstance(addon, dict)],
        'ostempls': ostempls,
    }


def form_addon_limits(form):
    """``{"11": {"min": 256, "max": 65536, "step": 256}}`` from the sliders of an order form's metadata (E1)."""
    limits = {}
    for metadata in as_list(form.get('metadata')):
        inner = metadata.get('form') if isinstance(metadata, dict) else None
        for page in as_list(inner.get('page') if isinstance(inner, dict) else None):
            for field in as_list(page.get('field') if isinstance(page, dict) else None):
                slider = field.get('slider') if isinstance(field, dict) else None
                addon_id = addon_field(text_of(field.get('name'))) if isinstance(slider, dict) else None
                if addon_id is not None:
                    limits[addon_id] = dict((key, _int(slider.get(key))) for key in ('min', 'max', 'step'))
    return limits


def with_form_limits(tariff, form):
    """The tariff with the limits its export left out taken from its order form."""
    limits = form_addon_limits(form)
    addons = []
    for addon in tariff['addons']:
        found = limits.get(str(addon['id'])) or {}
        addons.append(dict(addon, **dict((key, found.get(key)) for key in ('min', 'max', 'step') if addon[key] is None)))
    return dict(tariff, addons=addons)


def is_named(thing, ref):
    """Whether ``ref`` is the thing's (a tariff's, a datacenter's, an account's) id or, in any case, its name."""
    text = str(ref).strip()
    return thing['id'] == int(text) if is_whole_number(text) else (thing['name'] or '').strip().lower() == text.lower()


def _choices(things):
    return ', '.join('%s (%s)' % (thing['name'], thing['id']) for thing in things) or 'none'


def unknown(what, ref, where, valid):
    """The one-line refusal of a name the tariff (or the panel) does not have, with what it has: ``valid``."""
    return InputError('unknown %s %r %s; valid: %s' % (what, ref, where, valid))


def _match(things, ref, what, where):
    """The one thing whose id or name is ``ref``: ids first, then the exact name, then the name in any case."""
    text = str(ref).strip()
    if is_whole_number(text):
        found = [thing for thing in things if thing['id'] == int(text)]
    else:
        found = [thing for thing in things if thing['name'] == text]
        if not found:
            found = [thing for thing in things if (thing['name'] or '').lower() == text.lower()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise unknown(what, ref, where, _choices(things))
    raise InputError('%s %r %s is ambiguous: %s; give the id instead' % (what, ref, where, _choices(found)))


class Catalog(object):
    """The tariffs of a panel (of one item type, or all), from one ``pricelist.export`` answer."""

    def __init__(self, tariffs, item_type=None):
        self.tariffs = tariffs
        self.item_type = item_type

    @classmethod
    def read(cls, client, item_type=None):
        """One request: the price list, of one item type when given."""
        doc = client.read('pricelist.export', {'itemtype': item_type} if item_type else None)
        tariffs = [parse_tariff(node, item_type) for node in as_list(doc.get('pricelist')) if isinstance(node, dict)]
        return cls(tariffs, item_type)

    def of_type(self, item_type):
        return [tariff for tariff in self.tariffs if item_type is None or tariff['type'] == item_type]

    def tariff(self, ref, item_type, to_order=False):
        """The tariff of this item type with id or name ``ref``; with ``to_order``, among those a new order may name."""
        tariffs = self.of_type(item_type)
        if to_order:
            closed = [tariff for tariff in tariffs if not tariff['orderable'] and is_named(tariff, ref)]
            tariffs = [tariff for tariff in tariffs if tariff['orderable']]
            if closed and not any(is_named(tariff, ref) for tariff in tariffs):
                raise InputError('tariff %s (%s) takes no new orders (inactive, archived or hidden); %s services to order: %s'
                                 % (closed[0]['name'], closed[0]['id'], item_type, _choices(tariffs)))
        return _match(tariffs, ref, 'pricelist', 'for %s services%s' % (item_type, ' to order' if to_order else ''))

    def datacenter(self, ref, tariff):
        """The tariff's datacenter ``ref`` (an id or a name): ``{"id": 1, "name": "Frankfurt"}``."""
        return _match(tariff['datacenters'], ref, 'datacenter', 'for tariff %s (%s)' % (tariff['name'], tariff['id']))

    def check_period(self, tariff, period):
        if tariff['periods'] and period not in tariff['periods']:
            raise InputError('tariff %s (%s) cannot be ordered for period %s; its periods: %s'
                             % (tariff['name'], tariff['id'], period_label(period),
                                ', '.join(str(period_label(p)) for p in tariff['periods'])))

    def check_autoprolong(self, tariff, months):
        """Auto-renewal is for one of the tariff's own month periods, or daily for a daily tariff: others are refused here,
        not by the order (a trial or a one-time payment never renews)."""
        renews = [period for period in tariff['periods'] if period > 0 or period == PERIOD_DAILY]
        if months is not None and tariff['periods'] and months not in renews:
            raise InputError('autoprolong: tariff %s (%s) renews for %s months or off; got %s'
                             % (tariff['name'], tariff['id'], ', '.join(str(period_label(p)) for p in renews) or 'no', period_label(months)))

    def _lacks_limits(self, tariff, values):
        wanted = set(addon_key(ref) for ref in (values or {}))
        return any(addon['type'] == 'integer' and (addon['max'] is None or addon['min'] is None)
                   and (str(addon['id']) in wanted or (addon['name'] or '').lower() in set(w.lower() for w in wanted))
                   for addon in tariff['addons'])

    def addons(self, tariff, values, labels=None):
        """``{id or name: value}`` as ``{"ID": "value"}``, each add-on found in the tariff and each value checked.

        ``labels``, a dict, gets each add-on's id mapped to the name the task gave it, as diffs show it (``addon_labels``).
        """
        where = 'in tariff %s (%s)' % (tariff['name'], tariff['id'])
        resolved = {}
        for ref, value in (values or {}).items():
            addon = _match(tariff['addons'], addon_key(ref), 'add-on', where)
            key = str(addon['id'])
            if key in resolved:
                raise InputError('add-on %s (%s) is given twice' % (addon['name'], addon['id']))
            resolved[key] = checked_addon_value(addon, value)
            if labels is not None and addon_key(ref) != key:
                labels[key] = addon_key(ref)
        return resolved

    def resolve_order(self, order, item_type, read_form=None):
        """The order with its tariff, datacenter and add-ons as ids, each checked against the tariff.

        ``read_form(tariff_id)`` gives the tariff's order form: it is read (once) only when an integer add-on the
        order sets has limits the export does not give, and the form's sliders fill them in (E1).
        """
        tariff = self.tariff(order['pricelist'], item_type, to_order=True)
        if read_form is not None and self._lacks_limits(tariff, order.get('addons')):
            tariff = with_form_limits(tariff, read_form(tariff['id']))
        order = dict(order, pricelist=tariff['id'], _pricelist_name=tariff['name'])
        if order.get('datacenter') not in (None, ''):
            datacenter = self.datacenter(order['datacenter'], tariff)
            order['datacenter'], order['_datacenter_name'] = datacenter['id'], datacenter['name']
        self.check_period(tariff, order['period'])
        self.check_autoprolong(tariff, order.get('autoprolong'))
        order['_addon_labels'] = {}
        order['addons'] = self.addons(tariff, order.get('addons'), order['_addon_labels'])
        if item_type in SERVER_TYPES:
            order['_ostempls'] = self.check_ostempl(tariff, order.get('ostempl'), read_form)
        return order

    @staticmethod
    def check_ostempl(tariff, ostempl, read_form=None):
        """``ostempl`` against the tariff's OS templates; returns them (``[{"name", "title"}]``, empty when unknown).

        The export names them (``itemtypeparam`` ostempl, E10); where it does not, the order form's choices do (E1),
        read only when the task names a template. A panel takes an unknown one only at the order (a ``value`` error),
        so it is refused here, in check mode too. Where neither lists any, the panel decides.
        """
        templates = tariff['ostempls']
        if not templates and ostempl not in (None, '') and read_form is not None:
            templates = slist_choices(read_form(tariff['id']), 'ostempl')
        if ostempl not in (None, '') and templates and ostempl not in [template['name'] for template in templates]:
            raise unknown('ostempl', ostempl, 'for tariff %s (%s)' % (tariff['name'], tariff['id']), template_choices(templates))
        return templates


def checked_addon_value(addon, value):
    """The value as the API takes it for this add-on, or a InputError saying what the add-on accepts."""
    label = '%s (%s)' % (addon['name'], addon['id'])
    text = str(value).strip()
    if addon['type'] == 'boolean':
        # The panel takes only on and off (E10, E13); 1 and 0 from a task mean the same to a person.
        flag = boolean_text(value) or {'1': 'on', '0': 'off'}.get(text)
        if flag is None:
            raise InputError('add-on %s is on or off (true or false); got %r' % (label, value))
        return flag
    if addon['type'] == 'enum':
        choices = addon.get('choices') or []
        named = [choice for choice in choices if (choice['name'] or '').lower() == text.lower()]
        if (isinstance(value, bool) or boolean_text(value) is not None) and not named:
            # YAML's true is not a choice: read as on (or 1) it would pick whichever choice has that id.
            raise InputError('add-on %s is a list of choices, not on or off; give the id or the name of one of: %s; got %r'
                             % (label, _choices(choices), value))
        # The panel takes the choice's enumerationitem id (E3, E10, E13); a task may name it.
        return str(_match(addon.get('choices') or [], text, 'choice', 'of add-on %s' % label)['id'])
    if not is_whole_number(text):
        raise InputError('add-on %s takes a whole number; got %r' % (label, value))
    number = int(text)
    low, high, step = addon['min'], addon['max'], addon['step'] or 1
    if (low is not None and number < low) or (high is not None and number > high):
        raise InputError('add-on %s must be between %s and %s %s; got %s'
                         % (label, low, high, addon['measure'] or '', number))
    if (number - (low or 0)) % step:
        raise InputError('add-on %s goes in steps of %s from %s; got %s' % (label, step, low or 0, number))
    return str(number)


# Item types whose order form offers operating system templates and recipes.
SERVER_TYPES = ('vds', 'dedic')


def slist_choices(form, name):
    """The choices of the form's select list ``name``: ``[{"name": key, "title": text}]`` (``null`` = none, left out)."""
    for slist in as_list(form.get('slist')):
        if isinstance(slist, dict) and slist.get('name') == name:
            choices = []
            for val in as_list(slist.get('val')):
                if isinstance(val, dict):
                    key, title, depend = val.get('key'), text_of(val.get('text')), val.get('depend')
                else:
                    key, title, depend = text_of(val), text_of(val), None
                if key not in (None, '', 'null'):
                    choice = {'name': key, 'title': title or key}
                    if depend:
                        # A recipe belongs to the OS template its choice depends on (E1).
                        choice['ostempl'] = depend
                    choices.append(choice)
            return choices
    return []


def template_choices(templates):
    """OS templates as a message lists them: the name a task gives, with the panel's title beside it."""
    return ', '.join(template['name'] if template['title'] in (None, template['name']) else '%s (%s)' % (template['name'], template['title'])
                     for template in templates) or 'none'


def check_form_autoprolong(form, months, what):
    """Auto-renewal ``months`` against the choices of an item's edit form (its tariff's periods), before it is written."""
    offered = [choice['name'] for choice in slist_choices(form, 'autoprolong')]
    if months is not None and offered and str(months) not in offered:
        raise InputError('autoprolong: %s renews for %s months or off; got %s' % (what, ', '.join(offered), months))


def _described_price(price, setup=False):
    described = {'period': period_label(price['period']), 'code': price['period'], 'cost': price['cost'], 'currency': price['currency']}
    if setup:
        described['setup'] = price.get('setup')
    return described


def described_tariff(tariff, form=None):
    """A tariff as billmgr_pricelist_info returns it; ``form`` is its order form, read for recipes and what the export lacks."""
    periods = [_described_price(price, setup=True) for price in tariff['prices']]
    addons = []
    for addon in tariff['addons']:
        described = dict((key, addon[key]) for key in ('id', 'name', 'type', 'min', 'max', 'step', 'included', 'measure'))
        if addon['type'] == 'enum':
            described['choices'] = [dict(choice, prices=[_described_price(price) for price in choice['prices']])
                                    for choice in addon['choices']]
        addons.append(described)
    ostempls = tariff['ostempls'] or (slist_choices(form, 'ostempl') if form is not None else [])
    return {
        'id': tariff['id'], 'name': tariff['name'], 'type': tariff['type'], 'orderable': tariff['orderable'],
        'periods': periods, 'datacenters': tariff['datacenters'], 'addons': addons,
        'ostempls': ostempls if (form is not None or ostempls) else None,
        'recipes': slist_choices(form, 'recipe') if form is not None else None,
    }


def read_pricelists(client, item_types=None, pricelist=None, templates=True):
    """billmgr_pricelist_info's answer: tariffs with their periods, add-ons, datacenters, OS templates and recipes.

    One ``pricelist.export`` read, plus with ``templates`` one order-form read per selected VPS
    or dedicated server tariff: the export names OS templates, but recipes only the form has.
    """
    types = list(item_types or [])
    catalog = Catalog.read(client, types[0] if len(types) == 1 else None)
    tariffs = [tariff for tariff in catalog.tariffs if not types or tariff['type'] in types]
    if pricelist not in (None, ''):
        tariffs = [_match(tariffs, pricelist, 'pricelist', 'for item types %s' % (', '.join(types) or 'any'))]
    result = []
    for tariff in tariffs:
        form = None
        if templates and tariff['type'] in SERVER_TYPES and tariff['orderable']:
            form = client.read('v2.%s.order.param' % tariff['type'], {'pricelist': tariff['id']})
        result.append(described_tariff(tariff, form))
    datacenters = {}
    for tariff in result:
        for datacenter in tariff['datacenters']:
            datacenters.setdefault(datacenter['id'], datacenter)
    return {'pricelists': result, 'datacenters': [datacenters[key] for key in sorted(datacenters, key=lambda k: (k is None, k))]}
