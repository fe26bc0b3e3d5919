"""Reads of the exams app, one module per stage; every list takes the actor (R-ORG-2)."""
