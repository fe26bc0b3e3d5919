"""Forms of the exams app, one module per stage; they parse input, services decide."""

from __future__ import annotations

from django import forms

from skillcert.core.errors import DomainError


def apply_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's DomainError on the fields it names, the rest at the top of the form."""
    for field, messages in exc.errors.items():
        form.add_error(field if field in form.fields else None, messages)
