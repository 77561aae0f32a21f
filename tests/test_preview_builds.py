"""The preview's fast path without a browser: what the overlay and the terminal show."""

from __future__ import annotations

from handlingsplan.preview.builds import build_html
from handlingsplan.preview.page import page_html
from handlingsplan.preview.state import PreviewState

from .helpers import make_project


def test_a_template_error_names_template_and_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path)
    template = project / "templates" / "plan.html.j2"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(19, "{% if %}\n")
    template.write_text("".join(lines), encoding="utf-8")
    outcome = build_html(project, 2025)
    assert outcome.html is None
    assert outcome.text.startswith("templates/plan.html.j2:20: fel: ")


def test_the_page_carries_the_problems_and_no_script_from_content(tmp_path) -> None:  # type: ignore[no-untyped-def]
    outcome = build_html(make_project(tmp_path), 2025)
    assert outcome.html is not None
    state = PreviewState()
    state.update(page=outcome.html, page_version=1, problems="content/2025/x.md:3: fel: <script>")
    page = page_html(state).decode("utf-8")
    assert page.count("</body>") == 1 and 'id="hp-fg-fel" role="alert">' in page
    assert "<script>" not in page.split('id="hp-fg-feltext">')[1].split("</pre>")[0]
