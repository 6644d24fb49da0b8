#!/usr/bin/env bash
# Brings up what hck's runner needs on this host, idempotently: virtlogd and libvirtd (started by
# hand where no init system does it), and /dev/kvm readable by the QEMU processes libvirt starts.
#
# Why /dev/kvm: libvirtd runs as root and sees KVM, but QEMU runs as libvirt-qemu (group kvm).
# When that user cannot open /dev/kvm, libvirt finds its cached QEMU capabilities outdated and
# re-probes QEMU on every domain start (about 52 s each). udev normally sets root:kvm 0660.
set -euo pipefail

if [ -e /dev/kvm ] && getent group kvm >/dev/null; then
    chgrp kvm /dev/kvm
    chmod 660 /dev/kvm
fi

running() { pgrep -x "$1" >/dev/null 2>&1; }

if ! running virtlogd; then
    virtlogd -d
fi
if ! running libvirtd; then
    libvirtd -d
fi

# Wait for the socket: the first connection must not race the daemon's start-up.
for _ in $(seq 1 50); do
    if virsh -c qemu:///system version >/dev/null 2>&1; then
        exit 0
    fi
    sleep 0.2
done
echo "host-setup: libvirtd did not answer on qemu:///system within 10 s" >&2
exit 1
