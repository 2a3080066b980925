"""Crash safety of `remove` and `replace`: SIGKILLed at random moments, like `add` in test_library_crash_safety.

After every kill, start-up recovery must find the old library or the new one: the files, the manifest
and the index agree, a removed document is wholly gone or wholly there, and a replaced document's
clauses are all of one version, the one on disk. Nothing else stored is lost.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from assistant.ingest.corpus import corpus_files, read_manifest
from assistant.service.assistant import ensure_index
from assistant.settings import Settings
from assistant.store.embedder import build_embedder
from assistant.store.index import load_index
from tests.test_library_crash_safety import ROOT, check_consistent, command, environment, leftovers, run

KILLS = 8  # kills a test, their times spread evenly from 0.3× to LATEST_KILL× a measured uninterrupted run
LATEST_KILL = 2.0  # a later run can be slower than the timed one on a loaded machine (with 1.3×, all 8 once landed inside)
# Bundled texts taken out one after the other (their vectors are bundled, so putting one back costs nothing).
REMOVABLE = ["labour-law-2018", "building-law-2019", "fire-protection-law-2021", "emergency-response-law-2024",
             "inland-waterway-safety-regulations-2019", "large-public-events-safety-regulations-2007",
             "female-workers-protection-provisions-2012", "agricultural-machinery-safety-regulations-2019"]


def version(number: int) -> str:
    return (f"某县受限空间作业管理规定\n一、受限空间作业前必须由安全总监书面批准，本规定第{number}版。\n"
            f"二、受限空间作业时必须设专人监护，本规定第{number}版。\n三、作业记录保存{number}年。\n")


def recovered(settings: Settings, embedder: object) -> set[str]:
    """What the next start does (recover, rebuild if stale), then the consistency checks; the indexed ids."""
    ensure_index(settings, embedder, progress=False)  # type: ignore[arg-type]
    return check_consistent(settings)


def kill_at(args: list[str], settings: Settings, delay: float) -> list[str]:
    process = subprocess.Popen(command(*args), env=environment(settings), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return leftovers(settings)


def kill_delay(duration: float, number: int) -> float:
    """The ``number``-th of KILLS kill times, from 0.3× to LATEST_KILL× the uninterrupted run."""
    return duration * (0.3 + (LATEST_KILL - 0.3) * number / (KILLS - 1))


def timed(args: list[str], settings: Settings) -> float:
    started = time.perf_counter()
    completed = run(*args, settings=settings)
    assert completed.returncode == 0, completed.stderr
    return time.perf_counter() - started


@pytest.fixture(scope="module")
def embedder():  # type: ignore[no-untyped-def]
    return build_embedder(Settings())


def test_remove_killed_at_random_points_leaves_old_or_new_library(corpus_copy: Settings, embedder: object) -> None:
    settings = corpus_copy
    assert run("index", settings=settings).returncode == 0
    duration = timed(["remove", REMOVABLE[0]], settings)
    outcomes: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    pending = REMOVABLE[1:]
    for number in range(KILLS):
        target = pending[0]
        files_before, manifest_before = set(corpus_files(settings.corpus_dir)), read_manifest(settings.corpus_dir)
        seen.update(kill_at(["remove", target], settings, kill_delay(duration, number)))
        indexed = recovered(settings, embedder)
        files_after = set(corpus_files(settings.corpus_dir))
        gone = files_before - files_after
        assert files_after <= files_before, f"files appeared: {files_after - files_before}"
        if gone:
            assert [path.stem for path in gone] == [target] and target not in indexed
            relative = next(iter(gone)).relative_to(settings.corpus_dir).as_posix()
            assert read_manifest(settings.corpus_dir) == {k: v for k, v in manifest_before.items() if k != relative}
            outcomes["new"] += 1
            pending.pop(0)
        else:
            assert target in indexed and read_manifest(settings.corpus_dir) == manifest_before
            outcomes["old"] += 1
    print(f"\n{KILLS} kills over a remove of {duration:.1f} s: outcomes {dict(outcomes)}; on disk after: {dict(seen)}")
    assert outcomes["old"] and outcomes["new"]
    assert seen["add journal"] >= 2, "too few kills landed inside the remove itself"


def test_replace_killed_at_random_points_leaves_one_whole_version(corpus_copy: Settings, tmp_path: Path,
                                                                  embedder: object) -> None:
    settings = corpus_copy
    first = tmp_path / "rule.txt"
    first.write_text(version(0), encoding="utf-8")
    assert run("add", str(first), settings=settings).returncode == 0
    stored = settings.corpus_dir / "added" / "rule.txt"
    second = tmp_path / "rule-1.txt"
    second.write_text(version(1), encoding="utf-8")
    duration = timed(["replace", "rule", str(second)], settings)
    outcomes: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    current = 1
    for number in range(2, KILLS + 2):
        files_before = set(corpus_files(settings.corpus_dir))
        manifest_before = read_manifest(settings.corpus_dir)
        new = tmp_path / f"rule-{number}.txt"
        new.write_text(version(number), encoding="utf-8")
        seen.update(kill_at(["replace", "rule", str(new)], settings, kill_delay(duration, number - 2)))
        recovered(settings, embedder)
        assert set(corpus_files(settings.corpus_dir)) == files_before, "a replace added or lost a file"
        on_disk = stored.read_text(encoding="utf-8")
        assert on_disk in (version(current), version(number)), "the stored text is neither version"
        clauses = [clause.text for clause in load_index(settings).store.clauses if clause.doc_id == "rule"]
        markers = {marker for marker in (f"第{current}版", f"第{number}版") if any(marker in text for text in clauses)}
        if on_disk == version(number):
            assert markers == {f"第{number}版"}, clauses
            assert "assistant replace" in read_manifest(settings.corpus_dir)["added/rule.txt"]["source"]
            outcomes["new"] += 1
            current = number
        else:
            assert markers == {f"第{current}版"}, clauses
            assert read_manifest(settings.corpus_dir) == manifest_before
            outcomes["old"] += 1
    print(f"\n{KILLS} kills over a replace of {duration:.1f} s: outcomes {dict(outcomes)}; on disk after: {dict(seen)}")
    assert outcomes["old"] and outcomes["new"]
    assert seen["add journal"] >= 2, "too few kills landed inside the replace itself"
