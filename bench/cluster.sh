#!/usr/bin/env bash
# Publication over host processes on one PostgreSQL database (issue 9, item 7): the same fanned-out publication with
# N hosts, each pinned to its own CPU list with taskset, each with its own data folder (no shared volume).
#   bench/cluster.sh CANDIDATES "CPUS_OF_HOST1 [CPUS_OF_HOST2 …]"
#   bench/cluster.sh 50000 "0"       # one host on core 0
#   bench/cluster.sh 50000 "0 1"     # two hosts, one core each
#   bench/cluster.sh 850000 "0 1"    # national size (a brevet session), two hosts
# Needs the Release host (dotnet build host -c Release), psql, curl, jq. PostgreSQL: PGHOST/PGPORT/PGUSER
# (default 127.0.0.1:55432, postgres). Prints one Markdown row: time (run started → ended, from the database),
# transcripts/s, database size, peak memory (VmHWM) of each host.
set -euo pipefail
N=$1
read -r -a CPUS <<< "$2"
cd "$(dirname "$0")/.."
HOST_DLL=host/bin/Release/net10.0/CfgResults.Host.dll
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-55432} PGUSER=${PGUSER:-postgres}
DB=bench_cluster_$$
# A long command timeout: loading 850,000 candidates on a loaded machine outlasts Npgsql's default 30 s.
CONN="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Database=$DB;Command Timeout=1800"
WORK=$(mktemp -d /tmp/cfgresults-cluster-XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  psql -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
psql -d postgres -qc "CREATE DATABASE $DB ENCODING 'UTF8' TEMPLATE template0"
load_start=$(date +%s)
dotnet "$HOST_DLL" --data "$WORK/setup" --db "$CONN" demo --candidates "$N" > /dev/null
dotnet "$HOST_DLL" --data "$WORK/setup" --db "$CONN" users add bench-gestion --role gestionnaire --password Bench-Mot-de-passe-1 > /dev/null
load_s=$(( $(date +%s) - load_start ))

for i in "${!CPUS[@]}"; do
  CfgResults__Demo=false Logging__LogLevel__Default=Warning \
    taskset -c "${CPUS[$i]}" dotnet "$HOST_DLL" --data "$WORK/host$i" --db "$CONN" --urls "http://127.0.0.1:$((5300 + i))" > "$WORK/host$i.log" 2>&1 &
  PIDS+=($!)
done
for i in "${!CPUS[@]}"; do
  until curl -sf "http://127.0.0.1:$((5300 + i))/connexion" > /dev/null; do sleep 0.5; done
done

BASE=http://127.0.0.1:5300
JAR=$WORK/jar
token=$(curl -s -c "$JAR" -b "$JAR" "$BASE/connexion" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//;s/"$//')
curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "Login=bench-gestion" --data-urlencode "Password=Bench-Mot-de-passe-1" \
  --data-urlencode "__RequestVerificationToken=$token" "$BASE/connexion"
csrf=$(curl -s -c "$JAR" -b "$JAR" "$BASE/api/antiforgery" | jq -r .jeton)
run=$(curl -s -c "$JAR" -b "$JAR" -H "X-CSRF-TOKEN: $csrf" -H 'Content-Type: application/json' \
  -d '{"parametres":{"disponible_le":"01/01/2020 08:00"}}' "$BASE/api/activites/publication-releves/editions" | jq -r .id)
[ -n "$run" ] && [ "$run" != null ] || { echo "publication non lancée" >&2; exit 1; }
# Polled in the database, not through the API: a publication of national size outlasts an idle sign-in session.
until psql -d "$DB" -At -c "SELECT state FROM runs WHERE id = '$run'" | grep -qxE 'Succeeded|Refused|Failed|Cancelled'; do sleep 2; done

peaks=()
for p in "${PIDS[@]}"; do peaks+=("$(awk '/VmHWM/ {printf "%d MiB", $2/1024}' /proc/"$p"/status)"); done
read -r state rows secs <<< "$(psql -d "$DB" -At -F ' ' -c "SELECT state, row_count, EXTRACT(EPOCH FROM (ended_at::timestamptz - started_at::timestamptz)) FROM runs WHERE id = '$run'")"
dbsize=$(psql -d "$DB" -At -c "SELECT pg_size_pretty(pg_database_size('$DB'))")
blobs=$(psql -d "$DB" -At -c "SELECT pg_size_pretty(pg_total_relation_size('blob_chunks'))")
batches=$(psql -d "$DB" -At -c "SELECT COUNT(*) FROM publication_batches WHERE run_id = '$run'")
rate=$(awk -v r="$rows" -v s="$secs" 'BEGIN { printf "%d", r / s }')
echo "| $N candidates, ${#CPUS[@]} host(s) on CPUs [${CPUS[*]}] | $state | $(printf '%.1f' "$secs") s | $rows transcripts, **$rate transcripts/s** | $batches batches | database $dbsize (PDFs $blobs) | peak memory per host: ${peaks[*]} | load ${load_s} s |"
