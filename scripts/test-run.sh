#!/usr/bin/env bash
# Runs `swift test ARGS…` under a deadline, so a test that never ends fails the run saying which
# one, instead of holding CI until its own limit with nothing to show.
#   HCK_TEST_MINUTES  the deadline (default 55; HCK_TEST_SECONDS, when set, instead)
# At the deadline it prints the tests that started and never ended and the processes still under
# the run (a child nobody reaped, a VM, a database), stops the run and exits 124.
set -uo pipefail
cd "$(dirname "$0")/.."
deadline=${HCK_TEST_SECONDS:-$((${HCK_TEST_MINUTES:-55} * 60))}
# The processes under PID, each before its own.
descendants() {
    local child
    for child in $(pgrep -P "$1"); do
        echo "$child"
        descendants "$child"
    done
}

log=$(mktemp /tmp/hck-test-run.XXXXXX)
trap 'rm -f "$log"' EXIT

# Its own session, so the deadline stops the whole run (swift-test, the test bundle, its children);
# on a terminal (script(1)), because the test bundle holds back its output until its end otherwise.
# script itself keeps the copy the deadline reads (-f: as it comes). No tee through a process
# substitution: that tee would be script's child, and script (util-linux 2.38) then never ends after
# the run, waiting for all its children while holding the tee's pipe open.
printf -v command '%q ' swift test "$@"
NO_COLOR=1 setsid script -q -e -f -c "$command" "$log" < /dev/null 2>&1 &
run=$!
started=$SECONDS
while kill -0 "$run" 2> /dev/null; do
    if ((SECONDS - started >= deadline)); then
        echo
        echo "test-run: swift test $* still running after ${deadline} s; tests started and not ended:"
        # Swift Testing prints "◇ Test NAME started." and, at its end, "✔/✘ Test NAME passed/failed after…".
        awk '
            /◇ Test .* started\./ && !/◇ Test run started/ && !/◇ Test case passing/ {
                name = $0; sub(/.*◇ Test /, "", name); sub(/ started\..*/, "", name); open[name] = 1
            }
            /Test .* (passed|failed|skipped)/ {
                name = $0; sub(/^[^T]*Test /, "", name); sub(/ (passed|failed|skipped).*/, "", name)
                sub(/ with [0-9]+ test cases?$/, "", name); delete open[name]
            }
            END { for (name in open) print "  " name }
        ' "$log"
        echo "test-run: processes under the run:"
        pids=$(descendants "$run")
        ps -o pid,etime,args --forest -p "$(echo "$run" $pids | tr ' ' ,)" | cut -c1-200
        kill -TERM $pids "$run" 2> /dev/null
        sleep 10
        kill -KILL $(descendants "$run") "$run" 2> /dev/null
        exit 124
    fi
    sleep 5
done
wait "$run"
