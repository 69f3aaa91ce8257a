# SPDX-License-Identifier: EUPL-1.2
"""A FIT-Connect subscriber (Submission API v1), independent of the relay's own code.

    subscriber.py --api URL --keys-dir data/authority-keys --authority kreis-dithmarschen-naturschutz

The authority's side: token (client credentials from `<authority>.client.json`; its
scope names the destinations, `subscribe:destination:<id>`) -> the submissions waiting
for pickup -> each submission with its encrypted metadata, data and attachments ->
decrypt with the authority's private key (`<authority>.<kid>.pem`, found by the JWE's
kid) -> check it as FIT-Connect's "Einreichung überprüfen" asks: metadata valid against
schema 1.0.0, the service and submission schema the destination's, the SHA-512 hashes of
data and attachments, the attachments the metadata describes are the ones uploaded, and
the relay's submit-submission event (signature checked with /.well-known/jwks.json) names
the authentication tags of what was fetched -> an accept-submission event with the
authentication tags, or a reject-submission event with the problems, signed (PS512) with
the authority's signature key (`<authority>.<kid>.signing.pem`).

Prints one JSON line per submission: {submissionId, caseId, decision, problems}.
"""

import argparse
import json
import sys
import time
import uuid
from pathlib import Path

import requests
from jwcrypto import jwe, jwk, jws
from jwcrypto.common import JWException

from fitconnect import (
    ACCEPT_SUBMISSION,
    JWE_ALG,
    JWE_ENC,
    REJECT_SUBMISSION,
    SET_PAYLOAD_SCHEMA,
    SUBMIT_SUBMISSION,
    TIMEOUT,
    ProtocolError,
    authentication_tag,
    expect,
    fetch_token,
    log,
    metadata_validator,
    result,
    schema_errors,
    session_with,
    sha512_hex,
)

# Problem types of reject-submission. FIT-Connect's list ("Einreichung überprüfen") was
# not at hand when this was written: the names follow its pattern, the instances are
# the ones it uses ("metadata", "data", "attachment:<id>").
PROBLEMS = "https://schema.fitko.de/fit-connect/events/problems/"


def problem(kind, title, detail, instance):
    return {"type": PROBLEMS + kind, "title": title, "detail": detail, "instance": instance}


class Keys:
    """The authority's private keys, from its own folder, by kid."""

    def __init__(self, keys_dir, authority):
        self.dir = Path(keys_dir)
        self.authority = authority

    def decryption_key(self, kid):
        path = self.dir / f"{self.authority}.{kid}.pem"
        if not path.is_file():
            return None
        return jwk.JWK.from_pem(path.read_bytes())

    def signing_key(self):
        """The newest signature key: `<authority>.<kid>.signing.pem`."""
        candidates = sorted(self.dir.glob(f"{self.authority}.*.signing.pem"), key=lambda p: p.stat().st_mtime)
        if not candidates:
            raise SystemExit(f"subscriber: no {self.authority}.<kid>.signing.pem in {self.dir}")
        path = candidates[-1]
        kid = path.name[len(self.authority) + 1 : -len(".signing.pem")]
        return kid, jwk.JWK.from_pem(path.read_bytes())


def decrypt(keys, compact, what, problems):
    """The plaintext of a JWE, or None with a problem when it cannot be opened.

    Only the algorithms FIT-Connect allows are accepted (RSA-OAEP-256, A256GCM).
    """
    try:
        token = jwe.JWE()
        token.deserialize(compact)
        header = token.jose_header
        if header.get("alg") != JWE_ALG or header.get("enc") != JWE_ENC:
            raise ValueError(f"alg {header.get('alg')!r}, enc {header.get('enc')!r}")
        if "zip" in header:
            raise ValueError(f"compressed (zip {header['zip']!r})")
        key = keys.decryption_key(header.get("kid", ""))
        if key is None:
            raise ValueError(f"no private key for kid {header.get('kid')!r}")
        token.allowed_algs = [JWE_ALG, JWE_ENC]
        token.decrypt(key)
        return token.payload
    except (JWException, ValueError) as error:
        problems.append(
            problem("encryption-issue", "Entschlüsselungsfehler", f"The {what} could not be decrypted: {error}", what)
        )
        return None


def relay_keys(api):
    """The relay's signature keys (JWKS) by kid, for its own events."""
    jwks = expect(requests.get(f"{api}/.well-known/jwks.json", timeout=TIMEOUT), 200, "jwks.json").json()
    keys = {}
    for key in jwks.get("keys", []):
        if key.get("alg") == "PS512" and "verify" in key.get("key_ops", ["verify"]):
            keys[key["kid"]] = jwk.JWK(**key)
    return keys


def verify_set(compact, keys):
    """Header and claims of a SET whose PS512 signature one of `keys` verifies."""
    token = jws.JWS()
    token.deserialize(compact)
    header = token.jose_header
    if header.get("typ") != "secevent+jwt" or header.get("alg") != "PS512":
        raise ProtocolError(f"SET header is {header}, expected typ secevent+jwt and alg PS512")
    key = keys.get(header.get("kid"))
    if key is None:
        raise ProtocolError(f"SET signed with unknown key {header.get('kid')!r}")
    token.allowed_algs = ["PS512"]
    token.verify(key)
    return header, json.loads(token.payload)


def submit_event(api, http, case_id, submission_id, relay_jwks):
    """The relay's submit-submission event of this submission, its signature checked."""
    response = expect(http.get(f"{api}/v1/cases/{case_id}/events", timeout=TIMEOUT), 200, "case events")
    log_body = response.json()
    found = None
    for compact in log_body.get("eventLog", []):
        try:
            _, claims = verify_set(compact, relay_jwks)
        except ProtocolError:
            # Events the authority signed itself (accept/reject) are not the relay's.
            continue
        except JWException as error:
            raise ProtocolError(f"case {case_id}: a relay event's signature does not verify: {error}")
        if SUBMIT_SUBMISSION in claims.get("events", {}) and claims.get("sub") == f"submission:{submission_id}":
            if claims.get("txn") != f"case:{case_id}":
                raise ProtocolError(f"submit-submission names {claims.get('txn')}, expected case:{case_id}")
            found = claims
    if found is None:
        raise ProtocolError(f"case {case_id}: no submit-submission event of {submission_id} signed by the relay")
    return found


def check(api, http, keys, validator, destinations, submission, relay_jwks):
    """Fetches and checks one submission; the problems and the authentication tags."""
    problems = []
    sid = submission["submissionId"]
    full = expect(http.get(f"{api}/v1/submissions/{sid}", timeout=TIMEOUT), 200, f"submission {sid}").json()
    for field in ("destinationId", "submissionId", "caseId", "attachments", "serviceType", "encryptedMetadata"):
        if field not in full:
            raise ProtocolError(f"submission {sid} has no {field}: {list(full)}")
    tags = {"metadata": authentication_tag(full["encryptedMetadata"]), "attachments": {}}
    if full.get("encryptedData"):
        tags["data"] = authentication_tag(full["encryptedData"])

    # Metadata: decrypt, then validate against the schema before trusting any of it.
    plain = decrypt(keys, full["encryptedMetadata"], "metadata", problems)
    if plain is None:
        return problems, tags
    try:
        metadata = json.loads(plain)
    except ValueError:
        return problems + [problem("syntax-violation", "Syntax-Fehler", "The metadata is not JSON.", "metadata")], tags
    errors = schema_errors(validator, metadata)
    if errors:
        detail = "The metadata violate schema 1.0.0: " + "; ".join(errors)
        return problems + [problem("schema-violation", "Schema-Fehler", detail, "metadata")], tags

    # The service: the submission's, the metadata's and one the destination offers.
    destination = destinations[full["destinationId"]]
    offered = {s["identifier"]: s for s in destination.get("services", [])}
    service_id = full["serviceType"].get("identifier")
    declared = metadata.get("publicServiceType", {}).get("identifier")
    if service_id not in offered:
        problems.append(
            problem("unsupported-service", "Leistung nicht unterstützt", f"{service_id} is not offered here.", "submission")
        )
    elif declared is not None and declared != service_id:
        problems.append(
            problem("service-mismatch", "Leistung abweichend", f"Metadata name {declared}, the submission {service_id}.", "metadata")
        )

    # Data: decrypt, compare the hash, the schema must be one of the service's.
    structure = metadata["contentStructure"]
    described = structure.get("data")
    if full.get("encryptedData") and described is None:
        problems.append(problem("missing-data", "Fachdaten nicht beschrieben", "Data were sent, the metadata describe none.", "metadata"))
    elif described is not None and not full.get("encryptedData"):
        problems.append(problem("missing-data", "Fachdaten fehlen", "The metadata describe data, none were sent.", "data"))
    elif described is not None:
        schema = described["submissionSchema"]
        allowed = offered.get(service_id, {}).get("submissionSchemas", [])
        if not any(s.get("schemaUri") == schema["schemaUri"] and s.get("mimeType") == schema["mimeType"] for s in allowed):
            problems.append(
                problem("unsupported-schema", "Fachdatenschema nicht unterstützt", f"{schema['schemaUri']} is not accepted for {service_id}.", "metadata")
            )
        data = decrypt(keys, full["encryptedData"], "data", problems)
        if data is not None:
            if sha512_hex(data) != described["hash"]["content"]:
                problems.append(
                    problem("hash-mismatch", "Prüfsumme stimmt nicht", "The SHA-512 hash of the data differs from the metadata's.", "data")
                )
            try:
                json.loads(data)
            except ValueError:
                problems.append(problem("syntax-violation", "Syntax-Fehler", "The data are not JSON.", "data"))

    # Attachments: exactly those the metadata describe were uploaded, each with its hash.
    uploaded = set(full["attachments"])
    listed = {a["attachmentId"]: a for a in structure["attachments"]}
    for missing in sorted(set(listed) - uploaded):
        problems.append(problem("missing-attachment", "Anlage fehlt", f"Attachment {missing} was not uploaded.", f"attachment:{missing}"))
    for extra in sorted(uploaded - set(listed)):
        problems.append(problem("attachment-mismatch", "Anlage nicht beschrieben", f"Attachment {extra} is not in the metadata.", f"attachment:{extra}"))
    for aid in sorted(uploaded & set(listed)):
        response = expect(
            http.get(f"{api}/v1/submissions/{sid}/attachments/{aid}", timeout=TIMEOUT), 200, f"attachment {aid}"
        )
        if not response.headers.get("Content-Type", "").startswith("application/jose"):
            raise ProtocolError(f"attachment {aid} came as {response.headers.get('Content-Type')!r}, not application/jose")
        compact = response.text.strip()
        tags["attachments"][aid] = authentication_tag(compact)
        content = decrypt(keys, compact, f"attachment:{aid}", problems)
        if content is not None and sha512_hex(content) != listed[aid]["hash"]["content"]:
            problems.append(
                problem("hash-mismatch", "Prüfsumme stimmt nicht", f"The SHA-512 hash of attachment {aid} differs from the metadata's.", f"attachment:{aid}")
            )

    # The relay's own record of what the sender submitted: its tags must be ours, or
    # someone exchanged a part between the sender and us.
    event = submit_event(api, http, full["caseId"], sid, relay_jwks)
    relay_tags = event["events"][SUBMIT_SUBMISSION].get("authenticationTags")
    if relay_tags is not None and relay_tags != tags:
        problems.append(
            problem("incorrect-authentication-tag", "Authentication-Tag ungültig", f"submit-submission names {relay_tags}, fetched were {tags}.", "submission")
        )
    return problems, tags


def decision_set(destination_id, submission, problems, tags, kid, key):
    """The signed accept-submission or reject-submission event (SET, PS512)."""
    if problems:
        event = {REJECT_SUBMISSION: {"problems": problems}}
    else:
        event = {ACCEPT_SUBMISSION: {"authenticationTags": tags}}
    claims = {
        "$schema": SET_PAYLOAD_SCHEMA,
        "jti": str(uuid.uuid4()),
        # A subscriber's events are issued by its destination.
        "iss": destination_id,
        "iat": int(time.time()),
        "sub": f"submission:{submission['submissionId']}",
        "txn": f"case:{submission['caseId']}",
        "events": event,
    }
    token = jws.JWS(json.dumps(claims).encode("utf-8"))
    token.add_signature(key, alg="PS512", protected=json.dumps({"typ": "secevent+jwt", "alg": "PS512", "kid": kid}))
    return token.serialize(compact=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", required=True, help="the relay's origin, e.g. http://127.0.0.1:8080")
    parser.add_argument("--keys-dir", required=True, help="the authority's own key folder")
    parser.add_argument("--authority", required=True, help="the authority's id (names its files)")
    parser.add_argument("--submission", help="only this submission id")
    args = parser.parse_args()
    api = args.api.rstrip("/")
    keys = Keys(args.keys_dir, args.authority)
    sign_kid, sign_key = keys.signing_key()
    validator = metadata_validator()

    token = fetch_token(api, Path(args.keys_dir) / f"{args.authority}.client.json")
    http = session_with(token)
    scopes = token.get("scope", "").split()
    destination_ids = [s.split(":", 2)[2] for s in scopes if s.startswith("subscribe:destination:")]
    if not destination_ids:
        raise ProtocolError(f"token: no subscribe:destination scope in {token.get('scope')!r}")

    # The destination's own public signature key must be the one we sign with: the
    # relay checks our events with it (keys endpoint, key_ops verify, alg PS512).
    destinations = {}
    for destination_id in destination_ids:
        destinations[destination_id] = expect(
            http.get(f"{api}/v1/destinations/{destination_id}", timeout=TIMEOUT), 200, "destination"
        ).json()
        public = expect(
            requests.get(f"{api}/v1/destinations/{destination_id}/keys/{sign_kid}", timeout=TIMEOUT),
            200,
            "signature key",
        ).json()
        if public.get("alg") != "PS512" or "verify" not in public.get("key_ops", []):
            raise ProtocolError(f"keys/{sign_kid} is not a signature key: {public}")
        if (public.get("n"), public.get("e")) != (sign_key.export_public(as_dict=True)["n"], "AQAB"):
            raise ProtocolError(f"keys/{sign_kid} is not the public half of our signature key")
    relay_jwks = relay_keys(api)

    for destination_id in destination_ids:
        listing = expect(
            http.get(f"{api}/v1/submissions", params={"destinationId": destination_id}, timeout=TIMEOUT),
            200,
            "submissions for pickup",
        ).json()
        for field in ("count", "offset", "totalCount", "submissions"):
            if field not in listing:
                raise ProtocolError(f"submissions for pickup: no {field} in {listing}")
        for submission in listing["submissions"]:
            if args.submission and submission["submissionId"] != args.submission:
                continue
            if submission.get("destinationId") != destination_id:
                raise ProtocolError(f"pickup list of {destination_id} names {submission}")
            log(f"subscriber: checking submission {submission['submissionId']}")
            problems, tags = check(api, http, keys, validator, destinations, submission, relay_jwks)
            event = decision_set(destination_id, submission, problems, tags, sign_kid, sign_key)
            expect(
                http.post(
                    f"{api}/v1/cases/{submission['caseId']}/events",
                    data=event.encode("ascii"),
                    headers={"Content-Type": "application/jose"},
                    timeout=TIMEOUT,
                ),
                204,
                "send decision event",
            )
            result(
                {
                    "submissionId": submission["submissionId"],
                    "caseId": submission["caseId"],
                    "decision": "rejected" if problems else "accepted",
                    "problems": problems,
                }
            )


if __name__ == "__main__":
    try:
        main()
    except ProtocolError as error:
        sys.exit(f"subscriber: {error}")
