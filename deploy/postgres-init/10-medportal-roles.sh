#!/bin/sh
# Run once by the postgres image when its volume is first initialised (/docker-entrypoint-initdb.d): the two roles of
# docs/security.md, "Database roles". medportal_owner owns the database and runs the migrations; medportal, the app's
# runtime role, owns nothing (the app grants it what it needs after migrating). Passwords come from the environment.
set -eu
: "${MEDPORTAL_OWNER_PASSWORD:?set MEDPORTAL_OWNER_PASSWORD}"
: "${MEDPORTAL_APP_PASSWORD:?set MEDPORTAL_APP_PASSWORD}"
psql -v ON_ERROR_STOP=1 -X -q --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v owner_password="$MEDPORTAL_OWNER_PASSWORD" -v app_password="$MEDPORTAL_APP_PASSWORD" <<'SQL'
CREATE ROLE medportal_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE medportal LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
CREATE DATABASE medportal OWNER medportal_owner;
SQL
