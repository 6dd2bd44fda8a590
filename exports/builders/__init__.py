"""Pure document builders: they take the plain data of ``exports.data`` and return ``.docx`` bytes.

Nothing in this package imports Flask or the database.
"""

from exports.builders.naming import filename_for
from exports.builders.plans import build_impact_plan, build_smart_plan
from exports.builders.report import build_report
from exports.builders.story import build_story_template
from exports.builders.zipping import build_plans_zip

__all__ = [
    "build_impact_plan",
    "build_plans_zip",
    "build_report",
    "build_smart_plan",
    "build_story_template",
    "filename_for",
]
