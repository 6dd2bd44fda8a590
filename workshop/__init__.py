"""The workshop core: accounts, workshops, statements, the live wall and the shared infrastructure.

This package's ``__init__`` imports nothing from Flask so that the pure modules inside it
(``workshop.common.text``, ``workshop.codes``, ``workshop.themes``, ``workshop.coaching``) can be used
by the CLI, the benchmarks and the other packages without building an app.
"""
