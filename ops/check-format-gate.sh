#!/usr/bin/env bash
# Proves the build's formatter check works: a misformatted Java file must fail `spotless:check`,
# and the failure must name the file. Leaves the tree as it found it.
set -euo pipefail
cd "$(dirname "$0")/.."

probe=protocol/src/main/java/io/streamrp2p/protocol/FormatGateProbe.java
trap 'rm -f "$probe"' EXIT
printf 'package io.streamrp2p.protocol;\nfinal class FormatGateProbe{int  x ;}\n' > "$probe"

if out=$(./mvnw -q -B -pl protocol spotless:check 2>&1); then
  echo "format gate: a misformatted file passed spotless:check" >&2
  exit 1
fi
if ! grep -q FormatGateProbe <<<"$out"; then
  echo "format gate: spotless:check failed, but not on the misformatted file:" >&2
  echo "$out" >&2
  exit 1
fi
echo "format gate: a misformatted file fails the build, as it should"
