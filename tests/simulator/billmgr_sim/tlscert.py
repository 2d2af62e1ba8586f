"""A self-signed certificate for --tls, made with the openssl command line tool."""

import os
import subprocess


def ensure_self_signed(directory, host):
    """Create (once) cert and key files in ``directory``; returns (cert_path, key_path).

    The certificate names localhost, 127.0.0.1 and ``host``, so clients can use it as their CA bundle.
    """
    cert = os.path.join(directory, 'billmgr_sim.crt')
    key = os.path.join(directory, 'billmgr_sim.key')
    if os.path.exists(cert) and os.path.exists(key):
        return cert, key
    names = ['DNS:localhost', 'IP:127.0.0.1']
    extra = ('IP:' if host.replace('.', '').isdigit() or ':' in host else 'DNS:') + host
    if host and extra not in names:
        names.append(extra)
    subprocess.run(
        ['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '825',
         '-subj', '/CN=billmgr-sim', '-addext', 'subjectAltName=' + ','.join(names),
         '-addext', 'basicConstraints=critical,CA:TRUE'],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.chmod(key, 0o600)
    return cert, key
