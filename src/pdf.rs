// SPDX-License-Identifier: EUPL-1.2
//! A small tagged PDF (PDF 1.7, ISO 32000-1) of headings and paragraphs, written in the
//! browser: the citizen's receipt holds their answers, which never reach a server in the
//! clear, so no server can make it. Own code rather than a PDF crate because a crate with
//! fonts and layout costs far more WASM than these few hundred lines (docs/SIZE.md).
//!
//! What it is: A4 pages, the standard fonts Helvetica and Helvetica-Bold in WinAnsi
//! encoding, and the same fonts once more with the Latin letters of Central and Eastern
//! Europe and Turkey that the standard fonts carry (names such as Łukasz, Şahin, Dvořák,
//! Ștefan). A character neither can draw is drawn as `?`, and its line carries the real
//! text as `ActualText`, so that copying and screen readers get it right. Lines are
//! broken by the fonts' real widths, and a structure tree (`Document` → `H1`–`H3`/`P`,
//! one marked-content sequence per line) with the document's language and title, so
//! that screen readers and reflow read it in order (PDF/UA's basics). Page numbers are
//! artifacts. Not PDF/A: that needs the fonts embedded.

use std::fmt::Write as _;

/// One block of the document, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document's heading (`H1`).
    Title(String),
    /// A section's heading (`H2`).
    Heading(String),
    /// A heading within a section (`H3`).
    Subheading(String),
    /// A paragraph; `\n` starts a new line within it.
    Paragraph(String),
}

/// What to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    /// BCP 47, e.g. `de-DE`.
    pub lang: &'static str,
    pub blocks: Vec<Block>,
    /// Written at the foot of each page before "n / m" (an artifact, not content).
    pub footer: String,
}

// Whole points throughout: formatting a float would pull Rust's float printing into the
// WASM (about 10 KiB gzip, measured), and whole points are fine for text.
const PAGE_WIDTH: u32 = 595;
const PAGE_HEIGHT: u32 = 842;
const MARGIN: u32 = 56;
const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * MARGIN;

/// Helvetica's advance widths (per 1000 units of the font size) for ASCII 32..=126,
/// from Adobe's AFM of the standard 14 fonts.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

#[derive(Clone, Copy, PartialEq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    /// The resource name of the face in `set`.
    fn name(self, set: Set) -> &'static str {
        match (self, set) {
            (Font::Regular, Set::WinAnsi) => "/F1",
            (Font::Bold, Set::WinAnsi) => "/F2",
            (Font::Regular, Set::Extended) => "/F3",
            (Font::Bold, Set::Extended) => "/F4",
        }
    }
}

/// Which encoding of the fonts draws a character.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Set {
    WinAnsi,
    /// [`EXTENDED`] at codes from [`FIRST_EXTENDED`] on.
    Extended,
}

/// The letters of Latin Extended-A (and Romanian's comma-below letters) that the standard
/// 14 fonts' Helvetica has (Adobe's Core 14 AFMs of 1997, 315 glyphs), with the glyph
/// names of the second encoding's `/Differences` and Helvetica's widths. Viewers choose
/// the glyph by its name and extract text by it (Adobe Glyph List). One string each, as
/// it costs fewer bytes than a table of pairs. Ț and ț are drawn with Ţ and ţ's glyphs
/// (the standard fonts have no others), so their lines say which letter they are.
const EXTENDED: &str =
    "ĀāĂăĄąĆćČčĎďĐđĒēĖėĘęĚěĞğĢģĪīĮįİıĶķĹĺĻļĽľŁłŃńŅņŇňŌōŐőŔŕŖŗŘřŚśŞşŢţŤťŪūŮůŰűŲųŹźŻżȘșȚț";
const EXTENDED_NAMES: &str = "/Amacron /amacron /Abreve /abreve /Aogonek /aogonek /Cacute /cacute /Ccaron /ccaron /Dcaron /dcaron /Dcroat /dcroat /Emacron /emacron /Edotaccent /edotaccent /Eogonek /eogonek /Ecaron /ecaron /Gbreve /gbreve /Gcommaaccent /gcommaaccent /Imacron /imacron /Iogonek /iogonek /Idotaccent /dotlessi /Kcommaaccent /kcommaaccent /Lacute /lacute /Lcommaaccent /lcommaaccent /Lcaron /lcaron /Lslash /lslash /Nacute /nacute /Ncommaaccent /ncommaaccent /Ncaron /ncaron /Omacron /omacron /Ohungarumlaut /ohungarumlaut /Racute /racute /Rcommaaccent /rcommaaccent /Rcaron /rcaron /Sacute /sacute /Scedilla /scedilla /Tcommaaccent /tcommaaccent /Tcaron /tcaron /Umacron /umacron /Uring /uring /Uhungarumlaut /uhungarumlaut /Uogonek /uogonek /Zacute /zacute /Zdotaccent /zdotaccent /Scommaaccent /scommaaccent /Tcommaaccent /tcommaaccent";
const EXTENDED_WIDTHS: [u16; 82] = [
    667, 556, 667, 556, 667, 556, 722, 500, 722, 500, 722, 643, 722, 556, 667, 556, 667, 556, 667,
    556, 667, 556, 778, 556, 778, 556, 278, 278, 278, 222, 278, 278, 667, 500, 556, 222, 556, 222,
    556, 299, 556, 222, 722, 556, 722, 556, 722, 556, 778, 556, 778, 556, 722, 333, 722, 333, 722,
    333, 667, 500, 667, 500, 611, 278, 611, 317, 722, 556, 722, 556, 722, 556, 722, 556, 611, 500,
    611, 500, 667, 500, 611, 278,
];
/// The code of [`EXTENDED`]'s first letter in the second encoding (after the space; the
/// codes of parentheses and backslash among them are escaped by [`show`] as anywhere).
const FIRST_EXTENDED: u8 = 33;

/// How `c` is drawn: in which encoding, at which code, and whether the glyph is `c`
/// itself (false for `?` and for a look-alike).
fn glyph(c: char) -> (Set, u8, bool) {
    if let Some(byte) = win_ansi(c) {
        return (Set::WinAnsi, byte, true);
    }
    match EXTENDED.chars().position(|e| e == c) {
        // Ț and ț (the last two) borrow Ţ and ţ's glyphs.
        Some(index) => (
            Set::Extended,
            FIRST_EXTENDED + index as u8,
            index < EXTENDED_WIDTHS.len() - 2,
        ),
        None => (Set::WinAnsi, b'?', false),
    }
}

/// The width of `text` in thousandths of a point. Bold is up to a tenth wider than
/// regular in most letters: counted so, a bold line never runs past the margin. Letters
/// of WinAnsi beyond ASCII (umlauts, ß) are as wide as their base letters or narrower
/// than 611; those of the second encoding have their own widths.
fn width(text: &str, font: Font, size: u32) -> u64 {
    // u64: a long answer (tens of thousands of letters) must not overflow.
    let units: u64 = text
        .chars()
        .map(|c| match c as u32 {
            code @ 32..=126 => u64::from(HELVETICA[(code - 32) as usize]),
            _ => match glyph(c) {
                (Set::Extended, code, _) => {
                    u64::from(EXTENDED_WIDTHS[usize::from(code - FIRST_EXTENDED)])
                }
                // WinAnsi's glyphs wider than 611 (Helvetica's AFM): a line of them would
                // run past the margin.
                (_, _, true) => match c {
                    'Œ' | '‰' | '™' | '…' | '—' | 'Æ' => 1000,
                    'œ' => 944,
                    'æ' => 889,
                    '¼' | '½' | '¾' => 834,
                    'Ø' | 'Ö' | 'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ð' | 'Ç' | 'Ü' | 'Ú' | 'Ù' | 'Û' => {
                        778
                    }
                    '©' | '®' => 737,
                    _ => 611,
                },
                _ => 611,
            },
        })
        .sum();
    let bold = if font == Font::Bold { 11 } else { 10 };
    units * u64::from(size) * bold / 10
}

/// `text` broken into lines no wider than `max` points: at spaces, and inside a word
/// only when the word alone is wider (a checksum, a long address).
fn wrap(text: &str, font: Font, size: u32, max: u32) -> Vec<String> {
    let max = u64::from(max) * 1000;
    let mut lines = Vec::new();
    for paragraph_line in text.split('\n') {
        let mut line = String::new();
        for word in paragraph_line.split(' ') {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, font, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if width(&line, font, size) > max {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// `c` in WinAnsiEncoding (PDF 32000-1, Annex D), if it has a code there.
fn win_ansi(c: char) -> Option<u8> {
    Some(match c {
        ' '..='~' => c as u8,
        '\u{A0}'..='\u{FF}' => c as u32 as u8,
        '\t' => b' ',
        _ => {
            // 0x80..=0x9F, in order; `\0` where WinAnsi has no character.
            const HIGH: &str = "€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ";
            let index = HIGH.chars().position(|h| h == c && h != '\0')?;
            0x80 + index as u8
        }
    })
}

/// `text` drawn in `font` at `size`: one `Tj` per run of one encoding, each with its face.
fn show(text: &str, font: Font, size: u32, out: &mut Vec<u8>) {
    let mut current = None;
    for c in text.chars() {
        let (set, byte, _) = glyph(c);
        if current != Some(set) {
            if current.is_some() {
                out.extend_from_slice(b") Tj ");
            }
            let _ = write!(Bytes(out), "{} {size} Tf (", font.name(set));
            current = Some(set);
        }
        if matches!(byte, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(byte);
    }
    if current.is_none() {
        let _ = write!(Bytes(out), "{} {size} Tf (", font.name(Set::WinAnsi));
    }
    out.extend_from_slice(b") Tj");
}

/// Whether some character of `text` is drawn as another.
fn needs_actual_text(text: &str) -> bool {
    text.chars().any(|c| !glyph(c).2)
}

/// `text` as a PDF text string in UTF-16BE with its byte order mark (for the title).
fn utf16(text: &str) -> String {
    let mut hex = String::from("<FEFF");
    for unit in text.encode_utf16() {
        let _ = write!(hex, "{unit:04X}");
    }
    hex.push('>');
    hex
}

/// A block laid out: its structure type and where its lines are (page, MCID).
struct Placed {
    tag: &'static str,
    marks: Vec<(usize, usize)>,
}

/// The pages' content streams and the blocks' marked content.
struct Layout {
    pages: Vec<Vec<u8>>,
    placed: Vec<Placed>,
    /// Per page, the block index of each MCID (the page's parent tree entry).
    parents: Vec<Vec<usize>>,
}

fn layout(document: &Document) -> Layout {
    let mut pages: Vec<Vec<u8>> = vec![Vec::new()];
    let mut parents: Vec<Vec<usize>> = vec![Vec::new()];
    let mut placed = Vec::new();
    let mut y = PAGE_HEIGHT - MARGIN;
    for (index, block) in document.blocks.iter().enumerate() {
        let (tag, font, size, space_before, text) = match block {
            Block::Title(text) => ("H1", Font::Bold, 18, 0, text),
            Block::Heading(text) => ("H2", Font::Bold, 13, 14, text),
            Block::Subheading(text) => ("H3", Font::Bold, 11, 10, text),
            Block::Paragraph(text) => ("P", Font::Regular, 10, 6, text),
        };
        let leading = size * 4 / 3 + 1;
        let mut marks = Vec::new();
        y = y.saturating_sub(space_before);
        for line in wrap(text, font, size, TEXT_WIDTH) {
            if y.saturating_sub(leading) < MARGIN + 20 {
                pages.push(Vec::new());
                parents.push(Vec::new());
                y = PAGE_HEIGHT - MARGIN;
            }
            y -= leading;
            let page = pages.len() - 1;
            let mcid = parents[page].len();
            parents[page].push(index);
            marks.push((page, mcid));
            let content = &mut pages[page];
            let _ = write!(Bytes(content), "/{tag} <</MCID {mcid}>> BDC ");
            // The real text of a line with a look-alike or `?`: in a span of its own, the
            // form readers (poppler among them) take it in.
            let actual = needs_actual_text(&line);
            if actual {
                let _ = write!(
                    Bytes(content),
                    "/Span <</ActualText {}>> BDC ",
                    utf16(&line)
                );
            }
            let _ = write!(Bytes(content), "BT 1 0 0 1 {MARGIN} {y} Tm ");
            show(&line, font, size, content);
            content.extend_from_slice(if actual {
                b" ET EMC EMC\n"
            } else {
                b" ET EMC\n"
            });
        }
        placed.push(Placed { tag, marks });
    }
    let count = pages.len();
    for (n, content) in pages.iter_mut().enumerate() {
        let _ = write!(
            Bytes(content),
            "/Artifact <</Type /Pagination>> BDC BT 1 0 0 1 {MARGIN} 30 Tm "
        );
        show(
            &format!("{}    {} / {count}", document.footer, n + 1),
            Font::Regular,
            8,
            content,
        );
        content.extend_from_slice(b" ET EMC\n");
    }
    Layout {
        pages,
        placed,
        parents,
    }
}

/// `write!` into a byte buffer.
struct Bytes<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Bytes<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// The PDF file of `document`.
pub fn write(document: &Document) -> Vec<u8> {
    let Layout {
        pages,
        placed,
        parents,
    } = layout(document);
    // Objects: 1 catalog, 2 page tree, 3 and 4 fonts, 5 info, 6 structure tree root,
    // 7 parent tree, 8 the Document element, 9 and 10 the fonts in the second encoding,
    // 11 that encoding, then one element per block, then per page the page and its
    // content stream.
    let first_block = 12;
    let first_page = first_block + placed.len();
    let page_obj = |n: usize| first_page + 2 * n;
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let kids: Vec<String> = (0..pages.len())
        .map(|n| format!("{} 0 R", page_obj(n)))
        .collect();
    objects.push(
        format!(
            "<< /Type /Catalog /Pages 2 0 R /Lang {} /MarkInfo << /Marked true >> /StructTreeRoot 6 0 R /ViewerPreferences << /DisplayDocTitle true >> >>",
            utf16(document.lang)
        )
        .into_bytes(),
    );
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
    );
    for base in ["Helvetica", "Helvetica-Bold"] {
        objects.push(
            format!(
                "<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>"
            )
            .into_bytes(),
        );
    }
    objects.push(
        format!(
            "<< /Title {} /Producer (Buergerportal) >>",
            utf16(&document.title)
        )
        .into_bytes(),
    );
    objects.push(b"<< /Type /StructTreeRoot /K 8 0 R /ParentTree 7 0 R >>".to_vec());
    let nums: Vec<String> = parents
        .iter()
        .enumerate()
        .map(|(n, blocks)| {
            let refs: Vec<String> = blocks
                .iter()
                .map(|b| format!("{} 0 R", first_block + b))
                .collect();
            format!("{n} [{}]", refs.join(" "))
        })
        .collect();
    objects.push(format!("<< /Nums [{}] >>", nums.join(" ")).into_bytes());
    let children: Vec<String> = (0..placed.len())
        .map(|b| format!("{} 0 R", first_block + b))
        .collect();
    objects.push(
        format!(
            "<< /Type /StructElem /S /Document /P 6 0 R /K [{}] >>",
            children.join(" ")
        )
        .into_bytes(),
    );
    for base in ["Helvetica", "Helvetica-Bold"] {
        objects.push(
            format!("<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding 11 0 R >>")
                .into_bytes(),
        );
    }
    objects.push(
        format!(
            "<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [{FIRST_EXTENDED} {EXTENDED_NAMES}] >>"
        )
        .into_bytes(),
    );
    for block in &placed {
        let marks: Vec<String> = block
            .marks
            .iter()
            .map(|(page, mcid)| {
                format!("<< /Type /MCR /Pg {} 0 R /MCID {mcid} >>", page_obj(*page))
            })
            .collect();
        objects.push(
            format!(
                "<< /Type /StructElem /S /{} /P 8 0 R /K [{}] >>",
                block.tag,
                marks.join(" ")
            )
            .into_bytes(),
        );
    }
    for (n, content) in pages.into_iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] /Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 9 0 R /F4 10 0 R >> >> /Contents {} 0 R /StructParents {n} /Tabs /S >>",
                page_obj(n) + 1
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(&content);
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        let _ = writeln!(Bytes(&mut out), "{} 0 obj", i + 1);
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let _ = write!(
        Bytes(&mut out),
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    );
    for offset in offsets {
        let _ = writeln!(Bytes(&mut out), "{offset:010} 00000 n ");
    }
    let _ = write!(
        Bytes(&mut out),
        "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(blocks: Vec<Block>) -> Document {
        Document {
            title: "Empfangsbestätigung BP-1".into(),
            lang: "de-DE",
            blocks,
            footer: "BP-1".into(),
        }
    }

    #[test]
    fn lines_break_at_spaces_and_inside_words_only_when_needed() {
        let lines = wrap(
            "aaa bbb ccc",
            Font::Regular,
            10,
            (width("aaa bbb", Font::Regular, 10) / 1000 + 1) as u32,
        );
        assert_eq!(lines, ["aaa bbb", "ccc"]);
        let hash = "0123456789abcdef".repeat(8);
        let lines = wrap(&hash, Font::Regular, 10, TEXT_WIDTH);
        assert_eq!(lines.concat(), hash);
        assert!(
            lines.len() == 2
                && lines
                    .iter()
                    .all(|l| width(l, Font::Regular, 10) <= u64::from(TEXT_WIDTH) * 1000)
        );
        assert_eq!(wrap("a\nb", Font::Regular, 10, TEXT_WIDTH), ["a", "b"]);
    }

    fn shown(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        show(text, Font::Regular, 10, &mut out);
        out
    }

    #[test]
    fn text_is_win_ansi_and_escaped() {
        assert_eq!(
            shown("Größe (m²) \\ „5 €“ 😀"),
            b"/F1 10 Tf (Gr\xF6\xDFe \\(m\xB2\\) \\\\ \x845 \x80\x93 ?) Tj".to_vec()
        );
        // WinAnsi's letters between 0x80 and 0x9F: Czech, Slovak and Slovenian carons.
        assert_eq!(
            shown("Šťastný Žižka"),
            b"/F1 10 Tf (\x8A) Tj /F3 10 Tf (b) Tj /F1 10 Tf (astn\xFD \x8Ei\x9Eka) Tj".to_vec()
        );
        assert_eq!(shown(""), b"/F1 10 Tf () Tj".to_vec());
    }

    #[test]
    fn central_european_and_turkish_letters_are_drawn_in_the_second_encoding() {
        // Ł is the 41st letter: code 33 + 40 = 73 ("I").
        assert_eq!(
            shown("Łukasz Şahin"),
            b"/F3 10 Tf (I) Tj /F1 10 Tf (ukasz ) Tj /F3 10 Tf (]) Tj /F1 10 Tf (ahin) Tj".to_vec()
        );
        // A code that is a parenthesis or backslash in the second encoding is escaped.
        let paren = EXTENDED
            .chars()
            .nth(usize::from(b'(' - FIRST_EXTENDED))
            .expect("letter");
        assert_eq!(shown(&paren.to_string()), b"/F3 10 Tf (\\() Tj".to_vec());
        // The encoding names a glyph for every letter, and a width.
        assert_eq!(EXTENDED.chars().count(), EXTENDED_NAMES.split(' ').count());
        assert_eq!(EXTENDED.chars().count(), EXTENDED_WIDTHS.len());
        assert!(usize::from(FIRST_EXTENDED) + EXTENDED_WIDTHS.len() <= 256);
        // Only lines with a character drawn as another carry the text itself.
        assert!(!needs_actual_text("Łukasz Wójcik, Şahin Yılmaz, Ștefan"));
        assert!(needs_actual_text("Țară"));
        assert!(needs_actual_text("Иван"));
    }

    /// The file as poppler's `pdftotext` reads it (setup.sh installs poppler-utils).
    fn extracted(pdf: &[u8], name: &str) -> String {
        let path = std::env::temp_dir().join(format!("{name}-{}.pdf", std::process::id()));
        std::fs::write(&path, pdf).expect("write the PDF");
        let output = std::process::Command::new("pdftotext")
            .args([path.as_os_str(), "-".as_ref()])
            .output()
            .expect("pdftotext (poppler-utils) runs");
        let _ = std::fs::remove_file(&path);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8")
    }

    #[test]
    fn a_reader_gets_every_name_as_written() {
        let names = [
            "Łukasz Wójcik",
            "Şahin Yılmaz, İzmir",
            "Antonín Dvořák, Žďár",
            "Ștefan Țurcanu",
            "Иван Петров",
            "Ελένη",
        ];
        let pdf = write(&document(vec![
            Block::Title("Antrag gesendet".into()),
            Block::Heading("Angaben".into()),
            Block::Paragraph(names.join("\n")),
        ]));
        let text = extracted(&pdf, "names");
        for name in names {
            assert!(text.contains(name), "{name} not in {text:?}");
        }
        // Letters of the standard fonts are drawn, not replaced: no text of their own.
        let source = String::from_utf8_lossy(&pdf);
        assert_eq!(
            source.matches("/ActualText").count(),
            3,
            "the Romanian, Cyrillic and Greek lines"
        );
    }

    #[test]
    fn the_cross_reference_table_points_at_every_object() {
        let pdf = write(&document(vec![
            Block::Title("Antrag gesendet".into()),
            Block::Paragraph("Ihr Aktenzeichen: BP-1".into()),
        ]));
        let text = String::from_utf8_lossy(&pdf);
        let start: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        // Offsets count bytes: the binary comment and WinAnsi letters are not UTF-8.
        let table = String::from_utf8_lossy(&pdf[start..]);
        assert!(table.starts_with("xref\n0 "));
        for (i, line) in table
            .lines()
            .skip(3)
            .take_while(|l| l.ends_with(" n "))
            .enumerate()
        {
            let offset: usize = line[..10].parse().expect("offset");
            assert!(
                pdf[offset..].starts_with(format!("{} 0 obj", i + 1).as_bytes()),
                "object {}",
                i + 1
            );
        }
        assert!(text.contains("/StructTreeRoot 6 0 R"));
        assert!(text.contains("/S /H1"));
        assert!(text.contains("/H1 <</MCID 0>> BDC"));
    }

    #[test]
    fn long_documents_go_on_over_pages_with_their_structure() {
        let blocks = (0..120)
            .map(|n| Block::Paragraph(format!("Angabe {n}: Wert")))
            .collect();
        let pdf = write(&document(blocks));
        let text = String::from_utf8_lossy(&pdf);
        let count: usize = text
            .split("/Count ")
            .nth(1)
            .and_then(|t| t.split(' ').next())
            .and_then(|n| n.parse().ok())
            .expect("/Count");
        // 120 paragraphs of 20 pt each do not fit on one A4 page, nor on two.
        assert!(count >= 3, "{count} pages");
        assert!(text.contains(&format!("(BP-1    {count} / {count}) Tj")));
        assert_eq!(text.matches("/Type /Page ").count(), count);
        // The parent tree has one entry per page, and every paragraph is in the tree.
        assert!(text.contains(&format!(" {} [", count - 1)));
        assert_eq!(text.matches("/S /P ").count(), 120);
    }
}
