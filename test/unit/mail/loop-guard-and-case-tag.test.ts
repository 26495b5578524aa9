import { describe, expect, it } from 'vitest';
import { caseIdFromSubject, caseSubject, tagSubject } from '../../../src/mail/case-tag.js';
import type { InboundMail } from '../../../src/mail/inbound-mail.js';
import { noReplyReason } from '../../../src/mail/loop-guard.js';
import { inboundMail } from '../../helpers/inbound-mail.js';

const mail = (from: string, headers: InboundMail['headers'] = {}, isDeliveryReport = false): InboundMail =>
  inboundMail(from, { headers, isDeliveryReport });

describe('noReplyReason (RFC 3834: never answer a robot)', () => {
  it.each([
    ['an ordinary customer mail', mail('casey@acme.example'), undefined],
    ['Auto-Submitted: no (a person)', mail('casey@acme.example', { autoSubmitted: 'no' }), undefined],
    [
      'Auto-Submitted: auto-replied',
      mail('casey@acme.example', { autoSubmitted: 'auto-replied' }),
      'Auto-Submitted: auto-replied',
    ],
    ['Precedence: bulk', mail('news@acme.example', { precedence: 'bulk' }), 'Precedence: bulk'],
    ['Precedence: junk', mail('news@acme.example', { precedence: 'Junk' }), 'Precedence: Junk'],
    [
      'a mailing list',
      mail('list@acme.example', { listId: '<ops.acme.example>' }),
      'mailing-list traffic (List-Id)',
    ],
    [
      'Outlook out-of-office suppression',
      mail('casey@acme.example', { xAutoResponseSuppress: 'OOF, AutoReply' }),
      'X-Auto-Response-Suppress: OOF, AutoReply',
    ],
    [
      'our own X-Loop',
      mail('casey@acme.example', { xLoop: ['support-intake'] }),
      'our own X-Loop header (mail loop)',
    ],
    ['MAILER-DAEMON', mail('MAILER-DAEMON@mx.acme.example'), 'robot sender MAILER-DAEMON@mx.acme.example'],
    ['postmaster', mail('postmaster@acme.example'), 'robot sender postmaster@acme.example'],
    ['a null Return-Path', mail('casey@acme.example', { returnPath: '<>' }), 'empty Return-Path (bounce)'],
    ['a delivery status report', mail('casey@acme.example', {}, true), 'delivery status report (bounce)'],
  ])('%s', (_name, m, reason) => {
    expect(noReplyReason(m)).toBe(reason);
  });
});

describe('case tags', () => {
  const known = new Set(['FNM', 'NETOP']);
  it.each([
    ['Re: [FNM-12] fcli crash', 'FNM-12'],
    ['AW: Re: something [NETOP-7] more', 'NETOP-7'],
    ['[JIRA-12] not ours', undefined],
    ['FNM-12 without brackets', undefined],
  ])('%s', (subject, id) => {
    expect(caseIdFromSubject(subject, known)).toBe(id);
  });

  it('tags a reply subject once, with one Re:, its own tag first', () => {
    expect(tagSubject('FNM-3', 'fcli crash', known)).toBe('Re: [FNM-3] fcli crash');
    expect(tagSubject('FNM-3', 'RE: Aw: [FNM-3] fcli crash', known)).toBe('Re: [FNM-3] fcli crash');
    expect(tagSubject('FNM-3', 'fcli crash [FNM-3]', known)).toBe('Re: [FNM-3] fcli crash');
  });

  it('drops other cases’ tags and keeps other systems’ tags', () => {
    expect(caseSubject('FNM-3', 'Re: [NETOP-7] [FNM-1] hosts down', known)).toBe('[FNM-3] hosts down');
    expect(caseSubject('FNM-3', '[INC-42] hosts down [FNM-9]', known)).toBe('[FNM-3] [INC-42] hosts down');
  });
});
