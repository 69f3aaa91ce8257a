//! Error texts: per language, per field type, overrides, no answer values.

mod common;

use common::{answers, ctx, form};
use form_engine::messages::message;
use form_engine::{Date, ErrorCode, FieldError, Lang, validate_form};

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
        "Enter first name."
    );
    assert_eq!(text("iban", ErrorCode::Required, Lang::En), "Enter IBAN.");
    // Only an ASCII first letter is lowered: a label that starts otherwise is a name.
    assert_eq!(
        text("chamber", ErrorCode::Required, Lang::En),
        "Enter Ärztekammer (medical chamber)."
    );
    assert_eq!(
        text("legal_form", ErrorCode::Required, Lang::En),
        "Select legal form."
    );
    assert_eq!(
        text("legal_form", ErrorCode::Required, Lang::De),
        "Wählen Sie „Rechtsform“ aus."
    );
    assert_eq!(
        text("plan", ErrorCode::Required, Lang::En),
        "Upload site plan."
    );
}

#[test]
fn limits_are_localized() {
    assert_eq!(
        text("first_name", ErrorCode::TooLong { max: 5 }, Lang::En),
        "First name must be 5 characters or less."
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
        "Fee must be €10.00 or more."
    );
    let d = Date::new(2025, 4, 1).unwrap();
    assert!(text("x", ErrorCode::DateTooEarly { min: d }, Lang::De).contains("01.04.2025"));
    assert!(text("x", ErrorCode::DateTooEarly { min: d }, Lang::En).contains("1 April 2025"));
    assert_eq!(
        text("plan.0", ErrorCode::FileTypeNotAllowed, Lang::En),
        "The file for site plan must be one of these types: PDF, JPG."
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
        "Enter email address."
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
