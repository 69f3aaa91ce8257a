# SPDX-License-Identifier: EUPL-1.2
"""A FIT-Connect sender (Submission API v1), independent of the relay's own code.

    sender.py --api URL --client CLIENT.json --leika 99136002000000 --ars 010510044044 \
        --answers answers/baumfaellgenehmigung.json --attach site_plan=site-plan.pdf

Steps, as the specification orders them: token (client credentials) -> routing (find the
destination for service and place) -> destination (its service, submission schema and
encryption key id) -> the encryption key -> encrypt data, attachments and metadata for
it -> create the submission (announcing the attachments) -> upload the attachments ->
submit. Prints one JSON line: {submissionId, caseId, reference, statusToken,
destinationId, authenticationTags} (the tags of what was uploaded, for status.py).

`--attach FIELD=PATH` adds a file: it becomes an attachment of the submission, and the
answer of FIELD (a `file` field of the form) describes it as the portal does, with
{id, name, media_type, size}. `--wrong-data-hash` puts the hash of other bytes into the
metadata, so that a correct subscriber must reject the submission. `--zip` compresses
every JWE (`zip` DEF, RFC 7516 4.1.3), as some FIT-Connect SDKs always do.
"""

import argparse
import json
import mimetypes
import sys
import uuid
from pathlib import Path

import requests
from jwcrypto import jwe, jwk

from fitconnect import (
    JWE_ALG,
    JWE_ENC,
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

LEIKA_URN = "urn:de:fim:leika:leistung:"


def find_destination(api, leika, ars):
    """The destination responsible for the service in the place (Routing API).

    Also returns the encryption key the route publishes, to compare it with the one the
    Submission API hands out: both must be the same key.
    """
    response = expect(
        # The Routing API is public: no token.
        requests.get(
            f"{api}/v1/routes", params={"leikaKey": leika, "ars": ars}, timeout=TIMEOUT
        ),
        200,
        "routes",
    )
    routes = response.json()
    if not routes.get("routes"):
        raise ProtocolError(f"routes: no destination for leikaKey {leika} and ars {ars}: {routes}")
    route = routes["routes"][0]
    params = route.get("destinationParameters", {})
    route_keys = {k.get("kid"): k for k in params.get("publicKeys", {}).get("keys", [])}
    return route["destinationId"], params.get("encryptionKid"), route_keys


def check_destination(destination, destination_id, leika):
    """The destination's service for the LeiKa key and its JSON submission schema."""
    if destination.get("destinationId") != destination_id:
        raise ProtocolError(f"destination: asked for {destination_id}, got {destination}")
    if destination.get("status") != "active":
        raise ProtocolError(f"destination {destination_id} is {destination.get('status')!r}, not active")
    if "1.0.0" not in destination.get("metadataVersions", []):
        raise ProtocolError(f"destination does not take metadata 1.0.0: {destination.get('metadataVersions')}")
    identifier = LEIKA_URN + leika
    for service in destination.get("services", []):
        if service.get("identifier") != identifier:
            continue
        for schema in service.get("submissionSchemas", []):
            if schema.get("mimeType") == "application/json":
                return service, schema
    raise ProtocolError(f"destination has no service {identifier} with a JSON submission schema: {destination}")


def check_encryption_key(key):
    """An encryption key as FIT-Connect's JWK schema describes it."""
    problems = []
    if key.get("kty") != "RSA":
        problems.append(f"kty is {key.get('kty')!r}")
    if key.get("alg") != JWE_ALG:
        problems.append(f"alg is {key.get('alg')!r}")
    if "wrapKey" not in key.get("key_ops", []):
        problems.append(f"key_ops {key.get('key_ops')} lacks wrapKey")
    if key.get("e") != "AQAB":
        problems.append(f"e is {key.get('e')!r}")
    if problems:
        raise ProtocolError(f"encryption key {key.get('kid')}: " + "; ".join(problems))


def encrypt(content, key, kid, cty, zip_def=False):
    """JWE compact serialization, RSA-OAEP-256 + A256GCM, for the destination's key.

    `kid` names the destination's encryption key, so that the subscriber knows which of
    its private keys opens it. With `zip_def` the content is compressed first (jwcrypto
    deflates when the protected header says `zip` DEF).
    """
    header = {"alg": JWE_ALG, "enc": JWE_ENC, "kid": kid}
    if cty:
        header["cty"] = cty
    if zip_def:
        header["zip"] = "DEF"
    token = jwe.JWE(content, protected=json.dumps(header))
    token.add_recipient(key)
    return token.serialize(compact=True)


def attachments_from(specs):
    """--attach FIELD=PATH arguments as (field, attachment) pairs."""
    attachments = []
    for spec in specs:
        field, _, path = spec.partition("=")
        if not field or not path:
            raise SystemExit(f"--attach {spec!r}: expected FIELD=PATH")
        path = Path(path)
        content = path.read_bytes()
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        attachments.append(
            (
                field,
                {
                    # The sender makes the attachment ids (UUIDv4), and announces them.
                    "id": str(uuid.uuid4()),
                    "name": path.name,
                    "media_type": media_type,
                    "content": content,
                },
            )
        )
    return attachments


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", required=True, help="the relay's origin, e.g. http://127.0.0.1:8080")
    parser.add_argument("--client", required=True, help="the sender's credentials {client_id, client_secret}")
    parser.add_argument("--leika", required=True, help="LeiKa key of the service (14 digits)")
    parser.add_argument("--ars", required=True, help="the place (ARS, 12 digits)")
    parser.add_argument("--answers", required=True, help="the answers (JSON) for the service's form")
    parser.add_argument("--attach", action="append", default=[], metavar="FIELD=PATH")
    parser.add_argument("--service-name", default="Interop test", help="serviceType.name")
    parser.add_argument("--wrong-data-hash", action="store_true", help="announce a wrong data hash")
    parser.add_argument("--zip", action="store_true", help="compress every JWE (zip DEF)")
    args = parser.parse_args()
    api = args.api.rstrip("/")

    token = fetch_token(api, args.client)
    http = session_with(token)
    log(f"sender: token with scope {token.get('scope')!r}")

    destination_id, route_kid, route_keys = find_destination(api, args.leika, args.ars)
    log(f"sender: destination {destination_id} for {args.leika} in {args.ars}")

    destination = expect(http.get(f"{api}/v1/destinations/{destination_id}", timeout=TIMEOUT), 200, "destination").json()
    service, submission_schema = check_destination(destination, destination_id, args.leika)
    kid = destination.get("encryptionKid")
    if not kid:
        raise ProtocolError(f"destination has no encryptionKid: {destination}")
    if route_kid is not None and route_kid != kid:
        raise ProtocolError(f"routes names encryption key {route_kid}, the destination {kid}")

    # The keys endpoint is public; the key must be the one the route published too.
    public = expect(
        http.get(f"{api}/v1/destinations/{destination_id}/keys/{kid}", timeout=TIMEOUT), 200, "destination key"
    ).json()
    check_encryption_key(public)
    if public.get("kid") != kid:
        raise ProtocolError(f"keys/{kid} returned a key with kid {public.get('kid')!r}")
    if kid in route_keys and (route_keys[kid].get("n"), route_keys[kid].get("e")) != (public["n"], public["e"]):
        raise ProtocolError(f"the route and the destination publish different keys under kid {kid}")
    key = jwk.JWK(**{k: public[k] for k in ("kty", "n", "e")})

    # The answers, with a description of each attached file in its field's answer.
    answers = json.loads(Path(args.answers).read_text())
    attachments = attachments_from(args.attach)
    for field, a in attachments:
        answers.setdefault(field, []).append(
            {"id": a["id"], "name": a["name"], "media_type": a["media_type"], "size": str(len(a["content"]))}
        )
    data = json.dumps(answers, ensure_ascii=False).encode("utf-8")

    data_hash = sha512_hex(data)
    if args.wrong_data_hash:
        data_hash = sha512_hex(data + b" ")
    metadata = {
        "contentStructure": {
            "data": {
                "hash": {"type": "sha512", "content": data_hash},
                "submissionSchema": {
                    "schemaUri": submission_schema["schemaUri"],
                    "mimeType": submission_schema["mimeType"],
                },
            },
            "attachments": [
                {
                    "attachmentId": a["id"],
                    "hash": {"type": "sha512", "content": sha512_hex(a["content"])},
                    "purpose": "attachment",
                    "mimeType": a["media_type"],
                    "filename": a["name"],
                }
                for _, a in attachments
            ],
        },
        "publicServiceType": {"identifier": service["identifier"], "name": args.service_name},
    }
    # The sender is responsible for valid metadata: check before anything is sent.
    errors = schema_errors(metadata_validator(), metadata)
    if errors:
        raise SystemExit("sender: the metadata violates schema 1.0.0:\n" + "\n".join(errors))

    # 1. Create: announce the attachments by id.
    created = expect(
        http.post(
            f"{api}/v1/submissions",
            json={
                "destinationId": destination_id,
                "announcedAttachments": [a["id"] for _, a in attachments],
                "serviceType": {"name": args.service_name, "identifier": service["identifier"]},
            },
            timeout=TIMEOUT,
        ),
        201,
        "create submission",
    ).json()
    for field in ("submissionId", "destinationId", "caseId"):
        if field not in created:
            raise ProtocolError(f"create submission: the answer has no {field}: {created}")
    submission_id = created["submissionId"]
    log(f"sender: created submission {submission_id} (case {created['caseId']})")

    # 2. Upload every announced attachment, encrypted, as application/jose. The
    # authentication tags are kept: the authority's acceptance must name the same.
    tags = {"attachments": {}}
    for _, a in attachments:
        body = encrypt(a["content"], key, kid, a["media_type"], args.zip)
        tags["attachments"][a["id"]] = authentication_tag(body)
        expect(
            http.put(
                f"{api}/v1/submissions/{submission_id}/attachments/{a['id']}",
                data=body.encode("ascii"),
                headers={"Content-Type": "application/jose"},
                timeout=TIMEOUT,
            ),
            204,
            f"upload attachment {a['id']}",
        )
        log(f"sender: uploaded attachment {a['id']} ({a['name']}, {len(a['content'])} bytes)")

    # 3. Submit: metadata and data, each a JWE.
    encrypted_metadata = encrypt(json.dumps(metadata).encode("utf-8"), key, kid, "application/json", args.zip)
    encrypted_data = encrypt(data, key, kid, "application/json", args.zip)
    tags["metadata"] = authentication_tag(encrypted_metadata)
    tags["data"] = authentication_tag(encrypted_data)
    submitted = expect(
        http.put(
            f"{api}/v1/submissions/{submission_id}",
            json={"encryptedMetadata": encrypted_metadata, "encryptedData": encrypted_data},
            timeout=TIMEOUT,
        ),
        202,
        "submit submission",
    )
    log(f"sender: submitted {submission_id}: {submitted.text[:300]}")

    result(
        {
            "submissionId": submission_id,
            "caseId": created["caseId"],
            # The relay's extensions: the citizen's reference and the status link's token.
            "reference": created.get("reference"),
            "statusToken": created.get("statusToken"),
            "destinationId": destination_id,
            "authenticationTags": tags,
        }
    )


if __name__ == "__main__":
    try:
        main()
    except ProtocolError as error:
        sys.exit(f"sender: {error}")
