"""The escaping and the link check of handbook.site.html, asserted directly (written for the
mutants the site tests let live: docs/guide/contributing.md, "Mutation testing")."""

from __future__ import annotations

import pytest

from handbook.site.html import escape, safe_url


def test_escape_escapes_markup_and_both_quotes() -> None:
    assert escape("<a href=\"x\" title='y'>&</a>") == (
        "&lt;a href=&quot;x&quot; title=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;"
    )


def test_escape_writes_any_value_as_its_text() -> None:
    assert escape(3) == "3"
    assert escape(None) == "None"
    assert escape(["<b>"]) == "[&#x27;&lt;b&gt;&#x27;]"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a?b#c",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG/",
        "mailto:someone@example.org",
        "MailTo:someone@example.org",
        "../risks/RISK-001.md",
        "RISK-001.md",
        "page",
        "#anchor",
        "?query",
        "/absolute/path",
        "a/b:c",
    ],
)
def test_safe_url_keeps_web_mail_and_relative_links(url: str) -> None:
    assert safe_url(url) == url


def test_safe_url_judges_a_scheme_split_by_whitespace_as_the_browser_reads_it() -> None:
    # A browser drops tabs and line breaks inside a URL: this is an https link.
    assert safe_url("ht\ttps://example.org/") == "ht\ttps://example.org/"
    assert safe_url("mail\nto:someone@example.org") == "mail\nto:someone@example.org"


def test_safe_url_returns_the_link_without_its_surrounding_whitespace() -> None:
    assert safe_url("  https://example.org/a b \n") == "https://example.org/a b"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "java\nscript:alert(1)",
        " java script:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://example.org/",
        "x:y",
        "",
        "   ",
        "\t\n",
    ],
)
def test_safe_url_refuses_every_other_scheme_and_the_empty_link(url: str) -> None:
    assert safe_url(url) is None
