"""32 askers against a live server while documents are added, replaced and removed over its API.

Every request must succeed, and every answer must come from one whole library: the clauses it cites
of the changing documents are all found together in one of the libraries the writer made, never a
replaced document's old clause beside its new one, never a removed document beside its successor.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from tests.live_server import API_KEY, running_server, upload

ASKERS = 32
KEY = {"X-API-Key": API_KEY}
QUESTIONS = ["某县受限空间作业前必须由谁书面批准？", "某县受限空间作业前必须检测什么？",
             "某县受限空间作业时必须怎样监护？", "生产经营单位的主要负责人对安全生产负有哪些职责？"]
TRACKED = ("confined", "gas-check")

Cited = frozenset[tuple[str, str, str]]


def rule(version: int) -> bytes:
    return (f"某县受限空间作业管理规定\n一、受限空间作业前必须由安全总监书面批准，本规定第{version}版。\n"
            f"二、受限空间作业时必须设专人监护，本规定第{version}版。\n").encode()


GAS_CHECK = "某县受限空间作业检测规定\n一、受限空间作业前必须检测氧气和有毒气体浓度。\n".encode()


def library_state(client: httpx.Client) -> Cited:
    """The tracked documents' clauses as the server now holds them: (doc_id, clause_id, text)."""
    held = {row["doc_id"] for row in client.get("/v1/documents").json()}
    state = set()
    for doc_id in TRACKED:
        if doc_id in held:
            state |= {(doc_id, clause["clause_id"], clause["text"])
                      for clause in client.get(f"/v1/documents/{doc_id}").json()["clauses"]}
    return frozenset(state)


def test_32_askers_during_add_replace_remove_see_whole_libraries(tmp_path: Path) -> None:
    with running_server(tmp_path) as server, httpx.Client(base_url=server.base_url, timeout=300) as client:
        assert upload(client, "confined.txt", rule(1)).status_code == 200
        states = [library_state(client)]
        answers: list[Cited] = []
        errors: list[str] = []
        stop = threading.Event()

        def ask(number: int) -> None:
            with httpx.Client(base_url=server.base_url, timeout=120) as own:
                turn = number
                while not stop.is_set():
                    try:
                        response = own.post("/v1/ask", json={"question": QUESTIONS[turn % len(QUESTIONS)]})
                    except httpx.HTTPError as error:
                        errors.append(repr(error))
                        continue
                    turn += 1
                    if response.status_code != 200:
                        errors.append(f"{response.status_code} {response.text[:200]}")
                        continue
                    answers.append(frozenset((c["doc_id"], c["clause_id"], c["text"])
                                             for c in response.json()["citations"] if c["doc_id"] in TRACKED))

        askers = [threading.Thread(target=ask, args=(number,)) for number in range(ASKERS)]
        started = time.perf_counter()
        for thread in askers:
            thread.start()
        try:
            time.sleep(2)
            changes = [
                lambda: upload(client, "gas-check.txt", GAS_CHECK),
                lambda: client.put("/v1/documents/confined", headers=KEY,
                                   files={"file": ("confined-v2.txt", rule(2), "text/plain")}),
                lambda: client.delete("/v1/documents/gas-check", headers=KEY),
            ]
            for change in changes:
                reply = change()
                assert reply.status_code == 200, reply.text
                states.append(library_state(client))
            time.sleep(2)
        finally:
            stop.set()
            for thread in askers:
                thread.join()
        elapsed = time.perf_counter() - started

    assert not errors, f"{len(errors)} failed requests, e.g. {errors[:3]}"
    assert len(set(states)) == len(states), "a change did not change the library"
    matched: Counter[int] = Counter()
    for cited in answers:
        homes = [number for number, state in enumerate(states) if cited <= state]
        assert homes, f"an answer cites clauses no single library held together: {sorted(cited)}"
        matched[homes[0] if len(homes) == 1 else -1] += 1
    print(f"\n{len(answers)} answers by {ASKERS} askers in {elapsed:.0f} s, 0 errors; answers only one library "
          f"explains, by library (-1: several): {dict(sorted(matched.items()))}")
    versions = {marker for cited in answers for _, _, text in cited for marker in ("第1版", "第2版") if marker in text}
    assert versions == {"第1版", "第2版"}, "the askers did not see both versions of the replaced document"
