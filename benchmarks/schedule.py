"""How long ordering and scheduling take on a large synthetic roadmap, and how it grows.

Run: ``python benchmarks/schedule.py`` (from the repository root, with the package importable).
It builds a seeded random roadmap of its own (by default 2,000 recommendations with 6,000
dependencies, five owners with limited capacity, some work items, not_before dates and
deadlines), then times the priority order plus the timeline (`schedule.schedule_units`, which
orders the units, runs the CPM and the capacity-constrained list scheduling) and the whole
`schedule.make_plan` from a Project. It prints the median of several runs, then the same with
twice the recommendations and dependencies, and the ratio: about 2 means linear growth.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import statistics
import time
from collections.abc import Callable

from roadmap_cli.model import (
    DefaultEffort,
    DefaultOwner,
    EffortRule,
    Owner,
    PlanningFile,
    PlanStart,
    Priority,
    Project,
    Recommendation,
    Session,
    WorkItem,
)
from roadmap_cli.planning import plan_input
from roadmap_cli.schedule import make_plan, schedule_units

OWNERS = ("owner-a", "owner-b", "owner-c", "owner-d", "owner-e")


def synthetic_project(size: int, dependencies: int, seed: int = 58) -> Project:
    """A random roadmap: edges only go from earlier to later ids, so it has no cycle."""
    rnd = random.Random(seed)
    ids = [f"R{i:05d}" for i in range(1, size + 1)]
    deps: list[set[str]] = [set() for _ in ids]
    while sum(map(len, deps)) < dependencies:
        later = rnd.randrange(1, size)
        earlier = max(0, later - rnd.randint(1, 60))  # mostly local, like real roadmaps
        deps[later].add(ids[earlier])
    owners = [rnd.choice(OWNERS) for _ in ids]
    # Neighbours with no dependency between them form work items (as R18+R04 do), one owner.
    pairs = [i for i in range(0, size - 1, 97) if ids[i] not in deps[i + 1]]
    for i in pairs:
        owners[i + 1] = owners[i]
    recommendations = tuple(
        Recommendation(
            id=rec_id,
            priority=rnd.choice([None, None, Priority.LOW, Priority.MEDIUM, Priority.HIGH]),
            depends_on=tuple(sorted(deps[i])),
            effort_months=rnd.choice([None, rnd.randint(1, 12)]),
            owner=owners[i],
            not_before=rnd.choice(
                [None] * 19 + [f"20{rnd.randint(22, 30)}-0{rnd.randint(1, 9)}-01"]
            ),
            deadline=rnd.choice([None] * 19 + ["CWS/20"]),
        )
        for i, rec_id in enumerate(ids)
    )
    work_items = tuple(
        WorkItem(id=f"item-{i}", title=f"Item {i}", members=(ids[i], ids[i + 1])) for i in pairs
    )
    planning = PlanningFile(
        plan_start=PlanStart(date=dt.date(2022, 1, 1), assumed=True),
        default_effort=DefaultEffort(rules=(EffortRule(effort_months=6),), assumed=True),
        default_owner=DefaultOwner(owner=OWNERS[0], assumed=True),
        owners=tuple(Owner(id=o, name=o, capacity=max(1, size // 100)) for o in OWNERS),
    )
    sessions = tuple(
        Session(id=f"CWS/{n}", start=dt.date(2012 + n, 11, 1), end=dt.date(2012 + n, 11, 5))
        for n in range(6, 21)
    )
    return Project(recommendations, work_items, sessions, (), planning=planning)


def timings(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, best) wall seconds after one warm-up run; the best is the least noisy figure
    on a shared machine, the median the typical one."""
    action()
    times = []
    for _ in range(runs):
        gc.collect()
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times), min(times)


def measure(size: int, dependencies: int, runs: int) -> tuple[tuple[float, float], ...]:
    project = synthetic_project(size, dependencies)
    inp = plan_input(project)
    return timings(lambda: schedule_units(inp), runs), timings(lambda: make_plan(project), runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="recommendations (default 2000)")
    parser.add_argument("--dependencies", type=int, default=None, help="default: 3 x size")
    parser.add_argument("--runs", type=int, default=5, help="median of this many runs")
    args = parser.parse_args()
    size, deps = args.size, args.dependencies or 3 * args.size
    results = []
    for n, m in ((size, deps), (2 * size, 2 * deps)):
        (timeline, timeline_best), (whole, whole_best) = measure(n, m, args.runs)
        results.append((timeline_best, whole_best))
        print(
            f"{n:>6,} recommendations, {m:>6,} dependencies: order + timeline "
            f"{timeline * 1000:6.1f} ms (best {timeline_best * 1000:6.1f}); whole make_plan "
            f"{whole * 1000:6.1f} ms (best {whole_best * 1000:6.1f}); median of {args.runs} runs"
        )
    ratio_timeline = results[1][0] / results[0][0]
    ratio_whole = results[1][1] / results[0][1]
    print(
        f"doubling N (best times): order + timeline x{ratio_timeline:.2f}, "
        f"make_plan x{ratio_whole:.2f} (x2 is linear)"
    )


if __name__ == "__main__":
    main()
