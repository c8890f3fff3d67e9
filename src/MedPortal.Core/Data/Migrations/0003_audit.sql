-- Append-only, hash-chained audit log. No PHI: resources are named by type and opaque id.

CREATE TABLE audit_events (
    seq bigint NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    actor_id character varying(64) NOT NULL,
    actor_role character varying(32) NOT NULL,
    action character varying(64) NOT NULL,
    resource_type character varying(64) NOT NULL,
    resource_id character varying(64) NOT NULL,
    client_address character varying(64),
    prev_hash character(64) NOT NULL,
    hash character(64) NOT NULL,
    CONSTRAINT "PK_audit_events" PRIMARY KEY (seq)
);

CREATE INDEX "IX_audit_events_actor_id" ON audit_events (actor_id);

CREATE INDEX "IX_audit_events_occurred_at" ON audit_events (occurred_at);

CREATE INDEX "IX_audit_events_resource_type_resource_id" ON audit_events (resource_type, resource_id);

-- Rows can be added, never changed or removed, whichever non-superuser role asks.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC;
