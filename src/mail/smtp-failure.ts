import { UnrecoverableError } from 'bullmq';

/** What nodemailer puts on a failed send. */
interface SmtpErrorFields {
  code?: string;
  responseCode?: number;
  response?: string;
  rejectedErrors?: SmtpErrorFields[];
}

/**
 * A refusal that retrying cannot change: the job fails at once (BullMQ does not retry an
 * UnrecoverableError) and is recorded on its case and alerted as given up.
 */
export class PermanentSmtpError extends UnrecoverableError {
  constructor(
    message: string,
    readonly responseCode: number | undefined,
  ) {
    super(message);
  }
}

/**
 * 5xx replies are permanent (no such user, relaying denied, message refused), except 503 (bad
 * sequence of commands), which a fresh connection usually clears. 4xx replies, timeouts and
 * connection errors are transient. When every recipient was refused, the refusal is permanent
 * only if every recipient's refusal is.
 */
export function isPermanentSmtpFailure(err: SmtpErrorFields): boolean {
  if (err.rejectedErrors !== undefined && err.rejectedErrors.length > 0) {
    return err.rejectedErrors.every((e) => isPermanentSmtpFailure(e));
  }
  const code = err.responseCode;
  if (code === undefined) return err.code === 'EENVELOPE'; // no usable recipient at all
  return code >= 500 && code < 600 && code !== 503;
}

/** The error to throw from a job: permanent ones as PermanentSmtpError, the rest unchanged (retried). */
export function classifySmtpError(err: unknown): unknown {
  if (typeof err !== 'object' || err === null) return err;
  const fields = err as SmtpErrorFields;
  if (!isPermanentSmtpFailure(fields)) return err;
  const message = err instanceof Error ? err.message : String(fields.response ?? 'refused');
  return new PermanentSmtpError(`SMTP refused permanently: ${message}`, fields.responseCode);
}
