"""Errors the panel answers with (HTTP 200, an ``error`` element in the document)."""

from .document import Node

# Legacy (BILLmanager 4 era) panels put a numeric code on every error (seed 004); auth is 1 as in the captured BM5
# bad-password answer (reference/responses) [INF: the other codes].
LEGACY_CODES = {'auth': '1', 'exists': '2', 'missed': '3', 'value': '4', 'access': '6'}


class ApiError(Exception):
    """A BILLmanager error: ``kind`` is the error type, ``obj`` the object (usually a parameter)."""

    def __init__(self, kind, obj, msg, value=None, detail=None):
        super().__init__(msg)
        self.kind = kind
        self.obj = obj
        self.msg = msg
        self.value = value
        self.detail = detail if detail is not None else msg

    def leave_trace(self, ctx):
        """Writes the failure itself must leave, made after the request's own writes are undone (see auth.LoginFailed)."""

    def to_node(self, lang='en', legacy=False):
        attrs = {'type': self.kind, 'object': self.obj, 'lang': lang}
        if legacy:
            attrs['code'] = LEGACY_CODES.get(self.kind, '0')
        error = Node('error', attrs=attrs)
        error.add('param', self.obj, {'name': 'object', 'type': 'msg'}, repeat=True)
        error.add('param', '' if self.value is None else self.value, {'name': 'value'}, repeat=True)
        error.add('detail', self.detail)
        error.add('msg', self.msg)
        return error


def missed(param):
    return ApiError('missed', param, "Required field '%s' is not filled in" % param)


def invalid(param, value):
    return ApiError('value', param, "The value of field '%s' is invalid" % param, value=value)


def not_in_xml(param, char):
    # The panel's usual bad-value error, with the value (which no answer could carry) left out; the rule and its
    # guess: request.check_representable.
    error = invalid(param, None)
    error.detail = 'The value contains the character U+%04X, which is not allowed' % ord(char)
    return error


def access(obj, msg='Insufficient privileges to perform this operation', value=None):
    return ApiError('access', obj, msg, value=value)


def not_found(param, value):
    # [INF] an id that does not exist (or is of another type) is reported as a missing object.
    return ApiError('missed', param, "The object '%s' was not found" % value, value=value)


def exists(obj, value, msg):
    return ApiError('exists', obj, msg, value=value)


def bad_password(remote_addr):
    # Text (with its trailing space) as captured from a real panel.
    text = 'Invalid username or password '
    return ApiError('auth', 'badpassword', text, value='remote_addr: [%s]' % remote_addr)


def blocked_logon(remote_addr):
    return ApiError('auth', 'blocklogon', 'Your account has been blocked for 20 seconds', value='remote_addr: [%s]' % remote_addr)


def not_logged_in():
    # An expired session shows as "Insufficient privileges to perform..." with type access (real-panels §1.4, E5
    # checkIfTokenAlive); [INF] the object, and the same error for an unknown session or no credentials at all.
    return ApiError('access', 'session', 'Insufficient privileges to perform this operation')


def ip_denied(remote_addr):
    # The text E5 handles (real-panels §1.3); [INF] type, object and value.
    return ApiError('access', 'ip', 'Access from this IP denied', value=remote_addr)


def totp_no_authinfo():
    # The rule and its guess: auth.login_per_request.
    return ApiError('access', 'totp', 'This user logs in with two-factor authentication: authinfo is not accepted')


def totp_code_refused():
    # totp.confirm with a wrong or missing code (E24 only says that a refusal is an error document); the guess is
    # tagged where the rule is, handlers/session.confirm_totp.
    return ApiError('value', 'qrcode', 'The confirmation code is invalid')


def captcha_failed():
    # The identifier E12 meets on password logins from data-centre addresses (real-panels §1.6) and E24 on FirstVDS's
    # func=auth, as the error type (real types are such identifiers: E5's min_email_send_timeout, promocode_not_use); the
    # words begin "Error passing captcha," (E24, real-panels-2 §12.4; localized by the panel). [INF] the object and the
    # rest of the words.
    return ApiError('captcha_verification_failed', 'captcha', 'Error passing captcha, please try again')


def insufficient_funds(needed, available):
    # [INF] type and wording: the panel's own text is not documented.
    return ApiError('balance', 'account', 'Insufficient funds: %s RUB is needed, %s RUB is available' % (needed, available), value=needed)
