# Fills, or tries once, the per-namespace and per-user kernel tables a sandbox could share with others:
# inotify instances and watches, SysV message queues, shared memory and semaphores, POSIX message queues.
# Usage: python3 tables.py fill   -- fill each until the kernel refuses, print "TABLE COUNT ERRNO" lines,
#                                     the same try as uid 1000, then "done"; hold everything until killed.
#        python3 tables.py try    -- one of each, print "TABLE ok" or "TABLE ERRNO" lines.
import ctypes, errno, os, signal, sys, tempfile

libc = ctypes.CDLL(None, use_errno=True)
IPC_PRIVATE, IN_ALL = 0, 0xFFF
instances = []


def failed(result):
    return errno.errorcode.get(ctypes.get_errno(), str(ctypes.get_errno())) if result < 0 else None


def one(table, seq=[0]):
    """One object of TABLE; returns None, or the errno name the kernel refused it with."""
    seq[0] += 1
    if table == 'inotify':
        fd = libc.inotify_init1(0)
        if fd >= 0: instances.append(fd)
        return failed(fd)
    if table == 'msg': return failed(libc.msgget(IPC_PRIVATE, 0o600))
    if table == 'shm': return failed(libc.shmget(IPC_PRIVATE, 4096, 0o600))
    if table == 'sem': return failed(libc.semget(IPC_PRIVATE, 1, 0o600))
    if table == 'mqueue': return failed(libc.mq_open(f'/t{os.getpid()}-{seq[0]}'.encode(), os.O_CREAT | os.O_RDWR, 0o600, None))
    raise ValueError(table)


def fill(table, most=100_000):
    for n in range(most):
        why = one(table)
        if why: return n, why
    return most, 'most'


def watches(instances):
    """Watches on the instances, over files of a fresh directory, until the kernel refuses."""
    d = tempfile.mkdtemp()
    paths = []
    for i in range(2000):
        p = f'{d}/{i}'.encode()
        open(p, 'w').close()
        paths.append(p)
    n = 0
    for fd in instances:
        for p in paths:
            why = failed(libc.inotify_add_watch(fd, p, IN_ALL))
            if why: return n, why
            n += 1
    return n, 'most'


def as_uid_1000(table):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.setgid(1000); os.setuid(1000)
        os.write(w, (one(table) or 'ok').encode())
        os._exit(0)
    os.close(w); os.waitpid(pid, 0)
    return os.read(r, 100).decode()


TABLES = ['inotify', 'msg', 'shm', 'sem', 'mqueue']
if sys.argv[1] == 'try':
    for t in TABLES: print(t, one(t) or 'ok', flush=True)
    fd = libc.inotify_init1(0)
    print('watch', failed(libc.inotify_add_watch(fd, b'/tmp', IN_ALL)) or 'ok', flush=True)
    sys.exit(0)
for t in TABLES:
    n, why = fill(t)
    print(t, n, why, flush=True)
    print(t, 'uid1000', as_uid_1000(t), flush=True)
n, why = watches(instances)
print('watch', n, why, flush=True)
print('done', flush=True)
signal.pause()
