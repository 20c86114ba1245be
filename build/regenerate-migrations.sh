#!/usr/bin/env bash
# Recreate the initial migration of both providers from the current model.
# Only for use before the first release; afterwards add migrations with build/add-migration.sh NAME.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer; do
  rm -rf "src/AppPasswords.Migrations.$provider/Migrations"
  dotnet ef migrations add InitialCreate \
    --project "src/AppPasswords.Migrations.$provider" \
    --startup-project "src/AppPasswords.Migrations.$provider" \
    --output-dir Migrations
done
