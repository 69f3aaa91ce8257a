#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Writes the nationality code list into the Gewerbeanmeldung demo form.

The entries are the states and territories of ISO 3166-1 (values: alpha-3 codes) with
German and English names, from Debian's `iso-codes` package (its JSON and the German
gettext catalogue), offline and reproducible:

    apt-get install iso-codes      # only needed to regenerate; the result is committed
    scripts/gen-nationalities.py   # rewrites the "options" of field "nationality"

Germany comes first, then the rest in German alphabetical order, then the entries for
no or an unknown nationality (ICAO Doc 9303 codes XXA and XXX) and Kosovo (XKX, not in
ISO 3166-1). Uninhabited territories (Antarctica, Bouvet Island, …) are left out.
"""
import gettext
import json
import pathlib
import sys
import unicodedata

ISO_JSON = pathlib.Path("/usr/share/iso-codes/json/iso_3166-1.json")
ISO_DE = pathlib.Path("/usr/share/locale/de/LC_MESSAGES/iso_3166-1.mo")
FORM = pathlib.Path(__file__).resolve().parent.parent / "crates/central-api/demo/forms/gewerbeanmeldung.json"
FIELD = "nationality"
UNINHABITED = {"ATA", "BVT", "HMD", "SGS", "ATF", "UMI"}
# German names where the catalogue's would mislead.
GERMAN = {"TWN": "Taiwan"}
EXTRA = [
    ("XKX", "Kosovo", "Kosovo"),
]
LAST = [
    ("XXA", "staatenlos", "stateless"),
    ("XXX", "ungeklärt", "unknown"),
]


def sort_key(name: str) -> str:
    # German order (DIN 5007-1): umlauts as their base letters, case and accents ignored.
    name = name.replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c)).casefold()


def entries():
    if not ISO_JSON.exists() or not ISO_DE.exists():
        sys.exit("gen-nationalities: install Debian's iso-codes package (apt-get install iso-codes)")
    with ISO_DE.open("rb") as mo:
        de = gettext.GNUTranslations(mo)
    rows = []
    for c in json.loads(ISO_JSON.read_text(encoding="utf-8"))["3166-1"]:
        if c["alpha_3"] in UNINHABITED:
            continue
        en = c.get("common_name", c["name"])
        german = de.gettext(en) if "common_name" in c and de.gettext(en) != en else de.gettext(c["name"])
        rows.append((c["alpha_3"], GERMAN.get(c["alpha_3"], german), en))
    rows += EXTRA
    germany = [r for r in rows if r[0] == "DEU"]
    rest = sorted((r for r in rows if r[0] != "DEU"), key=lambda r: sort_key(r[1]))
    return germany + rest + LAST


def main():
    form = json.loads(FORM.read_text(encoding="utf-8"))
    fields = [f for s in form["steps"] for sec in s["sections"] for f in sec["fields"] if f["id"] == FIELD]
    if len(fields) != 1:
        sys.exit(f"gen-nationalities: field {FIELD!r} not found once in {FORM}")
    fields[0]["options"] = [{"value": v, "label": {"de": d, "en": e}} for v, d, e in entries()]
    FORM.write_text(json.dumps(form, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"gen-nationalities: {len(fields[0]['options'])} entries written to {FORM}")


if __name__ == "__main__":
    main()
