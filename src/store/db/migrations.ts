import { type Kysely, sql } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

/**
 * Versioned schema changes, oldest first. A released migration is never edited: change the
 * schema with a new entry (and update schema.ts with it). Names sort in the order they run.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-cases': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('case_sequences')
        .addColumn('prefix', 'text', (c) => c.primaryKey())
        .addColumn('last_number', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('policy', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('customer_email', 'text', (c) => c.notNull())
        .addColumn('customer_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c
            .notNull()
            .check(sql`status in ('new', 'acknowledged', 'in-progress', 'waiting', 'resolved', 'closed')`),
        )
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('plan_id', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('snapshot', 'jsonb', (c) => c.notNull())
        .addColumn('targets', 'jsonb', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('billing', 'jsonb', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('last_customer_text', 'text')
        .addColumn('sla_version', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('resolved_at', 'timestamptz')
        .addColumn('assignee', 'text')
        .addColumn('ack_sent_at', 'timestamptz')
        .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('level', 'text')
        .addUniqueConstraint('cases_prefix_number', ['prefix', 'number'])
        .execute();
      await db.schema.createIndex('cases_customer').on('cases').column('customer_email').execute();
      await db.schema.createIndex('cases_status').on('cases').columns(['status', 'created_at']).execute();
      await db.schema.createIndex('cases_created').on('cases').columns(['created_at', 'policy']).execute();

      await db.schema
        .createTable('case_history')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('case_history_case')
        .on('case_history')
        .columns(['case_id', 'id'])
        .execute();

      await db.schema
        .createTable('case_targets')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('calendar', 'text')
        .addColumn('due', 'timestamptz')
        .addColumn('warn_at', 'timestamptz')
        .addColumn('met_at', 'timestamptz')
        .addColumn('warned_at', 'timestamptz')
        .addColumn('breached_at', 'timestamptz')
        .addPrimaryKeyConstraint('case_targets_pk', ['case_id', 'name'])
        .execute();
      // Open work by next due time (dashboard, reports).
      await db.schema
        .createIndex('case_targets_open_due')
        .on('case_targets')
        .column('due')
        .where(sql.ref('met_at'), 'is', null)
        .execute();

      await db.schema
        .createTable('case_pauses')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('started_at', 'timestamptz', (c) => c.notNull())
        .addColumn('ended_at', 'timestamptz')
        .addPrimaryKeyConstraint('case_pauses_pk', ['case_id', 'started_at'])
        .execute();

      await db.schema
        .createTable('message_index')
        .addColumn('message_id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
        .execute();
      await db.schema.createIndex('message_index_case').on('message_index').column('case_id').execute();

      await db.schema
        .createTable('outbox')
        .addColumn('message_id', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'sent')`))
        .addColumn('fields', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('sent_at', 'timestamptz')
        .execute();

      await db.schema
        .createTable('quota_reservations')
        .addColumn('policy', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('reserved_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('quota_reservations_pk', ['policy', 'account_id', 'month', 'message_id'])
        .execute();

      await db.schema
        .createTable('mail_log')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('mailbox', 'text')
        .addColumn('message_id', 'text')
        .addColumn('sender', 'text')
        .addColumn('detail', 'jsonb', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('mail_log_at').on('mail_log').column('at').execute();
      await db.schema.createIndex('mail_log_message').on('mail_log').column('message_id').execute();
    },
  },
  '0002-case-request-key': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('cases')
        .addColumn('mailbox', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.alterTable('cases').dropConstraint('cases_message_id_key').execute();
      await db.schema
        .alterTable('cases')
        .addUniqueConstraint('cases_request', ['mailbox', 'message_id', 'customer_email'])
        .execute();
    },
  },
  '0003-durable-intake': {
    async up(db: Kysely<unknown>): Promise<void> {
      // A mail leaves the INBOX only once its row is here: a Redis that comes back empty loses
      // no mail, the reconcile step queues every unfinished one again from its payload.
      await db.schema
        .createTable('intake')
        .addColumn('job_id', 'text', (c) => c.primaryKey())
        .addColumn('mailbox', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('payload', 'jsonb', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'done')`))
        .addColumn('received_at', 'timestamptz', (c) => c.notNull())
        .addColumn('finished_at', 'timestamptz')
        .execute();
      await db.schema
        .createIndex('intake_pending')
        .on('intake')
        .column('received_at')
        .where(sql.ref('state'), '=', 'pending')
        .execute();
      await db.schema.createIndex('intake_finished').on('intake').column('finished_at').execute();

      // Outgoing mail is written down when it is asked for ('queued', with the job that sends
      // it), so it too survives a Redis that comes back empty; 'pending' still means a send was
      // started, 'failed' that it was given up.
      await db.schema.alterTable('outbox').dropConstraint('outbox_state_check').execute();
      await db.schema
        .alterTable('outbox')
        .addCheckConstraint('outbox_state_check', sql`state in ('queued', 'pending', 'sent', 'failed')`)
        .execute();
      await db.schema.alterTable('outbox').addColumn('job', 'jsonb').execute();
      await db.schema
        .createIndex('outbox_unsent')
        .on('outbox')
        .column('created_at')
        .where(sql.ref('state'), 'in', sql`('queued', 'pending')`)
        .execute();
    },
  },
};

/** The migrations compiled into this build: no files to find at run time. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
