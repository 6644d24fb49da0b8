#!/usr/bin/env bash
# Step 1: a minimal Debian tree in $HCK_ROOT with the image's packages and kernel.
# Inputs: HCK_ROOT, HCK_RELEASE, HCK_ARCH, HCK_PACKAGES (space separated); the mirror comes from
# mirror.sh ($HCK_DEBIAN_MIRROR, else the host's apt sources).
# A foreign arch (arm64 on an amd64 host) runs its maintainer scripts through qemu-user-static.
set -euo pipefail
mirror=$("$(dirname "$0")/../mirror.sh")
echo "bootstrap: $HCK_RELEASE $HCK_ARCH from $mirror"
mkdir -p "$HCK_ROOT"
mmdebstrap --variant=minbase --arch="$HCK_ARCH" \
    --include="$(echo "$HCK_PACKAGES" | tr ' ' ',')" \
    --aptopt='Acquire::Retries "3"' \
    "$HCK_RELEASE" "$HCK_ROOT" "$mirror"
