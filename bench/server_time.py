#!/usr/bin/env python3
"""Server time of the three scenarios that the p95 ≤ 25 ms target names, measured in process.

    DATABASE_URL=... .venv/bin/python bench/server_time.py --dataset ../hp-bench/s1 -n 300

Each request goes through Django's full stack (middleware, view, serializer, database) via
the test client, so the time is what gunicorn adds no network or worker queueing to. URLs
come from the load generator's own placeholder rules (http_bench.Params, same seed), so
they match its scenarios a, d and e.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harrastuspassi.settings")

# The scenarios whose p95 has a target; --scenarios may name any of the load generator's.
TARGET_SCENARIOS = ["a_events_nearest", "d_events_search", "e_hobby_detail"]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", required=True, help="The data set folder (manifest.json).")
    parser.add_argument("--shared-bench", default=str(ROOT.parent / "shared" / "bench"), help="Folder of http_bench.py.")
    parser.add_argument("-n", "--requests", type=int, default=300, help="Measured requests per scenario.")
    parser.add_argument("--warmup", type=int, default=20, help="Unmeasured requests per scenario first.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scenarios", default=",".join(TARGET_SCENARIOS), help="Comma-separated scenario names.")
    parser.add_argument("--json", help="Write the figures to this file.")
    args = parser.parse_args()

    import django

    django.setup()
    sys.path.insert(0, args.shared_bench)
    import http_bench
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hobbies.models import Hobby, HobbyCategory

    manifest, points, root_names = http_bench.load_dataset(args.dataset)
    roots = dict(HobbyCategory.objects.filter(parent__isnull=True).values_list("name_fi", "pk"))
    top_categories = [roots[name] for name in root_names if name in roots]
    hobby_ids = list(Hobby.objects.order_by("pk").values_list("pk", flat=True)[:2000])
    params = http_bench.Params(args.seed, "/api/v1/", points, manifest["search_words"], top_categories, hobby_ids)
    client = Client(HTTP_HOST="127.0.0.1")

    results = []
    for scenario in args.scenarios.split(","):
        template = http_bench.SCENARIOS[scenario]
        timings, queries = [], []
        for number in range(args.warmup + args.requests):
            url = params.url(f"{scenario}:server", template, number)
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise SystemExit(f"{url} returned {response.status_code}: {response.content[:300]!r}")
            if number >= args.warmup:
                timings.append(elapsed * 1000)
                queries.append(len(captured))
            reset_queries()
        row = {
            "scenario": scenario,
            "requests": len(timings),
            "p50_ms": round(percentile(timings, 0.50), 2),
            "p95_ms": round(percentile(timings, 0.95), 2),
            "mean_ms": round(statistics.mean(timings), 2),
            "rps_one_process": round(1000 / statistics.mean(timings), 1),
            "queries": max(queries),
            "example": params.url(f"{scenario}:server", template, 0),
        }
        results.append(row)
        print(
            f"{scenario:18} n={row['requests']} p50={row['p50_ms']} ms p95={row['p95_ms']} ms "
            f"req/s={row['rps_one_process']} queries={row['queries']}",
            flush=True,
        )

    if args.json:
        meta = {"database": connection.vendor, "dataset": {k: manifest.get(k) for k in ("seed", "scale", "counts")}}
        Path(args.json).write_text(json.dumps({"meta": meta, "results": results}, indent=1) + "\n")


if __name__ == "__main__":
    main()
