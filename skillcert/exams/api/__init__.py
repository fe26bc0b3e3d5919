"""Exam affairs api."""
