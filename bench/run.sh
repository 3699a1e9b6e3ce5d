#!/usr/bin/env bash
# npm run bench / bench:quick / bench:profile / bench:compare: installs the bench's own
# dependencies on first use (they never enter the library's), then runs the TypeScript runner.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d bench/node_modules ]; then
  npm ci --prefix bench --no-audit --no-fund
fi
script="$1"
shift
exec node --import tsx "bench/runner/$script.ts" "$@"
