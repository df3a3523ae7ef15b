"""Aggregation formulas against hand-computed figures and an independent implementation, and the
properties the ranking must have (order independence, monotonicity, determinism)."""

from __future__ import annotations

import math
from pathlib import Path
from types import MappingProxyType

import pytest
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_cli.model import Priority, Recommendation
from roadmap_cli.priorities import (
    Flag,
    Method,
    average_ranks,
    bayes_average,
    borda_points,
    kendall_w,
    krippendorff_alpha_ordinal,
    median,
    prioritise,
    quantile,
)
from roadmap_cli.project import load_project
from roadmap_cli.surveys import (
    NO_OPINION,
    Answer,
    Levels,
    Response,
    Survey,
    SurveyFile,
    SurveyKind,
    Thresholds,
)

PUBLISHED_PRIORITIES = ["R04", "R06", "R09", "R12", "R15", "R18", "R23", "R38", "R39"]


# ---- formulas, by hand --------------------------------------------------------------------


def test_median_of_odd_and_even_counts() -> None:
    assert median([3, 1, 2]) == 2
    assert median([1, 2, 3, 3]) == 2.5


def test_quartiles_interpolate_linearly() -> None:
    # 1,1,1,2,3,3,3: Q1 at position 0.25*6 = 1.5 -> 1; Q3 at 4.5 -> 3 (numpy's default, type 7).
    values = [3, 1, 1, 2, 3, 1, 3]
    assert (quantile(values, 0.25), quantile(values, 0.75)) == (1, 3)
    # 1,2,3,4: Q1 at 0.75 -> 1 + 0.75 = 1.75; Q3 at 2.25 -> 3.25.
    assert (quantile([4, 1, 3, 2], 0.25), quantile([4, 1, 3, 2], 0.75)) == (1.75, 3.25)


def test_bayes_average_pulls_few_answers_towards_the_prior() -> None:
    # (C*m + sum) / (C + n) = (2*2 + 3) / (2 + 1) = 7/3: one 'high' does not make 3.
    assert bayes_average([3], prior_mean=2, prior_weight=2) == pytest.approx(7 / 3)
    # Seven 'high' answers: (4 + 21) / 9 = 25/9.
    assert bayes_average([3] * 7, prior_mean=2, prior_weight=2) == pytest.approx(25 / 9)
    assert bayes_average([], prior_mean=2, prior_weight=0) == 2


def test_borda_points_count_items_beaten_and_half_the_ties() -> None:
    # Scores a=3, b=3, c=1: a beats c and ties b -> (1 + 0.5) / 2 = 0.75; c beats nothing.
    assert borda_points({"a": 3, "b": 3, "c": 1}) == {"a": 0.75, "b": 0.75, "c": 0.0}
    assert borda_points({"a": 1}) == {"a": 0.5}


def test_average_ranks_share_ties() -> None:
    assert average_ranks([3, 3, 1]) == [2.5, 2.5, 1.0]


def test_kendall_w_with_ties_by_hand() -> None:
    # Offices rate items x, y, z: A (3, 3, 1), B (3, 2, 1), C (2, 3, 1).
    # Ranks: A (2.5, 2.5, 1), B (3, 2, 1), C (2, 3, 1); rank sums 7.5, 7.5, 3; mean 6.
    # S = 1.5^2 + 1.5^2 + 3^2 = 13.5. Ties: A has one pair, T = 2^3 - 2 = 6.
    # W = 12 * 13.5 / (3^2 * (3^3 - 3) - 3 * 6) = 162 / 198 = 9/11.
    assert kendall_w([[3, 3, 1], [3, 2, 1], [2, 3, 1]]) == pytest.approx(9 / 11)


def test_kendall_w_is_one_for_identical_rankings_and_none_when_undefined() -> None:
    assert kendall_w([[1, 2, 3], [1, 2, 3]]) == pytest.approx(1)
    assert kendall_w([[1, 2, 3]]) is None
    assert kendall_w([[2, 2], [2, 2]]) is None


def test_krippendorff_alpha_ordinal_by_hand() -> None:
    # Units (1,1), (2,3), (3,3): n_1 = 2, n_2 = 1, n_3 = 3, n = 6; coincidences o_23 = o_32 = 1.
    # Ordinal distances: d12 = (3/2)^2, d13 = (6 - 5/2)^2 = 12.25, d23 = (4/2)^2 = 4.
    # D_o = (1/6)(4 + 4); D_e = (1/30) * 2 * (2*1*2.25 + 2*3*12.25 + 1*3*4) = 6.
    # alpha = 1 - (8/6) / 6 = 7/9.
    assert krippendorff_alpha_ordinal([[1, 1], [2, 3], [3, 3]]) == pytest.approx(7 / 9)


def test_krippendorff_alpha_skips_unpairable_units_and_is_undefined_without_variation() -> None:
    assert krippendorff_alpha_ordinal([[1, 1], [2, 3], [3, 3], [2]]) == pytest.approx(7 / 9)
    assert krippendorff_alpha_ordinal([[2, 2], [2, 2]]) is None
    assert krippendorff_alpha_ordinal([[1]]) is None


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example with missing data:
# four observers, twelve units; published ordinal alpha 0.815.
_K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def _units(rows: list[list[int | None]]) -> list[list[float]]:
    return [[float(r[j]) for r in rows if r[j] is not None] for j in range(len(rows[0]))]


def test_krippendorff_alpha_matches_the_published_example() -> None:
    assert krippendorff_alpha_ordinal(_units(_K2011)) == pytest.approx(0.815, abs=5e-4)


def _reference_alpha(rows: list[list[int | None]]) -> float:
    krippendorff = pytest.importorskip("krippendorff")
    np = pytest.importorskip("numpy")
    data = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal"))


def test_krippendorff_alpha_matches_the_krippendorff_package_on_the_published_example() -> None:
    assert krippendorff_alpha_ordinal(_units(_K2011)) == pytest.approx(_reference_alpha(_K2011))


_cell = st.one_of(st.none(), st.integers(1, 5))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 5).flatmap(
        lambda m: st.lists(st.lists(_cell, min_size=m, max_size=m), min_size=2, max_size=6)
    )
)
def test_krippendorff_alpha_matches_the_krippendorff_package(
    columns: list[list[int | None]],
) -> None:
    rows = [list(r) for r in zip(*columns, strict=True)]  # observers x units
    ours = krippendorff_alpha_ordinal(_units(rows))
    pairable = [u for u in _units(rows) if len(u) >= 2]
    if ours is None or len({v for u in pairable for v in u}) < 2:
        return  # undefined: the package raises or returns nan here
    assert ours == pytest.approx(_reference_alpha(rows), abs=1e-9)


def test_kendall_w_matches_a_direct_friedman_computation() -> None:
    # W = chi2_F / (m (n - 1)) with the tie-corrected Friedman statistic, computed another way.
    matrix = [[5, 3, 3, 1], [4, 4, 2, 1], [5, 2, 3, 3]]
    m, n = 3, 4
    ranks = [average_ranks(row) for row in matrix]
    sums = [sum(r[j] for r in ranks) for j in range(n)]
    ties = sum(t**3 - t for row in matrix for t in [row.count(v) for v in set(row)])
    chi2 = (12 * sum(s * s for s in sums) / (m * n * (n + 1)) - 3 * m * (n + 1)) / (
        1 - ties / (m * (n**3 - n))
    )
    assert kendall_w(matrix) == pytest.approx(chi2 / (m * (n - 1)))


# ---- the report on a survey ---------------------------------------------------------------

RECS = tuple(Recommendation(id=f"R{i:02d}") for i in range(1, 6))


def _survey(answers: dict[str, dict[str, str]], **meta: object) -> Survey:
    metadata = SurveyFile(
        title="test",
        scale=("low", "medium", "high"),
        levels=Levels(median=Thresholds(high=3, medium=2), mean=Thresholds(high=2.5, medium=1.5)),
        **meta,  # type: ignore[arg-type]
    )
    responses = tuple(
        Response(office, MappingProxyType({k: Answer(value=v) for k, v in sorted(a.items())}))
        for office, a in sorted(answers.items())
    )
    return Survey("test", metadata, responses)


def test_three_answer_states_are_counted_apart() -> None:
    survey = _survey({"AA": {"R01": "high"}, "BB": {"R01": NO_OPINION}, "CC": {}})
    item = next(i for i in prioritise(survey, RECS).items if i.id == "R01")
    assert (item.n, item.no_opinion, item.absent, item.score) == (1, 1, 1, 3)


def test_unanswered_recommendations_come_last_without_rank() -> None:
    report = prioritise(_survey({"AA": {"R03": "low", "R02": "high"}}), RECS)
    assert [(i.id, i.rank) for i in report.items] == [
        ("R02", 1),
        ("R03", 2),
        ("R01", None),
        ("R04", None),
        ("R05", None),
    ]
    assert report.items[2].flags == (Flag.NO_ANSWERS,)


def test_ties_are_broken_by_mean_then_n_then_id() -> None:
    survey = _survey(
        {
            "AA": {"R01": "high", "R02": "high", "R03": "high", "R04": "high"},
            "BB": {"R01": "high", "R02": "medium", "R03": "high"},
            "CC": {"R01": "medium", "R02": "high", "R03": "high"},
        }
    )
    # Medians: all 3 except R01 and R02 (3, 3, 2 -> 3). Means: R03 3 (n 3), R04 3 (n 1), R01 = R02.
    order = [i.id for i in prioritise(survey, RECS).items if i.rank]
    assert order == ["R03", "R04", "R01", "R02"]


def test_levels_come_from_the_thresholds_and_disagreement_is_flagged() -> None:
    recs = (Recommendation(id="R01", priority=Priority.LOW), Recommendation(id="R02"))
    survey = _survey({"AA": {"R01": "high", "R02": "high"}, "BB": {"R01": "high", "R02": "high"}})
    items = {i.id: i for i in prioritise(survey, recs).items}
    assert items["R01"].level is Priority.HIGH and Flag.DISAGREES in items["R01"].flags
    assert Flag.NOT_ADOPTED in items["R02"].flags


def test_a_method_without_thresholds_computes_no_level() -> None:
    report = prioritise(_survey({"AA": {"R01": "high"}}), RECS, Method.BAYES)
    assert report.thresholds is None and report.items[0].level is None


def test_low_coverage_and_contested_flags() -> None:
    answers = {
        o: {"R01": v}
        for o, v in zip(["AA", "BB", "CC", "DD"], ["low", "low", "high", "high"], strict=True)
    }
    answers["AA"]["R02"] = "high"
    items = {i.id: i for i in prioritise(_survey(answers), RECS).items}
    assert Flag.CONTESTED in items["R01"].flags  # IQR 2 > half the span (1)
    assert Flag.LOW_COVERAGE in items["R02"].flags  # 1 of 4 < 50 %


def test_a_ranking_survey_ranks_by_borda() -> None:
    metadata = SurveyFile(title="t", kind=SurveyKind.RANKING)
    ranks = {
        "AA": {"R01": 1, "R02": 2, "R03": 3},
        "BB": {"R02": 1, "R01": 2, "R03": 3},
        "CC": {"R01": 1, "R03": 2},
    }
    responses = tuple(
        Response(o, MappingProxyType({k: Answer(value=v) for k, v in a.items()}))
        for o, a in ranks.items()
    )
    report = prioritise(Survey("t", metadata, responses), RECS)
    assert report.method is Method.BORDA
    # R01: (1 + 0.5 + 1) / 3; R02: (0.5 + 1) / 2; R03: (0 + 0 + 0) / 3.
    assert [(i.id, i.score) for i in report.items[:3]] == [
        ("R01", pytest.approx(2.5 / 3)),
        ("R02", 0.75),
        ("R03", 0),
    ]
    with pytest.raises(ValueError):
        prioritise(Survey("t", metadata, responses), RECS, Method.MEDIAN)


# ---- the bundled illustrative survey -------------------------------------------------------


def _bundled() -> tuple[Survey, tuple[Recommendation, ...]]:
    project = load_project(DATA).project
    assert project is not None
    survey = project.survey("2020-task-force")
    assert survey is not None
    return survey, project.recommendations


@pytest.mark.parametrize("method", [Method.MEDIAN, Method.MEAN])
def test_the_illustrative_2020_survey_reproduces_the_published_priorities(method: Method) -> None:
    survey, recs = _bundled()
    report = prioritise(survey, recs, method)
    assert sorted(i.id for i in report.items if i.level is Priority.HIGH) == PUBLISHED_PRIORITIES
    assert sorted(i.id for i in report.items[:9]) == PUBLISHED_PRIORITIES
    assert [i.rank for i in report.items[:9]] == list(range(1, 10))
    assert not any(Flag.DISAGREES in i.flags or Flag.NOT_ADOPTED in i.flags for i in report.items)


def test_the_illustrative_survey_agreement_figures() -> None:
    survey, recs = _bundled()
    agreement = prioritise(survey, recs).agreement
    assert (agreement.alpha_items, agreement.w_offices, agreement.w_items) == (40, 7, 25)
    assert agreement.alpha is not None and 0.3 < agreement.alpha < 0.45
    assert agreement.kendall_w is not None and 0.4 < agreement.kendall_w < 0.5


# ---- properties -----------------------------------------------------------------------------

_VALUES = st.sampled_from(["low", "medium", "high", NO_OPINION])
_OFFICES = ["AA", "BB", "CC", "DD", "EE", "FF"]
_answers = st.dictionaries(
    st.sampled_from(_OFFICES),
    st.dictionaries(st.sampled_from([r.id for r in RECS]), _VALUES, max_size=5),
    min_size=1,
    max_size=6,
)


def _digest(survey: Survey, method: Method) -> list[tuple[object, ...]]:
    report = prioritise(survey, RECS, method)
    return [(i.id, i.rank, i.score, i.level, i.flags) for i in report.items] + [
        (report.agreement.alpha, report.agreement.kendall_w)
    ]


@settings(max_examples=80, deadline=None)
@given(_answers, st.sampled_from(list(Method)), st.randoms())
def test_ranking_does_not_depend_on_the_order_of_offices(
    answers: dict[str, dict[str, str]], method: Method, rnd
) -> None:  # type: ignore[no-untyped-def]
    survey = _survey(answers)
    shuffled = list(survey.responses)
    rnd.shuffle(shuffled)
    reordered = Survey(
        survey.id,
        survey.metadata,
        tuple(
            Response(
                r.office,
                MappingProxyType(dict(rnd.sample(list(r.answers.items()), len(r.answers)))),
            )
            for r in shuffled
        ),
    )
    assert _digest(reordered, method) == _digest(survey, method)


_ORDER = ["low", "medium", "high"]


@settings(max_examples=80, deadline=None)
@given(
    _answers,
    st.sampled_from(list(Method)),
    st.sampled_from([r.id for r in RECS]),
    st.sampled_from(_OFFICES),
)
def test_an_office_rating_an_item_higher_never_lowers_its_score(
    answers: dict[str, dict[str, str]], method: Method, rec_id: str, office: str
) -> None:
    before = answers.get(office, {}).get(rec_id)
    if before not in _ORDER or before == "high":
        return
    raised = {o: dict(a) for o, a in answers.items()}
    raised[office][rec_id] = _ORDER[_ORDER.index(before) + 1]
    score = {i.id: i.score for i in prioritise(_survey(answers), RECS, method).items}[rec_id]
    new_score = {i.id: i.score for i in prioritise(_survey(raised), RECS, method).items}[rec_id]
    assert new_score is not None and score is not None and new_score >= score - 1e-12


@settings(max_examples=80, deadline=None)
@given(
    _answers,
    st.sampled_from([Method.MEDIAN, Method.MEAN, Method.BAYES]),
    st.sampled_from([r.id for r in RECS]),
)
def test_adding_an_office_that_rates_an_item_at_least_its_score_never_lowers_it(
    answers: dict[str, dict[str, str]], method: Method, rec_id: str
) -> None:
    score = {i.id: i.score for i in prioritise(_survey(answers), RECS, method).items}[rec_id]
    for value in _ORDER:
        if score is not None and _ORDER.index(value) + 1 >= score:
            added = {**answers, "ZZ": {rec_id: value}}
            new_score = {i.id: i.score for i in prioritise(_survey(added), RECS, method).items}[
                rec_id
            ]
            assert new_score is not None and new_score >= score - 1e-12


@settings(max_examples=30, deadline=None)
@given(_answers, st.sampled_from(list(Method)))
def test_results_are_identical_run_to_run(
    answers: dict[str, dict[str, str]], method: Method
) -> None:
    assert prioritise(_survey(answers), RECS, method) == prioritise(_survey(answers), RECS, method)


def test_scores_are_finite() -> None:
    survey, recs = _bundled()
    for method in Method:
        assert all(
            i.score is None or math.isfinite(i.score)
            for i in prioritise(survey, recs, method).items
        )


def test_bundled_data_path_is_the_repository_data() -> None:
    assert (DATA / "surveys" / "2020-task-force" / "survey.yaml").is_file() and isinstance(
        DATA, Path
    )
