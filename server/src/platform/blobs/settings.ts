import type { S3Settings } from './s3-blob-store.ts';

/**
 * Where blobs live (issue 17), parsed from the environment by config.ts (the only reader of it):
 * local files under `DATA_DIR/blobs` unless the S3 settings are given, and then all of
 * `S3_ENDPOINT`, `S3_BUCKET`, `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY` (`S3_REGION` defaults to
 * `us-east-1`, `S3_FORCE_PATH_STYLE` to `true`).
 */
export type BlobSettings = { kind: 'local'; dir: string } | ({ kind: 's3' } & S3Settings);

export interface S3Env {
  S3_ENDPOINT?: string;
  S3_BUCKET?: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  S3_REGION?: string;
  S3_FORCE_PATH_STYLE?: string;
}

/** A problem with one variable, German first (German / English). */
export interface S3Problem {
  variable: keyof S3Env;
  message: string;
}

const REQUIRED = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function parseBlobSettings(env: S3Env, dataDir: string): { settings?: BlobSettings; problems: S3Problem[] } {
  const given = (Object.keys(env) as (keyof S3Env)[]).filter((k) => k.startsWith('S3_') && env[k] !== undefined);
  if (!given.length) return { settings: { kind: 'local', dir: `${dataDir}/blobs` }, problems: [] };
  const problems: S3Problem[] = [];
  for (const name of REQUIRED) {
    if (!env[name]) {
      problems.push({
        variable: name,
        message: `fehlt: S3-Speicher braucht ${REQUIRED.join(', ')} / missing: S3 storage needs all of ${REQUIRED.join(', ')}`,
      });
    }
  }
  if (env.S3_ENDPOINT && !/^https?:\/\/[^/\s]+\/?$/.test(env.S3_ENDPOINT)) {
    problems.push({
      variable: 'S3_ENDPOINT',
      message: 'erwartet http(s)://host[:port] ohne Pfad / expected http(s)://host[:port] without a path',
    });
  }
  if (env.S3_BUCKET && !BUCKET.test(env.S3_BUCKET)) {
    problems.push({
      variable: 'S3_BUCKET',
      message:
        'ungültiger Bucket-Name (3–63 Zeichen: a–z, 0–9, Punkt, Bindestrich) / invalid bucket name (3–63 of a–z, 0–9, dot, hyphen)',
    });
  }
  if (env.S3_REGION !== undefined && !/^[a-z0-9-]{2,32}$/.test(env.S3_REGION)) {
    problems.push({ variable: 'S3_REGION', message: 'ungültige Region, z. B. eu-central-1 / invalid region, e.g. eu-central-1' });
  }
  if (env.S3_FORCE_PATH_STYLE !== undefined && !/^(true|false|1|0)$/.test(env.S3_FORCE_PATH_STYLE)) {
    problems.push({ variable: 'S3_FORCE_PATH_STYLE', message: 'erwartet true oder false / expected true or false' });
  }
  if (problems.length) return { problems };
  return {
    problems,
    settings: {
      kind: 's3',
      endpoint: env.S3_ENDPOINT!.replace(/\/$/, ''),
      bucket: env.S3_BUCKET!,
      region: env.S3_REGION ?? 'us-east-1',
      accessKeyId: env.S3_ACCESS_KEY_ID!,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
      forcePathStyle:
        env.S3_FORCE_PATH_STYLE === undefined || env.S3_FORCE_PATH_STYLE === 'true' || env.S3_FORCE_PATH_STYLE === '1',
    },
  };
}

/** Where blobs are, for the start-up log: never a credential. */
export function describeBlobs(settings: BlobSettings): string {
  return settings.kind === 'local' ? `local ${settings.dir}` : `s3 ${settings.endpoint}/${settings.bucket}`;
}
