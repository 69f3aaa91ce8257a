//! Conditions (`visible_when`, `required_when`): a small, safe expression
//! language.
//!
//! Safe means: no loops, no recursion the author controls, no access to
//! anything but answers and today's date; source length and nesting depth are
//! bounded, so parsing and evaluation always terminate quickly. Expressions are
//! parsed once when the definition is loaded.
//!
//! ```text
//! expr    = or
//! or      = and { "or" and }
//! and     = not { "and" not }
//! not     = "not" not | cmp
//! cmp     = operand [ ("==" | "!=" | "<" | "<=" | ">" | ">=") operand | "in" list ]
//! operand = literal | field_id | func "(" field_id [ "," literal ] ")" | "(" expr ")"
//! func    = "answered" | "len" | "contains" | "age"
//! literal = 'text' | "text" | number | true | false
//! list    = "[" [ literal { "," literal } ] "]"
//! ```

mod eval;
mod lexer;
mod parser;

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use eval::Scope;

/// Longest condition source accepted, in bytes.
pub const MAX_EXPR_LEN: usize = 1000;
/// Deepest nesting of parentheses/operators accepted.
pub const MAX_EXPR_DEPTH: usize = 24;

/// A parsed condition together with its source text.
#[derive(Clone, PartialEq)]
pub struct Condition {
    source: String,
    expr: Expr,
}

/// A syntax error with its 1-based character position in the condition.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid condition at position {position}: {message}")]
pub struct ExprError {
    pub position: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Literal {
    Str(String),
    Num(f64),
    Bool(bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Answered,
    Len,
    Contains,
    Age,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Lit(Literal),
    Field(String),
    Call(Func, String, Option<Literal>),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    In(Box<Expr>, Vec<Literal>),
}

impl Condition {
    pub fn parse(source: &str) -> Result<Condition, ExprError> {
        let expr = parser::parse(source)?;
        Ok(Condition {
            source: source.to_owned(),
            expr,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Ids of all fields the condition reads, in order of appearance.
    pub fn referenced_fields(&self) -> Vec<&str> {
        let mut out = Vec::new();
        collect_refs(&self.expr, &mut out);
        out
    }

    /// Evaluates the condition; unanswered fields compare as "no value".
    pub fn eval(&self, scope: &Scope<'_>) -> bool {
        eval::truthy(&eval::eval(&self.expr, scope))
    }
}

fn collect_refs<'a>(expr: &'a Expr, out: &mut Vec<&'a str>) {
    match expr {
        Expr::Lit(_) => {}
        Expr::Field(id) | Expr::Call(_, id, _) => out.push(id),
        Expr::Not(e) | Expr::In(e, _) => collect_refs(e, out),
        Expr::And(a, b) | Expr::Or(a, b) | Expr::Cmp(_, a, b) => {
            collect_refs(a, out);
            collect_refs(b, out);
        }
    }
}

impl fmt::Debug for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Condition").field(&self.source).finish()
    }
}

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Condition::parse(&s).map_err(serde::de::Error::custom)
    }
}
