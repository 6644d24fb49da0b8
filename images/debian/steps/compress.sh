#!/usr/bin/env bash
# Step 4: the compressed, read-only qcow2 that jobs put their copy-on-write overlays on.
# Inputs: HCK_OUT.
set -euo pipefail
qemu-img convert -m 2 -W -c -O qcow2 -o compression_type=zstd "$HCK_OUT/root.img" "$HCK_OUT/root.qcow2"
rm -f "$HCK_OUT/root.img"
chmod 0644 "$HCK_OUT/root.qcow2"
