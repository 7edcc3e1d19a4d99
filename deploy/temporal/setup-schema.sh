#!/bin/sh
# One-shot job (temporalio/admin-tools): Temporal's two databases and their schema on PostgreSQL.
# Idempotent: an existing database is left alone, setup-schema -v 0.0 leaves an existing schema alone,
# update-schema applies only the versions not yet applied.
#
# Upgrades follow Temporal's rule: one minor version at a time, the latest patch of each. The version
# whose schema was last applied is kept on the job's own volume (/state); a jump of more than one
# minor, or a downgrade, is refused before anything is touched, saying which version to go through.
set -eu
schema=/etc/temporal/schema/postgresql/v12
state="${SCHEMA_STATE_FILE:-/state/temporal-version}"
tool() { temporal-sql-tool --plugin postgres12 --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" "$@"; }

wanted="${TEMPORAL_VERSION:?TEMPORAL_VERSION is required}"
minor_of() { echo "$1" | awk -F. '{ if (NF < 2 || $1 !~ /^[0-9]+$/ || $2 !~ /^[0-9]+$/) exit 1; print $1 * 1000 + $2 }'; }
want_minor=$(minor_of "$wanted") || { echo "setup-schema: TEMPORAL_VERSION=$wanted is not a version like 1.31.2" >&2; exit 1; }
if [ -f "$state" ]; then
  applied=$(cat "$state")
  have_minor=$(minor_of "$applied") || { echo "setup-schema: $state holds '$applied', not a version" >&2; exit 1; }
  if [ "$want_minor" -lt "$have_minor" ]; then
    echo "setup-schema: refusing a downgrade from $applied to $wanted (Temporal's schema does not go back)" >&2
    exit 1
  fi
  if [ $((want_minor - have_minor)) -gt 1 ]; then
    echo "setup-schema: refusing to jump from $applied to $wanted: upgrade one minor version at a time (the latest patch of each), next $(echo "$applied" | awk -F. '{ print $1 "." $2 + 1 }').x" >&2
    exit 1
  fi
fi

for db in temporal temporal_visibility; do
  # An existing database is fine; anything else (a refused connection, a bad password) stops the job.
  if ! out=$(tool --db "$db" create 2>&1); then
    case "$out" in
      *"already exists"*) echo "database $db: exists" ;;
      *) echo "setup-schema: creating database $db failed:" >&2; echo "$out" >&2; exit 1 ;;
    esac
  fi
done
tool --db temporal setup-schema -v 0.0
tool --db temporal update-schema -d "$schema/temporal/versioned"
tool --db temporal_visibility setup-schema -v 0.0
tool --db temporal_visibility update-schema -d "$schema/visibility/versioned"
mkdir -p "$(dirname "$state")"
echo "$wanted" > "$state"
echo "Temporal schema is up to date for $wanted"
