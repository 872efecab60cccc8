#!/bin/sh
# The lab image's entrypoint: on cgroup v2, move out of the container's root cgroup, then run the command under tini.
#
# The lab gives every sandbox its own cgroup under nslab/ and enables the pids, memory and cpu
# controllers for them in /sys/fs/cgroup/cgroup.subtree_control (server/machine/sandbox/cgroups.ts).
# In a container with its own cgroup namespace, /sys/fs/cgroup is the container's cgroup, and the
# kernel refuses to enable controllers for the children of a cgroup that holds processes (EBUSY:
# "no internal processes", cgroups(7)). So the first process moves itself into a leaf, lab-server/,
# before anything else starts; all it starts stays there. cgroup v1 has no such rule: nothing to do.
#
# tini -s: reaps the zombies a sandbox's orphans leave (with hostPID the lab is not PID 1, so tini
# registers as a subreaper) and passes SIGTERM on to npm, which passes it to the lab: it drains.
set -eu
if [ -f /sys/fs/cgroup/cgroup.controllers ] && [ "$(cat /proc/self/cgroup)" = '0::/' ]; then
  mkdir -p /sys/fs/cgroup/lab-server
  echo $$ >/sys/fs/cgroup/lab-server/cgroup.procs
fi
exec tini -s -- "$@"
