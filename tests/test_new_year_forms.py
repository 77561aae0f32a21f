"""--nytt-ar on plan.yaml and activity lists generated in every way YAML lets editors write
them (tests/yaml_forms.py): block and flow style, every scalar style, comments everywhere,
keys in any order, anchors and aliases, CRLF and a BOM. The new year must load without
errors and hold exactly the documented changes: the rest of the parsed data, the editors'
comments and the line ends stay as they were.

Then the warnings of the same files: each stale year and each due date outside the plan's
year at the line it is written on, whatever the line ends, BOM or style."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlingsplan import model as m
from handlingsplan.sources import load_content

from .helpers import build
from .synthetic import write_synthetic_project
from .yaml_forms import OLD, P, Doc, activity_list, list_specs, plan_specs, plan_yaml

NEW = OLD + 1
FINAL = ("klar", "inställd")
CLEARED = ("beslutsdatum", "paragraf", "diarienummer", "datum")
YEAR_MOVED = ("titel", "ämne", "nyckelord", "gäller_för")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_synthetic_project(tmp_path_factory.mktemp("forms"))


def data(raw: bytes) -> object:
    text = raw.decode("utf-8").removeprefix("\ufeff")
    return yaml.load(text, Loader=yaml.BaseLoader)


def moved(value: object) -> object:
    if isinstance(value, list):
        return [moved(v) for v in value]
    return re.sub(rf"\b{OLD}\b", str(NEW), value) if isinstance(value, str) else value


def empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def write(project: Path, plan: Doc, listing: Doc, crlf: bool, bom: bool) -> tuple[bytes, bytes]:
    content = project / "content"
    for year in (OLD, NEW):
        for name in ("plan.yaml", "aktiviteter.yaml"):
            path = content / str(year) / name
            if path.exists():
                path.unlink()
    shutil.rmtree(content / str(NEW), ignore_errors=True)
    plan_bytes, list_bytes = plan.text(crlf, bom), listing.text(crlf, bom)
    (content / str(OLD) / "plan.yaml").write_bytes(plan_bytes)
    (content / str(OLD) / "aktiviteter.yaml").write_bytes(list_bytes)
    return plan_bytes, list_bytes


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(plan_spec=plan_specs(), list_spec=list_specs(), crlf=st.booleans(), bom=st.booleans())
def test_new_year_from_every_form(project: Path, plan_spec, list_spec, crlf: bool,
                                  bom: bool) -> None:
    check_new_year(project, plan_spec, list_spec, crlf, bom)


def check_new_year(project: Path, plan_spec, list_spec, crlf: bool, bom: bool) -> None:
    plan_doc, list_doc = plan_yaml(plan_spec), activity_list(list_spec)
    plan_bytes, list_bytes = write(project, plan_doc, list_doc, crlf, bom)
    old, report, _ = load_content(project, OLD)
    assert not report.errors, [str(p) for p in report.errors]
    out_buffer, err_buffer = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out_buffer), contextlib.redirect_stderr(err_buffer):
        code = build(project, "--year", str(OLD), "--nytt-ar")
    out, err = out_buffer.getvalue(), err_buffer.getvalue()
    assert code == 0, err
    folder = project / "content" / str(NEW)
    new_plan, new_list = (folder / "plan.yaml").read_bytes(), (folder / "aktiviteter.yaml").read_bytes()
    new, report, _ = load_content(project, NEW)
    assert not report.errors, [str(p) for p in report.errors]

    # line ends and BOM as they were
    for before, after in ((plan_bytes, new_plan), (list_bytes, new_list)):
        assert after.count(b"\r\n") == (after.count(b"\n") if crlf else 0)
        assert after.startswith("\ufeff".encode()) == bom

    # plan.yaml: the documented changes, nothing else
    was, now = data(plan_bytes), data(new_plan)
    assert isinstance(was, dict) and isinstance(now, dict)
    expected = dict(was)
    expected.update({"år": str(NEW), "status": "utkast", "version": "0.1",
                     "ersätter": old.meta.full_title + (f" (dnr {old.meta.registration_number})"
                                                        if old.meta.registration_number else "")})
    for key in CLEARED:
        if key in expected:
            expected[key] = ""
    for key in YEAR_MOVED:
        if key in expected:
            expected[key] = moved(expected[key])
    assert now == expected

    # the activity list
    was, now = data(list_bytes), data(new_list)
    assert isinstance(was, dict) and isinstance(now, dict)
    assert now["rubrik"] == moved(was["rubrik"])
    assert now.get("ingress") == moved(was.get("ingress"))
    kept_before = [a for a in was["aktiviteter"] if a.get("status") not in FINAL]
    assert len(now["aktiviteter"]) == len(kept_before)
    for before, after in zip(kept_before, now["aktiviteter"]):
        for key in ("status", "kommentar", "nytt_slutdatum"):
            assert empty(after.pop(key, None)), (key, after)
        expected_item = {k: v for k, v in before.items()
                         if k not in ("status", "kommentar", "nytt_slutdatum")}
        if not empty(before.get("nytt_slutdatum")):
            expected_item["slutdatum"] = " ".join(before["nytt_slutdatum"].split())
        assert after == expected_item
    kept = [a for a in old.activities.activities if a.status not in (m.Status.DONE, m.Status.CANCELLED)]
    assert [(a.text, [g.key for g in a.goals], a.responsible, a.current_due) for a in kept] == [
        (a.text, [g.key for g in a.goals], a.responsible, a.due) for a in new.activities.activities]
    assert all(a.status is m.Status.NONE and not a.comment and a.new_due is None
               for a in new.activities.activities)

    # the editors' comments, except those of the activities left out
    removed = {i for i, a in enumerate(list_spec.activities) if a.status in FINAL}
    text = new_list.decode("utf-8")
    for token, owner in list_doc.comments.items():
        assert (token in text) == (owner not in removed), (token, text)
    text = new_plan.decode("utf-8")
    for token in plan_doc.comments:
        assert token in text, (token, text)
    for activity in old.activities.activities:
        if activity.status in (m.Status.DONE, m.Status.CANCELLED):
            assert activity.text in out


def expected_list_warnings(doc: Doc, spec, bom: bool) -> Counter[int]:
    """Lines of the stale mentions in the activity list's texts (rubrik, ingress, each
    aktivitet) and of each due date outside the plan's year."""
    expected: Counter[int] = Counter()
    names = ["rubrik", "ingress"] + [f"aktivitet{i}" for i in range(len(spec.activities))]
    for name in names:
        for line in doc.value_lines.get(name, []):
            part = doc.lines[line - 1]
            if name.startswith("aktivitet") and len(doc.value_lines[name]) == 1:
                part = _flow_part(part, "aktivitet") if "{" in part else part
            expected[line] += len(re.findall(rf"(?<![\w-]){P}(?![\w-])", part))
    for number, activity in enumerate(spec.activities):
        if not activity.due.startswith(str(OLD)) and activity.due not in ("löpande",):
            if str(OLD) not in activity.due:
                expected[doc.value_lines[f"slutdatum{number}"][0]] += 1
    if bom:
        expected[1] += 1
    return +expected


def _flow_part(line: str, key: str) -> str:
    start = line.index(f"{key}: ") + len(key) + 2
    return line[start:]


LIST_TEXT = st.lists(st.sampled_from(["Ordna", "en mässa", f"under {P}", "i Bollnäs",
                                      f"budget {P}:s", "kl. 9:30", 'det "nya"']),
                     min_size=1, max_size=4).map(" ".join)
