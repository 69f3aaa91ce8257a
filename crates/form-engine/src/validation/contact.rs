//! email, phone and German postcode: deliberately small syntax checks.
//! Whether an address or number really exists only a message to it can tell;
//! the checks catch typos without rejecting unusual but real values.

/// `local@domain.tld`: one `@`, a local part of common characters without
/// leading, trailing or double dots, and a domain of at least two labels
/// (letters, digits, hyphens; non-ASCII letters allowed for umlaut domains)
/// whose last label has two or more letters. No quoted local parts or IP
/// literals: real citizens do not use them, and typos look like them.
pub fn is_valid_email(s: &str) -> bool {
    if s.len() > 254 || s.chars().any(char::is_whitespace) {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    if local.is_empty() || local.len() > 64 || domain.contains('@') {
        return false;
    }
    let local_ok = local
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.chars().count() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let tld_ok = labels
        .last()
        .is_some_and(|t| t.chars().count() >= 2 && t.chars().all(char::is_alphabetic));
    local_ok && labels.len() >= 2 && labels.iter().all(label_ok) && tld_ok
}

/// Digits with the usual separators (space, `/`, `-`, parentheses), an
/// optional leading `+`, and 6 to 20 digits in all.
pub fn is_valid_phone(s: &str) -> bool {
    let body = s.strip_prefix('+').unwrap_or(s);
    let allowed = body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '/' | '-' | '(' | ')'));
    let digits = body.chars().filter(char::is_ascii_digit).count();
    allowed
        && (6..=20).contains(&digits)
        && body
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '(')
}

/// A German postcode: exactly five digits.
pub fn is_valid_postcode(s: &str) -> bool {
    s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit())
}
