"""Question → ranked clauses: hybrid (dense + BM25) fusion, hard filters, the places and documents a question names."""
