import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { classifySmtpError, isPermanentSmtpFailure } from '../../../src/mail/smtp-failure.js';

describe('SMTP failures: permanent or worth retrying', () => {
  it.each([
    [{ responseCode: 550, code: 'EENVELOPE' }, true],
    [{ responseCode: 554, code: 'EMESSAGE' }, true],
    [{ responseCode: 553 }, true],
    [{ responseCode: 503 }, false],
    [{ responseCode: 421 }, false],
    [{ responseCode: 451, code: 'EENVELOPE' }, false],
    [{ code: 'ECONNECTION' }, false],
    [{ code: 'ETIMEDOUT' }, false],
    [{ code: 'EENVELOPE' }, true],
  ])('%j is permanent: %s', (err, permanent) => {
    expect(isPermanentSmtpFailure(err)).toBe(permanent);
  });

  it('treats an all-recipients refusal as permanent only when every refusal is', () => {
    const mixed = {
      code: 'EENVELOPE',
      responseCode: 550,
      rejectedErrors: [{ responseCode: 550 }, { responseCode: 452 }],
    };
    expect(isPermanentSmtpFailure(mixed)).toBe(false);
    expect(
      isPermanentSmtpFailure({ ...mixed, rejectedErrors: [{ responseCode: 550 }, { responseCode: 554 }] }),
    ).toBe(true);
  });

  it('turns a permanent refusal into an error BullMQ does not retry, and passes others through', () => {
    const refused = Object.assign(new Error('550 no such user'), { responseCode: 550 });
    expect(classifySmtpError(refused)).toBeInstanceOf(UnrecoverableError);
    const busy = Object.assign(new Error('421 try later'), { responseCode: 421 });
    expect(classifySmtpError(busy)).toBe(busy);
  });
});
