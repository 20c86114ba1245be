#!/usr/bin/env bash
# Write the idempotent SQL Server migration script (the artifact a DBA reviews and runs).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/sqlserver-migrations.sql}
mkdir -p "$(dirname "$out")"
dotnet tool restore >/dev/null
dotnet ef migrations script --idempotent --no-build --configuration "${CONFIGURATION:-Release}" \
  --project src/AppPasswords.Migrations.SqlServer \
  --startup-project src/AppPasswords.Migrations.SqlServer \
  --output "$out"
echo "wrote $out"
