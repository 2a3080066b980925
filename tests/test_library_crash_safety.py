"""Crash safety: `add` and the server's upload SIGKILLed at random moments, damaged files, reads during a swap.

Every restart must find the old corpus or the new one, fully indexed and consistent (documents,
clauses, chunks, vectors and BM25 agree), with nothing half-written and nothing stored before lost.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx

from assistant.ingest.corpus import MANIFEST_NAME, corpus_files, read_manifest
from assistant.settings import Settings
from assistant.store.index import corpus_fingerprint, load_index
from tests.live_server import Server, serving, upload

ROOT = Path(__file__).resolve().parents[1]
KILLS = int(os.environ.get("CRASH_KILLS", "25"))
SERVER_KILLS = int(os.environ.get("CRASH_SERVER_KILLS", "8"))
NUMERALS = "零一二三四五六七八九"


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "assistant", *args]


def environment(settings: Settings) -> dict[str, str]:
    return dict(os.environ, ASSISTANT_CORPUS_DIR=str(settings.corpus_dir), ASSISTANT_INDEX_DIR=str(settings.index_dir))


def run(*args: str, settings: Settings) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(*args), capture_output=True, text=True,
                          env=environment(settings), cwd=ROOT, timeout=600)


def new_documents(folder: Path, number: int) -> tuple[list[Path], str, str]:
    """Two small rules with a duty found nowhere else in the corpus; the question and the first title."""
    name = "".join(NUMERALS[int(digit)] for digit in str(number))
    first, second = folder / f"rule-{number}-a.txt", folder / f"rule-{number}-b.txt"
    title = f"某县第{name}号受限空间作业管理规定"
    first.write_text(f"{title}\n一、受限空间作业前必须由企业安全总监{name}号书面批准。\n二、作业时必须设专人监护。\n",
                     encoding="utf-8")
    second.write_text(f"某县第{name}号动火作业管理规定\n一、动火作业必须办理第{name}号动火证。\n", encoding="utf-8")
    return [first, second], f"受限空间作业前必须由企业安全总监{name}号怎样批准？", title


def check_consistent(settings: Settings) -> set[str]:
    """The index equals the corpus on disk and its parts agree; returns the indexed document ids."""
    index = load_index(settings)
    assert index.manifest["corpus_fingerprint"] == corpus_fingerprint(settings), "index is not the corpus on disk"
    store = index.store
    counts = index.manifest["counts"]
    assert (counts["documents"], counts["clauses"], counts["chunks"]) == (
        len(store.documents), len(store.clauses), len(store.chunks))
    assert index.dense.size == index.lexical.size == len(store.chunks)
    clause_ids = [clause.clause_id for clause in store.clauses]
    assert len(set(clause_ids)) == len(clause_ids)
    assert {chunk.clause_id for chunk in store.chunks} == set(clause_ids), "a clause without chunk rows"
    assert {clause.doc_id for clause in store.clauses} <= set(store.documents)
    hidden = [path for path in settings.corpus_dir.rglob(".*")]
    assert not hidden, f"half-written or journal files left in the corpus: {hidden}"
    return set(store.documents)


def test_add_killed_at_random_points_leaves_old_or_new_corpus(corpus_copy: Settings, tmp_path: Path) -> None:
    settings = corpus_copy
    assert run("index", settings=settings).returncode == 0
    started = time.perf_counter()
    documents, question, title = new_documents(tmp_path, 0)
    completed = run("add", *map(str, documents), settings=settings)
    duration = time.perf_counter() - started
    assert completed.returncode == 0, completed.stderr
    check_consistent(settings)
    rng = random.Random(6)
    outcomes: Counter[str] = Counter()
    seen_on_disk: Counter[str] = Counter()
    for number in range(1, KILLS + 1):
        before = {path.relative_to(settings.corpus_dir) for path in corpus_files(settings.corpus_dir)}
        manifest_before = read_manifest(settings.corpus_dir)
        documents, question, title = new_documents(tmp_path, number)
        process = subprocess.Popen(command("add", *map(str, documents)), env=environment(settings),
                                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration * 1.3))  # some adds finish
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen_on_disk.update(leftovers(settings))
        asked = run("ask", question, "--json", settings=settings)
        assert asked.returncode == 0, asked.stderr
        answer = json.loads(asked.stdout)
        indexed = check_consistent(settings)
        after = {path.relative_to(settings.corpus_dir) for path in corpus_files(settings.corpus_dir)}
        assert before <= after, f"files stored before were lost: {before - after}"
        added = after - before
        assert len(added) in (0, 2), f"a half add survived: {added}"
        new_ids = {path.stem for path in added}
        assert new_ids <= indexed
        cited = {citation["doc_id"] for citation in answer["citations"]}
        manifest = read_manifest(settings.corpus_dir)
        if added:
            outcomes["new"] += 1
            assert all(path.as_posix() in manifest for path in added), "added file without its provenance"
            assert answer["citations"][0]["title"] == title, answer
        else:
            outcomes["old"] += 1
            assert manifest == manifest_before
            assert not any(doc_id.startswith(f"rule-{number}-") for doc_id in cited | indexed)
    print(f"\n{KILLS} kills over an add of {duration:.1f} s: outcomes {dict(outcomes)}; "
          f"found on disk after the kill: {dict(seen_on_disk)}")
    assert outcomes["old"] and outcomes["new"]
    assert seen_on_disk["add journal"] >= 3, "too few kills landed inside the add itself"


@dataclass
class KilledUpload:
    """An upload the server was SIGKILLed during, with the corpus as it was before."""

    number: int
    question: str
    title: str
    files_before: set[Path]
    manifest_before: dict
    acknowledged: bool  # the server had answered 200, so the document must survive the kill


def test_server_killed_during_an_upload_restarts_on_old_or_new_corpus(corpus_copy: Settings, tmp_path: Path) -> None:
    """SIGKILL `assistant serve` during POST /v1/documents, restart it on the same folders, check what it serves.

    Kills are spread over an upload (stratified over 0–1.2× its measured duration); the last one comes right
    after the 200 reply, when an acknowledged document must have survived.
    """
    settings, log = corpus_copy, tmp_path / "server.log"
    rng = random.Random(6)
    outcomes: Counter[str] = Counter()
    seen_on_disk: Counter[str] = Counter()
    killed: KilledUpload | None = None
    duration = 0.0
    for number in range(SERVER_KILLS + 2):  # the last start only checks the last kill
        with (serving(settings.corpus_dir, settings.index_dir, log) as server,
              httpx.Client(base_url=server.base_url, timeout=300) as client):
            assert client.get("/healthz").status_code == 200
            if killed is not None:
                outcomes[restarted_state(settings, client, killed)] += 1
            if number == 0:  # one whole upload, for its duration
                documents, question, title = new_documents(tmp_path, number)
                started = time.perf_counter()
                assert upload(client, documents[0].name, documents[0].read_bytes()).status_code == 200
                duration = time.perf_counter() - started
                assert client.post("/v1/ask", json={"question": question}).json()["citations"][0]["title"] == title
            elif number < SERVER_KILLS:
                delay = rng.uniform(number - 1, number) * 1.2 * duration / (SERVER_KILLS - 1)
                killed = upload_and_kill(settings, server, client, tmp_path, number, delay)
            elif number == SERVER_KILLS:
                killed = upload_and_kill(settings, server, client, tmp_path, number, None)
        if 0 < number <= SERVER_KILLS:
            seen_on_disk.update(leftovers(settings))
    print(f"\n{SERVER_KILLS} server kills over an upload of {duration:.1f} s: outcomes {dict(outcomes)}; "
          f"found on disk after the kill: {dict(seen_on_disk)}")
    assert outcomes["old"] and outcomes["new"]
    assert seen_on_disk["add journal"] >= 2, "too few kills landed inside the add itself"


def upload_and_kill(settings: Settings, server: Server, client: httpx.Client, folder: Path, number: int,
                    delay: float | None) -> KilledUpload:
    """Upload a new rule and SIGKILL the server ``delay`` seconds later (None: as soon as it has answered)."""
    before = set(corpus_files(settings.corpus_dir))
    manifest_before = read_manifest(settings.corpus_dir)
    documents, question, title = new_documents(folder, number)
    replies: list[int] = []

    def send() -> None:
        with contextlib.suppress(httpx.HTTPError):  # the connection dies with the server
            replies.append(upload(client, documents[0].name, documents[0].read_bytes()).status_code)

    sender = threading.Thread(target=send)
    sender.start()
    if delay is None:
        sender.join()
    else:
        time.sleep(delay)
    server.process.send_signal(signal.SIGKILL)
    server.process.wait()
    sender.join()
    return KilledUpload(number, question, title, before, manifest_before, acknowledged=replies == [200])


def restarted_state(settings: Settings, client: httpx.Client, killed: KilledUpload) -> str:
    """'old' or 'new': what the restarted server holds, after checking it is whole and agrees with the disk."""
    indexed = check_consistent(settings)
    assert client.get("/readyz").json()["counts"]["documents"] == len(indexed), "the server serves another index"
    after = set(corpus_files(settings.corpus_dir))
    assert killed.files_before <= after, f"files stored before were lost: {killed.files_before - after}"
    added = after - killed.files_before
    assert len(added) <= 1, f"more than the uploaded file appeared: {added}"
    answer = client.post("/v1/ask", json={"question": killed.question}).json()
    cited = {citation["doc_id"] for citation in answer["citations"]}
    if added:
        assert {path.stem for path in added} <= indexed
        assert all(path.relative_to(settings.corpus_dir).as_posix() in read_manifest(settings.corpus_dir) for path in added)
        assert answer["citations"][0]["title"] == killed.title, answer
        return "new"
    assert not killed.acknowledged, "an upload the server acknowledged was lost"
    assert read_manifest(settings.corpus_dir) == killed.manifest_before
    assert not any(doc_id.startswith(f"rule-{killed.number}-") for doc_id in cited | indexed)
    return "old"


def leftovers(settings: Settings) -> list[str]:
    """What a kill left for recovery, by kind (for the report)."""
    found = []
    if (settings.corpus_dir / ".add-journal.json").exists():
        found.append("add journal")
    if any(settings.corpus_dir.rglob(".*.tmp")) or any(settings.index_dir.rglob(".*.tmp")):
        found.append("temporary file")
    unfinished = [path for path in settings.index_dir.glob("store.*") if not (path / "manifest.json").exists()]
    if unfinished:
        found.append("unfinished index build")
    return found or ["nothing"]


def test_damaged_corpus_manifest_is_named_not_a_traceback(corpus_copy: Settings) -> None:
    manifest = corpus_copy.corpus_dir / MANIFEST_NAME
    manifest.write_bytes(manifest.read_bytes()[: manifest.stat().st_size // 2])
    completed = run("ask", "安委会主任由谁担任？", "--json", settings=corpus_copy)
    assert completed.returncode == 2
    assert "manifest.json is damaged or truncated" in completed.stderr
    assert "Traceback" not in completed.stderr and not completed.stdout


def test_truncated_index_manifest_and_clause_file_are_rebuilt(corpus_copy: Settings) -> None:
    assert run("index", settings=corpus_copy).returncode == 0
    for name in ("manifest.json", "clauses.jsonl"):
        damaged = corpus_copy.index_dir / "store" / name
        damaged.write_bytes(damaged.read_bytes()[:1000])
        completed = run("ask", "安委会主任由谁担任？", "--json", settings=corpus_copy)
        assert completed.returncode == 0, completed.stderr
        assert "damaged" in completed.stderr and name in completed.stderr
        assert json.loads(completed.stdout)["citations"]
        check_consistent(corpus_copy)


def test_reads_during_an_add_see_one_whole_build(corpus_copy: Settings, tmp_path: Path) -> None:
    """Loading the index from disk and asking the live service, both while another thread adds."""
    from assistant.service.live import LiveService

    service = LiveService(corpus_copy)
    service.load()
    old = load_index(corpus_copy).manifest["counts"]
    documents, question, title = new_documents(tmp_path, 1)
    errors: list[BaseException] = []
    done = threading.Event()

    def add() -> None:
        try:
            for document in documents:
                service.add_document(document.name, document.read_bytes())
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            done.set()

    writer = threading.Thread(target=add)
    writer.start()
    loads, answers = Counter(), 0
    while not done.is_set() or not loads:
        index = load_index(corpus_copy)
        counts = index.manifest["counts"]
        assert (len(index.store.documents), len(index.store.clauses), len(index.store.chunks)) == (
            counts["documents"], counts["clauses"], counts["chunks"])
        assert index.dense.size == index.lexical.size == counts["chunks"]
        loads[counts["documents"] - old["documents"]] += 1
        snapshot = service.snapshot
        answer = snapshot.assistant.ask(question)
        answers += 1
        store = snapshot.assistant.index.store
        assert all(store.clause(citation.clause_id) is not None for citation in answer.citations)
    writer.join()
    assert not errors, errors
    loads[load_index(corpus_copy).manifest["counts"]["documents"] - old["documents"]] += 1
    assert set(loads) <= {0, 1, 2} and len(loads) >= 2, loads  # old, intermediate and new builds, never a mix
    assert service.ask(question).citations[0].title == title
    print(f"\n{sum(loads.values())} loads from disk by added documents {dict(loads)}, {answers} answers during the add")


def test_start_up_recovers_a_missing_link_and_leftovers_with_relative_paths(corpus_copy: Settings) -> None:
    """What a kill can leave besides a journal: no `store` link, an unfinished build, a temporary file."""
    folder = corpus_copy.index_dir.parent
    env = dict(os.environ, ASSISTANT_CORPUS_DIR="corpus", ASSISTANT_INDEX_DIR="index", PYTHONPATH=str(ROOT))

    def relative(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command(*args), capture_output=True, text=True, env=env, cwd=folder, timeout=600)

    for _ in range(3):
        assert relative("index", "--force").returncode == 0
    link = corpus_copy.index_dir / "store"
    builds = sorted(path.name for path in corpus_copy.index_dir.glob("store.*"))
    assert len(builds) == 2 and os.readlink(link) == builds[-1]  # the live build and the one before
    link.unlink()
    (corpus_copy.index_dir / "store.99999999999999999999").mkdir()  # a build killed before its manifest
    (corpus_copy.corpus_dir / "added").mkdir()
    (corpus_copy.corpus_dir / "added" / ".rule.txt.123.tmp").write_text("一、半个文件", encoding="utf-8")
    asked = relative("ask", "安委会主任由谁担任？", "--json")
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["citations"]
    assert "unfinished index build" in asked.stderr and "half-written file" in asked.stderr
    assert f"points at the last complete build {builds[-1]}" in asked.stderr
    assert "building the index" not in asked.stderr  # the last complete build was current: no rebuild
    check_consistent(corpus_copy)
