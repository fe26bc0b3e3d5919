"""Writes of the supervision app: alerts (raise, refresh, resolve, handle), scans and rollups."""
