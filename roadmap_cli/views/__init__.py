"""What each output says: frozen, format-free values built once; imports no rich, jinja2, matplotlib or python-docx."""

from __future__ import annotations
