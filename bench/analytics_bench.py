#!/usr/bin/env python3
"""Benchmark of the analytics: ingestion over HTTP, and monthly reports from 30 million events.

    .venv/bin/python bench/analytics_bench.py ingest --database sqlite
    .venv/bin/python bench/analytics_bench.py ingest --database postgres
    .venv/bin/python bench/analytics_bench.py reports --events 30000000
    .venv/bin/python bench/analytics_bench.py reports --reuse --clear-rollups

`ingest` migrates a fresh database and starts gunicorn on 127.0.0.1 with the production
settings (DEBUG off, rate limit off). It posts batches of 50 valid events from --clients
threads for --batches batches or --max-seconds, then checks that the database contains every
accepted event. It prints events per second and the latency of a batch.

`reports` needs PostgreSQL. It creates the 308 municipalities of
../shared/data/municipalities/municipalities_fi.csv, 40 categories and 50,000 hobbies,
generates --events raw events for one month with INSERT ... SELECT over generate_series
(one statement per day; see generate_events for the mix of events, municipalities weighted
by population and a skew towards popular hobbies, search texts and promotions), then times the rollup of that month
(--rollup-workers days at once) and the build of every municipal report and the national
one, in memory and as CSV and XLSX files.

Each run uses its own database (a temporary SQLite file, or the PostgreSQL databases
hp_analytics_bench_ingest and hp_analytics_bench_reports, or the names given with
--database-name, which are dropped and created again). Nothing is left running when the
script ends.
"""

import argparse
import csv
import datetime as dt
import http.client
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
DEFAULT_MUNICIPALITIES = ROOT.parent / "shared" / "data" / "municipalities" / "municipalities_fi.csv"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
BATCH_SIZE = 50


def read_municipalities(path):
    """Return [(code, name_fi, name_sv, population)] from the municipalities CSV."""
    with open(path, encoding="utf-8") as handle:
        return [
            (row["code"], row["name_fi"], row["name_sv"], int(row["population_2019"] or 0))
            for row in csv.DictReader(handle)
        ]


def recreate_postgres_database(name):
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"


def server_environment(database_url):
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": "benchmark-only-secret-key-" + "x" * 30,
            "ALLOWED_HOSTS": "127.0.0.1",
            "ANALYTICS_RATE_LIMIT_PER_MINUTE": "0",
            "LOG_LEVEL": "WARNING",
            "ENV_FILE": os.devnull,
            "DJANGO_SETTINGS_MODULE": "harrastuspassi.settings",
        }
    )
    return env


def setup_django(database_url):
    """Configure Django in this process for the benchmark database."""
    os.environ.update(server_environment(database_url))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def migrate(env):
    subprocess.run([str(PYTHON), "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)


def machine_summary():
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores, {cpu}, {memory}, Python {platform.python_version()}, {platform.platform()}"


def load_average():
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# --- Ingestion ---------------------------------------------------------------------------


def make_batches(count, codes, seed):
    """Return `count` encoded batches of BATCH_SIZE valid events with a realistic mix."""
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    words = ["jalkapallo", "sähly", "tanssi", "kitara", "uinti", "parkour", "kuoro", "e-urheilu", "ratsastus", "shakki"]
    batches = []
    for _ in range(count):
        events = []
        for _ in range(BATCH_SIZE):
            moment = (now - dt.timedelta(seconds=rng.randint(0, 3600))).isoformat()
            code = rng.choice(codes)
            roll = rng.random()
            if roll < 0.45:
                event = {"name": "hobby_view", "hobby": rng.randint(1, 50_000)}
            elif roll < 0.65:
                event = {"name": "search", "text": rng.choice(words), "results": rng.randint(0, 30), "filters": ["weekday"]}
            elif roll < 0.75:
                event = {"name": "promotion_view", "promotion": rng.randint(1, 2000)}
            elif roll < 0.85:
                event = {"name": "map_open"}
            elif roll < 0.93:
                event = {"name": "favourite_add", "hobby": rng.randint(1, 50_000)}
            else:
                event = {"name": "active_month"}
            event.update({"time": moment, "municipality": code})
            events.append(event)
        batches.append(json.dumps({"schema_version": 1, "events": events}).encode())
    return batches


def post_batches(port, batches, clients, max_seconds):
    """Post the batches from `clients` threads; return (latencies, accepted, errors, seconds)."""
    latencies, accepted, errors = [], [0], [0]
    lock = threading.Lock()
    next_index = [0]
    deadline = time.monotonic() + max_seconds

    def worker():
        while time.monotonic() < deadline:
            with lock:
                index = next_index[0]
                next_index[0] += 1
            if index >= len(batches):
                return
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request(
                    "POST", "/api/analytics/v1/events/", body=batches[index], headers={"Content-Type": "application/json"}
                )
                response = connection.getresponse()
                body = response.read()
                connection.close()
            except OSError:
                with lock:
                    errors[0] += 1
                continue
            elapsed = time.perf_counter() - started
            with lock:
                if response.status == 200:
                    latencies.append(elapsed)
                    accepted[0] += len(json.loads(body)["accepted"])
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, accepted[0], errors[0], time.perf_counter() - started


def wait_for_server(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped while starting")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/analytics/v1/schema/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not respond within {seconds} seconds")


def run_ingest(args):
    workdir = Path(tempfile.mkdtemp(prefix="hp-analytics-bench-"))
    if args.database == "sqlite":
        database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        database_url = recreate_postgres_database(args.database_name or "hp_analytics_bench_ingest")
    if args.conn_max_age:
        # Persistent connections, as a production DATABASE_URL should set: opening a
        # PostgreSQL connection per request costs more than storing a batch.
        database_url += f"?conn_max_age={args.conn_max_age}"
    env = server_environment(database_url)
    migrate(env)
    setup_django(database_url)
    from places.models import Municipality

    municipalities = read_municipalities(args.municipalities)
    Municipality.objects.bulk_create(
        Municipality(code=code, name=name, name_fi=name, name_sv=name_sv) for code, name, name_sv, _population in municipalities
    )
    codes = [code for code, *_rest in municipalities]
    batches = make_batches(args.batches, codes, args.seed)

    server = subprocess.Popen(
        [
            str(GUNICORN),
            "harrastuspassi.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_for_server(args.port, server)
        post_batches(args.port, batches[: args.warmup], args.clients, 60)
        load_before = load_average()
        latencies, accepted, errors, seconds = post_batches(args.port, batches[args.warmup :], args.clients, args.max_seconds)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    from analytics.models import UsageEvent

    stored = UsageEvent.objects.count()
    expected = accepted + args.warmup * BATCH_SIZE
    latencies.sort()
    result = {
        "database": args.database,
        "gunicorn_workers": args.workers,
        "conn_max_age": args.conn_max_age,
        "clients": args.clients,
        "batches": len(latencies),
        "events_accepted": accepted,
        "errors": errors,
        "seconds": round(seconds, 2),
        "events_per_second": round(accepted / seconds),
        "batches_per_second": round(len(latencies) / seconds, 1),
        "latency_p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "latency_p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
        "stored_events_match": stored == expected,
        "load_average_before": load_before,
        "machine": machine_summary(),
    }
    print(json.dumps(result, indent=2))
    shutil.rmtree(workdir, ignore_errors=True)
    if stored != expected:
        raise SystemExit(f"the database contains {stored} events, but {expected} were accepted")


# --- Reports -----------------------------------------------------------------------------

# Share of each event name, in per mille.
EVENT_MIX = [
    ("hobby_view", 450),
    ("search", 200),
    ("promotion_view", 100),
    ("map_open", 100),
    ("favourite_add", 60),
    ("language_select", 25),
    ("active_month", 20),
    ("favourite_remove", 20),
    ("promotion_use", 20),
    ("first_open", 5),
]
SEARCH_WORDS = 2000
WEIGHT_SLOTS = 10_000


def build_catalogue(municipalities, hobby_count, seed):
    """Create categories and hobbies; return the id range of each municipality's hobbies.

    Hobbies of one municipality get consecutive ids, so that the event generator can pick
    a local hobby with one random number.
    """
    from hobbies.categories import rebuild_category_tree
    from hobbies.models import Hobby, HobbyCategory
    from places.models import Municipality

    rng = random.Random(seed)
    Municipality.objects.bulk_create(
        Municipality(code=code, name=name, name_fi=name, name_sv=name_sv, population=population)
        for code, name, name_sv, population in municipalities
    )
    by_code = dict(Municipality.objects.values_list("code", "id"))
    roots = HobbyCategory.objects.bulk_create(HobbyCategory(name=f"Pääluokka {n}", name_fi=f"Pääluokka {n}") for n in range(8))
    children = HobbyCategory.objects.bulk_create(
        HobbyCategory(name=f"Alaluokka {root.pk}.{n}", name_fi=f"Alaluokka {root.pk}.{n}", parent=root)
        for root in roots
        for n in range(4)
    )
    rebuild_category_tree()

    total_population = sum(population for *_rest, population in municipalities)
    ranges = []
    for code, _name, _name_sv, population in municipalities:
        count = max(3, round(hobby_count * population / total_population))
        hobbies = Hobby.objects.bulk_create(
            (
                Hobby(name=f"Harrastus {code}-{n}", name_fi=f"Harrastus {code}-{n}", municipality_id=by_code[code], status="published")
                for n in range(count)
            ),
            batch_size=2000,
        )
        ranges.append((code, hobbies[0].pk, count, population))
    through = Hobby.categories.through
    links = []
    for _code, first_id, count, _population in ranges:
        for hobby_id in range(first_id, first_id + count):
            for category in rng.sample(children, rng.choice((1, 1, 2))):
                links.append(through(hobby_id=hobby_id, hobbycategory_id=category.pk))
    through.objects.bulk_create(links, batch_size=5000)
    return ranges, [category.pk for category in roots + children]


def generate_events(connection, ranges, category_ids, month_first, days, per_day):
    """Insert `per_day` events for each day with one INSERT ... SELECT per day; return seconds per day."""
    total_population = sum(max(population, 1) for *_rest, population in ranges)
    slots = []
    for index, (_code, _first, _count, population) in enumerate(ranges, start=1):
        slots += [index] * max(1, round(WEIGHT_SLOTS * max(population, 1) / total_population))
    codes = [code for code, *_rest in ranges]
    firsts = [first for _code, first, _count, _population in ranges]
    counts = [count for _code, _first, count, _population in ranges]
    all_first, all_count = firsts[0], sum(counts)

    name_case, low = [], 0
    for name, share in EVENT_MIX:
        name_case.append(f"WHEN r_name < {(low + share) / 1000} THEN '{name}'")
        low += share
    sql = f"""
        INSERT INTO analytics_usageevent
            (schema_version, name, day, municipality_code, hobby_id, promotion_id, category_id,
             search_text, result_count, filters, language)
        SELECT 1, e.name, %(day)s, e.code,
            CASE WHEN e.name IN ('hobby_view', 'favourite_add', 'favourite_remove') THEN
                CASE WHEN random() < 0.9 THEN e.first + floor(power(random(), 2) * e.count)::bigint
                     ELSE {all_first} + floor(power(random(), 2) * {all_count})::bigint END END,
            CASE WHEN e.name IN ('promotion_view', 'promotion_use') THEN 1 + floor(2000 * power(random(), 2))::bigint END,
            CASE WHEN e.name = 'search' AND random() < 0.3
                 THEN (%(categories)s::bigint[])[1 + floor(random() * %(category_count)s)::int] END,
            CASE WHEN e.name = 'search' THEN 'sana ' || floor({SEARCH_WORDS} * power(random(), 3))::int ELSE '' END,
            CASE WHEN e.name = 'search' THEN CASE WHEN random() < 0.15 THEN 0 ELSE 1 + floor(random() * 50)::int END END,
            CASE WHEN e.name = 'search' THEN (ARRAY['', '', 'weekday', 'category', 'category,price_type', 'distance'])[1 + floor(random() * 6)::int] ELSE '' END,
            CASE WHEN e.name = 'language_select' THEN (ARRAY['fi', 'fi', 'fi', 'sv', 'en'])[1 + floor(random() * 5)::int] ELSE '' END
        FROM (
            SELECT CASE {' '.join(name_case)} END AS name,
                (%(codes)s::text[])[m] AS code, (%(firsts)s::bigint[])[m] AS first, (%(counts)s::int[])[m] AS count
            FROM (
                SELECT random() AS r_name, (%(slots)s::int[])[1 + floor(random() * %(slot_count)s)::int] AS m
                FROM generate_series(1, %(per_day)s)
            ) AS draws
        ) AS e
    """
    timings = []
    for offset in range(days):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                {
                    "day": month_first + dt.timedelta(days=offset),
                    "categories": category_ids,
                    "category_count": len(category_ids),
                    "codes": codes,
                    "firsts": firsts,
                    "counts": counts,
                    "slots": slots,
                    "slot_count": len(slots),
                    "per_day": per_day,
                },
            )
        timings.append(time.perf_counter() - started)
        print(f"  generated day {offset + 1}/{days} in {timings[-1]:.1f} s", file=sys.stderr)
    return timings


def run_reports(args):
    database_name = args.database_name or "hp_analytics_bench_reports"
    if args.reuse:
        database_url = f"{PG_SERVER}/{database_name}"
    else:
        database_url = recreate_postgres_database(database_name)
    migrate(server_environment(database_url))
    setup_django(database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import translation

    from analytics.models import DailyCount, UsageEvent
    from analytics.months import Month
    from analytics.reports import build_municipal_reports, build_report
    from analytics.rollups import roll_up
    from analytics.snapshots import NATIONAL, catalogue_counts
    from places.models import Municipality

    timings = {}
    # The month before last, so that it is over and inside the rollup's retention.
    month = Month.current().previous().previous()
    days = (month.last_day - month.first_day).days + 1
    per_day = args.events // days

    if not args.reuse:
        started = time.perf_counter()
        ranges, category_ids = build_catalogue(read_municipalities(args.municipalities), args.hobbies, args.seed)
        timings["catalogue_seconds"] = round(time.perf_counter() - started, 1)

        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(%s)", [args.seed / 1000])
        day_timings = generate_events(connection, ranges, category_ids, month.first_day, days, per_day)
        timings["generate_seconds"] = round(time.perf_counter() - started, 1)
        timings["slowest_generated_day_seconds"] = round(max(day_timings), 1)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE analytics_usageevent")
        timings["vacuum_analyze_seconds"] = round(time.perf_counter() - started, 1)
    timings["raw_events"] = UsageEvent.objects.count()

    if args.clear_rollups:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE analytics_dailycount, analytics_monthlycount, analytics_rolluprun")
    timings["load_average_before"] = load_average()
    days_done = []
    started = time.perf_counter()
    roll_up(
        first_day=month.first_day,
        last_day=month.last_day,
        workers=args.rollup_workers,
        progress=lambda day: days_done.append(time.perf_counter()),
    )
    timings["rollup_seconds"] = round(time.perf_counter() - started, 1)
    timings["rollup_workers"] = args.rollup_workers
    timings["rollup_days_seconds"] = round(max(days_done) - started, 1)
    timings["rollup_month_sums_and_snapshots_seconds"] = round(time.perf_counter() - max(days_done), 1)
    timings["daily_count_rows"] = DailyCount.objects.count()

    municipalities = list(Municipality.objects.order_by("code"))
    with translation.override("fi"):
        started = time.perf_counter()
        catalogue = catalogue_counts(month)
        previous_catalogue = catalogue_counts(month.previous())
        build_report(month, NATIONAL, scope_name="Suomi", catalogue=catalogue, previous_catalogue=previous_catalogue)
        timings["national_report_seconds"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        reports = list(build_municipal_reports(month, [(m.code, m.name) for m in municipalities]))
        timings["municipal_reports_seconds"] = round(time.perf_counter() - started, 1)
        timings["municipal_reports"] = len(reports)

    output = Path(tempfile.mkdtemp(prefix="hp-analytics-reports-"))
    started = time.perf_counter()
    call_command(
        "write_analytics_reports", str(month), "--all", "--national", "--output", str(output),
        "--format", "csv", "--format", "xlsx", verbosity=0,
    )
    timings["report_files_seconds"] = round(time.perf_counter() - started, 1)
    timings["report_files"] = len(list(output.iterdir()))
    shutil.rmtree(output, ignore_errors=True)
    timings["rollup_plus_reports_seconds"] = round(
        timings["rollup_seconds"] + timings["national_report_seconds"] + timings["municipal_reports_seconds"], 1
    )
    timings["rollup_plus_report_files_seconds"] = round(timings["rollup_seconds"] + timings["report_files_seconds"], 1)
    timings["load_average_after"] = load_average()
    timings["municipalities"] = len(municipalities)
    timings["month"] = str(month)
    timings["machine"] = machine_summary()
    print(json.dumps(timings, indent=2))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest", help="events per second over HTTP")
    ingest.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    ingest.add_argument("--port", type=int, default=8791)
    ingest.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    ingest.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    ingest.add_argument("--batches", type=int, default=3000, help="batches of 50 events to send")
    ingest.add_argument("--warmup", type=int, default=40, help="batches sent before measuring")
    ingest.add_argument("--max-seconds", type=float, default=120)
    ingest.add_argument(
        "--conn-max-age", type=int, default=60, help="seconds a server keeps its database connection (0: a new one per request)"
    )
    ingest.add_argument("--municipalities", default=str(DEFAULT_MUNICIPALITIES))
    ingest.add_argument("--seed", type=int, default=1)
    reports = commands.add_parser("reports", help="rollup and report build time from raw events (PostgreSQL)")

    reports.add_argument("--events", type=int, default=30_000_000)
    reports.add_argument("--hobbies", type=int, default=50_000)
    reports.add_argument("--municipalities", default=str(DEFAULT_MUNICIPALITIES))
    reports.add_argument("--seed", type=int, default=1)
    reports.add_argument(
        "--rollup-workers", type=int, default=2, help="days rolled up at once, each on its own connection"
    )
    reports.add_argument(
        "--clear-rollups",
        action="store_true",
        help="with --reuse, delete the rollups first, so that the month is rolled up for the first time again",
    )
    reports.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database of the previous run and time only the rollup and the reports",
    )

    for command in (ingest, reports):
        command.add_argument(
            "--database-name", help="PostgreSQL database to drop and create (default: hp_analytics_bench_<command>)"
        )
    args = parser.parse_args()
    if args.command == "ingest":
        run_ingest(args)
    else:
        run_reports(args)


if __name__ == "__main__":
    main()
