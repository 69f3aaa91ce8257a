//! Evaluation. Total: every expression yields a value; type mismatches,
//! division by zero and invalid dates give "no value" (which compares as
//! false) rather than failing, so a half-filled form never errors.

use serde::Serialize;

use super::{ArithOp, CmpOp, Expr, Func, Literal};
use crate::answers::{AnswerValue, Answers};
use crate::date::Date;

/// Where field references are looked up: the innermost answers first (an
/// item of a repeatable group), then the enclosing ones.
pub struct Scope<'a> {
    pub(crate) layers: Vec<&'a Answers>,
    pub(crate) today: Date,
    /// Minutes since midnight of `today`, if the caller knows the time.
    pub(crate) now_minutes: Option<u32>,
}

impl<'a> Scope<'a> {
    pub fn new(answers: &'a Answers, today: Date) -> Scope<'a> {
        Scope {
            layers: vec![answers],
            today,
            now_minutes: None,
        }
    }

    /// The same scope with the current time (minutes since midnight), for
    /// `minutes_until`.
    pub fn with_now(mut self, now_minutes: Option<u32>) -> Scope<'a> {
        self.now_minutes = now_minutes;
        self
    }

    /// A scope for an item of a group, seeing the item first and then `self`.
    pub fn with_inner(&self, inner: &'a Answers) -> Scope<'a> {
        let mut layers = Vec::with_capacity(self.layers.len() + 1);
        layers.push(inner);
        layers.extend(self.layers.iter().copied());
        Scope {
            layers,
            today: self.today,
            now_minutes: self.now_minutes,
        }
    }

    pub(crate) fn lookup(&self, id: &str) -> Option<&'a AnswerValue> {
        self.layers.iter().find_map(|a| a.get(id))
    }
}

/// The value of an expression. JSON: `null`, `true`, `12.5`, `"text"`,
/// `["a", "b"]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// No value: an unanswered field, a type mismatch, division by zero.
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<String>),
}

impl Value {
    /// The value as a number (text with a decimal comma allowed).
    pub fn as_number(&self) -> Option<f64> {
        as_num(self)
    }
}

pub(super) fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => *n != 0.0,
        Value::Text(s) => !s.is_empty(),
        Value::List(l) => !l.is_empty(),
    }
}

fn lit(l: &Literal) -> Value {
    match l {
        Literal::Str(s) => Value::Text(s.clone()),
        Literal::Num(n) => Value::Number(*n),
        Literal::Bool(b) => Value::Bool(*b),
    }
}

fn field_value(v: Option<&AnswerValue>) -> Value {
    match v {
        // Invisible characters alone are no answer, as `answered` and `required` see it.
        Some(AnswerValue::Text(s)) if crate::lang::shows_something(s) => {
            Value::Text(s.trim().to_owned())
        }
        Some(AnswerValue::Bool(b)) => Value::Bool(*b),
        Some(AnswerValue::List(l)) if !l.is_empty() => Value::List(l.clone()),
        _ => Value::Null,
    }
}

/// `address.postcode` reads a part; `owners.share` collects the answers of
/// `share` over all items of the group `owners` into a list.
fn path_value(raw: Option<&AnswerValue>, rest: &[String]) -> Value {
    let Some((first, rest)) = rest.split_first() else {
        return field_value(raw);
    };
    match raw {
        Some(AnswerValue::Map(m)) => path_value(m.get(first), rest),
        Some(AnswerValue::Items(items)) => {
            let mut out = Vec::new();
            for item in items {
                match path_value(item.get(first), rest) {
                    Value::Null => {}
                    Value::Bool(b) => out.push(b.to_string()),
                    Value::Number(n) => out.push(crate::float::display_f64(n)),
                    Value::Text(s) => out.push(s),
                    Value::List(l) => out.extend(l),
                }
            }
            if out.is_empty() {
                Value::Null
            } else {
                Value::List(out)
            }
        }
        _ => Value::Null,
    }
}

fn raw_path<'a>(scope: &Scope<'a>, path: &[String]) -> Option<&'a AnswerValue> {
    let (first, rest) = path.split_first()?;
    let mut v = scope.lookup(first)?;
    for seg in rest {
        v = match v {
            AnswerValue::Map(m) => m.get(seg)?,
            _ => return None,
        };
    }
    Some(v)
}

/// Numbers typed by citizens may use a decimal comma.
fn as_num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => Some(*n),
        Value::Text(s) => {
            crate::float::parse_f64(&s.replace(',', ".")).filter(|n: &f64| n.is_finite())
        }
        _ => None,
    }
}

fn as_date(v: &Value) -> Option<Date> {
    match v {
        Value::Text(s) => Date::parse_iso(s),
        _ => None,
    }
}

/// "HH:MM" (24 hours) as minutes since midnight.
fn as_minutes(v: &Value) -> Option<i64> {
    let Value::Text(s) = v else { return None };
    let (h, m) = s.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: i64 = h.parse().ok()?;
    let m: i64 = m.parse().ok()?;
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some(h * 60 + m)
}

fn number(n: f64) -> Value {
    if n.is_finite() {
        Value::Number(n)
    } else {
        Value::Null
    }
}

fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => false,
        (Value::Text(x), Value::Text(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(_), _) | (_, Value::Number(_)) => {
            matches!((as_num(a), as_num(b)), (Some(x), Some(y)) if x == y)
        }
        _ => false,
    }
}

fn order(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Number(_), _) | (_, Value::Number(_)) => as_num(a)?.partial_cmp(&as_num(b)?),
        // Text against text compares lexicographically, which orders ISO dates.
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn call(func: Func, args: &[Expr], scope: &Scope<'_>) -> Value {
    let arg = |i: usize| args.get(i).map_or(Value::Null, |a| eval(a, scope));
    match func {
        Func::Answered => Value::Bool(match args.first() {
            Some(Expr::Field(path)) if path.len() == 1 => {
                scope.lookup(&path[0]).is_some_and(AnswerValue::is_answered)
            }
            Some(Expr::Field(path)) => match raw_path(scope, path) {
                Some(v) => v.is_answered(),
                None => !matches!(path_value(scope.lookup(&path[0]), &path[1..]), Value::Null),
            },
            _ => false,
        }),
        Func::Len => match args.first() {
            // A group's length is its number of items.
            Some(Expr::Field(path)) if path.len() == 1 => {
                Value::Number(match scope.lookup(&path[0]) {
                    Some(AnswerValue::Text(s)) => crate::validation::text_length(s.trim()) as f64,
                    Some(AnswerValue::List(l)) => l.len() as f64,
                    Some(AnswerValue::Items(i)) => i.len() as f64,
                    _ => 0.0,
                })
            }
            _ => Value::Number(match arg(0) {
                Value::Text(s) => crate::validation::text_length(&s) as f64,
                Value::List(l) => l.len() as f64,
                _ => 0.0,
            }),
        },
        Func::Contains => {
            let needle = arg(1);
            Value::Bool(match arg(0) {
                Value::List(l) => l.iter().any(|s| equal(&Value::Text(s.clone()), &needle)),
                Value::Text(s) => matches!(&needle, Value::Text(n) if s.contains(n.as_str())),
                _ => false,
            })
        }
        Func::Age => as_date(&arg(0)).map_or(Value::Null, |born| {
            Value::Number(f64::from(born.years_until(scope.today)))
        }),
        Func::Today => Value::Text(scope.today.to_string()),
        Func::DaysBetween => match (as_date(&arg(0)), as_date(&arg(1))) {
            (Some(a), Some(b)) => Value::Number(a.days_until(b) as f64),
            _ => Value::Null,
        },
        Func::MinutesUntil => {
            let (Some(date), Some(time), Some(now)) =
                (as_date(&arg(0)), as_minutes(&arg(1)), scope.now_minutes)
            else {
                return Value::Null;
            };
            let days = scope.today.days_until(date);
            Value::Number((days * 1440 + time - i64::from(now)) as f64)
        }
        Func::Sum => match arg(0) {
            Value::List(l) => Value::Number(
                l.iter()
                    .filter_map(|s| as_num(&Value::Text(s.clone())))
                    .sum(),
            ),
            v => as_num(&v).map_or(Value::Number(0.0), number),
        },
        Func::Round => match (as_num(&arg(0)), as_num(&arg(1))) {
            (Some(x), Some(d)) => {
                let factor = 10f64.powi(d.clamp(0.0, 10.0) as i32);
                number((x * factor).round() / factor)
            }
            _ => Value::Null,
        },
        Func::If => {
            if truthy(&arg(0)) {
                arg(1)
            } else {
                arg(2)
            }
        }
    }
}

pub(super) fn eval(e: &Expr, scope: &Scope<'_>) -> Value {
    match e {
        Expr::Lit(l) => lit(l),
        Expr::Field(path) => path_value(scope.lookup(&path[0]), &path[1..]),
        Expr::Call(func, args) => call(*func, args, scope),
        Expr::Neg(inner) => as_num(&eval(inner, scope)).map_or(Value::Null, |n| number(-n)),
        Expr::Arith(op, a, b) => {
            let (Some(a), Some(b)) = (as_num(&eval(a, scope)), as_num(&eval(b, scope))) else {
                return Value::Null;
            };
            match op {
                ArithOp::Add => number(a + b),
                ArithOp::Sub => number(a - b),
                ArithOp::Mul => number(a * b),
                ArithOp::Div if b == 0.0 => Value::Null,
                ArithOp::Div => number(a / b),
            }
        }
        Expr::Not(inner) => Value::Bool(!truthy(&eval(inner, scope))),
        Expr::And(a, b) => Value::Bool(truthy(&eval(a, scope)) && truthy(&eval(b, scope))),
        Expr::Or(a, b) => Value::Bool(truthy(&eval(a, scope)) || truthy(&eval(b, scope))),
        Expr::Cmp(op, a, b) => {
            let (a, b) = (eval(a, scope), eval(b, scope));
            use std::cmp::Ordering::{Equal, Greater, Less};
            Value::Bool(match op {
                CmpOp::Eq => equal(&a, &b),
                // Unanswered is different from every value.
                CmpOp::Ne => !equal(&a, &b),
                CmpOp::Lt => order(&a, &b) == Some(Less),
                CmpOp::Le => matches!(order(&a, &b), Some(Less | Equal)),
                CmpOp::Gt => order(&a, &b) == Some(Greater),
                CmpOp::Ge => matches!(order(&a, &b), Some(Greater | Equal)),
            })
        }
        Expr::In(a, list) => {
            let items: Vec<Value> = list.iter().map(lit).collect();
            Value::Bool(match eval(a, scope) {
                Value::List(l) => l
                    .iter()
                    .any(|s| items.iter().any(|i| equal(&Value::Text(s.clone()), i))),
                v => items.iter().any(|i| equal(&v, i)),
            })
        }
    }
}
