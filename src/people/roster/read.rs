//! Reading a roster's CSV: UTF-8 with or without a byte-order mark, fields separated by commas
//! or semicolons (whichever the header uses), RFC 4180 quotes (`""` inside a quoted field is a
//! quote, a quoted field may hold separators and line breaks), any line end. Each record keeps
//! the line it starts on, so that a problem can name it as a spreadsheet shows it.

/// One record of the file: the line it starts on (the header is line 1) and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// A file read: its header's fields, the separator it uses, and the records after it. Blank
/// lines are skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub separator: char,
    pub records: Vec<Record>,
}

/// Why a file could not be read at all, in words for the person who chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Nothing but blank lines.
    Empty,
    /// A quote opened on `line` and never closed: the rest of the file would be one field.
    UnclosedQuote { line: usize },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Empty => f.write_str("The file is empty: it needs a header line, such as email,first name,last name, and a line per person."),
            ReadError::UnclosedQuote { line } => write!(
                f,
                "Line {line}: a quote opens a field and is never closed. Close it with another \" (a quote inside a field is written twice: \"\")."
            ),
        }
    }
}

/// The separator of the header line: a semicolon when it has more of them outside quotes than
/// commas (the way spreadsheets in much of Europe save CSV), a comma otherwise.
fn separator_of(first_line: &str) -> char {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in first_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas {
        ';'
    } else {
        ','
    }
}

/// Reads `text` (a file's whole content, as decoded UTF-8) into its header and records.
pub fn read(text: &str) -> Result<Table, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .ok_or(ReadError::Empty)?;
    let separator = separator_of(first_line);
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let (mut line, mut record_line) = (1, 1);
    // Inside quotes; and whether the current field was quoted (so that `""` stays a field).
    let (mut quoted, mut was_quoted) = (false, false);
    let mut chars = text.chars().peekable();
    let mut end_record =
        |fields: &mut Vec<String>, field: &mut String, was_quoted: bool, at: usize| {
            fields.push(std::mem::take(field));
            let blank = fields.len() == 1 && fields[0].trim().is_empty() && !was_quoted;
            if !blank {
                records.push(Record {
                    line: at,
                    fields: std::mem::take(fields),
                });
            }
            fields.clear();
        };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\r' => {
                    // A CRLF or a lone CR inside a field is one line break.
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    field.push('\n');
                    line += 1;
                }
                '\n' => {
                    field.push('\n');
                    line += 1;
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                // Spaces before an opening quote are not part of the field.
                field.clear();
                quoted = true;
                was_quoted = true;
            }
            c if c == separator => {
                fields.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                end_record(&mut fields, &mut field, was_quoted, record_line);
                was_quoted = false;
                line += 1;
                record_line = line;
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(ReadError::UnclosedQuote { line: record_line });
    }
    if !field.is_empty() || !fields.is_empty() || was_quoted {
        end_record(&mut fields, &mut field, was_quoted, record_line);
    }
    let mut records = records.into_iter();
    let header = records.next().ok_or(ReadError::Empty)?;
    Ok(Table {
        header: header.fields,
        separator,
        records: records.collect(),
    })
}
