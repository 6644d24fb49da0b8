#!/usr/bin/env bash
# Step 2: turn the tree into an hck guest (the guest boot contract of docs/ARCHITECTURE.md):
# the build user with passwordless sudo, no SSH host keys and no machine id (made per boot),
# hck-init (the kernel's init) that installs the job's key, prints the fresh host key and starts
# sshd before systemd, a small initramfs and a trimmed boot.
# Inputs: HCK_ROOT, HCK_GUEST_DIR (the files under images/debian/guest), HCK_USER.
set -euo pipefail
root=$HCK_ROOT
in_root() { chroot "$root" "$@"; }

in_root useradd --create-home --shell /bin/bash "$HCK_USER"
echo "$HCK_USER ALL=(ALL) NOPASSWD: ALL" >"$root/etc/sudoers.d/$HCK_USER"
chmod 0440 "$root/etc/sudoers.d/$HCK_USER"

# Host keys are made at every boot by hck-boot; none may be baked into an image.
rm -f "$root"/etc/ssh/ssh_host_*
rm -f "$root/etc/systemd/system/sshd.service"
install -m 0644 "$HCK_GUEST_DIR/sshd_config" "$root/etc/ssh/sshd_config.d/hck.conf"
# No message of the day: pam_motd runs the update-motd.d scripts (run-parts, sh, uname) at every
# SSH login, about 1 s of an emulated guest's first login while systemd still boots.
sed -i '/pam_motd\.so/d' "$root/etc/pam.d/sshd"
# /tmp is not emptied at boot: every job's disk is a fresh overlay, so it is empty already, and
# systemd-tmpfiles emptying it while the first setup step runs (SSH answers before systemd has
# booted) deleted apt-key's temporary files ("Unknown error executing apt-key"). This file
# replaces systemd's /usr/lib/tmpfiles.d/tmp.conf, whose `D /tmp` empties it.
install -d "$root/etc/tmpfiles.d"
printf 'd /tmp 1777 root root -\n' >"$root/etc/tmpfiles.d/tmp.conf"

# The task log channel (org.hck.log, Runner's TaskLogChannel) is the build user's: the task shell
# writes its terminal's output there instead of through sshd.
install -d "$root/etc/udev/rules.d"
printf 'SUBSYSTEM=="virtio-ports", ATTR{name}=="org.hck.log", OWNER="%s", MODE="0600"\n' "$HCK_USER" \
    >"$root/etc/udev/rules.d/60-hck-log.rules"

install -m 0755 "$HCK_GUEST_DIR/hck-boot" "$root/usr/local/sbin/hck-boot"
install -m 0755 "$HCK_GUEST_DIR/hck-init" "$root/usr/local/sbin/hck-init"
install -m 0755 "$HCK_GUEST_DIR/hck-restore" "$root/usr/local/sbin/hck-restore"
install -m 0644 "$HCK_GUEST_DIR/hck-reseed.c" "$root/tmp/hck-reseed.c"
in_root gcc -O2 -o /usr/local/sbin/hck-reseed /tmp/hck-reseed.c
rm -f "$root/tmp/hck-reseed.c"

# A small initramfs: only the virtio drivers a guest needs, loaded at once (faster to unpack
# and to run under emulation than the default "most").
echo "MODULES=list" >"$root/etc/initramfs-tools/conf.d/hck.conf"
install -m 0644 "$HCK_GUEST_DIR/initramfs-modules" "$root/etc/initramfs-tools/modules"
install -m 0755 "$HCK_GUEST_DIR/initramfs-trim" "$root/etc/initramfs-tools/hooks/hck-trim"
in_root update-initramfs -u -k all

# Units a throw-away CI guest does not need; each costs boot time under emulation.
while read -r unit; do
    [ -n "$unit" ] && ln -sf /dev/null "$root/etc/systemd/system/$unit"
done <"$HCK_GUEST_DIR/masked-units"

# sshd starts before systemd (hck-init), so the build user must be able to log in while systemd
# boots: without this, systemd-tmpfiles creates /run/nologin ("System is booting up") a few
# seconds in and pam_nologin refuses logins until systemd-user-sessions removes it, so a job's
# second SSH login can fail after its first one worked.
install -d "$root/etc/tmpfiles.d"
ln -sf /dev/null "$root/etc/tmpfiles.d/systemd-nologin.conf"

echo hck >"$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 hck\n::1 localhost\n' >"$root/etc/hosts"
echo "nameserver 10.0.2.3" >"$root/etc/resolv.conf"
: >"$root/etc/fstab"
# An empty machine id: systemd makes a fresh one at each boot (the root is a throw-away overlay).
: >"$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"

export DEBIAN_FRONTEND=noninteractive
in_root apt-get clean
# apt's binary caches of the lists, made now (clean removed them), so that a job's apt does not
# parse the lists again before its first command.
in_root apt-cache gencaches
# The package lists stay: a job's `apt-get update` then fetches only what changed since the build
# (or nothing), where with none it fetched and parsed all of them, about 15 MB, 40 s under
# emulation (bench/job). They cost about 60 MB of the disk.
rm -rf "$root"/var/log/*.log
# No translated package descriptions: a job's `apt-get update` would fetch them (6 MB, 13 s under
# emulation) for `apt-cache show` alone.
echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/99hck-no-translations"
