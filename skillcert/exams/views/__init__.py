"""Exam affairs views."""
