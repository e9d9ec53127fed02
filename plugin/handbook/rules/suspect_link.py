"""HB215: a link whose target changed meaning since someone confirmed it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from handbook.finding import Finding, Severity
from handbook.references import Reference
from handbook.rules.rule import LintContext, Rule
from handbook.stamps import LOCK_FILE, Lock, changed_parts, link_key, parse_lock, stamp_of


def read_lock(context: LintContext) -> Lock:
    """The run's lock file: the corpus's own text (a git revision), else the file in the
    project root (none: nothing tracked)."""
    text = context.corpus.links_lock
    if text is None:
        path = context.settings.project_root / LOCK_FILE
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Lock()
        except (OSError, UnicodeDecodeError) as error:
            return Lock(problem=f"cannot be read: {getattr(error, 'strerror', None) or error}")
    return parse_lock(text)


@dataclass(frozen=True, slots=True)
class Suspect:
    """A suspect link: the reference that writes it, and the parts of its target's meaning
    that changed since it was confirmed."""

    reference: Reference
    changed: tuple[str, ...]

    @property
    def writer(self) -> str:
        return self.reference.writer.id or ""

    @property
    def target(self) -> str:
        return self.reference.target_id


def suspect_links(context: LintContext) -> list[Suspect]:
    """Every confirmed link whose target's stamp differs from the one confirmed, in the
    order the references are written."""
    lock = read_lock(context)
    if not lock.stamps:
        return []
    keys = context.settings.relations.keys
    current: dict[str, dict[str, str]] = {}
    found = []
    for reference in context.references:
        writer = reference.writer.id
        if writer is None:
            continue
        stamped = lock.stamps.get(link_key(writer, reference.key, reference.target_id))
        target = context.resolve(reference.target_id) if stamped is not None else None
        if stamped is None or target is None:
            continue
        now = current.get(reference.target_id)
        if now is None:
            now = current[reference.target_id] = stamp_of(target, keys)
        changed = changed_parts(stamped, now)
        if changed:
            found.append(Suspect(reference, tuple(changed)))
    return found


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for suspect in suspect_links(context):
        reference = suspect.reference
        yield rule.finding(
            reference.writer.document,
            reference.position,
            f"{reference.key}: {suspect.target} changed since this link was "
            f"confirmed ({', '.join(suspect.changed)}); re-read it, then run "
            f"'handbook review {suspect.writer} --target {suspect.target}'",
            suspect.writer,
        )


RULE = Rule(
    code="HB215",
    name="suspect-link",
    severity=Severity.WARNING,
    summary="A link's target changed its meaning since the link was last confirmed.",
    rationale=(
        "A decision that mitigates a risk was written for the risk as it was. When the "
        "risk's impact, statement or body changes, the decision may no longer answer it. "
        f"The link stays suspect until someone re-reads the target and confirms it with "
        f"'handbook review', which records the target's fingerprint in {LOCK_FILE}; links "
        "never confirmed are not tracked."
    ),
    bad=(
        "---\nid: ADR-0003\nmitigates: [RISK-001]   # RISK-001's impact went from moderate "
        "to severe after the stamp\n---"
    ),
    good="---\nid: ADR-0003\nmitigates: [RISK-001]   # confirmed: handbook review ADR-0003\n---",
    check=check,
)
