//! Expressions (`visible_when`, `required_when`, rules, computed values): a
//! small, safe language.
//!
//! Safe means: no loops, no recursion the author controls, no access to
//! anything but answers, today's date and (for `minutes_until`) the current
//! time; source length and nesting depth are bounded, so parsing and
//! evaluation always terminate quickly. Expressions are parsed once when the
//! definition is loaded.
//!
//! ```text
//! expr    = or
//! or      = and { "or" and }
//! and     = not { "and" not }
//! not     = "not" not | cmp
//! cmp     = sum [ ("==" | "!=" | "<" | "<=" | ">" | ">=") sum | "in" list ]
//! sum     = product { ("+" | "-") product }
//! product = unary { ("*" | "/") unary }
//! unary   = "-" unary | operand
//! operand = literal | path | func "(" [ expr { "," expr } ] ")" | "(" expr ")"
//! path    = field_id { "." name }
//! func    = "answered" | "len" | "contains" | "age" | "today" | "days_between"
//!         | "minutes_until" | "sum" | "round" | "if"
//! literal = 'text' | "text" | ["-"] number | true | false
//! list    = "[" [ literal { "," literal } ] "]"
//! ```

mod eval;
mod lexer;
mod parser;

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use eval::{Scope, Value};

/// Longest expression source accepted, in bytes.
pub const MAX_EXPR_LEN: usize = 1000;
/// Deepest nesting of parentheses/operators accepted.
pub const MAX_EXPR_DEPTH: usize = 24;

/// A parsed expression together with its source text. Named after its first
/// use (`visible_when`); rules and computed values use the same language.
#[derive(Clone, PartialEq)]
pub struct Condition {
    source: String,
    expr: Expr,
}

/// A syntax error with its 1-based character position in the expression.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid condition at position {position}: {kind}")]
pub struct ExprError {
    pub position: usize,
    /// What is wrong, as data: the texts are the caller's (this `Display` is English).
    pub kind: ExprErrorKind,
}

/// What is wrong with an expression. `Display` gives the English text; other languages
/// translate the kind (the designers' preview does, in German).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExprErrorKind {
    #[error("condition is empty")]
    Empty,
    #[error("expression is longer than {max} characters")]
    TooLong { max: usize },
    #[error("condition is nested deeper than {max} levels")]
    TooDeep { max: usize },
    /// A single `=`.
    #[error("use `==` to compare")]
    SingleEquals,
    /// A `!` without `=`.
    #[error("use `not` or `!=`")]
    Bang,
    #[error("text is not closed")]
    UnclosedText,
    #[error("unknown escape, only \\\\, \\' and \\\" are allowed")]
    UnknownEscape,
    #[error("invalid number")]
    InvalidNumber,
    #[error("unexpected character `{0}`")]
    UnexpectedChar(char),
    #[error("unexpected {0}")]
    Unexpected(Token),
    #[error("expected {0}")]
    Expected(Expected),
    #[error("expected a number after `-`")]
    ExpectedNumberAfterMinus,
    #[error("expected a text, number, `true` or `false`")]
    ExpectedLiteral,
    #[error("expected a field id")]
    ExpectedFieldId,
    #[error("unknown function `{0}`, expected one of: {names}", names = function_names())]
    UnknownFunction(String),
    #[error("`{name}` takes {arity} argument(s)")]
    TooManyArguments { name: String, arity: usize },
    #[error("expected `,` and another argument: `{name}` takes {arity}")]
    TooFewArguments { name: String, arity: usize },
    #[error("expression ends too early")]
    EndsEarly,
}

/// A token where it does not belong, as named in messages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Token {
    /// A name, keyword or field path.
    #[error("`{0}`")]
    Word(String),
    #[error("text")]
    Text,
    #[error("number")]
    Number,
    /// An operator or bracket.
    #[error("`{0}`")]
    Symbol(&'static str),
}

/// What the parser expected instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Expected {
    #[error("`)`")]
    CloseParen,
    #[error("`[` after `in`")]
    OpenBracketAfterIn,
    #[error("`,` or `]`")]
    CommaOrCloseBracket,
}

/// The names of the functions, for messages.
pub fn function_names() -> String {
    let names: Vec<&str> = Func::ALL.iter().map(|(n, _, _)| *n).collect();
    names.join(", ")
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
pub(crate) enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    /// `answered(path)`: the citizen gave an answer.
    Answered,
    /// `len(x)`: characters of a text, entries of a list, items of a group.
    Len,
    /// `contains(x, y)`: list membership or substring.
    Contains,
    /// `age(date)`: full years until today.
    Age,
    /// `today()`: today's date as `YYYY-MM-DD`.
    Today,
    /// `days_between(a, b)`: days from date `a` to date `b`.
    DaysBetween,
    /// `minutes_until(date, time)`: minutes from now until that moment.
    MinutesUntil,
    /// `sum(list)`: sum of the numbers in a list (`sum(owners.share)`).
    Sum,
    /// `round(x, digits)`: rounded half away from zero.
    Round,
    /// `if(condition, then, else)`.
    If,
}

impl Func {
    pub(crate) const ALL: [(&'static str, Func, usize); 10] = [
        ("answered", Func::Answered, 1),
        ("len", Func::Len, 1),
        ("contains", Func::Contains, 2),
        ("age", Func::Age, 1),
        ("today", Func::Today, 0),
        ("days_between", Func::DaysBetween, 2),
        ("minutes_until", Func::MinutesUntil, 2),
        ("sum", Func::Sum, 1),
        ("round", Func::Round, 2),
        ("if", Func::If, 3),
    ];
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Lit(Literal),
    /// A field id, then parts (address) or child ids (group items).
    Field(Vec<String>),
    Call(Func, Vec<Expr>),
    Neg(Box<Expr>),
    Arith(ArithOp, Box<Expr>, Box<Expr>),
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

    /// Ids of all fields the expression reads (the first part of each
    /// path), in order of appearance.
    pub fn referenced_fields(&self) -> Vec<&str> {
        self.referenced_paths()
            .into_iter()
            .map(|p| p[0].as_str())
            .collect()
    }

    /// All field paths the expression reads, e.g. `["owners", "share"]`.
    pub fn referenced_paths(&self) -> Vec<&[String]> {
        let mut out = Vec::new();
        collect_refs(&self.expr, false, &mut |p, _| out.push(p));
        out
    }

    /// Ids of the fields whose value the expression needs, that is every
    /// reference except those only tested with `answered(…)`.
    pub(crate) fn value_fields(&self) -> Vec<&str> {
        let mut out = Vec::new();
        collect_refs(&self.expr, false, &mut |p, in_answered| {
            if !in_answered {
                out.push(p[0].as_str());
            }
        });
        out
    }

    /// Whether the expression reads the current time (`minutes_until`).
    pub fn uses_now(&self) -> bool {
        uses(&self.expr, Func::MinutesUntil)
    }

    /// Evaluates the expression as a condition; unanswered fields compare
    /// as "no value".
    pub fn eval(&self, scope: &Scope<'_>) -> bool {
        eval::truthy(&eval::eval(&self.expr, scope))
    }

    /// Evaluates the expression to a value (for computed values).
    pub fn value(&self, scope: &Scope<'_>) -> Value {
        eval::eval(&self.expr, scope)
    }
}

fn collect_refs<'a>(expr: &'a Expr, in_answered: bool, out: &mut dyn FnMut(&'a [String], bool)) {
    match expr {
        Expr::Lit(_) => {}
        Expr::Field(path) => out(path, in_answered),
        Expr::Call(func, args) => {
            let inner = in_answered || *func == Func::Answered;
            for a in args {
                collect_refs(a, inner, out);
            }
        }
        Expr::Not(e) | Expr::Neg(e) | Expr::In(e, _) => collect_refs(e, in_answered, out),
        Expr::And(a, b) | Expr::Or(a, b) | Expr::Cmp(_, a, b) | Expr::Arith(_, a, b) => {
            collect_refs(a, in_answered, out);
            collect_refs(b, in_answered, out);
        }
    }
}

fn uses(expr: &Expr, func: Func) -> bool {
    match expr {
        Expr::Lit(_) | Expr::Field(_) => false,
        Expr::Call(f, args) => *f == func || args.iter().any(|a| uses(a, func)),
        Expr::Not(e) | Expr::Neg(e) | Expr::In(e, _) => uses(e, func),
        Expr::And(a, b) | Expr::Or(a, b) | Expr::Cmp(_, a, b) | Expr::Arith(_, a, b) => {
            uses(a, func) || uses(b, func)
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
