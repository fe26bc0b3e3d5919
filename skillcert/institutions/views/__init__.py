"""Institution pages, one module per sub-domain: public, filings, branches, documents, operations, entry."""
