"""Password hashing: the database never holds a password in clear."""

import hashlib
import hmac
import secrets


def hash_password(password, salt=None):
    salt = salt or secrets.token_hex(8)
    return hashlib.sha256((salt + ':' + password).encode('utf-8')).hexdigest(), salt


def check_password(password, password_hash, salt):
    return hmac.compare_digest(hash_password(password, salt)[0], password_hash)
