"""The HTTP API against a real server on loopback (python -m assistant serve), over the real index."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.live_server import API_KEY, MAX_UPLOAD_BYTES, Server, read_events, running_server, upload
from tests.test_cli_contract import check_result

DUTY_QUESTION = "生产经营单位的主要负责人对安全生产负有哪些职责？"
WORK_SAFETY_LAW = "中华人民共和国安全生产法"
# A made-up county rule on a topic the bundled corpus does not cover, so only the upload can answer.
UPLOADED_TITLE = "青禾县农村自建民宿消防安全管理办法"
UPLOADED_TEXT = f"""{UPLOADED_TITLE}

第一条 为了加强农村自建民宿的消防安全管理，预防火灾事故，制定本办法。

第二条 民宿经营者应当在每间客房配备一具不少于二公斤的干粉灭火器，并每半年检查一次。

第三条 民宿经营者应当在每年雨季前组织一次夜间疏散演练，演练记录保存两年。
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("api")) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=120) as session:
        yield session


def assert_error(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_health_and_readiness(client: httpx.Client) -> None:
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["counts"]["documents"] >= 24


def test_ask_returns_the_contract_object(client: httpx.Client) -> None:
    response = client.post("/v1/ask", json={"question": DUTY_QUESTION, "k": 5})
    assert response.status_code == 200
    result = response.json()
    check_result(result, DUTY_QUESTION)
    assert "id" not in result and len(result["citations"]) == 5 and result["found"] is True
    assert any(c["title"] == WORK_SAFETY_LAW and c["clause_label"] == "第二十一条" for c in result["citations"])


def test_ask_matches_the_command_line(client: httpx.Client, assistant) -> None:  # noqa: ANN001
    expected = assistant.ask(DUTY_QUESTION, 3).to_json_dict()
    assert client.post("/v1/ask", json={"question": DUTY_QUESTION, "k": 3}).json() == expected


def test_unanswerable_question_is_not_found(client: httpx.Client) -> None:
    result = client.post("/v1/ask", json={"question": "今天股市行情怎么样？"}).json()
    assert result["found"] is False and "没有找到" in result["answer"]


def test_stream_sends_citations_lines_and_the_result(client: httpx.Client) -> None:
    response, events = read_events(client, "/v1/ask/stream", {"question": DUTY_QUESTION, "k": 3})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    names = [name for name, _ in events]
    assert names[0] == "citations" and names[-2:] == ["result", "done"] and "delta" in names
    result = dict(events)["result"]
    assert "".join(data for name, data in events if name == "delta") == result["answer"]
    assert dict(events)["citations"] == result["citations"]


def test_search_ranks_clauses_without_answer(client: httpx.Client) -> None:
    body = client.get("/v1/search", params={"q": "安全生产法第二十一条", "k": 3}).json()
    assert len(body["hits"]) == 3 and "answer" not in body
    first = body["hits"][0]
    assert (first["title"], first["clause_label"]) == (WORK_SAFETY_LAW, "第二十一条")
    assert first["heading_path"] and first["rank"] == 1


def test_documents_and_clause_tree(client: httpx.Client) -> None:
    documents = client.get("/v1/documents").json()
    assert len(documents) >= 24
    law = next(d for d in documents if d["title"] == WORK_SAFETY_LAW)
    assert law["clause_count"] > 100 and law["status"] == "in_force"
    drafts = [d for d in documents if d["status"] == "draft"]
    assert drafts and all(d["status_warning"] for d in drafts)
    detail = client.get(f"/v1/documents/{law['doc_id']}").json()
    assert len(detail["clauses"]) == law["clause_count"]
    labels = [clause["label"] for clause in detail["clauses"]]
    assert labels[labels.index("第一条"):][:3] == ["第一条", "第二条", "第三条"]
    assert any(part["label"] for clause in detail["clauses"] for part in clause["parts"])
    chapters = [node["heading"] for node in detail["tree"] if node["heading"]]
    assert chapters[0].startswith("第一章") and len(chapters) >= 7
    first_chapter = next(node for node in detail["tree"] if node["heading"] == chapters[0])
    assert first_chapter["clauses"][0]["label"] == "第一条"
    in_tree = [item["clause_id"] for node in detail["tree"] for item in tree_clauses(node)]
    assert in_tree == [clause["clause_id"] for clause in detail["clauses"]]  # each clause once, in reading order


def tree_clauses(node: dict) -> list[dict]:
    return node["clauses"] + [item for child in node["children"] for item in tree_clauses(child)]


def test_clause_with_neighbours(client: httpx.Client) -> None:
    hit = client.get("/v1/search", params={"q": "安全生产法第二十一条", "k": 1}).json()["hits"][0]
    clause = client.get(f"/v1/clauses/{hit['clause_id']}").json()
    assert clause["label"] == "第二十一条" and clause["text"] == hit["text"]
    assert clause["previous"]["label"] == "第二十条" and clause["next"]["label"] == "第二十二条"
    assert clause["document"]["title"] == WORK_SAFETY_LAW and clause["heading_path"]


@pytest.mark.parametrize(("body", "code"), [
    ({"question": ""}, "invalid_input"),
    ({"question": "   "}, "invalid_input"),
    ({"question": "安全生产" * 600}, "invalid_input"),
    ({"question": DUTY_QUESTION, "k": 0}, "invalid_input"),
    ({"question": DUTY_QUESTION, "k": 51}, "invalid_input"),
    ({"question": DUTY_QUESTION, "k": "many"}, "invalid_request"),
    ({"k": 3}, "invalid_request"),
    ([1, 2], "invalid_request"),
])
def test_bad_questions_are_422_json(client: httpx.Client, body: object, code: str) -> None:
    assert_error(client.post("/v1/ask", json=body), 422, code)


def test_unknown_ids_and_routes_are_404_json(client: httpx.Client) -> None:
    assert_error(client.get("/v1/documents/no-such-document"), 404, "not_found")
    assert_error(client.get("/v1/clauses/no-such:clause"), 404, "not_found")
    assert_error(client.get("/v1/nothing-here"), 404, "not_found")
    assert_error(client.delete("/v1/documents"), 405, "method_not_allowed")


def test_openapi_lists_endpoints_with_descriptions(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/v1/ask", "/v1/ask/stream", "/v1/search", "/v1/documents", "/v1/documents/{doc_id}",
                 "/v1/clauses/{clause_id}", "/healthz", "/readyz"):
        assert path in spec["paths"], path
    assert "citation" in spec["paths"]["/v1/ask"]["post"]["description"]
    assert client.get("/docs").status_code == 200


def test_concurrent_questions_get_the_same_answers(client: httpx.Client) -> None:
    questions = [DUTY_QUESTION, "工伤保险条例第十四条规定了哪些情形应当认定为工伤？", "危险化学品安全管理条例适用于哪些活动？",
                 "发生生产安全事故后事故单位应当在多长时间内报告？"]
    alone = [client.post("/v1/ask", json={"question": q}).json() for q in questions]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda q: client.post("/v1/ask", json={"question": q}).json(), questions * 4))
    assert together == alone * 4


def corpus_state(server: Server, client: httpx.Client) -> tuple[list[str], int]:
    files = sorted(p.relative_to(server.corpus_dir).as_posix() for p in server.corpus_dir.rglob("*") if p.is_file())
    return files, len(client.get("/v1/documents").json())


def test_writes_need_the_api_key(server: Server, client: httpx.Client) -> None:
    before = corpus_state(server, client)
    assert_error(upload(client, "a.txt", UPLOADED_TEXT.encode(), key=None), 401, "missing_api_key")
    assert_error(upload(client, "a.txt", UPLOADED_TEXT.encode(), key="wrong-key"), 403, "invalid_api_key")
    assert corpus_state(server, client) == before
    assert API_KEY not in server.log_path.read_text()


def test_bad_uploads_leave_the_corpus_as_it_was(server: Server, client: httpx.Client) -> None:
    before = corpus_state(server, client)
    assert_error(upload(client, "big.txt", "安全".encode() * MAX_UPLOAD_BYTES), 413, "too_large")
    assert_error(upload(client, "binary.txt", bytes(range(256)) * 40), 422, "unreadable_document")
    assert_error(upload(client, "tool.exe", b"MZ\x90\x00"), 422, "unreadable_document")
    assert_error(client.post("/v1/documents", data={"x": "1"}, headers={"X-API-Key": API_KEY}), 422, "invalid_input")
    assert corpus_state(server, client) == before


def test_uploaded_document_is_answered_and_cited(server: Server, client: httpx.Client) -> None:
    question = "农村自建民宿的客房应当配备什么灭火器？多久检查一次？"
    assert UPLOADED_TITLE not in {c["title"] for c in client.post("/v1/ask", json={"question": question}).json()["citations"]}
    with ThreadPoolExecutor(max_workers=3) as pool:  # questions keep being answered while the index is rebuilt
        during = [pool.submit(client.post, "/v1/ask", json={"question": DUTY_QUESTION}) for _ in range(12)]
        response = upload(client, "../../青禾县 民宿消防<办法>.txt", UPLOADED_TEXT.encode("gb18030"), bearer=True)
        assert all(future.result().status_code == 200 for future in during)
    assert response.status_code == 200, response.text
    body = response.json()
    stored = body["added"][0]["stored_as"]
    assert stored.startswith("added/") and ".." not in stored and "<" not in stored and " " not in stored
    assert (server.corpus_dir / stored).is_file()
    assert [d["title"] for d in body["documents"]] == [UPLOADED_TITLE]
    result = client.post("/v1/ask", json={"question": question, "k": 3}).json()
    assert result["found"] is True
    first = result["citations"][0]
    assert (first["title"], first["clause_label"]) == (UPLOADED_TITLE, "第二条")
    again = upload(client, "copy.txt", UPLOADED_TEXT.encode("gb18030")).json()
    assert again["added"] == [] and again["unchanged"][0]["stored_as"] == stored


def test_a_read_key_closes_reads_but_not_health(tmp_path: Path) -> None:
    with running_server(tmp_path, read_api_key="reader-key") as closed, httpx.Client(base_url=closed.base_url) as session:
        assert session.get("/healthz").status_code == 200
        assert_error(session.get("/v1/documents"), 401, "missing_api_key")
        assert_error(session.post("/v1/ask", json={"question": DUTY_QUESTION}, headers={"X-API-Key": "nope"}),
                     403, "invalid_api_key")
        assert session.get("/v1/documents", headers={"X-API-Key": "reader-key"}).status_code == 200
        assert session.get("/v1/documents", headers={"Authorization": f"Bearer {API_KEY}"}).status_code == 200
        page = session.get("/ui/", follow_redirects=True)
        assert "reader-key" not in page.text and "安全生产法第二十一条" not in page.text
        assert session.post("/ui/login", data={"username": "x", "password": "nope"}).status_code >= 400
        assert session.post("/ui/login", data={"username": "x", "password": "reader-key"}).status_code == 200


def test_uploaded_docx_is_answered(client: httpx.Client, tmp_path: Path) -> None:
    from tests.fixture_files import write_docx

    title = "青禾县冷库氨制冷安全管理规定"
    text = (f"{title}\n\n第一条 为了防止冷库氨泄漏事故，制定本规定。\n\n"
            "第二条 氨制冷机房应当安装氨气浓度报警装置，每季度校验一次。\n")
    document = write_docx(text, tmp_path / "冷库.docx")
    response = client.post("/v1/documents", headers={"X-API-Key": API_KEY},
                           files={"file": ("冷库.docx", document.read_bytes(), "application/octet-stream")})
    assert response.status_code == 200, response.text
    result = client.post("/v1/ask", json={"question": "氨制冷机房的氨气浓度报警装置多久校验一次？", "k": 3}).json()
    assert (result["citations"][0]["title"], result["citations"][0]["clause_label"]) == (title, "第二条")
