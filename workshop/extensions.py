"""The Flask extensions, created unbound here and initialised in ``wsgi.create_app``."""

from __future__ import annotations

from flask import current_app
from flask_compress import Compress
from flask_limiter import ApplicationLimit, Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Named constraints, so that migrations can drop and alter them on every database.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
compress = Compress()


def _limiter_key() -> str:
    # Imported here because the participant identity lives with the participate blueprint's helpers.
    from workshop.identity import rate_limit_key

    return rate_limit_key()


def _address_key() -> str:
    from workshop.identity import address_key

    return address_key()


# Route limits key on the signed participant (see ``workshop.identity``); the application-wide
# limit is a generous per-address backstop only, because a venue's phones share one address.
limiter = Limiter(
    key_func=_limiter_key,
    default_limits=[],
    application_limits=[ApplicationLimit(lambda: current_app.config["ADDRESS_RATE_LIMIT"], key_function=_address_key)],
)
