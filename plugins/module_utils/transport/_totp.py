# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one-time code of a two-factor login (RFC 6238: HMAC-SHA1, 30 s steps), from the authenticator's base32 secret.

Private to this collection. The standard library only. Neither the secret nor a code is ever put into a message:
a message here says what is wrong with a secret, never what it is.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError

STEP_SECONDS = 30
DIGITS = 6


def secret_key(secret):
    """The key bytes of a base32 secret as authenticator apps show it: any case, blanks and dashes allowed, padding optional."""
    text = ''.join(str(secret or '').split()).replace('-', '').upper().rstrip('=')
    if not text:
        raise InputError('totp_secret is empty: give the base32 secret of the user\'s authenticator (letters A-Z, digits 2-7)')
    try:
        return base64.b32decode(text + '=' * (-len(text) % 8))
    except (binascii.Error, ValueError):
        # The secret itself stays out of the message: it is as good as the user's second factor.
        raise InputError('totp_secret is not a base32 secret (letters A-Z and digits 2-7, as the authenticator app shows '
                         'it when two-factor authentication is set up); nothing was sent') from None


def hotp(key, counter, digits=DIGITS):
    """RFC 4226: the ``digits``-digit code of ``counter`` (dynamic truncation of an HMAC-SHA1)."""
    digest = hmac.new(key, struct.pack('>Q', counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % (10 ** digits)).zfill(digits)


def totp_code(secret, at, digits=DIGITS, step=STEP_SECONDS):
    """RFC 6238: the code of base32 ``secret`` at Unix time ``at``."""
    return hotp(secret_key(secret), int(at // step), digits)
