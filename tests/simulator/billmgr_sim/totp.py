"""One-time codes of two-factor users (RFC 6238: base32 secret, HMAC-SHA1, 30 s steps, 6 digits), for totp.confirm.

The simulator's own, written apart from the collection's: a test of the client against it compares two codes.
"""

import base64
import binascii
import hashlib
import hmac
import struct
import time

STEP_SECONDS = 30
DIGITS = 6
# [INF] codes of the step before and after are taken too, as authenticator servers commonly allow for clock drift.
DRIFT_STEPS = 1


def key_of(secret):
    """The key bytes of a base32 secret (any case, padding optional); ValueError when it is no base32."""
    text = secret.strip().upper().rstrip('=')
    try:
        key = base64.b32decode(text + '=' * (-len(text) % 8))
    except (binascii.Error, ValueError):
        raise ValueError('%r is not a base32 secret (letters A-Z, digits 2-7)' % secret) from None
    if not key:
        raise ValueError('the secret is empty')
    return key


def code(secret, at=None):
    """The code of ``secret`` at Unix time ``at`` (now by default)."""
    counter = int((time.time() if at is None else at) // STEP_SECONDS)
    digest = hmac.new(key_of(secret), struct.pack('>Q', counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10 ** DIGITS).zfill(DIGITS)


def accepts(secret, given, at=None):
    """Whether ``given`` is the code of ``secret`` now, or of the step before or after."""
    now = time.time() if at is None else at
    given = (given or '').strip()
    return any(hmac.compare_digest(code(secret, now + step * STEP_SECONDS), given)
               for step in range(-DRIFT_STEPS, DRIFT_STEPS + 1))


def derived_secret(name):
    """The fixed secret of a --totp-user given without one: the same for the same name on every run (and printed)."""
    return base64.b32encode(hashlib.sha1(('billmgr-sim totp ' + name).encode('utf-8')).digest()[:10]).decode('ascii')
