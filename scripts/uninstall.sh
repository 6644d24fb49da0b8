#!/usr/bin/env bash
# `make uninstall`: removes what scripts/install.sh put under PREFIX, by its list, and the folders
# that leaves empty. Usage: scripts/uninstall.sh PREFIX [DESTDIR]
set -euo pipefail
prefix=$1 destdir=${2:-}
root=$destdir$prefix
list=$root/share/hck/installed-files
if [ ! -f "$list" ]; then
    echo "uninstall: no $list: hck is not installed under $prefix" >&2
    exit 1
fi
mapfile -t files <"$list"
for file in "${files[@]}"; do rm -f "$root/$file"; done
for file in "${files[@]}"; do
    dir=$(dirname "$root/$file")
    while [ "$dir" != "$root" ] && rmdir "$dir" 2>/dev/null; do dir=$(dirname "$dir"); done
done
echo "uninstall: removed ${#files[@]} files from $root"
