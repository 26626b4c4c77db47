//! Text rendering: reason trees indented two spaces a level, with the
//! place each line comes from, and colour only when asked for (a terminal
//! without `NO_COLOR`; the binary decides).

use super::reason::Kind;
use super::ReasonNode;

/// How to decorate text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

/// ANSI colours used by the renderers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paint {
    Red,
    Green,
    Yellow,
    Dim,
    Bold,
}

impl Style {
    pub fn paint(&self, p: Paint, text: &str) -> String {
        if !self.color {
            return text.to_string();
        }
        let code = match p {
            Paint::Red => "31",
            Paint::Green => "32",
            Paint::Yellow => "33",
            Paint::Dim => "2",
            Paint::Bold => "1",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}

/// Lines whose text already names their place.
fn names_its_place(n: &ReasonNode) -> bool {
    matches!(n.kind, Kind::User | Kind::UserIgnored)
}

/// Append `node` and its children, `depth` levels in.
pub fn tree(out: &mut String, node: &ReasonNode, depth: usize, style: &Style) {
    out.push_str(&"  ".repeat(depth));
    if let Some(id) = node.id {
        out.push_str(&style.paint(Paint::Bold, &format!("({id}) ")));
    }
    out.push_str(&node.text);
    if let (Some(f), Some(l), false) = (&node.file, node.line, names_its_place(node)) {
        out.push_str(&style.paint(Paint::Dim, &format!("  [{f}:{l}]")));
    }
    if let Some(see) = node.see {
        out.push_str(&format!(", see ({see})"));
    } else if node.truncated {
        out.push_str(&style.paint(Paint::Dim, "  (not followed: depth limit)"));
    }
    out.push('\n');
    for c in &node.children {
        tree(out, c, depth + 1, style);
    }
}

/// How many sub-lines a one-line summary shows before "and N more".
const FLAT_CHILDREN: usize = 3;

/// `nodes` on one line: each node's text and up to three of its
/// children's, `; `-separated.
pub fn flat(nodes: &[ReasonNode]) -> String {
    nodes
        .iter()
        .map(|n| {
            let head = n.text.trim_end_matches(':');
            let mut kids: Vec<String> = n
                .children
                .iter()
                .take(FLAT_CHILDREN)
                .map(|c| c.text.clone())
                .collect();
            if n.children.len() > FLAT_CHILDREN {
                kids.push(format!("and {} more", n.children.len() - FLAT_CHILDREN));
            }
            match kids.is_empty() {
                true => head.to_string(),
                false => format!("{head}: {}", kids.join(", ")),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}
