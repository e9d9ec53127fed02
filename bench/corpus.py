"""Generate a realistic, deterministic handbook of N documents for the benchmark.

The corpus looks like a real team's repository: mostly decision records, then risks (alone
and in registers), runbooks, failure modes and FMEAs, threat models, and a few SLOs, release
plans and experiments. Relations only point at ids that exist, statuses agree with the
graph (a superseded decision has a successor), and about 2 % of the documents carry one
deliberate problem (a status typo, a dangling reference, a TODO, ...) so that the rules that
report findings run too.

The same ``(n, seed, flavor)`` always gives the same files, byte for byte.

Flavors (``FLAVORS``), each like a repository the benchmark's kind corpus is not:

- ``clean``: the corpus above (2 % of the documents with a problem);
- ``findings``: four documents in ten carry a problem, as the first run on an existing
  repository does: unknown fields, missing required fields, dangling references, headings
  that differ from titles;
- ``containers``: one document in a hundred is a risk register of 500 risks;
- ``long``: every body is about 20 KB of Markdown, with code blocks and tables.

Usage: ``python bench/corpus.py N OUT_DIR [--seed S] [--flavor F]`` writes
``OUT_DIR/mkdocs.yml`` and the documents under ``OUT_DIR/docs``.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

GENERATOR_VERSION = 1

# Share of the documents per kind (landing pages come on top of these, out of the same N).
MIX = {
    "adr": 0.40,
    "risk": 0.15,
    "risk-register": 0.015,
    "runbook": 0.12,
    "failure-mode": 0.10,
    "fmea": 0.03,
    "threat-model": 0.06,
    "threat": 0.045,
    "slo": 0.04,
    "release-plan": 0.02,
    "experiment": 0.02,
}
PROBLEM_RATE = 0.02

FLAVORS = ("clean", "findings", "containers", "long")
FINDINGS_RATE = 0.40
"""Share of the documents with a problem in the ``findings`` flavor."""
FINDINGS_PROBLEMS = ["unknown-field", "missing-field", "dangling-reference", "title-mismatch"]
BIG_REGISTER_RATE = 0.01
BIG_REGISTER_ENTRIES = 500
LONG_BODY_BYTES = 20_000

FOLDERS = {
    "adr": "decisions",
    "risk": "risks",
    "risk-register": "risks",
    "runbook": "runbooks",
    "failure-mode": "failure-modes",
    "fmea": "failure-modes",
    "threat-model": "threats",
    "threat": "threats",
    "slo": "slos",
    "release-plan": "releases",
    "experiment": "experiments",
}
PREFIX = {
    "adr": "ADR",
    "risk": "RISK",
    "risk-register": "RR",
    "runbook": "RB",
    "failure-mode": "FM",
    "fmea": "FMEA",
    "threat-model": "TM",
    "threat": "THR",
    "slo": "SLO",
    "release-plan": "REL",
    "experiment": "EXP",
}
WIDTH = {"adr": 4}

# (relation, inverse, source kinds, target kinds), as in builtin_relations.yml.
RELATIONS = {
    "supersedes": "superseded-by",
    "mitigates": "mitigated-by",
    "introduces": "introduced-by",
    "causes": "caused-by",
    "handled-by": "handles",
    "detected-by": "detects",
    "verified-by": "verifies",
    "gated-by": "gates",
    "relates-to": "relates-to",
}

# --- vocabulary --------------------------------------------------------------------------

SERVICES = [
    "payments",
    "checkout",
    "search",
    "identity",
    "notifications",
    "ledger",
    "catalog",
    "shipping",
    "billing",
    "analytics",
    "gateway",
    "scheduler",
    "reporting",
    "inventory",
    "pricing",
    "onboarding",
    "fraud",
    "messaging",
    "media",
    "accounts",
]
TEAMS = [f"team-{s}" for s in SERVICES] + ["platform", "sre", "security", "data-platform"]
PEOPLE = [
    "alice.martin",
    "bob.nguyen",
    "chen.wei",
    "dara.okafor",
    "elena.rossi",
    "farid.haddad",
    "grace.kim",
    "hugo.lefevre",
    "ines.silva",
    "jonas.berg",
    "kavya.iyer",
    "liam.oconnor",
    "maria.garcia",
    "noah.schmidt",
    "olga.petrova",
    "pablo.ruiz",
    "qi.zhang",
    "rosa.mendes",
    "sam.taylor",
    "tariq.aziz",
    "uma.patel",
    "victor.dubois",
    "wen.li",
    "yusuf.demir",
]
TECH = [
    "Postgres",
    "Kafka",
    "Redis",
    "S3",
    "Elasticsearch",
    "Envoy",
    "gRPC",
    "GraphQL",
    "Terraform",
    "Kubernetes",
    "DynamoDB",
    "RabbitMQ",
    "OpenTelemetry",
    "Prometheus",
    "Vault",
    "Argo CD",
    "Temporal",
    "ClickHouse",
    "Debezium",
    "NATS",
    "Istio",
    "Flink",
]
PURPOSES = [
    "the settlement queue",
    "session storage",
    "the audit log",
    "feature flags",
    "service discovery",
    "event sourcing",
    "search indexing",
    "rate limiting",
    "secrets management",
    "batch exports",
    "tracing",
    "the outbox pattern",
    "schema migrations",
    "cache invalidation",
    "webhook delivery",
    "tenant isolation",
    "idempotency keys",
    "read replicas",
    "config rollout",
    "blue-green deploys",
]
VERBS = [
    "Use",
    "Adopt",
    "Introduce",
    "Replace the legacy stack with",
    "Standardise on",
    "Move to",
    "Keep",
    "Pilot",
]
COMPONENTS = [
    "settlement worker",
    "order API",
    "ledger database",
    "search indexer",
    "auth service",
    "notification fan-out",
    "payment gateway client",
    "inventory cache",
    "report exporter",
    "session store",
    "webhook dispatcher",
    "pricing engine",
    "message broker",
    "CDN edge",
    "feature flag service",
    "batch scheduler",
    "tenant router",
    "token service",
]
FAILURES = [
    "responds slowly",
    "returns errors",
    "loses writes",
    "crashes in a loop",
    "serves stale data",
    "exhausts its connection pool",
    "drops messages",
    "runs out of disk",
    "falls behind the stream",
    "rejects valid tokens",
]
RISK_EVENTS = [
    "an outage of {c}",
    "data loss in {c}",
    "a slow migration of {c}",
    "alert fatigue on {c}",
    "a cost overrun in {c}",
    "a breach through {c}",
    "a vendor lock-in around {c}",
    "a capacity shortfall in {c}",
    "a compliance gap in {c}",
    "missed deadlines for {c}",
]
THREAT_TITLES = [
    "Token replay against {c}",
    "Tampering with messages to {c}",
    "Privilege escalation through {c}",
    "Denial of service on {c}",
    "Information disclosure from {c}",
    "Spoofed callbacks to {c}",
    "Unlogged admin actions in {c}",
    "Injection through {c} inputs",
]
ALERTS = [
    "HighErrorRate",
    "LatencyBudgetBurn",
    "QueueLagHigh",
    "DiskAlmostFull",
    "CrashLooping",
    "ReplicaLagHigh",
    "CertificateExpiring",
    "PodEvictions",
    "SaturationHigh",
    "DeadLetterGrowing",
]

NOUNS = [
    "the service",
    "the team",
    "on-call",
    "the database",
    "the queue",
    "the client",
    "the platform",
    "each tenant",
    "the release train",
    "the API",
    "the cache",
    "the batch job",
    "the consumer",
    "the gateway",
    "the dashboard",
]
ADJ = [
    "predictable",
    "cheaper",
    "safer",
    "simpler",
    "measurable",
    "observable",
    "reversible",
    "slower",
    "harder to test",
    "well understood",
    "expensive",
    "fragile",
]
SENTENCES = [
    "{N} currently handles about {k} requests per second at peak, with spikes during month end.",
    "We have seen {k} incidents in the last quarter where {n} was the first thing to degrade.",
    "Keeping {n} {a} matters more to us than shaving a few milliseconds off the median.",
    "The main constraint is that {n} must stay within the {sv} latency budget of {ms} ms at p99.",
    "{N} depends on {t}, which {team} operates and upgrades twice a year.",
    "Any change here has to be {a}, because rolling back a schema change is painful.",
    "We measured {n} under a soak test for {h} hours and the error rate stayed below 0.{k} %.",
    "Data for EU tenants must stay in the EU region, which rules out some managed offerings.",
    "The on-call rotation for {sv} is {k} people, so every manual step has a real cost.",
    "{N} becomes {a} once we move the retry logic out of the request path.",
    "We considered doing nothing, but the backlog keeps growing by roughly {k} % per month.",
    "The trade-off is that {n} gets {a} while {n2} gets {a2}.",
    "This was discussed in the architecture forum and nobody raised a blocking concern.",
    "Cost is estimated at {k}00 EUR per month, including the extra replicas.",
    "If the assumption about traffic growth turns out wrong, we revisit this in {k} months.",
    "The dashboard for {sv} shows saturation, errors and latency side by side.",
    "{t} is already used by {team}, so operational knowledge exists in the company.",
    "Migrating {n} takes about {k} sprints, done behind a feature flag per tenant.",
    "Customers notice when {n} is down for more than {k} minutes, support tickets follow.",
    "We accept that {n2} stays {a2} for now and will track it in the risk register.",
]
CODE_BLOCKS = [
    (
        "bash",
        [
            "kubectl -n {sv} rollout restart deployment/{sv}-worker",
            "kubectl -n {sv} rollout status deployment/{sv}-worker --timeout=5m",
        ],
    ),
    (
        "bash",
        [
            "kubectl -n {sv} scale deployment/{sv}-api --replicas={k}",
            "kubectl -n {sv} get pods -l app={sv}-api -o wide",
        ],
    ),
    (
        "sql",
        [
            "SELECT count(*) FROM outbox WHERE sent_at IS NULL;",
            "SELECT now() - min(created_at) AS oldest FROM outbox WHERE sent_at IS NULL;",
        ],
    ),
    (
        "promql",
        [
            'sum(rate(http_requests_total{{service="{sv}",code=~"5.."}}[5m]))',
            '  / sum(rate(http_requests_total{{service="{sv}"}}[5m]))',
        ],
    ),
    ("yaml", ["retry:", "  max_attempts: {k}", "  backoff: exponential", "  jitter: true"]),
    ("json", ['{{"service": "{sv}", "flag": "{sv}-v2", "enabled": false}}']),
]


@dataclass(slots=True)
class Item:
    """One item of the graph: a document's own item or an entry of a container."""

    kind: str
    id: str
    number: int
    title: str
    status: str
    fields: dict[str, object] = field(default_factory=dict)
    relations: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    container: Doc | None = None


@dataclass(slots=True)
class Doc:
    """One document to write: its own item and, for containers, the items it lists."""

    kind: str
    item: Item
    path: str = ""
    entries: list[Item] = field(default_factory=list)
    problem: str | None = None
    id_from_file_name: bool = False
    write_kind: bool = True


class Generator:
    """Builds the documents of one corpus from a seeded random source."""

    def __init__(self, n: int, seed: int, flavor: str = "clean") -> None:
        self.n = n
        self.flavor = flavor
        self.rng = random.Random(seed)
        self.counters: Counter[str] = Counter()
        self.docs: list[Doc] = []
        self.by_kind: dict[str, list[Item]] = defaultdict(list)

    # -- ids and items --------------------------------------------------------------------

    def new_id(self, kind: str) -> tuple[str, int]:
        self.counters[kind] += 1
        number = self.counters[kind]
        return f"{PREFIX[kind]}-{number:0{WIDTH.get(kind, 3)}d}", number

    def new_item(self, kind: str) -> Item:
        item_id, number = self.new_id(kind)
        item = Item(kind, item_id, number, self.title(kind), "")
        self.by_kind[kind].append(item)
        return item

    def title(self, kind: str) -> str:
        r = self.rng
        c = r.choice(COMPONENTS)
        if kind == "adr":
            return f"{r.choice(VERBS)} {r.choice(TECH)} for {r.choice(PURPOSES)}"
        if kind == "risk":
            event = r.choice(RISK_EVENTS).format(c=f"the {c}")
            return event[0].upper() + event[1:]
        if kind == "risk-register":
            return f"{r.choice(SERVICES).capitalize()} risk register"
        if kind == "runbook":
            return r.choice(
                [
                    "Restart the {c}",
                    "Fail over the {c}",
                    "Scale out the {c}",
                    "Roll back the {c}",
                    "Drain and rebuild the {c}",
                    "Rotate credentials of the {c}",
                ]
            ).format(c=c)
        if kind == "failure-mode":
            return f"{c.capitalize()} {r.choice(FAILURES)}"
        if kind == "fmea":
            return f"FMEA of the {c}"
        if kind == "threat-model":
            return f"Threat model of the {r.choice(SERVICES)} {c}"
        if kind == "threat":
            return r.choice(THREAT_TITLES).format(c=f"the {c}")
        if kind == "slo":
            measure = r.choice(["availability", "latency", "freshness"])
            return f"{r.choice(SERVICES).capitalize()} {measure} objective"
        if kind == "release-plan":
            return f"Roll out {r.choice(TECH)} for {r.choice(PURPOSES)}"
        return f"{r.choice(['Load', 'Soak', 'Chaos', 'Spike'])} test of the {c}"

    # -- the plan -----------------------------------------------------------------------

    def plan(self) -> None:
        landing = min(9, max(1, self.n // 100))
        mix = dict(MIX)
        if self.flavor == "containers":
            mix["risk-register"] = BIG_REGISTER_RATE
        counts = {kind: round(self.n * share) for kind, share in mix.items()}
        counts["adr"] += self.n - landing - sum(counts.values())
        order = [kind for kind, count in counts.items() for _ in range(count)]
        self.rng.shuffle(order)
        for kind in order:
            doc = Doc(kind, self.new_item(kind))
            if kind in ("risk-register", "fmea", "threat-model"):
                contained = {
                    "risk-register": "risk",
                    "fmea": "failure-mode",
                    "threat-model": "threat",
                }[kind]
                if self.flavor == "containers" and kind == "risk-register":
                    size = BIG_REGISTER_ENTRIES
                elif kind == "risk-register":
                    size = self.rng.randint(5, 10)
                else:
                    size = self.rng.randint(3, 6)
                for _ in range(size):
                    entry = self.new_item(contained)
                    entry.container = doc
                    doc.entries.append(entry)
            self.docs.append(doc)
        self.landing = landing
        for doc in self.docs:
            for item in (doc.item, *doc.entries):
                item.status = self.status(item.kind)
                item.fields = self.fields(item, contained=item.container is not None)
        self.link()
        self.paths()

    def status(self, kind: str) -> str:
        weights = {
            "adr": {"accepted": 75, "proposed": 9, "draft": 4, "rejected": 6, "deprecated": 3},
            "risk": {
                "open": 20,
                "in-treatment": 25,
                "mitigated": 30,
                "accepted": 10,
                "closed": 10,
                "in-discussion": 5,
            },
            "risk-register": {"active": 90, "draft": 5, "archived": 5},
            "runbook": {"active": 85, "draft": 10, "deprecated": 5},
            "failure-mode": {
                "mitigated": 45,
                "verified": 20,
                "analysed": 20,
                "identified": 10,
                "accepted": 5,
            },
            "fmea": {"approved": 80, "in-review": 15, "draft": 5},
            "threat-model": {"approved": 80, "in-review": 15, "draft": 5},
            "threat": {
                "mitigated": 50,
                "open": 15,
                "in-progress": 15,
                "accepted": 10,
                "not-applicable": 5,
                "transferred": 5,
            },
            "slo": {"active": 85, "draft": 10, "retired": 5},
            "release-plan": {
                "completed": 50,
                "approved": 20,
                "in-progress": 15,
                "draft": 10,
                "rolled-back": 5,
            },
            "experiment": {"passed": 60, "planned": 20, "failed": 10, "running": 10},
        }[kind]
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def date(self, start_year: int = 2022, end_year: int = 2025) -> str:
        r = self.rng
        return f"{r.randint(start_year, end_year)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"

    def fields(self, item: Item, contained: bool) -> dict[str, object]:
        """The kind's own fields (not id, title, status, relations), in writing order."""
        r = self.rng
        sv = r.choice(SERVICES)
        f: dict[str, object] = {}
        kind = item.kind
        if kind == "adr":
            f["date"] = self.date()
            f["decision-makers"] = r.sample(PEOPLE, r.randint(1, 3))
            if r.random() < 0.6:
                f["consulted"] = r.sample(TEAMS, r.randint(1, 2))
            if r.random() < 0.4:
                f["informed"] = r.sample(TEAMS, r.randint(1, 3))
            f["tags"] = [sv, r.choice(["storage", "messaging", "security", "delivery", "cost"])]
            if r.random() < 0.35:
                f["options"] = [
                    {
                        "id": chr(65 + i),
                        "title": f"{r.choice(TECH)}",
                        "good": [f"{r.choice(ADJ)} to operate"],
                        "bad": [f"{r.choice(ADJ)} to migrate"],
                    }
                    for i in range(r.randint(2, 3))
                ]
                f["chosen-option"] = "A"
            if r.random() < 0.5:
                f["kill-switch"] = (
                    f"Route {sv} traffic back to the previous implementation with the {sv}-v1 flag."
                )
            if r.random() < 0.3:
                f["review-by"] = self.date(2028, 2030)
        elif kind == "risk":
            f["owner"] = r.choice(TEAMS)
            f["category"] = r.choice(
                [
                    "security",
                    "reliability",
                    "migration",
                    "operational-load",
                    "performance",
                    "compliance",
                    "capacity-cost",
                    "dependency",
                    "schedule",
                ]
            )
            likelihood = r.randint(1, 5)
            impact = r.randint(1, 5)
            words = r.random() < 0.5
            f["likelihood"] = (
                ["rare", "unlikely", "possible", "likely", "certain"][likelihood - 1]
                if words
                else likelihood
            )
            f["impact"] = (
                ["negligible", "minor", "moderate", "major", "severe"][impact - 1]
                if words
                else impact
            )
            f["score"] = likelihood * impact
            if not contained:
                f["statement"] = (
                    f"Because {sv} depends on a single {r.choice(COMPONENTS)}, "
                    f"there is a possibility of {r.choice(RISK_EVENTS).format(c='it')}, "
                    "resulting in lost revenue and support load."
                )
                f["treatment"] = r.choice(["mitigate", "mitigate", "accept", "transfer", "avoid"])
                f["identified"] = self.date()
                if item.status == "accepted":
                    f["acceptance"] = {
                        "approved-by": r.choice(PEOPLE),
                        "justification": "Cost of treatment exceeds the expected loss.",
                        "expires": self.date(2028, 2030),
                    }
                if r.random() < 0.4:
                    f["treatment-plan"] = [
                        {
                            "action": f"Add a second {r.choice(COMPONENTS)}",
                            "owner": r.choice(PEOPLE),
                            "due": self.date(2025, 2027),
                            "status": r.choice(["planned", "in-progress", "done"]),
                        }
                    ]
        elif kind == "risk-register":
            f["owner"] = r.choice(TEAMS)
            f["service"] = sv
        elif kind == "runbook":
            f["owner"] = r.choice(TEAMS)
            f["service"] = sv
            f["runbook-type"] = r.choice(
                ["alert-response", "rollback", "failover", "maintenance", "scaling"]
            )
            f["severity"] = r.choice(["sev1", "sev2", "sev3", "page", "ticket"])
            f["alerts"] = [f"{sv.capitalize()}{a}" for a in r.sample(ALERTS, r.randint(1, 2))]
            f["last-reviewed"] = self.date(2024, 2025)
            if r.random() < 0.6:
                f["last-tested"] = self.date(2024, 2025)
            if r.random() < 0.5:
                f["escalation"] = {"policy": f"{sv}-primary", "channel": f"#inc-{sv}"}
            f["estimated-duration"] = r.choice(["15m", "30m", "1h", "2h"])
        elif kind == "failure-mode":
            severity, occurrence, detection = r.randint(1, 10), r.randint(1, 6), r.randint(1, 8)
            if not contained:
                f["owner"] = r.choice(TEAMS)
                f["component"] = r.choice(COMPONENTS)
                f["effect"] = f"Requests to {sv} fail or time out; users see an error page."
            f["severity"], f["occurrence"], f["detection"] = severity, occurrence, detection
            f["rpn"] = severity * occurrence * detection
            if not contained:
                f["blast-radius"] = r.choice(["instance", "zone", "region", "tenant"])
                if r.random() < 0.6:
                    f["retry"] = {
                        "max-attempts": r.randint(2, 5),
                        "backoff": "exponential",
                        "jitter": True,
                    }
                if r.random() < 0.5:
                    f["timeout"] = {"value": r.choice(["250ms", "500ms", "2s"])}
        elif kind == "fmea":
            f["owner"] = r.choice(TEAMS)
            f["component"] = r.choice(COMPONENTS)
            f["service"] = sv
        elif kind == "threat-model":
            f["owner"] = r.choice(TEAMS)
            f["service"] = sv
            f["methodology"] = ["stride"]
            f["scope"] = {
                "business-criticality": r.choice(["important", "critical"]),
                "exposure": r.choice(["internal", "external"]),
            }
        elif kind == "threat":
            f["category"] = r.choice(
                [
                    "spoofing",
                    "tampering",
                    "repudiation",
                    "information-disclosure",
                    "denial-of-service",
                    "elevation-of-privilege",
                ]
            )
            f["severity"] = r.choice(["low", "medium", "elevated", "high", "critical"])
            f["likelihood"] = r.choice(["unlikely", "likely", "very-likely"])
            if not contained:
                f["owner"] = r.choice(TEAMS)
                f["affects"] = [r.choice(COMPONENTS)]
                f["impact"] = r.choice(["low", "medium", "high"])
                if r.random() < 0.5:
                    f["cwe"] = [r.choice([79, 89, 287, 352, 400, 639, 862])]
            f["mitigation"] = f"Validate and sign every message to the {r.choice(COMPONENTS)}."
        elif kind == "slo":
            f["owner"] = r.choice(TEAMS)
            f["service"] = sv
            f["sli"] = {
                "category": r.choice(["availability", "latency"]),
                "good-events": f'http_requests_total{{service="{sv}",code!~"5.."}}',
                "total-events": f'http_requests_total{{service="{sv}"}}',
            }
            f["objective"] = r.choice([99.0, 99.5, 99.9, 99.95])
            f["time-window"] = r.choice(["28d", "30d", "7d"])
            f["budgeting-method"] = "occurrences"
        elif kind == "release-plan":
            f["owner"] = r.choice(TEAMS)
            f["service"] = sv
            f["strategy"] = r.choice(["canary", "blue-green", "rolling"])
            f["steps"] = [
                {"weight": w, "pause": r.choice(["10m", "1h", "manual"])}
                for w in (5, 25, 100)[: r.randint(2, 3)]
            ]
            f["feature-flags"] = [{"name": f"{sv}-v2", "default": False, "kill-switch": True}]
            f["rollback"] = f"Set {sv}-v2 to false and redeploy the previous image."
            f["target-date"] = self.date(2024, 2026)
        elif kind == "experiment":
            f["owner"] = r.choice(TEAMS)
            f["experiment-type"] = r.choice(["load", "soak", "chaos", "spike"])
            f["target"] = r.choice(COMPONENTS)
            f["date"] = self.date(2024, 2025)
            if item.status in ("passed", "failed"):
                f["result"] = "pass" if item.status == "passed" else "fail"
        if not contained:
            self.pad(item, f)
        if not contained and r.random() < 0.05:
            f["x-jira"] = f"{sv[:3].upper()}-{r.randint(100, 9999)}"
        return f

    def pad(self, item: Item, f: dict[str, object]) -> None:
        """Add the optional fields every kind accepts until the frontmatter is 10+ lines."""
        r = self.rng

        # id, title, status (and often kind) plus the fields so far, one line per scalar.
        def lines() -> int:
            total = 3
            for value in f.values():
                if isinstance(value, list) and value and isinstance(value[0], dict):
                    total += 1 + sum(1 + len(v) for v in value)
                elif isinstance(value, dict):
                    total += 1 + len(value)
                else:
                    total += 1
            return total + len(item.relations)

        extras = [
            (
                "description",
                lambda: (
                    f"Why {item.title[0].lower()}{item.title[1:]} matters to "
                    f"{r.choice(SERVICES)} and who depends on it."
                ),
            ),
            (
                "tags",
                lambda: sorted(
                    r.sample(
                        [
                            "storage",
                            "messaging",
                            "security",
                            "delivery",
                            "cost",
                            "latency",
                            "compliance",
                        ],
                        2,
                    )
                ),
            ),
            (
                "phase",
                lambda: r.choice(["understand", "design", "build", "harden", "ship", "operate"]),
            ),
            (
                "links",
                lambda: [
                    {
                        "title": "Dashboard",
                        "url": f"https://grafana.example.com/d/{r.randint(1000, 9999)}",
                    }
                ],
            ),
            ("review-by", lambda: self.date(2028, 2030)),
        ]
        r.shuffle(extras)
        for key, make in extras:
            if lines() >= r.randint(12, 15):
                break
            if key not in f:
                f[key] = make()

    # -- relations ----------------------------------------------------------------------

    def edge(self, source: Item, relation: str, target: Item, forward: bool | None = None) -> None:
        """Record the edge on one side only: usually the source, sometimes the target."""
        if source.id == target.id:
            return
        if forward is None:
            forward = relation == "relates-to" or self.rng.random() < 0.65
        if forward:
            writer, key, other = source, relation, target
        else:
            writer, key, other = target, RELATIONS[relation], source
        if other.id not in writer.relations[key]:
            writer.relations[key].append(other.id)

    def link(self) -> None:
        """Edges between existing items, shaped like a well-kept handbook: every open risk and
        threat has a mitigation in force, every failure mode a runbook, every runbook a
        purpose, and superseded decisions a successor."""
        r = self.rng
        k = self.by_kind
        adrs = k["adr"]
        # Supersession: an older decision replaced by exactly one newer one. Both ends of
        # supersedes must agree when both are written, so each successor picks one side.
        side: dict[str, bool] = {}
        for index, old in enumerate(adrs[:-1]):
            if r.random() < 0.08 and old.status == "accepted":
                new = adrs[r.randint(index + 1, min(index + 40, len(adrs) - 1))]
                if new.status in ("accepted", "proposed"):
                    old.status = "superseded"
                    forward = side.setdefault(new.id, r.random() < 0.65)
                    self.edge(new, "supersedes", old, forward)
        active = {
            "adr": {"accepted"},
            "runbook": {"active"},
            "experiment": {"passed"},
            "release-plan": {"approved", "in-progress", "completed"},
        }

        def in_force(kind: str) -> list[Item]:
            return [i for i in k[kind] if i.status in active[kind]]

        runbooks = [rb for rb in k["runbook"] if rb.status != "deprecated"]
        mitigators = (
            in_force("adr") * 3
            + in_force("runbook")
            + in_force("release-plan")
            + in_force("experiment")
        )
        purposeful: set[str] = set()
        for target in (*k["risk"], *k["threat"], *k["failure-mode"]):
            needed = target.kind != "failure-mode" and target.status not in (
                "closed",
                "false-positive",
                "not-applicable",
            )
            if needed or r.random() < 0.5:
                for _ in range(r.choice((1, 1, 2))):
                    mitigator = r.choice(mitigators)
                    self.edge(mitigator, "mitigates", target)
                    purposeful.add(mitigator.id)
        for adr in adrs:
            if r.random() < 0.1:
                self.edge(adr, "introduces", r.choice(k["risk"]))
        for source in (*k["threat"], *k["failure-mode"]):
            if r.random() < 0.45:
                self.edge(source, "causes", r.choice(k["risk"]))
        for source in (*k["failure-mode"], *k["slo"]):
            if runbooks and (source.kind == "failure-mode" or r.random() < 0.75):
                runbook = r.choice(runbooks)
                self.edge(source, "handled-by", runbook)
                purposeful.add(runbook.id)
        for runbook in runbooks:
            if runbook.id not in purposeful and k["risk"]:
                self.edge(runbook, "mitigates", r.choice(k["risk"]))
        for fm in k["failure-mode"]:
            if k["slo"] and r.random() < 0.5:
                self.edge(fm, "detected-by", r.choice(k["slo"]))
        verifiable = k["failure-mode"] + k["slo"] + k["release-plan"] + runbooks
        for experiment in k["experiment"]:
            for _ in range(r.randint(1, 3)):
                self.edge(r.choice(verifiable), "verified-by", experiment)
        for plan in k["release-plan"]:
            for _ in range(r.randint(1, 2)):
                if k["slo"]:
                    self.edge(plan, "gated-by", r.choice(k["slo"]))
        everything = [item for items in k.values() for item in items]
        for item in everything:
            if r.random() < 0.04:
                self.edge(item, "relates-to", r.choice(everything))

    # -- file names -----------------------------------------------------------------------

    def paths(self) -> None:
        seen: set[str] = set()
        for doc in self.docs:
            slug = slugify(doc.item.title)
            folder = FOLDERS[doc.kind]
            if doc.kind == "adr":
                name = f"{doc.item.number:04d}-{slug}.md"
                doc.id_from_file_name = self.rng.random() < 0.3
                doc.write_kind = self.rng.random() < 0.2
            else:
                name = f"{doc.item.id.lower()}-{slug}.md"
                # The folder gives the kind of the single-item kinds; containers need kind:.
                doc.write_kind = doc.kind in ("risk-register", "fmea", "threat-model") or (
                    self.rng.random() < 0.7
                )
            path = f"{folder}/{name}"
            assert path not in seen
            seen.add(path)
            doc.path = path


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].rstrip("-")


# --- YAML writing ------------------------------------------------------------------------

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 .,/()'_+-]*$")
_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


def scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    if _PLAIN.match(text) and text.lower() not in _RESERVED and not text.endswith(" "):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def emit(key: str, value: object, indent: int, rng: random.Random, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, list):
        simple = all(not isinstance(v, (dict, list)) for v in value)
        if not value:
            out.append(f"{pad}{key}: []")
        elif simple and (rng.random() < 0.7 or len(value) == 1):
            out.append(f"{pad}{key}: [{', '.join(scalar(v) for v in value)}]")
        elif simple:
            out.append(f"{pad}{key}:")
            out.extend(f"{pad}  - {scalar(v)}" for v in value)
        else:
            out.append(f"{pad}{key}:")
            for entry in value:
                emit_entry(entry, indent + 2, rng, out)
    elif isinstance(value, dict):
        out.append(f"{pad}{key}:")
        for k, v in value.items():
            emit(k, v, indent + 2, rng, out)
    else:
        out.append(f"{pad}{key}: {scalar(value)}")


def emit_entry(entry: dict[str, object], indent: int, rng: random.Random, out: list[str]) -> None:
    """A mapping as a block sequence entry: ``- first: x`` then the other keys beneath."""
    lines: list[str] = []
    for k, v in entry.items():
        emit(k, v, indent + 2, rng, lines)
    pad = " " * indent
    first = lines[0][indent + 2 :]
    out.append(f"{pad}- {first}")
    out.extend(lines[1:])


# --- Markdown bodies ---------------------------------------------------------------------


class Prose:
    """Sentences, paragraphs, lists and code blocks from the vocabulary."""

    def __init__(self, rng: random.Random, service: str) -> None:
        self.rng = rng
        self.sv = service

    def sentence(self) -> str:
        r = self.rng
        text = r.choice(SENTENCES).format(
            N=r.choice(NOUNS).capitalize(),
            n=r.choice(NOUNS),
            n2=r.choice(NOUNS),
            a=r.choice(ADJ),
            a2=r.choice(ADJ),
            k=r.randint(2, 9),
            h=r.choice([12, 24, 48]),
            ms=r.choice([150, 250, 400, 800]),
            sv=self.sv,
            t=r.choice(TECH),
            team=r.choice(TEAMS),
        )
        return text

    def paragraph(self, sentences: int | None = None) -> list[str]:
        count = sentences or self.rng.randint(2, 5)
        text = " ".join(self.sentence() for _ in range(count))
        return textwrap.wrap(text, width=self.rng.choice((80, 88, 100)), break_on_hyphens=False)

    def bullets(self, numbered: bool = False) -> list[str]:
        lines = []
        for index in range(self.rng.randint(3, 6)):
            marker = f"{index + 1}." if numbered else "-"
            words = self.sentence().rstrip(".")
            lines.append(f"{marker} {words[0].upper()}{words[1:]}.")
        return lines

    def code(self) -> list[str]:
        language, lines = self.rng.choice(CODE_BLOCKS)
        body = [line.format(sv=self.sv, k=self.rng.randint(2, 9)) for line in lines]
        return [f"```{language}", *body, "```"]

    def block(self) -> list[str]:
        roll = self.rng.random()
        if roll < 0.6:
            return self.paragraph()
        if roll < 0.94:
            return self.bullets(numbered=self.rng.random() < 0.3)
        return self.code()


SECTIONS = {
    "adr": [
        ["Context", "Context and Problem Statement", "Background"],
        ["Decision", "Decision Outcome"],
        ["Consequences"],
    ],
    "runbook": [
        ["Symptoms", "Trigger", "When to use"],
        ["Steps", "Procedure", "Remediation"],
        ["Verification", "Validation"],
    ],
    "experiment": [
        ["Hypothesis", "Steady-state hypothesis"],
        ["Method", "Test plan"],
        ["Results", "Findings"],
    ],
}
EXTRA_SECTIONS = {
    "adr": [
        "Decision Drivers",
        "Considered Options",
        "Pros and Cons of the Options",
        "More Information",
    ],
    "runbook": ["Escalation", "Rollback", "Background"],
    "experiment": ["Abort conditions", "Follow-up actions"],
}
FREE_SECTIONS = [
    "Description",
    "Analysis",
    "Impact",
    "Detection",
    "Mitigation",
    "Notes",
    "Assumptions",
    "Open questions",
    "History",
    "Scope",
]


def body(doc: Doc, rng: random.Random, heading: str) -> list[str]:
    """A Markdown body of 20-80 lines: an H1 and the kind's sections, all filled in."""
    prose = Prose(rng, rng.choice(SERVICES))
    target = rng.randint(24, 80)
    names: list[str] = []
    required = SECTIONS.get(doc.kind)
    if required:
        names = [rng.choice(options) for options in required]
        extras = rng.sample(EXTRA_SECTIONS[doc.kind], rng.randint(0, 2))
        for extra in extras:
            names.insert(rng.randint(1, len(names)), extra)
    else:
        names = rng.sample(FREE_SECTIONS, rng.randint(2, 4))
    lines = [f"# {heading}", "", *prose.paragraph(rng.randint(1, 3)), ""]
    per_section = max(3, (target - len(lines)) // len(names))
    for name in names:
        lines += [f"## {name}", ""]
        budget = per_section - 2
        used = 0
        while True:
            if doc.kind == "runbook" and name in ("Steps", "Procedure", "Remediation") and not used:
                block = [*prose.bullets(numbered=True), "", *prose.code()]
            else:
                block = prose.block()
            if used and used + len(block) + 1 > budget:
                break
            if not used and len(block) + 1 > budget:
                block = prose.paragraph(1)
            lines += [*block, ""]
            used += len(block) + 1
    while len(lines) < 21:
        lines += [
            "## Notes" if "## Notes" not in lines else "### More notes",
            "",
            *prose.paragraph(2),
            "",
        ]
    return lines


def table(prose: Prose) -> list[str]:
    """A Markdown table of components and their figures."""
    r = prose.rng
    rows = ["| Component | Owner | p99 (ms) | Error rate | Notes |", "|---|---|--:|--:|---|"]
    for _ in range(r.randint(4, 12)):
        rows.append(
            f"| {r.choice(COMPONENTS)} | {r.choice(TEAMS)} | {r.choice([120, 250, 400, 800])} "
            f"| {r.randint(1, 99) / 100:.2f} % | {prose.sentence()} |"
        )
    return rows


def lengthen(lines: list[str], rng: random.Random) -> list[str]:
    """Grow a body to about LONG_BODY_BYTES with more sections of prose, code and tables."""
    prose = Prose(rng, rng.choice(SERVICES))
    size = sum(len(line) + 1 for line in lines)
    names = iter(FREE_SECTIONS * 50)
    lines = list(lines)
    while size < LONG_BODY_BYTES:
        section = [f"## {next(names)} {rng.randint(1, 99)}", ""]
        for _ in range(rng.randint(2, 4)):
            roll = rng.random()
            block = table(prose) if roll < 0.3 else prose.code() if roll < 0.6 else prose.block()
            section += [*block, ""]
        lines += section
        size += sum(len(line) + 1 for line in section)
    return lines


# --- documents -----------------------------------------------------------------------------


def relation_fields(item: Item) -> dict[str, object]:
    return {key: list(ids) for key, ids in item.relations.items() if ids}


def entry_mapping(item: Item) -> dict[str, object]:
    mapping: dict[str, object] = {"id": item.id, "title": item.title, "status": item.status}
    mapping.update(item.fields)
    mapping.update(relation_fields(item))
    return mapping


def render(doc: Doc, gen: Generator) -> str:
    rng = gen.rng
    item = doc.item
    fm: list[str] = []
    if doc.write_kind:
        fm.append(f"kind: {doc.kind}")
    if not doc.id_from_file_name:
        fm.append(f"id: {item.id}")
    fm.append(f"title: {scalar(item.title)}")
    fm.append(f"status: {item.status}")
    fields = dict(item.fields)
    relations = relation_fields(item)
    for key, value in fields.items():
        if key == "x-jira" or key == "review-by":
            continue
        emit(key, value, 0, rng, fm)
    if rng.random() < 0.08:
        fm.append(f"# reviewed in the {rng.choice(SERVICES)} architecture forum")
    for key, value in relations.items():
        emit(key, value, 0, rng, fm)
    for key in ("review-by", "x-jira"):
        if key in fields:
            emit(key, fields[key], 0, rng, fm)
    if doc.entries:
        key = {"risk-register": "risks", "fmea": "failure-modes", "threat-model": "threats"}[
            doc.kind
        ]
        fm.append(f"{key}:")
        for entry in doc.entries:
            emit_entry(entry_mapping(entry), 2, rng, fm)
    heading = item.title
    if doc.kind == "adr" and rng.random() < 0.25:
        heading = f"{item.number}. {item.title}"
    lines = body(doc, rng, heading)
    if gen.flavor == "long":
        lines = lengthen(lines, rng)
    text_fm, text_body = fm, lines
    if doc.problem:
        text_fm, text_body = inject(doc, gen, fm, lines)
    return "---\n" + "\n".join(text_fm) + "\n---\n" + "\n".join(text_body).rstrip("\n") + "\n"


TYPOS = {
    "accepted": "acepted",
    "mitigated": "mitgated",
    "active": "actve",
    "approved": "aproved",
    "open": "opne",
    "draft": "darft",
    "proposed": "propsed",
    "completed": "complete",
    "passed": "pased",
    "verified": "verifed",
    "in-treatment": "in-treatmnet",
}


def inject(
    doc: Doc, gen: Generator, fm: list[str], lines: list[str]
) -> tuple[list[str], list[str]]:
    """Apply the document's one deliberate problem."""
    rng = gen.rng
    fm, lines = list(fm), list(lines)
    problem = doc.problem
    if problem == "status-typo":
        status = doc.item.status
        fm = [
            f"status: {TYPOS.get(status, status + 'd')}" if line == f"status: {status}" else line
            for line in fm
        ]
    elif problem == "dangling-reference":
        kind = rng.choice(["risk", "adr", "runbook"])
        missing = f"{PREFIX[kind]}-{gen.counters[kind] + rng.randint(5, 50):0{WIDTH.get(kind, 3)}d}"
        for index, line in enumerate(fm):
            if line.startswith("relates-to: ["):
                fm[index] = line.replace("[", f"[{missing}, ", 1)
                break
            if line == "relates-to:":
                fm.insert(index + 1, f"  - {missing}")
                break
        else:
            fm.append(f"relates-to: [{missing}]")
    elif problem == "todo":
        at = rng.randint(3, len(lines) - 1)
        lines.insert(
            at,
            rng.choice(
                [
                    "TODO: confirm the numbers with the SRE team.",
                    "TBD once the load test has run.",
                    "FIXME: link the dashboard.",
                ]
            ),
        )
    elif problem == "unknown-field":
        fm.append(
            rng.choice(
                [
                    "reviewer: " + rng.choice(PEOPLE),
                    "statu: draft",
                    "deciders: [" + rng.choice(PEOPLE) + "]",
                ]
            )
        )
    elif problem == "title-mismatch":
        lines[0] = lines[0] + " (draft)"
    elif problem == "missing-field":
        required = ("date:", "owner:") if doc.kind == "adr" else ("owner:", "status:")
        for prefix in required:
            kept = [line for line in fm if not line.startswith(prefix)]
            if len(kept) < len(fm):
                fm = kept
                break
    return fm, lines


PROBLEMS = ["status-typo", "dangling-reference", "todo", "unknown-field", "title-mismatch"]


def landing_page(folder: str | None, docs: list[Doc]) -> str:
    title = folder.replace("-", " ").capitalize() if folder else "Delivery handbook"
    lines = [f"# {title}", "", "This folder is generated for the benchmark. It lists:", ""]
    for doc in docs[:20]:
        lines.append(
            f"- [{doc.item.title}]({doc.path if folder is None else doc.path.split('/', 1)[1]})"
        )
    return "\n".join(lines) + "\n"


def generate(n: int, out: Path, seed: int = 20251127, flavor: str = "clean") -> dict[str, object]:
    """Write a corpus of ``n`` Markdown files to ``out/docs`` (plus ``out/mkdocs.yml``)."""
    if flavor not in FLAVORS:
        raise ValueError(f"unknown flavor {flavor!r}; one of {', '.join(FLAVORS)}")
    gen = Generator(n, seed, flavor)
    gen.plan()
    rate, problems = (
        (FINDINGS_RATE, FINDINGS_PROBLEMS) if flavor == "findings" else (PROBLEM_RATE, PROBLEMS)
    )
    for doc in gen.docs:
        if gen.rng.random() < rate:
            doc.problem = gen.rng.choice(problems)
    docs_dir = out / "docs"
    if out.exists():
        shutil.rmtree(out)
    docs_dir.mkdir(parents=True)
    (out / "mkdocs.yml").write_text(
        "site_name: Benchmark handbook\ndocs_dir: docs\nplugins:\n  - handbook\n", encoding="utf-8"
    )
    total_bytes = 0
    fm_lines: list[int] = []
    body_lines: list[int] = []
    for folder in sorted(set(FOLDERS.values())):
        (docs_dir / folder).mkdir()
    for doc in gen.docs:
        text = render(doc, gen)
        (docs_dir / doc.path).write_text(text, encoding="utf-8")
        total_bytes += len(text.encode("utf-8"))
        closing = text.index("\n---\n", 3)
        fm_lines.append(text.count("\n", 0, closing))
        body_lines.append(text.count("\n", closing + 5))
    landings = [None, *sorted(set(FOLDERS.values()))][: gen.landing]
    for folder in landings:
        in_folder = [d for d in gen.docs if folder is None or d.path.startswith(folder + "/")]
        target = docs_dir / (folder or "") / "index.md"
        text = landing_page(folder, in_folder)
        target.write_text(text, encoding="utf-8")
        total_bytes += len(text.encode("utf-8"))
    kinds = Counter(doc.kind for doc in gen.docs)
    return {
        "files": len(gen.docs) + len(landings),
        "documents": dict(sorted(kinds.items())),
        "items": sum(1 + len(d.entries) for d in gen.docs),
        "bytes": total_bytes,
        "frontmatter_lines": {
            "min": min(fm_lines),
            "mean": round(sum(fm_lines) / len(fm_lines), 1),
            "max": max(fm_lines),
        },
        "body_lines": {
            "min": min(body_lines),
            "mean": round(sum(body_lines) / len(body_lines), 1),
            "max": max(body_lines),
        },
        "problems": dict(sorted(Counter(d.problem for d in gen.docs if d.problem).items())),
        "seed": seed,
        "flavor": flavor,
        "generator_version": GENERATOR_VERSION,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of Markdown files")
    parser.add_argument("out", type=Path, help="folder to (re)create; documents go to OUT/docs")
    parser.add_argument("--seed", type=int, default=20251127)
    parser.add_argument("--flavor", choices=FLAVORS, default="clean")
    args = parser.parse_args()
    stats = generate(args.n, args.out, args.seed, args.flavor)
    import json

    print(json.dumps(stats, indent=2))


if __name__ == "__main__":
    main()
