"""Renderers: each module turns a prepared view into the bytes of one output format.

Modules here import their heavy libraries (matplotlib, python-docx, jinja2) at the top, so
importing one is the command's decision: the CLI imports them inside the commands that render.
"""
