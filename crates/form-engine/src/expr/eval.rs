//! Evaluation. Total: every expression yields a value, type mismatches
//! compare as false rather than failing, so a half-filled form never errors.

use super::{CmpOp, Expr, Func, Literal};
use crate::answers::{AnswerValue, Answers};
use crate::date::Date;

/// Where field references are looked up: the innermost answers first (an
/// item of a repeatable group), then the enclosing ones.
pub struct Scope<'a> {
    pub(crate) layers: Vec<&'a Answers>,
    pub(crate) today: Date,
}

impl<'a> Scope<'a> {
    pub fn new(answers: &'a Answers, today: Date) -> Scope<'a> {
        Scope {
            layers: vec![answers],
            today,
        }
    }

    /// A scope for an item of a group, seeing the item first and then `self`.
    pub fn with_inner(&self, inner: &'a Answers) -> Scope<'a> {
        let mut layers = Vec::with_capacity(self.layers.len() + 1);
        layers.push(inner);
        layers.extend(self.layers.iter().copied());
        Scope {
            layers,
            today: self.today,
        }
    }

    fn lookup(&self, id: &str) -> Option<&'a AnswerValue> {
        self.layers.iter().find_map(|a| a.get(id))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Val {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    List(Vec<String>),
}

pub(super) fn truthy(v: &Val) -> bool {
    match v {
        Val::Null => false,
        Val::Bool(b) => *b,
        Val::Num(n) => *n != 0.0,
        Val::Str(s) => !s.is_empty(),
        Val::List(l) => !l.is_empty(),
    }
}

fn lit(l: &Literal) -> Val {
    match l {
        Literal::Str(s) => Val::Str(s.clone()),
        Literal::Num(n) => Val::Num(*n),
        Literal::Bool(b) => Val::Bool(*b),
    }
}

fn field_value(v: Option<&AnswerValue>) -> Val {
    match v {
        Some(AnswerValue::Text(s)) if !s.trim().is_empty() => Val::Str(s.trim().to_owned()),
        Some(AnswerValue::Bool(b)) => Val::Bool(*b),
        Some(AnswerValue::List(l)) if !l.is_empty() => Val::List(l.clone()),
        _ => Val::Null,
    }
}

/// Numbers typed by citizens may use a decimal comma.
fn as_num(v: &Val) -> Option<f64> {
    match v {
        Val::Num(n) => Some(*n),
        Val::Str(s) => s
            .replace(',', ".")
            .parse()
            .ok()
            .filter(|n: &f64| n.is_finite()),
        _ => None,
    }
}

fn equal(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Null, _) | (_, Val::Null) => false,
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Num(_), _) | (_, Val::Num(_)) => {
            matches!((as_num(a), as_num(b)), (Some(x), Some(y)) if x == y)
        }
        _ => false,
    }
}

fn order(a: &Val, b: &Val) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Val::Num(_), _) | (_, Val::Num(_)) => as_num(a)?.partial_cmp(&as_num(b)?),
        // Text against text compares lexicographically, which orders ISO dates.
        (Val::Str(x), Val::Str(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

pub(super) fn eval(e: &Expr, scope: &Scope<'_>) -> Val {
    match e {
        Expr::Lit(l) => lit(l),
        Expr::Field(id) => field_value(scope.lookup(id)),
        Expr::Call(func, id, arg) => {
            let raw = scope.lookup(id);
            match func {
                Func::Answered => Val::Bool(raw.is_some_and(AnswerValue::is_answered)),
                Func::Len => Val::Num(match raw {
                    Some(AnswerValue::Text(s)) => s.trim().chars().count() as f64,
                    Some(AnswerValue::List(l)) => l.len() as f64,
                    Some(AnswerValue::Items(i)) => i.len() as f64,
                    _ => 0.0,
                }),
                Func::Contains => {
                    let needle = arg.as_ref().map(lit).unwrap_or(Val::Null);
                    Val::Bool(match field_value(raw) {
                        Val::List(l) => l.iter().any(|s| equal(&Val::Str(s.clone()), &needle)),
                        Val::Str(s) => matches!(&needle, Val::Str(n) if s.contains(n.as_str())),
                        _ => false,
                    })
                }
                Func::Age => match field_value(raw) {
                    Val::Str(s) => Date::parse_iso(&s).map_or(Val::Null, |born| {
                        Val::Num(f64::from(born.years_until(scope.today)))
                    }),
                    _ => Val::Null,
                },
            }
        }
        Expr::Not(inner) => Val::Bool(!truthy(&eval(inner, scope))),
        Expr::And(a, b) => Val::Bool(truthy(&eval(a, scope)) && truthy(&eval(b, scope))),
        Expr::Or(a, b) => Val::Bool(truthy(&eval(a, scope)) || truthy(&eval(b, scope))),
        Expr::Cmp(op, a, b) => {
            let (a, b) = (eval(a, scope), eval(b, scope));
            use std::cmp::Ordering::{Equal, Greater, Less};
            Val::Bool(match op {
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
            let items: Vec<Val> = list.iter().map(lit).collect();
            Val::Bool(match eval(a, scope) {
                Val::List(l) => l
                    .iter()
                    .any(|s| items.iter().any(|i| equal(&Val::Str(s.clone()), i))),
                v => items.iter().any(|i| equal(&v, i)),
            })
        }
    }
}
