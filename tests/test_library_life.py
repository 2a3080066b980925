"""The library's life: documents removed and replaced from the command line and over HTTP.

On the real bundled texts: statuses that depend on another document are derived anew when it goes
(煤矿安全生产条例 repeals 煤矿安全监察条例 by its 第七十六条; without it, the older text is no longer
marked repealed). A running server answers from the new library without a restart, whether the change
came through its API or from another process.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx

from assistant.ingest.corpus import corpus_files, read_manifest
from assistant.settings import Settings
from assistant.store.index import load_index
from tests.live_server import API_KEY, running_server, upload
from tests.test_library_crash_safety import check_consistent, run

REPEALING = "coal-mine-work-safety-regulations-2024"  # 煤矿安全生产条例
REPEALED = ("coal-mine-safety-supervision-regulations-2013", "coal-mine-accident-prevention-special-provisions-2013")
REPEALING_FILE = "national/coal-mine-work-safety-regulations-2024.txt"
KEY = {"X-API-Key": API_KEY}


def listed(settings: Settings) -> dict[str, dict]:
    completed = run("list", "--json", settings=settings)
    assert completed.returncode == 0, completed.stderr
    return {row["doc_id"]: row for row in map(json.loads, completed.stdout.splitlines())}


def test_list_shows_place_version_status_and_reason(corpus_copy: Settings) -> None:
    documents = listed(corpus_copy)
    supervision = documents[REPEALED[0]]
    assert (supervision["title"], supervision["place"], supervision["version_date"]) == ("煤矿安全监察条例", "全国", "2013-07-18")
    assert supervision["status"] == "repealed" and "《煤矿安全生产条例》第七十六条" in supervision["status_evidence"]
    assert documents[REPEALING]["status"] == "in_force"
    assert any(row["place"] == "安徽省铜陵市枞阳县" for row in documents.values())
    plain = run("list", settings=corpus_copy).stdout
    assert f"{REPEALED[0]}\t煤矿安全监察条例\t全国\t2013-07-18\trepealed（" in plain


def test_removing_the_repealing_law_lifts_the_repeal_and_updates_the_manifest(corpus_copy: Settings) -> None:
    settings = corpus_copy
    assert REPEALING_FILE in read_manifest(settings.corpus_dir)
    completed = run("remove", REPEALING, settings=settings)
    assert completed.returncode == 0, completed.stderr
    assert f"removed {REPEALING}" in completed.stdout
    assert REPEALING_FILE not in read_manifest(settings.corpus_dir)
    assert not (settings.corpus_dir / REPEALING_FILE).exists()
    indexed = check_consistent(settings)
    assert REPEALING not in indexed
    documents = load_index(settings).store.documents
    for doc_id in REPEALED:
        assert documents[doc_id].status != "repealed" and documents[doc_id].repealed_by is None, documents[doc_id]
    assert "煤矿安全生产条例" not in (documents[REPEALED[0]].status_evidence or "")


def test_a_national_law_added_without_a_manifest_entry_is_national_law(corpus_copy: Settings, tmp_path: Path) -> None:
    """``add`` knows nothing but the file: the 题注 (…全国人民代表大会常务委员会…通过) makes it national law,
    so a question naming no place is answered from it before a local text on the same subject."""
    settings = corpus_copy
    law = tmp_path / "fire-protection-law-2021.txt"
    law.write_bytes((settings.corpus_dir / "national/fire-protection-law-2021.txt").read_bytes())
    assert run("remove", "fire-protection-law-2021", settings=settings).returncode == 0
    completed = run("add", str(law), settings=settings)
    assert completed.returncode == 0, completed.stderr
    added = listed(settings)["fire-protection-law-2021"]
    assert added["source_file"] == "added/fire-protection-law-2021.txt"
    assert (added["title"], added["place"], added["force"]) == ("中华人民共和国消防法", "全国", "法律")
    asked = run("ask", "公共场所的消防设施谁来维护？", "--json", settings=settings)
    first = json.loads(asked.stdout)["citations"][0]
    assert (first["title"], first["clause_label"]) == ("中华人民共和国消防法", "第二十九条"), first  # not 上海市消防条例


def test_replacing_with_a_version_without_the_repeal_clause_lifts_the_repeal(corpus_copy: Settings, tmp_path: Path) -> None:
    settings = corpus_copy
    text = (settings.corpus_dir / REPEALING_FILE).read_text(encoding="utf-8")
    without = "\n".join(line for line in text.splitlines() if "同时废止" not in line)
    assert without != text
    new = tmp_path / "煤矿安全生产条例-修改.txt"
    new.write_text(without, encoding="utf-8")
    files_before = set(corpus_files(settings.corpus_dir))
    completed = run("replace", REPEALING, str(new), settings=settings)
    assert completed.returncode == 0, completed.stderr
    assert set(corpus_files(settings.corpus_dir)) == files_before  # same path, same doc_id
    assert (settings.corpus_dir / REPEALING_FILE).read_text(encoding="utf-8") == without
    entry = read_manifest(settings.corpus_dir)[REPEALING_FILE]
    assert "assistant replace" in entry["source"] and "status" not in entry  # the old version's curated facts went
    documents = load_index(settings).store.documents
    assert documents[REPEALING].title == "煤矿安全生产条例"
    assert documents[REPEALED[0]].status != "repealed"
    check_consistent(settings)


def test_unknown_ids_and_unreadable_files_are_named_and_nothing_is_lost(corpus_copy: Settings, tmp_path: Path) -> None:
    settings = corpus_copy
    assert run("index", settings=settings).returncode == 0
    files_before, manifest_before = set(corpus_files(settings.corpus_dir)), read_manifest(settings.corpus_dir)
    removed = run("remove", "no-such-document", settings=settings)
    assert removed.returncode == 1 and "no-such-document: no document with this id" in removed.stderr
    attachment = run("remove", "000_ec815e8a252be08f-att1", settings=settings)
    assert attachment.returncode == 1 and "is an attachment inside the file of 000_ec815e8a252be08f" in attachment.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    unreadable = run("replace", REPEALING, str(empty), settings=settings)
    assert unreadable.returncode == 1 and "empty.txt" in unreadable.stderr
    unknown = run("replace", "no-such-document", str(empty), settings=settings)
    assert unknown.returncode == 1 and "no-such-document" in unknown.stderr
    assert run("replace", REPEALING, settings=settings).returncode == 2
    assert run("remove", settings=settings).returncode == 2
    assert set(corpus_files(settings.corpus_dir)) == files_before
    assert read_manifest(settings.corpus_dir) == manifest_before
    assert REPEALING in check_consistent(settings)


def test_running_server_answers_from_the_new_library_after_remove_and_replace(tmp_path: Path) -> None:
    question = "煤矿安全监察条例现在还有效吗？"
    with running_server(tmp_path) as server, httpx.Client(base_url=server.base_url, timeout=300) as client:
        statuses = {row["doc_id"]: row for row in client.get("/v1/documents").json()}
        assert statuses[REPEALED[0]]["status"] == "repealed"
        assert client.delete(f"/v1/documents/{REPEALING}").status_code == 401
        missing = client.delete("/v1/documents/no-such-document", headers=KEY)
        assert missing.status_code == 404 and "no-such-document" in missing.json()["error"]["message"]
        removed = client.delete(f"/v1/documents/{REPEALING}", headers=KEY)
        assert removed.status_code == 200, removed.text
        assert removed.json()["removed"] == [{"doc_id": REPEALING, "stored_as": REPEALING_FILE}]
        statuses = {row["doc_id"]: row for row in client.get("/v1/documents").json()}
        assert REPEALING not in statuses and statuses[REPEALED[0]]["status"] != "repealed"
        answer = client.post("/v1/ask", json={"question": question}).json()
        assert REPEALING not in {citation["doc_id"] for citation in answer["citations"]}

        rule = "某县受限空间作业管理规定\n一、受限空间作业前必须由安全总监书面批准。\n"
        assert upload(client, "rule.txt", rule.encode()).status_code == 200
        new_rule = rule.replace("安全总监", "企业主要负责人")
        replaced = client.put("/v1/documents/rule", headers=KEY, files={"file": ("rule-v2.txt", new_rule.encode(), "text/plain")})
        assert replaced.status_code == 200, replaced.text
        assert replaced.json()["document"]["doc_id"] == "rule" and not replaced.json()["unchanged"]
        cited = client.post("/v1/ask", json={"question": "某县受限空间作业前必须由谁书面批准？"}).json()["citations"][0]
        assert cited["doc_id"] == "rule" and "企业主要负责人" in cited["text"], cited

        corpus, index = server.corpus_dir, server.corpus_dir.parent / "index"
        outside = run("remove", "rule", settings=Settings(corpus_dir=corpus, index_dir=index))
        assert outside.returncode == 0, outside.stderr
        deadline = time.monotonic() + 120  # another process changed it: the server notices the new build
        while "rule" in {row["doc_id"] for row in client.get("/v1/documents").json()}:
            assert time.monotonic() < deadline, "the server still serves the library from before the outside remove"
            time.sleep(0.5)
        asked = client.post("/v1/ask", json={"question": "某县受限空间作业前必须由谁书面批准？"}).json()
        assert "rule" not in {citation["doc_id"] for citation in asked["citations"]}
