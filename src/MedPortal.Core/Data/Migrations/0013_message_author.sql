-- Who wrote a care-team message (the nurse's user id), so the patient sees the nurse's name, not "Nurse".
-- Messages stored before this column existed get the deciding nurse of their consultation, matched on the decision's time.

ALTER TABLE consultation_messages ADD author_id text;

UPDATE consultation_messages m
SET author_id = d.nurse_id
FROM nurse_decisions d
JOIN triage_assessments a ON a.id = d.assessment_id
WHERE m.author = 'Nurse' AND m.author_id IS NULL AND a.consultation_id = m.consultation_id AND m.created_at = d.decided_at;
