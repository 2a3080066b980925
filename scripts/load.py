"""Load figures for POST /v1/ask on loopback: throughput, latency percentiles, errors, server memory.

Starts `python -m assistant serve` on a free loopback port (or targets --url with --pid), fires a
bounded number of requests (--requests, at most --seconds) with --concurrency clients, then times the
same questions in-process (Assistant.ask) for the ratio of the service's p50 to the in-process p50.

Memory: the server's resident set (VmRSS of the process and of any children it started) is sampled
every --sample-every of the loaded requests (5 % by default), and the series is printed with the
figure that tells growth from warm-up: RSS at the end minus RSS at the half-way sample.

    .venv/bin/python scripts/load.py --requests 400 --concurrency 8
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else float("nan")


def rss_mib(pid: int) -> float:
    """VmRSS of one process in MiB; 0 for a process that has just ended (or a kernel thread)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def descendants(pid: int) -> list[int]:
    """Every live process below ``pid`` (children, their children …), from the parent ids in /proc."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, pending = [], [pid]
    while pending:
        children = parents.get(pending.pop(), [])
        found += children
        pending += children
    return found


@dataclass
class MemorySeries:
    """RSS samples of a server (and its children) taken at fixed counts of completed requests."""

    pid: int
    total: int
    every: float
    samples: list[tuple[int, float, float]] = field(default_factory=list)  # (requests done, server MiB, children MiB)
    _next: int = 0

    def observe(self, done: int, last: bool = False) -> None:
        """Sample when ``done`` reaches the next checkpoint, or when it is the ``last`` count of the run."""
        if (done < self._next and not last) or (self.samples and self.samples[-1][0] == done):
            return
        children = sum(rss_mib(child) for child in descendants(self.pid))
        self.samples.append((done, rss_mib(self.pid), children))
        step = max(1, round(self.total * self.every))
        self._next = (done // step + 1) * step

    def at(self, fraction: float) -> float:
        """Total RSS at the first sample taken at or after ``fraction`` of the requests."""
        goal = fraction * self.samples[-1][0]
        return next(server + children for done, server, children in self.samples if done >= goal)

    def print(self) -> None:
        with_children = any(children for _, _, children in self.samples)
        print("server RSS by requests done (MiB" + (", server + children" if with_children else "") + "):")
        print("  " + ", ".join(f"{done}: {server + children:.0f}" for done, server, children in self.samples))
        if with_children:
            print(f"  children at the end: {self.samples[-1][2]:.0f} MiB")
        totals = [server + children for _, server, children in self.samples]
        warm, half, end = self.at(0.10), self.at(0.50), totals[-1]
        print(f"  after warm-up (10 %) {warm:.0f}, at 50 % {half:.0f}, max {max(totals):.0f}, end {end:.0f}; "
              f"second half growth (end - 50 %) {end - half:+.1f} MiB")


def questions(path: Path) -> list[str]:
    return [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


async def fire(url: str, asked: list[str], total: int, concurrency: int, seconds: float,
               on_done: Callable[[int], None] | None = None) -> tuple[list[float], int, float]:
    """Send ``total`` questions (cycling) with ``concurrency`` clients; stop early after ``seconds``.

    ``on_done`` is called with the number of completed requests after each one (for memory samples).
    """
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    deadline = time.perf_counter() + seconds

    async def client(session: httpx.AsyncClient) -> None:
        nonlocal errors
        for number in counter:
            if time.perf_counter() > deadline:
                return
            started = time.perf_counter()
            try:
                response = await session.post("/v1/ask", json={"question": asked[number % len(asked)]})
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1
            if on_done is not None:
                on_done(len(latencies) + errors)

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as session:
        started = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
        return latencies, errors, time.perf_counter() - started


def in_process_p50(asked: list[str]) -> float:
    from assistant.service.assistant import open_assistant
    from assistant.settings import Settings

    assistant = open_assistant(Settings(), progress=False)
    assistant.ask(asked[0])
    timings = []
    for question in asked:
        started = time.perf_counter()
        assistant.ask(question)
        timings.append(time.perf_counter() - started)
    return percentile(timings, 0.5)


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False")
    process = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the server did not become healthy within 300 s")


def report(label: str, latencies: list[float], errors: int, elapsed: float) -> float:
    p50, p95, p99 = (percentile(latencies, f) * 1000 for f in (0.5, 0.95, 0.99))
    print(f"{label}: {len(latencies)} ok, {errors} errors in {elapsed:.1f} s → {len(latencies) / elapsed:.1f} req/s; "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms")
    return p50


def load_text(average: tuple[float, float, float]) -> str:
    return " ".join(f"{value:.2f}" for value in average)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running server (default: start one on a free loopback port)")
    parser.add_argument("--pid", type=int, help="the running server's process id, for its memory figures")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=120, help="stop sending after this long")
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "questions.jsonl")
    parser.add_argument("--sample-every", type=float, default=0.05,
                        help="sample the server's RSS after each such fraction of the loaded requests")
    args = parser.parse_args()
    if args.url and not args.url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise SystemExit("load is only ever sent to a loopback address")
    asked = questions(args.questions)
    load_before = os.getloadavg()
    process, url = (None, args.url) if args.url else start_server()
    pid = args.pid if args.url else process.pid  # type: ignore[union-attr]
    try:
        rss_start = rss_mib(pid) if pid else float("nan")
        httpx.post(f"{url}/v1/ask", json={"question": asked[0]}, timeout=60)  # warm
        sequential = asyncio.run(fire(url, asked, len(asked), 1, args.seconds))
        service_p50 = report(f"sequential, {len(asked)} questions", *sequential)
        memory = MemorySeries(pid, args.requests, args.sample_every) if pid else None
        if memory:
            memory.observe(0)
        loaded = asyncio.run(fire(url, asked, args.requests, args.concurrency, args.seconds,
                                  memory.observe if memory else None))
        loaded_p50 = report(f"{args.concurrency} concurrent clients", *loaded)
        if memory:
            memory.observe(len(loaded[0]) + loaded[1], last=True)
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
    local_p50 = in_process_p50(asked) * 1000
    print(f"in-process ask p50 {local_p50:.1f} ms (same {len(asked)} questions); service p50 / in-process p50: "
          f"sequential {service_p50 / local_p50:.2f}, under load {loaded_p50 / local_p50:.2f}")
    print(f"server RSS {rss_start:.0f} MiB after start-up; {os.cpu_count()} CPU cores; load average (1, 5, 15 min) "
          f"{load_text(load_before)} before the run, {load_text(os.getloadavg())} at the end")
    if memory:
        memory.print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
