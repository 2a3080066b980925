"""The document collection: reading it (documents, clause trees, one clause) and adding to it."""
