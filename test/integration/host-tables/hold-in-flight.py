# Holds as many open files of PATH as a sandbox lets it: children, each as a uid of its own (1000, 1001, ...),
# open up to 1000 of them and send them over a unix socket the parent keeps, so they stay open in flight
# (unix(7), SCM_RIGHTS) after the child is gone. Stops at the first refusal, a child killed (the sandbox's
# OOM killer) or MOST children. Prints "held N stopped WHY", then holds them until killed.
# Usage: python3 hold-in-flight.py PATH MOST
import errno, os, signal, socket, sys
path, most = sys.argv[1], int(sys.argv[2])
name = lambda e: errno.errorcode.get(e.errno, str(e.errno))
held, total, stop = [], 0, 'most'
for i in range(most):
    try:
        a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        r, w = os.pipe()
        pid = os.fork()
    except OSError as e:
        stop = 'parent-' + name(e)
        break
    if pid == 0:
        os.close(r); b.close()
        for h in held: h.close()
        with open('/proc/self/oom_score_adj', 'w') as f: f.write('1000')
        os.setgid(1000 + i); os.setuid(1000 + i)
        fds, sent, why = [], 0, 'ok'
        try:
            for _ in range(1000): fds.append(os.open(path, os.O_RDWR | os.O_NOCTTY))
        except OSError as e:
            why = name(e)
        try:
            for k in range(0, len(fds), 250): sent += socket.send_fds(a, [b'x'], fds[k:k + 250]) and len(fds[k:k + 250])
        except OSError as e:
            why = name(e)
        os.write(w, f'{sent} {why}\n'.encode())
        os._exit(0)
    a.close(); os.close(w)
    line = os.read(r, 100).decode().split()
    os.close(r); os.waitpid(pid, 0)
    if not line:
        stop = 'killed'; b.close(); break
    total += int(line[0]); held.append(b)
    if line[1] != 'ok':
        stop = line[1]; break
print('held', total, 'stopped', stop, flush=True)
signal.pause()
