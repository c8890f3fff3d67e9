-- Uploaded documents (issue 13): metadata, the bytes apart, and the extracted passages with their provenance.
-- A document is written together with all of its passages in one transaction, or not at all; a file that cannot be
-- read is kept with status 'Quarantined' and no passages. The same bytes cannot be added twice to one consultation.

CREATE TABLE documents (
    id uuid NOT NULL,
    consultation_id uuid NOT NULL,
    patient_id text NOT NULL,
    uploaded_by text NOT NULL,
    uploaded_by_role character varying(32) NOT NULL,
    uploaded_at timestamp with time zone NOT NULL,
    file_name character varying(255) NOT NULL,
    kind character varying(16) NOT NULL,
    size_bytes bigint NOT NULL,
    sha256 character(64) NOT NULL,
    status character varying(32) NOT NULL,
    status_detail character varying(1000),
    page_count integer,
    CONSTRAINT "PK_documents" PRIMARY KEY (id),
    CONSTRAINT "FK_documents_consultations_consultation_id" FOREIGN KEY (consultation_id) REFERENCES consultations (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_documents_consultation_id_sha256" ON documents (consultation_id, sha256);
CREATE INDEX "IX_documents_patient_id" ON documents (patient_id);
CREATE INDEX "IX_documents_quarantined" ON documents (uploaded_at) WHERE status = 'Quarantined';

CREATE TABLE document_contents (
    document_id uuid NOT NULL,
    bytes bytea NOT NULL,
    CONSTRAINT "PK_document_contents" PRIMARY KEY (document_id),
    CONSTRAINT "FK_document_contents_documents_document_id" FOREIGN KEY (document_id) REFERENCES documents (id) ON DELETE CASCADE
);

-- The bytes are already compressed where they can be (PDF streams, zip, audio codecs): do not compress them again.
ALTER TABLE document_contents ALTER COLUMN bytes SET STORAGE EXTERNAL;

CREATE TABLE document_passages (
    document_id uuid NOT NULL,
    seq integer NOT NULL,
    page integer,
    paragraph integer,
    start_offset integer NOT NULL,
    end_offset integer NOT NULL,
    text text NOT NULL,
    CONSTRAINT "PK_document_passages" PRIMARY KEY (document_id, seq),
    CONSTRAINT "FK_document_passages_documents_document_id" FOREIGN KEY (document_id) REFERENCES documents (id) ON DELETE CASCADE,
    CONSTRAINT "CK_document_passages_offsets" CHECK (start_offset >= 0 AND end_offset >= start_offset)
);
