"""Read and validate checklist template files (`checklists/*.toml`) into `ChecklistTemplate`s.

The format is described in `docs/checklist-format.md`. Validation reports every problem it finds,
each with the file, the line where it can be found and the item path, so a template author can
fix a whole file in one pass.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from mutual_checklist.domain.models import (
    BarrierCategory,
    Basis,
    ChecklistTemplate,
    Deadline,
    Duration,
    Gate,
    GlossaryTerm,
    LeadTime,
    OwnerRole,
    Phase,
    ProfileCondition,
    Source,
    StakeholderType,
    StepVariant,
    TemplateStep,
    Timing,
    Treatment,
    TypicalBarrier,
)
from mutual_checklist.domain.profile import NATIONS, PARENTS
from mutual_checklist.domain.template_locator import TemplateLocator

SUPPORTED_FORMAT_VERSIONS = (1,)

# What each kind of value must be, as said in messages ("expected a string, got an integer").
_KINDS = {"str": "a string", "int": "an integer", "num": "a number", "bool": "true or false",
          "strs": "a list of strings", "table": "a table", "tables": "an array of tables"}
_Fields = dict[str, tuple[str, bool]]  # key -> (kind, required), kind being a key of _KINDS


def _fields(spec: str) -> _Fields:
    """Read a field list written as `key:kind`, with `?` after the key if it is optional."""
    pairs = (item.split(":") for item in spec.split())
    return {key.rstrip("?"): (kind, not key.endswith("?")) for key, kind in pairs}


# phases is optional here because "no phases" has its own message
_TOP = _fields("format_version:int id:str version:str title:str short_title:str source:str "
               "summary:str disclaimer:str sources?:tables owner_roles?:tables "
               "barrier_categories?:tables typical_barriers?:tables stakeholder_types?:tables "
               "gates?:tables glossary?:tables phases?:tables checked_on?:str")
_TABLES = {
    "sources": _fields("key:str title:str organisation:str year:int note?:str url?:str"),
    "owner_roles": _fields("id:str title:str"),
    "barrier_categories": _fields("id:str title:str goes_wrong:str mitigations:str stages:strs"),
    "typical_barriers": _fields("id:str category:str title:str description:str likelihood:int "
                                "impact:int mitigation:str treatment:str"),
    "stakeholder_types": _fields("id:str title:str needs:str stages:strs"),
    "gates": _fields("id:str title:str decider:str criteria:strs"),
    "glossary": _fields("term:str definition:str aliases?:strs"),
    "phases": _fields("id:str title:str purpose:str parallel?:bool steps?:tables"),
}
_STEP = _fields("id:str title:str group?:str guidance:str barriers:strs owner:str co_owners?:strs "
                "gate?:str depends_on?:strs timing:table timing_note?:str references?:strs "
                "basis:str evidence?:str legal?:bool checked_on?:str applies?:table "
                "not_applicable?:str variants?:tables duration?:table lead_time?:table "
                "deadline?:table")
_TIMING = _fields("from_week:int to_week:int")
_CONDITION = _fields("nation?:strs parent?:strs regulated_care?:bool runs_vehicles?:bool")
_VARIANT = _fields("when:table guidance:str")
# Planning fields (all optional): working weeks, and where a time limit comes from.
_PLANNING = {"duration": _fields("typical:num minimum:num"),
             "lead_time": _fields("weeks:num source:str why:str"),
             "deadline": _fields("before_go_live_days:int source:str why:str")}

_ID = (re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$"), "use letters, digits, '-' and '_'")
_SOURCE_KEY = (re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./-]*$"),  # e.g. EOT/OWNERSHIP
               "use letters, digits, '-', '_', '.' and '/'")
# (array name, id key, what the id is called, syntax) for every kind whose ids must be unique
_ID_KINDS = (
    ("sources", "key", "source key", _SOURCE_KEY),
    ("owner_roles", "id", "owner role id", _ID),
    ("barrier_categories", "id", "barrier category id", _ID),
    ("typical_barriers", "id", "typical barrier id", _ID),
    ("stakeholder_types", "id", "stakeholder type id", _ID),
    ("gates", "id", "gate id", _ID),
    ("phases", "id", "phase id", _ID),
)
_TEMPLATE_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VERSION_RE = re.compile(r"^\d+\.\d+\.\d+$")
_TOML_POSITION_RE = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$")
_BASES = tuple(basis.value for basis in Basis)
_TREATMENTS = tuple(treatment.value for treatment in Treatment)

# A finding before it has a file and line: (item path, message).
_Found = tuple[str, str]


@dataclass(frozen=True)
class TemplateProblem:
    """One thing wrong with a template file."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return ": ".join(part for part in (where, self.path, self.message) if part)


class TemplateError(Exception):
    """A template file could not be used; `problems` lists everything wrong with it."""

    def __init__(self, problems: Iterable[TemplateProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# --- public API ----------------------------------------------------------------------------------


def validate_template_text(text: str, file_name: str) -> list[TemplateProblem]:
    """Check a template's TOML text against the format.

    Args:
        text: the file's contents.
        file_name: the name to show in problems (usually the path as the user gave it).

    Returns:
        Every problem found, ordered by line (problems without a line last); empty if valid.
    """
    return _validate(text, file_name)[0]


def _validate(text: str, file_name: str) -> tuple[list[TemplateProblem], dict | None]:
    """Problems and the parsed data, so a valid file is parsed only once."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return [_syntax_problem(error, text, file_name)], None
    found = list(_check(data))
    if not found:
        return [], data
    locator = TemplateLocator(text)  # lines are looked up only when there is something to say
    problems = [TemplateProblem(file_name, locator.line_of(path), path, message)
                for path, message in found]
    return sorted(problems, key=lambda problem: (problem.line is None, problem.line or 0)), data


def parse_template_text(text: str, file_name: str) -> ChecklistTemplate:
    """Validate a template's TOML text and build the template.

    Raises:
        TemplateError: if the text has any problem.
    """
    problems, data = _validate(text, file_name)
    if problems or data is None:
        raise TemplateError(problems)
    return _build(data)


def load_template(path: Path) -> ChecklistTemplate:
    """Read, validate and build the template in `path` (UTF-8, an optional BOM is ignored).

    Raises:
        TemplateError: if the file is not UTF-8 or has any problem.
        OSError: if the file cannot be read.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TemplateError(
            [TemplateProblem(str(path), None, "", f"not a UTF-8 text file ({error.reason})")]
        ) from error
    return parse_template_text(text, str(path))


# --- validation ----------------------------------------------------------------------------------


def _check(data: dict[str, Any]) -> list[_Found]:
    version = data.get("format_version")
    if _is_int(version) and version not in SUPPORTED_FORMAT_VERSIONS:
        # Another format's rules are unknown, so checking anything else would only add noise.
        supported = ", ".join(map(str, SUPPORTED_FORMAT_VERSIONS))
        message = f"unsupported format_version {version} (supported: {supported})"
        return [("format_version", message)]
    found: list[_Found] = []
    for rule in (_check_shape, _check_not_empty, _check_ids, _check_references, _check_gates,
                 _check_cycles, _check_values, _check_legal_and_profile):
        rule(data, found)
    return found


def _check_shape(data: dict[str, Any], found: list[_Found]) -> None:
    """Required keys, types and unknown keys, for every table in the file."""
    _check_fields(data, _TOP, "", found)
    for name, fields in _TABLES.items():
        for path, item in _items(data, name):
            _check_fields(item, fields, path, found)
    for path, step in _steps(data):
        _check_fields(step, _STEP, path, found)
        if isinstance(step.get("timing"), dict):
            _check_fields(step["timing"], _TIMING, f"{path}.timing", found)
        for key, fields in (("applies", _CONDITION), *_PLANNING.items()):
            if isinstance(step.get(key), dict):
                _check_fields(step[key], fields, f"{path}.{key}", found)
        for variant_path, variant in _items(step, "variants", path):
            _check_fields(variant, _VARIANT, variant_path, found)
            if isinstance(variant.get("when"), dict):
                _check_fields(variant["when"], _CONDITION, f"{variant_path}.when", found)


def _check_fields(table: dict[str, Any], fields: _Fields, path: str, found: list[_Found]) -> None:
    for key, (kind, required) in fields.items():
        if key not in table:
            if required:
                found.append((path, f"missing required key '{key}'"))
        else:
            _check_type(table[key], kind, _join(path, key), found)
            if required and isinstance(table[key], str) and not table[key].strip():
                found.append((_join(path, key), f"'{key}' is empty"))
    for key in table:
        if key not in fields:
            hint = difflib.get_close_matches(key, list(fields), n=1)
            found.append((_join(path, key), f"unknown key '{key}'"
                          + (f" (did you mean '{hint[0]}'?)" if hint else "")))


def _check_type(value: Any, kind: str, path: str, found: list[_Found]) -> None:
    if kind == "strs" and isinstance(value, list):
        for index, item in enumerate(value):
            if not isinstance(item, str):
                found.append((f"{path}[{index}]", f"expected a string, got {_kind_of(item)}"))
    elif kind == "tables" and isinstance(value, list):
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                found.append((f"{path}[{index}]", f"expected a table, got {_kind_of(item)}"))
    elif not _has_kind(value, kind):
        found.append((path, f"expected {_KINDS[kind]}, got {_kind_of(value)}"))


def _check_not_empty(data: dict[str, Any], found: list[_Found]) -> None:
    """A template needs phases, a phase needs steps, a step needs barriers."""
    if not data.get("phases"):
        found.append(("phases", "the template has no phases"))
    for path, phase in _items(data, "phases"):
        if not phase.get("steps"):
            found.append((path, f"phase '{_str(phase, 'id')}' has no steps"))
    for path, step in _steps(data):
        if step.get("barriers") == []:
            found.append((f"{path}.barriers", "a step needs at least one barrier category"))


def _check_ids(data: dict[str, Any], found: list[_Found]) -> None:
    """Id syntax, and ids unique within their kind (step ids across the whole template)."""
    template_id, version = _str(data, "id"), _str(data, "version")
    if template_id and not _TEMPLATE_ID_RE.match(template_id):
        found.append(("id", f"bad template id '{template_id}': "
                            "use lower-case letters, digits and '-'"))
    if version and not _VERSION_RE.match(version):
        found.append(("version", f"bad version '{version}': use MAJOR.MINOR.PATCH, e.g. 1.0.0"))
    for name, key, label, syntax in _ID_KINDS:
        _check_unique(((f"{path}.{key}", _str(item, key)) for path, item in _items(data, name)),
                      label, syntax, found)
    _check_unique(((f"{path}.id", _str(step, "id")) for path, step in _steps(data)), "step id",
                  _ID, found)
    _check_glossary_terms(data, found)


def _check_unique(entries: Iterable[tuple[str, str | None]], label: str,
                  syntax: tuple[re.Pattern[str], str], found: list[_Found]) -> None:
    first: dict[str, str] = {}
    for path, value in entries:
        if not value:
            continue  # missing or empty: reported by the shape check
        if not syntax[0].match(value):
            found.append((path, f"bad {label} '{value}': {syntax[1]}"))
        elif value in first:
            found.append((path, f"duplicate {label} '{value}' (first at {first[value]})"))
        else:
            first[value] = path


def _check_glossary_terms(data: dict[str, Any], found: list[_Found]) -> None:
    first: dict[str, str] = {}
    for path, entry in _items(data, "glossary"):
        names = [(f"{path}.term", _str(entry, "term"))]
        names += [(f"{path}.aliases{suffix}", alias) for suffix, alias in _refs(entry, "aliases")]
        for name_path, name in names:
            if not name:
                continue
            if name.casefold() in first:
                found.append((name_path, f"duplicate glossary term '{name}' "
                                         f"(first at {first[name.casefold()]})"))
            else:
                first[name.casefold()] = name_path


def _check_references(data: dict[str, Any], found: list[_Found]) -> None:
    """Every barrier category, owner role, gate, source, step and phase named exists."""
    categories = _ids(data, "barrier_categories", "id")
    roles, phases = _ids(data, "owner_roles", "id"), _ids(data, "phases", "id")
    steps = {step_id for _, step in _steps(data) if (step_id := _str(step, "id")) is not None}
    checks = (("barriers", categories, "barrier category"), ("owner", roles, "owner role"),
              ("co_owners", roles, "owner role"), ("gate", _ids(data, "gates", "id"), "gate"),
              ("references", _ids(data, "sources", "key"), "source key"),
              ("depends_on", steps, "step"))
    for path, step in _steps(data):
        for key, known, label in checks:
            _check_known(step, key, known, label, path, found)
        for key in ("lead_time", "deadline"):
            if isinstance(step.get(key), dict):
                _check_known(step[key], "source", _ids(data, "sources", "key"), "source key",
                             f"{path}.{key}", found)
    for path, barrier in _items(data, "typical_barriers"):
        _check_known(barrier, "category", categories, "barrier category", path, found)
    for name in ("barrier_categories", "stakeholder_types"):
        for path, item in _items(data, name):
            _check_known(item, "stages", phases, "phase", path, found)


def _check_known(table: dict[str, Any], key: str, known: set[str], label: str,
                 path: str, found: list[_Found]) -> None:
    for suffix, value in _refs(table, key):
        if value not in known:
            found.append((f"{path}.{key}{suffix}", f"unknown {label} '{value}'"))


def _check_gates(data: dict[str, Any], found: list[_Found]) -> None:
    """Every gate is named by exactly one step."""
    users: dict[str, str] = {}
    for path, step in _steps(data):
        gate = _str(step, "gate")
        if gate is None:
            continue
        if gate in users:
            found.append((f"{path}.gate", f"gate '{gate}' is already used by step {users[gate]}; "
                                          "each gate belongs to exactly one step"))
        else:
            users[gate] = _str(step, "id") or path
    for path, item in _items(data, "gates"):
        gate_id = _str(item, "id")
        if gate_id is not None and gate_id not in users:
            found.append((path, f"gate '{gate_id}' is not used by any step"))


def _check_cycles(data: dict[str, Any], found: list[_Found]) -> None:
    """Report each dependency cycle once, at the step where the search re-entered it."""
    graph: dict[str, list[str]] = {}
    where: dict[str, str] = {}
    for path, step in _steps(data):
        step_id = _str(step, "id")
        if step_id is not None and step_id not in graph:
            graph[step_id] = [value for _, value in _refs(step, "depends_on")]
            where[step_id] = f"{path}.depends_on"
    done: set[str] = set()
    for start in graph:
        if start in done:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(graph[start]))]
        while stack:
            node, todo = stack[-1]
            following = next(todo, None)
            if following is None:
                done.add(node)
                stack.pop()
            elif following in (trail := [step_id for step_id, _ in stack]):
                cycle = trail[trail.index(following):] + [following]
                found.append((where[following], "dependency cycle: " + " -> ".join(cycle)))
            elif following in graph and following not in done:
                stack.append((following, iter(graph[following])))


def _check_values(data: dict[str, Any], found: list[_Found]) -> None:
    """Scores, treatments, bases and timing windows."""
    for path, barrier in _items(data, "typical_barriers"):
        for key in ("likelihood", "impact"):
            value = barrier.get(key)
            if _is_int(value) and not 1 <= value <= 5:
                found.append((f"{path}.{key}", f"{key} must be from 1 to 5, not {value}"))
        _check_choice(barrier, "treatment", _TREATMENTS, path, found)
    for path, step in _steps(data):
        _check_choice(step, "basis", _BASES, path, found)
        timing = step.get("timing")
        if isinstance(timing, dict) and _is_int(start := timing.get("from_week")) \
                and _is_int(end := timing.get("to_week")) and start > end:
            found.append((f"{path}.timing", f"from_week ({start}) is after to_week ({end})"))
        _check_planning(step, path, found)


def _check_planning(step: dict[str, Any], path: str, found: list[_Found]) -> None:
    """Durations and lead times are more than zero weeks; a minimum is not above the typical."""
    numbers = (("duration", "typical"), ("duration", "minimum"), ("lead_time", "weeks"),
               ("deadline", "before_go_live_days"))
    for table, key in numbers:
        value = step.get(table, {}).get(key) if isinstance(step.get(table), dict) else None
        if _is_number(value) and value <= 0:
            found.append((f"{path}.{table}.{key}", f"{key} must be more than 0, not {value}"))
    duration = step.get("duration")
    if isinstance(duration, dict) and _is_number(typical := duration.get("typical")) \
            and _is_number(minimum := duration.get("minimum")) and minimum > typical:
        found.append((f"{path}.duration", f"minimum ({minimum}) is more than typical ({typical})"))


def _check_legal_and_profile(data: dict[str, Any], found: list[_Found]) -> None:
    """Dates are real dates; a legal step is sourced and dated; profile conditions make sense."""
    _check_date(data, "checked_on", "", found)
    for path, step in _steps(data):
        _check_date(step, "checked_on", path, found)
        if step.get("legal") is True:
            if not step.get("references"):
                found.append((path, "a legal step needs its sources in 'references'"))
            if "checked_on" not in step:
                found.append((path, "a legal step needs a 'checked_on' date (YYYY-MM-DD)"))
        if ("applies" in step) != ("not_applicable" in step):
            found.append((path, "'applies' and 'not_applicable' (the reason shown to projects "
                                "the step is not for) go together"))
        conditions = [(f"{path}.applies", step.get("applies"))]
        conditions += [(f"{p}.when", v.get("when")) for p, v in _items(step, "variants", path)]
        for cond_path, condition in conditions:
            if isinstance(condition, dict):
                _check_condition(condition, cond_path, found)


def _check_condition(condition: dict[str, Any], path: str, found: list[_Found]) -> None:
    if not condition:
        found.append((path, "an empty condition; name at least one profile setting"))
    for key, allowed in (("nation", NATIONS), ("parent", PARENTS)):
        _check_known(condition, key, set(allowed), key, path, found)


def _check_date(table: dict[str, Any], key: str, path: str, found: list[_Found]) -> None:
    value = _str(table, key)
    if value is None:
        return
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        found.append((_join(path, key), f"'{value}' is not a date; use YYYY-MM-DD"))


def _check_choice(table: dict[str, Any], key: str, allowed: tuple[str, ...], path: str,
                  found: list[_Found]) -> None:
    value = _str(table, key)
    if value is not None and value not in allowed:
        found.append((f"{path}.{key}", f"{key} '{value}' is not one of: {', '.join(allowed)}"))


# --- helpers -------------------------------------------------------------------------------------


def _syntax_problem(error: tomllib.TOMLDecodeError, text: str, file_name: str) -> TemplateProblem:
    message = str(error)
    match = _TOML_POSITION_RE.search(message)
    line: int | None = None
    if match:
        message = message[: match.start()]
        line = int(match.group(1)) if match.group(1) else max(1, len(text.rstrip("\n").split("\n")))
    return TemplateProblem(file_name, line, "", f"TOML syntax error: {message}")


def _items(table: dict[str, Any], name: str, parent: str = "") -> list[tuple[str, dict[str, Any]]]:
    """The well-formed items of an array of tables, with their paths."""
    value = table.get(name)
    if not isinstance(value, list):
        return []
    base = _join(parent, name)
    return [(f"{base}[{i}]", item) for i, item in enumerate(value) if isinstance(item, dict)]


def _steps(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for phase_path, phase in _items(data, "phases"):
        yield from _items(phase, "steps", phase_path)


def _refs(table: dict[str, Any], key: str) -> list[tuple[str, str]]:
    """The string value(s) of a string or list-of-strings key, each with its path suffix."""
    value = table.get(key)
    if isinstance(value, str):
        return [("", value)]
    if isinstance(value, list):
        return [(f"[{i}]", item) for i, item in enumerate(value) if isinstance(item, str)]
    return []


def _ids(data: dict[str, Any], name: str, key: str) -> set[str]:
    return {value for _, item in _items(data, name) if (value := _str(item, key)) is not None}


def _str(table: dict[str, Any], key: str) -> str | None:
    value = table.get(key)
    return value if isinstance(value, str) else None


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _has_kind(value: Any, kind: str) -> bool:
    if kind == "int":
        return _is_int(value)
    if kind == "num":
        return _is_number(value)
    return isinstance(value, {"str": str, "bool": bool, "table": dict}.get(kind, list))


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    names = ((str, "a string"), (int, "an integer"), (float, "a decimal number"),
             (list, "a list"), (dict, "a table"))
    return next((name for type_, name in names if isinstance(value, type_)), "a date or time")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# --- building ------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """TOML value -> model value: lists become tuples and text loses surrounding blank lines."""
    if isinstance(value, list):
        return tuple(value)
    return value.strip() if isinstance(value, str) else value


def _build_all(data: dict[str, Any], name: str, model: Any) -> tuple[Any, ...]:
    """Build the items of a reference table whose keys are the model's field names."""
    return tuple(model(**{k: _plain(v) for k, v in item.items()}) for item in data.get(name, ()))


def _build(data: dict[str, Any]) -> ChecklistTemplate:
    """Build the template from data that has passed validation."""
    top = {key: _plain(data[key]) for key, (kind, _) in _TOP.items()
           if kind != "tables" and key in data}
    top["checked_on"] = _date(data.get("checked_on"))
    return ChecklistTemplate(
        **top, phases=tuple(_build_phase(phase) for phase in data["phases"]),
        sources=_build_all(data, "sources", Source),
        owner_roles=_build_all(data, "owner_roles", OwnerRole),
        barrier_categories=_build_all(data, "barrier_categories", BarrierCategory),
        typical_barriers=_build_all(data, "typical_barriers", TypicalBarrier),
        stakeholder_types=_build_all(data, "stakeholder_types", StakeholderType),
        gates=_build_all(data, "gates", Gate),
        glossary=_build_all(data, "glossary", GlossaryTerm),
    )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _condition(table: dict[str, Any]) -> ProfileCondition:
    return ProfileCondition(**{k: _plain(v) for k, v in table.items()})


_NOT_BUILT = ("timing", "timing_note", "applies", "variants", "checked_on", *_PLANNING)


def _build_phase(phase: dict[str, Any]) -> Phase:
    steps = []
    for step in phase["steps"]:
        fields = {k: _plain(v) for k, v in step.items() if k not in _NOT_BUILT}
        fields["basis"] = Basis(step["basis"])
        fields["checked_on"] = _date(step.get("checked_on"))
        fields["applies"] = _condition(step["applies"]) if "applies" in step else None
        fields["variants"] = tuple(StepVariant(_condition(v["when"]), _plain(v["guidance"]))
                                   for v in step.get("variants", ()))
        for key, model in (("duration", Duration), ("lead_time", LeadTime),
                           ("deadline", Deadline)):
            if key in step:
                fields[key] = model(**{k: _plain(v) for k, v in step[key].items()})
        timing = Timing(step["timing"]["from_week"], step["timing"]["to_week"],
                        _plain(step.get("timing_note", "")))
        steps.append(TemplateStep(**fields, timing=timing, phase_id=phase["id"]))
    return Phase(phase["id"], _plain(phase["title"]), _plain(phase["purpose"]), tuple(steps),
                 phase.get("parallel", False))
