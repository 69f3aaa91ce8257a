# SPDX-License-Identifier: EUPL-1.2
"""Schemathesis hooks for scripts/api-conformance.sh (loaded by scripts/schemathesis.toml).

FIT-Connect sends attachments and events as `application/jose` (a JWE or a JWS in
compact serialization: text). Schemathesis has no serializer for that media type; this
one sends the generated string as it is (anything else as its JSON text).
"""

import json

import schemathesis


@schemathesis.serializer("application/jose")
def jose(ctx, value):
    if value is None:
        return None
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    return json.dumps(value).encode("utf-8")
