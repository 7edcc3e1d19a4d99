#!/bin/sh
# One-shot job (temporalio/admin-tools): Temporal's two databases and their schema on PostgreSQL.
# Idempotent: creating an existing database fails harmlessly, setup-schema -v 0.0 leaves an existing
# schema alone, update-schema applies only the versions not yet applied.
set -eu
schema=/etc/temporal/schema/postgresql/v12
tool() { temporal-sql-tool --plugin postgres12 --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" "$@"; }

for db in temporal temporal_visibility; do
  tool --db "$db" create || echo "database $db: not created (it exists, or setup-schema below says why)"
done
tool --db temporal setup-schema -v 0.0
tool --db temporal update-schema -d "$schema/temporal/versioned"
tool --db temporal_visibility setup-schema -v 0.0
tool --db temporal_visibility update-schema -d "$schema/visibility/versioned"
echo "Temporal schema is up to date"
