import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMail, waitForMail } from '../helpers/local-stack.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

describe('customer directory reload (SIGHUP)', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon();
  });
  afterAll(async () => {
    await d.dispose();
  });

  const ask = async (subject: string): Promise<string> => {
    const messageId = await sendMail({
      from: d.addresses.stranger,
      to: d.addresses.mailbox.fastnetmon,
      subject,
      text: 'fcli show hostgroups crashes with a segfault on 1.2.8.',
    });
    const [reply] = await waitForMail(d.addresses.stranger, (m) => m.inReplyTo === messageId);
    return reply?.subject ?? '';
  };

  it('knows a contact added to the file after a reload, and keeps the old directory when the new file is broken', async () => {
    expect(await ask('crash before')).not.toMatch(/\[FNM-\d+\]/); // not a customer yet: no case

    const original = readFileSync(d.customersFile, 'utf8');
    const withStranger = original.replace(
      `      - { email: ${d.addresses.customer}, name: Casey Customer, role: administrator }\n\n  # Netop`,
      `      - { email: ${d.addresses.customer}, name: Casey Customer, role: administrator }\n      - { email: ${d.addresses.stranger}, name: Sam Stranger, role: contact }\n\n  # Netop`,
    );
    expect(withStranger).not.toBe(original);
    writeFileSync(d.customersFile, withStranger);
    d.reload();
    expect(await ask('crash after reload')).toMatch(/^Re: \[FNM-\d+\] crash after reload$/);

    // A broken file is refused: the daemon keeps the last good directory.
    writeFileSync(d.customersFile, `${withStranger}\n  - id: Not Valid\n`);
    d.reload();
    expect(await ask('crash after a bad edit')).toMatch(/^Re: \[FNM-\d+\] crash after a bad edit$/);
  });
});
