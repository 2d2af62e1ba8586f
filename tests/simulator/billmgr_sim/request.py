"""Request parameters from the query string and a url-encoded or multipart form body."""

import email.parser
import email.policy
import re
from urllib.parse import parse_qsl

from . import errors

# Never echoed in tparams, never written to a log.
SECRET_PARAMS = frozenset(('authinfo', 'auth', 'password', 'passwd', 'userpassword', 'key', 'newpassword', 'confirm'))

# What XML 1.0 cannot carry, not even as a character reference: C0 controls but tab, newline
# and CR, lone surrogates, U+FFFE and U+FFFF.
NOT_IN_XML = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')

# The Dragon example in seed 003 puts the header into the query as a bare token [INF: treated as the header].
DRAGON_CLIENT_TOKEN = 'isp-client:web-interface'


class Params:
    """Ordered (name, value) pairs; ``get`` answers the last value of a name."""

    def __init__(self, pairs=()):
        self.pairs = []
        self._last = {}
        for name, value in pairs:
            self.append(name, value)

    def append(self, name, value):
        # The VPS example of seed 000 has "& ostempl=": names are taken without surrounding blanks.
        name = name.strip()
        if not name:
            return
        self.pairs.append((name, value))
        self._last[name] = value

    def get(self, name, default=None):
        return self._last.get(name, default)

    def has(self, name):
        return name in self._last

    def filled(self, name):
        """The value without surrounding blanks, or None when the parameter is absent or blank.

        [INF: strict] Panels keep text values trimmed: what a write stores (remoteid, domain, licname, ...) and a
        filter compares has no surrounding blanks, so ``remoteid="web-1 "`` is stored and found as ``web-1``.
        """
        value = self._last.get(name)
        if value is None or value.strip() == '':
            return None
        return value.strip()

    def names(self):
        return list(self._last)

    def items(self):
        return list(self.pairs)

    def public_items(self):
        """Pairs safe to echo back: no credentials or passwords."""
        return [(name, value) for name, value in self.pairs if name.lower() not in SECRET_PARAMS]

    def has_dragon_token(self):
        return any(name.lower().replace(' ', '') == DRAGON_CLIENT_TOKEN for name in self._last)


def representable(text):
    """Whether ``text`` can be written into an XML answer."""
    return NOT_IN_XML.search(text) is None


def check_representable(params):
    """A value XML cannot carry is a ``value`` error naming its parameter, before the function runs.

    [INF] The panel's answers are XML documents (json is made from them): a value it could neither
    store nor echo is refused as a bad value. The error leaves the value out, as it could not carry
    it either; a name XML cannot carry is never echoed (app.XML_NAME) and is not named.
    """
    for name, value in params.items():
        found = NOT_IN_XML.search(value)
        if found is not None:
            raise errors.not_in_xml(name if representable(name) else 'param', found.group())


class BadRequestBody(Exception):
    pass


def parse(query, content_type, body):
    """Parameters of one request: the query string first, then the form body."""
    params = Params(parse_qsl(query or '', keep_blank_values=True))
    if body:
        ctype = (content_type or '').split(';', 1)[0].strip().lower()
        if ctype == 'multipart/form-data':
            for name, value in _parse_multipart(content_type, body):
                params.append(name, value)
        else:
            try:
                text = body.decode('utf-8')
            except UnicodeDecodeError as exc:
                raise BadRequestBody('the form body is not UTF-8') from exc
            for name, value in parse_qsl(text, keep_blank_values=True):
                params.append(name, value)
    return params


def _parse_multipart(content_type, body):
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b'Content-Type: ' + content_type.encode('latin-1') + b'\r\n\r\n' + body)
    if not message.is_multipart():
        raise BadRequestBody('malformed multipart body')
    fields = []
    for part in message.iter_parts():
        name = part.get_param('name', header='content-disposition')
        if name is None:
            continue
        payload = part.get_payload(decode=True) or b''
        fields.append((name, payload.decode(part.get_content_charset() or 'utf-8', errors='replace')))
    return fields
