//! CSV text with positions: records from the `csv` crate, the byte offset of each field in the
//! text (for `line:column` in messages), and the problems found while reading one file.

use super::{MAX_LISTED, SurveyError};
use crate::model::Diagnostic;
use crate::model::reader::LineIndex;

/// One field of a row: where it starts in the text and what it holds (quotes removed).
pub(super) struct Field<'r> {
    /// Byte offset of the field's first character in the whole text.
    pub at: usize,
    /// The field's value, untrimmed.
    pub text: &'r str,
}

/// One non-blank record.
pub(super) struct Row<'r> {
    /// Byte offset of the record's first character.
    pub start: usize,
    /// Its fields, in order.
    pub fields: Vec<Field<'r>>,
}

/// One file being read: its text, line index and problems.
pub(super) struct Sheet<'a> {
    text: &'a str,
    lines: LineIndex<'a>,
    diags: Vec<Diagnostic>,
    unlisted: usize,
}

impl<'a> Sheet<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Sheet {
            text,
            lines: LineIndex::new(text),
            diags: Vec::new(),
            unlisted: 0,
        }
    }

    /// Record a problem at a byte offset of the text.
    pub(super) fn err(&mut self, at: usize, key: &str, message: String) {
        let pos = Some(self.lines.pos(at));
        self.push(pos, key, message);
    }

    /// Record a problem of the whole file (no position).
    pub(super) fn err_file(&mut self, key: &str, message: String) {
        self.push(None, key, message);
    }

    fn push(&mut self, pos: Option<crate::model::Pos>, key: &str, message: String) {
        if self.diags.len() >= MAX_LISTED {
            self.unlisted += 1;
            return;
        }
        self.diags.push(Diagnostic {
            pos,
            key: key.to_string(),
            message,
        });
    }

    /// Whether any problem was found so far.
    pub(super) fn has_errors(&self) -> bool {
        !self.diags.is_empty()
    }

    /// The line and column of a byte offset, as `line L, column C` for messages.
    pub(super) fn place(&self, at: usize) -> String {
        let p = self.lines.pos(at);
        format!("line {}, column {}", p.line, p.column)
    }

    /// The text's length in bytes (the offset of the end, for "at the end" messages).
    pub(super) fn end(&self) -> usize {
        self.text.len()
    }

    /// Call `f` for every non-blank record in order (the first is the header) until it returns
    /// false. A record whose fields are all empty or spaces is blank. Stops at a quoted field
    /// that is never closed, reporting it.
    pub(super) fn for_each_row(&mut self, mut f: impl FnMut(&mut Self, &Row) -> bool) {
        let text = self.text;
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let body = &text[bom..];
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(body.as_bytes());
        let mut record = csv::StringRecord::new();
        let mut starts = Vec::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => {
                    let at = e.position().map_or(0, |p| p.byte() as usize) + bom;
                    self.err(at, "", format!("cannot read this as CSV: {e}"));
                    return;
                }
            }
            let begin = record.position().map_or(0, |p| p.byte() as usize) + bom;
            let start = match field_starts(text, begin, record.len(), &mut starts) {
                Ok(s) => s,
                Err(open) => {
                    self.err(
                        open,
                        "",
                        "a quoted field is never closed (this `\"` opens it; write `\"\"` for a quote inside a quoted field)".into(),
                    );
                    return;
                }
            };
            if record.iter().all(|v| v.trim().is_empty()) {
                continue;
            }
            let row = Row {
                start,
                fields: record
                    .iter()
                    .zip(&starts)
                    .map(|(v, &at)| Field { at, text: v })
                    .collect(),
            };
            if !f(self, &row) {
                return;
            }
        }
    }

    /// The result of reading: the value when nothing was wrong, else every problem.
    pub(super) fn finish<T>(mut self, origin: &str, value: Option<T>) -> Result<T, SurveyError> {
        if self.unlisted > 0 {
            self.diags.push(Diagnostic {
                pos: None,
                key: String::new(),
                message: format!("… and {} more problems not listed", self.unlisted),
            });
        }
        match value {
            Some(v) if self.diags.is_empty() => Ok(v),
            _ => {
                if self.diags.is_empty() {
                    self.diags.push(Diagnostic {
                        pos: None,
                        key: String::new(),
                        message: "cannot be read".into(),
                    });
                }
                Err(SurveyError {
                    origin: origin.to_string(),
                    diagnostics: self.diags,
                })
            }
        }
    }
}

/// The byte offset of each of a record's `count` fields, scanning the raw text from `begin`
/// (where the csv reader says the record starts, possibly before the line breaks that end the
/// previous record) the way the csv crate splits it: a field is quoted only when its first
/// character is `"`, `""` inside quotes is one quote, and after the closing quote the field
/// runs on to the next comma. Returns the record's first offset, or `Err(offset)` of a quote
/// that is never closed.
fn field_starts(
    text: &str,
    begin: usize,
    count: usize,
    out: &mut Vec<usize>,
) -> Result<usize, usize> {
    let b = text.as_bytes();
    let mut i = begin.min(b.len());
    while i < b.len() && matches!(b[i], b'\n' | b'\r') {
        i += 1;
    }
    let start = i;
    out.clear();
    for k in 0..count {
        out.push(i);
        if b.get(i) == Some(&b'"') {
            let open = i;
            i += 1;
            loop {
                match b[i..].iter().position(|&c| c == b'"') {
                    None => return Err(open),
                    Some(j) => {
                        i += j + 1;
                        if b.get(i) == Some(&b'"') {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
        }
        while i < b.len() && !matches!(b[i], b',' | b'\n' | b'\r') {
            i += 1;
        }
        if k + 1 < count && i < b.len() {
            i += 1; // the comma
        }
    }
    Ok(start)
}

/// Whether the header row (the first non-blank record) names a column `table` or `percent`:
/// the aggregated form.
pub(super) fn header_is_aggregated(text: &str) -> bool {
    let mut sheet = Sheet::new(text);
    let mut aggregated = false;
    sheet.for_each_row(|_, row| {
        aggregated = row.fields.iter().any(|f| {
            let name = f.text.trim();
            name.eq_ignore_ascii_case("table") || name.eq_ignore_ascii_case("percent")
        });
        false
    });
    aggregated
}

/// A field's value trimmed, with its offset moved past the leading spaces (for messages that
/// point at the value itself; a quoted field's offset stays at its opening quote).
pub(super) fn trimmed<'r>(f: &Field<'r>) -> (usize, &'r str) {
    let lead = f.text.len() - f.text.trim_start().len();
    (f.at + lead, f.text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    type Rows = Vec<(usize, Vec<(usize, String)>)>;

    fn rows(text: &str) -> (Rows, Vec<Diagnostic>) {
        let mut s = Sheet::new(text);
        let mut out = Vec::new();
        s.for_each_row(|_, r| {
            out.push((
                r.start,
                r.fields
                    .iter()
                    .map(|f| (f.at, f.text.to_string()))
                    .collect(),
            ));
            true
        });
        (out, s.diags)
    }

    #[test]
    fn offsets_follow_quotes_blank_lines_and_crlf() {
        let text = "a,b\r\n\r\n\"x,y\",  z\r\n\"q\"\"q\",\n";
        let (r, d) = rows(text);
        assert!(d.is_empty());
        assert_eq!(r.len(), 3);
        assert_eq!(r[0], (0, vec![(0, "a".into()), (2, "b".into())]));
        assert_eq!(r[1].0, 7);
        assert_eq!(r[1].1, vec![(7, "x,y".into()), (13, "  z".into())]);
        assert_eq!(&text[r[2].0..r[2].0 + 1], "\"");
        assert_eq!(r[2].1[0].1, "q\"q");
        assert_eq!(r[2].1[1], (r[2].0 + 7, String::new()));
    }

    #[test]
    fn unterminated_quote_is_reported_where_it_opens() {
        let (r, d) = rows("a,b\n1,\"oops\n2,3\n");
        assert_eq!(r.len(), 1);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].pos.map(|p| (p.line, p.column)), Some((2, 3)));
    }

    #[test]
    fn blank_records_and_bom_are_skipped() {
        let (r, d) = rows("\u{feff}a\n   \n,,\nb\n");
        assert!(d.is_empty());
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].1, vec![(3, "a".into())]);
    }
}
