# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The object every module returns is documented once per module, and Ansible's docs cannot share a RETURN
block: these tests hold the copies to one text, so ``service`` and ``license`` mean the same everywhere."""

from __future__ import annotations

import importlib
import os

import pytest
import yaml

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._licenses import represent_license
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._services import represent_service

# (module, top-level return key) pairs that return the same object; the first is the one the others copy.
SAME_OBJECT = {
    'service': [('billmgr_service', 'service'), ('billmgr_service_info', 'services'), ('billmgr_prolong', 'service')],
    'license': [('billmgr_license', 'license'), ('billmgr_license_info', 'licenses')],
    'addresses': [('billmgr_service_ip', 'addresses'), ('billmgr_service_ip_info', 'addresses')],
}


def contains(module_name, key):
    module = importlib.import_module('ansible_collections.ispsystem.billmgr.plugins.modules.%s' % module_name)
    return yaml.safe_load(module.RETURN)[key]['contains']


@pytest.mark.parametrize('obj', sorted(SAME_OBJECT))
def test_every_copy_of_a_return_block_is_the_same(obj):
    (first_module, first_key), others = SAME_OBJECT[obj][0], SAME_OBJECT[obj][1:]
    original = contains(first_module, first_key)
    assert 'id' in original and len(original) >= 5
    for module_name, key in others:
        assert contains(module_name, key) == original, '%s.%s differs from %s.%s' % (module_name, key, first_module, first_key)


def test_the_service_block_documents_every_field_the_client_returns():
    documented = set(contains('billmgr_service', 'service'))
    assert set(represent_service('vds', {})) | {'addons'} == documented


def test_the_license_block_documents_every_field_the_client_returns():
    documented = set(contains('billmgr_license', 'license'))
    assert set(represent_license({})) | {'lickey'} == documented


MODULE_NAMES = sorted(name[:-3] for name in os.listdir(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'plugins', 'modules'))
                      if name.startswith('billmgr_') and name.endswith('.py'))
# What Jinja2 finds first for ``result.key`` on a dict: its attributes and methods. ``{{ r.cart.items }}`` is the
# dict's items method, not the key; ansible-core 2.21's validate-modules refuses such return keys.
DICT_ATTRIBUTES = frozenset(dir(dict))


def return_keys(block, path=()):
    """Every documented key of a RETURN block, ``contains`` included, as paths. Samples are left out: a mapping keyed by
    data (an add-on's id, a function's name) is read with brackets by its nature."""
    for key, spec in (block or {}).items():
        yield path + (key,)
        if isinstance(spec, dict):
            yield from return_keys(spec.get('contains'), path + (key,))


def test_every_module_is_checked():
    assert len(MODULE_NAMES) >= 13 and 'billmgr_cart' in MODULE_NAMES


@pytest.mark.parametrize('module_name', MODULE_NAMES)
def test_dot_notation_reaches_every_return_key(module_name):
    module = importlib.import_module('ansible_collections.ispsystem.billmgr.plugins.modules.%s' % module_name)
    paths = list(return_keys(yaml.safe_load(module.RETURN)))
    assert paths, module_name
    unreachable = ['.'.join(path) for path in paths if not str(path[-1]).isidentifier() or path[-1] in DICT_ATTRIBUTES]
    assert unreachable == [], '%s returns keys that {{ result.KEY }} cannot reach' % module_name


def test_the_check_finds_a_key_named_like_a_dict_method():
    block = {'cart': {'type': 'dict', 'contains': {'lines': {'type': 'list', 'contains': {'keys': {'type': 'int'}}},
                                                   'items': {'type': 'list'}}}}
    paths = list(return_keys(block))
    assert paths == [('cart',), ('cart', 'lines'), ('cart', 'lines', 'keys'), ('cart', 'items')]
    assert {'items', 'keys'} <= DICT_ATTRIBUTES and 'lines' not in DICT_ATTRIBUTES
