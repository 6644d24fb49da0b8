#!/usr/bin/env bash
# Step 5: the image's own kernel and initrd, beside the disk, for direct kernel boot.
# Inputs: HCK_ROOT, HCK_OUT.
set -euo pipefail
kernel=$(ls "$HCK_ROOT"/boot/vmlinuz-* | sort -V | tail -n 1)
initrd=$(ls "$HCK_ROOT"/boot/initrd.img-* | sort -V | tail -n 1)
install -m 0644 "$kernel" "$HCK_OUT/vmlinuz"
install -m 0644 "$initrd" "$HCK_OUT/initrd.img"
