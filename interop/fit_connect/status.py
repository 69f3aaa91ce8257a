# SPDX-License-Identifier: EUPL-1.2
"""The sender's view of a decision: the case's event log, every event's signature checked.

    status.py --api URL --client CLIENT.json --sent SENDER-LINE.json

SENDER-LINE.json is the line sender.py printed. FIT-Connect lets the sender read the
case's event log: the relay's events are checked with its /.well-known/jwks.json, the
authority's accept-submission or reject-submission with the destination's signature key
(GET /v1/destinations/{iss}/keys/{kid}). An accept-submission must name the
authentication tags of exactly what the sender uploaded.

Prints one JSON line: {submissionId, decision, problems, tagsMatch}; exits 1 when an
event does not verify or no decision is there.
"""

import argparse
import json
import sys
from pathlib import Path

import requests
from jwcrypto import jwk, jws
from jwcrypto.common import JWException

from fitconnect import (
    ACCEPT_SUBMISSION,
    REJECT_SUBMISSION,
    TIMEOUT,
    ProtocolError,
    expect,
    fetch_token,
    result,
    session_with,
)


def verify(compact, key):
    """The claims of a PS512-signed SET whose header FIT-Connect's rules allow."""
    token = jws.JWS()
    token.deserialize(compact)
    header = token.jose_header
    if header.get("typ") != "secevent+jwt" or header.get("alg") != "PS512":
        raise ProtocolError(f"SET header {header}: expected typ secevent+jwt, alg PS512")
    token.allowed_algs = ["PS512"]
    try:
        token.verify(key)
    except JWException as error:
        raise ProtocolError(f"SET signed by {header.get('kid')} does not verify: {error}")
    return json.loads(token.payload)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", required=True)
    parser.add_argument("--client", required=True)
    parser.add_argument("--sent", required=True, help="the JSON line sender.py printed")
    args = parser.parse_args()
    api = args.api.rstrip("/")
    sent = json.loads(Path(args.sent).read_text())
    http = session_with(fetch_token(api, args.client))

    jwks = expect(requests.get(f"{api}/.well-known/jwks.json", timeout=TIMEOUT), 200, "jwks.json").json()
    relay = {k["kid"]: jwk.JWK(**k) for k in jwks.get("keys", [])}

    events = expect(http.get(f"{api}/v1/cases/{sent['caseId']}/events", timeout=TIMEOUT), 200, "case events").json()
    decision = None
    for compact in events.get("eventLog", []):
        header = jws.JWS()
        header.deserialize(compact)
        kid = header.jose_header.get("kid")
        if kid in relay:
            claims = verify(compact, relay[kid])
        else:
            # Not the relay's: an authority's, checked with its destination's key.
            unverified = json.loads(header.objects["payload"])
            destination = unverified.get("iss")
            if destination != sent["destinationId"]:
                raise ProtocolError(f"an event of {destination!r} in the case of destination {sent['destinationId']}")
            public = expect(
                requests.get(f"{api}/v1/destinations/{destination}/keys/{kid}", timeout=TIMEOUT), 200, "signature key"
            ).json()
            if public.get("alg") != "PS512" or "verify" not in public.get("key_ops", []):
                raise ProtocolError(f"key {kid} of {destination} is not a signature key: {public}")
            claims = verify(compact, jwk.JWK(**public))
        if claims.get("sub") != f"submission:{sent['submissionId']}":
            continue
        if ACCEPT_SUBMISSION in claims["events"]:
            decision = ("accepted", [], claims["events"][ACCEPT_SUBMISSION].get("authenticationTags"))
        elif REJECT_SUBMISSION in claims["events"]:
            decision = ("rejected", claims["events"][REJECT_SUBMISSION].get("problems", []), None)
    if decision is None:
        raise ProtocolError(f"case {sent['caseId']}: no accept-submission or reject-submission event")
    status, problems, tags = decision
    result(
        {
            "submissionId": sent["submissionId"],
            "decision": status,
            "problems": problems,
            # Only an acceptance names tags; None where there is nothing to compare.
            "tagsMatch": None if tags is None else tags == sent.get("authenticationTags"),
        }
    )


if __name__ == "__main__":
    try:
        main()
    except ProtocolError as error:
        sys.exit(f"status: {error}")
