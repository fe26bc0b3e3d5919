"""Demo data builders shared by the apps' `demo.py` modules (not an app: no models, no URLs)."""
