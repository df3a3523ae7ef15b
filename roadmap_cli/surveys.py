"""Priority surveys of IP offices: the survey files, their checks, and the answers they hold.

A survey is a folder ``data/surveys/<survey-id>/`` with ``survey.yaml`` (what was asked, on which
scale, when, and how the answers are turned into priorities) and one file per responding office,
``<ST.3 code>.yaml``, so that each office's answers arrive as a pull request of its own that
never conflicts with another's. An answer to a recommendation is in one of three states, which
are never collapsed into one another: a value on the scale, an explicit ``no-opinion``, or absent
(the recommendation is not in the office's file).

This module owns the shapes of both files (msgspec Structs, as in `model`), the meaning checks
(`SURVEY_CHECKS`, each a generator of Problems with a stable code) and the `Survey` built from
files that passed them. Reading the files is the loader's job (`load.load_project`).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Annotated

import msgspec

from roadmap_cli.model import (
    OFFICE_CODE_PATTERN,
    SLUG_PATTERN,
    OfficeCodeField,
    PartialDateField,
    SessionIdField,
    Text,
    _Block,
)
from roadmap_cli.problems import Problem, did_you_mean, error, id_hint, warning
from roadmap_cli.validate import date_out_of_range

SURVEY_FILE = "survey.yaml"
NO_OPINION = "no-opinion"
"""The answer of an office that read the question and chose not to rate the recommendation."""
ScaleValue = int | Annotated[str, msgspec.Meta(min_length=1)]
Share = Annotated[float, msgspec.Meta(ge=0, le=1)]


class SurveyKind(enum.StrEnum):
    """What an answer is."""

    RATING = "rating"
    """A value on the survey's scale, one per recommendation (the 2020 and 2021 surveys)."""
    RANKING = "ranking"
    """The office's rank of the recommendation, 1 being its first priority; no scale."""


class Period(_Block, frozen=True, kw_only=True):
    """When a survey was open; either end may be unknown (null)."""

    start: PartialDateField | None = None
    end: PartialDateField | None = None


class Thresholds(_Block, frozen=True, kw_only=True):
    """The scores at or above which a computed priority is high, or medium; below, it is low."""

    high: float
    medium: float


class Levels(_Block, frozen=True, kw_only=True):
    """Thresholds for each aggregation method; a method without them computes no level."""

    median: Thresholds | None = None
    mean: Thresholds | None = None
    bayes: Thresholds | None = None
    borda: Thresholds | None = None
    """Borda scores run from 0 (every office put it last) to 1 (every office put it first)."""


class SurveyFile(_Block, frozen=True, kw_only=True):
    """The shape of ``data/surveys/<survey-id>/survey.yaml``."""

    title: Text
    kind: SurveyKind = SurveyKind.RATING
    conducted: Period | None = None
    """When the survey was open; null when not known."""
    approved_at: SessionIdField | None = None
    """The CWS session that approved the survey; null when none did or it is not known."""
    question: Text | None = None
    """The question asked for each recommendation; ``{id}`` stands for its id."""
    scale: Annotated[tuple[ScaleValue, ...], msgspec.Meta(min_length=2)] | None = None
    """The answers offered, lowest priority first; null when not known (then no answers)."""
    illustrative: bool = False
    """True when the answers are made up to illustrate a published outcome, not real ones."""
    respondents: tuple[OfficeCodeField, ...] | None = None
    """The offices that responded (ST.3 codes); null to take them from the answer files."""
    levels: Levels | None = None
    top_box: Annotated[int, msgspec.Meta(ge=1)] = 1
    """How many of the highest scale values count as 'top box'."""
    prior_weight: Annotated[float, msgspec.Meta(ge=0)] = 2.0
    """Bayesian average: how many imaginary answers at ``prior_mean`` each recommendation gets."""
    prior_mean: float | None = None
    """Bayesian average: the score those answers have; null means the middle of the scale."""
    contested_iqr: Annotated[float, msgspec.Meta(ge=0)] | None = None
    """A recommendation is contested when its IQR is larger; null means half the scale's span."""
    min_coverage: Share = 0.5
    """The share of respondents that must have rated a recommendation for full coverage."""
    sources: tuple[Text, ...] = ()
    note: str | None = None


class Answer(_Block, frozen=True, kw_only=True):
    """One office's answer to one recommendation, in the long form that carries a comment."""

    value: ScaleValue
    """A value on the scale, or ``no-opinion``."""
    comment: str | None = None


AnswerEntry = ScaleValue | Answer | None


class ResponseFile(_Block, frozen=True, kw_only=True):
    """The shape of ``data/surveys/<survey-id>/<office>.yaml``: one office's answers."""

    office: OfficeCodeField
    answers: dict[str, AnswerEntry]
    """Recommendation id to answer: a scale value, ``no-opinion``, or ``{value:, comment:}``.
    A recommendation the office did not answer is left out."""
    note: str | None = None


# ---- the model built from valid files ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Response:
    """The answers of one office to one survey."""

    office: str
    answers: Mapping[str, Answer]
    """Recommendation id to answer; a recommendation not answered is not a key."""
    note: str | None = None

    def value(self, recommendation_id: str) -> ScaleValue | None:
        """The value on the scale, or None for both 'no opinion' and 'no answer'."""
        answer = self.answers.get(recommendation_id)
        if answer is None or answer.value == NO_OPINION:
            return None
        return answer.value


@dataclass(frozen=True, slots=True)
class Survey:
    """A survey with the answers of every responding office, in office order."""

    id: str
    """The name of the survey's folder, e.g. ``2020-task-force``."""
    metadata: SurveyFile
    responses: tuple[Response, ...]

    @property
    def respondents(self) -> tuple[str, ...]:
        """The offices that responded: as listed, else those with an answer file."""
        if self.metadata.respondents is not None:
            return self.metadata.respondents
        return tuple(r.office for r in self.responses)

    @property
    def has_answers(self) -> bool:
        return any(r.answers for r in self.responses)

    def score(self, value: ScaleValue) -> float:
        """The number an answer counts for, higher meaning more of a priority.

        On a numeric scale a value counts for itself; on a scale of labels, for its position
        (lowest = 1). In a ranking survey, rank r counts for -r, so that first is highest.
        """
        if self.metadata.kind is SurveyKind.RANKING:
            return -float(value)
        scale = self.metadata.scale or ()
        if all(isinstance(v, int) for v in scale):
            return float(value)
        return float(scale.index(value) + 1)

    def question_for(self, recommendation_id: str) -> str:
        """The question as asked about one recommendation."""
        return (self.metadata.question or "").replace("{id}", recommendation_id)


@functools.lru_cache(maxsize=256, typed=True)  # True is not 1
def _short_answer(value: object) -> Answer:
    """The `Answer` of a short answer (``R01: high``): one shared object per value, as
    answers are frozen; 2,000,000 answers hold a handful of them (issue 16)."""
    return Answer(value=value)  # type: ignore[arg-type]


def build_survey(source: SurveySource, built: Sequence[Response] = ()) -> Survey:
    """The Survey of files that passed the checks; short answers become `Answer`s.

    ``built`` are responses already built from other files of the survey (`ParseCache`)."""
    responses = [
        Response(
            office=a.answers.office,
            answers=MappingProxyType(
                {  # in the file's order: readers iterate recommendations, not answers
                    rec_id: entry if isinstance(entry, Answer) else _short_answer(entry)
                    for rec_id, entry in a.answers.answers.items()
                }
            ),
            note=a.answers.note,
        )
        for a in source.answers
    ]
    responses += built
    return Survey(source.id, source.survey, tuple(sorted(responses, key=lambda r: r.office)))


# ---- checks --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResponseSource:
    """One office's shape-checked answer file."""

    file: str
    """The file as shown to the user."""
    stem: str
    """Its name without ``.yaml``, which should be the office code."""
    answers: ResponseFile


@dataclass(frozen=True, slots=True)
class SurveySource:
    """A survey folder's shape-checked files."""

    id: str
    file: str
    """``survey.yaml`` as shown to the user."""
    survey: SurveyFile
    answers: tuple[ResponseSource, ...]
    """In file-name order."""


@dataclass(frozen=True, slots=True)
class Known:
    """The ids defined by the rest of the data; None when that file could not be read."""

    recommendations: tuple[str, ...] | None
    sessions: tuple[str, ...] | None
    documents: tuple[str, ...] | None


SurveyCheck = Callable[[SurveySource, Known], Iterator[Problem]]


def check_survey_id(source: SurveySource, known: Known) -> Iterator[Problem]:
    """A survey folder is named in lower-case words joined by hyphens (``2021-ict-strategy``)."""
    if not re.match(SLUG_PATTERN, source.id):
        yield error(
            source.file,
            "bad-survey-id",
            f"the survey folder '{source.id}' is not a valid survey id",
            "rename the folder in lower-case words joined by hyphens, e.g. 2021-ict-strategy",
        )


def check_scale(source: SurveySource, known: Known) -> Iterator[Problem]:
    """A rating scale lists distinct values, lowest first, all numbers or all labels; numbers
    increase; ``no-opinion`` is not on it (it is always allowed). A ranking survey has none."""
    survey, file = source.survey, source.file
    if survey.kind is SurveyKind.RANKING:
        if survey.scale is not None:
            yield error(
                file,
                "scale-not-allowed",
                "a ranking survey has no scale (answers are ranks 1, 2, ...)",
                "set scale: null, or kind: rating",
                path=("scale",),
            )
        return
    scale = survey.scale or ()
    seen: set[ScaleValue] = set()
    for index, value in enumerate(scale):
        path = ("scale", index)
        if value in seen:
            yield error(
                file,
                "duplicate-scale-value",
                f"{value!r} is on the scale twice",
                "remove one",
                path=path,
            )
        if value == NO_OPINION:
            yield error(
                file,
                "reserved-scale-value",
                f"'{NO_OPINION}' is always a possible answer",
                "remove it from the scale",
                path=path,
            )
        seen.add(value)
    kinds = {isinstance(v, int) for v in scale}
    if len(kinds) > 1:
        yield error(
            file,
            "mixed-scale",
            "the scale mixes numbers and labels",
            "use only numbers (e.g. 1 to 5) or only labels (e.g. low, medium, high)",
            path=("scale",),
        )
    elif kinds == {True}:
        for index in range(1, len(scale)):
            if scale[index] <= scale[index - 1]:  # type: ignore[operator]
                yield error(
                    file,
                    "scale-order",
                    f"the scale goes down from {scale[index - 1]} to {scale[index]}",
                    "list the values lowest first",
                    path=("scale", index),
                )
    if survey.top_box > max(len(scale), 1) and survey.scale is not None:
        yield error(
            file,
            "bad-value",
            f"top_box is {survey.top_box} but the scale has {len(scale)} values",
            "count at most the whole scale as top box",
            path=("top_box",),
        )


def check_levels(source: SurveySource, known: Known) -> Iterator[Problem]:
    """The high threshold of each method is not below its medium threshold."""
    if source.survey.levels is None:
        return
    for method in ("median", "mean", "bayes", "borda"):
        thresholds: Thresholds | None = getattr(source.survey.levels, method)
        if thresholds is not None and thresholds.high < thresholds.medium:
            yield error(
                source.file,
                "bad-thresholds",
                f"the {method} threshold for high ({thresholds.high:g}) is below the one for "
                f"medium ({thresholds.medium:g})",
                "high needs the higher score",
                path=("levels", method, "high"),
            )


def check_levels_given(source: SurveySource, known: Known) -> Iterator[Problem]:
    """A survey with answers sets the thresholds of its levels: without them its priorities
    are ranked but none is computed high, medium or low (a warning)."""
    levels = source.survey.levels
    given = levels is not None and any(
        getattr(levels, method) is not None for method in ("median", "mean", "bayes", "borda")
    )
    if given or not any(response.answers.answers for response in source.answers):
        return
    yield warning(
        source.file,
        "no-thresholds",
        "the survey has answers but no thresholds for its levels, so no computed priority is "
        "high, medium or low",
        "add them per method, e.g. levels: {median: {high: 3, medium: 2}} (a score at or "
        "above high is high, at or above medium is medium)",
        path=("levels",) if levels is not None else (),
        line=0 if levels is not None else 1,
        column=0 if levels is not None else 1,
    )


def check_survey_references(source: SurveySource, known: Known) -> Iterator[Problem]:
    """The approving session is in the calendar and every source is a listed document."""
    survey, file = source.survey, source.file
    if (
        known.sessions is not None
        and survey.approved_at is not None
        and survey.approved_at not in known.sessions
    ):
        yield error(
            file,
            "unknown-session",
            f"{survey.approved_at} is not in the session calendar",
            did_you_mean(survey.approved_at, known.sessions) or "add the session to sessions.yaml",
            path=("approved_at",),
        )
    if known.documents is not None:
        for index, document in enumerate(survey.sources):
            if document not in known.documents:
                yield error(
                    file,
                    "unknown-source",
                    f"'{document}' is not a listed document",
                    did_you_mean(document, known.documents)
                    or "add it to documents in recommendations.yaml",
                    path=("sources", index),
                )


def check_conducted(source: SurveySource, known: Known) -> Iterator[Problem]:
    """Dates are real dates and the survey does not close before it opens."""
    period = source.survey.conducted
    if period is None:
        return
    for key in ("start", "end"):
        value = getattr(period, key)
        out_of_range = value and date_out_of_range(source.file, value, ("conducted", key))
        if out_of_range:
            yield out_of_range
        elif value is not None and len(value) == 10:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                yield error(
                    source.file,
                    "bad-date",
                    f"{value!r} is not a real date",
                    "write a real date as YYYY-MM-DD, or YYYY-MM when only the month is known",
                    path=("conducted", key),
                )
    if period.start is not None and period.end is not None:
        shortest = min(len(period.start), len(period.end))
        if period.end[:shortest] < period.start[:shortest]:
            yield error(
                source.file,
                "bad-date",
                f"the survey closes ({period.end}) before it opens ({period.start})",
                "swap or correct the dates",
                path=("conducted", "end"),
            )


def check_question(source: SurveySource, known: Known) -> Iterator[Problem]:
    """The question uses no placeholder but ``{id}``."""
    question = source.survey.question or ""
    for placeholder in sorted(set(re.findall(r"\{[^}]*\}", question)) - {"{id}"}):
        yield error(
            source.file,
            "bad-question",
            f"the question uses the unknown placeholder {placeholder}",
            "write {id} where the recommendation's id goes",
            path=("question",),
        )


def check_respondents(source: SurveySource, known: Known) -> Iterator[Problem]:
    """Each respondent is listed once."""
    seen: set[str] = set()
    for index, office in enumerate(source.survey.respondents or ()):
        if office in seen:
            yield error(
                source.file,
                "duplicate-respondent",
                f"{office} is listed twice among the respondents",
                "remove one",
                path=("respondents", index),
            )
        seen.add(office)


def check_answer_files(source: SurveySource, known: Known) -> Iterator[Problem]:
    """Each answer file is named after its office (``EP.yaml`` holds ``office: EP``), no office
    answers twice, and every office that answered is among the listed respondents."""
    first_file: dict[str, str] = {}
    respondents = source.survey.respondents
    for answers in source.answers:
        office = answers.answers.office
        if answers.stem != office:
            if re.match(OFFICE_CODE_PATTERN, answers.stem):
                hint = f"rename the file to {office}.yaml, or correct the office code"
            else:
                hint = f"name the file after the office's ST.3 code: {office}.yaml"
            yield error(
                answers.file,
                "office-file-mismatch",
                f"the file is named '{answers.stem}' but holds the answers of {office}",
                hint,
                path=("office",),
            )
        if office in first_file:
            yield error(
                answers.file,
                "office-answered-twice",
                f"{office} has already answered this survey in {first_file[office]}",
                "merge the two files into one",
                path=("office",),
            )
        else:
            first_file[office] = answers.file
        if respondents is not None and office not in respondents:
            yield warning(
                answers.file,
                "unlisted-respondent",
                f"{office} is not among the respondents of {source.file}",
                "add it to respondents",
                path=("office",),
            )


def check_answers(source: SurveySource, known: Known) -> Iterator[Problem]:
    """Answers name known recommendations and are on the scale (or ``no-opinion``); a ranking
    gives each rank once; a survey whose scale is not known has no answers."""
    survey = source.survey
    recommendation_set = None if known.recommendations is None else frozenset(known.recommendations)
    on_scale = {(type(v), v) for v in survey.scale or ()}
    for answers in source.answers:
        if answers.answers.answers and survey.kind is SurveyKind.RATING and survey.scale is None:
            yield error(
                answers.file,
                "no-scale",
                f"{source.file} declares no scale, so there can be no answers",
                "add the scale to the survey file",
                path=("answers",),
                at_key=True,
            )
            continue
        ranks: dict[int, str] = {}
        for rec_id, entry in answers.answers.answers.items():
            path = ("answers", rec_id)
            if recommendation_set is not None and rec_id not in recommendation_set:
                yield error(
                    answers.file,
                    "unknown-recommendation",
                    f"{rec_id} is not a known recommendation",
                    id_hint(rec_id, known.recommendations or ())
                    or "correct the id or remove the answer",
                    path=path,
                    at_key=True,
                )
                continue
            value = entry.value if isinstance(entry, Answer) else entry
            value_path = (*path, "value") if isinstance(entry, Answer) else path
            if value is None:
                yield error(
                    answers.file,
                    "empty-answer",
                    f"the answer to {rec_id} is empty",
                    f"write a value or {NO_OPINION}; leave {rec_id} out if it was not answered",
                    path=path,
                    at_key=True,
                )
            elif value != NO_OPINION and survey.kind is SurveyKind.RANKING:
                yield from _rank_problems(answers.file, rec_id, value, value_path, ranks, known)
            elif value != NO_OPINION and (type(value), value) not in on_scale:
                yield from _scale_problems(answers.file, value, survey.scale or (), value_path)


def _scale_problems(
    file: str, value: ScaleValue, scale: Sequence[ScaleValue], path: tuple[str, ...]
) -> Iterator[Problem]:
    if value in scale and any(type(value) is type(v) for v in scale):
        return
    choices = [str(v) for v in scale] + [NO_OPINION]
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and int(value) in scale:
        hint = f"write {int(value)} without quotes"
    else:
        hint = did_you_mean(value, choices) or "use one of " + ", ".join(choices)
    yield error(
        file,
        "off-scale",
        f"{value!r} is not on the scale ({', '.join(choices[:-1])})",
        hint,
        path=path,
    )


def _rank_problems(
    file: str,
    rec_id: str,
    value: ScaleValue,
    path: tuple[str, ...],
    ranks: dict[int, str],
    known: Known,
) -> Iterator[Problem]:
    if not isinstance(value, int) or value < 1:
        yield error(
            file,
            "bad-rank",
            f"{value!r} is not a rank",
            "write 1 for the first priority, 2 for the next, ...",
            path=path,
        )
    elif value in ranks:
        yield error(
            file,
            "repeated-rank",
            f"{rec_id} and {ranks[value]} are both ranked {value}",
            "give each recommendation a rank of its own",
            path=path,
        )
    elif known.recommendations is not None and value > len(known.recommendations):
        yield error(
            file,
            "bad-rank",
            f"rank {value} is beyond the {len(known.recommendations)} recommendations",
            "rank from 1 upwards",
            path=path,
        )
    else:
        ranks[value] = rec_id


SURVEY_CHECKS: tuple[SurveyCheck, ...] = (
    check_survey_id,
    check_scale,
    check_levels,
    check_levels_given,
    check_survey_references,
    check_conducted,
    check_question,
    check_respondents,
    check_answer_files,
    check_answers,
)


def check_survey(source: SurveySource, known: Known) -> list[Problem]:
    """Every problem the survey checks find in one survey folder."""
    return [problem for check in SURVEY_CHECKS for problem in check(source, known)]
