"""JSON responses encoded with orjson.

A search answer is a few hundred values, and the standard library's encoder spent about a
twentieth of an uncached search on them; orjson writes the same bytes (UTF-8, compact, keys
in insertion order) in a fifth of the time. Values it does not know natively go through
Flask's own conversions (dates as HTTP dates, dataclasses, `__html__`), so a response is
what Flask's default provider gives, except that a NaN becomes null (valid JSON) instead of
the bare `NaN` no JSON parser accepts. Debug mode keeps Flask's indented output, and
templates' `tojson` keeps Flask's encoder.
"""

from __future__ import annotations

from typing import Any

import orjson
from flask import current_app
from flask.json.provider import DefaultJSONProvider
from werkzeug.sansio.response import Response

_OPTIONS = (
    orjson.OPT_PASSTHROUGH_DATETIME  # to Flask's conversion: HTTP dates, as before
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_NON_STR_KEYS  # numbers as keys become strings, as with the json module
    | orjson.OPT_APPEND_NEWLINE  # Flask ends its JSON bodies with a newline
)


class OrjsonProvider(DefaultJSONProvider):
    """Flask's JSON provider, with responses encoded by orjson."""

    sort_keys = False  # keep the field order of DESIGN.md in responses
    ensure_ascii = False  # Chinese stays readable in responses

    def response(self, *args: Any, **kwargs: Any) -> Response:
        if self.compact is False or (self.compact is None and self._app.debug):
            return super().response(*args, **kwargs)
        body = orjson.dumps(
            self._prepare_response_obj(args, kwargs), default=self.default, option=_OPTIONS
        )
        return current_app.response_class(body, mimetype=self.mimetype)
