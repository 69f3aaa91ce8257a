//! Recursive-descent parser; depth is counted so hostile input cannot blow the stack.

use super::lexer::{Tok, tokenize};
use super::{
    ArithOp, CmpOp, Expected, Expr, ExprError, ExprErrorKind as K, Func, Literal, MAX_EXPR_DEPTH,
    Token,
};

pub(super) fn parse(src: &str) -> Result<Expr, ExprError> {
    let toks = tokenize(src)?;
    let end = src.chars().count() + 1;
    if toks.is_empty() {
        return Err(ExprError {
            position: 1,
            kind: K::Empty,
        });
    }
    let mut p = Parser {
        toks,
        pos: 0,
        end,
        depth: 0,
    };
    let e = p.or()?;
    if let Some((at, t)) = p.toks.get(p.pos) {
        return Err(ExprError {
            position: *at,
            kind: K::Unexpected(describe(t)),
        });
    }
    Ok(e)
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    end: usize,
    depth: usize,
}

fn describe(t: &Tok) -> Token {
    match t {
        Tok::Ident(s) => Token::Word(s.clone()),
        Tok::Str(_) => Token::Text,
        Tok::Num(_) => Token::Number,
        Tok::Op(o) => Token::Symbol(o),
        Tok::LParen => Token::Symbol("("),
        Tok::RParen => Token::Symbol(")"),
        Tok::LBracket => Token::Symbol("["),
        Tok::RBracket => Token::Symbol("]"),
        Tok::Comma => Token::Symbol(","),
    }
}

const KEYWORDS: [&str; 6] = ["and", "or", "not", "in", "true", "false"];

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(_, t)| t)
    }

    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |(p, _)| *p)
    }

    fn err<T>(&self, kind: K) -> Result<T, ExprError> {
        Err(ExprError {
            position: self.at(),
            kind,
        })
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(w)) if w == word)
    }

    fn expect(&mut self, tok: Tok, what: Expected) -> Result<(), ExprError> {
        if self.peek() == Some(&tok) {
            self.pos += 1;
            Ok(())
        } else {
            self.err(K::Expected(what))
        }
    }

    fn enter(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_EXPR_DEPTH {
            return self.err(K::TooDeep {
                max: MAX_EXPR_DEPTH,
            });
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Expr, ExprError> {
        self.enter()?;
        let mut left = self.and()?;
        while self.is_word("or") {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        self.depth -= 1;
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.not()?;
        while self.is_word("and") {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Expr, ExprError> {
        if self.is_word("not") {
            self.pos += 1;
            self.enter()?;
            let inner = self.not()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.cmp()
    }

    fn cmp(&mut self) -> Result<Expr, ExprError> {
        let left = self.sum()?;
        if let Some(Tok::Op(op @ ("==" | "!=" | "<" | "<=" | ">" | ">="))) = self.peek() {
            let op = match *op {
                "==" => CmpOp::Eq,
                "!=" => CmpOp::Ne,
                "<" => CmpOp::Lt,
                "<=" => CmpOp::Le,
                ">" => CmpOp::Gt,
                _ => CmpOp::Ge,
            };
            self.pos += 1;
            let right = self.sum()?;
            return Ok(Expr::Cmp(op, Box::new(left), Box::new(right)));
        }
        if self.is_word("in") {
            self.pos += 1;
            self.expect(Tok::LBracket, Expected::OpenBracketAfterIn)?;
            let mut items = Vec::new();
            if self.peek() != Some(&Tok::RBracket) {
                loop {
                    items.push(self.literal()?);
                    if self.peek() == Some(&Tok::Comma) {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
            }
            self.expect(Tok::RBracket, Expected::CommaOrCloseBracket)?;
            return Ok(Expr::In(Box::new(left), items));
        }
        Ok(left)
    }

    fn sum(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.product()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op("+")) => ArithOp::Add,
                Some(Tok::Op("-")) => ArithOp::Sub,
                _ => return Ok(left),
            };
            self.pos += 1;
            left = Expr::Arith(op, Box::new(left), Box::new(self.product()?));
        }
    }

    fn product(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op("*")) => ArithOp::Mul,
                Some(Tok::Op("/")) => ArithOp::Div,
                _ => return Ok(left),
            };
            self.pos += 1;
            left = Expr::Arith(op, Box::new(left), Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        if self.peek() == Some(&Tok::Op("-")) {
            self.pos += 1;
            self.enter()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(match inner {
                Expr::Lit(Literal::Num(n)) => Expr::Lit(Literal::Num(-n)),
                other => Expr::Neg(Box::new(other)),
            });
        }
        self.operand()
    }

    fn literal(&mut self) -> Result<Literal, ExprError> {
        let negative = self.peek() == Some(&Tok::Op("-"));
        if negative {
            self.pos += 1;
        }
        let lit = match self.peek() {
            Some(Tok::Num(n)) => Literal::Num(if negative { -n } else { *n }),
            _ if negative => return self.err(K::ExpectedNumberAfterMinus),
            Some(Tok::Str(s)) => Literal::Str(s.clone()),
            Some(Tok::Ident(w)) if w == "true" => Literal::Bool(true),
            Some(Tok::Ident(w)) if w == "false" => Literal::Bool(false),
            _ => return self.err(K::ExpectedLiteral),
        };
        self.pos += 1;
        Ok(lit)
    }

    fn operand(&mut self) -> Result<Expr, ExprError> {
        match self.peek() {
            Some(Tok::LParen) => {
                self.pos += 1;
                let e = self.or()?;
                self.expect(Tok::RParen, Expected::CloseParen)?;
                Ok(e)
            }
            Some(Tok::Str(_) | Tok::Num(_)) => Ok(Expr::Lit(self.literal()?)),
            Some(Tok::Ident(w)) if w == "true" || w == "false" => Ok(Expr::Lit(self.literal()?)),
            Some(Tok::Ident(w)) if KEYWORDS.contains(&w.as_str()) => {
                self.err(K::Unexpected(Token::Word(w.clone())))
            }
            Some(Tok::Ident(w)) => {
                let name = w.clone();
                let is_call = matches!(self.toks.get(self.pos + 1), Some((_, Tok::LParen)));
                if !is_call {
                    self.pos += 1;
                    let path = name.split('.').map(str::to_owned).collect();
                    return Ok(Expr::Field(path));
                }
                let Some(&(_, func, arity)) = Func::ALL.iter().find(|(n, _, _)| *n == name) else {
                    return self.err(K::UnknownFunction(name));
                };
                self.pos += 2;
                let mut args = Vec::new();
                if self.peek() != Some(&Tok::RParen) {
                    loop {
                        if args.len() == arity {
                            return self.err(K::TooManyArguments { name, arity });
                        }
                        let arg = if func == Func::Answered {
                            Expr::Field(self.path()?)
                        } else {
                            self.or()?
                        };
                        args.push(arg);
                        if self.peek() == Some(&Tok::Comma) {
                            self.pos += 1;
                        } else {
                            break;
                        }
                    }
                }
                if args.len() < arity {
                    return self.err(K::TooFewArguments { name, arity });
                }
                self.expect(Tok::RParen, Expected::CloseParen)?;
                Ok(Expr::Call(func, args))
            }
            Some(t) => {
                let d = describe(t);
                self.err(K::Unexpected(d))
            }
            None => self.err(K::EndsEarly),
        }
    }

    fn path(&mut self) -> Result<Vec<String>, ExprError> {
        match self.peek() {
            Some(Tok::Ident(w)) if !KEYWORDS.contains(&w.as_str()) => {
                let path = w.split('.').map(str::to_owned).collect();
                self.pos += 1;
                Ok(path)
            }
            _ => self.err(K::ExpectedFieldId),
        }
    }
}
