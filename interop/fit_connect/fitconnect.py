# SPDX-License-Identifier: EUPL-1.2
"""What the FIT-Connect sender and subscriber of this folder share.

Written from FIT-Connect's published specification (Submission API v1, metadata schema
1.0.0, the event log's Security Event Tokens), not from the relay's Rust code: these
clients exist to find where the relay and the specification part.
"""

import hashlib
import json
import sys
from pathlib import Path

import jsonschema
import requests

HERE = Path(__file__).resolve().parent

# The metadata schema 1.0.0 (see README.md for where this copy comes from).
METADATA_SCHEMA_PATH = HERE / "metadata.schema.json"

# Event URIs of the event log (FIT-Connect "Ereignisse").
EVENTS = "https://schema.fitko.de/fit-connect/events/"
SUBMIT_SUBMISSION = EVENTS + "submit-submission"
ACCEPT_SUBMISSION = EVENTS + "accept-submission"
REJECT_SUBMISSION = EVENTS + "reject-submission"
SET_PAYLOAD_SCHEMA = "https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json"

# The JWE parameters FIT-Connect prescribes for data, metadata and attachments.
JWE_ALG = "RSA-OAEP-256"
JWE_ENC = "A256GCM"

# Requests never wait forever: a hanging relay should fail the check, not stall it.
TIMEOUT = 30


class ProtocolError(Exception):
    """The other side answered in a way the specification does not allow."""


def log(message):
    """Progress goes to stderr; stdout carries only the JSON result lines."""
    print(message, file=sys.stderr)


def expect(response, status, what):
    """Fails with the request, the status and the body when the answer is not `status`.

    The message is meant to be pasted into a bug report as it is.
    """
    if response.status_code != status:
        body = response.text[:2000]
        raise ProtocolError(
            f"{what}: {response.request.method} {response.request.url} answered "
            f"{response.status_code} (expected {status}): {body}"
        )
    return response


def fetch_token(api, client_file, scope=None):
    """OAuth 2.0 client credentials grant, as FIT-Connect's token endpoint takes it.

    Returns the whole token response: the subscriber reads the destination ids from its
    `scope` (`subscribe:destination:<id>`).
    """
    client = json.loads(Path(client_file).read_text())
    form = {
        "grant_type": "client_credentials",
        "client_id": client["client_id"],
        "client_secret": client["client_secret"],
    }
    # FITKO advises not to ask for scopes: the client's registered ones are granted.
    if scope:
        form["scope"] = scope
    response = requests.post(f"{api}/token", data=form, timeout=TIMEOUT)
    expect(response, 200, "token")
    token = response.json()
    for field in ("access_token", "token_type", "expires_in"):
        if field not in token:
            raise ProtocolError(f"token: the answer has no {field}: {token}")
    if token["token_type"].lower() != "bearer":
        raise ProtocolError(f"token: token_type is {token['token_type']!r}, not Bearer")
    return token


def session_with(token):
    """A requests session that sends the bearer token with every request."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token['access_token']}"
    return session


def sha512_hex(content):
    """The metadata's hash: SHA-512 of the unencrypted bytes, lowercase hex."""
    return hashlib.sha512(content).hexdigest()


def metadata_validator():
    """A validator for metadata schema 1.0.0 (draft 2020-12), with format checks."""
    schema = json.loads(METADATA_SCHEMA_PATH.read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_errors(validator, instance):
    """The schema violations of `instance`, each as 'path: message'."""
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"/{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in errors]


def authentication_tag(jwe_compact):
    """A JWE's authentication tag: the last of its five compact segments.

    FIT-Connect's accept-submission event names the tags of what the subscriber received,
    so the sender can tell that the authority got exactly what it uploaded.
    """
    parts = jwe_compact.split(".")
    if len(parts) != 5:
        raise ProtocolError(f"not a JWE in compact serialization ({len(parts)} segments)")
    return parts[4]


def result(line):
    """One JSON result line on stdout."""
    print(json.dumps(line, ensure_ascii=False), flush=True)
