"""Jinja2 templates of the CV (the one place that uses jinja2): the web page, the LaTeX document.

Templates are package data in ``belharbi_bib/curriculum/templates/``. HTML templates are
autoescaped; fragments already escaped by :mod:`belharbi_bib.markup` are passed through
:func:`trusted`. LaTeX templates use ``((( ... )))`` and ``((* ... *))`` delimiters so that
LaTeX braces never clash with Jinja's, and get only text escaped by the LaTeX markup.
"""

from __future__ import annotations

from typing import Any


def trusted(fragment: str) -> Any:
    """Mark an HTML fragment built by :mod:`belharbi_bib.markup` as already escaped."""
    from markupsafe import Markup

    return Markup(fragment)  # built by belharbi_bib.markup, which escapes all data


def render_template(name: str, **context: Any) -> str:
    """Render template ``name`` (``page.html.j2`` or ``document.tex.j2``) with ``context``."""
    import jinja2

    is_html = name.endswith(".html.j2")
    options: dict[str, Any] = {}
    if not is_html:
        options = {
            "block_start_string": "((*",
            "block_end_string": "*))",
            "variable_start_string": "(((",
            "variable_end_string": ")))",
            "comment_start_string": "((=",
            "comment_end_string": "=))",
        }
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("belharbi_bib.curriculum", "templates"),
        autoescape=is_html,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        **options,
    )
    return environment.get_template(name).render(**context)
