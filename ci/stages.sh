#!/usr/bin/env bash
# Run `make STAGE` for each stage given, in order; stop at the first failure.
# Prints one line per stage with its time, and a closing summary line.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 1
logs=${BUILD:-.build}/stage-logs
mkdir -p "$logs"

passed=0 failed=0
summary=()
total_start=$SECONDS

for stage in "$@"; do
    printf '\n=== %s ===\n' "$stage"
    start=$SECONDS
    make --no-print-directory "$stage" 2>&1 | tee "$logs/$stage.log"
    rc=${PIPESTATUS[0]}
    took=$((SECONDS - start))
    if ((rc != 0)); then
        failed=$((failed + 1))
        summary+=("$(printf '%-10s FAILED  %4ds  (exit %d, log: %s)' "$stage" "$took" "$rc" "$logs/$stage.log")")
        break
    else
        passed=$((passed + 1))
        summary+=("$(printf '%-10s ok      %4ds' "$stage" "$took")")
    fi
done

printf '\n=== summary (%ds) ===\n' "$((SECONDS - total_start))"
printf '%s\n' "${summary[@]}"
printf 'stages: %d ok, %d failed\n' "$passed" "$failed"
((failed == 0))
