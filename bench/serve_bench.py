"""Benchmark: public pages served by gunicorn, measured with wrk, against static.

    .venv/bin/python bench/serve_bench.py            # about 10 minutes
    .venv/bin/python bench/serve_bench.py --quick    # about 3 minutes

For a small site (100 commentaries) and a large one (100,000 commentaries,
2,000 members, 5,000 tags) it serves Fulcrum with gunicorn (2 sync workers,
production settings, 127.0.0.1) and measures each page with wrk (16
connections, 2 threads), cold (PAGE_CACHE_SECONDS=0) and cached (the page
cache on, warmed first), beside WhiteNoise serving a static file of the
same size through the same gunicorn. Then it runs a soak: 64 connections on
a mix of the pages of the large site, sampling the workers' memory.

It prints requests/s, p50 and p99 latency, errors and bytes of each run, the
ratios to static and large to small, and the targets, PASS or FAIL. Exit
status: 0 when every target is met, 1 when one is missed or a request failed,
2 when a step could not run.
"""

import argparse
import html
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve_data import VERSION  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
GUNICORN_CONF = ROOT / "fulcrum" / "gunicorn.conf.py"
CACHE_DIR = ROOT / "var" / "bench"
PAGES = ["summary", "home", "list", "list-deep", "member", "search", "feed"]
LIST_PAGES = ["list", "list-deep"]
# Pages whose cost must not grow with the archive: the lists (issue 7), the
# busiest member's page and search (issue 16).
GROWTH_PAGES = [*LIST_PAGES, "member", "search"]
SEARCH_WORD = "deterrence"
SOAK_MIX = ["summary", "summary", "home", "list", "list-deep", "member", "feed"]
# Targets of issue 7.
SUMMARY_COLD_RATIO = 0.10
SUMMARY_CACHED_RATIO = 0.60
LIST_GROWTH = 1.5
SOAK_GROWTH_FRACTION = 0.10
SOAK_GROWTH_BYTES = 20 * 1024 * 1024


class BenchError(Exception):
    """A step could not run (exit status 2)."""


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def run(command, env, timeout, what):
    """Run a command to completion; raise BenchError with its output on failure."""
    try:
        done = subprocess.run(
            command,
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"{what}: no answer within {timeout} s") from error
    if done.returncode:
        raise BenchError(f"{what} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return done.stdout


def base_env(var_dir, static_root, database_url):
    env = dict(os.environ)
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PAGE_CACHE_SECONDS"):
        env.pop(name, None)
    env.update(
        FULCRUM_ENV="production",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        FULCRUM_VAR_DIR=str(var_dir),
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
        # No recycling of workers (gunicorn.conf.py's default replaces one
        # every ~10,000 requests): the figures
        # are the app's, and the soak would hide a leak otherwise.
        MAX_REQUESTS="0",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


# --- Sites ----------------------------------------------------------------------


def build_site(count, env, timeout):
    """Migrate and fill the database named by env; return seconds taken."""
    started = time.monotonic()
    migrate = [str(PYTHON), "manage.py", "migrate", "--noinput", "-v0"]
    run(migrate, env, timeout, "migrate")
    generate = [str(PYTHON), "bench/serve_data.py", "--count", str(count)]
    run(generate, env, timeout, "generating the site")
    return time.monotonic() - started


def prepare_site(name, count, static_root, database_url, timeout):
    """Return (env, urls) for a site, building or reusing its database."""
    if database_url:
        env = base_env(
            tempfile.mkdtemp(prefix="fulcrum-bench-"), static_root, database_url
        )
        run(
            [str(PYTHON), "manage.py", "migrate", "--noinput", "-v0"],
            env,
            timeout,
            "migrate",
        )
        run([str(PYTHON), "manage.py", "flush", "--noinput"], env, timeout, "flush")
        say(f"  {name}: generated in {build_site(count, env, timeout):.0f} s")
    else:
        folder = CACHE_DIR / f"serve-v{VERSION}-{count}"
        env = base_env(folder, static_root, None)
        if (folder / "complete").exists():
            # Reused: apply any migration added since it was built.
            run(
                [str(PYTHON), "manage.py", "migrate", "--noinput", "-v0"],
                env,
                timeout,
                "migrate",
            )
            say(f"  {name}: reusing {folder.relative_to(ROOT)}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
            building = folder.with_name(folder.name + ".building")
            shutil.rmtree(building, ignore_errors=True)
            building.mkdir(parents=True)
            seconds = build_site(count, base_env(building, static_root, None), timeout)
            (building / "complete").write_text(f"{count}\n")
            building.rename(folder)
            say(f"  {name}: generated {count:,} commentaries in {seconds:.0f} s")
    urls = json.loads(
        run(
            [str(PYTHON), "bench/serve_data.py", "--urls", SEARCH_WORD],
            env,
            timeout,
            "choosing pages",
        )
        .strip()
        .splitlines()[-1]
    )
    return env, urls


# --- Server ------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving fulcrum.wsgi with 2 sync workers on 127.0.0.1."""

    def __init__(self, env, log_path, nice=0):
        self.env = env
        self.nice = nice
        self.port = free_port()
        self.log_path = log_path
        self.process = None

    def __enter__(self):
        command = [str(GUNICORN), "fulcrum.wsgi"]
        if GUNICORN_CONF.exists():
            command += ["--config", str(GUNICORN_CONF)]
        command += [
            "--workers", "2",
            "--worker-class", "sync",
            "--bind", f"127.0.0.1:{self.port}",
        ]  # fmt: skip
        self.log = open(self.log_path, "a")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(
            command,
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=self.log,
            preexec_fn=renice(self.nice),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn stopped; see {self.log_path}")
            try:
                status, _ = fetch(self.url("/healthz"))
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer /healthz; see {self.log_path}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def settle(self):
        """Wait until requests queued by the last run are answered."""
        fetch(self.url("/robots.txt"))

    def rss(self):
        """Resident memory of the master and its workers, in bytes."""
        pids = [self.process.pid]
        for task in Path(f"/proc/{self.process.pid}/task").glob("*/children"):
            pids += [int(p) for p in task.read_text().split()]
        total = 0
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            total += int(match.group(1)) * 1024 if match else 0
        return total


def fetch(url):
    """GET url; return (status, body bytes)."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# --- wrk ----------------------------------------------------------------------

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def to_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match.group(1)) * UNITS[match.group(2)]


def renice(nice):
    """A preexec_fn giving the child process this niceness (0: unchanged)."""

    def apply():
        if nice:
            os.nice(nice)

    return apply


def wrk(url, seconds, connections, nice=0, threads=2, script=None):
    """Run wrk on url; return requests/s, p50/p99 (ms), requests and errors."""
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s",
        "--timeout", "10s", "--latency",
    ]  # fmt: skip
    if script:
        command += ["-s", str(script)]
    command.append(url)
    try:
        output = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
            preexec_fn=renice(nice),
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise BenchError(f"wrk failed: {error}") from error
    figures = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
        "p99": to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
        "errors": 0,
    }
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        figures["errors"] += int(non_2xx.group(1))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        figures["errors"] += sum(int(n) for n in sockets.groups())
    return figures


# --- The run ------------------------------------------------------------------

NEXT_LINK = re.compile(r'<a href="([^"]*)" rel="next">')


def follow_to_deep_page(server, urls):
    """Point urls["list-deep"] at the address a reader reaches by links.

    serve_data.py names the deep page by number (`?page=N`, the last page but
    one), which is read with OFFSET. A reader gets there by the Next link of
    page N-1, which carries a cursor (`?page=N&after=...`) and is read from
    the index: that link is measured, and soaked. urls["list-deep-typed"]
    keeps the typed address.
    """
    typed = urls["list-deep"]
    path, _, query = typed.partition("?")
    number = int(re.fullmatch(r"page=(\d+)", query).group(1))
    if number < 2:
        return
    before = f"{path}?page={number - 1}"
    status, body = fetch(server.url(before))
    match = NEXT_LINK.search(body.decode())
    if status != 200 or not match:
        raise BenchError(f"{before} answered {status} without a Next link")
    urls["list-deep-typed"] = typed
    urls["list-deep"] = path + html.unescape(match.group(1))


def measure_site(name, env, urls, static_root, work, args):
    """Measure one site's pages cold and cached, each beside its static file.

    The static file is measured right after each page run, so that both see
    the same machine (other load comes and goes).
    """
    results = {"urls": urls, "size": {}}
    cold_env = dict(env, PAGE_CACHE_SECONDS="0")
    with Server(cold_env, work / "gunicorn.log", args.nice) as server:
        follow_to_deep_page(server, urls)
        for page in PAGES:
            status, body = fetch(server.url(urls[page]))
            if status != 200:
                raise BenchError(f"{name} {page} {urls[page]} answered {status}")
            results["size"][page] = len(body)
    # WhiteNoise finds the files in STATIC_ROOT when gunicorn starts.
    (static_root / "bench").mkdir(exist_ok=True)
    for size in set(results["size"].values()):
        (static_root / "bench" / f"static-{size}.html").write_bytes(b"x" * size)
    for mode, mode_env in (("cold", cold_env), ("cached", env)):
        results[mode], results[f"static-{mode}"] = {}, {}
        with Server(mode_env, work / "gunicorn.log", args.nice) as server:
            for page in PAGES:
                size = results["size"][page]
                static = server.url(f"/static/bench/static-{size}.html")
                status, body = fetch(static)
                if status != 200 or len(body) != size:
                    raise BenchError(f"the static file of {size} bytes was not served")
                for _ in range(4):  # Warm each worker (each may keep its own cache).
                    fetch(server.url(urls[page]))
                server.settle()
                results[mode][page] = wrk(
                    server.url(urls[page]), args.seconds, args.connections, args.nice
                )
                server.settle()
                results[f"static-{mode}"][page] = wrk(
                    static, args.seconds, args.connections, args.nice
                )
    return results


def soak(env, urls, work, args):
    """64 connections on a mix of pages; memory sampled every 2 s."""
    script = work / "mix.lua"
    paths = ", ".join(json.dumps(urls[page]) for page in SOAK_MIX)
    script.write_text(
        f"local paths = {{{paths}}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i + 1\n"
        '  return wrk.format("GET", paths[(i % #paths) + 1])\n'
        "end\n"
    )
    cold = dict(env, PAGE_CACHE_SECONDS="0")
    with Server(cold, work / "gunicorn.log", args.nice) as server:
        wrk(
            server.url("/"),
            args.soak_warmup,
            args.soak_connections,
            args.nice,
            script=script,
        )
        server.settle()
        samples = [server.rss()]
        stop = threading.Event()

        def sample():
            while not stop.wait(2):
                samples.append(server.rss())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        figures = wrk(
            server.url("/"),
            args.soak_seconds,
            args.soak_connections,
            args.nice,
            script=script,
        )
        stop.set()
        sampler.join()
        samples.append(server.rss())
    figures["rss_start"], figures["rss_end"] = samples[0], samples[-1]
    figures["rss_max"] = max(samples)
    return figures


def row(cells, widths):
    return "  ".join(
        str(c).ljust(w) if i == 0 else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )


def ratio(results, mode, page):
    """Page rps / rps of the same-size static file measured next to it."""
    static = results[f"static-{mode}"][page]["rps"]
    return results[mode][page]["rps"] / static if static else 0.0


def report(sites, soaked, args):
    """Print the tables and the targets; return True if every target is met."""
    widths = [10, 6, 8, 7, 7, 4, 7, 6, 8, 6, 6, 4, 7, 5]
    say()
    say(
        f"wrk: {args.connections} connections, 2 threads, {args.seconds} s per URL; "
        "gunicorn: 2 sync workers. rps = requests/s; p50, p99 in ms; "
        "static = rps of a static file of the same size measured right after; "
        "ratio = page rps / static rps"
    )
    for name, results in sites.items():
        say()
        deep = results["urls"]["list-deep"]
        typed = results["urls"].get("list-deep-typed")
        if typed:
            page = typed.partition("page=")[2]
            deep += f", page {page} reached by the Next link of page {int(page) - 1}"
        say(f"{name} site (list-deep is {deep})")
        say(
            row(
                ["page", "bytes",
                 "cold rps", "p50", "p99", "err", "static", "ratio",
                 "cache rps", "p50", "p99", "err", "static", "ratio"],
                widths,
            )
        )  # fmt: skip
        for page in PAGES:
            cells = [page, results["size"][page]]
            for mode in ("cold", "cached"):
                run_ = results[mode][page]
                cells += [
                    f"{run_['rps']:.0f}", f"{run_['p50']:.1f}", f"{run_['p99']:.1f}",
                    run_["errors"], f"{results[f'static-{mode}'][page]['rps']:.0f}",
                    f"{ratio(results, mode, page):.3f}" if mode == "cold"
                    else f"{ratio(results, mode, page):.2f}",
                ]  # fmt: skip
            say(row(cells, widths))
    targets = []
    for name, results in sites.items():
        cold, cached = (
            ratio(results, "cold", "summary"),
            ratio(results, "cached", "summary"),
        )
        targets.append(
            (f"{name}: summary cold ≥ {SUMMARY_COLD_RATIO} of static", f"{cold:.3f}",
             cold >= SUMMARY_COLD_RATIO)
        )  # fmt: skip
        targets.append(
            (f"{name}: summary cached ≥ {SUMMARY_CACHED_RATIO} of static",
             f"{cached:.2f}", cached >= SUMMARY_CACHED_RATIO)
        )  # fmt: skip
    if {"small", "large"} <= set(sites):
        small, large = sites["small"], sites["large"]
        say()
        say(
            "large / small, time per request: raw = small rps / large rps; "
            "vs static = small ratio / large ratio (each against its own static run)"
        )
        for page in PAGES:
            cells = []
            for mode in ("cold", "cached"):
                raw = small[mode][page]["rps"] / max(large[mode][page]["rps"], 1e-9)
                norm = ratio(small, mode, page) / max(ratio(large, mode, page), 1e-9)
                cells.append(f"{mode} raw {raw:5.2f}×  vs static {norm:5.2f}×")
                if mode == "cold" and page in GROWTH_PAGES:
                    targets.append(
                        (f"{page}: time at {args.large:,} within {LIST_GROWTH}× of "
                         f"{args.small:,} (cold, vs static)", f"{norm:.2f}×",
                         norm <= LIST_GROWTH)
                    )  # fmt: skip
            say(f"  {page:<10} " + "   ".join(cells))
    errors = sum(
        run_["errors"]
        for results in sites.values()
        for mode in ("cold", "cached", "static-cold", "static-cached")
        for run_ in results[mode].values()
    )
    if soaked:
        mb = 1024 * 1024
        growth = soaked["rss_end"] - soaked["rss_start"]
        say()
        say(
            f"soak: {args.soak_seconds} s at {args.soak_connections} connections, "
            f"pages {', '.join(SOAK_MIX)} (cold): {soaked['requests']} requests, "
            f"{soaked['rps']:.0f} rps, p50 {soaked['p50']:.1f} ms, "
            f"p99 {soaked['p99']:.1f} ms, {soaked['errors']} errors"
        )
        say(
            f"  gunicorn RSS (master + workers) after warm-up "
            f"{soaked['rss_start'] / mb:.1f} MB, end {soaked['rss_end'] / mb:.1f} MB, "
            f"max {soaked['rss_max'] / mb:.1f} MB, growth {growth / mb:+.1f} MB "
            f"({growth / soaked['rss_start']:+.1%})"
        )
        errors += soaked["errors"]
        targets.append(
            ("soak memory growth < 10% and < 20 MB", f"{growth / mb:+.1f} MB",
             growth < SOAK_GROWTH_FRACTION * soaked["rss_start"]
             and growth < SOAK_GROWTH_BYTES)
        )  # fmt: skip
    targets.append(("zero failed requests", str(errors), errors == 0))
    say()
    say("targets")
    failures = 0
    for label, figure, met in targets:
        failures += not met
        say(f"  {'PASS' if met else 'FAIL'}  {label}: {figure}")
    return failures == 0


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[2].replace("\n", " ")
    )
    parser.add_argument("--quick", action="store_true", help="about 3 minutes")
    parser.add_argument("--seconds", type=int, help="wrk time per URL (default 10)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--small", type=int, default=100, help="commentaries")
    parser.add_argument("--large", type=int, default=100_000, help="commentaries")
    parser.add_argument("--sites", default="small,large", help="small, large or both")
    parser.add_argument("--soak-seconds", type=int, help="default 60 (quick: 15)")
    parser.add_argument("--soak-connections", type=int, default=64)
    parser.add_argument(
        "--database-url",
        help="PostgreSQL to run against instead of SQLite: it is flushed and "
        "refilled for each site",
    )
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="niceness of gunicorn and wrk (e.g. -10, as root, on a busy machine)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    args.seconds = args.seconds or (3 if args.quick else 10)
    args.soak_seconds = (
        args.soak_seconds if args.soak_seconds is not None else 15 if args.quick else 60
    )
    args.soak_warmup = 3 if args.quick else 10
    if not shutil.which("wrk"):
        say("wrk is not installed (apt-get install wrk)")
        return 2
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="fulcrum-serve-bench-"))
    static_root = work / "static"
    timeout = 900
    sites, soaked = {}, None
    try:
        say("collecting static files")
        run(
            [str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v0"],
            base_env(work / "var", static_root, None),
            timeout,
            "collectstatic",
        )
        say("preparing sites")
        counts = {"small": args.small, "large": args.large}
        chosen = [s.strip() for s in args.sites.split(",") if s.strip() in counts]
        prepared = {
            name: prepare_site(
                name, counts[name], static_root, args.database_url, timeout
            )
            for name in chosen
            if not args.database_url
        }
        for name in chosen:
            if args.database_url:
                prepared[name] = prepare_site(
                    name, counts[name], static_root, args.database_url, timeout
                )
            env, urls = prepared[name]
            say(f"measuring the {name} site ({counts[name]:,} commentaries)")
            sites[name] = measure_site(name, env, urls, static_root, work, args)
            if args.database_url and name == chosen[-1] and args.soak_seconds:
                say("soak")
                soaked = soak(env, urls, work, args)
        if args.soak_seconds and not args.database_url:
            say("soak")
            env, urls = prepared[chosen[-1]]
            soaked = soak(env, urls, work, args)
    except BenchError as error:
        say(f"error: {error}")
        failed = True
    else:
        failed = False
    finally:
        log = work / "gunicorn.log"
        errors = log.read_text(errors="replace") if log.exists() else ""
        if "Traceback" in errors or '"level": "ERROR"' in errors:
            saved = CACHE_DIR / "serve-bench-gunicorn.log"
            saved.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(log, saved)
            say(f"the server logged errors: see {saved.relative_to(ROOT)}")
        shutil.rmtree(work, ignore_errors=True)
    if failed and not sites:
        return 2
    met = report(sites, soaked, args)
    if args.json:
        args.json.write_text(json.dumps({"sites": sites, "soak": soaked}, indent=1))
    say(f"\nrun time {time.monotonic() - started:.0f} s")
    return 2 if failed else 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
