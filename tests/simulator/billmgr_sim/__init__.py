"""billmgr_sim: a simulator of the BILLmanager API (HTTP(S) server + SQLite) for tests and playbooks."""
