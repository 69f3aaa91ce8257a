//! Error texts: per language, per field type, overrides, no answer values.

mod common;

use common::{answers, ctx, form};
use form_engine::messages::message;
use form_engine::{Date, DateTime, ErrorCode, FieldError, Lang, validate_form};

const FIELDS: &str = r#"
    {"id": "first_name", "type": "text", "label": {"de": "Vorname", "en": "First name"}, "required": true, "max_length": 5},
    {"id": "iban", "type": "iban", "label": {"de": "IBAN", "en": "IBAN"}, "required": true},
    {"id": "chamber", "type": "text", "label": {"de": "Ärztekammer", "en": "Ärztekammer (medical chamber)"}},
    {"id": "legal_form", "type": "choice", "label": {"de": "Rechtsform", "en": "Legal form"}, "required": true,
     "options": [{"value": "a", "label": "A"}]},
    {"id": "fee", "type": "money", "label": {"de": "Gebühr", "en": "Fee"}, "min": 10},
    {"id": "born", "type": "date", "label": {"de": "Geburtsdatum", "en": "Date of birth"}, "max": "today-18y",
     "messages": {"date_too_late": {"de": "Sie müssen mindestens 18 Jahre alt sein.", "en": "You must be 18 or over."}}},
    {"id": "site", "type": "address", "label": {"de": "Anschrift", "en": "Address"}},
    {"id": "plan", "type": "file", "label": {"de": "Lageplan", "en": "Site plan"}, "required": true, "accept": ["application/pdf", ".jpg"]},
    {"id": "people", "type": "group", "label": "Personen", "fields": [
        {"id": "mail", "type": "email", "label": {"de": "E-Mail-Adresse", "en": "Email address"}}]}"#;

fn text(path: &str, code: ErrorCode, lang: Lang) -> String {
    message(&FieldError::new(path, code), &form(FIELDS), lang)
}

#[test]
fn required_wording_depends_on_type_and_language() {
    assert_eq!(
        text("first_name", ErrorCode::Required, Lang::De),
        "Geben Sie „Vorname“ an."
    );
    assert_eq!(
        text("first_name", ErrorCode::Required, Lang::En),
        "Enter “First name”."
    );
    assert_eq!(text("iban", ErrorCode::Required, Lang::En), "Enter “IBAN”.");
    assert_eq!(
        text("chamber", ErrorCode::Required, Lang::En),
        "Enter “Ärztekammer (medical chamber)”."
    );
    assert_eq!(
        text("legal_form", ErrorCode::Required, Lang::En),
        "Select an answer for “Legal form”."
    );
    assert_eq!(
        text("legal_form", ErrorCode::Required, Lang::De),
        "Wählen Sie „Rechtsform“ aus."
    );
    assert_eq!(
        text("plan", ErrorCode::Required, Lang::En),
        "Upload “Site plan”."
    );
}

#[test]
fn a_label_that_turns_the_direction_around_keeps_it_to_itself() {
    let fields = r#"{"id": "name", "type": "text", "label": "\u202eVorname", "required": true}"#;
    let text = message(
        &FieldError::new("name", ErrorCode::Required),
        &form(fields),
        Lang::De,
    );
    // Isolated (U+2068 … U+2069) without its override: the portal's own words around it
    // read as written.
    assert_eq!(text, "Geben Sie „\u{2068}Vorname\u{2069}“ an.");
}

#[test]
fn limits_are_localized() {
    assert_eq!(
        text("first_name", ErrorCode::TooLong { max: 5 }, Lang::En),
        "“First name” must be 5 characters or less."
    );
    assert_eq!(
        text(
            "fee",
            ErrorCode::AmountTooSmall {
                min: "10.00".into()
            },
            Lang::De
        ),
        "„Gebühr“ muss 10,00 € oder mehr sein."
    );
    assert_eq!(
        text(
            "fee",
            ErrorCode::AmountTooSmall {
                min: "10.00".into()
            },
            Lang::En
        ),
        "“Fee” must be €10.00 or more."
    );
    let d = Date::new(2025, 4, 1).unwrap();
    assert!(text("x", ErrorCode::DateTooEarly { min: d }, Lang::De).contains("01.04.2025"));
    assert!(text("x", ErrorCode::DateTooEarly { min: d }, Lang::En).contains("1 April 2025"));
    assert_eq!(
        text("plan.0", ErrorCode::FileTypeNotAllowed, Lang::En),
        "The file for “Site plan” must be one of these types: PDF, JPG."
    );
}

#[test]
fn field_overrides_win() {
    let max = Date::new(2007, 5, 10).unwrap();
    assert_eq!(
        text("born", ErrorCode::DateTooLate { max }, Lang::En),
        "You must be 18 or over."
    );
    assert_eq!(
        text("born", ErrorCode::DateTooLate { max }, Lang::De),
        "Sie müssen mindestens 18 Jahre alt sein."
    );
}

#[test]
fn nested_paths_resolve_to_the_right_label() {
    assert_eq!(
        text("people.3.mail", ErrorCode::TooLong { max: 9 }, Lang::De),
        "„E-Mail-Adresse“ darf höchstens 9 Zeichen lang sein."
    );
    assert_eq!(
        text("people.3.mail", ErrorCode::Required, Lang::En),
        "Enter “Email address”."
    );
    assert_eq!(
        text("site.city", ErrorCode::Required, Lang::De),
        "Geben Sie den Ort an."
    );
    assert_eq!(
        text("site.street", ErrorCode::Required, Lang::En),
        "Enter the street."
    );
    assert!(text("site.postcode", ErrorCode::InvalidPostcode, Lang::En).contains("5 digits"));
}

#[test]
fn every_error_of_a_form_has_text_in_both_languages_without_the_answer() {
    let def = form(FIELDS);
    let secret = "GEHEIM123456";
    let a = answers(&format!(
        r#"{{"first_name": "{secret}", "iban": "{secret}", "legal_form": "{secret}", "fee": "{secret}",
            "born": "2020-01-01", "site": {{"postcode": "{secret}"}}, "plan": [{{"name": "{secret}.exe", "media_type": "x/y"}}],
            "people": [{{"mail": "{secret}"}}]}}"#
    ));
    let errs = validate_form(&def, &a, &ctx());
    assert_eq!(errs.len(), 10, "{errs:?}");
    for e in &errs {
        for lang in Lang::ALL {
            let m = message(e, &def, lang);
            assert!(!m.is_empty() && !m.contains(secret), "{e:?}: {m}");
        }
    }
}

/// Labels are questions, clauses, sentences and, on a form only in German, German nouns.
const ODD_LABELS: [&str; 5] = [
    "Will you lead the assembly yourself?",
    "You are applying as …",
    "Your name, as on your passport.",
    "Stop!",
    "Name des Unternehmens",
];

/// One field per type (one per message family) for each of `ODD_LABELS`, the label the
/// same in both languages (the German-only one falls back to German in English).
fn odd_form() -> form_engine::FormDefinition {
    let extra = [
        ("text", ""),
        ("choice", r#", "options": [{"value": "a", "label": "A"}]"#),
        (
            "multi_choice",
            r#", "options": [{"value": "a", "label": "A"}]"#,
        ),
        ("yes_no", ""),
        ("file", ""),
        ("money", ""),
        ("date", ""),
        (
            "group",
            r#", "fields": [{"id": "x_{i}", "type": "text", "label": "X"}]"#,
        ),
    ];
    let mut fields = Vec::new();
    for (i, label) in ODD_LABELS.iter().enumerate() {
        for (ty, rest) in extra {
            let rest = rest.replace("{i}", &i.to_string());
            fields.push(format!(
                r#"{{"id": "{ty}_{i}", "type": "{ty}", "label": "{label}"{rest}}}"#
            ));
        }
    }
    form(&fields.join(","))
}

fn every_code() -> Vec<ErrorCode> {
    let date = Date::new(2025, 4, 1).unwrap();
    let at = DateTime::parse_iso("2025-05-10T08:00").unwrap();
    vec![
        ErrorCode::Required,
        ErrorCode::TooShort { min: 3 },
        ErrorCode::TooLong { max: 5 },
        ErrorCode::PatternMismatch,
        ErrorCode::NotAnInteger,
        ErrorCode::TooSmall { min: 1 },
        ErrorCode::TooLarge { max: 9 },
        ErrorCode::NotANumber,
        ErrorCode::TooManyDecimals { max: 2 },
        ErrorCode::AmountTooSmall { min: "1.50".into() },
        ErrorCode::AmountTooLarge { max: "9.50".into() },
        ErrorCode::InvalidEmail,
        ErrorCode::InvalidPhone,
        ErrorCode::InvalidPostcode,
        ErrorCode::InvalidIban,
        ErrorCode::InvalidDate,
        ErrorCode::DateTooEarly { min: date },
        ErrorCode::DateTooLate { max: date },
        ErrorCode::InvalidTime,
        ErrorCode::InvalidDateTime,
        ErrorCode::DateTimeTooEarly { min: at },
        ErrorCode::DateTimeTooLate { max: at },
        ErrorCode::UnknownOption,
        ErrorCode::TooFewItems { min: 2 },
        ErrorCode::TooManyItems { max: 3 },
        ErrorCode::FileTypeNotAllowed,
        ErrorCode::FileTooLarge { max_mb: 5 },
        ErrorCode::InvalidValue,
        ErrorCode::Rule {
            id: "missing".into(),
        },
    ]
}

#[test]
fn labels_are_quoted_unchanged_and_never_followed_by_a_second_mark() {
    let def = odd_form();
    let say = |path: &str, code: ErrorCode, lang| message(&FieldError::new(path, code), &def, lang);
    // The review's examples, now.
    assert_eq!(
        say("choice_0", ErrorCode::Required, Lang::En),
        "Select an answer for “Will you lead the assembly yourself?”"
    );
    assert_eq!(
        say("yes_no_0", ErrorCode::Required, Lang::En),
        "Select yes or no for “Will you lead the assembly yourself?”"
    );
    assert_eq!(
        say("choice_1", ErrorCode::Required, Lang::En),
        "Select an answer for “You are applying as …”"
    );
    assert_eq!(
        say("text_2", ErrorCode::Required, Lang::En),
        "Enter “Your name, as on your passport.”"
    );
    assert_eq!(
        say("text_4", ErrorCode::Required, Lang::En),
        "Enter “Name des Unternehmens”."
    );
    assert_eq!(
        say("text_0", ErrorCode::TooLong { max: 5 }, Lang::En),
        "“Will you lead the assembly yourself?” must be 5 characters or less."
    );
    assert_eq!(
        say("file_3", ErrorCode::InvalidValue, Lang::En),
        "Check your answer for “Stop!”"
    );
    // A file field without `accept` takes every type the authority can check.
    assert_eq!(
        say("file_1", ErrorCode::FileTypeNotAllowed, Lang::En),
        "The file for “You are applying as …” must be one of these types: PDF, PNG, JPEG, GIF, TIFF, WEBP."
    );
    // German: a question inside „…“ followed by more words is fine; at the end, no period.
    assert_eq!(
        say("yes_no_0", ErrorCode::Required, Lang::De),
        "Wählen Sie bei „Will you lead the assembly yourself?“ „Ja“ oder „Nein“ aus."
    );
    assert_eq!(
        say("text_0", ErrorCode::InvalidValue, Lang::De),
        "Prüfen Sie Ihre Angabe bei „Will you lead the assembly yourself?“"
    );
    // Every template, every family, both languages.
    let codes = every_code();
    for field in def.top_fields() {
        let label = field.label.get(Lang::En);
        for code in &codes {
            for lang in Lang::ALL {
                let m = say(&field.id, code.clone(), lang);
                let quoted = match lang {
                    Lang::De => format!("„{label}“"),
                    Lang::En => format!("“{label}”"),
                };
                let names_field = !matches!(
                    code,
                    ErrorCode::InvalidEmail
                        | ErrorCode::InvalidPhone
                        | ErrorCode::InvalidPostcode
                        | ErrorCode::InvalidIban
                );
                assert_eq!(
                    m.contains(&quoted),
                    names_field,
                    "{}: label not quoted as is: {m}",
                    field.id
                );
                let mut lowered = label.to_owned();
                lowered[..1].make_ascii_lowercase();
                assert!(!m.contains(&lowered), "{}: lowered: {m}", field.id);
                let bare: String = m.chars().filter(|c| !"„“”".contains(*c)).collect();
                for pair in ["?.", "!.", "….", "..", ".?", "?,", ",.", " ."] {
                    assert!(!bare.contains(pair), "{}: {pair:?} in {m}", field.id);
                }
                assert!(
                    bare.ends_with(['.', '?', '!', '…']),
                    "{}: no sentence end: {m}",
                    field.id
                );
                let first = bare.chars().next().unwrap();
                assert!(first.is_uppercase(), "{}: {m}", field.id);
            }
        }
    }
}
