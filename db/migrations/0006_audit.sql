-- The audit trail: one event per API call, append-only and hash-chained per account.
--
-- Each event belongs to one chain (the account it is recorded for, or '-' for calls whose access key
-- names no account). Its hash covers its content and the previous event's hash in the chain
-- (WardenStore's AuditChain), so an edited, deleted or reordered event breaks the chain where
-- `warden audit verify` can name it. The table is partitioned by day of the call: retention drops whole
-- partitions, never single rows, and nothing in the server updates or deletes an event.
CREATE TABLE audit_events (
    event_id uuid NOT NULL,
    event_time timestamptz NOT NULL,
    chain text NOT NULL CHECK (chain = '-' OR chain ~ '^[0-9]{12}$'),
    sequence bigint NOT NULL CHECK (sequence > 0),
    -- The other account of a cross-account call (the role's account of a cross-account AssumeRole).
    other_account_id text,
    organization_id text,
    event_source text NOT NULL,
    event_name text NOT NULL,
    username text,
    access_key_id text,
    read_only boolean NOT NULL,
    resource_types text[] NOT NULL DEFAULT '{}',
    resource_names text[] NOT NULL DEFAULT '{}',
    error_code text,
    -- The CloudTrail event as LookupEvents and the export return it, byte for byte.
    document text NOT NULL,
    previous_hash bytea NOT NULL,
    hash bytea NOT NULL,
    -- What LookupEvents searches, derived from the fields above ('n:EventName', 'u:Username', 'k:AccessKeyId',
    -- 's:EventSource', 'r:ResourceName', 't:ResourceType'): one GIN index instead of one b-tree per attribute,
    -- so recording an event costs a third less. `warden audit verify` checks it against the fields. Event ids
    -- are time-ordered (UUID version 7): a lookup by id reads its millisecond on the time index.
    lookup_keys text[] NOT NULL
) PARTITION BY RANGE (event_time);

-- Events whose day has no partition yet (a clock far off); the server creates each day's partition ahead.
CREATE TABLE audit_events_default PARTITION OF audit_events DEFAULT;

CREATE INDEX audit_events_time ON audit_events (event_time DESC, event_id DESC);
CREATE INDEX audit_events_chain ON audit_events (chain, sequence);
CREATE INDEX audit_events_other_account ON audit_events (other_account_id, event_time DESC) WHERE other_account_id IS NOT NULL;
CREATE INDEX audit_events_organization ON audit_events (organization_id, event_time DESC) WHERE organization_id IS NOT NULL;
CREATE INDEX audit_events_lookup ON audit_events USING gin (lookup_keys);

-- Append-only, even for the table's owner: no UPDATE, DELETE or TRUNCATE succeeds while these triggers
-- stand. Retention detaches and drops whole partitions, which no row trigger sees.
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

-- The events of changes, written on the change's own transaction (so neither commits without the other) and
-- moved into their chains by the trail's writer shortly after, in one transaction: a change never waits for a
-- chain's lock. Rows here are a queue, not the trail: the writer deletes what it has chained.
CREATE TABLE audit_outbox (
    position bigserial PRIMARY KEY,
    event_id uuid NOT NULL,
    event_time_us bigint NOT NULL,
    chain text NOT NULL,
    other_account_id text,
    event_source text NOT NULL,
    event_name text NOT NULL,
    username text,
    access_key_id text,
    read_only boolean NOT NULL,
    resource_types text[] NOT NULL,
    resource_names text[] NOT NULL,
    error_code text,
    document text NOT NULL
);

-- The head of each chain: the last event's sequence and hash. Appending to a chain locks its head, so a
-- chain's events are numbered without gaps in the order they commit.
CREATE TABLE audit_chains (
    chain text PRIMARY KEY,
    sequence bigint NOT NULL DEFAULT 0,
    hash bytea NOT NULL DEFAULT '\x0000000000000000000000000000000000000000000000000000000000000000'
);

-- Where each chain resumes after retention dropped its oldest partitions: the last dropped event's
-- sequence and hash.
CREATE TABLE audit_chain_anchors (
    chain text PRIMARY KEY,
    sequence bigint NOT NULL,
    hash bytea NOT NULL,
    dropped_before timestamptz NOT NULL
);
