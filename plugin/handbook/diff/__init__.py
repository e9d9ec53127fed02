"""``handbook diff``: what a change does to the handbook, read from two git revisions.

:mod:`handbook.diff.git` reads a revision's documents from git objects (never checking out
over the work tree); :mod:`handbook.diff.compare` lints both sides with the linter's own
loader and compares items, relations, findings, gates and impact sets;
:mod:`handbook.diff.render` writes the result for people, a pull request, or tools.
"""
