#!/usr/bin/env bash
# Verify API throughput and latency on loopback: the real app (Release, SQLite) side by side with a bare
# Kestrel endpoint returning a fixed JSON body (bench/Ceiling), and a second copy of the app counting its rate limits in
# a local redis-server (the "+redis" cases). Needs wrk and redis-server (Debian packages "wrk", "redis-server").
# Usage: bench/verify-load.sh [duration, default 15s] [connections, default 32] [threads, default 2]; ROUNDS (default 3)
# interleaved rounds of ceiling, 1 password, 40 passwords, wrong password, 1 password +redis, wrong password +redis,
# each summarised by its median.
# After the saturation runs it measures latency at light load (LIGHT_CONNECTIONS, default "1 4", one wrk thread):
# with one connection there is one request in flight, so p99 is the service time without queueing.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-15s}
CONNECTIONS=${2:-32}
THREADS=${3:-2}
WORK=$(mktemp -d /tmp/apppasswords-bench-XXXXXX)
APP_PORT=${APP_PORT:-5381}
CEILING_PORT=${CEILING_PORT:-5382}
REDIS_APP_PORT=${REDIS_APP_PORT:-5383}
REDIS_PORT=${REDIS_PORT:-5384}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

echo "# building (Release)" >&2
dotnet publish src/AppPasswords.Web -c Release -o "$WORK/app" >/dev/null
dotnet publish bench/Ceiling -c Release -o "$WORK/ceiling" >/dev/null
dotnet build bench/BenchSeed -c Release -o "$WORK/seed" >/dev/null

echo "# seeding users, 40 passwords for one user, 1000 background passwords, a service key" >&2
eval "$(dotnet "$WORK/seed/BenchSeed.dll" "$WORK/data")"

export ASPNETCORE_ENVIRONMENT=Production
# A throw-away data folder on loopback: no mail/SMS provider and no Data Protection certificate, explicitly accepted.
export Mfa__AllowDevelopmentOutbox=true
export DataProtection__AllowUnencryptedKeys=true
export Database__DataDirectory="$WORK/data"
export Serilog__MinimumLevel__Default=Warning
export AppPasswords__VerifyRateLimits__PerServiceKeyPerMinute=100000000
export AppPasswords__VerifyRateLimits__PerUserPerMinute=100000000
export AppPasswords__VerifyRateLimits__PerRemoteIpPerMinute=100000000
(cd "$WORK/app" && exec dotnet AppPasswords.Web.dll --urls "http://127.0.0.1:$APP_PORT") >"$WORK/app.log" 2>&1 &
pids+=($!)
# The same app and database with the limits counted in Redis (no persistence, own folder, loopback only).
mkdir -p "$WORK/redis"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK/redis" --daemonize no >"$WORK/redis.log" 2>&1 &
pids+=($!)
(cd "$WORK/app" && Redis__Configuration="127.0.0.1:$REDIS_PORT" exec dotnet AppPasswords.Web.dll --urls "http://127.0.0.1:$REDIS_APP_PORT") >"$WORK/app-redis.log" 2>&1 &
pids+=($!)
(cd "$WORK/ceiling" && exec dotnet Ceiling.dll --urls "http://127.0.0.1:$CEILING_PORT") >"$WORK/ceiling.log" 2>&1 &
pids+=($!)

wait_for() { for _ in $(seq 1 "${START_TIMEOUT_TICKS:-600}"); do curl -s -o /dev/null -X POST "$1" && return 0; sleep 0.2; done; echo "not up: $1" >&2; cat "$WORK/app.log" >&2; exit 1; }
wait_for "http://127.0.0.1:$APP_PORT/api/v1/app-passwords/verify"
wait_for "http://127.0.0.1:$CEILING_PORT/api/v1/app-passwords/verify"
wait_for "http://127.0.0.1:$REDIS_APP_PORT/api/v1/app-passwords/verify"

status() { curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $SERVICE_KEY" -H 'Content-Type: application/json' -d "$1" "http://127.0.0.1:${2:-$APP_PORT}/api/v1/app-passwords/verify"; }
ONE_BODY="{\"user\":\"one@contoso.example\",\"password\":\"$ONE_PASSWORD\",\"protocol\":\"imap\",\"remoteIp\":\"192.0.2.10\"}"
MANY_BODY="{\"user\":\"many@contoso.example\",\"password\":\"$MANY_PASSWORD\",\"protocol\":\"imap\",\"remoteIp\":\"192.0.2.10\"}"
WRONG_BODY="{\"user\":\"many@contoso.example\",\"password\":\"abcdabcdabcdabcdabcdabcdabcd\",\"protocol\":\"imap\",\"remoteIp\":\"192.0.2.10\"}"
[ "$(status "$ONE_BODY")" = 200 ] && [ "$(status "$MANY_BODY")" = 200 ] && [ "$(status "$WRONG_BODY")" = 401 ] \
  && [ "$(status "$ONE_BODY" "$REDIS_APP_PORT")" = 200 ] && [ "$(status "$WRONG_BODY" "$REDIS_APP_PORT")" = 401 ] || { echo "sanity check failed" >&2; exit 1; }
# Case name -> URL and body ("+redis" cases go to the copy counting in Redis).
url_of() { case $1 in ceiling*) echo "http://127.0.0.1:$CEILING_PORT/api/v1/app-passwords/verify" ;; *_redis*) echo "http://127.0.0.1:$REDIS_APP_PORT/api/v1/app-passwords/verify" ;; *) echo "http://127.0.0.1:$APP_PORT/api/v1/app-passwords/verify" ;; esac; }
body_of() { case $1 in ceiling*|one*) echo "$ONE_BODY" ;; many*) echo "$MANY_BODY" ;; wrong*) echo "$WRONG_BODY" ;; esac; }
CASES="ceiling one many wrong one_redis wrong_redis"

run() { # name url body [threads connections]
  local t=${4:-$THREADS} c=${5:-$CONNECTIONS}
  BODY="$3" SERVICE_KEY="$SERVICE_KEY" wrk -t"$t" -c"$c" -d2s -s bench/verify.lua "$2" >/dev/null  # warm-up
  local out; out=$(BODY="$3" SERVICE_KEY="$SERVICE_KEY" wrk -t"$t" -c"$c" -d"$DURATION" -s bench/verify.lua "$2" | grep '^RESULT')
  echo "$1 $out"
}

# Warm the app up on every case first (JIT tiering, pools, caches), so the first measured case is not the one
# that pays for it; each case still gets its own 2 s warm-up below.
for case in one many wrong one_redis wrong_redis; do
  BODY="$(body_of $case)" SERVICE_KEY="$SERVICE_KEY" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP:-5s}" -s bench/verify.lua "$(url_of $case)" >/dev/null
done

# The machine's speed drifts over minutes (the bare ceiling alone has measured 40k-54k req/s on this box), so the
# ceiling and the three cases are measured in ROUNDS interleaved rounds, and each case is summarised by its median.
ROUNDS=${ROUNDS:-3}
echo "# wrk -t$THREADS -c$CONNECTIONS -d$DURATION on $(nproc) cores, $ROUNDS interleaved rounds, $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A SAMPLES
for round in $(seq 1 "$ROUNDS"); do
  for case in $CASES; do
    line=$(run "$case" "$(url_of $case)" "$(body_of $case)")
    echo "round $round: $line"
    SAMPLES[$case]+="$(sed -E 's/.*rps=([0-9]+) p50_ms=([0-9.]+) p99_ms=([0-9.]+).*/\1 \2 \3/' <<<"$line");"
  done
done
median() { tr ';' '\n' | awk -v f="$1" 'NF { print $f }' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ceil_rps=$(median 1 <<<"${SAMPLES[ceiling]}")
echo "# medians of $ROUNDS rounds"
for case in $CASES; do
  rps=$(median 1 <<<"${SAMPLES[$case]}")
  echo "$case MEDIAN rps=$rps p50_ms=$(median 2 <<<"${SAMPLES[$case]}") p99_ms=$(median 3 <<<"${SAMPLES[$case]}") ratio_to_ceiling=$(awk -v a="$rps" -v b="$ceil_rps" 'BEGIN { printf "%.2f", a / b }')"
done
for light in ${LIGHT_CONNECTIONS-1 4}; do
  echo "# light load: wrk -t1 -c$light -d$DURATION, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  for case in $CASES; do
    run "$case@c$light" "$(url_of $case)" "$(body_of $case)" 1 "$light"
  done
done
echo "# done $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
