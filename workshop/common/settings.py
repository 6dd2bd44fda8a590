"""Copying a frozen settings dataclass to and from the record it describes, field by field.

A workshop's and a survey's settings are each a frozen dataclass whose field names are the model's
attribute names; these two functions are the one place that copies them, so a field added to the
dataclass (and the model) is copied both ways without a second list to keep in step.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    S = TypeVar("S", bound=DataclassInstance)
else:
    S = TypeVar("S")


def settings_of(kind: type[S], record: object) -> S:
    """The settings ``kind`` as ``record`` holds them now (each field read from its attribute)."""
    return kind(**{field.name: getattr(record, field.name) for field in fields(kind)})


def apply_settings(record: object, settings: DataclassInstance) -> None:
    """Set each of ``settings``' fields on ``record``, as it is (clean the values first)."""
    for field in fields(settings):
        setattr(record, field.name, getattr(settings, field.name))
