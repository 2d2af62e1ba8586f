#!/usr/bin/env bash
# Demo: start the BILLmanager simulator on a free local port and run the example playbooks
# in examples/ against it as the seeded admin, with the collection resolved from .build (run it as `make demo`,
# or `ci/demo.sh PLAYBOOK...` for chosen playbooks).
#
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
demo_dir=$root/.build/demo
mkdir -p "$demo_dir"
python=${PYTHON:-$root/.venv/bin/python}
export ANSIBLE_COLLECTIONS_PATH=${ANSIBLE_COLLECTIONS_PATH:-$root/.build}
# Interpreter discovery would pick a pyenv shim that exits 127 here.
export ANSIBLE_PYTHON_INTERPRETER=${ANSIBLE_PYTHON_INTERPRETER:-$python}

# What the demo runs, in order: "PLAYBOOK [INVENTORY|-] [ARGS...]" (default or -: localhost only).
# `ci/demo.sh PLAYBOOK...` runs chosen playbooks instead.
steps=(
    "examples/order_vps.yml - -e customer=alice"
    "examples/vps_role.yml - -e customer=alice -e wait_for_ssh=false"
    "examples/licenses.yml - -e customer=alice"
    "examples/renew_expiring.yml examples/renew.billmgr.yml"
)
if (($# > 0)); then
    steps=("$@")
fi

port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
rm -f "$demo_dir/sim.db"
# billmgr-sim: the simulator's command, installed into the venv by `make venv` (pip install -e tests/simulator).
"$(dirname "$python")/billmgr-sim" serve --port "$port" --db "$demo_dir/sim.db" >"$demo_dir/sim.log" 2>&1 &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true' EXIT

# Wait (bounded) until the simulator accepts connections.
for _ in $(seq 1 50); do
    if "$python" -c "import socket, sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then
        break
    fi
    if ! kill -0 "$sim_pid" 2>/dev/null; then
        echo "demo: the simulator exited; its log:" >&2
        cat "$demo_dir/sim.log" >&2
        exit 1
    fi
    sleep 0.2
done

export BILLMGR_URL=http://127.0.0.1:$port/billmgr
export BILLMGR_USERNAME=${BILLMGR_USERNAME:-admin}      # seeded admin (billmgr_sim/seed.py)
export BILLMGR_PASSWORD=${BILLMGR_PASSWORD:-Adm-2f9c}      # seeded admin's password

bin_dir=$(dirname "$python")
export PATH=$bin_dir:$PATH

# The network guard of the tests (billmgr_sim/module_site/sitecustomize.py) in every process the demo starts: a
# connection, a name look-up or an ssh outside loopback fails and is listed; the demo fails when the list is not empty.
module_site=$("$python" -c 'from billmgr_sim.playbook import MODULE_SITE; print(MODULE_SITE)')
export PYTHONPATH=$module_site${PYTHONPATH:+:$PYTHONPATH}
export BILLMGR_TEST_LOOPBACK_ONLY=$demo_dir/outside-connections.log
rm -f "$BILLMGR_TEST_LOOPBACK_ONLY"
export ANSIBLE_SSH_EXECUTABLE=$demo_dir/guard-ssh
printf '#!/bin/sh\nexec "%s" "%s/sitecustomize.py" ssh "$@"\n' "$python" "$module_site" >"$ANSIBLE_SSH_EXECUTABLE"
chmod +x "$ANSIBLE_SSH_EXECUTABLE"

for step in "${steps[@]}"; do
    read -r playbook inventory extra <<<"$step"
    [[ $inventory == - ]] && inventory=
    read -r -a args <<<"${extra:-}"
    echo
    echo "=== ansible-playbook ${inventory:+-i $inventory }$playbook${extra:+ $extra}"
    if [[ -n $inventory ]]; then
        ansible-playbook -i "$inventory" "$playbook" "${args[@]}"
    else
        ansible-playbook -i localhost, -c local "$playbook" "${args[@]}"
    fi
done
echo
echo "=== ansible-inventory -i examples/inventory.billmgr.yml --graph"
ansible-inventory -i examples/inventory.billmgr.yml --graph
if [[ -s $BILLMGR_TEST_LOOPBACK_ONLY ]]; then
    echo "demo: something tried to leave this machine:" >&2
    cat "$BILLMGR_TEST_LOOPBACK_ONLY" >&2
    exit 1
fi
echo
echo "demo: ran ${#steps[@]} playbook(s) and the inventory against the simulator at $BILLMGR_URL"
echo "demo: its log is $demo_dir/sim.log; start it yourself with: .venv/bin/billmgr-sim serve --port 1500 --db /tmp/billmgr.db --user demo=demo-secret"
echo "demo: then log in as demo / demo-secret (a client with 100000 RUB), as in the README's first playbook"
