"""A full disk during `add` and during a replace over HTTP: a clear error naming it, the old library kept.

The corpus and the index live on a small tmpfs (mounted for the test; skipped where mounting is not
permitted), with room for the library as it is but not for the next index build.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.ingest.corpus import corpus_files, read_manifest
from assistant.settings import Settings
from tests.live_server import API_KEY, serving
from tests.test_library_crash_safety import ROOT, check_consistent, run

HEADROOM = 6 * 1024 * 1024  # room for a new file and its vectors, not for a second index generation
QUESTION = "生产经营单位的主要负责人对安全生产负有哪些职责？"


def mount(point: Path, options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True, text=True)


@pytest.fixture()
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    point = tmp_path / "disk"
    point.mkdir()
    try:
        mounted = mount(point, "size=256m")
    except FileNotFoundError:
        pytest.skip("no mount command here: cannot make a small filesystem for the full-disk test")
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here ({mounted.stderr.strip()}); the full-disk test needs it")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def shrink_to_fit(point: Path) -> None:
    """Remount the tmpfs with just ``HEADROOM`` free beyond what it holds now."""
    stats = os.statvfs(point)
    used = (stats.f_blocks - stats.f_bfree) * stats.f_frsize
    completed = mount(point, f"remount,size={used + HEADROOM}")
    assert completed.returncode == 0, completed.stderr
    stats = os.statvfs(point)
    assert stats.f_bavail * stats.f_frsize <= HEADROOM * 1.1


def test_a_full_disk_leaves_the_previous_library_answering(tiny_disk: Path, tmp_path: Path) -> None:
    corpus, index = tiny_disk / "corpus", tiny_disk / "index"
    subprocess.run(["cp", "-r", str(ROOT / "corpus"), str(corpus)], check=True)
    index.mkdir()
    subprocess.run(["cp", "-r", str(ROOT / "index" / "cache"), str(index / "cache")], check=True)
    settings = Settings(corpus_dir=corpus, index_dir=index)
    assert run("index", settings=settings).returncode == 0
    shrink_to_fit(tiny_disk)
    files_before, manifest_before = set(corpus_files(corpus)), read_manifest(corpus)
    indexed_before = check_consistent(settings)

    new = tmp_path / "新规定.txt"
    new.write_text("某县受限空间作业管理规定\n一、受限空间作业前必须由安全总监书面批准。\n", encoding="utf-8")
    added = run("add", str(new), settings=settings)
    assert added.returncode == 1, added.stderr
    assert f"{new}: no space left on the disk" in added.stderr and "the library is as it was" in added.stderr
    assert "Traceback" not in added.stderr
    assert set(corpus_files(corpus)) == files_before and read_manifest(corpus) == manifest_before
    assert check_consistent(settings) == indexed_before
    asked = run("ask", QUESTION, "--json", settings=settings)
    assert asked.returncode == 0 and json.loads(asked.stdout)["citations"], asked.stderr

    with (serving(corpus, index, tmp_path / "server.log") as server,
          httpx.Client(base_url=server.base_url, timeout=300) as client):
        target = "labour-law-2018"
        text = (corpus / "national" / f"{target}.txt").read_text(encoding="utf-8") + "\n第一百零八条　本法自公布之日起施行。\n"
        replaced = client.put(f"/v1/documents/{target}", headers={"X-API-Key": API_KEY},
                              files={"file": ("labour-law.txt", text.encode(), "text/plain")})
        assert replaced.status_code == 507, replaced.text
        error = replaced.json()["error"]
        assert error["code"] == "insufficient_storage" and "no space left on the disk" in error["message"]
        answer = client.post("/v1/ask", json={"question": QUESTION})
        assert answer.status_code == 200 and answer.json()["citations"]
        assert target in {row["doc_id"] for row in client.get("/v1/documents").json()}
    assert set(corpus_files(corpus)) == files_before and read_manifest(corpus) == manifest_before
    assert check_consistent(settings) == indexed_before
