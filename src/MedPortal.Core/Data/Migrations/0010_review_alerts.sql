-- Escalation: one alert per triage case that waited past its review target (crisis and level 1: five minutes
-- unclaimed). The unique assessment_id makes raising idempotent across app instances (INSERT ... ON CONFLICT DO
-- NOTHING). An alert stays until a nurse acknowledges it; who and when is kept, and audited.

CREATE TABLE review_alerts (
    id uuid NOT NULL,
    assessment_id uuid NOT NULL,
    consultation_id uuid NOT NULL,
    acuity integer NOT NULL,
    is_crisis boolean NOT NULL,
    reason character varying(32) NOT NULL,
    case_created_at timestamp with time zone NOT NULL,
    raised_at timestamp with time zone NOT NULL,
    acknowledged_by text,
    acknowledged_at timestamp with time zone,
    CONSTRAINT "PK_review_alerts" PRIMARY KEY (id),
    CONSTRAINT "FK_review_alerts_triage_assessments" FOREIGN KEY (assessment_id) REFERENCES triage_assessments (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_review_alerts_assessment_id" ON review_alerts (assessment_id);
CREATE INDEX "IX_review_alerts_open" ON review_alerts (raised_at) WHERE acknowledged_at IS NULL;
