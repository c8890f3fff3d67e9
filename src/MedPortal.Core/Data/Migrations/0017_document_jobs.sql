-- Background jobs over documents (issue 13 item 3): a row per job, claimed by a worker with FOR UPDATE SKIP LOCKED so
-- that several app instances share the queue. A running job holds a lease that its worker renews (heartbeat); a job whose
-- lease ran out (the worker died) is put back in the queue by the next worker that looks. Progress (0-100) and a short
-- stage text are written while the job runs. error_reason is a fixed message for people, never document text or PHI.

CREATE TABLE document_jobs (
    id uuid NOT NULL,
    document_id uuid NOT NULL,
    consultation_id uuid NOT NULL,
    kind character varying(32) NOT NULL,
    state character varying(16) NOT NULL,
    progress integer NOT NULL DEFAULT 0,
    stage character varying(80),
    attempts integer NOT NULL DEFAULT 0,
    error_reason character varying(400),
    cancel_requested boolean NOT NULL DEFAULT false,
    created_at timestamp with time zone NOT NULL,
    queued_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    lease_owner character varying(100),
    lease_expires_at timestamp with time zone,
    heartbeat_at timestamp with time zone,
    CONSTRAINT "PK_document_jobs" PRIMARY KEY (id),
    CONSTRAINT "FK_document_jobs_documents_document_id" FOREIGN KEY (document_id) REFERENCES documents (id) ON DELETE CASCADE,
    CONSTRAINT "CK_document_jobs_progress" CHECK (progress BETWEEN 0 AND 100)
);

CREATE INDEX "IX_document_jobs_document_id" ON document_jobs (document_id);
CREATE INDEX "IX_document_jobs_consultation_id" ON document_jobs (consultation_id);
-- The claim: the oldest queued job first; and the sweep for running jobs whose lease ran out.
CREATE INDEX "IX_document_jobs_queued" ON document_jobs (queued_at) WHERE state = 'Queued';
CREATE INDEX "IX_document_jobs_running_lease" ON document_jobs (lease_expires_at) WHERE state = 'Running';
