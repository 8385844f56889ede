import type { Options } from '@node-rs/argon2';

/**
 * Password hashing with argon2id (OWASP's baseline parameters: 19 MiB, 2 iterations). The result is a
 * PHC string that carries its own parameters, so they can be raised later without breaking old hashes.
 * The native module loads with the first password (issue 19: not at start).
 */
// `Algorithm.Argon2id` is an ambient const enum (2), which verbatimModuleSyntax cannot import.
const options: Options = { algorithm: 2 as NonNullable<Options['algorithm']>, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export async function hashPassword(password: string): Promise<string> {
  const { hash } = await import('@node-rs/argon2');
  return hash(password, options);
}

export async function verifyPassword(phc: string | null, password: string): Promise<boolean> {
  const { hash, verify } = await import('@node-rs/argon2');
  if (!phc) {
    // Same work as a real check, so an unknown account is not told apart by timing.
    await hash(password, options);
    return false;
  }
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}
