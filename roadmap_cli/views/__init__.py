"""What each output says: frozen, format-free values built once.

Nothing here imports rich, jinja2, matplotlib or python-docx (a test proves it).
"""

from __future__ import annotations
