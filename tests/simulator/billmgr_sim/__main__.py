"""``python -m billmgr_sim``: see cli.py."""

import sys

from .cli import main

sys.exit(main())
