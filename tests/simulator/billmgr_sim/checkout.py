"""For the collection's own tests: which tree they test, and that billmgr_sim was imported from that tree.

The simulator is an installed distribution; `make venv` installs it editable, pointing at one checkout. A venv
shared by several checkouts (worktrees) then imports another checkout's simulator: ``use_tree`` makes that an
error naming both trees instead of a silent test of other code.
"""

import hashlib
import os
from pathlib import Path

import billmgr_sim

PACKAGE_IN_TREE = Path('tests') / 'simulator' / 'billmgr_sim'


class OtherTreeError(RuntimeError):
    pass


def _sources(package_dir):
    return {path.relative_to(package_dir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in package_dir.rglob('*.py') if '__pycache__' not in path.parts}


def use_tree(root):
    """Test the collection at ``root``: AnsibleRunner runs it (BILLMGR_COLLECTION_ROOT), and the imported
    billmgr_sim must have the same sources as ``root``'s tests/simulator (else OtherTreeError)."""
    root = Path(root).resolve()
    os.environ['BILLMGR_COLLECTION_ROOT'] = str(root)
    imported = Path(billmgr_sim.__file__).resolve().parent
    in_tree = root / PACKAGE_IN_TREE
    if imported == in_tree:
        return
    theirs, ours = _sources(imported), _sources(in_tree)
    differing = sorted(name for name in set(theirs) | set(ours) if theirs.get(name) != ours.get(name))
    if differing:
        raise OtherTreeError(
            'billmgr_sim is imported from %s, whose sources differ from %s (%s): the venv has another checkout\'s '
            'simulator; install this one (pip install -e %s) or use a venv of this checkout (make ... VENV=DIR)'
            % (imported, in_tree, ', '.join(differing[:5]) + (' ...' if len(differing) > 5 else ''), in_tree.parent))
