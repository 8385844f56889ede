import { hash, verify, type Options } from '@node-rs/argon2';

/**
 * Password hashing with argon2id (OWASP's baseline parameters: 19 MiB, 2 iterations). The result is a
 * PHC string that carries its own parameters, so they can be raised later without breaking old hashes.
 */
// `Algorithm.Argon2id` is an ambient const enum (2), which verbatimModuleSyntax cannot import.
const options: Options = { algorithm: 2 as NonNullable<Options['algorithm']>, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(phc: string | null, password: string): Promise<boolean> {
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
