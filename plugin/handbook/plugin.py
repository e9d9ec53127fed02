"""The MkDocs plugin: lint during the build and add the generated handbook pages."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from handbook.config import ConfigError, HandbookConfig, Settings, settings_from_config
from handbook.finding import Finding
from handbook.lint import LintResult, lint
from handbook.site.rules_pages import rules_pages

log = logging.getLogger("mkdocs.plugins.handbook")


class HandbookPlugin(BasePlugin[HandbookConfig]):  # type: ignore[no-untyped-call]
    """Lints every document while MkDocs builds, and publishes the handbook pages."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.result: LintResult | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        config_file = Path(config.config_file_path) if config.config_file_path else None
        root = config_file.parent if config_file else Path.cwd()
        try:
            self.settings = settings_from_config(
                root, Path(config.docs_dir), self.config, config_file
            )
        except ConfigError as error:
            raise PluginError(str(error)) from None
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if self.settings is None:
            return files
        self.result = lint(self.settings)
        self._log(self.result.findings)
        prefix = self.config.rules_reference.strip("/")
        if prefix:
            for name, content in rules_pages().items():
                path = f"{prefix}/{name}"
                if files.get_file_from_path(path) is None:
                    files.append(File.generated(config, path, content=content))
        return files

    def _log(self, findings: list[Finding]) -> None:
        fail_on = self.settings.fail_on if self.settings else None
        for finding in findings:
            text = (
                f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}"
            )
            if fail_on is not None and finding.severity >= fail_on:
                log.warning(text)
            else:
                log.info(text)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        return server
