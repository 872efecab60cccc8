// Builds the sandbox's curated, read-only /etc once per server start: our accounts and prompt plus a snapshot of what tools need from the host.
import { chmod, cp, lstat, mkdir, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { COPIED_ETC_ENTRIES, ETC_SYMLINKS, EXCLUDED_ETC_ENTRIES, WRITTEN_ETC_FILES } from './etc-templates';

const HOST_ETC = '/etc';

/** Write `<dataDir>/sandbox-etc` afresh (atomically replacing an old one) and return its path. */
export async function buildSandboxEtc(dataDir: string): Promise<string> {
  const target = path.join(dataDir, 'sandbox-etc');
  const staging = `${target}.new-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true, mode: 0o755 });
  for (const entry of COPIED_ETC_ENTRIES) {
    const from = path.join(HOST_ETC, entry);
    const exists = await lstat(from).then(
      () => true,
      () => false,
    );
    if (!exists) continue;
    await mkdir(path.dirname(path.join(staging, entry)), { recursive: true });
    await cp(from, path.join(staging, entry), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => !EXCLUDED_ETC_ENTRIES.has(path.relative(HOST_ETC, src)),
    });
  }
  for (const [name, text] of Object.entries(WRITTEN_ETC_FILES)) {
    await mkdir(path.dirname(path.join(staging, name)), { recursive: true });
    await writeFile(path.join(staging, name), text);
  }
  for (const [name, link] of Object.entries(ETC_SYMLINKS)) {
    await rm(path.join(staging, name), { force: true });
    await symlink(link, path.join(staging, name));
  }
  await normalizeModes(staging);
  // Running sandboxes keep the old tree through their bind mount, so replacing it is safe.
  await rm(target, { recursive: true, force: true });
  await rename(staging, target);
  return target;
}

/**
 * Files 0644, directories 0755, all owned by host root (we run as root): host root is unmapped in the
 * sandbox, so root inside can read but never change them, even after remounting /etc read-write.
 */
async function normalizeModes(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await normalizeModes(full);
    else if (entry.isFile()) await chmod(full, 0o644);
  }
}
