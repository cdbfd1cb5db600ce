#!/usr/bin/env bash
# Makes throwaway TLS material for one run of the lab: a CA that exists only while this script runs,
# a server certificate it signs for localhost, 127.0.0.1 and any host NAME given, and a trust store holding
# the CA.
# Usage: scripts/make-certs.sh DIR [NAME...]   (writes DIR/server.p12 and DIR/trust.p12, password "changeit",
# and DIR/ca.pem, the CA's certificate for clients such as curl; each NAME is one more DNS name of the
# certificate, e.g. the compose services' names)
# No private key is ever committed: every run or test makes its own.
set -euo pipefail
(($# >= 1)) || { echo "usage: $0 DIR [NAME...]" >&2; exit 2; }
command -v keytool >/dev/null || { echo "make-certs: keytool (from a JDK) is needed on the PATH" >&2; exit 2; }
dir=$1
shift
san=dns:localhost,ip:127.0.0.1
names=localhost,127.0.0.1
for name in "$@"; do
  [[ $name =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]] || { echo "make-certs: '$name' is no host name" >&2; exit 2; }
  san+=,dns:$name
  names+=,$name
done
mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=changeit
kt() { keytool -storetype PKCS12 -storepass "$pass" "$@" >/dev/null 2>&1; }

kt -genkeypair -alias ca -keystore "$work/ca.p12" -dname "CN=keepalive-lab throwaway CA" \
  -keyalg EC -groupname secp256r1 -validity 30 -ext bc:c
kt -exportcert -alias ca -keystore "$work/ca.p12" -rfc -file "$work/ca.pem"

kt -genkeypair -alias server -keystore "$work/server.p12" -dname "CN=localhost" \
  -keyalg EC -groupname secp256r1 -validity 30
kt -certreq -alias server -keystore "$work/server.p12" -file "$work/server.csr"
kt -gencert -alias ca -keystore "$work/ca.p12" -infile "$work/server.csr" -outfile "$work/server.pem" -rfc \
  -validity 30 -ext "SAN=$san" -ext KU=digitalSignature -ext EKU=serverAuth
# The signed certificate replaces the self-signed one only once its issuer is known to the store.
kt -importcert -alias ca -keystore "$work/server.p12" -file "$work/ca.pem" -noprompt
kt -importcert -alias server -keystore "$work/server.p12" -file "$work/server.pem"
kt -delete -alias ca -keystore "$work/server.p12"

kt -importcert -alias ca -keystore "$work/trust.p12" -file "$work/ca.pem" -noprompt
mv "$work/server.p12" "$work/trust.p12" "$work/ca.pem" "$dir/"
echo "make-certs: $dir/server.p12 (key and chain for ${names//,/, }), $dir/trust.p12 and $dir/ca.pem (the CA)"
