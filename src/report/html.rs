//! A self-contained HTML page (no scripts, no network): headings, paragraphs, tables and
//! charts (PNG beside the page, SVG linked), laid out to read well on screen and printed.
//! Every text is HTML-escaped, so names from model or options files show as text.

use std::fmt::Write as _;

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One block of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph of text.
    Text(String),
    /// A short line in a muted colour (sources, caveats).
    Note(String),
    /// A table: header and rows (cells are text; numbers right-aligned when they parse).
    Table {
        /// Column names.
        header: Vec<String>,
        /// Rows.
        rows: Vec<Vec<String>>,
    },
    /// A chart: the PNG's and SVG's file names (beside the page) and its caption.
    Chart {
        /// File name of the PNG.
        png: String,
        /// File name of the SVG.
        svg: String,
        /// What it shows.
        caption: String,
    },
    /// Key figures shown large, as (label, value) pairs.
    Figures(Vec<(String, String)>),
}

/// A titled part of the page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    /// Heading.
    pub heading: String,
    /// Its blocks, in order.
    pub blocks: Vec<Block>,
}

/// The whole page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// Title (the model's name, usually).
    pub title: String,
    /// One line under the title: model file, hash, seed, trials, version.
    pub provenance: Vec<(String, String)>,
    /// The sections.
    pub sections: Vec<Section>,
}

const STYLE: &str = "body{font-family:DejaVu Sans,Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;line-height:1.45}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
.prov{color:#555;font-size:.85rem}.prov span{margin-right:1.2rem;white-space:nowrap}
.note{color:#666;font-size:.85rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}th,td{padding:.25rem .6rem;border-bottom:1px solid #e2e2e2;text-align:left}
th{background:#f3f3f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0;page-break-inside:avoid}figure img{max-width:100%;border:1px solid #e2e2e2}
figcaption{font-size:.85rem;color:#555}
.figs{display:flex;flex-wrap:wrap;gap:1.4rem;margin:.6rem 0}.figs div{min-width:9rem}.figs b{display:block;font-size:1.35rem}.figs small{color:#555}
section{page-break-inside:auto}@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}h2{page-break-after:avoid}}";

fn numeric(s: &str) -> bool {
    let t = s
        .trim()
        .trim_end_matches('%')
        .trim_start_matches(['+', '-', '−', '±'])
        .replace([',', ' '], "");
    !t.is_empty() && t.parse::<f64>().is_ok()
}

impl Page {
    /// The HTML text of the page.
    pub fn to_html(&self) -> String {
        let mut h = String::new();
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p class=\"prov\">",
            escape(&self.title),
            escape(&self.title)
        );
        for (k, v) in &self.provenance {
            let _ = write!(h, "<span>{}: <b>{}</b></span> ", escape(k), escape(v));
        }
        h.push_str("</p>\n");
        for s in &self.sections {
            let _ = writeln!(h, "<section>\n<h2>{}</h2>", escape(&s.heading));
            for b in &s.blocks {
                block(&mut h, b);
            }
            h.push_str("</section>\n");
        }
        h.push_str("</body>\n</html>\n");
        h
    }

    /// Every chart's file names (PNG and SVG), for checking that they were written.
    pub fn chart_files(&self) -> Vec<String> {
        self.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .flat_map(|b| match b {
                Block::Chart { png, svg, .. } => vec![png.clone(), svg.clone()],
                _ => Vec::new(),
            })
            .collect()
    }
}

fn block(h: &mut String, b: &Block) {
    match b {
        Block::Text(t) => {
            let _ = writeln!(h, "<p>{}</p>", escape(t));
        }
        Block::Note(t) => {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", escape(t));
        }
        Block::Table { header, rows } => {
            h.push_str("<table>\n<thead><tr>");
            for c in header {
                let _ = write!(h, "<th>{}</th>", escape(c));
            }
            h.push_str("</tr></thead>\n<tbody>\n");
            for r in rows {
                h.push_str("<tr>");
                for c in r {
                    let class = if numeric(c) { " class=\"n\"" } else { "" };
                    let _ = write!(h, "<td{class}>{}</td>", escape(c));
                }
                h.push_str("</tr>\n");
            }
            h.push_str("</tbody>\n</table>\n");
        }
        Block::Chart { png, svg, caption } => {
            let _ = writeln!(
                h,
                "<figure><img src=\"{}\" alt=\"{}\"><figcaption>{} (<a href=\"{}\">SVG</a>)</figcaption></figure>",
                escape(png),
                escape(caption),
                escape(caption),
                escape(svg)
            );
        }
        Block::Figures(f) => {
            h.push_str("<div class=\"figs\">");
            for (k, v) in f {
                let _ = write!(
                    h,
                    "<div><b>{}</b><small>{}</small></div>",
                    escape(v),
                    escape(k)
                );
            }
            h.push_str("</div>\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_from_files_is_escaped() {
        let evil = "<script>alert(1)</script> & \"x\" 'y'";
        let page = Page {
            title: evil.into(),
            provenance: vec![("model".into(), evil.into())],
            sections: vec![Section {
                heading: evil.into(),
                blocks: vec![
                    Block::Text(evil.into()),
                    Block::Table {
                        header: vec![evil.into()],
                        rows: vec![vec![evil.into(), "12.5".into()]],
                    },
                    Block::Chart {
                        png: "a\".png".into(),
                        svg: "a.svg".into(),
                        caption: evil.into(),
                    },
                    Block::Figures(vec![(evil.into(), evil.into())]),
                ],
            }],
        };
        let h = page.to_html();
        assert!(!h.contains("<script>"), "{h}");
        assert!(
            h.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;")
        );
        assert!(h.contains("<td class=\"n\">12.5</td>"));
        assert!(h.contains("src=\"a&quot;.png\""));
        assert!(
            !h.contains("<script") && !h.contains("http"),
            "no scripts, no network"
        );
        assert_eq!(page.chart_files(), vec!["a\".png", "a.svg"]);
    }
}
