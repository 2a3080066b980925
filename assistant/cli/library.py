"""The library from the command line: ``add``, ``remove`` and ``replace`` documents, ``list`` them.

Exit status (../shared/CONTRACT.md): 0 when all was done; 1 when something could not be (each named
on standard error with the reason, the rest done and nothing stored before lost); 2 unusable arguments.
"""

from __future__ import annotations

import argparse
import json
import sys

from assistant.errors import DiskFullError, UnknownDocumentError, UnreadableDocumentError
from assistant.settings import Settings


def add(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.library.adding import add_files
    from assistant.store.embedder import build_embedder

    try:
        report = add_files(settings, build_embedder(settings), list(args.files))
    except DiskFullError as error:
        return _failed([f"{path}: {error}" for path in args.files])
    for original, stored in report.added:
        print(f"added {original} → corpus/{stored}")
    for original, stored in report.unchanged:
        print(f"already in the corpus: {original} (corpus/{stored})")
    return _failed([str(failure) for failure in report.failed])


def remove(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.library.removing import remove_documents
    from assistant.store.embedder import build_embedder

    try:
        report = remove_documents(settings, build_embedder(settings), list(args.doc_ids))
    except DiskFullError as error:
        return _failed([f"{doc_id}: {error}" for doc_id in args.doc_ids])
    for doc_id, stored in report.removed:
        print(f"removed {doc_id} (corpus/{stored})")
    return _failed([str(failure) for failure in report.failed])


def replace(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.library.removing import replace_document
    from assistant.store.embedder import build_embedder

    try:
        report = replace_document(settings, build_embedder(settings), args.doc_id, args.file)
    except (UnknownDocumentError, UnreadableDocumentError) as error:  # their message starts with the name
        return _failed([str(error)])
    except DiskFullError as error:
        return _failed([f"{args.doc_id}: {error}"])
    if report.unchanged:
        print(f"unchanged: {args.file} is the text of {report.doc_id} already (corpus/{report.old_file})")
    else:
        print(f"replaced {report.doc_id}: corpus/{report.old_file} → corpus/{report.new_file}")
    return 0


def list_documents(args: argparse.Namespace, settings: Settings) -> int:
    """Every document: id, title, place, version date, status and the reason for it."""
    from assistant.library.reading import Library
    from assistant.store.index import ClauseStore, clause_source

    metas, clauses = clause_source(settings)  # the index when current, else the corpus read as it stands
    documents = Library(ClauseStore(documents=metas, clauses=clauses, chunks=[])).documents()
    if args.json:
        for document in documents:
            print(json.dumps(document, ensure_ascii=False))
        return 0
    for document in documents:
        reason = f"（{document['status_evidence']}）" if document["status_evidence"] else ""
        print(f"{document['doc_id']}\t{document['title']}\t{document['place'] or '—'}\t"
              f"{document['version_date'] or '—'}\t{document['status']}{reason}")
    return 0


def _failed(messages: list[str]) -> int:
    for message in messages:
        print(f"error: {message}", file=sys.stderr)
    return 1 if messages else 0
