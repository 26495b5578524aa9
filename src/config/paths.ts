import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's root (holds config/ and templates/), whether run from src/ or dist/. */
export const packageRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Resolves a path from a config file: relative paths are taken from the working directory,
 * and fall back to the package's own copy so `support-intake` works from any directory.
 */
export function resolveConfigPath(path: string): string {
  if (isAbsolute(path)) return path;
  const fromCwd = resolve(process.cwd(), path);
  if (existsSync(fromCwd)) return fromCwd;
  const fromPackage = resolve(packageRoot, path);
  return existsSync(fromPackage) ? fromPackage : fromCwd;
}
