/** A policy, plan or severity id that does not exist; carries the valid ids for the message. */
export class UnknownIdError extends Error {
  readonly kind: 'policy' | 'plan' | 'severity';
  readonly id: string;
  readonly validIds: readonly string[];

  constructor(kind: UnknownIdError['kind'], id: string, validIds: readonly string[], context = '') {
    super(
      `unknown ${kind} ${JSON.stringify(id)}${context}; valid ${kind} ids: ${validIds.map((v) => JSON.stringify(v)).join(', ') || '(none)'}`,
    );
    this.name = 'UnknownIdError';
    this.kind = kind;
    this.id = id;
    this.validIds = validIds;
  }
}
