"""The floor of PRODUCT.md's "Fast" non-negotiable, as its own process.

Walk the folder, read every Markdown file, split off the frontmatter and load it with PyYAML's
C loader. ``bench/run.py`` times it in-process and, through this script, as a whole process
beside ``handbook lint`` (interpreter start-up and imports on both sides).

Usage: ``python bench/floor.py DOCS_DIR`` prints how many frontmatters it loaded.
"""

from __future__ import annotations

import os
import sys

import yaml


def floor(docs_dir: str | os.PathLike[str]) -> int:
    """Read every Markdown file and load its frontmatter with the C loader; the baseline."""
    loaded = 0
    for folder, _dirs, files in os.walk(docs_dir):
        for name in files:
            if not name.endswith(".md"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                text = handle.read()
            if not text.startswith("---\n"):
                continue
            end = text.find("\n---\n", 3)
            if end < 0:
                continue
            yaml.load(text[4 : end + 1], Loader=yaml.CSafeLoader)
            loaded += 1
    return loaded


if __name__ == "__main__":
    print(floor(sys.argv[1]))
