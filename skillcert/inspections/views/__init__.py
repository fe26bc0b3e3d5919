"""Pages of quality supervision and 双随机、一公开 inspections; every write goes through a service.

The signed-in user of a page is read with the shared `skillcert.accounts.types.actor_of`.
"""
