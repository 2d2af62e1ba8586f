# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The object every module returns is documented once per module, and Ansible's docs cannot share a RETURN
block: these tests hold the copies to one text, so ``service`` and ``license`` mean the same everywhere."""

from __future__ import annotations

import importlib

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
