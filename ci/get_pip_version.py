# Copyright: Contributors to the ispsystem.billmgr collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Print the pip version ansible-test bootstraps into its venvs (e.g. ``24.2``).

ansible-test looks for ``~/.ansible/test/cache/get_pip_<version with _>.py`` before
downloading get-pip from a host that is unreachable here; the Makefile installs
ci/get_pip_shim.py under that name.
"""
from __future__ import annotations

import pathlib
import re
import sys

import ansible_test

SOURCE = pathlib.Path(ansible_test.__file__).parent / '_internal' / 'python_requirements.py'


def main() -> int:
    """Print the version, or fail loudly if ansible-test's source no longer has it."""
    match = re.search(r"""\bpip=['"]([0-9][0-9.]*)['"]""", SOURCE.read_text(encoding='utf-8'))
    if not match:
        print(f'cannot find the default pip version in {SOURCE}', file=sys.stderr)
        return 1
    print(match.group(1))
    return 0


if __name__ == '__main__':
    sys.exit(main())
