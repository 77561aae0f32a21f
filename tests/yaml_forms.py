"""Hypothesis strategies for plan.yaml and aktiviteter.yaml written in the many ways YAML
lets editors write the same data: block and flow style, every scalar style, comments after
values, between items and before keys, keys in any order, anchors and aliases, CRLF line
ends and a BOM. Every value is checked to read back as meant (a style that would not, e.g.
a plain scalar with ': ' or ' #' in it, falls back to double quotes), so each generated
file is valid content of the synthetic project (tests/synthetic.py).

A generated file knows, for each of its lines, the comments on it (by token), and for each
text value the lines it is written on, so tests can check comments and warning lines.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import yaml
from hypothesis import strategies as st

from .synthetic import YEAR

OLD = YEAR          # the plan the new year starts from
P = YEAR - 1        # its stale year
GOALS = ("turism", "digitalisering", "ungdomar")

SCALAR_STYLES = ("plain", "single", "double", "literal", "folded", "multiline")
FLOW_STYLES = ("plain", "single", "double")

TEXT_PIECES = ("Ordna", "en mässa", "om feriejobb", "i Bollnäs", f"under {OLD}",
               f"inför {OLD + 1}", "mål #2", "kl. 9:30", "Obs: viktigt", 'det "nya" stödet',
               "kommunens 'egen' del", "a, b och c", "[utkast]", "100 %", "- steg ett",
               "{grupp}", "& co", "!viktigt", "*stjärna", "? fråga", f"budget {P}",
               f"sedan {P}", f"{P}–{OLD}", f"rapporten {P}-06", "ny\u2028rad från Word")
LINE_SEPARATORS = {0x2028: " ", 0x2029: " "}   # YAML reads them as spaces (yaml_tree.py)


@dataclass
class Doc:
    """A YAML file being written: its lines (without line ends), the comment tokens on
    each line, and the lines of named values."""

    lines: list[str] = field(default_factory=list)
    comments: dict[str, int] = field(default_factory=dict)   # token -> its owner (-1: none)
    owner: int = -1
    value_lines: dict[str, list[int]] = field(default_factory=dict)
    pieces: dict[str, list[tuple[int, str]]] = field(default_factory=dict)   # value as written
    _count: int = 0

    def comment(self, owner: int | None = None) -> str:
        self._count += 1
        token = f"# k{self._count} anteckning"
        self.comments[token] = self.owner if owner is None else owner
        return token

    def put(self, line: str) -> int:
        self.lines.append(line)
        return len(self.lines)

    def text(self, crlf: bool, bom: bool) -> bytes:
        end = "\r\n" if crlf else "\n"
        return (("\ufeff" if bom else "") + end.join(self.lines) + end).encode("utf-8")


def _reads_as(rendered: str, value: str, flow: bool) -> bool:
    source = (f"[{rendered}]" if flow else f"k: {rendered}\n").translate(LINE_SEPARATORS)
    try:
        data = yaml.load(source, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return False
    got = data[0] if flow else data.get("k") if isinstance(data, dict) else None
    return got == value.translate(LINE_SEPARATORS)


def render(value: str, style: str, indent: int, flow: bool) -> list[str]:
    """The value as YAML after 'key: ' (the first line) and continuation lines indented by
    `indent`; a style that would not read back as `value` becomes double quotes."""
    pad = " " * indent
    candidates: list[list[str]] = []
    words = value.split(" ")
    if style == "plain":
        candidates.append([value])
    elif style == "single":
        candidates.append(["'" + value.replace("'", "''") + "'"])
    elif style == "literal" and not flow:
        candidates.append(["|-", pad + value])
    elif style == "folded" and not flow:
        half = max(1, len(words) // 2)
        candidates.append([">-", pad + " ".join(words[:half])]
                          + ([pad + " ".join(words[half:])] if words[half:] else []))
    elif style == "multiline" and not flow and len(words) > 1:
        half = max(1, len(words) // 2)
        candidates.append([" ".join(words[:half]), pad + " ".join(words[half:])])
    candidates.append([json.dumps(value, ensure_ascii=False)])
    for lines in candidates:
        if _reads_as("\n".join(lines), value, flow):
            return lines
    raise AssertionError(value)


@dataclass
class Value:
    text: str
    style: str


texts = st.lists(st.sampled_from(TEXT_PIECES), min_size=1, max_size=4).map(" ".join)


def values(text_strategy: st.SearchStrategy[str] = texts) -> st.SearchStrategy[Value]:
    return st.builds(Value, text_strategy, st.sampled_from(SCALAR_STYLES))


@dataclass
class ActivitySpec:
    text: Value
    goals: tuple[str, ...]
    goals_flow: bool
    responsible: int          # index into RESPONSIBLE
    due: str
    status: str | None        # None: no status key
    comment: Value | None
    new_due: str | None
    order: list[str]
    flow: bool
    comments_before_keys: bool
    trailing_comments: bool
    comment_above: bool
    free_comment_after: bool


RESPONSIBLE = ("Utvecklingskontoret", "Turistchefen i Bollnäs", "Webbredaktör: Utvecklingskontoret",
               f"Analytiker {OLD}")
DUES = (f"{OLD}-05-25", f"{OLD}-06", f"{OLD}-H1", f"{OLD}-H2", str(OLD), f"senast {OLD}-10",
        "löpande", f"{OLD}-09-25/{OLD}-09-27", f"{OLD + 1}-03")
NEW_DUES = (f"{OLD}-12", f"{OLD + 1}-02-14", f"{OLD + 1}", f"senast {OLD + 1}-06")
KEYS = ("aktivitet", "mål", "ansvarig", "slutdatum", "status", "kommentar", "nytt_slutdatum")


@st.composite
def activity_specs(draw: st.DrawFn) -> ActivitySpec:
    status = draw(st.sampled_from([None, "", "klar", "inställd", "pågår", "försenad", "ej påbörjad"]))
    comment = draw(st.none() | values())
    new_due = draw(st.none() | st.sampled_from(NEW_DUES))
    keys = ["aktivitet", "mål", "ansvarig", "slutdatum"]
    keys += [k for k, v in (("status", status), ("kommentar", comment), ("nytt_slutdatum", new_due))
             if v is not None]
    return ActivitySpec(
        text=draw(values()), goals=tuple(draw(st.lists(st.sampled_from(GOALS), min_size=1,
                                                       max_size=3, unique=True))),
        goals_flow=draw(st.booleans()), responsible=draw(st.integers(0, len(RESPONSIBLE) - 1)),
        due=draw(st.sampled_from(DUES)), status=status, comment=comment, new_due=new_due,
        order=draw(st.permutations(keys)), flow=draw(st.booleans()),
        comments_before_keys=draw(st.booleans()), trailing_comments=draw(st.booleans()),
        comment_above=draw(st.booleans()), free_comment_after=draw(st.booleans()))


@dataclass
class ListSpec:
    title_style: str
    intro: Value              # ingress: required
    activities: list[ActivitySpec]
    anchors: bool             # ansvarig repeated through &anchor / *alias
    flow_list: bool           # aktiviteter: [ {...}, {...} ]
    head_comments: bool
    key_order: list[str]


@st.composite
def list_specs(draw: st.DrawFn) -> ListSpec:
    return ListSpec(
        title_style=draw(st.sampled_from(SCALAR_STYLES)),
        intro=draw(values(st.just(f"Aktiviteterna genomförs under {OLD} av kommunerna."))),
        activities=draw(st.lists(activity_specs(), min_size=1, max_size=6)),
        anchors=draw(st.booleans()), flow_list=draw(st.booleans()),
        head_comments=draw(st.booleans()),
        key_order=draw(st.permutations(["rubrik", "ingress", "aktiviteter"])))


def _value_text(key: str, spec: ActivitySpec, anchors: dict[int, str] | None, *, flow: bool,
                indent: int) -> list[str]:
    if key == "aktivitet":
        return render(spec.text.text, spec.text.style, indent, flow)
    if key == "mål":
        if spec.goals_flow or flow:
            return ["[" + ", ".join(spec.goals) + "]"]
        return ["", *[" " * (indent - 2) + f"- {g}" for g in spec.goals]]
    if key == "ansvarig":
        name = RESPONSIBLE[spec.responsible]
        if anchors is not None:
            if spec.responsible in anchors:
                return [f"*r{spec.responsible}"]
            anchors[spec.responsible] = name
            first = render(name, "double" if flow else "plain", indent, flow)
            return [f"&r{spec.responsible} {first[0]}", *first[1:]]
        return render(name, "plain", indent, flow)
    if key == "slutdatum":
        return [spec.due]
    if key == "nytt_slutdatum":
        return [spec.new_due or ""]
    if key == "status":
        return render(spec.status, "plain", indent, flow) if spec.status else [""]
    assert key == "kommentar" and spec.comment is not None
    return render(spec.comment.text, spec.comment.style, indent, flow)


def _put_key(doc: Doc, prefix: str, key: str, lines: list[str], trailing: bool, name: str) -> None:
    """`prefix key: first` and the continuation lines; a comment after the last line of a
    value (not after a block scalar's header, nor inside it)."""
    first, *more = lines
    line = f"{prefix}{key}:{' ' + first if first else ''}"
    block_header = first in ("|-", ">-")
    if trailing and not more and not block_header:
        line += "  " + doc.comment()
    number = doc.put(line)
    numbers = [number]
    for cont in more:
        numbers.append(doc.put(cont))
    if trailing and more and not block_header and not lines[-1].lstrip().startswith("- "):
        doc.lines[-1] += "  " + doc.comment()
    doc.value_lines[name] = numbers
    doc.pieces[name] = list(zip(numbers, lines)) if first else list(zip(numbers[1:], lines[1:]))


def activity_list(spec: ListSpec) -> Doc:
    doc = Doc()
    if spec.head_comments:
        doc.put(doc.comment())
    anchors: dict[int, str] | None = {} if spec.anchors else None
    for key in spec.key_order:
        if spec.head_comments:
            doc.put(doc.comment())
        if key == "rubrik":
            _put_key(doc, "", "rubrik", render(f"Aktivitetslista för besöksnäringen {OLD}",
                                               spec.title_style, 2, False),
                     spec.head_comments, "rubrik")
        elif key == "ingress":
            _put_key(doc, "", "ingress", render(spec.intro.text, spec.intro.style, 2, False),
                     spec.head_comments, "ingress")
        elif spec.flow_list:
            doc.put("aktiviteter: [")
            for number, activity in enumerate(spec.activities):
                doc.owner = number
                comma = "," if number < len(spec.activities) - 1 else ""
                _put_flow(doc, number, activity, anchors, "  {", "}" + comma)
                doc.owner = -1
            doc.put("]")
        else:
            doc.put("aktiviteter:")
            for number, activity in enumerate(spec.activities):
                _put_activity(doc, number, activity, anchors)
    return doc


def _put_flow(doc: Doc, number: int, activity: ActivitySpec, anchors: dict[int, str] | None,
              start: str, end: str) -> None:
    """The activity on one line as a flow mapping "k: v, …" between `start` and `end`."""
    rendered = {k: _value_text(k, activity, anchors, flow=True, indent=0)[0]
                for k in activity.order}
    line = start + ", ".join(f"{k}: {v}" for k, v in rendered.items()) + end
    if activity.trailing_comments:
        line += "  " + doc.comment()
    at = doc.put(line)
    for key, value in rendered.items():
        doc.value_lines[f"{key}{number}"] = [at]
        doc.pieces[f"{key}{number}"] = [(at, value)]


def _put_activity(doc: Doc, number: int, activity: ActivitySpec,
                  anchors: dict[int, str] | None) -> None:
    doc.owner = number
    if activity.comment_above:
        doc.put("  " + doc.comment())
    if activity.flow:
        _put_flow(doc, number, activity, anchors, "  - {", "}")
    else:
        for index, key in enumerate(activity.order):
            if index and activity.comments_before_keys:
                doc.put("    " + doc.comment())
            prefix = "  - " if index == 0 else "    "
            _put_key(doc, prefix, key, _value_text(key, activity, anchors, flow=False, indent=6),
                     activity.trailing_comments, f"{key}{number}")
    doc.owner = -1
    if activity.free_comment_after:
        doc.put("")
        doc.put("  " + doc.comment())
        doc.put("")


# ---- plan.yaml ---------------------------------------------------------------------

CHAPTERS = ("bakgrund.md", "omraden.md", "begrepp.md", "uppfoljning.md")


@dataclass
class PlanSpec:
    title: Value
    subject: Value | None
    keywords_flow: bool | None          # None: no nyckelord
    status: str
    registration: bool
    version: bool
    date: bool
    valid_for: Value | None
    replaces: Value | None
    chapters_flow: bool
    order: list[str]
    comments: bool
    decision: bool


@st.composite
def plan_specs(draw: st.DrawFn) -> PlanSpec:
    status = draw(st.sampled_from(["förslag", "fastställd", "utkast"]))
    spec = PlanSpec(
        title=draw(values(st.just("Hälsingerådets handlingsplan för besöksnäring"))),
        subject=draw(st.none() | values(st.just(f"Besöksnäring i Hälsingland {OLD}: plan"))),
        keywords_flow=draw(st.none() | st.booleans()), status=status,
        registration=draw(st.booleans()), version=draw(st.booleans()), date=draw(st.booleans()),
        valid_for=draw(st.none() | values(st.just(f"1 januari–31 december {OLD}"))),
        replaces=draw(st.none() | values(st.just(f"Handlingsplanen {OLD - 1} (dnr HR {OLD - 1}/4)"))),
        chapters_flow=draw(st.booleans()), order=[], comments=draw(st.booleans()),
        decision=draw(st.booleans()))
    keys = ["titel", "år", "organisation", "status", "kapitel", "aktiviteter", "beslutande_organ"]
    keys += [k for k, present in (("ämne", spec.subject), ("nyckelord", spec.keywords_flow is not None),
                                  ("diarienummer", spec.registration), ("version", spec.version),
                                  ("datum", spec.date), ("gäller_för", spec.valid_for),
                                  ("ersätter", spec.replaces), ("beslutsdatum", spec.decision),
                                  ("paragraf", spec.decision)) if present]
    spec.order = draw(st.permutations(keys))
    return spec


def plan_yaml(spec: PlanSpec) -> Doc:
    doc = Doc()
    for key in spec.order:
        if spec.comments:
            doc.put(doc.comment())
        lines: list[str]
        if key == "titel":
            lines = render(spec.title.text, spec.title.style, 2, False)
        elif key == "år":
            lines = [str(OLD)]
        elif key == "organisation":
            lines = ["Hälsingerådet"]
        elif key == "ämne":
            assert spec.subject is not None
            lines = render(spec.subject.text, spec.subject.style, 2, False)
        elif key == "nyckelord":
            words = ["besöksnäring", f"budget {OLD}", "Hälsingland"]
            lines = (["[" + ", ".join(words) + "]"] if spec.keywords_flow
                     else ["", *[f"  - {w}" for w in words]])
        elif key == "status":
            lines = [spec.status]
        elif key == "beslutande_organ":
            lines = ["Hälsingerådets styrelse"]
        elif key == "diarienummer":
            lines = [f"HR {OLD}/017"]
        elif key == "version":
            lines = ['"0.3"']
        elif key == "datum":
            lines = [f"{OLD}-01-20"]
        elif key == "beslutsdatum":
            lines = [f"{OLD}-02-14"]
        elif key == "paragraf":
            lines = ["§ 12"]
        elif key in ("gäller_för", "ersätter"):
            value = spec.valid_for if key == "gäller_för" else spec.replaces
            assert value is not None
            lines = render(value.text, value.style, 2, False)
        elif key == "kapitel":
            lines = (["[" + ", ".join(CHAPTERS) + "]"] if spec.chapters_flow
                     else ["", *[f"  - {c}" for c in CHAPTERS]])
        else:
            lines = ["aktiviteter.yaml"]
        _put_key(doc, "", key, lines, spec.comments, key)
    return doc
