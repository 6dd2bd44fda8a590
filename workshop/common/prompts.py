"""The words a workshop asks with unless its facilitator writes their own."""

from __future__ import annotations

#: The seed's closing question: what participants will do "when I get back to work".
DEFAULT_PROMPT = "When I get back to work, I'm going to…"
