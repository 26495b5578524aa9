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
  '0004-one-statement-case-and-send': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('outbox').dropConstraint('outbox_state_check').execute();
      await db.schema
        .alterTable('outbox')
        .addCheckConstraint(
          'outbox_state_check',
          sql`state in ('queued', 'pending', 'sent', 'failed', 'suppressed')`,
        )
        .execute();
      // Two hot paths as one statement each (one round trip, one transaction): see
      // case-opening.ts and mail-sent.ts for what goes in. Only static SQL here; every value
      // arrives as a bound jsonb parameter.
      await sql`
        create function open_case(p jsonb) returns jsonb language plpgsql as $fn$
        declare
          c jsonb := p->'case';
          q jsonb := p->'quota';
          v_id text;
          v_number integer;
          v_count integer;
          v_mine integer;
          v_at timestamptz := (c->>'created_at')::timestamptz;
        begin
          -- A retried job whose request has its case already ends at the case insert (unique
          -- request key): the exception handler below rolls everything back and returns it.
          if jsonb_typeof(q) = 'object' then
            -- One account-month at a time: two workers must not both take the last slot.
            perform pg_advisory_xact_lock(hashtextextended(
              'quota|' || (q->>'policy') || '|' || (q->>'accountId') || '|' || (q->>'month'), 0));
            select count(*), count(*) filter (where message_id = q->>'requestId')
              into v_count, v_mine
              from quota_reservations
              where policy = q->>'policy' and account_id = q->>'accountId' and month = q->>'month';
            if v_mine = 0 then
              if v_count >= (q->>'limit')::integer then
                return jsonb_build_object('created', false, 'admitted', false, 'count', v_count);
              end if;
              insert into quota_reservations (policy, account_id, month, message_id, reserved_at)
                values (q->>'policy', q->>'accountId', q->>'month', q->>'requestId', v_at);
            end if;
          end if;
          -- The sequence row stays locked until commit: numbers follow commit order, and a
          -- rolled-back creation gives its number back before anyone could see it.
          insert into case_sequences (prefix, last_number) values (p->>'prefix', 1)
            on conflict (prefix) do update set last_number = case_sequences.last_number + 1
            returning last_number into v_number;
          v_id := (p->>'prefix') || '-' || v_number;
          -- jsonb columns take c->'…' as it is: a JSON null stays a JSON null (not SQL NULL).
          insert into cases (id, prefix, number, policy, account_id, customer_email, customer_name,
              status, severity, plan_id, subject, message_id, mailbox, created_at, snapshot,
              targets, decision, billing, language, last_customer_text, sla_version, resolved_at,
              assignee, ack_sent_at, priority, level)
            values (v_id, p->>'prefix', v_number, c->>'policy', c->>'account_id',
              c->>'customer_email', c->>'customer_name', c->>'status', c->>'severity',
              c->>'plan_id', c->>'subject', c->>'message_id', c->>'mailbox', v_at, c->'snapshot',
              c->'targets', c->>'decision', c->'billing', c->>'language', c->>'last_customer_text',
              (c->>'sla_version')::integer, (c->>'resolved_at')::timestamptz, c->>'assignee',
              (c->>'ack_sent_at')::timestamptz, (c->>'priority')::integer, c->>'level');
          insert into message_index (message_id, case_id) values (c->>'message_id', v_id)
            on conflict (message_id) do nothing;
          insert into case_targets (case_id, name, calendar, due, warn_at)
            select v_id, t.name, t.calendar, t.due, t.warn_at
            from jsonb_to_recordset(p->'targets') as t(name text, calendar text, due timestamptz, warn_at timestamptz);
          if jsonb_array_length(p->'pauses') > 0 then
            insert into case_pauses (case_id, started_at, ended_at)
              select v_id, t.started_at, t.ended_at
              from jsonb_to_recordset(p->'pauses') as t(started_at timestamptz, ended_at timestamptz);
          end if;
          insert into case_history (case_id, at, event, detail)
            select v_id, v_at, h.event, h.detail
            from rows from (jsonb_to_recordset(p->'history') as (event text, detail text))
              with ordinality as h(event, detail, n)
            order by h.n;
          -- The mails the case asks for, written with it; the case ID stands in for the token
          -- they were built with before the number existed.
          insert into outbox (message_id, state, fields, job, created_at)
            select replace(o->>'messageId', p->>'token', v_id), 'queued',
                   replace((o->'fields')::text, p->>'token', v_id)::jsonb,
                   replace((o->'job')::text, p->>'token', v_id)::jsonb, v_at
            from jsonb_array_elements(p->'outbox') as o
            on conflict (message_id) do nothing;
          if p->>'intakeJobId' is not null then
            update intake set state = 'done', finished_at = now(), payload = '{}'
              where job_id = p->>'intakeJobId' and state = 'pending';
          end if;
          return jsonb_build_object('caseId', v_id, 'created', true, 'admitted', true);
        exception when unique_violation then
          -- A retry, or another worker that created the same request's case first.
          select id into v_id from cases
            where mailbox = c->>'mailbox' and message_id = c->>'message_id'
              and customer_email = c->>'customer_email';
          if not found then raise; end if;
          -- Its intake record closes all the same (a replay of a mail that has its case).
          if p->>'intakeJobId' is not null then
            update intake set state = 'done', finished_at = now(), payload = '{}'
              where job_id = p->>'intakeJobId' and state = 'pending';
          end if;
          return jsonb_build_object('caseId', v_id, 'created', false, 'admitted', true);
        end
        $fn$`.execute(db);

      await sql`
        create function mail_sent(p jsonb) returns jsonb language plpgsql as $fn$
        declare
          v_case text := p->>'caseId';
          v_at timestamptz := (p->>'at')::timestamptz;
          v_first_ack boolean := false;
        begin
          -- The job (an engineer's relayed attachments, base64) is needed only until the send.
          update outbox set state = 'sent', sent_at = v_at, job = null where message_id = p->>'messageId';
          if not found then
            insert into outbox (message_id, state, fields, created_at, sent_at)
              values (p->>'messageId', 'sent', '{}', v_at, v_at);
          end if;
          if v_case is null then
            return jsonb_build_object('firstAck', false);
          end if;
          insert into message_index (message_id, case_id) values (p->>'messageId', v_case)
            on conflict (message_id) do nothing;
          if p->>'purpose' = 'acknowledgement' then
            update cases
              set ack_sent_at = v_at,
                  status = case when status = 'new' then 'acknowledged' else status end
              where id = v_case and ack_sent_at is null;
            if found then
              v_first_ack := true;
              if (p->>'firstResponseMetByAck')::boolean then
                insert into case_targets (case_id, name, met_at) values (v_case, 'firstResponse', v_at)
                  on conflict (case_id, name) do update set met_at = excluded.met_at;
                insert into case_history (case_id, at, event, detail)
                  values (v_case, v_at, 'target-met', 'firstResponse met by the acknowledgement (case ID sent)');
              end if;
            end if;
          end if;
          insert into case_history (case_id, at, event, detail)
            values (v_case, v_at, 'mail-sent', p->>'historyDetail');
          return jsonb_build_object('firstAck', v_first_ack);
        end
        $fn$`.execute(db);
    },
  },
  '0005-outbox-send-lease': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Who is sending a mail, since when: a send started by one worker is not started again by
      // another (a job the reconcile step queued) until its lease has run out.
      await db.schema.alterTable('outbox').addColumn('claimed_by', 'text').execute();
      await db.schema.alterTable('outbox').addColumn('claimed_at', 'timestamptz').execute();
    },
  },
  '0006-open-case-claims-its-mails': {
    async up(db: Kysely<unknown>): Promise<void> {
      // 0004's open_case stays as it was, under a name of its own. open_case now calls it and,
      // for a case it created whose opening job sends the mails itself (`claimedBy`), writes
      // those outbox rows claimed by that job in the same transaction: two statements fewer a
      // case, since those sends need no claim of their own.
      await sql`alter function open_case(jsonb) rename to open_case_0004`.execute(db);
      await sql`
        create function open_case(p jsonb) returns jsonb language plpgsql as $fn$
        declare
          r jsonb := open_case_0004(p);
        begin
          if p->>'claimedBy' is not null and (r->>'created')::boolean then
            update outbox
              set state = 'pending', claimed_by = p->>'claimedBy',
                  claimed_at = (p->'case'->>'created_at')::timestamptz
              where state = 'queued' and message_id in (
                select replace(o->>'messageId', p->>'token', r->>'caseId')
                from jsonb_array_elements(p->'outbox') as o);
          end if;
          return r;
        end
        $fn$`.execute(db);
    },
  },
};

/** The migrations compiled into this build: no files to find at run time. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
