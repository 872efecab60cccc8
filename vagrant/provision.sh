#!/bin/sh
# Provisions the nslab VM with everything the lessons use. Idempotent: running it twice is harmless.
# Works on Debian 12 and Ubuntu LTS. Offline-friendly: only the distribution's own packages are needed, and
# apt is not touched at all when they are already installed (as in the box `npm run test:vagrant` builds).
set -eu

export DEBIAN_FRONTEND=noninteractive
PACKAGES="util-linux mount iproute2 procps psmisc iputils-ping hostname coreutils strace busybox-static bubblewrap openssh-server sudo vim-tiny less python3 bpftrace"

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

# Optional (NSLAB_WITH_DOCKER=1): Docker, and the images the Docker exercises run (`docker run -d --name nginx
# -p 8080:80 nginx`, `docker create busybox`), built here from the distribution's own packages: no image
# registry is ever asked, so this works where Docker Hub cannot be reached. In a VM under software
# emulation (no KVM) building both images took 16-24 s and the whole first provision 40-60 s; a
# provision that finds the images leaves them alone (15 s). `NSLAB_VM_DOCKER=1 npm run test:vagrant` proves it.
# apparmor: Docker confines every container with its docker-default profile when the kernel has
# AppArmor on (Debian's and Ubuntu's do), and refuses to start one without apparmor_parser.
DOCKER_PACKAGES="docker.io apparmor nginx"
if [ "${NSLAB_WITH_DOCKER:-0}" = "1" ]; then
  docker_step="installing $DOCKER_PACKAGES"
  docker_tmp=""
  # With `set -e` a failing command ends provisioning; this says which step it was and cleans up.
  docker_exit() {
    status=$?
    [ -z "$docker_tmp" ] || rm -rf "$docker_tmp"
    [ "$status" = 0 ] || echo "nslab: NSLAB_WITH_DOCKER=1: $docker_step failed (exit $status); provisioning stopped" >&2
  }
  trap docker_exit EXIT

  missing=""
  for pkg in $DOCKER_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
  done
  if [ -n "$missing" ]; then
    apt-get update -q
    # shellcheck disable=SC2086 # the package list is meant to split into words
    apt-get install -y -q $missing
  fi
  # The nginx package is only the image's source: the VM's own nginx would answer on port 80 and be
  # mistaken for the container's, so it is stopped, unless PACKAGES asks for nginx itself.
  case " $PACKAGES " in
    *" nginx "*) ;;
    *) if systemctl is-enabled --quiet nginx 2>/dev/null; then systemctl disable --now --quiet nginx; fi ;;
  esac

  docker_step="starting Docker"
  systemctl enable --now --quiet docker
  waited_s=0
  until docker info >/dev/null 2>&1; do
    if [ "$waited_s" -ge 120 ]; then
      echo "nslab: Docker's daemon did not answer within 120 s; see: journalctl -u docker" >&2
      exit 1
    fi
    sleep 2
    waited_s=$((waited_s + 2))
  done
  # The seed's exercises run `docker` as the login user, as Docker's post-install steps set up (that
  # user has sudo without a password already, so the docker group gives it nothing new).
  if id vagrant >/dev/null 2>&1 && ! id -nG vagrant | tr ' ' '\n' | grep -qx docker; then
    usermod -aG docker vagrant
  fi

  docker_tmp="$(mktemp -d)"

  if docker image inspect nginx:latest >/dev/null 2>&1; then
    echo "nslab: the nginx image is there already"
  else
    docker_step="building the nginx image"
    started_s="$(date +%s)"
    # The VM's nginx binary, the libraries it links (as ldd resolves them), its MIME types and
    # welcome page, a user for its workers, and a configuration that serves that page on port 80.
    root="$docker_tmp/nginx"
    nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
    mkdir -p "$root/usr/sbin" "$root/etc/nginx" "$root/usr/share/nginx/html" "$root/var/lib/nginx" "$root/var/log/nginx" "$root/run" "$root/tmp"
    chmod 1777 "$root/tmp"
    cp "$nginx_bin" "$root/usr/sbin/nginx"
    for lib in $(ldd "$nginx_bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
    cp /etc/nginx/mime.types "$root/etc/nginx/mime.types"
    if [ -f /usr/share/nginx/html/index.html ]; then
      cp /usr/share/nginx/html/index.html "$root/usr/share/nginx/html/index.html"
    else
      printf '<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head>\n<body><h1>Welcome to nginx!</h1></body></html>\n' >"$root/usr/share/nginx/html/index.html"
    fi
    printf 'root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n' >"$root/etc/passwd"
    printf 'root:x:0:\nwww-data:x:33:\n' >"$root/etc/group"
    printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
    # Logs go to the container's output, where `docker logs` reads them.
    ln -s /dev/stdout "$root/var/log/nginx/access.log"
    ln -s /dev/stderr "$root/var/log/nginx/error.log"
    cat >"$root/etc/nginx/nginx.conf" <<'EOF'
user www-data;
worker_processes 2;
pid /run/nginx.pid;
error_log stderr;
events {
  worker_connections 256;
}
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log /dev/stdout;
  server {
    listen 80 default_server;
    root /usr/share/nginx/html;
    index index.html;
  }
}
EOF
    tar -C "$root" -cf "$docker_tmp/nginx.tar" .
    # In the foreground: the container lives as long as its first process does.
    docker import --message "nslab: nginx from the distribution's packages" \
      --change 'CMD ["nginx", "-g", "daemon off;"]' --change 'EXPOSE 80' \
      "$docker_tmp/nginx.tar" nginx:latest >/dev/null
    # In a container of the image, nginx finds its libraries, its user and its configuration; if not,
    # the image goes again, so that the next provision builds it afresh.
    docker_step="checking the nginx image (docker run --rm nginx nginx -t)"
    docker run --rm nginx nginx -t -q || { docker rmi nginx:latest >/dev/null; exit 1; }
    echo "nslab: built the nginx image from $(dpkg-query -W -f='nginx ${Version}' nginx) in $(($(date +%s) - started_s)) s"
  fi

  if docker image inspect busybox:latest >/dev/null 2>&1; then
    echo "nslab: the busybox image is there already"
  else
    docker_step="building the busybox image"
    # busybox-static and its applet links, laid out like Docker Hub's busybox image.
    root="$docker_tmp/busybox"
    mkdir -p "$root/bin" "$root/dev" "$root/etc" "$root/home" "$root/proc" "$root/root" "$root/sys" "$root/tmp" "$root/usr/sbin" "$root/var"
    chmod 1777 "$root/tmp"
    cp /bin/busybox "$root/bin/busybox"
    chroot "$root" /bin/busybox --install -s /bin
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
    tar -C "$root" -cf "$docker_tmp/busybox.tar" .
    docker import --message "nslab: busybox from the distribution's busybox-static" --change 'CMD ["sh"]' \
      "$docker_tmp/busybox.tar" busybox:latest >/dev/null
    echo "nslab: built the busybox image"
  fi
fi

echo "nslab: the VM is ready"
