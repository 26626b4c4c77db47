//! `ksolve why`: why a symbol has its value, or what keeps it from one.

use super::args::{Format, Global};
use super::output;
use super::run::{format, load, style};
use crate::check::input_merge;
use crate::explain::Limits;
use crate::report::why;
use anyhow::bail;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct WhyArgs {
    /// SYMBOL (why it has its value) or SYMBOL=VALUE (what keeps it from VALUE); CONFIG_ optional
    #[arg(value_name = "SYMBOL[=VALUE]")]
    pub symbol: String,
    /// Config fragments merged onto the base first
    #[arg(value_name = "FRAGMENT")]
    pub fragments: Vec<PathBuf>,
    /// Levels of causes to follow
    #[arg(long, default_value_t = 8)]
    pub depth: usize,
    /// Explain the result of this mode instead of olddefconfig (no base
    /// config; the fragments are its KCONFIG_ALLCONFIG)
    #[arg(long, value_enum, value_name = "MODE")]
    pub mode: Option<super::modes::ModeArg>,
}

pub(super) fn run(global: &Global, args: &WhyArgs) -> anyhow::Result<i32> {
    let fmt = format(
        global,
        &[Format::Text, Format::Json, Format::Fragment],
        Format::Text,
    )?;
    let fragments = super::check::read_fragments(&args.fragments)?;
    let mode = args.mode.map(|m| m.fill()).transpose()?.flatten();
    let (tree, base) = match mode {
        Some(_) => (
            super::run::load_tree(global, &super::run::load_options(global, &global.tree))?,
            crate::ConfigFile::parse("", "(none)"),
        ),
        None => {
            let inputs = load(global, &[])?;
            (inputs.tree, inputs.base)
        }
    };
    let model = &tree.model;
    let (s, value) = asked(&tree, &args.symbol)?;
    let merged = input_merge(&base, &fragments);
    let mut run = match mode {
        Some((fill, seed)) => crate::config::modes::all_config(model, fill, Some(&merged), seed),
        None => crate::config::olddefconfig(model, &merged),
    };
    if fmt == Format::Fragment {
        return fragment(model, &merged, s, value);
    }
    let limits = Limits {
        depth: args.depth,
        ..Limits::default()
    };
    let rep = match value {
        Some(v) => why::why_not(&mut run.evaluation, s, v, limits),
        None => why::why(&mut run.evaluation, s, limits),
    };
    let mut text = match fmt {
        Format::Json => serde_json::to_string_pretty(&rep)? + "\n",
        _ => why::text(&rep, &style()),
    };
    if let (Some(v), Format::Text) = (value, fmt) {
        text.push_str(&smallest_change(model, &merged, s, v));
    }
    output::print(&text);
    Ok(0)
}

/// The symbol asked about and the value, if one is (`SYMBOL[=VALUE]`,
/// `CONFIG_` optional; a logical value as conf reads it: `yes` is `y`).
fn asked<'a>(
    tree: &crate::Tree,
    arg: &'a str,
) -> anyhow::Result<(crate::SymbolId, Option<&'a str>)> {
    let model = &tree.model;
    let (name, value) = match arg.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (arg, None),
    };
    let name = name.strip_prefix("CONFIG_").unwrap_or(name);
    let Some((s, _)) = super::run::request_symbol(tree, &mut None, name) else {
        let close = crate::check::suggestions(model, name);
        let hint = if close.is_empty() {
            String::new()
        } else {
            format!(" (did you mean {}?)", close.join(", "))
        };
        bail!("{name}: no such symbol in this tree{hint}");
    };
    let ty = model.sym(s).ty;
    let value = value.map(|v| match crate::eval::user::read_tristate(ty, v) {
        Some(t) if ty.is_logical() => t.as_str(),
        _ => v,
    });
    Ok((s, value))
}

/// `--format fragment`: the lines that make SYMBOL=VALUE hold.
fn fragment(
    model: &crate::Model,
    merged: &[crate::Assignment],
    s: crate::SymbolId,
    value: Option<&str>,
) -> anyhow::Result<i32> {
    let Some(v) = value else {
        bail!("--format fragment: give SYMBOL=VALUE (the answer is the lines that make it hold)");
    };
    match smallest_fragment(model, merged, s, v) {
        Ok(lines) => {
            output::print(&lines.iter().map(|l| format!("{l}\n")).collect::<String>());
            Ok(0)
        }
        Err(why) => {
            eprintln!("ksolve: {why}");
            Ok(1)
        }
    }
}

/// What `ksolve solve SYMBOL=VALUE` answers: the exact smallest set of
/// lines that lifts every blocker, printed as fragment lines to paste (the
/// request's own line first), or the conflict that makes it impossible.
fn smallest_change(
    model: &crate::Model,
    merged: &[crate::Assignment],
    s: crate::SymbolId,
    value: &str,
) -> String {
    match smallest_fragment(model, merged, s, value) {
        Ok(lines) if lines.len() == 1 => {
            format!("smallest change: none beyond {} itself\n", lines[0])
        }
        Ok(lines) => format!(
            "smallest change ({} more line(s) with the request; to paste):\n{}",
            lines.len() - 1,
            lines.iter().map(|l| format!("{l}\n")).collect::<String>()
        ),
        Err(why) => format!("{why}\n"),
    }
}

/// The request's line and the solver's lines, or why there are none.
fn smallest_fragment(
    model: &crate::Model,
    merged: &[crate::Assignment],
    s: crate::SymbolId,
    value: &str,
) -> Result<Vec<String>, String> {
    use crate::solve::{self, SolveError};
    let request = solve::Request {
        sym: s,
        value: value.to_string(),
        origin: solve::command_line(0),
    };
    let own = match value {
        "n" => format!("# CONFIG_{} is not set", model.name(s)),
        v => format!("CONFIG_{}={v}", model.name(s)),
    };
    match solve::solve(model, merged, vec![request]) {
        Ok(sol) => Ok(std::iter::once(own).chain(sol.fragment()).collect()),
        Err(SolveError::Conflicts { .. }) => Err(format!(
            "no change of other symbols makes {}={value} hold (ksolve solve names the conflict)",
            model.name(s)
        )),
        Err(e) => Err(format!("smallest change: not found ({e})")),
    }
}
