"""Paragraphs of one document → its clause tree, flattened into citable clauses.

Laws (第X条) are cited by article: the article is the clause, its 款 and 项 are its parts.
Policy documents are cited by their numbering path (二、（四）): every numbered item that carries
text is a clause; a numbered heading whose text lives in its children only gives them context.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from assistant.ingest.numbering import LEGAL_KINDS, SHI_ITEM, Marker, match_marker
from assistant.models import Clause, ClausePart
from assistant.text.numerals import int_to_cn

_HEADING_ONLY = 40  # a policy heading longer than this is a sentence, and shown cut at its first 。


@dataclass
class _Node:
    marker: Marker | None
    line: str
    paragraphs: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.marker.kind if self.marker else "root"


CLOSING_LABELS = ("落款", "版记")  # a signature and date; a printing record (…印发)


def parse_clauses(doc_id: str, paragraphs: list[str], closing: list[str] | None = None) -> list[Clause]:
    """Build the clause tree of a document body and return its clauses in reading order. ``closing``: the
    lines after the body (落款: who signed and when; 版记: 中共沅江市委办公室 2019年1月14日印发), kept as
    one clause so that "who issued it, and when" is answered from the document's own words."""
    root = _build_tree(paragraphs)
    is_law = _contains_kind(root, "条")
    builder = _ClauseBuilder(doc_id)
    if root.paragraphs:
        builder.add("题注" if is_law else "前言", (), "\n".join(root.paragraphs), "preamble")
    for child in root.children:
        builder.walk(child, (), "")
    if closing:
        label = CLOSING_LABELS[1] if any(line.endswith("印发") for line in closing) else CLOSING_LABELS[0]
        builder.add(label, (), "\n".join(closing), "note")
    return builder.clauses


def _build_tree(paragraphs: list[str]) -> _Node:
    root = _Node(marker=None, line="")
    stack: list[_Node] = [root]
    for paragraph in paragraphs:
        marker = match_marker(paragraph)
        if marker is None:
            stack[-1].paragraphs.append(paragraph)
            continue
        _pop_for(stack, marker.kind)
        node = _Node(marker=marker, line=paragraph)
        stack[-1].children.append(node)
        stack.append(node)
    return root


def _pop_for(stack: list[_Node], kind: str) -> None:
    """Pop the stack to where a marker of ``kind`` belongs: beside its sibling, or under the top."""
    kinds = [node.kind for node in stack]
    if kind in kinds:
        del stack[kinds.index(kind):]
        return
    if kind in LEGAL_KINDS:
        rank = LEGAL_KINDS.index(kind)
        while len(stack) > 1 and not (stack[-1].kind in LEGAL_KINDS and LEGAL_KINDS.index(stack[-1].kind) < rank):
            stack.pop()


def _contains_kind(node: _Node, kind: str) -> bool:
    return any(child.kind == kind or _contains_kind(child, kind) for child in node.children)


class _ClauseBuilder:
    """Turns tree nodes into Clause records with labels, heading paths and stable ids."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.clauses: list[Clause] = []
        self._seen_ids: set[str] = set()

    def add(self, label: str, headings: tuple[str, ...], text: str, kind: str,
            parts: tuple[ClausePart, ...] = ()) -> None:
        clause_id = stable_clause_id(self.doc_id, label, text)
        while clause_id in self._seen_ids:  # the same label and text twice in one document
            clause_id = stable_clause_id(self.doc_id, label + "#", text + clause_id)
        self._seen_ids.add(clause_id)
        self.clauses.append(Clause(clause_id=clause_id, doc_id=self.doc_id, label=label, heading_path=headings,
                                   text=text, order=len(self.clauses), kind=kind, parts=parts))

    def walk(self, node: _Node, headings: tuple[str, ...], label_prefix: str) -> None:
        assert node.marker is not None
        if node.kind in ("编", "章", "节"):
            for child in node.children:
                self.walk(child, headings + (node.line,), "")
            self._orphan_paragraphs(node, headings + (node.line,))
            return
        if node.kind == "条":
            self._article(node, headings)
            return
        label = label_prefix + node.marker.label
        own = node.paragraphs
        shi_items = _split_shi_items(own)
        if shi_items:
            lead, items = shi_items
            context = headings + (_heading_text(node.line),)
            if lead:
                self.add(label, headings, "\n".join([node.line, *lead]), "item")
            for marker_text, text in items:
                self.add(label + marker_text, context, text, "item")
        elif own or not node.children:
            self.add(label, headings, "\n".join([node.line, *own]), "item")
        for child in node.children:
            self.walk(child, headings + (_heading_text(node.line),), label)

    def _orphan_paragraphs(self, node: _Node, headings: tuple[str, ...]) -> None:
        if node.paragraphs:
            self.add(node.line.split()[0] + "说明", headings, "\n".join(node.paragraphs), "note")

    def _article(self, node: _Node, headings: tuple[str, ...]) -> None:
        assert node.marker is not None
        article = node.marker.text
        lines, parts = _article_parts(article, node)
        self.add(article, headings, "\n".join(lines), "article", tuple(parts))


def _article_parts(article: str, node: _Node) -> tuple[list[str], list[ClausePart]]:
    """The article's full text and its 款 / 项 parts, labelled as a lawyer cites them.

    Inside an article a paragraph without a marker is always a new 款, even after a run of
    items, where the tree builder had hung it under the last item.
    """
    assert node.marker is not None
    events: list[tuple[str, str, Marker | None]] = [("款", node.marker.rest, None)]
    events += [("款", paragraph, None) for paragraph in node.paragraphs]
    events += _item_events(node.children, depth=0)
    paragraph_count = sum(1 for kind, text, _ in events if kind == "款" and text)
    lines: list[str] = []
    parts: list[ClausePart] = []
    paragraph_no = 0
    item_label = ""
    for kind, text, marker in events:
        if kind == "款":
            if not text:
                continue
            paragraph_no += 1
            lines.append(f"{article} {text}" if paragraph_no == 1 else text)
            if paragraph_count > 1:
                parts.append(ClausePart(label=f"{article}第{int_to_cn(paragraph_no)}款", text=text))
            continue
        assert marker is not None
        if not lines:
            lines.append(article)
        lines.append(text)
        base = article if paragraph_count <= 1 else f"{article}第{int_to_cn(max(paragraph_no, 1))}款"
        if kind == "项":
            item_label = f"{base}第{marker.label}项"
            parts.append(ClausePart(label=item_label, text=text))
        else:
            parts.append(ClausePart(label=f"{item_label}第{marker.number}目", text=text))
    return lines or [article], parts  # an article with no words of its own still reads as itself, never as ''


def _item_events(children: list[_Node], depth: int) -> list[tuple[str, str, Marker | None]]:
    events: list[tuple[str, str, Marker | None]] = []
    for child in children:
        events.append(("项" if depth == 0 else "目", child.line, child.marker))
        events += [("款", paragraph, None) for paragraph in child.paragraphs]
        events += _item_events(child.children, depth + 1)
    return events


def _split_shi_items(paragraphs: list[str]) -> tuple[list[str], list[tuple[str, str]]] | None:
    """Split 一是……二是…… enumerations out of a paragraph; None when there are none."""
    for index, paragraph in enumerate(paragraphs):
        found = list(SHI_ITEM.finditer(paragraph))
        if len(found) < 2 or found[0].group(1) != "一":
            continue
        lead = paragraphs[:index] + ([paragraph[: found[0].start()].strip()] if found[0].start() else [])
        items = []
        for number, match in enumerate(found):
            end = found[number + 1].start() if number + 1 < len(found) else len(paragraph)
            items.append((match.group(1) + "是", paragraph[match.start():end].strip()))
        rest = paragraphs[index + 1:]
        if rest:
            marker_text, text = items[-1]
            items[-1] = (marker_text, "\n".join([text, *rest]))
        return [line for line in lead if line], items
    return None


def _heading_text(line: str) -> str:
    if len(line) <= _HEADING_ONLY:
        return line
    cut = line.find("。")
    return line[: cut + 1] if 0 < cut <= _HEADING_ONLY * 2 else line[:_HEADING_ONLY] + "…"


def stable_clause_id(doc_id: str, label: str, text: str) -> str:
    """Same document, label and text → same id on every rebuild."""
    digest = hashlib.sha1(f"{doc_id}\x1f{label}\x1f{text}".encode()).hexdigest()
    return f"{doc_id}:{digest[:12]}"
