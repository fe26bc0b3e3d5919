"""Exam-day load test of the computer-based theory exam's saves (R-BANK-4): `make load-exam`."""
