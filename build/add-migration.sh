#!/usr/bin/env bash
# Add a migration named $1 to both providers, so neither is left with a pending model change.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: build/add-migration.sh MigrationName}
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer; do
  dotnet ef migrations add "$name" \
    --project "src/AppPasswords.Migrations.$provider" \
    --startup-project "src/AppPasswords.Migrations.$provider" \
    --output-dir Migrations
done
