"""The shape check of the data files: types, required and unknown keys, formats and enums.

msgspec converts each file into the model in one fast C pass; only when that fails do we walk the
data field by field, so that every shape problem of the run is reported, each in the user's
words (msgspec's own messages never reach the user) and at its key path.
"""

from __future__ import annotations

import copy
import enum
import re
import typing
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import msgspec

from roadmap_cli.model import (
    MILESTONE_PATTERN,
    OFFICE_CODE_PATTERN,
    PARTIAL_DATE_PATTERN,
    RECOMMENDATION_ID_PATTERN,
    SESSION_ID_PATTERN,
    SLUG_PATTERN,
    STANDARD_PATTERN,
    Group,
    Priority,
    Status,
)
from roadmap_cli.problems import KeyPath, Problem, did_you_mean, error

T = TypeVar("T")


RawText = Callable[[KeyPath], "str | None"]
"""The text of the scalar at a key path as written in the file (``3.10``, not ``3.1``)."""


def convert(
    data: object, file_type: type[T], file: str, raw_text: RawText | None = None
) -> tuple[T | None, list[Problem]]:
    """``data`` as ``file_type``, or None with every shape problem found in it."""
    try:
        return msgspec.convert(data, file_type, strict=True), []
    except msgspec.ValidationError:
        shape = _ShapeWalk(file, raw_text or (lambda path: None))
        problems = list(shape.problems(data, file_type, ()))
        if not problems:  # a constraint our walk does not see; report msgspec's finding, located
            problems = [shape.from_msgspec(data, file_type, ())]
        return None, problems


def salvage(data: object, file_type: type[T], problems: list[Problem]) -> T | None:
    """The parts of ``data`` that have no shape problem, as ``file_type``, or None.

    Each value a problem points at is left out (an unknown key, a bad value, a bad list item;
    a block whose own key is wrong, such as a bad id, goes whole), so that the meaning checks
    can still run on the rest: a typo in one recommendation does not hide a dependency cycle
    among the others. None when what is left does not convert either.
    """
    if not isinstance(data, dict):
        return None
    cleaned = copy.deepcopy(data)
    for path in sorted({p.path for p in problems if p.path}, key=_deepest_last, reverse=True):
        if path[-1] == "id" and len(path) > 2:  # a block without a usable id goes whole
            path = path[:-1]
        _remove(cleaned, path)
    try:
        return msgspec.convert(cleaned, file_type, strict=True)
    except msgspec.ValidationError:
        return None


def _deepest_last(path: KeyPath) -> tuple[int, tuple[str, ...]]:
    # Later list indexes first, so removing one does not shift the others still to remove.
    return (len(path), tuple(f"{k:09d}" if isinstance(k, int) else str(k) for k in path))


def _remove(value: object, path: KeyPath) -> None:
    for key in path[:-1]:
        try:
            value = value[key]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return
    last = path[-1]
    if isinstance(value, dict):
        value.pop(last, None)
    elif isinstance(value, list) and isinstance(last, int) and 0 <= last < len(value):
        del value[last]


class _ShapeWalk(msgspec.Struct, frozen=True):
    file: str
    raw_text: RawText

    def problems(self, value: object, expected: Any, path: KeyPath) -> Iterator[Problem]:
        return _shape_problems(value, expected, path, self)

    def from_msgspec(self, value: object, expected: Any, path: KeyPath) -> Problem:
        return _from_msgspec(value, expected, path, self)


def _shape_problems(
    value: object, expected: Any, path: KeyPath, walk: _ShapeWalk
) -> Iterator[Problem]:
    """Walk ``value`` against ``expected``: all unknown and missing keys, and each bad value."""
    struct = _struct_in(expected)
    if struct is not None and isinstance(value, dict):
        yield from _struct_problems(value, struct, path, walk)
        return
    mapping_types = _mapping_types(expected)
    if mapping_types is not None and isinstance(value, dict):
        yield from _mapping_problems(value, *mapping_types, path, walk)
        return
    item_type = _sequence_item(expected)
    if item_type is not None and isinstance(value, list) and _struct_in(item_type) is not None:
        for index, item in enumerate(value):
            yield from _shape_problems(item, item_type, (*path, index), walk)
        return
    try:
        msgspec.convert(value, expected, strict=True)
    except msgspec.ValidationError:
        yield _from_msgspec(value, expected, path, walk)


def _struct_problems(
    mapping: dict[Any, Any], struct: type[msgspec.Struct], path: KeyPath, walk: _ShapeWalk
) -> Iterator[Problem]:
    file = walk.file
    info = msgspec.inspect.type_info(struct)
    assert isinstance(info, msgspec.inspect.StructType)
    fields = {f.encode_name: f for f in info.fields}
    hints = typing.get_type_hints(struct, include_extras=True)
    for key in mapping:
        if key not in fields:
            yield error(
                file,
                "unknown-key",
                f"'{key}' is not a known key of {_article(struct)}",
                did_you_mean(key, list(fields)) or f"known keys: {', '.join(fields)}",
                path=(*path, key),
                at_key=True,
            )
    for name, field in fields.items():
        if name not in mapping:
            if field.required:
                yield error(
                    file,
                    "missing-key",
                    f"{_article(struct)} needs the key '{name}'",
                    f"add '{name}:'",
                    path=path,
                )
            continue
        yield from _shape_problems(mapping[name], hints[field.name], (*path, name), walk)


def _mapping_problems(
    mapping: dict[Any, Any], key_type: Any, value_type: Any, path: KeyPath, walk: _ShapeWalk
) -> Iterator[Problem]:
    """Each bad key (pointed at the key) and each bad value of a free-form mapping."""
    for key, item in mapping.items():
        try:
            msgspec.convert(key, key_type, strict=True)
        except msgspec.ValidationError:
            yield msgspec.structs.replace(
                _from_msgspec(key, key_type, (*path, key), walk), at_key=True
            )
            continue
        yield from _shape_problems(item, value_type, (*path, key), walk)


def _mapping_types(expected: Any) -> tuple[Any, Any] | None:
    """The key and value types of ``dict[K, V]`` (possibly ``| None``), else None."""
    for candidate in (expected, *typing.get_args(expected)):
        if typing.get_origin(candidate) is dict:
            key_type, value_type = typing.get_args(candidate)
            return key_type, value_type
    return None


def _article(struct: type) -> str:
    """``a recommendation``, ``a work item``, ``the recommendations file``."""
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", struct.__name__).lower()
    if words.endswith(" file"):
        return f"the {words}"
    return f"{'an' if words[0] in 'aeiou' else 'a'} {words}"


def _struct_in(expected: Any) -> type[msgspec.Struct] | None:
    """The Struct type in ``expected`` (a Struct, or ``Struct | None``), if any."""
    for candidate in (expected, *typing.get_args(expected)):
        if isinstance(candidate, type) and issubclass(candidate, msgspec.Struct):
            return candidate
    return None


def _sequence_item(expected: Any) -> Any:
    """The item type of ``tuple[X, ...]`` (possibly Annotated or ``| None``), else None."""
    for candidate in (expected, *typing.get_args(expected)):
        if typing.get_origin(candidate) is typing.Annotated:
            candidate = typing.get_args(candidate)[0]
        if typing.get_origin(candidate) in (tuple, list):
            return typing.get_args(candidate)[0]
    return None


_MSGSPEC_ERROR = re.compile(r"^(?P<what>.*?)(?: - at `\$(?P<where>[^`]*)`)?$")
_PATTERN_TEXT = {
    RECOMMENDATION_ID_PATTERN: (
        "a recommendation id",
        "write R followed by two or more digits, e.g. R07",
    ),
    SESSION_ID_PATTERN: ("a CWS session", "write CWS/ and the session number, e.g. CWS/9"),
    STANDARD_PATTERN: ("a WIPO Standard", "write ST. and the number, e.g. ST.96"),
    SLUG_PATTERN: (
        "an identifier",
        "use lower-case words joined by hyphens, e.g. xml-conversion-tool",
    ),
    OFFICE_CODE_PATTERN: ("an ST.3 office code", "write the office's two capital letters, e.g. EP"),
    PARTIAL_DATE_PATTERN: ("a date", "write YYYY-MM-DD, or YYYY-MM when only the month is known"),
    MILESTONE_PATTERN: (
        "a date or a CWS session",
        "write YYYY-MM-DD or CWS/<n>, e.g. 2023-06-30 or CWS/11",
    ),
}
_TYPE_WORDS = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "null": "null",
    "array": "a list",
    "object": "a mapping",
    "date": "a date (YYYY-MM-DD)",
}


def _from_msgspec(value: object, expected: Any, path: KeyPath, walk: _ShapeWalk) -> Problem:
    """One msgspec ValidationError, reworded for people and pointed at the offending value."""
    try:
        msgspec.convert(value, expected, strict=True)
    except msgspec.ValidationError as exc:
        match = _MSGSPEC_ERROR.match(str(exc))
        assert match is not None
        what = match["what"]
        where = (*path, *_parse_msgspec_path(match["where"] or ""))
    else:  # pragma: no cover - only called after a failed conversion
        raise AssertionError("value converts")
    bad = _value_at(value, where[len(path) :])
    if isinstance(bad, int | float):
        raw = walk.raw_text(where)
        bad = _Raw(raw) if raw is not None else bad
    return _reworded(what, bad, _field_name(where), where, walk.file)


class _Raw(str):
    """A number as the user wrote it; shown bare (3.10), not quoted."""

    def __repr__(self) -> str:
        return str(self)


def _reworded(what: str, bad: object, name: str, where: KeyPath, file: str) -> Problem:
    def fail(message: str, hint: str, code: str = "wrong-type") -> Problem:
        return error(file, code, message, hint, path=where)

    if m := re.match(r"Expected `str` matching regex '(.*)'", what):
        kind, hint = _PATTERN_TEXT.get(m[1].replace("\\\\", "\\"), ("valid", f"match {m[1]}"))
        return fail(f"{bad!r} is not {kind}", hint, "bad-format")
    if m := re.match(r"Invalid enum value (.*)", what):
        return fail(f"{name} cannot be {m[1]}", _enum_hint(name), "bad-value")
    if what.startswith("Invalid RFC3339 encoded date") or what.startswith("Invalid date"):
        return fail(
            f"{bad!r} is not a valid date",
            "write a real date as YYYY-MM-DD, e.g. 2021-11-01",
            "bad-date",
        )
    if m := re.match(r"Expected `(.*)`, got `(.*)`", what):
        wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in m[1].split(" | "))
        got = m[2]
        hint = f"write {wanted}"
        if not where:
            return fail(
                f"the file should be a mapping of keys, not {_describe(bad)}",
                "start it with the top-level keys, e.g. 'recommendations:'",
            )
        if "str" in m[1] and got in ("int", "float", "bool"):
            kind = "a boolean" if got == "bool" else "a number"
            hint = f"YAML reads {bad} as {kind}; write '{bad}' in quotes to keep it as text"
        elif got == "str" and _enum_choices(name) is not None:
            hint = _enum_hint(name)
        elif got == "str" and "int" in m[1] and isinstance(bad, str) and bad.lstrip("-+").isdigit():
            hint = f"write the number without leading zeros, e.g. {int(bad)}"
        elif got == "str" and "bool" in m[1]:
            hint = "write true or false (YAML 1.2 does not read yes/no/on/off as booleans)"
        return fail(f"{name} should be {wanted}, not {_describe(bad)}", hint)
    if m := re.match(r"Expected `array` of length >= (\d+)", what):
        return fail(
            f"{name} needs at least {m[1]} entries, not {len(bad) if isinstance(bad, list) else 0}",
            "add the missing entries",
            "bad-value",
        )
    if m := re.match(r"Expected `(.*)` (>=|<=|of length >=|of length <=) (\d+)", what):
        return fail(
            f"{name} must be {m[2]} {m[3]}, not {_describe(bad)}", "correct the value", "bad-value"
        )
    return fail(f"{name}: {what[0].lower()}{what[1:]}", "correct the value")


_NULLABLE_ENUM_BY_FIELD: dict[str, type[enum.Enum]] = {
    "group": Group,
    "priority": Priority,
    "status": Status,
}


def _enum_choices(name: str) -> type[enum.Enum] | None:
    from roadmap_cli.surveys import SurveyKind  # surveys imports this module

    return _NULLABLE_ENUM_BY_FIELD.get(name) or {"kind": SurveyKind}.get(name)


def _enum_hint(name: str) -> str:
    choices = _enum_choices(name)
    if choices is None:
        return "use one of the documented values"
    values = ", ".join(str(c.value) for c in choices)
    return f"use one of {values}" + (", or null" if name in _NULLABLE_ENUM_BY_FIELD else "")


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true/false" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "null"
    return repr(value) if isinstance(value, str) else str(value)


def _parse_msgspec_path(text: str) -> KeyPath:
    return tuple(
        int(index) if index else key for key, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", text)
    )


def _value_at(value: object, path: KeyPath) -> object:
    for step in path:
        try:
            value = value[step]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _field_name(path: KeyPath) -> str:
    names = [step for step in path if isinstance(step, str)]
    return names[-1] if names else "the file"
