-- Every audit row carries an HMAC keyed with a secret outside the database (Audit:HmacKey), so that whoever can write
-- the table (a superuser, a stolen backup restored elsewhere) cannot re-hash an edited row. Rows written before this
-- migration keep only their SHA-256 chain hash.

ALTER TABLE audit_events ADD COLUMN hmac character(64);
