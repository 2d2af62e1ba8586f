"""billmgr_sim: a simulator of the BILLmanager API (HTTP(S) server + SQLite) for tests and playbooks."""

# The collection's version (galaxy.yml); tests/package/test_package.py checks that the two agree.
__version__ = '0.1.0'
