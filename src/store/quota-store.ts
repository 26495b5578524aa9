export type Reservation = { admitted: true; count: number } | { admitted: false; count: number };

/** Monthly request quotas: the request Message-IDs accepted per account and month. */
export interface QuotaStore {
  /**
   * Requests counted in the month; `exceptRequest` leaves one out (a retried triage job must not
   * see its own earlier reservation and take itself for over quota).
   */
  count(policyId: string, accountId: string, month: string, exceptRequest?: string): Promise<number>;
  /**
   * Admits a request below the limit, atomically: a request already counted stays counted
   * (retries), a new one only while fewer than `limit` are.
   */
  reserve(
    policyId: string,
    accountId: string,
    month: string,
    requestId: string,
    limit: number,
  ): Promise<Reservation>;
  release(policyId: string, accountId: string, month: string, requestId: string): Promise<void>;
}
