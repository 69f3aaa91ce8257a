// SPDX-License-Identifier: EUPL-1.2
//! The hand decoders (`FromValue`, what the portal uses) accept exactly what serde's
//! derived `Deserialize` accepts, and read the same: `T::from_value(&v)` equals
//! `serde_json::from_value::<T>(v).ok()` for full answers, for each member missing,
//! null or of another type (at every depth), and for generated JSON.

use std::fmt::Debug;

use api_types::{
    Address, Authority, Catalogue, DestinationParameters, FieldProblem, FormRef, FromValue,
    Municipality, MunicipalityRef, Place, Problem, Provider, PublicKeys, ServiceDetail, ServiceRef,
    ServiceSummary, SubmissionStatus, Topic,
};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

fn serde<T: DeserializeOwned>(v: &Value) -> Option<T> {
    serde_json::from_value(v.clone()).ok()
}

/// Both decoders on `v`: the same answer.
fn agree<T: FromValue + DeserializeOwned + PartialEq + Debug>(v: &Value) -> Option<T> {
    let by_hand = T::from_value(v);
    assert_eq!(by_hand, serde::<T>(v), "{v}");
    by_hand
}

/// What a member may be changed to: gone, null, or a value of each other JSON type.
fn replacements() -> [Option<Value>; 12] {
    [
        None,
        Some(Value::Null),
        Some(json!(true)),
        Some(json!(7)),
        Some(json!(3.0)),
        Some(json!(3.5)),
        Some(json!(-1)),
        Some(json!(70_000)),
        Some(json!("x")),
        Some(json!([])),
        Some(json!(["x"])),
        Some(json!({})),
    ]
}

/// `full` with one change: each member (at any depth) missing, null or replaced, each
/// array element dropped, and the whole as an array of its members' values.
fn variants(full: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    match full {
        Value::Object(members) => {
            for (name, member) in members {
                for replacement in replacements() {
                    let mut changed = members.clone();
                    match replacement {
                        None => changed.remove(name),
                        Some(r) => changed.insert(name.clone(), r),
                    };
                    out.push(Value::Object(changed));
                }
                for inner in variants(member) {
                    let mut changed = members.clone();
                    changed.insert(name.clone(), inner);
                    out.push(Value::Object(changed));
                }
            }
            let mut more = members.clone();
            more.insert("added_later".into(), json!({"any": [1]}));
            out.push(Value::Object(more));
            // serde_json reads a struct from an array too, its members by position (here in
            // the map's order, mostly not the declaration order: the generated JSON below
            // has that).
            let values: Vec<Value> = members.values().cloned().collect();
            for len in 0..=values.len() {
                out.push(Value::Array(values[..len].to_vec()));
            }
            let mut longer = values;
            longer.push(Value::Null);
            out.push(Value::Array(longer));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let mut fewer = items.clone();
                fewer.remove(i);
                out.push(Value::Array(fewer));
                for inner in variants(item) {
                    let mut changed = items.clone();
                    changed[i] = inner;
                    out.push(Value::Array(changed));
                }
            }
        }
        _ => {}
    }
    for replacement in replacements().into_iter().flatten() {
        out.push(replacement);
    }
    out
}

/// `full` decodes, and so does `minimal` (the required
/// members only); every variant of either decodes the same by hand as by serde.
fn check<T: FromValue + DeserializeOwned + PartialEq + Debug>(full: Value, minimal: Value) {
    assert!(agree::<T>(&full).is_some(), "full sample: {full}");
    assert!(agree::<T>(&minimal).is_some(), "minimal sample: {minimal}");
    let (mut accepted, mut refused) = (0, 0);
    for v in variants(&full).iter().chain(&variants(&minimal)) {
        match agree::<T>(v) {
            Some(_) => accepted += 1,
            None => refused += 1,
        }
    }
    assert!(
        accepted > 0 && refused > 0,
        "{accepted} accepted, {refused} refused"
    );
}

fn form_ref() -> Value {
    json!({"id": "gewerbe", "version": 2})
}

fn authority() -> Value {
    json!({"id": "amt-heide", "name": "Stadt Heide",
        "address": {"street": "Markt 1", "postcode": "25746", "city": "Heide"},
        "email": "a@heide.example", "phone": "0481", "website": "https://heide.example",
        "opening_hours": "Mo 8–12"})
}

fn service_summary() -> Value {
    json!({"leika": "99050012104000", "name": "Gewerbe", "summary": "Anmelden",
        "form": form_ref(), "external_url": "https://x.example", "categories": ["wirtschaft"],
        "life_situations": ["gruendung"], "popular": true,
        "provider": {"id": "ea-sh", "name": "EA.SH"}})
}

#[test]
fn catalogue() {
    let municipality = json!({"ars": "010510000000", "name": "Dithmarschen", "kind": "kreis",
        "parent_ars": "010000000000", "theme": {"colors": {"primary": "#123456"}},
        "allowed_origins": ["https://kreis.example"]});
    check::<Municipality>(
        municipality.clone(),
        json!({"ars": "010510000000", "name": "Dithmarschen"}),
    );
    let topic = json!({"id": "wirtschaft", "name": "Wirtschaft"});
    check::<Topic>(topic.clone(), topic.clone());
    check::<Provider>(topic.clone(), topic.clone());
    check::<FormRef>(form_ref(), form_ref());
    check::<ServiceSummary>(service_summary(), json!({"leika": "1", "name": "x"}));
    check::<Catalogue>(
        json!({"municipality": municipality, "services": [service_summary()],
            "categories": [topic], "life_situations": []}),
        json!({"municipality": {"ars": "1", "name": "x"}}),
    );
}

#[test]
fn service_detail() {
    check::<ServiceDetail>(
        json!({"leika": "99136002000000", "name": "Baumfällgenehmigung", "summary": "s",
            "description": "d", "fees": "30 €", "processing_time": "2 Wochen",
            "documents": ["Lageplan", "Fotos"], "documents_separately": ["Fotos"],
            "legal_basis": "§ 1", "form": form_ref(), "external_url": null,
            "categories": [{"id": "umwelt", "name": "Umwelt"}], "life_situations": [],
            "routing": "place_required", "popular": false,
            "provider": {"id": "ea-sh", "name": "EA.SH"}}),
        json!({"leika": "1", "name": "x"}),
    );
}

#[test]
fn places() {
    let municipality = json!({"ars": "010515172048", "name": "Heide", "kind": "stadt"});
    check::<MunicipalityRef>(municipality.clone(), municipality.clone());
    check::<Place>(
        json!({"name": "Heide", "postcode": "25746", "ars": "010515172048",
            "municipality": municipality}),
        json!({"name": "Heide", "postcode": "25746", "ars": "010515172048"}),
    );
    check::<Vec<Place>>(
        json!([{"name": "Heide", "postcode": "25746", "ars": "1", "municipality": null}]),
        json!([]),
    );
}

#[test]
fn routing() {
    check::<Address>(
        authority()["address"].clone(),
        authority()["address"].clone(),
    );
    check::<Authority>(
        authority(),
        json!({"id": "a", "name": "A", "email": "", "phone": "",
            "address": {"street": "", "postcode": "", "city": ""}}),
    );
    let keys = json!({"keys": [{"kid": "k1", "n": "xyz", "e": "AQAB"}]});
    check::<PublicKeys>(keys.clone(), json!({"keys": []}));
    check::<DestinationParameters>(
        json!({"encryptionKid": "k1", "publicKeys": keys, "services": ["99050012104000"],
            "validUntil": 1_800_000_000, "metadataVersions": ["1.0.0"], "status": "active",
            "submissionSchemas": [{"schemaUri": "urn:x", "mimeType": "application/json"}],
            "submissionUrl": "https://relay.example"}),
        json!({"encryptionKid": "k1", "publicKeys": {"keys": []}, "validUntil": -5}),
    );
}

#[test]
fn submission_status() {
    let service = json!({"leika": "99050012104000", "name": "Gewerbe"});
    check::<ServiceRef>(service.clone(), service.clone());
    check::<SubmissionStatus>(
        json!({"reference": "R-1", "status": "rejected", "created_at": "2026-12-03T05:00:00Z",
            "decided_at": "2026-12-04T05:00:00Z", "reason": "unvollständig",
            "service": service, "form": form_ref(), "authority": authority()}),
        json!({"reference": "R-1", "status": "received", "created_at": "2026-12-03T05:00:00Z",
            "service": service, "form": form_ref()}),
    );
}

#[test]
fn problems() {
    let field = json!({"path": "betrieb.plz", "code": "too_short", "detail": "Zu kurz.", "min": 5});
    check::<FieldProblem>(field.clone(), json!({"path": "p", "code": "c"}));
    check::<Problem>(
        json!({"type": "about:blank", "title": "Invalid answers", "status": 422,
            "detail": "d", "errors": [field], "authority": "amt-heide"}),
        json!({}),
    );
}

#[test]
fn version_numbers_are_whole_numbers_up_to_u32() {
    for (version, read) in [
        (json!(3), Some(3)),
        (json!(3.0), Some(3)),
        (json!(4_294_967_295_u64), Some(u32::MAX)),
        (json!(4_294_967_296_u64), None),
        (json!(3.5), None),
        (json!(-1), None),
        (json!(-0.0), Some(0)),
        (json!(1e300), None),
        (json!("3"), None),
    ] {
        let form = agree::<FormRef>(&json!({"id": "f", "version": version}));
        assert_eq!(form.map(|f| f.version), read, "{version}");
    }
}

// --- Generated JSON ---------------------------------------------------------------------

/// What a member holds, to generate JSON near a type: mostly what it should be, now and
/// then missing, null or something else.
#[derive(Clone, Debug)]
enum Shape {
    Text,
    Bool,
    Whole,
    U16,
    I64,
    Any,
    Opt(Box<Shape>),
    List(Box<Shape>),
    Obj(Vec<(&'static str, Shape)>),
}
use Shape::*;

fn opt(shape: Shape) -> Shape {
    Opt(Box::new(shape))
}

fn list(shape: Shape) -> Shape {
    List(Box::new(shape))
}

fn named(a: &'static str, b: &'static str) -> Shape {
    Obj(vec![(a, Text), (b, Text)])
}

fn form_ref_shape() -> Shape {
    Obj(vec![("id", Text), ("version", Whole)])
}

fn municipality_shape() -> Shape {
    Obj(vec![
        ("ars", Text),
        ("name", Text),
        ("kind", Text),
        ("parent_ars", opt(Text)),
        ("theme", Any),
        ("allowed_origins", list(Text)),
    ])
}

fn service_summary_shape() -> Shape {
    Obj(vec![
        ("leika", Text),
        ("name", Text),
        ("summary", Text),
        ("form", opt(form_ref_shape())),
        ("external_url", opt(Text)),
        ("categories", list(Text)),
        ("life_situations", list(Text)),
        ("popular", Bool),
        ("provider", opt(named("id", "name"))),
    ])
}

fn catalogue_shape() -> Shape {
    Obj(vec![
        ("municipality", municipality_shape()),
        ("services", list(service_summary_shape())),
        ("categories", list(named("id", "name"))),
        ("life_situations", list(named("id", "name"))),
    ])
}

fn service_detail_shape() -> Shape {
    Obj(vec![
        ("leika", Text),
        ("name", Text),
        ("summary", Text),
        ("description", Text),
        ("fees", Text),
        ("processing_time", Text),
        ("documents", list(Text)),
        ("documents_separately", list(Text)),
        ("legal_basis", Text),
        ("form", opt(form_ref_shape())),
        ("external_url", opt(Text)),
        ("categories", list(named("id", "name"))),
        ("life_situations", list(named("id", "name"))),
        ("routing", Text),
        ("popular", Bool),
        ("provider", opt(named("id", "name"))),
    ])
}

fn place_shape() -> Shape {
    Obj(vec![
        ("name", Text),
        ("postcode", Text),
        ("ars", Text),
        (
            "municipality",
            opt(Obj(vec![("ars", Text), ("name", Text), ("kind", Text)])),
        ),
    ])
}

fn authority_shape() -> Shape {
    Obj(vec![
        ("id", Text),
        ("name", Text),
        (
            "address",
            Obj(vec![("street", Text), ("postcode", Text), ("city", Text)]),
        ),
        ("email", Text),
        ("phone", Text),
        ("website", opt(Text)),
        ("opening_hours", opt(Text)),
    ])
}

fn destination_parameters_shape() -> Shape {
    Obj(vec![
        ("encryptionKid", Text),
        ("publicKeys", Obj(vec![("keys", list(Any))])),
        ("services", list(Text)),
        ("validUntil", I64),
        ("metadataVersions", list(Text)),
        ("status", Text),
        ("submissionSchemas", list(Any)),
        ("submissionUrl", Text),
    ])
}

fn submission_status_shape() -> Shape {
    Obj(vec![
        ("reference", Text),
        ("status", Text),
        ("created_at", Text),
        ("decided_at", opt(Text)),
        ("reason", opt(Text)),
        ("service", named("leika", "name")),
        ("form", form_ref_shape()),
        ("authority", opt(authority_shape())),
    ])
}

fn problem_shape() -> Shape {
    Obj(vec![
        ("type", Text),
        ("title", Text),
        ("status", U16),
        ("detail", opt(Text)),
        (
            "errors",
            opt(list(Obj(vec![
                ("path", Text),
                ("code", Text),
                ("detail", Text),
            ]))),
        ),
        ("authority", opt(Text)),
    ])
}

/// Any JSON leaf, or a small array or object of them.
fn junk() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop_oneof![Just(0.5), Just(3.0), Just(-2.0), Just(1e300)].prop_map(Value::from),
        "[a-z]{0,2}".prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 6, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
            prop::collection::vec(("[a-z]{1,2}", inner), 0..3)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
    .boxed()
}

/// What `shape` should hold.
fn valid(shape: &Shape) -> BoxedStrategy<Value> {
    match shape {
        Text => "[a-z]{0,3}".prop_map(Value::from).boxed(),
        Bool => any::<bool>().prop_map(Value::from).boxed(),
        Whole => prop_oneof![
            8 => (0..5_u64).prop_map(Value::from),
            1 => Just(json!(4_294_967_295_u64)),
            1 => Just(json!(4_294_967_296_u64)),
            1 => Just(json!(2.0)),
            1 => Just(json!(2.5)),
            1 => Just(json!(-1)),
        ]
        .boxed(),
        U16 => prop_oneof![
            8 => (0..1000_u64).prop_map(Value::from),
            1 => Just(json!(65_535)),
            1 => Just(json!(65_536)),
            1 => Just(json!(404.0)),
            1 => Just(json!(-1)),
        ]
        .boxed(),
        I64 => prop_oneof![
            8 => any::<i64>().prop_map(Value::from),
            1 => Just(json!(u64::MAX)),
            1 => Just(json!(1.0)),
        ]
        .boxed(),
        Any => junk(),
        Opt(inner) => prop_oneof![1 => Just(Value::Null), 3 => member(inner)].boxed(),
        List(inner) => prop::collection::vec(member(inner), 0..3)
            .prop_map(Value::from)
            .boxed(),
        Obj(members) => {
            let names: Vec<&'static str> = members.iter().map(|(name, _)| *name).collect();
            let values: Vec<BoxedStrategy<Option<Value>>> = members
                .iter()
                .map(|(_, shape)| {
                    prop_oneof![
                        24 => member(shape).prop_map(Some),
                        1 => Just(None),
                        1 => Just(Some(Value::Null)),
                    ]
                    .boxed()
                })
                .collect();
            (values, prop::option::weighted(0.2, junk()), 0..20_u8)
                .prop_map(move |(values, extra, form)| {
                    if form == 0 {
                        // By position: up to the first missing member, perhaps one more.
                        let mut items: Vec<Value> = values.into_iter().map_while(|v| v).collect();
                        items.extend(extra);
                        return Value::Array(items);
                    }
                    let mut object: Map<String, Value> = names
                        .iter()
                        .zip(values)
                        .filter_map(|(name, v)| Some(((*name).to_owned(), v?)))
                        .collect();
                    if let Some(extra) = extra {
                        object.insert("added_later".into(), extra);
                    }
                    Value::Object(object)
                })
                .boxed()
        }
    }
}

/// Mostly what `shape` should hold, now and then anything.
fn member(shape: &Shape) -> BoxedStrategy<Value> {
    prop_oneof![24 => valid(shape), 1 => junk()].boxed()
}

fn generated<T: FromValue + DeserializeOwned + PartialEq + Debug>(
    shape: Shape,
) -> Result<(), TestCaseError> {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let accepted = std::cell::Cell::new(0);
    runner
        .run(&member(&shape), |v| {
            let by_hand = T::from_value(&v);
            prop_assert_eq!(&by_hand, &serde::<T>(&v), "{}", v);
            accepted.set(accepted.get() + usize::from(by_hand.is_some()));
            Ok(())
        })
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    // Neither only refusals nor only answers: both ways through the decoders are taken.
    prop_assert!(
        (100..=1900).contains(&accepted.get()),
        "{} of 2000 accepted",
        accepted.get()
    );
    Ok(())
}

#[test]
fn generated_json_is_read_alike() {
    let run = [
        generated::<Catalogue>(catalogue_shape()),
        generated::<Municipality>(municipality_shape()),
        generated::<ServiceSummary>(service_summary_shape()),
        generated::<ServiceDetail>(service_detail_shape()),
        generated::<Vec<Place>>(list(place_shape())),
        generated::<Authority>(authority_shape()),
        generated::<DestinationParameters>(destination_parameters_shape()),
        generated::<SubmissionStatus>(submission_status_shape()),
        generated::<Problem>(problem_shape()),
        generated::<FormRef>(form_ref_shape()),
    ];
    for result in run {
        result.unwrap();
    }
}

#[test]
fn a_service_detail_brings_its_provider_and_the_documents_to_hand_in_separately() {
    let body = json!({
        "leika": "99136002000000", "name": "Baumfällgenehmigung",
        "documents": ["Lageplan", "Fotos des Baums"], "documents_separately": ["Fotos des Baums"],
        "provider": {"id": "ea-sh", "name": "Einheitlicher Ansprechpartner (EA.SH)"}
    });
    let detail = ServiceDetail::from_value(&body).expect("decodes");
    assert_eq!(detail.documents_separately, ["Fotos des Baums"]);
    assert_eq!(
        detail.provider.map(|p| p.name).as_deref(),
        Some("Einheitlicher Ansprechpartner (EA.SH)")
    );
    // Older servers send neither; a provider without a name is no answer to trust.
    let older = json!({"leika": "1", "name": "x", "provider": null});
    let detail = ServiceDetail::from_value(&older).expect("decodes");
    assert!(detail.documents_separately.is_empty() && detail.provider.is_none());
    let nameless = json!({"leika": "1", "name": "x", "provider": {"id": "a"}});
    assert_eq!(ServiceDetail::from_value(&nameless), None);
}
