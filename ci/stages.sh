#!/usr/bin/env bash
# Run `make STAGE` for each stage given, in order; stop at the first failure.
#
# An argument that holds a "|" is a step of lanes that run at the same time: "a b | c d" runs a then b
# beside c then d, and the step ends when every lane has. The first lane's output is shown as it comes;
# the others' is shown when the step ends (or as soon as one of their stages fails, which stops every
# lane). Each lane builds in a directory of its own (BUILD, BUILD/lane-2, ...): every stage copies the
# collection afresh, and must not pull it from under a stage of another lane.
#
# Prints one line per stage with its time, and a closing summary line.
#   ci/stages.sh venv 'pytest-integration | sanity units'
set -uo pipefail

cd "$(dirname "$0")/.." || exit 1
build=${BUILD:-$PWD/.build}
logs=$build/stage-logs
mkdir -p "$logs"

# One lane (run by this script itself, in a process group of its own so that it can be stopped whole):
#   stages.sh --lane BUILD RESULTS SHOW STAGE...
# appends "STAGE RC SECONDS" to RESULTS for each stage run; SHOW=1 also copies the output to stdout.
if [[ ${1:-} == --lane ]]; then
    lane_build=$2 results=$3 show=$4
    shift 4
    mkdir -p "$lane_build"
    for stage in "$@"; do
        start=$SECONDS
        echo "$stage" >"$results.running"
        if ((show)); then
            printf '\n=== %s ===\n' "$stage"
            make --no-print-directory BUILD="$lane_build" "$stage" 2>&1 | tee "$logs/$stage.log"
            rc=${PIPESTATUS[0]}
        else
            make --no-print-directory BUILD="$lane_build" "$stage" >"$logs/$stage.log" 2>&1
            rc=$?
        fi
        echo "$stage $rc $((SECONDS - start))" >>"$results"
        rm -f "$results.running"
        ((rc == 0)) || exit "$rc"
    done
    exit 0
fi

passed=0 failed=0
summary=()
total_start=$SECONDS

record() {  # record STAGE RC|stopped SECONDS
    if [[ $2 == stopped ]]; then
        summary+=("$(printf '%-18s stopped %4ds  (another lane failed)' "$1" "$3")")
    elif (($2 != 0)); then
        failed=$((failed + 1))
        summary+=("$(printf '%-18s FAILED  %4ds  (exit %d, log: %s)' "$1" "$3" "$2" "$logs/$1.log")")
    else
        passed=$((passed + 1))
        summary+=("$(printf '%-18s ok      %4ds' "$1" "$3")")
    fi
}

run_lanes() {  # run_lanes "a b | c d": 0 when every stage of every lane passed
    local -a lanes pids results
    local lane i rc=0 pid stage stage_rc took
    IFS='|' read -r -a lanes <<<"$1"
    local -a all
    read -r -a all <<<"${1//|/ }"
    # Each stage's log is named after it: a stage twice in one step would write one log from two lanes.
    if [[ $(printf '%s\n' "${all[@]}" | sort | uniq -d) ]]; then
        echo "stages.sh: a stage appears twice in '$1'" >&2
        failed=$((failed + 1))
        summary+=("'$1': a stage appears twice")
        return 1
    fi
    local step_start=$SECONDS
    for i in "${!lanes[@]}"; do
        results[i]=$logs/lane-$((i + 1)).results
        : >"${results[i]}"
        rm -f "${results[i]}.running"
        local lane_build=$build
        ((i == 0)) || lane_build=$build/lane-$((i + 1))
        read -r -a lane <<<"${lanes[i]}"
        setsid bash "$0" --lane "$lane_build" "${results[i]}" "$((i == 0))" "${lane[@]}" &
        pids[i]=$!
    done
    # The lanes are process groups of their own, out of reach of the terminal's Ctrl-C: pass it on.
    trap 'for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done; exit 130' INT TERM
    # The first lane to fail stops the others; their stages so far still count.
    local running=${#pids[@]}
    while ((running > 0)); do
        wait -n "${pids[@]}" 2>/dev/null
        local status=$?
        running=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && running=$((running + 1)); done
        if ((status != 0 && status != 127)); then
            rc=1
            for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
            wait "${pids[@]}" 2>/dev/null
            break
        fi
    done
    for i in "${!lanes[@]}"; do
        while read -r stage stage_rc took; do
            if ((i > 0)); then
                printf '\n=== %s (lane %d) ===\n' "$stage" "$((i + 1))"
                cat "$logs/$stage.log"
            fi
            record "$stage" "$stage_rc" "$took"
            ((stage_rc == 0)) || rc=1
        done <"${results[i]}"
        if [[ -f ${results[i]}.running ]]; then
            record "$(<"${results[i]}.running")" stopped "$((SECONDS - step_start))"
            rm -f "${results[i]}.running"
        fi
    done
    trap - INT TERM
    return "$rc"
}

for step in "$@"; do
    if [[ $step == *'|'* ]]; then
        run_lanes "$step" || break
        continue
    fi
    printf '\n=== %s ===\n' "$step"
    start=$SECONDS
    make --no-print-directory "$step" 2>&1 | tee "$logs/$step.log"
    rc=${PIPESTATUS[0]}
    record "$step" "$rc" "$((SECONDS - start))"
    ((rc == 0)) || break
done

printf '\n=== summary (%ds) ===\n' "$((SECONDS - total_start))"
printf '%s\n' "${summary[@]}"
printf 'stages: %d ok, %d failed\n' "$passed" "$failed"
((failed == 0))
