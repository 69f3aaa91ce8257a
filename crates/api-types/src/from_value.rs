// SPDX-License-Identifier: EUPL-1.2
//! The response bodies read from a `serde_json::Value` without serde's derived decoders,
//! for the portal: those cost its WASM 26 KiB gzip (one decoder per type, docs/SIZE.md),
//! these a few small functions over `&Value`. They accept exactly what the derived
//! `Deserialize` impls accept (`tests/from_value.rs` checks that, sample by sample and
//! on generated JSON):
//!
//! - a required member missing or of another type: `None`;
//! - a `#[serde(default)]` member missing: its default; present, it must have the type
//!   (`null` is the default only for an `Option`);
//! - unknown members ignored;
//! - a struct from an object, or, as serde_json also accepts, from an array holding the
//!   members in declaration order (hence the literals below list them in that order);
//! - version numbers whole numbers as `whole_number` counts them.
//!
//! Written for size: a struct's members are all read before a failure is reported, so
//! that there is no early return (with the drops of the members read so far) per member.

use serde_json::{Map, Value};

use crate::*;

/// A type read from JSON the way its derived `Deserialize` reads it.
pub trait FromValue: Sized {
    /// `None` where `serde_json::from_value` fails.
    fn from_value(v: &Value) -> Option<Self>;
}

/// The required member `name` of an object (for bodies not in this crate).
pub fn required<T: FromValue>(v: &Value, name: &str) -> Option<T> {
    T::from_value(v.get(name)?)
}

/// The member `name` of an object, its default if missing (`#[serde(default)]`).
pub fn or_default<T: FromValue + Default>(v: &Value, name: &str) -> Option<T> {
    match v.get(name) {
        None => Some(T::default()),
        Some(member) => T::from_value(member),
    }
}

impl FromValue for String {
    fn from_value(v: &Value) -> Option<Self> {
        v.as_str().map(str::to_owned)
    }
}

impl FromValue for bool {
    fn from_value(v: &Value) -> Option<Self> {
        v.as_bool()
    }
}

impl FromValue for u16 {
    fn from_value(v: &Value) -> Option<Self> {
        v.as_u64()?.try_into().ok()
    }
}

impl FromValue for i64 {
    fn from_value(v: &Value) -> Option<Self> {
        v.as_i64()
    }
}

/// A member passed on as it is (a theme, a JWK).
impl FromValue for Value {
    fn from_value(v: &Value) -> Option<Self> {
        Some(v.clone())
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}

impl<T: FromValue> FromValue for Vec<T> {
    fn from_value(v: &Value) -> Option<Self> {
        let mut read = Vec::new();
        for item in v.as_array()? {
            read.push(T::from_value(item)?);
        }
        Some(read)
    }
}

/// A struct's members, read in declaration order: by name from an object, by position
/// from an array. A member that does not read as its type is noted, and its default
/// stands in for it until [`Members::end`] refuses the whole.
struct Members<'a> {
    value: &'a Value,
    read: usize,
    failed: bool,
}

impl<'a> Members<'a> {
    fn of(value: &'a Value) -> Option<Self> {
        (value.is_object() || value.is_array()).then_some(Members {
            value,
            read: 0,
            failed: false,
        })
    }

    fn next(&mut self, name: &str) -> Option<&'a Value> {
        self.read += 1;
        match self.value {
            Value::Array(items) => items.get(self.read - 1),
            object => object.get(name),
        }
    }

    /// `read`, or the default and the note that the struct failed.
    fn check<T: Default>(&mut self, read: Option<T>) -> T {
        self.failed |= read.is_none();
        read.unwrap_or_default()
    }

    /// The next member; missing, its default unless `required`.
    fn member<T: FromValue + Default>(&mut self, name: &str, required: bool) -> T {
        let read = match self.next(name) {
            None if !required => Some(T::default()),
            member => member.and_then(T::from_value),
        };
        self.check(read)
    }

    /// The next member, required, of a type without a default.
    fn nested<T: FromValue>(&mut self, name: &str) -> Option<T> {
        T::from_value(self.next(name)?)
    }

    /// `read`, unless a member failed or an array holds more elements than the struct
    /// has members.
    fn end<T>(self, read: T) -> Option<T> {
        let more = matches!(self.value, Value::Array(items) if items.len() > self.read);
        (!self.failed && !more).then_some(read)
    }
}

impl FromValue for FormRef {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = FormRef {
            id: m.member("id", true),
            version: {
                let version = m.next("version").and_then(Value::as_number);
                m.check(version.and_then(|n| crate::whole_number::whole(n, u32::MAX.into()))) as u32
            },
        };
        m.end(read)
    }
}

impl FromValue for Municipality {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = Municipality {
            ars: m.member("ars", true),
            name: m.member("name", true),
            kind: m.member("kind", false),
            parent_ars: m.member("parent_ars", false),
            theme: m.member("theme", false),
            allowed_origins: m.member("allowed_origins", false),
        };
        m.end(read)
    }
}

impl FromValue for Catalogue {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = Catalogue {
            municipality: m.nested("municipality")?,
            services: m.member("services", false),
            categories: m.member("categories", false),
            life_situations: m.member("life_situations", false),
        };
        m.end(read)
    }
}

impl FromValue for Topic {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = Topic {
            id: m.member("id", true),
            name: m.member("name", true),
        };
        m.end(read)
    }
}

impl FromValue for Provider {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = Provider {
            id: m.member("id", true),
            name: m.member("name", true),
        };
        m.end(read)
    }
}

impl FromValue for ServiceSummary {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = ServiceSummary {
            leika: m.member("leika", true),
            name: m.member("name", true),
            summary: m.member("summary", false),
            form: m.member("form", false),
            external_url: m.member("external_url", false),
            categories: m.member("categories", false),
            life_situations: m.member("life_situations", false),
            popular: m.member("popular", false),
            provider: m.member("provider", false),
        };
        m.end(read)
    }
}

impl FromValue for ServiceDetail {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = ServiceDetail {
            leika: m.member("leika", true),
            name: m.member("name", true),
            summary: m.member("summary", false),
            description: m.member("description", false),
            fees: m.member("fees", false),
            processing_time: m.member("processing_time", false),
            documents: m.member("documents", false),
            documents_separately: m.member("documents_separately", false),
            legal_basis: m.member("legal_basis", false),
            form: m.member("form", false),
            external_url: m.member("external_url", false),
            categories: m.member("categories", false),
            life_situations: m.member("life_situations", false),
            routing: m.member("routing", false),
            popular: m.member("popular", false),
            provider: m.member("provider", false),
        };
        m.end(read)
    }
}

impl FromValue for Place {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = Place {
            name: m.member("name", true),
            postcode: m.member("postcode", true),
            ars: m.member("ars", true),
            municipality: m.member("municipality", false),
        };
        m.end(read)
    }
}

impl FromValue for MunicipalityRef {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = MunicipalityRef {
            ars: m.member("ars", true),
            name: m.member("name", true),
            kind: m.member("kind", true),
        };
        m.end(read)
    }
}

impl FromValue for DestinationParameters {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = DestinationParameters {
            encryption_kid: m.member("encryptionKid", true),
            public_keys: m.nested("publicKeys")?,
            services: m.member("services", false),
            valid_until: m.member("validUntil", true),
            metadata_versions: m.member("metadataVersions", false),
            status: m.member("status", false),
            submission_schemas: m.member("submissionSchemas", false),
            submission_url: m.member("submissionUrl", false),
        };
        m.end(read)
    }
}

impl FromValue for PublicKeys {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = PublicKeys {
            keys: m.member("keys", true),
        };
        m.end(read)
    }
}

impl FromValue for Authority {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = Authority {
            id: m.member("id", true),
            name: m.member("name", true),
            address: m.nested("address")?,
            email: m.member("email", true),
            phone: m.member("phone", true),
            website: m.member("website", false),
            opening_hours: m.member("opening_hours", false),
        };
        m.end(read)
    }
}

impl FromValue for Address {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = Address {
            street: m.member("street", true),
            postcode: m.member("postcode", true),
            city: m.member("city", true),
        };
        m.end(read)
    }
}

impl FromValue for SubmissionStatus {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = SubmissionStatus {
            reference: m.member("reference", true),
            status: m.member("status", true),
            created_at: m.member("created_at", true),
            decided_at: m.member("decided_at", false),
            reason: m.member("reason", false),
            service: m.nested("service")?,
            form: m.nested("form")?,
            authority: m.member("authority", false),
        };
        m.end(read)
    }
}

impl FromValue for ServiceRef {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = ServiceRef {
            leika: m.member("leika", true),
            name: m.member("name", true),
        };
        m.end(read)
    }
}

impl FromValue for Problem {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = Problem {
            r#type: m.member("type", false),
            title: m.member("title", false),
            status: m.member("status", false),
            detail: m.member("detail", false),
            errors: m.member("errors", false),
            authority: m.member("authority", false),
        };
        m.end(read)
    }
}

impl FromValue for FieldProblem {
    fn from_value(v: &Value) -> Option<Self> {
        let mut m = Members::of(v)?;
        let read = FieldProblem {
            path: m.member("path", true),
            code: m.member("code", true),
            detail: m.member("detail", false),
            // `skip_deserializing`: not read back (see the type).
            data: Map::new(),
        };
        m.end(read)
    }
}
