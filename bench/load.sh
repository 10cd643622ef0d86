#!/usr/bin/env bash
# Load test (SECURITY.md row 17): many schools launching extractions at once through the JSON API, on a real
# host on 127.0.0.1. Reports status codes (no 5xx expected), latency percentiles from `hey`, the host's peak
# memory, and checks that every launched run ends. Needs `hey` and `sqlite3` (apt-get install -y hey sqlite3).
# Usage: bench/load.sh [SCHOOLS] [REQUESTS_PER_SCHOOL] [CONCURRENCY_PER_SCHOOL]
set -euo pipefail
cd "$(dirname "$0")/.."
SCHOOLS=${1:-10}; PER=${2:-50}; CONC=${3:-5}
command -v hey >/dev/null && command -v sqlite3 >/dev/null || { echo "hey ou sqlite3 absent : apt-get install -y hey sqlite3" >&2; exit 2; }
DATA=$(mktemp -d); PORT=$((20000 + RANDOM % 20000)); URL="http://127.0.0.1:$PORT"
dotnet build -c Release host -v q -nologo >/dev/null
HOST="dotnet host/bin/Release/net10.0/CfgResults.Host.dll --data $DATA"
$HOST demo --candidates 4000 >/dev/null
UAIS=$(sqlite3 "$DATA/cfgresults.db" "SELECT DISTINCT registration_school FROM candidates ORDER BY 1 LIMIT $SCHOOLS")
for U in $UAIS; do $HOST users add "charge-$U" --role etablissement --uai "$U" --password "mot-de-passe-charge-$U" >/dev/null; done
$HOST --urls "$URL" > "$DATA/host.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -fs "$URL/connexion" >/dev/null && break; sleep 0.5; done
GROUP=$(sqlite3 "$DATA/cfgresults.db" "SELECT decision_group FROM candidates LIMIT 1")
pids=()
for U in $UAIS; do
  J="$DATA/cookies-$U"
  TOKEN=$(curl -s -c "$J" -b "$J" "$URL/connexion" | sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -c "$J" -b "$J" -o /dev/null --data-urlencode "Login=charge-$U" --data-urlencode "Password=mot-de-passe-charge-$U" \
       --data-urlencode "__RequestVerificationToken=$TOKEN" "$URL/connexion"
  CSRF=$(curl -s -c "$J" -b "$J" "$URL/api/antiforgery" | sed -n 's/.*"jeton":"\([^"]*\)".*/\1/p')
  COOKIE=$(sed 's/^#HttpOnly_//' "$J" | awk '!/^#/ && NF>=7 {printf "%s=%s; ", $6, $7}')
  hey -n "$PER" -c "$CONC" -m POST -T application/json -H "Cookie: $COOKIE" -H "X-CSRF-TOKEN: $CSRF" -H "Origin: $URL" \
      -d "{\"parametres\":{\"groupe_decision\":\"$GROUP\",\"inclure_nom\":\"O\"}}" "$URL/api/activites/extraction-notes/editions" > "$DATA/hey-$U.txt" &
  pids+=($!)
done
wait "${pids[@]}"
# Every accepted run must end; wait for the workers to drain the queue.
for _ in $(seq 1 600); do
  LEFT=$(sqlite3 "$DATA/cfgresults.db" "SELECT COUNT(*) FROM runs WHERE state IN ('Pending','Running')")
  [ "$LEFT" = 0 ] && break; sleep 1
done
echo "## Charge : $SCHOOLS établissements × $PER extractions (concurrence $CONC chacun)"
cat "$DATA"/hey-*.txt | awk '/^ *\[[0-9][0-9][0-9]\]/ {codes[$1]+=$2} END {for (c in codes) printf "statut %s : %d\n", c, codes[c]}'
# Per school: hey's percentiles (99 % needs at least 100 requests per school); the worst school is shown.
for q in 50 95 99; do
  cat "$DATA"/hey-*.txt | awk -v q="$q%" '$1 == q && $2 == "in" {print $3}' | sort -n | tail -1 | sed "s/^/p$q (pire établissement, s) : /"
done
cat "$DATA"/hey-*.txt | awk '/Slowest:/ {print $2}' | sort -n | tail -1 | sed 's/^/requête la plus lente (s) : /'
echo "éditions : $(sqlite3 "$DATA/cfgresults.db" "SELECT state || ' ' || COUNT(*) FROM runs GROUP BY state" | tr '\n' ' ')"
echo "mémoire maximale de l'hôte : $(grep VmHWM /proc/$PID/status | awk '{print $2/1024 " MiB"}')"
