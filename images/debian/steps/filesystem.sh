#!/usr/bin/env bash
# Step 3: an ext4 filesystem made straight from the tree (no loop device, no mount).
# Inputs: HCK_ROOT, HCK_OUT, HCK_DISK_SIZE (e.g. 8G).
set -euo pipefail
rm -f "$HCK_OUT/root.img"
mkfs.ext4 -q -L root -d "$HCK_ROOT" "$HCK_OUT/root.img" "$HCK_DISK_SIZE"
