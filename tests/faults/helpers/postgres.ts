/**
 * A PRIVATE PostgreSQL cluster for the fault suite: its own temporary folder, its own free port, owned
 * and run by the `postgres` OS user (initdb refuses root). Tests stop and start it at will; the machine's
 * shared PostgreSQL (5432) is never touched.
 *
 *   const pg = await startPrivatePostgres();   // initdb + start; pg.url is postgres://postgres@127.0.0.1:<port>/postgres
 *   await pg.stop();                           // pg_ctl stop -m fast: clients get 57P01, then ECONNREFUSED
 *   await pg.start();                          // again, on the same port
 *   await pg.teardown();                       // stop and remove the folder
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { freePort } from '../../helpers/private-redis.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The newest installed server binaries (Debian: /usr/lib/postgresql/<major>/bin). */
function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((d) => existsSync(path.join(root, d, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? path.join(root, majors[0], 'bin') : null;
}

function postgresUser(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/**
 * Whether a private cluster can be started here: the server binaries, a `postgres` user, and either
 * root (to run them as that user with runuser) or being that user. Use with `needs()` from backends.ts.
 */
export function privatePostgresAvailable(): boolean {
  const user = postgresUser();
  if (!binDir() || !user) return false;
  const uid = process.getuid?.();
  return uid === 0 || uid === user.uid;
}

export interface PrivatePostgres {
  port: number;
  /** Connection string of the cluster's `postgres` database as the `postgres` superuser (trust auth). */
  url: string;
  dir: string;
  /** Whether the server is running (as far as this helper started and stopped it). */
  readonly running: boolean;
  /** `pg_ctl stop -m fast`: open connections are terminated (57P01), new ones refused. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
  /** Stops it (if running) and removes the folder. */
  teardown(): Promise<void>;
}

/** Initializes and starts a private cluster in a fresh temporary folder on a free port. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const user = postgresUser();
  if (!bin || !user) throw new Error('private PostgreSQL: no server binaries under /usr/lib/postgresql or no postgres user');
  const asPostgres = process.getuid?.() === 0;
  const exec = (tool: string, args: string[]) =>
    asPostgres
      ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], {
          env: { PATH: process.env.PATH ?? '', LANG: 'C' },
        })
      : run(path.join(bin, tool), args, { env: { PATH: process.env.PATH ?? '', LANG: 'C' } });

  const dir = await mkdtemp(path.join(tmpdir(), 'planner-faults-pg-'));
  await chown(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  const port = await freePort();
  if (port === 5432) throw new Error('private PostgreSQL: refusing the shared port 5432');
  await exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']);

  // Only TCP on 127.0.0.1 and a socket in our own folder; no durability needed for a throwaway cluster.
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c max_connections=100',
  ].join(' ');
  const log = path.join(dir, 'postgres.log');
  let running = false;
  const start = async () => {
    await exec('pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', '-t', '60', 'start']);
    running = true;
  };
  const stop = async () => {
    running = false;
    await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  };
  // Never leave a cluster behind when the test process ends abruptly.
  const onExit = () => {
    if (!running) return;
    const args = ['-D', data, '-m', 'immediate', 'stop'];
    spawnSync(
      asPostgres ? 'runuser' : path.join(bin, 'pg_ctl'),
      asPostgres ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), ...args] : args,
    );
  };
  process.once('exit', onExit);
  await start();
  return {
    port,
    dir,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    get running() {
      return running;
    },
    stop,
    start,
    async teardown() {
      process.off('exit', onExit);
      if (running) await stop().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
