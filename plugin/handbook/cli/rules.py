"""``handbook rules``: list every rule, or explain one."""

from __future__ import annotations

import click

from handbook.report.rules import rule_explained, rules_json, rules_list
from handbook.rules import ALL_RULES, RULES_BY_KEY
from handbook.suggest import did_you_mean


@click.command("rules")
@click.argument("rule", required=False)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def command(rule: str | None, output_format: str) -> None:
    """List every rule, or explain RULE (a code or name)."""
    if rule is not None and rule not in RULES_BY_KEY:
        raise click.UsageError(
            f"unknown rule {rule!r}{did_you_mean(rule, (r.name for r in ALL_RULES))}"
        )
    chosen = [RULES_BY_KEY[rule]] if rule else list(ALL_RULES)
    if output_format == "json":
        text = rules_json(chosen)
    elif rule is None:
        text = rules_list(chosen)
    else:
        text = rule_explained(chosen[0])
    click.echo(text, nl=False)
