-- Audit you can prove, without one lock for every audited action (docs/decisions/0006-audit-without-global-lock.md).
-- 1. Every new row carries an HMAC-SHA256 over its sequence number and content, keyed with a secret outside the database
--    (Audit:HmacKey): whoever can write the table (a superuser, a restored backup) cannot re-hash an edited row.
-- 2. Order comes from a sequence, so writers never wait on each other; gaps (rolled-back writes) are allowed.
-- 3. One sealer at a time (AuditSealer) chains committed rows into audit_seals, each link an HMAC over the previous
--    link, so a removed row or a removed link shows; signed checkpoints outside the database catch a cut tail.
-- Rows written before this migration keep their SHA-256 chain (prev_hash, hash) and get sealed like the rest.

ALTER TABLE audit_events
    ALTER COLUMN prev_hash DROP NOT NULL,
    ALTER COLUMN hash DROP NOT NULL,
    ADD COLUMN hmac character(64),
    -- The writing transaction's id: the sealer takes rows whose transaction ended before its snapshot.
    ADD COLUMN xid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint);

CREATE INDEX "IX_audit_events_xid" ON audit_events (xid);

CREATE SEQUENCE audit_events_seq AS bigint OWNED BY audit_events.seq;
SELECT setval('audit_events_seq', COALESCE((SELECT max(seq) FROM audit_events), 0) + 1, false);

CREATE TABLE audit_seals (
    position bigint NOT NULL,
    event_seq bigint NOT NULL,
    -- Every committed event whose transaction id is below this is sealed at or before this position.
    horizon bigint NOT NULL,
    sealed_at timestamp with time zone NOT NULL,
    chain character(64) NOT NULL,
    CONSTRAINT "PK_audit_seals" PRIMARY KEY (position)
);

CREATE UNIQUE INDEX "IX_audit_seals_event_seq" ON audit_seals (event_seq);

CREATE TRIGGER audit_seals_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_seals
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TRIGGER audit_seals_no_truncate
    BEFORE TRUNCATE ON audit_seals
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_seals FROM PUBLIC;
