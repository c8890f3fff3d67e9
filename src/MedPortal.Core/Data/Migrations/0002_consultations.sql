-- Consultations: one pre-screening conversation of one patient.

CREATE TABLE consultations (
    id uuid NOT NULL,
    patient_id text NOT NULL,
    started_at timestamp with time zone NOT NULL,
    status character varying(32) NOT NULL,
    chief_complaint character varying(500),
    CONSTRAINT "PK_consultations" PRIMARY KEY (id),
    CONSTRAINT "FK_consultations_AspNetUsers_patient_id" FOREIGN KEY (patient_id) REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_consultations_patient_id" ON consultations (patient_id);
