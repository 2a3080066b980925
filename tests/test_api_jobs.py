"""The users' jobs over HTTP (chat, duty map, obligations, quiz, filtered ask) against a real server on loopback."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from tests.live_server import read_events
from tests.test_api import WORK_SAFETY_LAW, assert_error, client, server  # noqa: F401  (module fixtures)
from tests.test_cli_contract import check_result

ARTICLE_QUESTION = "安全生产法第二十一条规定了什么？"


def chat(client: httpx.Client, question: str, conversation_id: str | None = None) -> dict:  # noqa: F811
    body = {"question": question, "k": 5} | ({"conversation_id": conversation_id} if conversation_id else {})
    response = client.post("/v1/chat", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_chat_follow_up_is_read_against_the_first_turn(client: httpx.Client) -> None:  # noqa: F811
    first = chat(client, ARTICLE_QUESTION)
    check_result({key: first[key] for key in first if key not in {"resolved_question", "interpretation",
                                                                 "conversation_id", "turn"}}, ARTICLE_QUESTION)
    assert first["turn"] == 1 and first["conversation_id"]
    assert (first["citations"][0]["title"], first["citations"][0]["clause_label"]) == (WORK_SAFETY_LAW, "第二十一条")

    follow = chat(client, "它的罚则是什么？", first["conversation_id"])
    assert follow["conversation_id"] == first["conversation_id"] and follow["turn"] == 2
    assert follow["interpretation"] == "penalty" and "罚" in follow["resolved_question"]
    assert follow["found"] is True
    cited = [(c["title"], c["clause_label"]) for c in follow["citations"]]
    assert any(title == WORK_SAFETY_LAW and label.startswith("第九十") for title, label in cited), cited

    alone = chat(client, "它的罚则是什么？")  # the same words without the first turn start a new conversation
    assert alone["conversation_id"] != first["conversation_id"] and alone["turn"] == 1


def test_chat_follow_up_by_place(client: httpx.Client) -> None:  # noqa: F811
    first = chat(client, "枞阳对安全生产责任保险有什么规定？")
    follow = chat(client, "沅江的规定呢？", first["conversation_id"])
    assert "沅江" in follow["resolved_question"] and "保险" in follow["resolved_question"]
    assert any("建立健全安全生产责任保险制度" in c["text"] for c in follow["citations"])


def test_unknown_conversation_is_404_json(client: httpx.Client) -> None:  # noqa: F811
    response = client.post("/v1/chat", json={"question": "它的罚则是什么？", "conversation_id": "no-such-conversation"})
    assert "no-such-conversation" in assert_error(response, 404, "not_found")["message"]
    assert_error(client.post("/v1/chat", json={"question": ""}), 422, "invalid_input")


def test_chat_stream_carries_the_turn(client: httpx.Client) -> None:  # noqa: F811
    first = chat(client, ARTICLE_QUESTION)
    body = {"question": "它的罚则是什么？", "conversation_id": first["conversation_id"]}
    response, events = read_events(client, "/v1/chat/stream", body)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    names = [name for name, _ in events]
    assert names[0] == "citations" and names[-2:] == ["result", "done"]
    result = dict(events)["result"]
    assert result["turn"] == 2 and result["conversation_id"] == first["conversation_id"]
    assert "".join(data for name, data in events if name == "delta") == result["answer"]
    with client.stream("POST", "/v1/chat/stream", json={"question": "x", "conversation_id": "gone"}) as response:
        assert response.status_code == 404


def test_duties_by_industry_and_by_body(client: httpx.Client) -> None:  # noqa: F811
    by_industry = client.get("/v1/duties", params={"industry": "道路运输"}).json()
    assert by_industry["records"]
    assert all("道路运输" in r["duty"] or "道路运输" in r["evidence"] for r in by_industry["records"])
    assert all(r["clause_id"] and r["clause_label"] and r["title"] for r in by_industry["records"])

    by_body = client.get("/v1/duties", params={"body": "公安局", "region": "枞阳"}).json()
    assert by_body["query"]["canonical_body"] == "公安" and by_body["records"]
    assert all(r["body"] == "公安" and "枞阳" in (r["region"] or "") for r in by_body["records"])
    clause = client.get(f"/v1/clauses/{by_body['records'][0]['clause_id']}").json()
    assert by_body["records"][0]["evidence"][:8] in clause["text"]

    assert_error(client.get("/v1/duties"), 422, "invalid_input")


def test_obligations_checklist_and_downloads(client: httpx.Client) -> None:  # noqa: F811
    profile = {"industry": "危险化学品", "employees": 350, "region": "沅江"}
    checklist = client.post("/v1/obligations", json=profile).json()
    assert checklist["high_risk"] is True and checklist["obligations"]
    labels = {(o["title"], o["clause_label"]) for o in checklist["obligations"]}
    assert (WORK_SAFETY_LAW, "第二十四条第一款") in labels and (WORK_SAFETY_LAW, "第二十四条第二款") not in labels
    assert all(o["condition"] and o["clause_id"] for o in checklist["obligations"])

    download = client.post("/v1/obligations", params={"format": "csv"}, json=profile)
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert len(rows) == len(checklist["obligations"]) and rows[0]["clause_label"] and rows[0]["condition"]
    markdown = client.post("/v1/obligations", params={"format": "md"}, json=profile)
    assert markdown.headers["content-type"].startswith("text/markdown") and "第二十四条第一款" in markdown.text

    assert_error(client.post("/v1/obligations", json={"employees": -3}), 422, "invalid_request")
    assert_error(client.post("/v1/obligations", params={"format": "xls"}, json=profile), 422, "invalid_request")


def test_quiz_generated_and_a_perfect_sheet_scores_full(client: httpx.Client) -> None:  # noqa: F811
    request = {"n": 6, "doc": "安全生产法", "seed": 3}
    quiz = client.post("/v1/quiz", json=request).json()
    assert len(quiz["questions"]) == 6 and client.post("/v1/quiz", json=request).json() == quiz  # seeded
    assert all(q["source"]["title"] == WORK_SAFETY_LAW and q["answer_text"] in q["source"]["text"] for q in quiz["questions"])

    perfect = client.post("/v1/quiz/grade", json={"quiz": quiz, "answers": {q["id"]: q["answer"] for q in quiz["questions"]}})
    assert perfect.status_code == 200, perfect.text
    report = perfect.json()
    assert report["score"] == 1.0 and report["correct"] == 6 and not report["unanswered"]

    blank = client.post("/v1/quiz/grade", json={"quiz": quiz, "answers": {}}).json()
    assert blank["score"] == 0.0 and len(blank["unanswered"]) == 6
    assert all(r["source"]["clause_label"] and r["evidence"] for r in blank["results"])

    assert_error(client.post("/v1/quiz", json={"n": 3, "doc": "没有这个文件的标题"}), 422, "invalid_input")
    assert_error(client.post("/v1/quiz", json={"n": 0}), 422, "invalid_request")


def test_ask_as_of_answers_from_the_texts_in_force_that_day(client: httpx.Client) -> None:  # noqa: F811
    question = "煤矿企业主要负责人是第一责任人吗？"
    after = client.post("/v1/ask", json={"question": question, "as_of": "2024-06-01"}).json()
    before = client.post("/v1/ask", json={"question": question, "as_of": "2024-04-30"}).json()
    check_result(after, question)
    check_result(before, question)
    coal = "煤矿安全生产条例"
    assert coal in after["citations"][0]["title"]
    assert all(coal not in c["title"] for c in before["citations"])
    national = client.post("/v1/ask", json={"question": "安全生产责任制怎么落实？", "level": ["national"],
                                            "force": "法律,行政法规"}).json()
    levels = {d["doc_id"]: d["level"] for d in client.get("/v1/documents").json()}
    assert national["citations"] and all(levels[c["doc_id"]] == "national" for c in national["citations"])
    assert client.post("/v1/ask", json={"question": question, "k": 2}).status_code == 200


@pytest.mark.parametrize("body", [
    {"question": "安全生产", "as_of": "2024-13-45"},
    {"question": "安全生产", "force": ["宪法"]},
    {"question": "安全生产", "level": "planet"},
])
def test_bad_filters_are_422_json(client: httpx.Client, body: dict) -> None:  # noqa: F811
    assert_error(client.post("/v1/ask", json=body), 422, "invalid_input")


def test_conversation_survives_an_added_document(server, client: httpx.Client) -> None:  # noqa: F811, ANN001
    from tests.test_api import UPLOADED_TEXT, UPLOADED_TITLE, upload

    first = chat(client, ARTICLE_QUESTION)
    assert upload(client, "民宿.txt", UPLOADED_TEXT.encode()).status_code == 200  # the index is rebuilt and swapped
    follow = chat(client, "它的罚则是什么？", first["conversation_id"])
    assert follow["turn"] == 2 and follow["interpretation"] == "penalty"
    assert any(c["title"] == WORK_SAFETY_LAW and c["clause_label"].startswith("第九十") for c in follow["citations"])
    fresh = chat(client, "农村自建民宿的客房应当配备什么灭火器？")  # a new conversation sees the new document
    assert fresh["citations"][0]["title"] == UPLOADED_TITLE
