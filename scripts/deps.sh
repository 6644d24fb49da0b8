#!/usr/bin/env bash
# Installs the Debian packages hck needs to build, run and test, idempotently: when every one is
# present it prints nothing and asks no mirror.
set -euo pipefail

packages=(
    # build
    libvirt-dev libyaml-dev libsqlite3-dev pkg-config
    # VMs and images
    qemu-system-x86 qemu-utils libvirt-daemon-system libvirt-clients debootstrap e2fsprogs
    # SSH into guests, sources served to guests in tests
    openssh-client openssh-server git mercurial
)
# Extra packages named by later parts of the suite (browser, SMTP, PostgreSQL) are appended by
# the files in scripts/deps.d/, one package per line.
if [ -d "$(dirname "$0")/deps.d" ]; then
    while read -r pkg; do
        [ -n "$pkg" ] && packages+=("$pkg")
    done < <(cat "$(dirname "$0")"/deps.d/*.txt 2>/dev/null | sed 's/#.*//' | tr -s ' \t' '\n')
fi

missing=()
for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ${#missing[@]} -gt 0 ]; then
    echo "deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    echo "deps: done"
fi

# Python modules for the tests, for the python3 on PATH (which may not be Debian's).
python_missing=()
while read -r module package; do
    [ -n "$module" ] || continue
    python3 -c "import $module" 2>/dev/null || python_missing+=("$package")
done < <(sed 's/#.*//' "$(dirname "$0")/python-requirements.txt")
if [ ${#python_missing[@]} -gt 0 ]; then
    echo "deps: installing Python modules ${python_missing[*]}"
    python3 -m pip install --quiet --break-system-packages "${python_missing[@]}"
fi
