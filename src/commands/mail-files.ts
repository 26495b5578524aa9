import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One raw message read from a file, with where it came from for the report. */
export interface RawMailFile {
  /** `file`, `file#n` (the n-th message of an mbox, from 1) or the Maildir file. */
  source: string;
  raw: Buffer;
}

/**
 * The messages of an mbox file (mboxo/mboxrd): each starts at a `From ` line at the start of a
 * line; `>From ` lines inside a message lose one `>`, as mboxrd writers escaped them.
 */
export function readMbox(file: string): RawMailFile[] {
  const text = readFileSync(file, 'latin1'); // byte-preserving: charsets are the parser's job
  const messages: RawMailFile[] = [];
  let current: string[] | null = null;
  const flush = (): void => {
    if (current === null) return;
    while (current.length > 0 && current[current.length - 1] === '') current.pop();
    messages.push({
      source: `${file}#${messages.length + 1}`,
      raw: Buffer.from(`${current.join('\n')}\n`, 'latin1'),
    });
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('From ')) {
      flush();
      current = [];
    } else if (current !== null) {
      current.push(/^>+From /.test(line) ? line.slice(1) : line);
    }
  }
  flush();
  return messages;
}

/** Every message of a Maildir (`new/` and `cur/`), oldest file name first. */
export function readMaildir(dir: string): RawMailFile[] {
  return ['new', 'cur'].flatMap((sub) => {
    const folder = join(dir, sub);
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return [];
    }
    return names
      .sort()
      .map((name) => join(folder, name))
      .filter((path) => statSync(path).isFile())
      .map((path) => ({ source: path, raw: readFileSync(path) }));
  });
}

export function readEmlFiles(files: string[]): RawMailFile[] {
  return files.map((file) => ({ source: file, raw: readFileSync(file) }));
}
