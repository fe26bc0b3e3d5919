"""Pages of the sanctions app."""
