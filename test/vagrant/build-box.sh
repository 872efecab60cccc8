#!/usr/bin/env bash
# Builds a small Debian bookworm Vagrant box for the libvirt provider that boots its kernel directly and provisions offline.
#
# Usage: build-box.sh --out FILE.box [--work DIR] [--mirror URL] [--suite NAME] [--with-docker]
#   --out     the box to write (a tar of metadata.json, Vagrantfile, box.img, vmlinuz, initrd.img)
#   --work    scratch directory (default: a new temporary one); emptied and removed on exit
#   --mirror  Debian mirror for debootstrap (default: the one this machine's apt sources use)
#   --suite   Debian release (default: bookworm)
#   --with-docker  also install provision.sh's DOCKER_PACKAGES, so NSLAB_WITH_DOCKER=1 provisions offline
# Needs root, debootstrap, mkfs.ext4 (with -d), qemu-img and tar.
set -euo pipefail

out="" work="" mirror="" suite="bookworm" with_docker=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --mirror) mirror="$2"; shift 2 ;;
    --suite) suite="$2"; shift 2 ;;
    --with-docker) with_docker=1; shift ;;
    *) echo "build-box: unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -n "$out" ] || { echo "build-box: --out FILE.box is required" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "build-box: run as root (debootstrap needs it)" >&2; exit 2; }
for tool in debootstrap mkfs.ext4 qemu-img tar findmnt; do
  command -v "$tool" >/dev/null || { echo "build-box: $tool is missing (apt-get install debootstrap e2fsprogs qemu-utils)" >&2; exit 2; }
done

here="$(cd "$(dirname "$0")" && pwd)"
provision="$here/../../vagrant/provision.sh"

# The mirror comes from apt's own configuration, so the box is built from wherever this machine
# already gets its packages. One-line sources (`deb [options] URI suite components`) and deb822
# .sources paragraphs (Types/URIs/Suites/Enabled) are both read; the first entry for the suite wins.
find_mirror() {
  local files=()
  [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
  local f
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && files+=("$f")
  done
  [ ${#files[@]} -gt 0 ] || return 0
  awk -v suite="$suite" '
    function flush() {
      if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && enabled != "no" && uris != "" && found == "") {
        split(uris, u, " "); found = u[1]
      }
      types = ""; uris = ""; suites = ""; enabled = ""
    }
    FNR == 1 { flush() }
    FILENAME ~ /\.sources$/ {
      if ($0 ~ /^[ \t]*#/) next
      if ($0 ~ /^[ \t]*$/) { flush(); next }
      line = $0; key = tolower(line); sub(/:.*/, "", key); sub(/^[^:]*:[ \t]*/, "", line)
      if (key == "types") types = line
      else if (key == "uris") uris = line
      else if (key == "suites") suites = line
      else if (key == "enabled") enabled = tolower(line)
      next
    }
    {
      sub(/#.*/, "")
      if ($1 != "deb") next
      i = 2
      if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
      if ($(i + 1) == suite && found == "") found = $i
    }
    END { flush(); if (found != "") print found }
  ' "${files[@]}"
}

if [ -z "$mirror" ]; then
  mirror="$(find_mirror)"
  [ -n "$mirror" ] || { echo "build-box: no '$suite' entry in /etc/apt/sources.list or /etc/apt/sources.list.d/; pass --mirror URL" >&2; exit 2; }
fi

# debootstrap downloads with wget: it gets apt's proxy when apt has one and the environment has none.
if [ -z "${http_proxy:-}" ]; then
  eval "$(apt-config shell http_proxy Acquire::http::Proxy)"
  if [ -n "${http_proxy:-}" ]; then export http_proxy; fi
fi

# Everything provisioning installs is in the box already, so `vagrant provision` needs no network.
provision_packages="$(sed -n 's/^PACKAGES="\(.*\)"$/\1/p' "$provision")"
[ -n "$provision_packages" ] || { echo "build-box: no PACKAGES=\"…\" line in $provision" >&2; exit 2; }
packages="linux-image-cloud-amd64 systemd-sysv udev openssh-server sudo $provision_packages"
if [ "$with_docker" = 1 ]; then
  docker_packages="$(sed -n 's/^DOCKER_PACKAGES="\(.*\)"$/\1/p' "$provision")"
  [ -n "$docker_packages" ] || { echo "build-box: no DOCKER_PACKAGES=\"…\" line in $provision" >&2; exit 2; }
  packages="$packages $docker_packages"
fi
include="$(echo "$packages" | tr -s ' ' '\n' | sort -u | paste -sd, -)"

# Vagrant's well-known insecure public key: Vagrant logs in with it once, then replaces it with a key of its own.
insecure_key='ssh-rsa AAAAB3NzaC1yc2EAAAABIwAAAQEA6NF8iallvQVp22WDkTkyrtvp9eWW6A8YVr+kz4TjGYe7gHzIw+niNltGEFHzD8+v1I2YJ6oXevct1YeS0o9HZyN1Q9qgCgzUFtdOKLv6IedplqoPkcmF0aYet2PkEDo3MlTBckFXPITAMzF8dJSIFo9D8HfdOV0IAdx4O7PtixWKn5y2hMNG0zQPyUecp4pzC6kivAIhyfHilFR61RGL+GPXQ2MWZWFYbAGjyiYJnAmCP3NOTd0jMZEnDkbUvxhMmBYSdETk1rRgm+R4LOzFUGaHqHDLKLX+FIPKcF96hrucXzcWyLbIbEgE98OHlnVYCzRdK8jlqm8tehUc9c9WhQ== vagrant insecure public key'

if [ -z "$work" ]; then
  work="$(mktemp -d "${TMPDIR:-/tmp}/nslab-box.XXXXXX")"
else
  mkdir -p "$work"
fi
work="$(cd "$work" && pwd)"

# debootstrap mounts /proc, /sys (and in containers binds /dev) inside the target: unmount whatever is
# still mounted below the work directory before deleting it, and never let rm cross into a mount.
cleanup() {
  local mnt
  findmnt -rn -o TARGET | awk -v w="$work/" 'index($0 "/", w) == 1' | sort -r | while read -r mnt; do
    umount -l "$mnt" 2>/dev/null || true
  done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

rootfs="$work/rootfs"
box="$work/box"
mkdir -p "$rootfs" "$box"

echo "build-box: debootstrap $suite from $mirror"
if ! debootstrap --variant=minbase --include="$include" --components=main "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
  tail -n 40 "$work/debootstrap.log" >&2
  [ -f "$rootfs/debootstrap/debootstrap.log" ] && tail -n 40 "$rootfs/debootstrap/debootstrap.log" >&2
  echo "build-box: debootstrap failed" >&2
  exit 1
fi

echo "build-box: configuring the root filesystem"
# A neutral host name: Vagrant adds the Vagrantfile's name to /etc/hosts only if no word there matches it.
echo "box" >"$rootfs/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tbox\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$rootfs/etc/hosts"
# No name server (debootstrap copies this machine's): lookups fail at once instead of timing out.
printf '# no name server: the VM is reached by address\n' >"$rootfs/etc/resolv.conf"
printf '/dev/vda\t/\text4\terrors=remount-ro\t0\t1\n' >"$rootfs/etc/fstab"
# DHCP on the first interface: the management network vagrant-libvirt gives every VM.
mkdir -p "$rootfs/etc/systemd/network"
printf '[Match]\nName=en* eth*\n\n[Network]\nDHCP=ipv4\n' >"$rootfs/etc/systemd/network/80-dhcp.network"
chroot "$rootfs" systemctl enable systemd-networkd.service >/dev/null 2>&1
chroot "$rootfs" useradd --create-home --shell /bin/bash vagrant
chroot "$rootfs" usermod --password '*' vagrant
printf 'vagrant ALL=(ALL) NOPASSWD: ALL\n' >"$rootfs/etc/sudoers.d/vagrant"
chmod 0440 "$rootfs/etc/sudoers.d/vagrant"
install -d -m 0700 "$rootfs/home/vagrant/.ssh"
printf '%s\n' "$insecure_key" >"$rootfs/home/vagrant/.ssh/authorized_keys"
chmod 0600 "$rootfs/home/vagrant/.ssh/authorized_keys"
chroot "$rootfs" chown -R vagrant:vagrant /home/vagrant/.ssh
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*_Packages

# No bootloader: the kernel and initrd travel beside the disk image, and libvirt boots them directly.
kernel="$(find "$rootfs/boot" -maxdepth 1 -name 'vmlinuz-*' | sort | tail -n 1)"
initrd="$(find "$rootfs/boot" -maxdepth 1 -name 'initrd.img-*' | sort | tail -n 1)"
if [ -z "$kernel" ] || [ -z "$initrd" ]; then echo "build-box: no kernel or initrd in $rootfs/boot" >&2; exit 1; fi
cp "$kernel" "$box/vmlinuz"
cp "$initrd" "$box/initrd.img"

echo "build-box: making the disk image"
disk_gib=2
mkfs.ext4 -q -F -L root -d "$rootfs" "$work/root.raw" "${disk_gib}G" >/dev/null
qemu-img convert -f raw -O qcow2 "$work/root.raw" "$box/box.img"
rm -f "$work/root.raw"

printf '{"provider":"libvirt","format":"qcow2","virtual_size":%d}\n' "$disk_gib" >"$box/metadata.json"
cat >"$box/Vagrantfile" <<'EOF'
# A Debian box without a bootloader: libvirt boots the kernel and initrd shipped beside the disk image.
Vagrant.configure("2") do |config|
  config.vm.provider :libvirt do |lv|
    box_dir = File.dirname(__FILE__)
    lv.kernel = File.join(box_dir, "vmlinuz")
    lv.initrd = File.join(box_dir, "initrd.img")
    lv.cmd_line = "root=/dev/vda rw console=ttyS0 net.ifnames=0"
    lv.graphics_type = "none"
  end
end
EOF

echo "build-box: packing $out"
mkdir -p "$(dirname "$out")"
tar -cf "$out.partial" -C "$box" metadata.json Vagrantfile box.img vmlinuz initrd.img
mv "$out.partial" "$out"
echo "build-box: done ($(du -h "$out" | cut -f1))"
