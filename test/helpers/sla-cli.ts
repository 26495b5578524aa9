import { Command } from 'commander';
import { vi } from 'vitest';
import { registerSlaCommand } from '../../src/commands/sla.js';

/**
 * Runs `support-intake sla --config <policiesDir> …args` in this process, as the CLI would, and
 * returns what it wrote and its exit code (undefined = 0).
 */
export async function runSlaCli(
  policiesDir: string,
  args: string[],
): Promise<{ out: string; err: string; code: number | undefined }> {
  let out = '';
  let err = '';
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  const program = new Command().exitOverride();
  registerSlaCommand(program);
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'support-intake', 'sla', '--config', policiesDir, ...args]);
  } finally {
    outSpy.mockRestore();
    errSpy.mockRestore();
  }
  const code = process.exitCode as number | undefined;
  process.exitCode = undefined;
  return { out, err, code };
}
