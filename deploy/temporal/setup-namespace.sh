#!/bin/sh
# One-shot job (temporalio/admin-tools, TEMPORAL_ADDRESS set): the service's namespace and the search
# attributes that make cases listable in the UI without personal data. Idempotent.
set -eu
ns="${TEMPORAL_NAMESPACE:-default}"
# mTLS to the stack's frontend: TEMPORAL_TLS_DIR holds the admin certificate of the temporal-certs job.
tls=
if [ -n "${TEMPORAL_TLS_DIR:-}" ]; then
  tls="--tls-cert-path $TEMPORAL_TLS_DIR/tls.pem --tls-key-path $TEMPORAL_TLS_DIR/tls.key --tls-ca-path $TEMPORAL_TLS_DIR/ca.pem --tls-server-name ${TEMPORAL_TLS_SERVER_NAME:-temporal}"
fi
# shellcheck disable=SC2086 # the flags are meant to split
temporal_cli() { temporal "$@" $tls; }

tries=0
until temporal_cli operator cluster health | grep -q SERVING; do
  tries=$((tries + 1))
  [ "$tries" -lt 30 ] || { echo "Temporal at $TEMPORAL_ADDRESS is not serving" >&2; exit 1; }
  sleep 2
done

retention="${TEMPORAL_NAMESPACE_RETENTION:-168h}"
if ! temporal_cli operator namespace describe --namespace "$ns" >/dev/null 2>&1; then
  temporal_cli operator namespace create --namespace "$ns" --retention "$retention"
else
  # An existing namespace follows the setting too (a changed TEMPORAL_NAMESPACE_RETENTION takes effect).
  temporal_cli operator namespace update --namespace "$ns" --retention "$retention"
fi

# The namespace cache takes a moment to see a new namespace.
tries=0
until existing=$(temporal_cli operator search-attribute list --namespace "$ns"); do
  tries=$((tries + 1))
  [ "$tries" -lt 30 ] || exit 1
  sleep 2
done
# Keyword: exact filters (status, risk, jurisdiction); Int: the alert tier. Same list as workflows/contract.ts.
for attribute in CaseStatus:Keyword CaseRisk:Keyword CaseJurisdiction:Keyword CaseTier:Int; do
  name=${attribute%%:*}
  if printf '%s\n' "$existing" | grep -qw "$name"; then
    echo "search attribute $name: present"
  else
    temporal_cli operator search-attribute create --namespace "$ns" --name "$name" --type "${attribute#*:}"
  fi
done
echo "namespace $ns is ready"
