"""Survey answers -> priority scores, agreement across offices, and computed vs adopted levels.

Pure Python with no numpy, so that `roadmap priorities` starts fast; every sum is a
`math.fsum` over sorted values, so results do not depend on the order of offices or files.

Per recommendation, over the offices that gave it a value (``no-opinion`` and absent answers are
counted apart and never scored as zero):

- **n**: the number of values; **coverage**: n / the number of respondents.
- **median** (the default method: right for ordinal answers) and **mean** of the scores;
- **top-box share**: the share of values among the ``top_box`` highest on the scale;
- **Bayesian average** ``(C * m + sum) / (C + n)``: C imaginary answers at m (``prior_weight``
  and ``prior_mean``, by default the middle of the scale) pull an item rated by few offices
  towards the middle, so that one enthusiastic office cannot put it on top;
- **Borda score**: each office's values order the items it rated; an item earns, from each such
  office, the share of the office's other rated items that it beats (a tie counts half); the score
  is the average over the offices that rated it, from 0 (always last) to 1 (always first). The
  classic Borda sum would count an office's silence as last place; this average does not;
- **IQR**: third minus first quartile (linear interpolation, as numpy's default and Excel's
  QUARTILE.INC); **contested** when the IQR exceeds ``contested_iqr`` (by default half the span
  of the scale: the middle half of the answers spreads over more than half the scale).

Ranking: the recommendations with at least one value come first, in the order of the key
`ranking_key`: the method's score (higher first), then the median, the mean, the top-box share,
n (more first), the IQR (narrower first), and finally the id (numeric order), which makes the
order total. Recommendations with no value follow in id order, without a rank.

Agreement: Krippendorff's alpha with the ordinal metric over all recommendations with two or
more values (it tolerates missing answers), and Kendall's W with the correction for ties over
the recommendations that every answering office rated.

The computed level comes from the thresholds in survey.yaml (`levels`), never from code. The
level adopted by the CWS (``priority`` in recommendations.yaml) stays the official one: the
computed one is advice, and each disagreement is flagged.
"""

from __future__ import annotations

import enum
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import cast

from roadmap_cli.model import Method, Priority, Recommendation, recommendation_sort_key
from roadmap_cli.surveys import NO_OPINION, ScaleValue, Survey, SurveyKind, Thresholds

__all__ = ["Method"]  # defined in model, so the CLI's option type costs no survey imports


class Flag(enum.StrEnum):
    """Why a recommendation deserves a second look."""

    NO_ANSWERS = "no-answers"
    """No office gave it a value."""
    LOW_COVERAGE = "low-coverage"
    """Fewer offices than ``min_coverage`` of the respondents gave it a value."""
    CONTESTED = "contested"
    """The offices' answers spread widely (IQR above ``contested_iqr``)."""
    DISAGREES = "disagrees"
    """The computed level differs from the level the CWS adopted."""
    NOT_ADOPTED = "not-adopted"
    """The computed level is high but the CWS adopted no priority for it."""


def methods_for(survey: Survey) -> tuple[Method, ...]:
    """The methods that fit the survey: Borda only for a ranking, any for ratings."""
    if survey.metadata.kind is SurveyKind.RANKING:
        return (Method.BORDA,)
    return tuple(Method)


def default_method(survey: Survey) -> Method:
    return methods_for(survey)[0]


@dataclass(frozen=True, slots=True)
class ItemPriority:
    """The aggregate of one recommendation's answers, with its computed and adopted levels."""

    id: str
    title: str | None
    rank: int | None
    """1 for the first; None when no office gave it a value."""
    score: float | None
    """The score of the chosen method; None when no office gave it a value."""
    n: int
    """How many offices gave it a value."""
    no_opinion: int
    """How many said ``no-opinion``."""
    absent: int
    """How many respondents did not answer it at all."""
    coverage: float | None
    """n / respondents; None when the survey lists no respondents."""
    median: float | None
    mean: float | None
    top_box: float | None
    bayes: float | None
    borda: float | None
    q1: float | None
    q3: float | None
    contested: bool
    level: Priority | None
    """The level computed from ``score`` and the survey's thresholds for the method."""
    adopted: Priority | None
    """The level adopted by the CWS (recommendations.yaml); the official one."""
    flags: tuple[Flag, ...]

    @property
    def iqr(self) -> float | None:
        return None if self.q1 is None or self.q3 is None else self.q3 - self.q1


@dataclass(frozen=True, slots=True)
class Agreement:
    """How far the offices agree, over the whole survey."""

    alpha: float | None
    """Krippendorff's alpha, ordinal; None when undefined (fewer than two values per item, or
    every value the same)."""
    alpha_items: int
    """The recommendations with two or more values, over which alpha is computed."""
    kendall_w: float | None
    """Kendall's W with tie correction; None when fewer than two offices or items."""
    w_offices: int
    w_items: int
    """The recommendations every office in W rated."""

    @property
    def chi_square(self) -> float | None:
        """Friedman's chi-square, m (n - 1) W, with n - 1 degrees of freedom."""
        if self.kendall_w is None:
            return None
        return self.w_offices * (self.w_items - 1) * self.kendall_w


@dataclass(frozen=True, slots=True)
class PriorityReport:
    """The ranked recommendations of one survey under one method, and the agreement figures."""

    survey_id: str
    title: str
    illustrative: bool
    method: Method
    thresholds: Thresholds | None
    """The thresholds that gave the levels; None when the survey sets none for the method."""
    respondents: int
    """The offices listed as respondents (else those with an answer file)."""
    answered: int
    """How many offices have answered (an answer file with at least one answer)."""
    items: tuple[ItemPriority, ...]
    """In rank order, unranked ones last in id order."""
    agreement: Agreement


# ---- statistics ----------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    """The middle value, or the mean of the two middle ones."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def mean(values: Sequence[float]) -> float:
    return math.fsum(sorted(values)) / len(values)


def quantile(values: Sequence[float], q: float) -> float:
    """The q-quantile by linear interpolation between order statistics (Hyndman-Fan type 7)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def bayes_average(values: Sequence[float], prior_mean: float, prior_weight: float) -> float:
    """``(C * m + sum) / (C + n)``; with no values and no weight, the prior mean."""
    if prior_weight + len(values) == 0:
        return prior_mean
    return (prior_weight * prior_mean + math.fsum(sorted(values))) / (prior_weight + len(values))


def borda_points(scores: dict[str, float]) -> dict[str, float]:
    """One office's scores -> each item's share of the office's other items that it beats.

    A tie counts half. An office that rated a single item gives it 0.5: no comparison is made.
    """
    if len(scores) == 1:
        return dict.fromkeys(scores, 0.5)
    ordered = sorted(scores.values())
    counts = Counter(ordered)
    below: dict[float, int] = {}
    running = 0
    for value in sorted(counts):
        below[value] = running
        running += counts[value]
    points = {v: (below[v] + 0.5 * (counts[v] - 1)) / (len(scores) - 1) for v in counts}
    return {item: points[v] for item, v in scores.items()}  # one float per value (issue 16)


def krippendorff_alpha_ordinal(units: Sequence[Sequence[float]]) -> float | None:
    """Krippendorff's alpha with the ordinal metric; ``units`` holds each item's values.

    Items with fewer than two values are not pairable and are left out, which is how alpha
    tolerates missing answers. Follows Krippendorff (2011), "Computing Krippendorff's
    Alpha-Reliability": coincidences o_ck, marginals n_c, and the ordinal distance
    d_ck = (sum of n_g for g from c to k - (n_c + n_k) / 2) ** 2.
    """
    pairable = [sorted(u) for u in units if len(u) >= 2]
    if not pairable:
        return None
    coincidence: dict[tuple[float, float], float] = defaultdict(float)
    for unit in pairable:
        counts = Counter(unit)
        for c in counts:
            for k in counts:
                pairs = counts[c] * (counts[k] - (1 if c == k else 0))
                if pairs:
                    coincidence[c, k] += pairs / (len(unit) - 1)
    values = sorted({v for unit in pairable for v in unit})
    marginal = {c: math.fsum(coincidence.get((c, k), 0.0) for k in values) for c in values}
    total = math.fsum(marginal.values())
    cumulative = [0.0]
    for value in values:
        cumulative.append(cumulative[-1] + marginal[value])

    def distance(i: int, j: int) -> float:
        low, high = min(i, j), max(i, j)
        between = cumulative[high + 1] - cumulative[low]
        return (between - (marginal[values[low]] + marginal[values[high]]) / 2) ** 2

    observed = math.fsum(
        coincidence.get((values[i], values[j]), 0.0) * distance(i, j)
        for i in range(len(values))
        for j in range(len(values))
    )
    expected = math.fsum(
        marginal[values[i]] * marginal[values[j]] * distance(i, j)
        for i in range(len(values))
        for j in range(len(values))
    )
    if expected == 0:
        return None
    return 1 - (total - 1) * observed / expected


def average_ranks(values: Sequence[float]) -> list[float]:
    """Ranks 1..n of the values, ties sharing the mean of their ranks."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def kendall_w(matrix: Sequence[Sequence[float]]) -> float | None:
    """Kendall's coefficient of concordance W with the correction for ties.

    ``matrix`` has one row per rater (office) and one column per item, all filled. W =
    12 S / (m^2 (n^3 - n) - m sum T), where S is the sum of squared deviations of the items'
    rank sums from their mean and T = sum (t^3 - t) over each rater's groups of t tied items.
    None when fewer than two raters or items, or when every rater ties every item.
    """
    m = len(matrix)
    n = len(matrix[0]) if matrix else 0
    if m < 2 or n < 2:
        return None
    rank_rows = [average_ranks(row) for row in matrix]
    rank_sums = [math.fsum(sorted(row[j] for row in rank_rows)) for j in range(n)]
    mean_sum = m * (n + 1) / 2
    s = math.fsum(sorted((r - mean_sum) ** 2 for r in rank_sums))
    ties = sum(t**3 - t for row in matrix for t in Counter(row).values())
    denominator = m * m * (n**3 - n) - m * ties
    if denominator == 0:
        return None
    return 12 * s / denominator


# ---- the report ----------------------------------------------------------------------------


def prioritise(
    survey: Survey, recommendations: Sequence[Recommendation], method: Method | None = None
) -> PriorityReport:
    """Rank ``recommendations`` by the answers to ``survey`` under ``method``.

    Raises ValueError when the method does not fit the survey (see `methods_for`).
    """
    method = method or default_method(survey)
    if method not in methods_for(survey):
        raise ValueError(f"{method} does not fit a {survey.metadata.kind} survey")
    meta = survey.metadata
    scores_by_item: dict[str, list[float]] = {r.id: [] for r in recommendations}
    ids = tuple(scores_by_item)
    no_opinion: Counter[str] = Counter()
    rows_by_office: dict[str, list[float | None]] = {}
    """Each office's score of each item of ``ids`` (None: none): a list, not a dict, so that
    two million answers take a pointer each (issue 16); the last file of an office counts."""
    score_of: dict[ScaleValue, float] = {}  # survey.score, computed once per value
    for response in survey.responses:
        row: list[float | None] = []
        answers = response.answers
        for rec_id in ids:
            answer = answers.get(rec_id)
            score = None
            if answer is not None and answer.value == NO_OPINION:
                no_opinion[rec_id] += 1
            elif answer is not None:
                score = score_of.get(answer.value)
                if score is None:
                    score = score_of[answer.value] = survey.score(answer.value)
                scores_by_item[rec_id].append(score)
            row.append(score)
        rows_by_office[response.office] = row
    borda: dict[str, list[float]] = {rec_id: [] for rec_id in ids}
    for row in rows_by_office.values():
        office_scores = {
            rec_id: score for rec_id, score in zip(ids, row, strict=True) if score is not None
        }
        if office_scores:
            for rec_id, points in borda_points(office_scores).items():
                borda[rec_id].append(points)
    low, high = _score_range(survey)
    thresholds = getattr(meta.levels, method.value) if meta.levels is not None else None
    respondents = len(survey.respondents)
    items = [
        _item(
            rec,
            scores_by_item[rec.id],
            borda[rec.id],
            no_opinion[rec.id],
            method,
            survey,
            thresholds,
            respondents,
            (low, high),
        )
        for rec in recommendations
    ]
    ranked = sorted((i for i in items if i.score is not None), key=lambda i: ranking_key(i, method))
    unranked = sorted(
        (i for i in items if i.score is None), key=lambda i: recommendation_sort_key(i.id)
    )
    ordered = tuple(
        [_with_rank(item, position) for position, item in enumerate(ranked, 1)] + unranked
    )
    return PriorityReport(
        survey_id=survey.id,
        title=meta.title,
        illustrative=meta.illustrative,
        method=method,
        thresholds=thresholds,
        respondents=respondents,
        answered=sum(1 for response in survey.responses if response.answers),
        items=ordered,
        agreement=agreement(scores_by_item, ids, rows_by_office),
    )


def ranking_key(
    item: ItemPriority, method: Method
) -> tuple[float, float, float, float, int, float, tuple[int, str]]:
    """The tie-break chain: score, median, mean, top-box (higher first), n (more first), IQR
    (narrower first), id. Only for items with a score."""
    assert item.score is not None and item.median is not None and item.mean is not None
    return (
        -item.score,
        -item.median,
        -item.mean,
        -(item.top_box or 0.0),
        -item.n,
        item.iqr or 0.0,
        recommendation_sort_key(item.id),
    )


def agreement(
    scores_by_item: dict[str, list[float]],
    ids: Sequence[str],
    rows_by_office: dict[str, list[float | None]],
) -> Agreement:
    """Krippendorff's alpha over all items, Kendall's W over the items every office rated
    (``rows_by_office``: each office's score of each of ``ids``, None where it gave none)."""
    alpha_units = [values for values in scores_by_item.values() if len(values) >= 2]
    offices = [
        row for _, row in sorted(rows_by_office.items()) if any(score is not None for score in row)
    ]
    common = sorted(
        (
            index
            for index in range(len(ids))
            if offices and all(row[index] is not None for row in offices)
        ),
        key=lambda index: recommendation_sort_key(ids[index]),
    )
    matrix = [[cast(float, row[index]) for index in common] for row in offices]
    return Agreement(
        alpha=krippendorff_alpha_ordinal(alpha_units),
        alpha_items=len(alpha_units),
        kendall_w=kendall_w(matrix),
        w_offices=len(offices),
        w_items=len(common),
    )


def level_of(score: float | None, thresholds: Thresholds | None) -> Priority | None:
    """High at or above ``thresholds.high``, medium at or above ``thresholds.medium``, else low."""
    if score is None or thresholds is None:
        return None
    if score >= thresholds.high:
        return Priority.HIGH
    if score >= thresholds.medium:
        return Priority.MEDIUM
    return Priority.LOW


def _score_range(survey: Survey) -> tuple[float, float]:
    scale = survey.metadata.scale
    if not scale:
        return (0.0, 0.0)
    scores = [survey.score(v) for v in scale]
    return (min(scores), max(scores))


def _item(
    rec: Recommendation,
    values: list[float],
    borda: list[float],
    no_opinion: int,
    method: Method,
    survey: Survey,
    thresholds: Thresholds | None,
    respondents: int,
    score_range: tuple[float, float],
) -> ItemPriority:
    meta = survey.metadata
    n = len(values)
    low, high = score_range
    figures: dict[str, float | None] = dict.fromkeys(
        ("median", "mean", "top_box", "bayes", "borda", "q1", "q3")
    )
    if n:
        top = (
            sorted({survey.score(v) for v in meta.scale or ()})[-meta.top_box :]
            if meta.scale
            else []
        )
        figures.update(
            median=median(values),
            mean=mean(values),
            top_box=sum(v in top for v in values) / n if top else None,
            bayes=bayes_average(
                values,
                (low + high) / 2 if meta.prior_mean is None else meta.prior_mean,
                meta.prior_weight,
            )
            if meta.scale
            else None,
            borda=mean(borda),
            q1=quantile(values, 0.25),
            q3=quantile(values, 0.75),
        )
    score = figures[method.value]
    q1, q3 = figures["q1"], figures["q3"]
    limit = meta.contested_iqr if meta.contested_iqr is not None else (high - low) / 2
    contested = (
        q1 is not None and q3 is not None and meta.kind is SurveyKind.RATING and q3 - q1 > limit
    )
    level = level_of(score, thresholds)
    flags: list[Flag] = []
    if n == 0:
        flags.append(Flag.NO_ANSWERS)
    elif respondents and n < meta.min_coverage * respondents:
        flags.append(Flag.LOW_COVERAGE)
    if contested:
        flags.append(Flag.CONTESTED)
    if level is not None and rec.priority is not None and level != rec.priority:
        flags.append(Flag.DISAGREES)
    if level is Priority.HIGH and rec.priority is None:
        flags.append(Flag.NOT_ADOPTED)
    answered = n + no_opinion
    return ItemPriority(
        id=rec.id,
        title=rec.title,
        rank=None,
        score=score,
        n=n,
        no_opinion=no_opinion,
        absent=max(respondents - answered, 0),
        coverage=n / respondents if respondents else None,
        median=figures["median"],
        mean=figures["mean"],
        top_box=figures["top_box"],
        bayes=figures["bayes"],
        borda=figures["borda"],
        q1=q1,
        q3=q3,
        contested=contested,
        level=level,
        adopted=rec.priority,
        flags=tuple(flags),
    )


def _with_rank(item: ItemPriority, rank: int) -> ItemPriority:
    return replace(item, rank=rank)


def shown_survey(surveys: Sequence[Survey]) -> Survey | None:
    """The survey `roadmap priorities` shows when none is named: the last one (by id) with
    answers, illustrative or not (its chart and tables then say ILLUSTRATIVE)."""
    answered = [s for s in surveys if s.has_answers]
    return answered[-1] if answered else None


def planning_survey(surveys: Sequence[Survey]) -> Survey | None:
    """The survey whose computed priorities the planner uses when none is named: the last one
    (by id) with answers that is not illustrative, so made-up answers never steer a real plan."""
    usable = [s for s in surveys if s.has_answers and not s.metadata.illustrative]
    return usable[-1] if usable else None


def steering_levels(
    surveys: Sequence[Survey],
    recommendations: Sequence[Recommendation],
    chosen: Survey | None = None,
) -> dict[str, Priority] | None:
    """The computed levels that order the recommendations with no adopted priority: from
    ``chosen``, else from `planning_survey`; None when no survey can steer the plan."""
    survey = chosen or planning_survey(surveys)
    return computed_levels(survey, recommendations) if survey else None


def computed_levels(
    survey: Survey, recommendations: Sequence[Recommendation]
) -> dict[str, Priority]:
    """Recommendation id -> the level the survey's default method computes, where it gives one."""
    report = prioritise(survey, recommendations)
    return {item.id: item.level for item in report.items if item.level is not None}
