# nslab's session launcher on an SSH lab machine (a Vagrant VM or any Linux host), run as root: one set of namespaces per learner session.
# It travels with every command (sh -c "$script" nslab-session <command> <instance> ...), so nothing of the lab is installed on the machine.
#
#   check   <instance>                                   print what is missing, exit 0 when nothing is
#   open    <instance> <session> <hostname> <tmpfs-MiB>  start the session's anchor (pid 1 of its namespaces)
#   join    <instance> <session> <program> [args...]     run a program inside the session's namespaces
#   close   <instance> <session>                         kill everything of the session
#   cleanup <instance>                                   close every session of this lab server (after a crash)
#
# Each session is a pid, mount, uts, ipc and network namespace around a sleeping anchor, with its own
# tmpfs /root and /tmp. Killing the anchor (pid 1 of the pid namespace) ends every process of the
# session. Exit status 125 with "nslab: ..." on stderr is the launcher's own failure.
set -u
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH

die() { echo "nslab: $*" >&2; exit 125; }
valid() { case $1 in '' | *[!A-Za-z0-9_-]*) return 1 ;; esac; }

[ $# -ge 2 ] || die "usage: nslab-session <command> <instance> ..."
cmd=$1 inst=$2
shift 2
valid "$inst" || die "invalid instance name"
base=/run/nslab-sessions/$inst

# The anchor's host pid, when the session's anchor still runs (its environment names it: pids are reused).
anchor_of() {
  [ -r "$base/$1/anchor" ] || return 1
  read -r a < "$base/$1/anchor" || return 1
  tr '\000' '\n' < "/proc/$a/environ" 2>/dev/null | grep -qx "NSLAB_ANCHOR=$inst/$1" || return 1
  echo "$a"
}

close_session() {
  if a=$(anchor_of "$1"); then
    kill -9 "$a" 2>/dev/null
    # The kernel kills the rest of the pid namespace once its pid 1 is gone.
    i=0
    while [ -e "/proc/$a" ] && [ $i -lt 200 ]; do sleep 0.01; i=$((i + 1)); done
  fi
  rm -rf "${base:?}/$1"
  rmdir "$base" 2>/dev/null
}

case $cmd in
check)
  missing=""
  for p in unshare nsenter setsid hostname mount ip bash awk grep tr; do
    command -v "$p" >/dev/null 2>&1 || missing="$missing $p"
  done
  [ "$(id -u)" = 0 ] || echo "the lab's commands run as $(id -un), not root: give the SSH user passwordless sudo (or log in as root)"
  [ -z "$missing" ] || echo "missing programs:$missing (install util-linux, iproute2, gawk or mawk, grep)"
  [ -z "$missing" ] && [ "$(id -u)" = 0 ]
  ;;
open)
  [ $# -eq 3 ] || die "usage: open <instance> <session> <hostname> <tmpfs-MiB>"
  s=$1 hn=$2 mb=$3
  valid "$s" || die "invalid session name"
  [ -e "$base/$s" ] && close_session "$s"
  # Twice: a session closing at the same moment may remove the (then empty) $base in between.
  mkdir -p "$base/$s" || mkdir -p "$base/$s" || die "cannot create $base/$s"
  # setsid: no controlling terminal, so the anchor outlives this command (and sudo's pty).
  # shellcheck disable=SC2016 # $1, $2 and $3 belong to the inner shell
  env -i PATH="$PATH" setsid unshare --pid --fork --kill-child --mount-proc --mount --propagation private --uts --ipc --net \
    sh -c 'hostname "$1" && mount -t tmpfs -o "mode=0700,size=$2m" nslab-root /root && mount -t tmpfs -o "mode=1777,size=$2m" nslab-tmp /tmp || exit 1
      ip link set lo up 2>/dev/null
      cd /root && echo ready && exec env -i "NSLAB_ANCHOR=$3" sleep infinity' nslab-anchor "$hn" "$mb" "$inst/$s" < /dev/null > "$base/$s/log" 2>&1 &
  u=$!
  i=0
  until grep -qx ready "$base/$s/log" 2>/dev/null; do
    if ! kill -0 "$u" 2>/dev/null || [ $i -ge 1000 ]; then
      cat "$base/$s/log" >&2
      kill -9 "$u" 2>/dev/null
      rm -rf "${base:?}/$s"
      die "the session's namespaces could not be made"
    fi
    sleep 0.01
    i=$((i + 1))
  done
  # unshare --fork: the anchor is unshare's only child.
  read -r a < "/proc/$u/task/$u/children" 2>/dev/null || a=$(pgrep -P "$u")
  echo "$a" > "$base/$s/anchor"
  anchor_of "$s" > /dev/null || die "the session's anchor is not running"
  ;;
join)
  [ $# -ge 2 ] || die "usage: join <instance> <session> <program> [args...]"
  s=$1
  shift
  valid "$s" || die "invalid session name"
  a=$(anchor_of "$s") || die "the session has ended"
  exec nsenter --target "$a" --pid --mount --uts --ipc --net --root --wd -- \
    env -i HOME=/root PATH="$PATH" TERM="${TERM:-xterm-256color}" LANG=C.UTF-8 USER=root LOGNAME=root SHELL=/bin/bash "$@"
  ;;
close)
  [ $# -eq 1 ] || die "usage: close <instance> <session>"
  valid "$1" || die "invalid session name"
  close_session "$1"
  ;;
cleanup)
  for d in "$base"/*/; do
    [ -d "$d" ] || continue
    close_session "$(basename "$d")"
  done
  exit 0
  ;;
*)
  die "unknown command $cmd"
  ;;
esac
