"""Item bank, blueprint assembly, sealed papers and computer-based exams (R-BANK-1..4)."""
