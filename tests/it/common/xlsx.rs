//! Reading a workbook back and evaluating its formulas, for tests: the cells staffsim writes as
//! formulas are recomputed from the cells they reference, so a test checks that each formula
//! points at the right inputs, not only that Excel would find a cached value.
//!
//! Covers what the workbook uses: numbers, cell references (`B13`, `$C$40`), ranges inside
//! `SUM`, `+ - * /`, parentheses, `>` and `IF(cond, a, b)`.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// One cell: its formula (without "="), if any, and its value as written.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cell {
    pub(crate) formula: Option<String>,
    pub(crate) value: Option<String>,
}

/// One worksheet's cells by reference ("B13").
pub(crate) struct Sheet {
    pub(crate) cells: HashMap<String, Cell>,
    /// Cells already recomputed: a formula chain referencing its previous cell twice (a running
    /// "so far" column) would otherwise take exponential time.
    memo: std::cell::RefCell<HashMap<String, f64>>,
}

fn unescape(text: &str) -> String {
    text.replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text between `<tag ...>` and `</tag>` starting at the first `<tag` in `xml`.
fn inner<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let open = xml.find(&format!("<{tag}"))?;
    let start = open + xml[open..].find('>')? + 1;
    if xml[..start].ends_with("/>") {
        return Some("");
    }
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    Some(&xml[start..end])
}

fn read(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut text = String::new();
    if let Ok(mut file) = zip.by_name(name) {
        file.read_to_string(&mut text).unwrap();
    }
    text
}

/// The sheet called `name` in the workbook at `path`, shared strings resolved.
pub(crate) fn sheet(path: &Path, name: &str) -> Sheet {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let workbook = read(&mut zip, "xl/workbook.xml");
    let names: Vec<String> = workbook
        .split("<sheet ")
        .skip(1)
        .filter_map(|s| {
            let at = s.find("name=\"")? + 6;
            Some(unescape(&s[at..at + s[at..].find('"')?]))
        })
        .collect();
    let index = names
        .iter()
        .position(|n| n == name)
        .unwrap_or_else(|| panic!("no sheet {name} in {names:?}"));
    let strings: Vec<String> = read(&mut zip, "xl/sharedStrings.xml")
        .split("<si>")
        .skip(1)
        .map(|si| {
            si.split("<t")
                .skip(1)
                .filter_map(|t| {
                    let start = t.find('>')? + 1;
                    Some(unescape(&t[start..start + t[start..].find("</t>")?]))
                })
                .collect()
        })
        .collect();
    let xml = read(&mut zip, &format!("xl/worksheets/sheet{}.xml", index + 1));
    let mut cells = HashMap::new();
    for chunk in xml.split("<c ").skip(1) {
        let at = chunk.find("r=\"").unwrap() + 3;
        let reference = chunk[at..at + chunk[at..].find('"').unwrap()].to_string();
        let head_end = chunk.find('>').unwrap();
        let head = &chunk[..head_end];
        let body = if head.ends_with('/') {
            ""
        } else {
            &chunk[head_end + 1..chunk.find("</c>").unwrap_or(chunk.len())]
        };
        let formula = inner(body, "f").map(unescape);
        let mut value = inner(body, "v").map(unescape);
        if head.contains("t=\"s\"") {
            value = value.and_then(|v| strings.get(v.parse::<usize>().ok()?).cloned());
        }
        cells.insert(reference, Cell { formula, value });
    }
    Sheet {
        cells,
        memo: Default::default(),
    }
}

impl Sheet {
    /// The text of a cell.
    pub(crate) fn text(&self, reference: &str) -> Option<&str> {
        self.cells.get(reference)?.value.as_deref()
    }

    /// The row (1-based) whose column `column` holds `label`.
    pub(crate) fn row_of(&self, column: &str, label: &str) -> Option<u32> {
        self.cells
            .iter()
            .filter(|(r, c)| {
                r.trim_end_matches(|ch: char| ch.is_ascii_digit()) == column
                    && c.value.as_deref() == Some(label)
            })
            .map(|(r, _)| r[column.len()..].parse().unwrap())
            .next()
    }

    /// A cell's value, recomputed from its formula when it has one.
    pub(crate) fn evaluate(&self, reference: &str) -> f64 {
        let reference = reference.replace('$', "");
        if let Some(v) = self.memo.borrow().get(&reference) {
            return *v;
        }
        let value = match self.cells.get(&reference) {
            Some(Cell {
                formula: Some(f), ..
            }) => Parser::new(f, self).expression(),
            Some(Cell { value: Some(v), .. }) => v.parse().unwrap_or(f64::NAN),
            _ => 0.0,
        };
        self.memo.borrow_mut().insert(reference, value);
        value
    }

    /// A cell's formula.
    pub(crate) fn formula(&self, reference: &str) -> Option<&str> {
        self.cells.get(reference)?.formula.as_deref()
    }
}

fn split_reference(r: &str) -> (u32, u32) {
    let letters: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let column = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1));
    (column, r[letters.len()..].parse().unwrap())
}

fn column_name(mut column: u32) -> String {
    let mut name = Vec::new();
    while column > 0 {
        let rem = (column - 1) % 26;
        name.push(b'A' + rem as u8);
        column = (column - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap()
}

struct Parser<'a> {
    text: Vec<char>,
    at: usize,
    sheet: &'a Sheet,
}

impl<'a> Parser<'a> {
    fn new(text: &str, sheet: &'a Sheet) -> Self {
        Parser {
            text: text.trim_start_matches('=').chars().collect(),
            at: 0,
            sheet,
        }
    }

    fn peek(&self) -> Option<char> {
        self.text.get(self.at).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expression(&mut self) -> f64 {
        let left = self.additive();
        if self.eat('>') {
            let right = self.additive();
            return if left > right { 1.0 } else { 0.0 };
        }
        if self.eat('<') {
            let right = self.additive();
            return if left < right { 1.0 } else { 0.0 };
        }
        left
    }

    fn additive(&mut self) -> f64 {
        let mut value = self.term();
        loop {
            if self.eat('+') {
                value += self.term();
            } else if self.eat('-') {
                value -= self.term();
            } else {
                return value;
            }
        }
    }

    fn term(&mut self) -> f64 {
        let mut value = self.power();
        loop {
            if self.eat('*') {
                value *= self.power();
            } else if self.eat('/') {
                value /= self.power();
            } else {
                return value;
            }
        }
    }

    /// `a^b`, binding tighter than `*` and `/`.
    fn power(&mut self) -> f64 {
        let base = self.factor();
        if self.eat('^') {
            base.powf(self.power())
        } else {
            base
        }
    }

    fn word(&mut self) -> String {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '$' || c == '.')
        {
            self.at += 1;
        }
        self.text[start..self.at].iter().collect()
    }

    fn factor(&mut self) -> f64 {
        if self.eat('-') {
            return -self.factor();
        }
        if self.eat('(') {
            let v = self.expression();
            assert!(self.eat(')'), "unbalanced parenthesis");
            return v;
        }
        if self.eat('"') {
            while self.peek().is_some_and(|c| c != '"') {
                self.at += 1;
            }
            self.eat('"');
            return f64::NAN;
        }
        let word = self.word();
        assert!(!word.is_empty(), "unexpected {:?}", self.peek());
        if word.chars().next().unwrap().is_ascii_digit() {
            return word.parse().unwrap();
        }
        if self.eat('(') {
            let value = match word.as_str() {
                "SUM" => {
                    let from = self.word().replace('$', "");
                    assert!(self.eat(':'), "SUM over a range");
                    let to = self.word().replace('$', "");
                    let ((c0, r0), (c1, r1)) = (split_reference(&from), split_reference(&to));
                    let mut total = 0.0;
                    for c in c0..=c1 {
                        for r in r0..=r1 {
                            total += self.sheet.evaluate(&format!("{}{r}", column_name(c)));
                        }
                    }
                    total
                }
                "IF" => {
                    let condition = self.expression();
                    assert!(self.eat(','));
                    let yes = self.expression();
                    assert!(self.eat(','));
                    let no = self.expression();
                    if condition != 0.0 { yes } else { no }
                }
                other => panic!("function {other} not supported"),
            };
            assert!(self.eat(')'), "unclosed {word}(");
            return value;
        }
        self.sheet.evaluate(&word)
    }
}
