#!/bin/sh
# One-shot job (an openssl image; the compose stack's temporal-certs): the certificates of mTLS
# between Temporal's frontend and its clients, on one volume per holder so that each container
# mounts only its own key:
#   $TLS_DIR/ca       the CA (its key never leaves this job's volume)
#   $TLS_DIR/server   Temporal's frontend and internode certificate (names temporal, localhost)
#   $TLS_DIR/service  the API and the workers (CN missing-child-alerts)
#   $TLS_DIR/ui       the Web UI (CN temporal-ui)
#   $TLS_DIR/admin    the namespace job's CLI (CN temporal-admin)
# each with tls.pem, tls.key and the CA as ca.pem. Idempotent: what exists and is valid for 30 more
# days is kept; a certificate about to expire is reissued; a new CA reissues them all. Keys are
# world-readable inside their own volume (the images run as different users): isolation is by mount.
set -eu
root="${TLS_DIR:-/tls}"
days="${TEMPORAL_TLS_CERT_DAYS:-397}"
ca="$root/ca"
mkdir -p "$ca"
fresh_ca=
if [ ! -s "$ca/ca.key" ] || [ ! -s "$ca/ca.pem" ] || ! openssl x509 -checkend 2592000 -noout -in "$ca/ca.pem" >/dev/null; then
  (umask 077 && openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days 3650 -subj "/CN=missing-child-alerts Temporal CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$ca/ca.key" -out "$ca/ca.pem" 2>/dev/null)
  fresh_ca=1
  echo "CA: issued"
fi

# issue <holder> <common name> <extended key usage> [subjectAltName]
issue() {
  dir="$root/$1"
  mkdir -p "$dir"
  if [ -z "$fresh_ca" ] && [ -s "$dir/tls.key" ] && [ -s "$dir/tls.pem" ] \
    && openssl verify -CAfile "$ca/ca.pem" "$dir/tls.pem" >/dev/null 2>&1 \
    && openssl x509 -checkend 2592000 -noout -in "$dir/tls.pem" >/dev/null; then
    echo "$1 ($2): kept"
    return
  fi
  ext="$dir/tls.ext"
  { echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$3"
    if [ -n "${4:-}" ]; then echo "subjectAltName=$4"; fi; } >"$ext"
  openssl req -newkey rsa:2048 -sha256 -nodes -subj "/CN=$2" -keyout "$dir/tls.key" -out "$dir/tls.csr" 2>/dev/null
  openssl x509 -req -sha256 -days "$days" -in "$dir/tls.csr" -CA "$ca/ca.pem" -CAkey "$ca/ca.key" -CAcreateserial \
    -extfile "$ext" -out "$dir/tls.pem" 2>/dev/null
  rm -f "$dir/tls.csr" "$ext"
  cp "$ca/ca.pem" "$dir/ca.pem"
  chmod 644 "$dir/tls.pem" "$dir/tls.key" "$dir/ca.pem"
  echo "$1 ($2): issued"
}

issue server temporal serverAuth,clientAuth "DNS:temporal,DNS:localhost,IP:127.0.0.1"
issue service missing-child-alerts clientAuth
issue ui temporal-ui clientAuth
issue admin temporal-admin clientAuth
