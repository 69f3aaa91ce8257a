//! The expression language beyond conditions: arithmetic, paths, dates and
//! time, functions; errors with positions.

use form_engine::expr::Scope;
use form_engine::{Answers, Condition, Date, Value};

fn answers(json: &str) -> Answers {
    serde_json::from_str(json).expect("valid answers")
}

fn today() -> Date {
    Date::new(2025, 5, 10).expect("valid date")
}

fn value(src: &str, json: &str) -> Value {
    let a = answers(json);
    let c = Condition::parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    c.value(&Scope::new(&a, today()).with_now(Some(10 * 60)))
}

#[test]
fn arithmetic_with_precedence_and_decimal_comma() {
    assert_eq!(value("1 + 2 * 3", "{}"), Value::Number(7.0));
    assert_eq!(value("(1 + 2) * 3", "{}"), Value::Number(9.0));
    assert_eq!(value("10 - 4 - 3", "{}"), Value::Number(3.0));
    assert_eq!(value("-n * 2", r#"{"n": "2,5"}"#), Value::Number(-5.0));
    assert_eq!(value("7 / 2", "{}"), Value::Number(3.5));
    assert_eq!(value("n-1", r#"{"n": "3"}"#), Value::Number(2.0));
    assert_eq!(
        value("a + b > 10", r#"{"a": "6", "b": "5"}"#),
        Value::Bool(true)
    );
}

#[test]
fn division_by_zero_and_non_numbers_give_no_value() {
    assert_eq!(value("1 / 0", "{}"), Value::Null);
    assert_eq!(value("1 / n", r#"{"n": "0"}"#), Value::Null);
    assert_eq!(value("1 / 0 > 0", "{}"), Value::Bool(false));
    assert_eq!(value("t + 1", r#"{"t": "abc"}"#), Value::Null);
    assert_eq!(value("missing * 2", "{}"), Value::Null);
}

#[test]
fn functions() {
    let a = r#"{"born": "2000-05-11", "t": "Heide", "l": ["x", "y"],
               "from": "2025-05-01", "to": "2025-06-01",
               "owners": [{"share": "60"}, {"share": "40,5"}, {}]}"#;
    assert_eq!(value("age(born)", a), Value::Number(24.0));
    assert_eq!(value("today()", a), Value::Text("2025-05-10".into()));
    assert_eq!(value("days_between(from, to)", a), Value::Number(31.0));
    assert_eq!(value("days_between(today(), to)", a), Value::Number(22.0));
    assert_eq!(value("days_between(t, to)", a), Value::Null);
    assert_eq!(value("len(t)", a), Value::Number(5.0));
    assert_eq!(value("len(owners)", a), Value::Number(3.0));
    assert_eq!(value("len(l)", a), Value::Number(2.0));
    assert_eq!(value("contains(l, 'y')", a), Value::Bool(true));
    assert_eq!(value("contains(t, 'ei')", a), Value::Bool(true));
    assert_eq!(value("t in ['Heide', 'Husum']", a), Value::Bool(true));
    assert_eq!(
        value("answered(t) and not answered(nothing)", a),
        Value::Bool(true)
    );
    assert_eq!(value("sum(owners.share)", a), Value::Number(100.5));
    assert_eq!(value("round(10 / 3, 2)", a), Value::Number(3.33));
    assert_eq!(
        value("if(len(l) > 1, 'many', 'one')", a),
        Value::Text("many".into())
    );
    assert_eq!(value("if(answered(nothing), 1, 2)", a), Value::Number(2.0));
}

#[test]
fn minutes_until_needs_the_current_time() {
    // now: 2025-05-10 10:00
    let a = r#"{"d": "2025-05-12", "t": "09:30"}"#;
    assert_eq!(
        value("minutes_until(d, t)", a),
        Value::Number(47.0 * 60.0 + 30.0)
    );
    assert_eq!(
        value("minutes_until(d, t) >= 48 * 60", a),
        Value::Bool(false)
    );
    let c = Condition::parse("minutes_until(d, t)").unwrap();
    assert!(c.uses_now());
    let ans = answers(a);
    assert_eq!(c.value(&Scope::new(&ans, today())), Value::Null);
}

#[test]
fn paths_into_addresses_and_group_items() {
    let a = r#"{"addr": {"street": "Markt", "postcode": "25746"},
               "owners": [{"role": "ceo"}, {"role": "cfo"}]}"#;
    assert_eq!(value("addr.postcode", a), Value::Text("25746".into()));
    assert_eq!(value("addr.postcode == '25746'", a), Value::Bool(true));
    assert_eq!(value("answered(addr.city)", a), Value::Bool(false));
    assert_eq!(value("contains(owners.role, 'cfo')", a), Value::Bool(true));
    assert_eq!(value("len(owners.role)", a), Value::Number(2.0));
}

#[test]
fn item_scope_sees_siblings_first() {
    let outer = answers(r#"{"name": "outer", "kind": "company"}"#);
    let item = answers(r#"{"name": "inner"}"#);
    let scope = Scope::new(&outer, today());
    let inner = scope.with_inner(&item);
    let c = Condition::parse("name == 'inner' and kind == 'company'").unwrap();
    assert!(c.eval(&inner));
    assert!(!c.eval(&scope));
}

#[test]
fn new_syntax_errors_have_positions() {
    let cases = [
        ("today(1)", 7, "takes 0"),
        ("days_between(a)", 15, "another argument"),
        ("a + ", 5, "ends too early"),
        ("a * * b", 5, "unexpected `*`"),
        ("a in [-x]", 8, "number after `-`"),
        ("answered(1)", 10, "field id"),
        ("if(a, b)", 8, "another argument"),
    ];
    for (src, pos, text) in cases {
        let e = Condition::parse(src).expect_err(src);
        assert_eq!(e.position, pos, "{src}: {e}");
        assert!(e.to_string().contains(text), "{src}: {e}");
    }
}

#[test]
fn negative_literals_in_lists() {
    assert_eq!(value("n in [-2, 3]", r#"{"n": "-2"}"#), Value::Bool(true));
}

#[test]
fn long_chains_stay_bounded() {
    // 1000 characters of `a+a+…` parse iteratively and evaluate quickly.
    let src = format!("a{}", "+a".repeat(499));
    assert_eq!(value(&src, r#"{"a": "1"}"#), Value::Number(500.0));
    let too_long = format!("a{}", "+a".repeat(500));
    assert!(Condition::parse(&too_long).is_err());
    let neg = format!("{}1", "-".repeat(30));
    assert!(
        Condition::parse(&neg)
            .unwrap_err()
            .kind
            .to_string()
            .contains("nested deeper")
    );
}
