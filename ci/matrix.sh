#!/usr/bin/env bash
# The ansible-core version matrix: each core meta/runtime.yml supports, in a venv of its own, runs sanity (every test,
# no ignore file), the unit tests and an integration subset that covers every module, the inventory and the
# ansible-runner (AWX) path. Run it as `make matrix` (all cores) or `make matrix CORES="2.16 2.22"`.
#
#   ci/matrix.sh run CORE...     test each core in turn; one line per core and step with its time, then a summary
#   ci/matrix.sh lock CORE...    re-resolve ci/cores/requirements.txt with the core's newest release into
#                                ci/cores/constraints-CORE.txt (then `make matrix` rebuilds that core's venv)
#   ci/matrix.sh venv CORE...    build (when its lock changed) and print each core's venv
#   ci/matrix.sh python CORE     print the Python the core runs on here, or say what is missing
#
# Environment: BUILD (build directory; each core copies the collection to BUILD/core-CORE), MATRIX_TESTS (the
# integration subset, paths or node ids relative to the collection root; the Makefile names them), VENVS (where the
# cores' venvs live, default .venv-cores), PYTEST_WORKERS.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 1
root=$PWD
build=${BUILD:-$root/.build}
venvs=${VENVS:-$root/.venv-cores}
workers=${PYTEST_WORKERS:-2}

# The Python each core runs its controller on here: the oldest one it supports that these machines have (2.20 and
# 2.21 need 3.12 or later, 2.22 3.13 or later).
python_version() {
    case $1 in
        2.16 | 2.17 | 2.18 | 2.19) echo 3.11 ;;
        2.20 | 2.21) echo 3.12 ;;
        2.22) echo 3.13 ;;
        *) return 1 ;;
    esac
}

# Sanity tests a core cannot run here, with the reason printed on every run.
sanity_skips() {
    case $1 in
        # ansible-test 2.22's requirements for pylint name a package by a source control URL, and these machines reach
        # the package index only: pip fails before pylint starts. Every other sanity test runs on 2.22.
        2.22) echo pylint ;;
    esac
}

sanity_skip_reason() {
    echo "ansible-test $1 installs pylint's requirements from a source control host, which is unreachable here"
}

# A working interpreter of the wanted version: on PATH (a pyenv shim that is not active exits non-zero, so each
# candidate is run), else in pyenv's versions directory.
find_python() {
    local want=$1 candidate
    local -a candidates=("python$want")
    local pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
    for candidate in "$pyenv_root"/versions/"$want".*/bin/python"$want"; do
        [[ -x $candidate ]] && candidates+=("$candidate")
    done
    for candidate in "${candidates[@]}"; do
        if "$candidate" -c 'import sys, venv; sys.exit(0)' >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

python_for() {  # python_for CORE: the interpreter, or a clear message and failure
    local core=$1 want python
    if ! want=$(python_version "$core"); then
        echo "matrix: ansible-core $core is not in the matrix (ci/matrix.sh knows 2.16 to 2.22)" >&2
        return 1
    fi
    if ! python=$(find_python "$want"); then
        echo "matrix: ansible-core $core needs Python $want, and neither python$want on PATH nor" \
             "${PYENV_ROOT:-$HOME/.pyenv}/versions/$want.*/bin/python$want runs here: install Python $want" \
             "(e.g. pyenv install $want) or put it on PATH" >&2
        return 1
    fi
    echo "$python"
}

constraints_for() { echo "$root/ci/cores/constraints-$1.txt"; }

# The core of the main toolchain (constraints-dev.txt): the matrix tests it in .venv, built by `make venv`.
main_core() { sed -n 's/^ansible-core==\([0-9]*\.[0-9]*\)\..*/\1/p' constraints-dev.txt; }

venv_dir() { if [[ $1 == "$(main_core)" ]]; then echo "$root/.venv"; else echo "$venvs/$1"; fi; }

lock() {
    local core=$1 python scratch out
    if [[ $core == "$(main_core)" ]]; then
        echo "matrix: ansible-core $core is the main toolchain's: \`make lock\` locks it in constraints-dev.txt" >&2
        return 1
    fi
    python=$(python_for "$core") || return 1
    scratch=$build/lock-core-$core
    out=$(constraints_for "$core")
    rm -rf "$scratch" && "$python" -m venv "$scratch" || return 1
    "$scratch/bin/python" -m pip install -q --disable-pip-version-check -r ci/cores/requirements.txt "ansible-core==$core.*" \
        || return 1
    {
        echo "# ansible-core $core on Python $("$scratch/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])'): every package of its matrix venv, exactly as tested (pip freeze)."
        echo "# Used with -c by ci/matrix.sh; rewritten by \`make matrix-lock CORES=$core\` from ci/cores/requirements.txt."
        "$scratch/bin/python" -m pip freeze --disable-pip-version-check
    } >"$out.new" && mv "$out.new" "$out"
    rm -rf "$scratch"
    echo "matrix: $out: $(grep -m1 '^ansible-core==' "$out")"
}

# The core's venv, rebuilt when its lock, the shared requirements or the simulator's metadata are newer than it.
venv_for() {
    local core=$1 python venv=$venvs/$1 constraints
    if [[ $core == "$(main_core)" ]]; then
        make --no-print-directory venv
        return
    fi
    constraints=$(constraints_for "$core")
    if [[ ! -f $constraints ]]; then
        echo "matrix: no lock for ansible-core $core: run \`make matrix-lock CORES=$core\`" >&2
        return 1
    fi
    if [[ -f $venv/.installed && $venv/.installed -nt $constraints && $venv/.installed -nt ci/cores/requirements.txt
          && $venv/.installed -nt tests/simulator/pyproject.toml && $venv/.installed -nt requirements.txt ]]; then
        return 0
    fi
    python=$(python_for "$core") || return 1
    rm -rf "$venv" && "$python" -m venv "$venv" || return 1
    # The core comes from the lock like everything else; the simulator is installed editable, as in .venv.
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r ci/cores/requirements.txt -c "$constraints" \
        "$(grep -m1 '^ansible-core==' "$constraints")" || return 1
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -c "$constraints" -e tests/simulator || return 1
    touch "$venv/.installed"
}

step() {  # step CORE NAME COMMAND...: run one step, log it, record its time
    local core=$1 name=$2 start=$SECONDS rc
    shift 2
    printf '\n=== %s: %s ===\n' "$core" "$name"
    "$@" 2>&1 | tee "$logs/$core-$name.log"
    rc=${PIPESTATUS[0]}
    record "$core" "$name" "$rc" "$((SECONDS - start))"
    return "$rc"
}

record() {  # record CORE STEP RC SECONDS: one line of the closing summary
    printf '%-5s %-12s %-6s %5ds\n' "$1" "$2" "$([[ $3 == 0 ]] && echo ok || echo FAILED)" "$4" >>"$logs/summary"
}

sanity() {
    local core=$1 pyver=$2 skip
    local -a args=()
    if compgen -G 'tests/sanity/ignore-*.txt' >/dev/null; then
        echo "matrix: the matrix runs sanity with no ignore file, and tests/sanity has: $(ls tests/sanity/ignore-*.txt)" >&2
        return 1
    fi
    for skip in $(sanity_skips "$core"); do
        echo "matrix: ansible-core $core skips the sanity test $skip: $(sanity_skip_reason "$core")"
        args+=(--skip-test "$skip")
    done
    ansible-test sanity --python "$pyver" --local --color no "${args[@]}"
}

units() { ansible-test units --python "$2" --local --color no; }

integration() {
    local -a tests
    read -r -a tests <<<"${MATRIX_TESTS:?MATRIX_TESTS names the integration subset}"
    PYTHONPATH=$core_build "$venv/bin/python" -m pytest -n "$workers" --dist loadfile -q -p no:cacheprovider "${tests[@]}"
}

run_core() {
    local core=$1 pyver venv core_build coll ver start=$SECONDS
    pyver=$(python_version "$core") || { python_for "$core"; return 1; }
    venv=$(venv_dir "$core")
    core_build=$build/core-$core
    coll=$core_build/ansible_collections/ispsystem/billmgr
    step "$core" venv venv_for "$core" || return 1
    echo "ansible-core $("$venv/bin/python" -c 'import ansible.release as r; print(r.__version__)') on $("$venv/bin/python" -V)"
    make --no-print-directory -s collection BUILD="$core_build" || return 1
    # ansible-test bootstraps pip in its sanity venvs with a script it cannot download here: give it the stand-in.
    ver=$("$venv/bin/python" ci/get_pip_version.py) || return 1
    mkdir -p "$HOME/.ansible/test/cache" && cp ci/get_pip_shim.py "$HOME/.ansible/test/cache/get_pip_${ver//./_}.py"
    (
        # Every ansible command and the modules the playbooks run use this core's venv and this core's copy.
        export PATH=$venv/bin:$PATH ANSIBLE_COLLECTIONS_PATH=$core_build ANSIBLE_PYTHON_INTERPRETER=$venv/bin/python
        cd "$coll" || exit 1
        status=0
        step "$core" sanity sanity "$core" "$pyver" || status=1
        step "$core" units units "$core" "$pyver" || status=1
        step "$core" integration integration || status=1
        exit "$status"
    )
    local rc=$?
    record "$core" total "$rc" "$((SECONDS - start))"
    return "$rc"
}

main() {
    local command=${1:-}
    shift || true
    case $command in
        python)
            python_for "$1"
            ;;
        venv)
            local core
            for core in "$@"; do venv_for "$core" && venv_dir "$core" || return 1; done
            ;;
        lock)
            local core
            for core in "$@"; do lock "$core" || return 1; done
            ;;
        run)
            logs=$build/matrix-logs
            mkdir -p "$logs"
            : >"$logs/summary"
            local core failed=() total_start=$SECONDS
            for core in "$@"; do
                run_core "$core" || failed+=("$core")
            done
            printf '\n=== matrix summary (%ds) ===\n' "$((SECONDS - total_start))"
            cat "$logs/summary"
            if ((${#failed[@]})); then
                echo "matrix: FAILED on ansible-core ${failed[*]} (logs: $logs)"
                return 1
            fi
            echo "matrix: ok on ansible-core $*"
            ;;
        *)
            echo "usage: ci/matrix.sh run|lock CORE... | python CORE" >&2
            return 2
            ;;
    esac
}

main "$@"
