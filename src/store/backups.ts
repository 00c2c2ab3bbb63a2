/**
 * The vCard backups of Google contacts the module deleted (host.dataDir/backups): written before every Google-side
 * delete — a push's (a contact deleted in the CRM, made private, or leaving scope under 'delete') and Cleanup's —
 * so a delete that should not have happened can be imported back into Google or a phone. The files hold personal
 * data: the directory is 0700 and each file 0600. The setup page lists them and an admin downloads one by name;
 * a name is only ever one this store wrote (BACKUP_NAME), never a path.
 */
import { appendFile, chmod, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Why the contacts were deleted: one file per Cleanup run, one per account and day for the push's deletes. */
export type BackupKind = 'cleanup' | 'deleted';

export interface BackupInfo {
  /** The file name, which is also its id in the download route. */
  name: string;
  /** When the file was last written (UTC ISO). */
  time: string;
  /** How many contacts it holds. */
  count: number;
}

export interface BackupStore {
  /** Appends the vCards to the backup of `kind` for the account at `now`; returns the file's path. */
  save(kind: BackupKind, accountEmail: string, vcards: string, now: Date): Promise<string>;
  /** Every backup, newest first. */
  list(): Promise<BackupInfo[]>;
  /** The vCard text of a backup, or null when `name` is not one (bad name, no such file). */
  read(name: string): Promise<string | null>;
}

/** Names this store writes: kind, account email (made safe), time; nothing that could leave the directory. */
const BACKUP_NAME = /^(cleanup|deleted)-[A-Za-z0-9@._-]+\.vcf$/;

export function backupStore(dataDir: string): BackupStore {
  const dir = join(dataDir, 'backups');
  const valid = (name: string) => BACKUP_NAME.test(name) && !name.includes('..');
  return {
    async save(kind, accountEmail, vcards, now) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const iso = now.toISOString();
      // A Cleanup is one file per run; the push's deletes gather in one file per account and day.
      const stamp = kind === 'cleanup' ? iso.replace(/[:.]/g, '-') : iso.slice(0, 10);
      const file = join(dir, `${kind}-${accountEmail.replace(/[^A-Za-z0-9@._-]/g, '_')}-${stamp}.vcf`);
      await appendFile(file, vcards, { mode: 0o600 });
      // appendFile's mode applies only when it creates the file: a file restored or copied in stays private too.
      await chmod(file, 0o600);
      return file;
    },
    async list() {
      let names: string[];
      try {
        names = (await readdir(dir)).filter(valid);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw e;
      }
      const infos = await Promise.all(
        names.map(async (name) => {
          const path = join(dir, name);
          const [info, text] = await Promise.all([stat(path), readFile(path, 'utf8')]);
          return { name, time: info.mtime.toISOString(), count: text.match(/^BEGIN:VCARD\r?$/gm)?.length ?? 0 };
        }),
      );
      return infos.sort((a, b) => b.time.localeCompare(a.time) || a.name.localeCompare(b.name));
    },
    async read(name) {
      if (!valid(name)) return null;
      try {
        return await readFile(join(dir, name), 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
  };
}
