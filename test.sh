#!/usr/bin/env bash
# The whole test suite on a fresh machine: prerequisites, restore, build (warnings are errors),
# the SQL Server migration script artifact, and every test project.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Test hosts are many: polling file watchers use none of the user's 128 inotify instances.
export DOTNET_USE_POLLING_FILE_WATCHER=1
# Browser journeys drive Debian's /usr/bin/chromium; Playwright must never download its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
build/install-prerequisites.sh
if command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f docker-compose.yml config --quiet
  echo "docker-compose.yml is valid"
fi
dotnet tool restore >/dev/null
dotnet build AppPasswords.sln -c Release -warnaserror
build/sqlserver-script.sh artifacts/sqlserver-migrations.sql
# Three test assemblies at a time (MSBuild's default is one per core): the mail-server tests spend most of their
# time waiting on Dovecot and Postfix, so they run beside the web and browser tests instead of after them.
dotnet test AppPasswords.sln -c Release --no-build -m:3 --results-directory artifacts/test-results "$@"
