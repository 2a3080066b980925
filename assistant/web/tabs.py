"""Web app tabs for the users' jobs: who is responsible, what an enterprise must do, training quizzes.

Each tab calls the same LiveService as the HTTP API, in-process; cited rows open their clause on a click.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.errors import AssistantError, IndexNotReadyError
from assistant.obligations.catalogue import EnterpriseProfile
from assistant.obligations.render import render
from assistant.obligations.vocabulary import industries
from assistant.quiz import Quiz, QuizRequest, generate_quiz, grade_quiz
from assistant.service.live import LiveService
from assistant.web.html import NO_CLAUSE, OPEN_CARD_JS, clause_view
from assistant.web.views import checklist_view, duty_view, question_text, quiz_intro, report_view

MAX_QUESTIONS = 20
HIGH_RISK = {"按行业判断": None, "是": True, "否": False}
DUTY_EXAMPLES = [["道路运输", "", ""], ["", "公安局", "枞阳"], ["", "安委会", ""]]


def _problem(error: AssistantError) -> str:
    if isinstance(error, IndexNotReadyError):
        return '<p class="warning">⚠ 索引正在加载，请稍候再试。</p>'
    return f'<p class="warning">⚠ {error}</p>'


def _clickable(html: gr.HTML, live: LiveService, elem_id: str) -> gr.HTML:
    """A clause panel that shows the clause of whichever card in ``html`` is clicked."""
    panel = gr.HTML(NO_CLAUSE, elem_id=elem_id)

    def open_card(event: gr.EventData) -> str:
        clause_id = getattr(event, "clause_id", None)
        return clause_view(live.snapshot.library.clause(clause_id)) if clause_id else NO_CLAUSE

    html.click(open_card, None, panel)
    return panel


def duty_tab(live: LiveService) -> None:
    """谁负责: an industry or task, or a body (any usual name), optionally a place → the duty map, cited."""
    with gr.Row():
        industry = gr.Textbox(label="行业或事项", placeholder="例如：道路运输、消防、危险化学品", elem_id="duty-industry")
        body = gr.Textbox(label="部门", placeholder="例如：公安局、交运局、安委会", elem_id="duty-body")
        region = gr.Textbox(label="地区（可选）", placeholder="例如：枞阳", elem_id="duty-region")
    search = gr.Button("查询职责", variant="primary", elem_id="duty-search")
    gr.Examples(DUTY_EXAMPLES, inputs=[industry, body, region], label="示例")
    result = gr.HTML(elem_id="duty-result", js_on_load=OPEN_CARD_JS)
    _clickable(result, live, "duty-clause")

    def query(industry_text: str, body_text: str, region_text: str) -> str:
        given = [(value or "").strip() or None for value in (industry_text, body_text, region_text)]
        if not (given[0] or given[1]):
            return '<p class="warning">⚠ 请填写行业/事项或部门。</p>'
        try:
            duty_map = live.snapshot.assistant.duties
            if duty_map is None:
                raise IndexNotReadyError("the duty map is not loaded")
            return duty_view(duty_map.query(industry=given[0], body=given[1], region=given[2]))
        except AssistantError as error:
            return _problem(error)

    search.click(query, [industry, body, region], result)


def obligations_tab(live: LiveService, blocks: gr.Blocks) -> None:
    """企业义务: an enterprise profile → the obligations that apply, with conditions and citations; MD/CSV files."""
    with gr.Row():
        industry = gr.Dropdown([item.name for item in industries()], label="行业", allow_custom_value=True,
                               elem_id="ob-industry")
        employees = gr.Number(label="从业人数", precision=0, minimum=0, elem_id="ob-employees")
    with gr.Row():
        high_risk = gr.Radio(list(HIGH_RISK), value="按行业判断", label="高危", elem_id="ob-high-risk")
        region = gr.Dropdown([], label="地区（可选，列出当地文件的要求）", allow_custom_value=True, elem_id="ob-region")
    make = gr.Button("生成义务清单", variant="primary", elem_id="ob-make")
    with gr.Row():
        markdown = gr.DownloadButton("下载 Markdown", visible=False, elem_id="ob-md")
        table = gr.DownloadButton("下载 CSV", visible=False, elem_id="ob-csv")
    result = gr.HTML(elem_id="ob-result", js_on_load=OPEN_CARD_JS)
    _clickable(result, live, "ob-clause")

    def checklist(industry_name: str | None, count: float | None, risk: str, place: str | None) -> tuple[Any, ...]:
        hidden = gr.DownloadButton(visible=False)
        profile = EnterpriseProfile(industry=(industry_name or "").strip() or None,
                                    employees=None if count is None else max(int(count), 0),
                                    high_risk=HIGH_RISK.get(risk), region=(place or "").strip() or None)
        try:
            catalogue = live.snapshot.assistant.obligations
            if catalogue is None:
                raise IndexNotReadyError("the obligation catalogue is not loaded")
            made = catalogue.checklist(profile)
        except AssistantError as error:
            return _problem(error), hidden, hidden
        folder = Path(tempfile.mkdtemp(prefix="obligations-"))
        files = {}
        for form in ("md", "csv"):
            files[form] = folder / f"企业安全生产义务清单.{form}"
            files[form].write_text(render(made, form), encoding="utf-8-sig" if form == "csv" else "utf-8")
        return (checklist_view(made), gr.DownloadButton(value=str(files["md"]), visible=True),
                gr.DownloadButton(value=str(files["csv"]), visible=True))

    def regions() -> Any:
        if not live.ready or live.snapshot.assistant.obligations is None:
            return gr.Dropdown(choices=[])
        return gr.Dropdown(choices=sorted(live.snapshot.assistant.obligations.regions()))

    make.click(checklist, [industry, employees, high_risk, region], [result, markdown, table])
    blocks.load(regions, None, region)


def quiz_tab(live: LiveService, blocks: gr.Blocks) -> None:
    """测验: N questions from the corpus, a document or a topic (seeded), answered in the page and graded."""
    with gr.Row():
        doc = gr.Dropdown([], label="文件（可选，默认全部语料）", allow_custom_value=True, elem_id="quiz-doc")
        topic = gr.Textbox(label="主题（可选）", placeholder="例如：隐患排查", elem_id="quiz-topic")
    with gr.Row():
        count = gr.Slider(1, MAX_QUESTIONS, value=5, step=1, label="题数", elem_id="quiz-n")
        seed = gr.Number(value=1, precision=0, label="随机种子（相同种子出相同的题）", elem_id="quiz-seed")
    generate = gr.Button("出题", variant="primary", elem_id="quiz-generate")
    intro = gr.HTML(elem_id="quiz-intro")
    current = gr.State(None)
    slots: list[tuple[gr.Column, gr.Markdown, gr.Radio, gr.Textbox]] = []
    for number in range(MAX_QUESTIONS):
        with gr.Column(visible=False, elem_id=f"quiz-q{number + 1}", elem_classes="quiz-question") as group:
            prompt = gr.Markdown()
            choice = gr.Radio([], label="选择", visible=False, elem_classes="quiz-choice")
            blank = gr.Textbox(label="填空", visible=False, elem_classes="quiz-blank")
        slots.append((group, prompt, choice, blank))
    submit = gr.Button("交卷", variant="primary", visible=False, elem_id="quiz-grade")
    report = gr.HTML(elem_id="quiz-report", js_on_load=OPEN_CARD_JS)
    _clickable(report, live, "quiz-clause")

    def make(doc_name: str | None, topic_text: str, n: float, seed_value: float | None) -> list[Any]:
        try:
            request = QuizRequest(n=int(n), doc=(doc_name or "").strip() or None, topic=(topic_text or "").strip() or None,
                                  seed=int(seed_value or 0))
            quiz = generate_quiz(live.snapshot.assistant.index.store, request)
        except AssistantError as error:
            return [_problem(error), None, gr.Button(visible=False), ""] + _hidden_slots()
        updates: list[Any] = []
        for number, _ in enumerate(slots):
            if number >= len(quiz.questions):
                updates += _hidden_slot()
                continue
            question = quiz.questions[number]
            choices = ([(f"{option.label}. {option.text}", option.label) for option in question.options]
                       if question.type == "single_choice" else ["对", "错"])
            updates += [gr.Column(visible=True), question_text(number, quiz),
                        gr.Radio(choices=choices, value=None, visible=question.type != "fill_blank"),
                        gr.Textbox(value="", visible=question.type == "fill_blank")]
        return [quiz_intro(quiz), quiz.model_dump(), gr.Button(visible=bool(quiz.questions)), ""] + updates

    def grade(saved: dict[str, Any] | None, *values: Any) -> str:
        if not saved:
            return '<p class="warning">⚠ 请先出题。</p>'
        quiz = Quiz.model_validate(saved)
        answers = {}
        for number, question in enumerate(quiz.questions):
            choice, blank = values[2 * number], values[2 * number + 1]
            given = blank if question.type == "fill_blank" else choice
            if given:
                answers[question.id] = str(given)
        return report_view(grade_quiz(quiz, answers))

    def documents() -> Any:
        if not live.ready:
            return gr.Dropdown(choices=[])
        return gr.Dropdown(choices=[(item["title"], item["doc_id"]) for item in live.snapshot.library.documents()])

    slot_outputs: list[Any] = [part for slot in slots for part in slot]
    generate.click(make, [doc, topic, count, seed], [intro, current, submit, report, *slot_outputs])
    submit.click(grade, [current] + [part for _, _, choice, blank in slots for part in (choice, blank)], report)
    blocks.load(documents, None, doc)


def _hidden_slot() -> list[Any]:
    return [gr.Column(visible=False), "", gr.Radio(choices=[], value=None, visible=False), gr.Textbox(value="", visible=False)]


def _hidden_slots() -> list[Any]:
    return [part for _ in range(MAX_QUESTIONS) for part in _hidden_slot()]
