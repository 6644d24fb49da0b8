#!/usr/bin/env bash
# `make run`'s last step: starts `hck up` on a data directory, submits a manifest through the
# server with `hck submit --follow`, prints the job page's URL, stops the server cleanly (SIGTERM)
# and exits with the job's outcome.
# Usage: scripts/run-example.sh HCK DATA_DIR MANIFEST [LISTEN]   (LISTEN default: a free loopback port)
set -euo pipefail
hck=$1 data=$2 manifest=$3 listen=${4:-}
if [ -z "$listen" ]; then
    listen=127.0.0.1:$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi
mkdir -p "$data"
log=$data/up.log
echo "run: starting hck up on $listen (data in $data, its log in $log)"
# No VM is kept after a failure: the example's outcome is all `make run` waits for.
"$hck" up --data "$data" --listen "$listen" --failed-keep 0s >"$log" 2>&1 &
up=$!
stop() {
    if kill -0 "$up" 2>/dev/null; then
        kill -TERM "$up"
        wait "$up" || echo "run: hck up exited with status $? (see $log)" >&2
    fi
}
trap stop EXIT

# The runner probes KVM (a boot of the image's kernel) before it registers; give it time.
for _ in $(seq 1 600); do
    grep -q "registered with" "$log" && break
    if ! kill -0 "$up" 2>/dev/null; then
        echo "run: hck up stopped before its runner registered:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.5
done
grep -q "registered with" "$log" || { echo "run: the runner did not register within 5 minutes; see $log" >&2; exit 1; }
grep -A2 "hck up: serving" "$log" || true

export HCK_URL=http://$listen HCK_TOKEN
HCK_TOKEN=$(cat "$data/user.token")
set +e
"$hck" submit --follow "$manifest" | tee "$data/submit.out"
status=${PIPESTATUS[0]}
set -e
# The job line gives its API URL (…/api/jobs/N); its page is …/jobs/N.
page=$(sed -n 's/^job [0-9]*: \(http[^ ]*\)$/\1/p' "$data/submit.out" | head -n 1 | sed 's|/api/jobs/|/jobs/|')
echo "run: the job's page: ${page:-(no job was submitted)}"
stop
trap - EXIT
exit "$status"
