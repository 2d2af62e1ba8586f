#!/usr/bin/env bash
# Documentation, changelog and Galaxy checks with the tools of .venv-tools (see the Makefile's
# docs, changelog, galaxy-importer and docs-check targets; run them through make).
#
#   ci/docs.sh lint COLL                     antsibull-docs lint-collection-docs --plugin-docs
#   ci/docs.sh reference COLL DEST           generate the plugin and role reference into DEST
#   ci/docs.sh changelog COLL DEST           lint the fragments and changelog.yaml, write DEST/CHANGELOG.rst
#   ci/docs.sh importer TARBALL              galaxy-importer on a built tarball, offline; any warning fails
#   ci/docs.sh check COLL TARBALL            all of the above; the committed docs/reference/ and
#                                            CHANGELOG.rst must equal what the tools generate
#
# COLL is the collection copy at .build/ansible_collections/ispsystem/billmgr (ANSIBLE_COLLECTIONS_PATH
# points at .build). TOOLS_BIN is .venv-tools/bin; it goes first on PATH, so antsibull-changelog
# finds the ansible-doc it needs there.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
: "${TOOLS_BIN:?set TOOLS_BIN to .venv-tools/bin (run this through make)}"
export PATH=$TOOLS_BIN:$PATH

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# COLL must sit in .../ansible_collections/ispsystem/billmgr; that tree is the only collection path
# here, so the docs checked are COLL's and not those of a copy installed elsewhere.
lint() {
    local coll=$1
    echo "+ antsibull-docs lint-collection-docs --plugin-docs $coll"
    (cd "$coll" && ANSIBLE_COLLECTIONS_PATH=$(cd ../../.. && pwd) antsibull-docs lint-collection-docs --plugin-docs \
        --validate-collection-refs dependent --disallow-unknown-collection-refs .)
}

# The reference is simplified RST: GitHub renders it, and it needs no Sphinx site. README.rst is
# antsibull-docs' index.rst, renamed so that GitHub shows it when the directory is opened.
reference() {
    local coll=$1 dest=$2 out=$work/reference
    rm -rf "$out" && mkdir -p "$out"
    echo "+ antsibull-docs collection --output-format simplified-rst ispsystem.billmgr (from $coll)"
    (cd "$work" && ANSIBLE_COLLECTIONS_PATH=$(cd "$coll/../../.." && pwd) antsibull-docs collection --use-current --squash-hierarchy --fail-on-error \
        --output-format simplified-rst --no-add-antsibull-docs-version --no-breadcrumbs \
        --dest-dir "$out" ispsystem.billmgr) >"$work/reference.log" 2>&1 || { cat "$work/reference.log" >&2; return 1; }
    mv "$out/index.rst" "$out/README.rst"
    rm -rf "$dest" && mkdir -p "$dest" && cp "$out"/*.rst "$dest"/
    echo "reference: $(find "$dest" -name '*.rst' | wc -l) pages in $dest"
}

galaxy_version() {
    sed -n 's/^version:[[:space:]]*\([^[:space:]#]*\).*/\1/p' "$1/galaxy.yml"
}

# The versions released so far, one a line, from changelogs/changelog.yaml.
released_versions() {
    "$TOOLS_BIN/python" -c 'import sys, yaml; print("\n".join(map(str, (yaml.safe_load(open(sys.argv[1])) or {}).get("releases") or {})))' \
        "$1/changelogs/changelog.yaml"
}

# CHANGELOG.rst is what `antsibull-changelog generate` makes of changelogs/changelog.yaml: the released
# versions only. Changes waiting in changelogs/fragments/ reach it when `make changelog-release` cuts the
# release. Before the first release antsibull-changelog refuses to generate anything, so there is no
# CHANGELOG.rst then, and DEST/CHANGELOG.rst is removed.
changelog() {
    local coll=$1 dest=$2 version releases
    echo "+ antsibull-changelog lint; antsibull-changelog lint-changelog-yaml"
    (cd "$coll" && antsibull-changelog lint && antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml)
    version=$(galaxy_version "$coll")
    releases=$(released_versions "$coll")
    # A release of galaxy.yml's version would fold the new fragments into a version that is out already.
    if compgen -G "$coll/changelogs/fragments/*.y*ml" >/dev/null && grep -qxF "$version" <<<"$releases"; then
        echo "changelog: changelogs/fragments/ has changes, but version $version (galaxy.yml) is released already:" \
             "set the next version in galaxy.yml" >&2
        return 1
    fi
    rm -f "$dest/CHANGELOG.rst"
    if [[ -z $releases ]]; then
        echo "changelog: changelogs/changelog.yaml has no release yet, so there is no CHANGELOG.rst" \
             "(\`make changelog-release\` writes the first)"
        return 0
    fi
    echo "+ antsibull-changelog generate"
    (cd "$coll" && antsibull-changelog generate --output "$dest/CHANGELOG.rst")
    echo "changelog: wrote $dest/CHANGELOG.rst"
}

# galaxy-importer as Galaxy runs it, offline, plus the required-tags check; ansible-test stays off
# (it needs a container engine, and the importer exits 0 without running it anyway). The importer
# exits 0 on warnings too; Galaxy shows them on the collection's page, so here any warning fails.
importer() {
    local tarball=$1 log=$work/importer.log rc=0
    mkdir -p "$work/importer/tmp"
    echo "+ python -m galaxy_importer.main $(basename "$tarball")"
    echo "  checks: MANIFEST.json and FILES.json (every file's checksum), galaxy.yml metadata schema (name, version,"
    echo "  authors, SPDX license, tags, URLs), readme and license files named in the metadata, ansible-doc of every plugin,"
    echo "  plugin and role names, a README in every role, meta/runtime.yml requires_ansible,"
    echo "  meta/execution-environment.yml dependency files, changelog present, ansible-lint --profile production on the"
    echo "  whole collection, required tags; NOT run: ansible-test (needs a container), flake8 (Automation Hub only),"
    echo "  its tests/sanity/ignore-*.txt check sees nothing (tests/ is not in the tarball): docs-check checks the tree"
    # GALAXY_IMPORTER_RUN_ANSIBLE_LINT=false: its ansible-lint is the one `make lint` runs (same version and profile,
    # production), there over the whole tree the tarball is built from, with fewer rules skipped; a second run here
    # would find nothing new and cost half a minute of the CI run.
    (cd "$work/importer" && env GALAXY_IMPORTER_RUN_ANSIBLE_TEST=false GALAXY_IMPORTER_RUN_ANSIBLE_LINT=false \
        GALAXY_IMPORTER_CHECK_REQUIRED_TAGS=true \
        GALAXY_IMPORTER_TMP_ROOT_DIR="$work/importer/tmp" GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP="$work/importer/tmp" \
        "$TOOLS_BIN/python" -m galaxy_importer.main "$tarball") >"$log" 2>&1 || rc=$?
    grep -v '^Loading ' "$log"
    if ((rc != 0)) || grep -qE '^(WARNING|ERROR)' "$log" || ! grep -q '^Importer processing completed successfully' "$log"; then
        echo "galaxy-importer: FAILED (exit $rc; the WARNING/ERROR lines above are what Galaxy would show)" >&2
        return 1
    fi
    "$TOOLS_BIN/python" - "$work/importer/importer_result.json" <<'EOF'
import json, sys
result = json.load(open(sys.argv[1]))
contents = result['contents']
missing = [c['name'] for c in contents if c['content_type'] in ('module', 'inventory') and not c.get('description')]
print('galaxy-importer: ok: %s %s, %d contents (%s)' % (result['metadata']['namespace'], result['metadata']['version'], len(contents),
      ', '.join('%s %s' % (c['content_type'], c['name']) for c in contents if c['content_type'] in ('module', 'inventory', 'role'))))
if missing:
    sys.exit('galaxy-importer: no documentation for %s' % ', '.join(missing))
EOF
}

check() {
    local coll=$1 tarball=$2 stale=0 extracted=$work/tarball/ansible_collections/ispsystem/billmgr
    # The docs are linted as they ship: in the tarball.
    mkdir -p "$extracted" && tar -xzf "$tarball" -C "$extracted"
    lint "$extracted"
    reference "$coll" "$work/fresh/reference"
    if ! diff -ru "$root/docs/reference" "$work/fresh/reference"; then
        echo "docs-check: docs/reference/ is not what the plugins' docs generate: run \`make docs\` and commit docs/reference/" >&2
        stale=1
    fi
    mkdir -p "$work/fresh/changelog"
    changelog "$coll" "$work/fresh/changelog"
    if [[ -e $work/fresh/changelog/CHANGELOG.rst ]]; then
        if ! diff -u "$root/CHANGELOG.rst" "$work/fresh/changelog/CHANGELOG.rst"; then
            echo "docs-check: CHANGELOG.rst is not what changelogs/changelog.yaml generates: run \`make changelog\` and commit CHANGELOG.rst" >&2
            stale=1
        fi
    elif [[ -e $root/CHANGELOG.rst ]]; then
        echo "docs-check: CHANGELOG.rst is there, but changelogs/changelog.yaml has no release to generate it from:" \
             "run \`make changelog\` (it removes the file) and commit the removal" >&2
        stale=1
    fi
    # The importer cannot see tests/ (not in the tarball); its "ignore files skip sanity tests" warning is checked here.
    local ignores
    ignores=$(cat "$coll"/tests/sanity/ignore-*.txt 2>/dev/null | grep -cv '^[[:space:]]*\(#\|$\)' || true)
    if ((ignores > 0)); then
        echo "docs-check: tests/sanity/ignore-*.txt has $ignores entries; sanity must pass without any" >&2
        stale=1
    fi
    importer "$tarball"
    ((stale == 0))
}

cmd=${1:?usage: ci/docs.sh lint|reference|changelog|importer|check ARGS}
shift
case $cmd in
    lint | reference | changelog | importer | check) "$cmd" "$@" ;;
    *) echo "ci/docs.sh: unknown command $cmd" >&2; exit 2 ;;
esac
