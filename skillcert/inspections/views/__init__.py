"""Pages of quality supervision and 双随机、一公开 inspections; every write goes through a service."""
