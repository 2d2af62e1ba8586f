#!/usr/bin/env bash
# Prove a built tarball installs and its plugins load: install it into a temp dir (offline),
# then every module and inventory plugin in plugins/ must appear in `ansible-doc -l`.
# Usage: ci/check_build.sh TARBALL   (run from the repository root)
set -euo pipefail

tarball=$1
name=ispsystem.billmgr
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "tarball: $tarball ($(du -h "$tarball" | cut -f1), $(tar -tzf "$tarball" | wc -l) entries)"
if tar -tzf "$tarball" | grep -E '^(tests|ci|\.ci|extensions|\.venv|\.build)/|^Makefile$'; then
    echo "check_build: the tarball holds development files (see build_ignore in galaxy.yml)" >&2
    exit 1
fi

# The collection playbooks ship in playbooks/ (ansible-playbook ispsystem.billmgr.check_panel).
entries=$(tar -tzf "$tarball")
for playbook in playbooks/*.yml; do
    if ! grep -qx "$playbook" <<<"$entries"; then
        echo "check_build: the tarball lacks the collection playbook $playbook" >&2
        exit 1
    fi
done

# With ANSIBLE_COLLECTIONS_PATH still pointing at .build, galaxy would say "Nothing to do".
ANSIBLE_COLLECTIONS_PATH=$tmp ansible-galaxy collection install --offline -p "$tmp" "$tarball"

status=0
for type in module inventory; do
    dir=plugins/$type
    [[ $type == module ]] && dir=plugins/modules
    listed=$(ANSIBLE_COLLECTIONS_PATH=$tmp ansible-doc -t "$type" -l "$name" 2>&1)
    printf '%s\n' "$listed"
    shopt -s nullglob
    for file in "$dir"/*.py; do
        plugin=$(basename "$file" .py)
        [[ $plugin == __init__ ]] && continue
        if ! grep -q "^$name\.$plugin " <<<"$listed"; then
            echo "check_build: $type $name.$plugin is not listed by ansible-doc" >&2
            status=1
        fi
    done
    shopt -u nullglob
done
exit $status
