"""The views' HTML and CSS, kept as files in `templates/` and rendered by Jinja2 with
autoescaping on: every value a template prints is escaped unless it is HTML a template
rendered already (a macro's output), so text from data can never run as HTML,
by default rather than by a call each view has to remember.

One `Environment` compiles each template once and keeps it (`auto_reload` off: the files
ship with the package, so nothing is checked on disk per render). A variable a template
names but is not given fails loudly (`StrictUndefined`), as does `'x' if c` without an
`else` (write `'x' if c else ''`).

HTML templates are written one element a line, indented to show their nesting; the line
breaks and the indentation around them are not output (a space that matters is written
inside a line), so the HTML reaches the page as compact as the views built it. CSS files
are used as written, each as one `<style>` block (`style`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from jinja2.ext import Extension
from markupsafe import Markup


class _JoinLines(Extension):
    """Drops each line break of an HTML template with the indentation around it, once, on
    the source before it is compiled (no cost per render)."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name is None or not name.endswith(".html"):
            return source
        return "".join(line.strip() for line in source.splitlines())


ENVIRONMENT = Environment(
    loader=PackageLoader("dashboard.views", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    auto_reload=False,
    extensions=[_JoinLines],
)
#: `{{ n|thousands }}`: a count with thousands separators ("1,234").
ENVIRONMENT.filters["thousands"] = "{:,}".format


@functools.cache
def template(name: str) -> Template:
    """The compiled template `name` (a file of `templates/`), looked up once."""
    return ENVIRONMENT.get_template(name)


def render(name: str, **context) -> str:
    """The template `name` rendered with `context`, every value escaped as it is printed."""
    return template(name).render(context)


@functools.cache
def macro(name: str, macro_name: str) -> Callable[..., Markup]:
    """The macro `macro_name` of the template `name`, to call from Python: for a piece that
    is rendered once and kept, such as one card of a grid. It returns HTML (`Markup`) that
    another template prints as it is, not escaped twice; a call costs about a third of a
    template's `render`."""
    return getattr(template(name).module, macro_name)


def joined(fragments: Sequence[Markup]) -> Markup:
    """Rendered fragments one after the other, as one: a template then prints a run of them
    at the cost of one value (each value it prints costs about as much as a short escape).
    Only fragments are taken: a plain string would be marked as HTML unescaped."""
    for part in fragments:
        if not isinstance(part, Markup):
            raise TypeError("joined() takes rendered fragments (Markup), not plain text")
    return Markup("".join(fragments))


@functools.cache
def style(name: str) -> str:
    """The CSS file `name` of `templates/` as one `<style>` block, read once. The file is
    ours and inserted as written (CSS is not HTML: `>` is a selector there)."""
    source, _, _ = ENVIRONMENT.loader.get_source(ENVIRONMENT, name)
    return f"\n<style>\n{source.strip()}\n</style>\n"
