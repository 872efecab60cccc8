// The text of the files we write (not copy) into the sandbox's curated /etc.

/** The learner's unprivileged account inside every sandbox (uid and gid). */
export const LEARNER_ID = 1000;

export const SANDBOX_HOSTNAME = 'lab';

/** PATH inside the sandbox (and for the programs that join it). */
export const SANDBOX_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export const WRITTEN_ETC_FILES: Record<string, string> = {
  passwd: ['root:x:0:0:root:/root:/bin/bash', `learner:x:${LEARNER_ID}:${LEARNER_ID}:Learner:/home/learner:/bin/bash`, 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin'].join('\n') + '\n',
  group: ['root:x:0:', 'tty:x:5:', 'users:x:100:', `learner:x:${LEARNER_ID}:`, 'nogroup:x:65534:'].join('\n') + '\n',
  // No password hashes: root inside needs none (pam_rootok) and `*` makes password logins impossible.
  // Readable by all because the host root owning it is unmapped inside, so root there has only "other" access.
  shadow: ['root:*:19000:0:99999:7:::', 'learner:*:19000:0:99999:7:::', 'nobody:*:19000:0:99999:7:::'].join('\n') + '\n',
  gshadow: ['root:*::', 'tty:*::', 'users:*::', 'learner:*::', 'nogroup:*::'].join('\n') + '\n',
  hostname: `${SANDBOX_HOSTNAME}\n`,
  hosts: `127.0.0.1\tlocalhost\n127.0.1.1\t${SANDBOX_HOSTNAME}\n::1\t\tlocalhost ip6-localhost ip6-loopback\n`,
  'nsswitch.conf': 'passwd: files\ngroup: files\nshadow: files\ngshadow: files\nhosts: files\nnetworks: files\nprotocols: files\nservices: files\nethers: files\nrpc: files\n',
  'resolv.conf': '# The sandbox has no network beyond its own namespaces.\n',
  fstab: '# Nothing is mounted from fstab in the sandbox.\n',
  environment: '',
  'default/locale': 'LANG=C.UTF-8\n',
  shells: '/bin/sh\n/usr/bin/sh\n/bin/bash\n/usr/bin/bash\n/bin/dash\n/usr/bin/dash\n',
  profile: [
    '# Login shells: a fixed PATH, then the interactive settings in /etc/bash.bashrc.',
    `PATH="${SANDBOX_PATH}"`,
    'export PATH',
    'if [ "${PS1-}" ] && [ "${BASH-}" ] && [ "$BASH" != "/bin/sh" ] && [ -f /etc/bash.bashrc ]; then',
    '  . /etc/bash.bashrc',
    'fi',
    '',
  ].join('\n'),
  'bash.bashrc': [
    '# Interactive bash in the lab: a prompt that says who and where you are.',
    '[ -z "${PS1-}" ] && return',
    'shopt -s checkwinsize',
    'if [ "$(id -u)" -eq 0 ]; then',
    "  PS1='\\[\\e[1;31m\\]\\u@\\h\\[\\e[0m\\]:\\[\\e[1;34m\\]\\w\\[\\e[0m\\]\\$ '",
    'else',
    "  PS1='\\[\\e[1;32m\\]\\u@\\h\\[\\e[0m\\]:\\[\\e[1;34m\\]\\w\\[\\e[0m\\]\\$ '",
    'fi',
    "alias ls='ls --color=auto'",
    "alias grep='grep --color=auto'",
    '',
  ].join('\n'),
};

/** Symlinks we create in the curated /etc (name -> target). */
export const ETC_SYMLINKS: Record<string, string> = { mtab: '../proc/self/mounts' };

/**
 * What we snapshot from the host's /etc (when present): what the shell tools, PAM for `su`/`runuser`,
 * the dynamic linker, vim (via alternatives), iproute2 and terminals need. Nothing with secrets.
 */
export const COPIED_ETC_ENTRIES = [
  'alternatives',
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'localtime',
  'timezone',
  'os-release',
  'debian_version',
  'lsb-release',
  'terminfo',
  'vim',
  'iproute2',
  'protocols',
  'services',
  'ethertypes',
  'networks',
  'host.conf',
  'gai.conf',
  'inputrc',
  'pam.d',
  'pam.conf',
  'security',
  'login.defs',
  'default/useradd',
  'skel',
  'adduser.conf',
  'deluser.conf',
  'magic',
  'magic.mime',
  'mke2fs.conf',
  'locale.alias',
  'manpath.config',
  'bindresvport.blacklist',
  'libaudit.conf',
  'netconfig',
];

/** Never copied even inside a copied directory: old password hashes. */
export const EXCLUDED_ETC_ENTRIES = new Set(['security/opasswd']);
