"""Build step that pyproject.toml cannot say: carry the npm packages and the migrations in the wheel.

A wheel must run with no Node.js and no repository beside it (a facilitator's Windows laptop, a
container), so the build copies the front-end files that ``npm ci`` installed (the runtime
``dependencies`` of package.json, their ``package.json`` and ``dist/``) and the Alembic
``migrations/`` folder into ``workshop/_bundled/``. Nothing third-party is committed: the copy
exists only inside the built wheel. Everything else is declared in pyproject.toml.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithFrontEnd(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads node_modules/ and migrations/ from the checkout
        target = Path(self.build_lib) / "workshop" / "_bundled"
        shutil.rmtree(target, ignore_errors=True)
        packages = json.loads((ROOT / "package.json").read_text())["dependencies"]
        modules = ROOT / "node_modules"
        if not all((modules / name / "package.json").exists() for name in packages):
            subprocess.run(["npm", "ci", "--omit=dev", "--no-audit", "--no-fund"], cwd=ROOT, check=True)  # noqa: S603,S607
        for name in packages:
            source = modules / name
            (target / "node_modules" / name).mkdir(parents=True)
            for file in ("package.json", "LICENSE"):
                if (source / file).exists():
                    shutil.copy2(source / file, target / "node_modules" / name / file)
            shutil.copytree(source / "dist", target / "node_modules" / name / "dist")
        shutil.copytree(
            ROOT / "migrations", target / "migrations", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )


setup(cmdclass={"build_py": BuildWithFrontEnd})
