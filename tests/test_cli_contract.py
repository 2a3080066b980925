"""../shared/CONTRACT.md through the real command line: JSON shape, batch, exit statuses, add."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CITATION_KEYS = {"rank", "doc_id", "title", "doc_number", "issuer", "date", "status", "clause_id", "clause_label",
                 "text", "score"}
STATUSES = {"in_force", "draft", "expired", "repealed", "unknown"}


def run(*args: str, settings: Settings | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if settings is not None:
        env["ASSISTANT_CORPUS_DIR"] = str(settings.corpus_dir)
        env["ASSISTANT_INDEX_DIR"] = str(settings.index_dir)
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=900)


def check_result(result: dict, question: str) -> None:
    assert result["question"] == question
    assert isinstance(result["answer"], str) and result["answer"]
    assert isinstance(result["found"], bool)
    assert isinstance(result["warnings"], list)
    for rank, citation in enumerate(result["citations"], start=1):
        assert set(citation) >= CITATION_KEYS  # CONTRACT.md: new fields may be added, none dropped
        assert citation["rank"] == rank
        assert citation["status"] in STATUSES
        assert citation["text"] and citation["clause_id"].startswith(citation["doc_id"] + ":")


def test_single_question_json(assistant) -> None:  # noqa: ANN001 - the index must exist first
    completed = run("ask", "生产经营单位的主要负责人对安全生产负有哪些职责？", "--json")
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    check_result(result, "生产经营单位的主要负责人对安全生产负有哪些职责？")
    assert "id" not in result
    assert len(result["citations"]) == 5  # the contract default
    assert result["found"] is True
    assert any(c["clause_label"] == "第二十一条" and c["title"] == "中华人民共和国安全生产法"
               for c in result["citations"])
    assert "[1]" in result["answer"]


def test_batch_keeps_order_and_ids(assistant, tmp_path: Path) -> None:  # noqa: ANN001
    questions = [
        {"id": 7, "question": "安委会主任由谁担任？"},
        {"id": "b", "question": "工伤保险条例第十四条规定了哪些情形应当认定为工伤？"},
        {"id": "c", "question": "今天股市行情怎么样？"},
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in questions), encoding="utf-8")
    completed = run("ask", "--json", "--batch", str(batch), "--k", "2")
    assert completed.returncode == 0, completed.stderr
    results = [json.loads(line) for line in completed.stdout.splitlines()]
    assert [r["id"] for r in results] == [7, "b", "c"]
    for result, question in zip(results, questions):
        check_result(result, question["question"])
        assert len(result["citations"]) == 2


def test_draft_citation_is_flagged(assistant) -> None:  # noqa: ANN001
    completed = run("ask", "枞阳县对从业人员在300人以上的高危生产经营单位要求设立什么岗位？", "--json")
    result = json.loads(completed.stdout)
    draft = [c for c in result["citations"] if c["status"] == "draft"]
    assert draft, "the 枞阳 draft is the source of this rule"
    assert any("征求意见稿" in warning for warning in result["warnings"])


def test_empty_question_is_exit_2() -> None:
    completed = run("ask", "   ", "--json")
    assert completed.returncode == 2
    assert completed.stderr.strip().count("\n") == 0 and "empty" in completed.stderr


def test_unreadable_batch_is_exit_2(tmp_path: Path) -> None:
    missing = run("ask", "--json", "--batch", str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 2 and "not found" in missing.stderr
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": 1, "question": "安全生产法"}\n{not json\n', encoding="utf-8")
    completed = run("ask", "--json", "--batch", str(broken))
    assert completed.returncode == 2 and ":2:" in completed.stderr
    assert completed.stdout == ""  # nothing answered before the input was checked


def test_very_long_question_is_answered_with_a_warning(assistant) -> None:  # noqa: ANN001
    question = "企业安全生产主体责任包括哪些内容？" * 600  # 10,200 characters
    completed = run("ask", question, "--json")
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert result["citations"]
    assert any("问题过长" in warning for warning in result["warnings"])


def test_bad_k_is_exit_2() -> None:
    assert run("ask", "安全生产法", "--k", "0").returncode == 2


def test_add_makes_a_new_document_citable(corpus_copy: Settings, tmp_path: Path) -> None:
    rule = tmp_path / "某县 有限空间作业 规定 (2020).txt"
    rule.write_bytes(
        "某县有限空间作业安全管理规定\n一、有限空间作业实行审批制度，作业前必须经企业主要负责人签字批准。\n"
        "二、有限空间作业必须先通风、再检测、后作业，检测合格方可进入。\n".encode("gb18030")
    )
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    completed = run("add", str(rule), str(binary), settings=corpus_copy)
    assert completed.returncode == 1, completed.stderr
    assert "scan.txt" in completed.stderr
    stored = list((corpus_copy.corpus_dir / "added").iterdir())
    assert [path.name for path in stored] == ["某县_有限空间作业_规定_(2020).txt"]
    asked = run("ask", "有限空间作业前要经过谁批准？", "--json", settings=corpus_copy)
    result = json.loads(asked.stdout)
    assert result["citations"][0]["title"] == "某县有限空间作业安全管理规定"
    assert "主要负责人签字批准" in result["citations"][0]["text"]
    again = run("add", str(rule), settings=corpus_copy)
    assert again.returncode == 0 and "already in the corpus" in again.stdout


def test_add_unusable_arguments_is_exit_2() -> None:
    assert run("add").returncode == 2


def test_safe_name_never_leaves_the_folder() -> None:
    from assistant.library.adding import safe_name

    assert safe_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_name("..\\..\\win.html") == "win.html"
    assert safe_name(".hidden.txt") == "hidden.txt"
    assert safe_name("a b/c?.TXT") == "c.txt"


def test_damaged_index_is_rebuilt_not_used(corpus_copy: Settings) -> None:
    assert run("index", settings=corpus_copy).returncode == 0
    dense = corpus_copy.index_dir / "store" / "dense.faiss"
    dense.write_bytes(dense.read_bytes()[: len(dense.read_bytes()) // 2])
    completed = run("ask", "安委会主任由谁担任？", "--json", settings=corpus_copy)
    assert completed.returncode == 0, completed.stderr
    assert "dense.faiss" in completed.stderr
    assert json.loads(completed.stdout)["citations"]


def test_the_same_batch_gives_the_same_answers_in_every_process(assistant, tmp_path: Path) -> None:  # noqa: ANN001
    """Python seeds string hashing per process: nothing the answer depends on may follow a set's order
    (two places of equal length, 枞阳 and 沅江, were once found in either order)."""
    questions = ["枞阳和沅江对安全生产责任保险的规定有什么不同？", "沅江和枞阳的安委会主任由谁担任？",
                 "老板不给工人买工伤保险怎么罚？"]
    batch = tmp_path / "questions.jsonl"
    batch.write_text("".join(json.dumps({"id": i, "question": q}, ensure_ascii=False) + "\n" for i, q in enumerate(questions)))
    outputs = []
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        completed = subprocess.run([sys.executable, "-m", "assistant", "ask", "--json", "--batch", str(batch)],
                                   capture_output=True, text=True, env=env, cwd=ROOT, timeout=900)
        assert completed.returncode == 0, completed.stderr
        outputs.append([(r["answer"], [c["clause_id"] for c in r["citations"]])
                        for r in map(json.loads, completed.stdout.splitlines())])
    assert outputs[0] == outputs[1] == outputs[2]
    assert assistant.searcher.reader.read(questions[1]).places[:2] == ("沅江", "枞阳")  # in reading order
