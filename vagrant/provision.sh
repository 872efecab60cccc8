#!/bin/sh
# Provisions the nslab VM with everything the lessons use. Idempotent: running it twice is harmless.
# Works on Debian 12 and Ubuntu LTS. Offline-friendly: only the distribution's own packages are needed, and
# apt is not touched at all when they are already installed (as in the box `npm run test:vagrant` builds).
set -eu

export DEBIAN_FRONTEND=noninteractive
PACKAGES="util-linux mount iproute2 procps psmisc iputils-ping hostname coreutils strace busybox-static bubblewrap openssh-server sudo vim-tiny less python3"

missing=""
for pkg in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  apt-get update -q
  # shellcheck disable=SC2086 # the package list is meant to split into words
  apt-get install -y -q $missing
fi

# The lab's own sandboxes (bubblewrap, one per learner session; the launcher arrives over SSH with
# each command, see server/machine/ssh/remote-session.sh) and the user lesson create user namespaces
# as ordinary users. Ubuntu 23.10 and later restrict that through AppArmor: lift it in this VM, which
# exists for namespace exercises. Debian's own switch is on by default; make sure of it.
SYSCTL_CONF=/etc/sysctl.d/60-nslab-userns.conf
if [ -e /proc/sys/kernel/apparmor_restrict_unprivileged_userns ] || [ -e /proc/sys/kernel/unprivileged_userns_clone ]; then
  if [ ! -f "$SYSCTL_CONF" ]; then
    : > "$SYSCTL_CONF"
    [ -e /proc/sys/kernel/apparmor_restrict_unprivileged_userns ] && echo 'kernel.apparmor_restrict_unprivileged_userns = 0' >> "$SYSCTL_CONF"
    [ -e /proc/sys/kernel/unprivileged_userns_clone ] && echo 'kernel.unprivileged_userns_clone = 1' >> "$SYSCTL_CONF"
  fi
  sysctl -q -p "$SYSCTL_CONF"
fi

# A busybox root filesystem for exercises outside the lab's sandboxes (`vagrant ssh`). The links are
# made from inside the chroot, so they point at /bin/busybox and still work after chroot or pivot_root.
ROOTFS=/opt/nslab/rootfs
if [ ! -x "$ROOTFS/bin/sh" ]; then
  mkdir -p "$ROOTFS/bin" "$ROOTFS/proc" "$ROOTFS/etc" "$ROOTFS/tmp"
  cp /bin/busybox "$ROOTFS/bin/busybox"
  chroot "$ROOTFS" /bin/busybox --install -s /bin
fi

# One SSH connection carries every terminal of a learner (OpenSSH connection multiplexing):
# the default of 10 sessions per connection is too few for a workshop.
SSHD_DROPIN=/etc/ssh/sshd_config.d/nslab.conf
if [ -d /etc/ssh/sshd_config.d ] && ! grep -qs '^MaxSessions 100$' "$SSHD_DROPIN"; then
  printf 'MaxSessions 100\n' > "$SSHD_DROPIN"
  if command -v systemctl >/dev/null 2>&1; then
    systemctl reload ssh 2>/dev/null || systemctl reload sshd 2>/dev/null || true
  fi
fi

# Optional: Docker and nginx for the nsenter lesson's Docker part (needs the distribution's docker.io).
if [ "${NSLAB_WITH_DOCKER:-0}" = "1" ] && ! command -v docker >/dev/null 2>&1; then
  apt-get update -q
  apt-get install -y -q docker.io
  systemctl enable --now docker
  docker pull nginx || echo "nslab: could not pull nginx (offline?); the lesson's Docker part needs it" >&2
fi

echo "nslab: the VM is ready"
