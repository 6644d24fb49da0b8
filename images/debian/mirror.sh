#!/usr/bin/env bash
# Prints the Debian mirror an image is built from: $HCK_DEBIAN_MIRROR when set, else the first
# Debian archive this host's own apt sources use (so the address lives in configuration only).
set -euo pipefail
if [ -n "${HCK_DEBIAN_MIRROR:-}" ]; then
    echo "$HCK_DEBIAN_MIRROR"
    exit 0
fi
# deb822 sources ("URIs: ...") first, then one-line sources ("deb URL suite ...").
# `|| true`: a missing file makes cat fail, which pipefail would turn into a silent exit.
mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' || true)
if [ -z "$mirror" ]; then
    mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
        | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' || true)
fi
if [ -z "$mirror" ]; then
    echo "mirror.sh: no Debian mirror: set HCK_DEBIAN_MIRROR or add a Debian source to apt" >&2
    exit 1
fi
echo "$mirror"
