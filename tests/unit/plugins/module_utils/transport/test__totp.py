# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_totp.py: RFC 6238's own test vectors, and secrets as authenticator apps show them."""

from __future__ import annotations

import base64

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._totp import secret_key, totp_code

# RFC 6238, appendix B: the SHA1 seed is the ASCII text "12345678901234567890".
RFC_SECRET = base64.b32encode(b'12345678901234567890').decode('ascii')


@pytest.mark.parametrize('at, eight_digits', [
    (59, '94287082'), (1111111109, '07081804'), (1111111111, '14050471'), (1234567890, '89005924'),
    (2000000000, '69279037'), (20000000000, '65353130'),
])
def test_rfc_6238_sha1_vectors(at, eight_digits):
    assert totp_code(RFC_SECRET, at, digits=8) == eight_digits
    # Six digits are the same number modulo 10**6: the last six of the eight.
    assert totp_code(RFC_SECRET, at) == eight_digits[-6:]


def test_a_code_holds_for_its_30_seconds():
    assert totp_code(RFC_SECRET, 30) == totp_code(RFC_SECRET, 59) != totp_code(RFC_SECRET, 60)
    assert totp_code(RFC_SECRET, 59) == '287082'


def test_a_secret_is_read_as_apps_show_it():
    shown = ' '.join(RFC_SECRET[i:i + 4] for i in range(0, len(RFC_SECRET), 4)).lower()
    assert secret_key(shown) == secret_key(RFC_SECRET + '====') == b'12345678901234567890'
    assert secret_key('JBSW-Y3DP-EHPK-3PXP') == b'Hello!\xde\xad\xbe\xef'


@pytest.mark.parametrize('secret', ['', '   ', 'not base32 at all!', 'ABC1'])
def test_a_bad_secret_is_refused_without_showing_it(secret):
    with pytest.raises(InputError) as err:
        secret_key(secret)
    assert 'totp_secret' in str(err.value)
    assert secret.strip() == '' or secret not in str(err.value)
