import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxHealthRecord } from '../../src/ops/mailbox-health.js';
import { readFolder, sendMail, uniqueId, waitForMail } from '../helpers/local-stack.js';
import { addOAuthMailbox, kick, oauthMailboxYaml, putClient, revokeClient } from '../helpers/oauth-stack.js';
import { replyTo } from '../helpers/scenario-assertions.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

/**
 * Revoking the client at the authorization server takes one mailbox down: ops hear of it once,
 * within the set minutes (here 0.1 = 6 s), the other mailboxes go on, and one recovery notice
 * follows once the client is restored.
 */
describe('mailbox down alert', () => {
  const id = uniqueId();
  const mailbox = `oauth-${id}@example.test`;
  const clientId = `si-${id}`;
  const secretEnv = `OAUTH_SECRET_${id.toUpperCase()}`;
  let d: TestDaemon;

  const ask = (to: string, subject: string): Promise<string> =>
    sendMail({
      from: d.addresses.customer,
      to,
      subject,
      text: 'Hello,\n\nfcli show hostgroups segfaults on FastNetMon Advanced 1.2.8.\n\nThanks, Casey',
    });
  const health = async (): Promise<MailboxHealthRecord | undefined> => {
    const response = await fetch(`http://127.0.0.1:${d.httpPort}/ready`);
    const body = (await response.json()) as { mailboxes: MailboxHealthRecord[] };
    return body.mailboxes.find((m) => m.mailbox === mailbox);
  };
  /** The mailbox's health gauges in /metrics, which the SupportIntakeMailboxDown alert reads. */
  const gauges = async (): Promise<{ down: string; connected: string }> => {
    const text = await (await fetch(`http://127.0.0.1:${d.httpPort}/metrics`)).text();
    const of = (name: string): string =>
      new RegExp(`^${name}\\{mailbox="${mailbox}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 'absent';
    return { down: of('support_intake_mailbox_down'), connected: of('support_intake_mailbox_connected') };
  };

  beforeAll(async () => {
    await addOAuthMailbox(mailbox);
    await putClient(clientId, `secret-${id}`, mailbox);
    process.env[secretEnv] = `secret-${id}`;
    d = await startTestDaemon({
      http: true,
      extraMailboxes: [
        oauthMailboxYaml(mailbox, 'fastnetmon', 'client_credentials', clientId, { secret: secretEnv }),
      ],
      overlayYaml: 'health: { mailboxDownAlertMinutes: 0.1 }',
    });
  });
  afterAll(async () => {
    await d?.dispose();
  });

  it('alerts ops once, keeps the other mailboxes going, and sends one recovery notice', async () => {
    await replyTo(d.addresses.customer, await ask(mailbox, `before ${id}`));
    expect(await health()).toMatchObject({ connected: true, signInFailures: 0, downSince: null });
    expect(await gauges()).toEqual({ down: '0', connected: '1' });

    await revokeClient(clientId);
    await kick(mailbox);
    const [alert] = await waitForMail(
      d.addresses.ops,
      (m) => m.subject?.startsWith('[mailbox down]') === true,
    );
    expect(alert?.subject).toMatch(
      new RegExp(
        `^\\[mailbox down\\] ${mailbox}: cannot sign in since .* \\((invalid_client|AUTHENTICATIONFAILED)\\)$`,
      ),
    );
    expect(alert?.text).toMatch(/What to do: /);
    const down = await health();
    expect(down).toMatchObject({ connected: false, alerted: true });
    expect(down?.signInFailures).toBeGreaterThan(0);
    expect(down?.lastError).toMatch(/invalid_client|AUTHENTICATIONFAILED/);
    expect(await gauges()).toEqual({ down: '1', connected: '0' });

    // The other mailboxes are read and answered meanwhile; mail to the dead one waits.
    await replyTo(d.addresses.customer, await ask(d.addresses.mailbox.fastnetmon, `meanwhile ${id}`));
    const waiting = await ask(mailbox, `while down ${id}`);

    await putClient(clientId, `secret-${id}`, mailbox);
    await waitForMail(d.addresses.ops, (m) => m.subject?.startsWith('[mailbox recovered]') === true);
    await replyTo(d.addresses.customer, waiting);
    expect(await health()).toMatchObject({
      connected: true,
      signInFailures: 0,
      downSince: null,
      alerted: false,
    });
    expect(await gauges()).toEqual({ down: '0', connected: '1' });
    const subjects = (await readFolder(d.addresses.ops)).map((m) => m.subject ?? '');
    expect(subjects.filter((s) => s.startsWith('[mailbox down]'))).toHaveLength(1);
    expect(subjects.filter((s) => s.startsWith('[mailbox recovered]'))).toHaveLength(1);
  }, 90_000);
});
