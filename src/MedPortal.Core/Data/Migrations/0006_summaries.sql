-- Clinician summaries: one row per version; a signed version is never changed again.

CREATE TABLE clinical_summaries (
    id uuid NOT NULL,
    consultation_id uuid NOT NULL,
    patient_id text NOT NULL,
    version integer NOT NULL,
    status character varying(16) NOT NULL,
    sections jsonb NOT NULL,
    drafter character varying(300) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    created_by text NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    signed_at timestamp with time zone,
    signed_by text,
    signed_by_name character varying(200),
    row_version integer NOT NULL,
    CONSTRAINT "PK_clinical_summaries" PRIMARY KEY (id),
    CONSTRAINT "FK_clinical_summaries_consultations_consultation_id" FOREIGN KEY (consultation_id) REFERENCES consultations (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_clinical_summaries_consultation_id_version" ON clinical_summaries (consultation_id, version);

-- A signed version is locked in the database too, not only in the application.
CREATE FUNCTION clinical_summaries_signed_is_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'Signed' THEN
        RAISE EXCEPTION 'clinical summary % version % is signed and cannot change', OLD.id, OLD.version USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER clinical_summaries_signed_is_locked BEFORE UPDATE ON clinical_summaries
    FOR EACH ROW EXECUTE FUNCTION clinical_summaries_signed_is_locked();
