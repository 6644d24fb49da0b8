#!/usr/bin/env bash
# Writes hck's man pages into OUTPUT_DIR. Usage: scripts/man-pages.sh HCK OUTPUT_DIR (hck-vm beside HCK)
set -euo pipefail
exec python3 "$(dirname "$0")/man-pages.py" "$1" "$(dirname "$1")/hck-vm" "$2"
