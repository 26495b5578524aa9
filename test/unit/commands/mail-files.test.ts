import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMbox } from '../../../src/commands/mail-files.js';

describe('readMbox', () => {
  it('splits at From_ lines, unescapes >From and keeps bytes of other charsets', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'si-mbox-')), 'in.mbox');
    const latin1 = Buffer.from('Subject: caf\xe9\n\nbody\n>From here\n>>From there\n', 'latin1');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('From a@example.test Tue Jun 10 09:05:00 2025\nSubject: one\n\nfirst\n\n'),
        Buffer.from('From b@example.test Tue Jun 10 09:06:00 2025\n'),
        latin1,
      ]),
    );
    const mails = readMbox(file);
    expect(mails.map((m) => m.source)).toEqual([`${file}#1`, `${file}#2`]);
    expect(mails[0]?.raw.toString()).toBe('Subject: one\n\nfirst\n');
    expect(
      mails[1]?.raw.equals(Buffer.from('Subject: caf\xe9\n\nbody\nFrom here\n>From there\n', 'latin1')),
    ).toBe(true);
  });
});
