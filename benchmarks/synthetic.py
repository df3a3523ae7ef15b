"""A seeded synthetic data folder of any size, written as YAML files like the bundled data.

``write_data(folder, recommendations=2000, dependencies=6000, offices=200, seed=58)`` writes
recommendations.yaml (with groups, priorities, dependencies that form no cycle, some work items),
the bundled sessions.yaml and planning.yaml, and one survey with an answer file per office
(values on a low/medium/high scale, some ``no-opinion``, some left out). Used by run.py.
"""

from __future__ import annotations

import random
import shutil
import string
from itertools import product
from pathlib import Path

BUNDLED = Path(__file__).resolve().parent.parent / "data"


def office_codes(count: int) -> list[str]:
    """Two-letter codes, AA, AB, ... (synthetic: not a statement about any real office)."""
    return ["".join(p) for p in product(string.ascii_uppercase, repeat=2)][:count]


def write_data(
    folder: Path, *, recommendations: int, dependencies: int, offices: int, seed: int = 58
) -> Path:
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    width = max(2, len(str(recommendations)))
    ids = [f"R{i:0{width}d}" for i in range(1, recommendations + 1)]
    deps: list[set[str]] = [set() for _ in ids]
    wanted = min(dependencies, recommendations * (recommendations - 1) // 2)
    while sum(map(len, deps)) < wanted:
        later = rnd.randrange(1, recommendations)
        earlier = max(0, later - rnd.randint(1, 60))
        deps[later].add(ids[earlier])
    lines = ["documents:", "  - id: synthetic", '    title: "Synthetic benchmark data"']
    for document in (
        "CWS/6/34",
        "CWS/7/29",
        "CWS/8/24",
        "report",
        "cws10-announcement",
        "wipo-cws-pages",
    ):  # cited by the bundled sessions.yaml and planning.yaml
        lines += [f"  - id: {document}", f'    title: "{document}"']
    lines.append("recommendations:")
    for i, rec_id in enumerate(ids):
        lines += [
            f"  - id: {rec_id}",
            f'    title: "Synthetic recommendation {i + 1}"',
            f"    group: {rnd.randint(1, 3)}",
            f"    priority: {rnd.choice(['null', 'null', 'low', 'medium', 'high'])}",
            f"    standards: [ST.{rnd.choice([3, 26, 36, 37, 90, 96])}]",
            "    sources: [synthetic]",
        ]
        if deps[i]:
            lines.append(f"    depends_on: [{', '.join(sorted(deps[i]))}]")
    lines.append("work_items:")
    for n, i in enumerate(range(0, recommendations - 1, 97)):
        if ids[i] not in deps[i + 1]:
            lines += [
                f"  - id: item-{n}",
                f'    title: "Item {n}"',
                f"    members: [{ids[i]}, {ids[i + 1]}]",
            ]
    (folder / "recommendations.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name in ("sessions.yaml", "planning.yaml"):
        shutil.copy(BUNDLED / name, folder / name)
    survey = folder / "surveys" / "synthetic"
    survey.mkdir(parents=True, exist_ok=True)
    codes = office_codes(offices)
    (survey / "survey.yaml").write_text(
        'title: "Synthetic survey"\nkind: rating\nscale: [low, medium, high]\nillustrative: true\n'
        f"respondents: [{', '.join(codes)}]\n"
        "levels:\n  median: {high: 3, medium: 2}\n  mean: {high: 2.5, medium: 1.5}\n"
        "  bayes: {high: 2.5, medium: 1.5}\n  borda: {high: 0.6667, medium: 0.3333}\n"
        'note: "Synthetic benchmark data."\n',
        encoding="utf-8",
    )
    for code in codes:
        answers = [f"office: {code}", "answers:"]
        for rec_id in ids:
            roll = rnd.random()
            if roll < 0.9:
                answers.append(f"  {rec_id}: {rnd.choice(['low', 'medium', 'high'])}")
            elif roll < 0.95:
                answers.append(f"  {rec_id}: no-opinion")
        (survey / f"{code}.yaml").write_text("\n".join(answers) + "\n", encoding="utf-8")
    return folder


def write_history(
    repo: Path, *, commits: int, recommendations: int, offices: int, seed: int = 58
) -> Path:
    """A git repository whose ``data`` folder has ``commits`` commits (first parents only).

    The first commit adds `write_data`'s folder; each later one edits both a recommendation
    (its priority, in ``recommendations.yaml``) and one office's answer file (one answer), so
    every commit changes the largest file and one of the many small ones. Every tenth commit
    edits the first recommendation, whose story `roadmap log` then has steps to tell.
    Returns the data folder.
    """
    import subprocess

    rnd = random.Random(seed)
    data = write_data(
        repo / "data",
        recommendations=recommendations,
        dependencies=3 * recommendations,
        offices=offices,
        seed=seed,
    )
    env = {
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
        "GIT_AUTHOR_DATE": "2026-01-01T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-01-01T12:00:00+00:00",
        "PATH": "/usr/bin:/bin:/usr/local/bin",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "synthetic data")
    recs = data / "recommendations.yaml"
    lines = recs.read_text(encoding="utf-8").split("\n")
    priority_line = {
        line[len("  - id: ") :]: i + 3
        for i, line in enumerate(lines)
        if line.startswith("  - id: R")
    }
    ids = sorted(priority_line)
    codes = office_codes(offices)
    for k in range(1, commits):
        rec_id = ids[0] if k % 10 == 0 else rnd.choice(ids)
        at = priority_line[rec_id]
        current = lines[at].split(": ", 1)[1]
        choices = [p for p in ("null", "low", "medium", "high") if p != current]
        lines[at] = f"    priority: {rnd.choice(choices)}"
        recs.write_text("\n".join(lines), encoding="utf-8")
        answers = data / "surveys" / "synthetic" / f"{codes[k % offices]}.yaml"
        text = answers.read_text(encoding="utf-8").split("\n")
        line = rnd.randrange(2, len(text) - 1)
        key, value = text[line].split(": ", 1)
        others = [v for v in ("low", "medium", "high", "no-opinion") if v != value]
        text[line] = f"{key}: {rnd.choice(others)}"
        answers.write_text("\n".join(text), encoding="utf-8")
        git("commit", "-q", "-am", f"synthetic edit {k}: {rec_id} and {codes[k % offices]}")
    return data
