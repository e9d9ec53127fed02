"""The ``handbook`` block of ``mkdocs.yml``: its typed options, read into :class:`Settings`.

The MkDocs plugin and the CLI read the same block through the same :class:`HandbookConfig`,
so an option means the same thing in ``mkdocs build`` and in ``handbook lint``. This module
is the only one that knows both MkDocs' config classes and the rule registry (to check the
``rules:`` keys); what it produces, :class:`handbook.settings.Settings`, knows neither.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

import jsonschema_rs
import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c

from handbook.domain import phases
from handbook.finding import Severity
from handbook.gate_specs import GateConfigError, Vocabulary, read_gates
from handbook.kinds import KindCatalog, meta_problem
from handbook.parse.yaml_tree import mark_position
from handbook.relations import RelationConfigError, RelationRegistry
from handbook.schemas import JsonObject, ref_cycle
from handbook.settings import DRAFT_DAYS, EVIDENCE_DAYS, RISK_LEVELS, SLO_REVIEW_DAYS, Settings

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
PLUGIN_NAME = "handbook"


class ConfigError(Exception):
    """The configuration cannot be used; the message is one line for the user."""


class CoverageConfig(base.Config):  # type: ignore[no-untyped-call]
    """Thresholds of the coverage rules (HB5xx)."""

    risk_level = c.Choice(RISK_LEVELS, default="high")
    """Risks at or above this level need an active mitigation or an unexpired acceptance."""

    failure_mode_severity = c.Type(int, default=8)
    """Failure modes with at least this severity (1–10) need a runbook."""

    failure_mode_rpn = c.Type(int, default=200)
    """Failure modes with at least this risk priority number need a runbook."""


class FreshnessConfig(base.Config):  # type: ignore[no-untyped-call]
    """Windows of the freshness rules (HB4xx), in days, counted back from ``--today``."""

    draft_days = c.Type(int, default=DRAFT_DAYS)
    """A draft or proposal (its kind's ``draft`` statuses) open longer than this since its
    ``created`` date is reported (HB404)."""

    slo_review_days = c.Type(int, default=SLO_REVIEW_DAYS)
    """An active SLO whose ``last-reviewed`` date is older than this is reported (HB407)."""

    evidence_days = c.Type(int, default=EVIDENCE_DAYS)
    """An experiment whose newest evidence file is older than this (the day of its run:
    the entry's ``date``, else the day the file records, else the experiment's ``date``)
    is reported (HB408)."""

    runbook_rehearsal_days = c.Optional(c.Type(int))
    """An active runbook last rehearsed longer ago than this is reported (HB403). Unset: the
    runbook schema's ``rehearsal-age.gap-after-days``, the age at which the runbook
    catalog shows a rehearsal as missing."""


class RunwayConfig(base.Config):  # type: ignore[no-untyped-call]
    """Where the project is on the delivery runway."""

    phase = c.Optional(c.Choice(phases()))
    """The phase the project is in: the gates up to it must pass, later ones are upcoming.
    Not set: every gate must pass."""

    fail_build = c.Type(bool, default=False)
    """Log failing gates (at or below the phase) as warnings, so ``mkdocs build --strict``
    stops on them; otherwise they are logged as info."""


class DecisionLogsConfig(base.Config):  # type: ignore[no-untyped-call]
    """Existing decision logs: how they are written, and what to assume where they are
    silent."""

    adr_style = c.Optional(c.Choice(("nygard", "madr", "log4brains", "auto")))
    """How the ADR folders' records keep their metadata in the body; lint reads it there
    (status, date, deciders, supersession) where the frontmatter does not say."""

    default_status = c.Optional(c.Type(str))
    """The status ``handbook import`` gives a record that writes none."""

    id_prefixes = c.Type(dict, default={})
    """Id prefix per folder (relative to ``docs_dir``) for logs numbered from 1 each, e.g.
    ``{services/billing/decisions: BILL}``: import and lint derive ids with it."""


class HandbookConfig(base.Config):  # type: ignore[no-untyped-call]
    """Options of the ``handbook`` plugin entry in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it (for a quick preview build)."""

    kind_folders = c.Type(dict, default={})
    """Folders (relative to ``docs_dir``) whose documents take a kind without a ``kind:`` key,
    e.g. ``{decisions: adr}``; added to the built-in defaults. Map a folder to ``null`` to
    turn a default off."""

    id_prefixes = c.Type(dict, default={})
    """Id prefix per kind, overriding the built-in ones, e.g. ``{adr: DEC}``."""

    kinds = c.Type(dict, default={})
    """Kinds of the project's own, or replacements of built-in ones: ``name: {schema:
    path/to/kind.schema.json}`` (relative to ``mkdocs.yml``), a JSON Schema whose
    ``x-handbook`` block (id prefix, folder, phase, sections, statuses, container) may be
    given or overridden here, next to ``schema``."""

    relations = c.Type(dict, default={})
    """Extra relations (or overrides of built-in ones): ``name: {inverse, from, to}``."""

    coverage = c.SubConfig(CoverageConfig)
    """Thresholds of the coverage rules: ``risk_level``, ``failure_mode_severity``,
    ``failure_mode_rpn``."""

    freshness = c.SubConfig(FreshnessConfig)
    """Windows of the freshness rules: ``draft_days``, ``slo_review_days``,
    ``runbook_rehearsal_days``."""

    runway = c.SubConfig(RunwayConfig)
    """The phase the project is in, ``{phase: harden}``, and whether failing gates fail the
    build (``fail_build``)."""

    gates = c.Type(dict, default={})
    """Changes to the default gates, per phase: ``{PHASE: {CONDITION-ID: {…} | false}}`` adds
    a condition, tightens one (its keys replaced) or drops one."""

    rules = c.Type(dict, default={})
    """Severity per rule, by code or name: ``error``, ``warning``, ``info`` or ``ignore``."""

    exclude = c.ListOfItems(c.Type(str), default=[])
    """Glob patterns (relative to ``docs_dir``) of Markdown files that are not documents."""

    decision_logs = c.SubConfig(DecisionLogsConfig)
    """Existing decision logs: ``adr_style``, ``default_status``, ``id_prefixes`` per folder."""

    extra_frontmatter = c.ListOfItems(c.Type(str), default=[])
    """Frontmatter keys of the project's own (or its site generator's) that are not unknown
    fields (HB103), besides the MkDocs, Just the Docs and Hugo page keys already allowed."""

    templates_dir = c.Optional(c.Type(str))
    """A folder (relative to ``mkdocs.yml``) of ``KIND.md`` templates for ``handbook new``,
    used instead of the built-in ones where present."""

    prefix = c.Type(str, default="handbook")
    """Where the generated pages live in the site: the handbook home with its runway, the
    registers and the graph explorer. An empty string leaves them out."""

    nav_section = c.Type(str, default="Handbook")
    """With an explicit ``nav``, the title of the section the generated pages are added
    under (second, after a home page). An empty string adds no section."""

    nav_items = c.Type(bool, default=False)
    """With an automatic ``nav``, whether item pages (each ADR, risk, runbook…) are listed in
    it. Off by default: the registers are the navigation, and a sidebar of thousands of
    pages slows every page of the build."""

    rules_reference = c.Type(str, default="reference/rules")
    """Where the generated rules reference is published (relative to the site); an empty
    string leaves it out."""

    fail_on = c.Choice(("error", "warning", "info", "never"), default="error")
    """The lowest severity that fails ``mkdocs build`` (logged as a warning, so that
    ``--strict`` stops the build). Findings below it are logged as info."""


_PREFIX = re.compile(r"[A-Z][A-Z0-9]*")
_IGNORE_WORDS = frozenset({"ignore", "off", "none", "false"})


def settings_for_docs(docs_dir: Path, options: Mapping[str, object] | None = None) -> Settings:
    """Settings for ``docs_dir`` with plugin ``options``, as if from a ``mkdocs.yml`` in its
    parent folder (for tests, benchmarks and scripts that have no ``mkdocs.yml``)."""
    docs_dir = docs_dir.resolve()
    return settings_from_options(docs_dir.parent, docs_dir, options or {}, None)


def find_config_file(start: Path) -> Path | None:
    """The nearest ``mkdocs.yml`` in ``start`` or one of its parents."""
    for folder in (start.resolve(), *start.resolve().parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def load_settings(config_file: Path | None = None, start: Path | None = None) -> Settings:
    """Settings from ``config_file`` (or the ``mkdocs.yml`` found upward from ``start``).

    Without any ``mkdocs.yml``, the defaults apply with ``docs/`` under ``start``.
    Raises :class:`ConfigError` with a one-line message when the config is unusable.
    """
    start = start or Path.cwd()
    if config_file is None:
        config_file = find_config_file(start)
        if config_file is None:
            root = start.resolve()
            return settings_from_options(root, root / "docs", {}, None)
    elif not config_file.is_file():
        raise ConfigError(f"config file not found: {config_file}")
    raw = read_mkdocs_yaml(config_file)
    root = config_file.resolve().parent
    docs_dir = raw.get("docs_dir", "docs")
    if not isinstance(docs_dir, str):
        raise ConfigError(f"{config_file.name}: docs_dir must be a path")
    return settings_from_options(
        root, root / docs_dir, plugin_options(raw, config_file), config_file
    )


def read_mkdocs_yaml(path: Path, _seen: tuple[Path, ...] = ()) -> dict[str, object]:
    """Read ``mkdocs.yml`` as MkDocs does: tags such as ``!!python/name:`` and ``!ENV`` are
    tolerated (never executed) and ``INHERIT`` merges the parent file."""
    path = path.resolve()
    if path in _seen:
        raise ConfigError(f"{path.name}: INHERIT loops back to itself")
    if len(_seen) >= MAX_INHERIT:
        raise ConfigError(f"{path.name}: INHERIT goes more than {MAX_INHERIT} files deep")
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = yaml.load(text, Loader=_MkDocsLoader)
    except RecursionError:
        raise ConfigError(f"{path.name}: nested too deeply to be a configuration") from None
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path.name} is not valid UTF-8") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark_position(text, mark)[0] + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ConfigError(f"{path.name}{where}: invalid YAML: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path.name}: the configuration must be a mapping")
    config: dict[str, object] = data
    parent = config.pop("INHERIT", None)
    if parent is not None:
        if not isinstance(parent, str):
            raise ConfigError(f"{path.name}: INHERIT must be a file path")
        parent_path = path.parent / parent
        if not parent_path.is_file():
            raise ConfigError(f"{path.name}: INHERIT file not found: {parent}")
        config = _deep_merge(read_mkdocs_yaml(parent_path, (*_seen, path)), config)
    return config


def plugin_options(raw: Mapping[str, object], config_file: Path) -> dict[str, object]:
    """The options of the ``handbook`` entry under ``plugins:`` (empty when it has none)."""
    plugins = raw.get("plugins") or []
    if isinstance(plugins, dict):
        entries: list[object] = [{k: v} for k, v in plugins.items()]
    elif isinstance(plugins, list):
        entries = plugins
    else:
        raise ConfigError(f"{config_file.name}: plugins must be a list")
    for entry in entries:
        if entry == PLUGIN_NAME:
            return {}
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            options = entry[PLUGIN_NAME]
            if options is None:
                return {}
            if not isinstance(options, dict):
                raise ConfigError(
                    f"{config_file.name}: the handbook plugin options must be a mapping"
                )
            return options
    return {}


def validate_options(
    options: Mapping[str, object], source: str
) -> tuple[HandbookConfig, list[str]]:
    """Check ``options`` against :class:`HandbookConfig`, raising :class:`ConfigError`;
    returns the config and the warnings (unknown options, say) as lines for the user."""
    config = HandbookConfig(config_file_path=source)
    config.load_dict(dict(options))
    errors, warnings = config.validate()
    if errors:
        name, error = errors[0]
        raise ConfigError(f"{source}: plugins.handbook.{name}: {error}")
    return config, [f"{source}: plugins.handbook.{name}: {text}" for name, text in warnings]


def settings_from_options(
    root: Path, docs_dir: Path, options: Mapping[str, object], config_file: Path | None
) -> Settings:
    """Resolve validated plugin options into :class:`Settings`."""
    source = config_file.name if config_file else "handbook options"
    config, warnings = validate_options(options, source)
    settings = settings_from_config(root, docs_dir, config, config_file)
    return dataclasses.replace(settings, warnings=tuple(warnings))


def settings_from_config(
    root: Path, docs_dir: Path, config: HandbookConfig, config_file: Path | None
) -> Settings:
    """Resolve an already validated :class:`HandbookConfig` into :class:`Settings`."""
    source = config_file.name if config_file else "handbook options"
    prefixes = _string_map(config.id_prefixes, "id_prefixes", source)
    project_kinds = _project_kinds(config.kinds, root, source)
    kinds = KindCatalog.builtin(prefixes, project_kinds)
    for name in project_kinds:
        try:
            kinds.validator(name)  # compile now: a broken $ref is a config error, not a crash
        except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError) as error:
            first = str(error).splitlines()[0]
            raise ConfigError(f"{source}: plugins.handbook.kinds.{name}: {first}") from None
        cycle = ref_cycle(name, kinds.schemas)
        if cycle is not None:
            raise ConfigError(
                f"{source}: plugins.handbook.kinds.{name}: $ref cycle "
                f"{' -> '.join(cycle)} never reaches a schema"
            )
    try:
        relations = RelationRegistry.from_config(config.relations)
        relations.check_kinds(set(kinds.names()))
        _check_relation_keys(relations, kinds)
    except RelationConfigError as error:
        raise ConfigError(f"{source}: plugins.handbook.relations: {error}") from None
    folders = {
        kind.folder: kind.name
        for kind in kinds.kinds.values()
        if kind.folder and not kind.is_container
    }
    for folder, kind in config.kind_folders.items():
        folder = str(folder).strip("/")
        if kind is None:
            folders.pop(folder, None)
        elif not isinstance(kind, str) or kind not in kinds:
            raise ConfigError(
                f"{source}: plugins.handbook.kind_folders.{folder}: unknown kind {kind!r}"
                f" (known: {', '.join(kinds.names())})"
            )
        else:
            folders[folder] = kind
    try:
        gates = read_gates(Vocabulary(kinds, relations, rule_codes), config.gates)
    except GateConfigError as error:
        raise ConfigError(f"{source}: plugins.handbook.gates.{error}") from None
    return Settings(
        project_root=root.resolve(),
        docs_dir=docs_dir.resolve(),
        kinds=kinds,
        relations=relations,
        kind_folders=folders,
        configured_folders={
            str(folder).strip("/"): kind
            for folder, kind in config.kind_folders.items()
            if isinstance(kind, str)
        },
        severities=_severities(config.rules, source),
        exclude=tuple(config.exclude),
        fail_on=None if config.fail_on == "never" else Severity.parse(config.fail_on),
        config_file=config_file,
        templates_dir=(root / config.templates_dir).resolve() if config.templates_dir else None,
        risk_level=config.coverage.risk_level,
        failure_mode_severity=config.coverage.failure_mode_severity,
        failure_mode_rpn=config.coverage.failure_mode_rpn,
        draft_days=_days(config.freshness.draft_days, "draft_days", source),
        slo_review_days=_days(config.freshness.slo_review_days, "slo_review_days", source),
        evidence_days=_days(config.freshness.evidence_days, "evidence_days", source),
        runbook_rehearsal_days=(
            None
            if config.freshness.runbook_rehearsal_days is None
            else _days(config.freshness.runbook_rehearsal_days, "runbook_rehearsal_days", source)
        ),
        gates=gates,
        runway_phase=config.runway.phase,
        runway_fail_build=config.runway.fail_build,
        adr_style=config.decision_logs.adr_style,
        default_status=_default_status(config.decision_logs.default_status, kinds, source),
        folder_prefixes=_folder_prefixes(config.decision_logs.id_prefixes, source),
        extra_frontmatter=frozenset(config.extra_frontmatter),
    )


def _default_status(value: str | None, kinds: KindCatalog, source: str) -> str | None:
    adr = kinds.get("adr")
    if value is None or adr is None:
        return value
    if value not in adr.statuses:
        raise ConfigError(
            f"{source}: plugins.handbook.decision_logs.default_status: {value!r} is not an adr "
            f"status ({', '.join(adr.statuses)})"
        )
    return value


def _folder_prefixes(value: Mapping[object, object], source: str) -> dict[str, str]:
    prefixes: dict[str, str] = {}
    for folder, prefix in value.items():
        if not isinstance(prefix, str) or not _PREFIX.fullmatch(prefix):
            raise ConfigError(
                f"{source}: plugins.handbook.decision_logs.id_prefixes.{folder}: {prefix!r} is "
                "not an id prefix (upper-case letters and digits, like ADR)"
            )
        prefixes[str(folder).strip("/")] = prefix
    return prefixes


def _days(value: int, name: str, source: str) -> int:
    """A freshness window: a whole, non-negative number of days."""
    if isinstance(value, bool) or value < 0:
        raise ConfigError(f"{source}: plugins.handbook.freshness.{name}: expected days (0 or more)")
    return value


def rule_codes(key: str) -> tuple[str, ...]:
    """The codes of the rules ``key`` names: a code, a name, or a code prefix (``HB3``)."""
    from handbook.rules import ALL_RULES, RULES_BY_KEY  # the registry: only when asked

    rule = RULES_BY_KEY.get(key)
    if rule is not None:
        return (rule.code,)
    if not re.fullmatch(r"HB\d{0,2}", key.upper()):
        return ()
    return tuple(r.code for r in ALL_RULES if r.code.startswith(key.upper()))


_KIND_KEYS = frozenset(
    {"schema", "id-prefix", "folder", "phase", "title", "sections", "statuses", "container"}
)


def _project_kinds(
    declared: Mapping[object, object], root: Path, source: str
) -> dict[str, tuple[JsonObject, JsonObject]]:
    """``kinds:`` of the handbook block: each a schema file and x-handbook overrides."""
    kinds: dict[str, tuple[JsonObject, JsonObject]] = {}
    for name, body in declared.items():
        where = f"{source}: plugins.handbook.kinds.{name}"
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9-]*", name):
            raise ConfigError(f"{where}: a kind's name is lower-case words joined by '-'")
        if not isinstance(body, Mapping) or not isinstance(body.get("schema"), str):
            raise ConfigError(f"{where}: give the kind's JSON Schema file as 'schema: PATH'")
        unknown = sorted(set(body) - _KIND_KEYS)
        if unknown:
            raise ConfigError(f"{where}: unknown key '{unknown[0]}'")
        schema = _read_schema_file(root / body["schema"], body["schema"], where)
        try:
            jsonschema_rs.meta.validate(schema)
        except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError) as error:
            first = str(error).splitlines()[0]
            raise ConfigError(
                f"{where}: {body['schema']} is not a valid JSON Schema: {first}"
            ) from None
        declared_meta = schema.get("x-handbook")
        meta: JsonObject = declared_meta if isinstance(declared_meta, dict) else {}
        overrides = {key: value for key, value in body.items() if key != "schema"}
        merged = {"id-prefix": name.upper(), **meta, **overrides}
        problem = meta_problem(merged)
        if problem is not None:
            raise ConfigError(f"{where}: {problem}")
        kinds[name] = (schema, merged)
    return kinds


MAX_INHERIT = 50
"""How many files an INHERIT chain may have; real ones have one or two."""

MAX_SCHEMA_BYTES = 5_000_000
MAX_SCHEMA_DEPTH = 64
"""Limits on a project kind's schema file: far above any real schema, far below what
would exhaust the stack of the parser or the validator."""


def _read_schema_file(path: Path, name: str, where: str) -> JsonObject:
    """A project kind's schema: a regular file (never a FIFO or a device, which could block
    or never end), of bounded size and nesting, holding a JSON object."""
    try:
        if path.exists() and not path.is_file():
            raise ConfigError(f"{where}: {name} is not a regular file")
        with path.open("rb") as stream:
            raw = stream.read(MAX_SCHEMA_BYTES + 1)
    except OSError as error:
        raise ConfigError(f"{where}: cannot read {name}: {error.strerror}") from None
    if len(raw) > MAX_SCHEMA_BYTES:
        raise ConfigError(f"{where}: {name} is larger than {MAX_SCHEMA_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8")
        if _json_depth(text) > MAX_SCHEMA_DEPTH:
            raise ConfigError(f"{where}: {name} nests more than {MAX_SCHEMA_DEPTH} levels deep")
        schema = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"{where}: {name} is not JSON: {error}") from None
    if not isinstance(schema, dict):
        raise ConfigError(f"{where}: {name} is not a JSON Schema object")
    return schema


def _json_depth(text: str) -> int:
    """The deepest nesting of brackets in JSON ``text``, strings skipped; read before
    parsing, since the parser itself recurses."""
    depth = deepest = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


# A string runs to its closing quote or, unclosed, to the end: a string that failed to close
# was tried again from each quote inside it (quadratic). Valid JSON reads the same.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*+"?|[\[\]{}]', re.DOTALL)


def _check_relation_keys(relations: RelationRegistry, kinds: KindCatalog) -> None:
    """A relation declared in config may not take a key that a schema already defines."""
    builtin = RelationRegistry.from_config({}).keys
    common = kinds.schemas.get("common", {}).get("$defs", {}).get("document", {})
    fields = {
        name
        for properties in (
            common.get("properties", {}),
            *(kind.schema.get("properties", {}) for kind in kinds.kinds.values()),
        )
        for name, spec in properties.items()
        # A kind may declare its own relation's key, as a list of ids, for editors.
        if not (isinstance(spec, dict) and str(spec.get("$ref", "")).endswith("/id-list"))
    }
    for key, relation_key in relations.keys.items():
        if key in fields and key not in builtin:
            raise RelationConfigError(
                f"relation '{relation_key.relation.name}' uses the key '{key}', which is a "
                "document field; choose another name"
            )


def _severities(rules: Mapping[object, object], source: str) -> dict[str, Severity | None]:
    from handbook.rules import RULES_BY_KEY  # the registry: only for a rules: block

    result: dict[str, Severity | None] = {}
    for key, value in rules.items():
        rule = RULES_BY_KEY.get(str(key))
        if rule is None:
            raise ConfigError(f"{source}: plugins.handbook.rules: unknown rule {key!r}")
        text = str(value).lower() if value is not False else "off"
        if text in _IGNORE_WORDS:
            result[rule.code] = None
            continue
        try:
            result[rule.code] = Severity.parse(text)
        except ValueError as error:
            raise ConfigError(f"{source}: plugins.handbook.rules.{key}: {error}") from None
    return result


def _string_map(value: Mapping[object, object], name: str, source: str) -> dict[str, str]:
    result = {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}
    if len(result) != len(value):
        raise ConfigError(f"{source}: plugins.handbook.{name} must map names to text")
    return result


def _deep_merge(parent: dict[str, object], child: Mapping[str, object]) -> dict[str, object]:
    merged = dict(parent)
    for key, value in child.items():
        inherited = merged.get(key)
        if isinstance(value, Mapping) and isinstance(inherited, dict):
            merged[key] = _deep_merge(inherited, value)
        else:
            merged[key] = value
    return merged


class _MkDocsLoader(yaml.SafeLoader):
    """A safe loader that reads MkDocs' extra tags as plain values instead of failing."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = values[:-1], values[-1] if len(values) > 1 else None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return default


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_MkDocsLoader.add_constructor("!ENV", _env_tag)
_MkDocsLoader.add_multi_constructor("", _any_tag)
