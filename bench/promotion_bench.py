"""Benchmark promotion uses: uses per second with many concurrent clients, and the over-use.

    .venv/bin/python bench/promotion_bench.py                  # 50 clients, quantity 10,000
    .venv/bin/python bench/promotion_bench.py --clients 20 --quantity 2000 --workers 2

The script (re)creates its own PostgreSQL database (--database-url, dropped first), migrates
it, creates one promotion with --quantity uses, and serves the project with gunicorn
(--workers sync workers, DEBUG=0) on 127.0.0.1. --clients concurrent HTTP clients (asyncio
with aiohttp, one connection each) then POST promotions/{id}/use/, each request with a new
device key, until every client has received the `promotion_used_up` error. The rate limits
are turned off for the run, because every client comes from 127.0.0.1.

It prints and writes (--json) the uses per second (successful uses divided by the time from
the first request to the last success), the latency percentiles, and the over-use: the
successful answers and the stored uses beyond the quantity, which must both be 0. Traffic
goes only to 127.0.0.1, and the server is stopped on exit, also on errors.
"""

import argparse
import asyncio
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-not-secret",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "LOG_LEVEL": "WARNING",
    "PROMOTION_USE_RATE_PER_DEVICE": "0",
    "PROMOTION_USE_RATE_PER_ADDRESS": "0",
    "PROMOTION_USE_RATE_PER_CLIENT": "0",
}


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/hp_promotions_bench",
        help="PostgreSQL database to drop, create and use (default: %(default)s).",
    )
    parser.add_argument("--clients", type=int, default=50, help="Concurrent HTTP clients (default: %(default)s).")
    parser.add_argument("--quantity", type=int, default=10_000, help="The promotion's total quantity (default: %(default)s).")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default: %(default)s).")
    parser.add_argument("--port", type=int, default=8713, help="Port on 127.0.0.1 (default: %(default)s).")
    parser.add_argument("--json", type=Path, help="Also write the results to this JSON file.")
    return parser.parse_args()


def recreate_database(database_url):
    """Drop and create the benchmark database through the server's `postgres` database."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"Invalid database name {name!r}: use letters, digits and underscores.")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def run_manage(environment, *arguments):
    subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=environment, check=True)


def create_promotion(environment, quantity):
    """Create one promotion with `quantity` uses in the benchmark database; return its id."""
    script = (
        "import datetime as dt\n"
        "from django.utils import timezone\n"
        "from core import testing\n"
        "provider = testing.make_provider(name_fi='Benchmark-seura')\n"
        "location = testing.make_location()\n"
        "now = timezone.now()\n"
        f"promotion = testing.make_promotion(provider, location, total_quantity={quantity},"
        " valid_from=now - dt.timedelta(days=1), valid_until=now + dt.timedelta(days=1))\n"
        "print(promotion.pk)\n"
    )
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=environment, check=True, capture_output=True, text=True
    )
    return int(output.stdout.strip().splitlines()[-1])


def stored_counts(environment, promotion_id):
    """Return (used_count, use rows) of the promotion, read from the database."""
    script = (
        "from promotions.models import Promotion, PromotionUse\n"
        f"promotion = Promotion.objects.get(pk={promotion_id})\n"
        f"print(promotion.used_count, PromotionUse.objects.filter(promotion_id={promotion_id}).count())\n"
    )
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=environment, check=True, capture_output=True, text=True
    )
    used_count, rows = output.stdout.strip().splitlines()[-1].split()
    return int(used_count), int(rows)


def wait_for_server(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The server did not respond at {url} within {timeout} s.")


async def run_clients(url, clients):
    """Post uses from `clients` concurrent clients until each receives `promotion_used_up`."""
    import aiohttp

    results = {"success": 0, "used_up": 0, "other": {}, "latencies_ms": [], "last_success": None}

    async def client(session):
        while True:
            started = time.monotonic()
            headers = {"X-Device-Key": secrets.token_urlsafe(32)}
            async with session.post(url, headers=headers) as response:
                body = await response.json(content_type=None)
            results["latencies_ms"].append((time.monotonic() - started) * 1000)
            if response.status == 201:
                results["success"] += 1
                results["last_success"] = time.monotonic()
                continue
            codes = (body or {}).get("error_codes", {}).get("non_field_errors", [])
            if codes == ["promotion_used_up"]:
                results["used_up"] += 1
                return
            key = f"{response.status} {codes}"
            results["other"][key] = results["other"].get(key, 0) + 1

    connector = aiohttp.TCPConnector(limit=clients)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        started = time.monotonic()
        await asyncio.gather(*(client(session) for _ in range(clients)))
        finished = time.monotonic()
    results["started"] = started
    results["finished"] = finished
    return results


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    arguments = parse_arguments()
    environment = {**os.environ, **SERVER_ENV, "DATABASE_URL": f"{arguments.database_url}?conn_max_age=600"}
    load_before = os.getloadavg()

    print(f"Recreating {arguments.database_url} and migrating", flush=True)
    recreate_database(arguments.database_url)
    run_manage(environment, "migrate", "--noinput", "-v0")
    promotion_id = create_promotion(environment, arguments.quantity)

    base_url = f"http://127.0.0.1:{arguments.port}"
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "harrastuspassi.wsgi",
            "-w", str(arguments.workers),
            "-b", f"127.0.0.1:{arguments.port}",
            "--log-level", "warning",
        ],
        cwd=ROOT,
        env=environment,
    )
    try:
        wait_for_server(f"{base_url}/api/v1/promotions/{promotion_id}/")
        print(f"Using promotion {promotion_id} (quantity {arguments.quantity}) with {arguments.clients} clients", flush=True)
        results = asyncio.run(run_clients(f"{base_url}/api/v1/promotions/{promotion_id}/use/", arguments.clients))
    finally:
        server.terminate()
        server.wait(timeout=30)

    used_count, rows = stored_counts(environment, promotion_id)
    load_after = os.getloadavg()
    active_seconds = (results["last_success"] or results["finished"]) - results["started"]
    latencies = results["latencies_ms"]
    summary = {
        "clients": arguments.clients,
        "workers": arguments.workers,
        "quantity": arguments.quantity,
        "successful_uses": results["success"],
        "used_up_answers": results["used_up"],
        "other_answers": results["other"],
        "seconds_to_last_success": round(active_seconds, 2),
        "uses_per_second": round(results["success"] / active_seconds, 1) if active_seconds else None,
        "latency_ms_p50": round(statistics.median(latencies), 1),
        "latency_ms_p95": round(percentile(latencies, 0.95), 1),
        "latency_ms_p99": round(percentile(latencies, 0.99), 1),
        "stored_used_count": used_count,
        "stored_use_rows": rows,
        "over_use_answers": max(0, results["success"] - arguments.quantity),
        "over_use_stored": max(0, rows - arguments.quantity, used_count - arguments.quantity),
        "load_average_before": [round(value, 2) for value in load_before],
        "load_average_after": [round(value, 2) for value in load_after],
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(summary, indent=2))
    if arguments.json:
        arguments.json.parent.mkdir(parents=True, exist_ok=True)
        arguments.json.write_text(json.dumps(summary, indent=2) + "\n")
    exact = summary["over_use_answers"] == 0 and summary["over_use_stored"] == 0
    exact = exact and results["success"] == rows == used_count == arguments.quantity
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main())
