# nslab probe (run with NSLAB_PROBE=1): prints every process of the lab machine (as this shell's pid namespace sees it) with its namespaces, as one JSON line.
# POSIX sh + grep + ls + tr + awk only, and a fixed handful of processes however many there are to list: it must be cheap.
self=$$
cd /proc || exit 1
{
  grep -H -E '^(Name|PPid|Uid|Gid|NSpid):' [0-9]*/status
  grep -H '' [0-9]*/uid_map [0-9]*/gid_map
  grep -H -a -z '' [0-9]*/cmdline | tr '\000\n' '\n '
  grep -H -a -z -E '^NSLAB_(TERMINAL|PROBE)=' [0-9]*/environ | tr '\000\n' '\n '
  ls -l [0-9]*/ns/
} 2>/dev/null | awk -v self="$self" '
function esc(s,   out, i, c) {
  if (s !~ /[\\"\001-\037]/) return s
  out = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c == "\\") out = out "\\\\"
    else if (c == "\"") out = out "\\\""
    else if (c ~ /[\001-\037]/) out = out "?"
    else out = out c
  }
  return out
}
# A process belongs to a probe when it or an ancestor carries NSLAB_PROBE (short-lived children may be missed by the environ read).
function isprobe(p,   depth) {
  for (depth = 0; depth < 64 && p > 0; depth++) { if (p in probe) return 1; if (!(p in ppid)) return 0; p = ppid[p] }
  return 0
}
# Read from outside the sandbox user namespace, the map of a nested namespace names host ids: give them as the
# sandbox sees them (relative to its own map, "0 BASE COUNT" of PID 1), as a read from inside would.
function inner(p, file,   out, lines, fields, i, n, base, count) {
  if (!outside || ns[p, "user"] == ns[1, "user"]) return maps[p, file]
  split(maps[1, file], fields, " "); base = fields[2] + 0; count = fields[3] + 0
  n = split(maps[p, file], lines, ";"); out = ""
  for (i = 1; i <= n; i++) {
    split(lines[i], fields, " ")
    if (fields[2] + 0 >= base && fields[2] + 0 < base + count) fields[2] = fields[2] - base
    out = out (i > 1 ? ";" : "") fields[1] " " fields[2] " " fields[3]
  }
  return out
}
# A uid or gid as the sandbox user namespace sees it (read from the host, ids are the host ones; unmapped: 65534).
function id(v, m) {
  if (!outside) return v
  return (v + 0 >= m[2] + 0 && v + 0 < m[2] + m[3]) ? v - m[2] + m[1] : 65534
}
function remember(p) { if (!(p in seen)) { seen[p] = 1; order[++n] = p } }
/^[0-9]+\/ns\/?:$/ { nspid = substr($0, 1, index($0, "/") - 1); next }
/ -> [a-z_]+:\[[0-9]+\]$/ {
  link = $NF; type = $(NF - 2)
  ino = substr(link, index(link, "[") + 1); sub(/\]$/, "", ino)
  ns[nspid, type] = ino; seenns[nspid] = 1; remember(nspid); next
}
{
  colon = index($0, ":"); if (colon == 0) next
  key = substr($0, 1, colon - 1); rest = substr($0, colon + 1)
  slash = index(key, "/"); if (slash == 0) next
  p = substr(key, 1, slash - 1); file = substr(key, slash + 1)
  if (p !~ /^[0-9]+$/) next
  remember(p)
  if (file == "status") {
    c = index(rest, ":"); field = substr(rest, 1, c - 1); value = substr(rest, c + 1)
    gsub(/^[ \t]+|[ \t]+$/, "", value)
    if (field == "Name") name[p] = value
    else if (field == "PPid") ppid[p] = value
    else if (field == "Uid") { split(value, u, /[ \t]+/); uid[p] = u[1] }
    else if (field == "Gid") { split(value, g, /[ \t]+/); gid[p] = g[1] }
    else if (field == "NSpid") { gsub(/[ \t]+/, ",", value); nspidchain[p] = value }
  } else if (file == "uid_map" || file == "gid_map") {
    gsub(/^[ \t]+|[ \t]+$/, "", rest); gsub(/[ \t]+/, " ", rest)
    maps[p, file] = maps[p, file] (maps[p, file] == "" ? "" : ";") rest
  } else if (file == "cmdline") {
    had = (p in args); args[p] = had ? args[p] " " rest : rest
  } else if (file == "environ") {
    if (rest ~ /^NSLAB_PROBE=/) probe[p] = 1
    else terminal[p] = substr(rest, length("NSLAB_TERMINAL=") + 1)
  }
}
END {
  split(maps[1, "uid_map"], um, " "); split(maps[1, "gid_map"], gm, " ")
  # Read from the host, PID 1 (root of the sandbox) shows its host uid, the base of its map; from inside, 0.
  outside = (um[2] + 0 != 0 && uid[1] + 0 == um[2] + 0)
  printf "{\"version\":1,\"self\":%d,\"processes\":[", self
  first = 1
  for (i = 1; i <= n; i++) {
    p = order[i]
    # Probes and checks of the lab itself (NSLAB_PROBE in their environment) are not processes of the learner.
    # A process seen by one read but gone by the next (no namespace link read) is left out too.
    if (!(p in ppid) || !(p in nspidchain) || !(p in seenns) || isprobe(p) || p == self || ppid[p] == self) continue
    if (!first) printf ","
    first = 0
    printf "{\"pid\":%d,\"ppid\":%d,\"uid\":%d,\"gid\":%d,\"comm\":\"%s\",\"args\":\"%s\",\"nspid\":[%s]", p, ppid[p], id(uid[p], um), id(gid[p], gm), esc(name[p]), esc(args[p]), nspidchain[p]
    printf ",\"uidMap\":\"%s\",\"gidMap\":\"%s\"", esc(inner(p, "uid_map")), esc(inner(p, "gid_map"))
    printf ",\"terminal\":%s,\"ns\":{", (p in terminal) ? "\"" esc(terminal[p]) "\"" : "null"
    sep = ""
    split("cgroup ipc mnt net pid pid_for_children time time_for_children user uts", types, " ")
    for (t = 1; t <= 10; t++) if ((p, types[t]) in ns) { printf "%s\"%s\":%s", sep, types[t], ns[p, types[t]]; sep = "," }
    printf "}}"
  }
  printf "]}\n"
}'
