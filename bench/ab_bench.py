"""A/B benchmark: each optimisation of the uncached path, on and off.

    .venv/bin/python bench/ab_bench.py                      # every optimisation
    .venv/bin/python bench/ab_bench.py counts cursor none   # some of them
    .venv/bin/python bench/ab_bench.py --nice -10           # on a busy machine

Serves the large site of bench/serve_bench.py (built there, reused here) with
gunicorn as that benchmark does (fulcrum/gunicorn.conf.py, 2 sync workers,
production settings, the page cache off: every page rendered), twice at once:
A as production runs, B with one optimisation replaced by the plain code it
stands in for (bench/ab_gunicorn.conf.py patches B's workers; production code
has no switch). Each page is then measured with wrk against A and B in turn,
short runs alternating (AB, BA, AB...), so that load from other programs,
which comes and goes over seconds, falls on both alike.

"none" runs the same code on both sides: its spread is the noise. For
"cursor" nothing is switched off: the deep list page reached by the Next link
(a cursor) is compared with the same page typed (?page=N, read by number),
which is what the Next link gave before.

It prints, per optimisation and page, the median requests/s of A and B, the
gain (the median over rounds of A rps / B rps, minus 1), its spread (lowest
and highest round), and the CPU time the workers spent per request (from
/proc) on each side.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import serve_bench  # noqa: E402
from serve_bench import (  # noqa: E402
    PYTHON,
    BenchError,
    Server,
    base_env,
    fetch,
    follow_to_deep_page,
    prepare_site,
    run,
    say,
    wrk,
)

serve_bench.GUNICORN_CONF = Path(__file__).resolve().parent / "ab_gunicorn.conf.py"
# Optimisation: the pages it is meant to make cheaper.
OPTIMISATIONS = {
    "none": ["summary", "list"],
    "reverse": ["summary", "home", "list", "member"],
    "counts": ["list", "list-deep", "member"],
    "cursor": ["list-deep"],
}


def worker_cpu(server):
    """CPU seconds (user + system) used so far by the server's workers."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for task in Path(f"/proc/{server.process.pid}/task").glob("*/children"):
        for pid in task.read_text().split():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2]
            except OSError:
                continue
            utime, stime = fields.split()[11:13]
            total += (int(utime) + int(stime)) / ticks
    return total


def one_run(server, path, args):
    """(rps, worker CPU ms per request) of one wrk run on path."""
    server.settle()
    cpu = worker_cpu(server)
    figures = wrk(server.url(path), args.seconds, args.connections, args.nice)
    server.settle()
    cpu = (worker_cpu(server) - cpu) / (figures["requests"] + 1)
    if figures["errors"]:
        raise BenchError(f"{path}: {figures['errors']} failed requests")
    return figures["rps"], cpu * 1000


def compare(name, env, urls, work, args):
    """{page: {"A": [(rps, cpu)...], "B": [...]}} for one optimisation."""
    env = dict(env, PAGE_CACHE_SECONDS="0")
    pages = args.pages.split(",") if args.pages else OPTIMISATIONS[name]
    without = "" if name in ("none", "cursor") else name
    results = {}
    with ExitStack() as stack:
        a = stack.enter_context(Server(env, work / "a.log", args.nice))
        b = a
        if name != "cursor":
            b_env = dict(env, FULCRUM_BENCH_WITHOUT=without)
            b = stack.enter_context(Server(b_env, work / "b.log", args.nice))
        for page in pages:
            path_a = urls[page]
            path_b = urls["list-deep-typed"] if name == "cursor" else urls[page]
            for server, path in ((a, path_a), (b, path_b)):
                for _ in range(4):  # Warm each worker.
                    fetch(server.url(path))
            runs = {"A": [], "B": []}
            for number in range(args.rounds):
                order = ["A", "B"] if number % 2 == 0 else ["B", "A"]
                for side in order:
                    server, path = (a, path_a) if side == "A" else (b, path_b)
                    runs[side].append(one_run(server, path, args))
            results[page] = runs
    return results


def show(name, results):
    say(
        f"\n{name}: A = as in production, B = "
        + {"none": "the same", "cursor": "the deep page typed (?page=N)"}.get(
            name, f"without {name}"
        )
    )
    for page, runs in results.items():
        gains = [a[0] / b[0] - 1 for a, b in zip(runs["A"], runs["B"], strict=True)]
        rps = {side: statistics.median(r[0] for r in runs[side]) for side in runs}
        cpu = {side: statistics.median(r[1] for r in runs[side]) for side in runs}
        say(
            f"  {page:<10} rps A {rps['A']:6.1f}  B {rps['B']:6.1f}   "
            f"gain {statistics.median(gains):+6.1%} "
            f"(rounds {min(gains):+.0%} to {max(gains):+.0%})   "
            f"CPU ms/request A {cpu['A']:5.1f}  B {cpu['B']:5.1f} "
            f"({cpu['B'] / cpu['A'] - 1:+.0%})"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    parser.add_argument("names", nargs="*", help=", ".join(OPTIMISATIONS))
    parser.add_argument("--count", type=int, default=100_000, help="commentaries")
    parser.add_argument("--seconds", type=int, default=2, help="wrk time per run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=6, help="AB, BA, ...")
    parser.add_argument("--pages", help="comma list, instead of each one's own")
    parser.add_argument(
        "--nice", type=int, default=0, help="niceness of gunicorn and wrk"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    names = args.names or list(OPTIMISATIONS)
    unknown = set(names) - set(OPTIMISATIONS)
    if unknown:
        parser.error(f"unknown: {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="fulcrum-ab-bench-") as folder:
        work = Path(folder)
        static_root = work / "static"
        say("collecting static files")
        run(
            [str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v0"],
            base_env(work / "var", static_root, None),
            900,
            "collectstatic",
        )
        env, urls = prepare_site("large", args.count, static_root, None, 900)
        with Server(dict(env, PAGE_CACHE_SECONDS="0"), work / "a.log") as server:
            follow_to_deep_page(server, urls)
        say(f"pages: {json.dumps(urls)}")
        results = {}
        for name in names:
            results[name] = compare(name, env, urls, work, args)
            show(name, results[name])
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        say(f"error: {error}")
        sys.exit(2)
