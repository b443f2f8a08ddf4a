#!/usr/bin/env bash
# National-scale benchmark of the open API on SQLite and PostgreSQL.
#
#   bench/run.sh                 # both databases
#   DATABASES="sqlite" bench/run.sh
#
# For each database the script migrates and loads the data set once (load_bench_dataset).
# It serves the project with gunicorn (2 sync workers) on 127.0.0.1 and runs the shared load
# generator's scenarios a-f with 1 and 8 clients. After stopping the server it measures the
# server time of scenarios a, d and e in process (bench/server_time.py). Results go to
# bench/results/<database>-*.json.
#
# Traffic goes only to 127.0.0.1, every run stops after its request count or time limit, and
# the server is stopped on exit, also on errors.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
PYTHON="$ROOT/.venv/bin/python"
SHARED_BENCH=${SHARED_BENCH:-$ROOT/../shared/bench}
DATASET=${DATASET:-$ROOT/../hp-bench/s1}
WORK=${WORK:-$ROOT/../hp-bench}
DATABASES=${DATABASES:-"sqlite postgres"}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/hp_api_bench}
REQUESTS=${REQUESTS:-200}
RESULTS="$ROOT/bench/results"
mkdir -p "$RESULTS" "$WORK"

if [ ! -f "$DATASET/manifest.json" ]; then
    echo "No data set at $DATASET: run python3 $SHARED_BENCH/gen_dataset.py --scale 1.0 --seed 1 --out $DATASET" >&2
    exit 1
fi

export DEBUG=0 SECRET_KEY=benchmark-only-not-secret ALLOWED_HOSTS=127.0.0.1,localhost LOG_LEVEL=WARNING

SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap stop_server EXIT

for database in $DATABASES; do
    case "$database" in
        sqlite) url="sqlite:///$WORK/bench.sqlite3?conn_max_age=600"; port=8711 ;;
        postgres)
            url="$PG_URL?conn_max_age=600"; port=8712
            psql "${PG_URL%/*}/postgres" -qc "CREATE DATABASE ${PG_URL##*/}" 2>/dev/null || true
            ;;
        *) echo "Unknown database $database: use sqlite or postgres" >&2; exit 1 ;;
    esac
    # conn_max_age keeps each worker's connection, and with it SQLite's page cache, between
    # requests, as a production deployment would.
    export DATABASE_URL="$url"
    echo "== $database: $DATABASE_URL"
    "$PYTHON" manage.py migrate --noinput -v0
    if ! "$PYTHON" manage.py shell -c "from hobbies.models import Hobby; raise SystemExit(0 if Hobby.objects.filter(data_source='bench').exists() else 1)"; then
        "$PYTHON" manage.py load_bench_dataset "$DATASET"
    fi
    if [ "$database" = postgres ]; then
        psql "${PG_URL}" -qc "VACUUM ANALYZE"
    else
        "$PYTHON" manage.py shell -c "from django.db import connection; connection.cursor().execute('ANALYZE')"
    fi

    "$ROOT/.venv/bin/gunicorn" harrastuspassi.wsgi -w 2 -b "127.0.0.1:$port" --log-level warning &
    SERVER_PID=$!
    for _ in $(seq 60); do
        if "$PYTHON" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/api/v1/')" 2>/dev/null; then
            break
        fi
        sleep 1
    done

    "$PYTHON" "$SHARED_BENCH/http_bench.py" --base-url "http://127.0.0.1:$port" --dataset "$DATASET" \
        -c 1,8 -n "$REQUESTS" --label "harrastuspassi gunicorn -w 2 $database" --json "$RESULTS/$database-http.json"
    stop_server

    "$PYTHON" bench/server_time.py --dataset "$DATASET" -n 300 --json "$RESULTS/$database-server.json"
done
