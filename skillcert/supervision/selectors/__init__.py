"""Reads of the supervision app, scoped to the actor."""
