-- The consultation loop: messages, preliminary assessments (the nurse queue) and nurses' decisions.

ALTER TABLE consultations ADD rule_acuity integer;

ALTER TABLE consultations ADD emergency_shown_at timestamp with time zone;

ALTER TABLE consultations ADD assistant_engine character varying(200);

ALTER TABLE consultations ADD submitted_at timestamp with time zone;

CREATE TABLE consultation_messages (
    id uuid NOT NULL,
    consultation_id uuid NOT NULL,
    seq integer NOT NULL,
    author character varying(16) NOT NULL,
    content text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    state character varying(16) NOT NULL,
    client_message_id uuid,
    CONSTRAINT "PK_consultation_messages" PRIMARY KEY (id),
    CONSTRAINT "FK_consultation_messages_consultations_consultation_id" FOREIGN KEY (consultation_id) REFERENCES consultations (id) ON DELETE CASCADE
);

CREATE TABLE triage_assessments (
    id uuid NOT NULL,
    consultation_id uuid NOT NULL,
    patient_id text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    ai_acuity integer NOT NULL,
    rule_acuity integer NOT NULL,
    model_acuity integer,
    is_crisis boolean NOT NULL,
    fired_rules jsonb NOT NULL,
    extracted jsonb NOT NULL,
    recap text NOT NULL,
    rationale text,
    provenance character varying(300) NOT NULL,
    status character varying(16) NOT NULL,
    claimed_by text,
    claimed_at timestamp with time zone,
    version integer NOT NULL,
    CONSTRAINT "PK_triage_assessments" PRIMARY KEY (id),
    CONSTRAINT "FK_triage_assessments_consultations_consultation_id" FOREIGN KEY (consultation_id) REFERENCES consultations (id) ON DELETE CASCADE
);

CREATE TABLE nurse_decisions (
    id uuid NOT NULL,
    assessment_id uuid NOT NULL,
    nurse_id text NOT NULL,
    decided_at timestamp with time zone NOT NULL,
    ai_acuity integer NOT NULL,
    final_acuity integer NOT NULL,
    overridden boolean NOT NULL,
    override_reason character varying(2000),
    disposition character varying(40) NOT NULL,
    message_to_patient character varying(4000) NOT NULL,
    CONSTRAINT "PK_nurse_decisions" PRIMARY KEY (id),
    CONSTRAINT "FK_nurse_decisions_triage_assessments_assessment_id" FOREIGN KEY (assessment_id) REFERENCES triage_assessments (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_consultation_messages_consultation_id_client_message_id" ON consultation_messages (consultation_id, client_message_id);

CREATE UNIQUE INDEX "IX_consultation_messages_consultation_id_seq" ON consultation_messages (consultation_id, seq);

CREATE UNIQUE INDEX "IX_nurse_decisions_assessment_id" ON nurse_decisions (assessment_id);

CREATE INDEX "IX_nurse_decisions_nurse_id" ON nurse_decisions (nurse_id);

CREATE UNIQUE INDEX "IX_triage_assessments_consultation_id" ON triage_assessments (consultation_id);

CREATE INDEX "IX_triage_assessments_patient_id" ON triage_assessments (patient_id);

CREATE INDEX "IX_triage_assessments_status_ai_acuity_created_at" ON triage_assessments (status, ai_acuity, created_at);

-- Live updates across app instances: every queue or conversation change is announced on this channel.
CREATE FUNCTION medportal_notify(kind text, id uuid, consultation uuid) RETURNS void LANGUAGE sql AS $$
    SELECT pg_notify('medportal_events', json_build_object('kind', kind, 'id', id, 'consultationId', consultation)::text);
$$;
