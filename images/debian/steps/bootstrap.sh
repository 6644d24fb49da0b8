#!/usr/bin/env bash
# Step 1: a minimal Debian tree in $HCK_ROOT with the image's packages and kernel.
# Inputs: HCK_ROOT, HCK_RELEASE, HCK_ARCH, HCK_PACKAGES (space separated); the mirror comes from
# mirror.sh ($HCK_DEBIAN_MIRROR, else the host's apt sources).
# Optional: HCK_DEBIAN_IGNORE_VALID_UNTIL=1 accepts a Release file past its Valid-Until date
# (testing and unstable carry one; a stale mirror or snapshot serves expired ones), and the
# image's apt keeps accepting them (mmdebstrap leaves its --aptopt lines in the image).
# A foreign arch (arm64 on an amd64 host) runs its maintainer scripts through qemu-user-static.
set -euo pipefail
mirror=$("$(dirname "$0")/../mirror.sh")
echo "bootstrap: $HCK_RELEASE $HCK_ARCH from $mirror"
# The package lists stay in the image (configure.sh says why).
options=(--aptopt='Acquire::Retries "3"' --skip=cleanup/apt/lists)
if [ "${HCK_DEBIAN_IGNORE_VALID_UNTIL:-}" = 1 ]; then
    echo "bootstrap: accepting expired Release files (HCK_DEBIAN_IGNORE_VALID_UNTIL=1); the image's apt will too"
    options+=(--aptopt='Acquire::Check-Valid-Until "false"')
fi
mkdir -p "$HCK_ROOT"
status=0
mmdebstrap --variant=minbase --arch="$HCK_ARCH" \
    --include="$(echo "$HCK_PACKAGES" | tr ' ' ',')" \
    "${options[@]}" \
    "$HCK_RELEASE" "$HCK_ROOT" "$mirror" 2>&1 | tee "$HCK_ROOT.bootstrap.log" || status=$?
if [ "$status" -ne 0 ]; then
    if grep -q "InRelease is expired\|Release file .* is expired" "$HCK_ROOT.bootstrap.log"; then
        echo "bootstrap: error: $mirror serves a Release file for $HCK_RELEASE past its Valid-Until date" \
            "(the mirror is stale, e.g. a snapshot, or this host's clock is ahead); to build from it anyway" \
            "set HCK_DEBIAN_IGNORE_VALID_UNTIL=1 (the image's apt will then accept expired Release files too)" >&2
    fi
    rm -f "$HCK_ROOT.bootstrap.log"
    exit "$status"
fi
rm -f "$HCK_ROOT.bootstrap.log"
