import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from '../config/app-config-schema.js';
import type { AccountSignIn } from './auth/account-sign-in.js';
import { smtpEndpoint } from './auth/sign-ins.js';
import { X_LOOP } from './loop-guard.js';
import { classifySmtpError } from './smtp-failure.js';

const addressOf = (value: unknown): string =>
  typeof value === 'object' && value !== null && 'address' in value ? String(value.address) : String(value);

/** A file in an outgoing mail; an inline image keeps its Content-ID (`cid`). */
export interface OutgoingAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
  cid?: string;
  inline?: boolean;
}

export interface OutgoingMail {
  from: string;
  to: string[];
  cc?: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  /** Auto-replies say so (RFC 3834); relayed engineer answers are human mail. */
  autoReply: boolean;
  attachments?: OutgoingAttachment[];
}

/** Pooled SMTP submission with the headers that keep auto-replies from looping. */
export class SmtpSender {
  private readonly transport: Transporter;

  /** `signIn`: the SMTP account (password or OAuth2, renewed when the server refuses a token). */
  constructor(smtp: AppConfig['smtp'], signIn?: AccountSignIn) {
    const { host, port, secure } = smtpEndpoint(smtp);
    this.transport = nodemailer.createTransport({
      host,
      port,
      secure,
      pool: true,
      maxConnections: smtp.pool,
      // A send ends well within the outbox's lease (SEND_LEASE_MS, 10 minutes): a stuck server
      // fails the attempt, and no second sender starts while the first may still be sending.
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 120_000,
      ...(signIn ? { auth: signIn.smtpAuth() } : {}),
      // The local stack speaks plain SMTP on loopback; real deployments use STARTTLS.
      ignoreTLS: host === '127.0.0.1' && !secure,
    });
  }

  /**
   * Sends one mail. Resolves with the recipients the server refused while accepting others
   * (empty when all were accepted); throws a PermanentSmtpError when retrying cannot help.
   */
  async send(mail: OutgoingMail): Promise<{ rejected: string[] }> {
    let info: { rejected?: unknown[] };
    try {
      info = await this.sendMail(mail);
    } catch (err) {
      throw classifySmtpError(err);
    }
    return { rejected: (info.rejected ?? []).map((r) => (typeof r === 'string' ? r : addressOf(r))) };
  }

  private sendMail(mail: OutgoingMail): Promise<{ rejected?: unknown[] }> {
    return this.transport.sendMail({
      from: mail.from,
      to: mail.to,
      cc: mail.cc,
      replyTo: mail.replyTo,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      inReplyTo: mail.inReplyTo,
      references: mail.references,
      attachments: mail.attachments?.map((a) => ({
        filename: a.filename,
        content: a.content,
        contentType: a.contentType,
        ...(a.cid ? { cid: a.cid } : {}),
        ...(a.inline ? { contentDisposition: 'inline' as const } : {}),
      })),
      headers: {
        'X-Loop': X_LOOP,
        ...(mail.autoReply ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } : {}),
      },
    });
  }

  /** Opens a connection and greets the server (readiness); rejects when SMTP is down. */
  async verify(): Promise<void> {
    await this.transport.verify();
  }

  close(): void {
    this.transport.close();
  }
}
