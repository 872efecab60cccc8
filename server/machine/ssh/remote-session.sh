# nslab's session launcher on an SSH lab machine (a Vagrant VM or any Linux host), run as root: one bubblewrap sandbox per learner session.
# It travels with every command (sh -c "$script" nslab-session <command> <instance> ...), so nothing of the lab is installed there.
#
#   check   <instance>                          print what is missing; exit 0 when nothing is
#   prepare <instance> <copied> <excluded> [<name> <text>]...
#                                               build the sandboxes' curated /etc: entries copied from /etc, files written
#   open    <instance> <session> <slots> <pids-max> <memory-bytes> <launch-script> <keeper-script> <seccomp-loader> <seccomp-table>
#                                               start a sandbox; its bwrap options arrive on stdin, NUL-separated;
#                                               the table's line for this machine's `uname -m` is its seccomp filter
#                                               prints "uid=<host uid of the sandbox's root>"
#   join    <instance> <session> <program> [args...]
#                                               run a program inside the session's sandbox (its cgroup, uids, namespaces)
#   terminal <instance> <session> <tag> <program> [args...]
#                                               join, first noting this process's pid (the shell's parent) under <tag>
#   terminal-pid <instance> <session> <tag>     print that pid once noted (and forget it)
#   trace-check <instance>                      print what the syscall tracer needs to know: bpftrace=<path> btf=<0|1> level=<n>
#   trace   <instance> <program>                run bpftrace with <program> until stdin closes (the lab's end went away),
#                                               first stopping one an earlier trace of the instance left
#   trace-parents <instance> <first> <limit>   print "<pid> <ppid>" of every process whose uid is in [first, limit)
#   close   <instance> <session>                kill everything of the session
#   cleanup <instance> [forget]                 close every session of this lab server (after a crash); forget: its /etc too
#
# The sandbox is the one the lab makes on its own host (see sandbox/launcher.ts, whose launch and keeper
# scripts arrive as arguments): a user namespace mapping 0..65535 to a host uid range of its own, pid, net,
# uts, ipc and mount namespaces, a read-only system, private tmpfs, and cgroup v2 limits where available.
# Exit status 125 with "nslab: ..." on stderr is the launcher's own failure.
set -u
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH

die() { echo "nslab: $*" >&2; exit 125; }
valid() { case $1 in '' | *[!A-Za-z0-9_-]*) return 1 ;; esac; }

[ $# -ge 2 ] || die "usage: nslab-session <command> <instance> ..."
cmd=$1 inst=$2
shift 2
valid "$inst" || die "invalid instance name"
top=/run/nslab-sessions
base=$top/$inst
slots=$top/uid-slots
# The pid of this lab server's running bpftrace (see trace).
trace_note=$top/traces/$inst
# Host uids: slot k maps to 0x72000000 + k * 65536, apart from the ranges a lab server on this host takes.
uid_base=1912602624

# The session's anchor (its sandbox's pid 1) and host uid, when it still runs as that uid (pids are reused).
load() {
  [ -r "$base/$1/anchor" ] && [ -r "$base/$1/uid" ] || return 1
  read -r a < "$base/$1/anchor" && read -r u < "$base/$1/uid" || return 1
  [ "$(awk '/^Uid:/ { print $2 }' "/proc/$a/status" 2>/dev/null)" = "$u" ]
}

# The bpftrace an earlier `trace` of this lab server left (its pid noted, still a bpftrace): a connection that
# died unnoticed here (a network blip) leaves it running. Stopped, and waited for, before another starts.
stop_trace() {
  [ -r "$trace_note" ] && read -r p < "$trace_note" || return 0
  case $(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null) in *bpftrace*) ;; *) return 0 ;; esac
  kill -TERM "$p" 2>/dev/null
  i=0
  while [ -e "/proc/$p" ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i + 1)); done
  kill -9 "$p" 2>/dev/null
}

close_session() {
  d=$base/$1
  if load "$1"; then
    # Its pid namespace dies with its pid 1.
    kill -9 "$a" 2>/dev/null
    i=0
    while [ -e "/proc/$a" ] && [ $i -lt 200 ]; do sleep 0.01; i=$((i + 1)); done
  fi
  # Programs joined from outside (their nsenter parents) are in the cgroups too.
  [ -r "$d/cgroups" ] && while read -r cg; do
    if [ -e "$cg/cgroup.kill" ]; then echo 1 > "$cg/cgroup.kill"; else xargs -r kill -9 < "$cg/cgroup.procs" 2>/dev/null; fi
    i=0
    while ! rmdir "$cg" 2>/dev/null && [ -d "$cg" ] && [ $i -lt 200 ]; do sleep 0.01; i=$((i + 1)); done
  done < "$d/cgroups"
  [ -r "$d/slot" ] && read -r k < "$d/slot" && rm -rf "${slots:?}/$k"
  rm -rf "${d:?}"
  rmdir "$base" 2>/dev/null
  return 0
}

# Runs "$@" inside session $1's sandbox in place of this process (so its pid stays this shell's).
join_session() {
  s=$1
  shift
  load "$s" || die "the session has ended"
  [ -r "$base/$s/cgroups" ] && while read -r cg; do
    echo $$ > "$cg/cgroup.procs" || die "the session has ended"
  done < "$base/$s/cgroups"
  # The sandbox's seccomp filter first: setns(2) does not bring it (see sandbox/seccomp-join.ts).
  read -r nr hex < "$base/$s/seccomp" || die "the session has ended"
  exec perl -e "$(cat "$base/$s/seccomp-loader")" -- "$nr" "$hex" \
    setpriv --reuid="$u" --regid="$u" --clear-groups nsenter --target "$a" --user --mount --pid --net --uts --ipc --root --wd -- \
    env -i HOME=/root PATH="$PATH" TERM="${TERM:-xterm-256color}" LANG=C.UTF-8 USER=root LOGNAME=root SHELL=/bin/bash "$@"
}

case $cmd in
check)
  missing=""
  for p in unshare nsenter setsid setpriv bwrap hostname mount ip bash awk grep tr xargs find perl; do
    command -v "$p" >/dev/null 2>&1 || missing="$missing $p"
  done
  problems=""
  [ "$(id -u)" = 0 ] || problems="the lab's commands run as $(id -un), not root: give the SSH user passwordless sudo (or log in as root)"
  [ -z "$missing" ] || problems="${problems:+$problems; }missing programs:$missing (install util-linux, bubblewrap, iproute2, findutils, perl-base)"
  if [ -z "$problems" ] && ! setpriv --reuid=65534 --regid=65534 --clear-groups unshare --user --map-root-user true 2>/dev/null; then
    problems="user namespaces are off for ordinary users: sysctl -w kernel.unprivileged_userns_clone=1 (Debian) or kernel.apparmor_restrict_unprivileged_userns=0 (Ubuntu)"
  fi
  [ -z "$problems" ] || { echo "$problems"; exit 1; }
  ;;
prepare)
  [ $# -ge 2 ] || die "usage: prepare <instance> <copied> <excluded> [<name> <text>]..."
  copied=$1 excluded=$2
  shift 2
  new=$base/etc.new
  rm -rf "$new"
  mkdir -p "$new" || die "cannot create $new"
  for e in $copied; do
    [ -e "/etc/$e" ] || [ -L "/etc/$e" ] || continue
    mkdir -p "$new/$(dirname "$e")" && cp -a "/etc/$e" "$new/$e"
  done
  for e in $excluded; do rm -rf "${new:?}/$e"; done
  while [ $# -ge 2 ]; do
    mkdir -p "$new/$(dirname "$1")" && printf '%s' "$2" > "$new/$1"
    shift 2
  done
  rm -f "$new/mtab" && ln -s ../proc/self/mounts "$new/mtab"
  # Owned by host root, which is unmapped inside: root in a sandbox can read them, never change them.
  chown -R 0:0 "$new" && find "$new" -type d -exec chmod 755 {} + && find "$new" -type f -exec chmod 644 {} +
  # Running sandboxes keep the old tree through their bind mount.
  rm -rf "${base:?}/etc" && mv "$new" "$base/etc"
  ;;
open)
  [ $# -eq 8 ] || die "usage: open <instance> <session> <slots> <pids-max> <memory-bytes> <launch-script> <keeper-script> <seccomp-loader> <seccomp-table>"
  s=$1 max=$2 pids=$3 mem=$4 launch=$5 keeper=$6 loader=$7 table=$8
  valid "$s" || die "invalid session name"
  arch=$(uname -m)
  filter=$(printf '%s\n' "$table" | awk -v m="$arch" '$1 == m { print $2, $3 }')
  [ -n "$filter" ] || die "no seccomp filter for this machine's architecture ($arch); sessions run on x86_64 and aarch64"
  [ -d "$base/etc" ] || die "the sandboxes' /etc is not prepared"
  d=$base/$s
  [ -e "$d" ] && close_session "$s"
  # Twice: a session closing at the same moment may remove the (then empty) $base in between.
  mkdir -p "$d" || mkdir -p "$d" || die "cannot create $d"
  mkdir -p "$slots"
  k=0
  until mkdir "$slots/$k" 2>/dev/null; do
    k=$((k + 1))
    [ $k -lt "$max" ] || { rm -rf "${d:?}"; die "all $max sandboxes of this machine are in use; try again when a session ends"; }
  done
  echo "$inst/$s" > "$slots/$k/owner"
  echo "$k" > "$d/slot"
  u=$((uid_base + k * 65536))
  echo "$u" > "$d/uid"
  # Limits: a group under /nslab in the cgroup v2 tree, or in the v1 pids and memory trees.
  procs=""
  : > "$d/cgroups"
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    mkdir -p /sys/fs/cgroup/nslab 2>/dev/null
    for c in pids memory; do
      echo "+$c" > /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
      echo "+$c" > /sys/fs/cgroup/nslab/cgroup.subtree_control 2>/dev/null
    done
    cg=/sys/fs/cgroup/nslab/$inst-$s
    if mkdir -p "$cg" 2>/dev/null; then
      echo "$cg" >> "$d/cgroups"
      echo "$pids" > "$cg/pids.max" 2>/dev/null
      echo "$mem" > "$cg/memory.max" 2>/dev/null
      echo 0 > "$cg/memory.swap.max" 2>/dev/null
      procs=$cg/cgroup.procs
    fi
  else
    for c in pids memory; do
      cg=/sys/fs/cgroup/$c/nslab/$inst-$s
      if [ ! -d "/sys/fs/cgroup/$c" ] || ! mkdir -p "$cg" 2>/dev/null; then continue; fi
      echo "$cg" >> "$d/cgroups"
      if [ $c = pids ]; then echo "$pids" > "$cg/pids.max"; else echo "$mem" > "$cg/memory.limit_in_bytes"; fi 2>/dev/null
      procs="$procs $cg/cgroup.procs"
    done
  fi
  # bwrap's options: this machine's top-level links or directories next to /usr first, then the lab's.
  {
    for e in bin sbin lib lib32 lib64 libx32; do
      if [ -L "/$e" ]; then printf '%s\000' --symlink "$(readlink "/$e")" "/$e"
      elif [ -d "/$e" ]; then printf '%s\000' --ro-bind "/$e" "/$e"; fi
    done
    cat
  } > "$d/args"
  printf '%s' "$keeper" > "$d/keeper"
  # The filter: "<prctl number> <program in hex>" for joins (the loader takes both), its bytes for bwrap.
  printf '%s' "$loader" > "$d/seccomp-loader"
  printf '%s\n' "$filter" > "$d/seccomp"
  perl -e 'print pack("H*", $ARGV[0])' "${filter#* }" > "$d/seccomp.bpf" || die "cannot write the seccomp filter"
  # setsid: no controlling terminal, so the sandbox outlives this command (and sudo's pty).
  # shellcheck disable=SC2086 # $procs: cgroup.procs paths, none with spaces
  env -i PATH="$PATH" setsid unshare --mount --propagation private sh -c "$launch" nslab-launch "$u" "$base/etc" "$d/seccomp.bpf" $procs \
    3< "$d/args" 4> "$d/info" < "$d/keeper" > "$d/log" 2>&1 &
  launcher=$!
  i=0
  until grep -qx ready "$d/log" 2>/dev/null && grep -q child-pid "$d/info" 2>/dev/null; do
    if ! kill -0 "$launcher" 2>/dev/null || [ $i -ge 1000 ]; then
      kill -9 "$launcher" 2>/dev/null
      cat "$d/log" >&2
      close_session "$s"
      die "the sandbox could not start"
    fi
    sleep 0.01
    i=$((i + 1))
  done
  sed -n 's/.*"child-pid": *\([0-9]*\).*/\1/p' "$d/info" > "$d/anchor"
  load "$s" || { close_session "$s"; die "the sandbox's pid 1 is not running"; }
  echo "uid=$u"
  ;;
join)
  [ $# -ge 2 ] || die "usage: join <instance> <session> <program> [args...]"
  valid "$1" || die "invalid session name"
  join_session "$@"
  ;;
terminal)
  [ $# -ge 3 ] || die "usage: terminal <instance> <session> <tag> <program> [args...]"
  s=$1 tag=$2
  shift 2
  valid "$s" && valid "$tag" || die "invalid session or tag name"
  load "$s" || die "the session has ended"
  # This process becomes the terminal's nsenter, the parent of its shell: the lab ties the tracer's pids to the terminal by it.
  mkdir -p "$base/$s/terminals" && echo $$ > "$base/$s/terminals/$tag" || die "cannot note the terminal's pid"
  join_session "$s" "$@"
  ;;
terminal-pid)
  [ $# -eq 2 ] || die "usage: terminal-pid <instance> <session> <tag>"
  valid "$1" && valid "$2" || die "invalid session or tag name"
  f=$base/$1/terminals/$2
  i=0
  until [ -s "$f" ]; do
    [ -d "$base/$1" ] && [ $i -lt 1000 ] || die "the terminal did not start"
    sleep 0.01
    i=$((i + 1))
  done
  cat "$f" && rm -f "$f"
  ;;
trace-check)
  b=$(command -v bpftrace) || b=""
  # Tracepoints are described under tracefs; systemd mounts it on a usual boot, containers often do not.
  [ -d /sys/kernel/tracing/events ] || [ -d /sys/kernel/debug/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
  btf=0
  [ -r /sys/kernel/btf/vmlinux ] && btf=1
  echo "bpftrace=$b btf=$btf level=$(awk '/^NSpid:/ { print NF - 2 }' /proc/self/status)"
  ;;
trace)
  [ $# -eq 1 ] || die "usage: trace <instance> <program>"
  b=$(command -v bpftrace) || die "bpftrace is not installed"
  stop_trace
  mkdir -p "$top/traces" || die "cannot make $top/traces"
  # An asynchronous command's stdin is /dev/null: the watcher below reads the lab's end through fd 3.
  exec 3<&0
  # --pdeathsig: bpftrace goes with this shell, however it ends.
  setpriv --pdeathsig KILL "$b" -B line -e "$1" < /dev/null 3<&- &
  t=$!
  echo "$t" > "$trace_note"
  # The lab's end closing (the tracer stopped, the server or its connection died) ends stdin: bpftrace detaches and exits.
  { cat <&3 > /dev/null; kill -TERM "$t"; } > /dev/null 2>&1 &
  w=$!
  exec 3<&-
  wait "$t"
  status=$?
  # bpftrace ended by itself: the watcher's cat ends when the connection closes its stdin.
  kill "$w" 2>/dev/null
  # Unless a newer trace took the note over.
  [ "$(cat "$trace_note" 2>/dev/null)" = "$t" ] && rm -f "$trace_note"
  exit $status
  ;;
trace-parents)
  [ $# -eq 2 ] || die "usage: trace-parents <instance> <first uid> <limit uid>"
  for n in "$1" "$2"; do case $n in '' | *[!0-9]*) die "invalid uid range" ;; esac; done
  # Builtins only (no process per entry): the machine may be slow, its process table long.
  for f in /proc/[0-9]*/status; do
    p="" pp="" id=""
    { while read -r k v _; do
      case $k in
      Pid:) p=$v ;;
      PPid:) pp=$v ;;
      Uid:) id=$v; break ;;
      esac
    done < "$f"; } 2>/dev/null
    # A process that exited meanwhile reads as nothing.
    [ -n "$id" ] && [ "$id" -ge "$1" ] && [ "$id" -lt "$2" ] && echo "$p $pp"
  done
  exit 0
  ;;
close)
  [ $# -eq 1 ] || die "usage: close <instance> <session>"
  valid "$1" || die "invalid session name"
  close_session "$1"
  ;;
cleanup)
  for d in "$base"/*/; do
    [ -d "$d" ] || continue
    n=$(basename "$d")
    [ "$n" = etc ] || close_session "$n"
  done
  for o in "$slots"/*/owner; do
    [ -r "$o" ] && grep -q "^$inst/" "$o" && rm -rf "$(dirname "$o")"
  done
  if [ "${1:-}" = forget ]; then rm -rf "${base:?}/etc" "$base/etc.new" "$trace_note"; rmdir "$base" 2>/dev/null; fi
  exit 0
  ;;
*)
  die "unknown command $cmd"
  ;;
esac
