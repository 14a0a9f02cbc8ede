#!/bin/sh
# A portal's shell client of `talentrules serve`: decide one applicant with curl.
#
#   examples/portal/check.sh examples/applicants/P01.json 2025-07-01 [en]
#
# Prints the report (the JSON of `talentrules check --format json`); on an error prints
# the service's error JSON to stderr and exits 1. TALENTRULES_URL overrides the address.
set -eu
profile=$1
as_of=${2:-}
lang=${3:-zh}
url=${TALENTRULES_URL:-http://127.0.0.1:8080}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=$(curl -sS -o "$out" -w '%{http_code}' \
    -H 'Content-Type: application/json' --data-binary @"$profile" \
    "$url/v1/check?lang=$lang${as_of:+&as_of=$as_of}")
if [ "$status" = 200 ]; then
    cat "$out"
else
    cat "$out" >&2
    exit 1
fi
