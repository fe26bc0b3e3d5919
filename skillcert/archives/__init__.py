"""Archives: stored files, dossiers, retention and legal hold, traceability (R-ARC-1..3)."""
