//! The built-in functions of the macro language, with the kernel's arity
//! table (scripts/kconfig/preprocess.c `function_table`).

use super::error::{MacroError, MacroErrorKind};
use super::expand::{error, Preprocessor};
use super::{Diagnostic, DiagnosticKind, Location};

struct Builtin {
    name: &'static str,
    min_args: usize,
    max_args: usize,
    run: fn(&mut Preprocessor, &[String], Location) -> Result<String, MacroError>,
}

const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "error-if",
        min_args: 2,
        max_args: 2,
        run: error_if,
    },
    Builtin {
        name: "filename",
        min_args: 0,
        max_args: 0,
        run: filename,
    },
    Builtin {
        name: "info",
        min_args: 1,
        max_args: 1,
        run: info,
    },
    Builtin {
        name: "lineno",
        min_args: 0,
        max_args: 0,
        run: lineno,
    },
    Builtin {
        name: "shell",
        min_args: 1,
        max_args: 1,
        run: shell,
    },
    Builtin {
        name: "warning-if",
        min_args: 2,
        max_args: 2,
        run: warning_if,
    },
];

/// Calls the built-in `name`, or returns `None` when there is none.
pub(super) fn call(
    pp: &mut Preprocessor,
    name: &str,
    args: &[String],
    at: Location,
) -> Result<Option<String>, MacroError> {
    let Some(f) = BUILTINS.iter().find(|f| f.name == name) else {
        return Ok(None);
    };
    if args.len() < f.min_args {
        return Err(error(at, MacroErrorKind::TooFewArguments(name.to_owned())));
    }
    if args.len() > f.max_args {
        return Err(error(
            at,
            MacroErrorKind::TooManyArgumentsFor(name.to_owned()),
        ));
    }
    (f.run)(pp, args, at).map(Some)
}

fn error_if(_: &mut Preprocessor, args: &[String], at: Location) -> Result<String, MacroError> {
    if args[0] == "y" {
        return Err(error(at, MacroErrorKind::ErrorIf(args[1].clone())));
    }
    Ok(String::new())
}

fn filename(_: &mut Preprocessor, _: &[String], at: Location) -> Result<String, MacroError> {
    Ok(at.file.to_owned())
}

fn lineno(_: &mut Preprocessor, _: &[String], at: Location) -> Result<String, MacroError> {
    Ok(at.line.to_string())
}

fn info(pp: &mut Preprocessor, args: &[String], at: Location) -> Result<String, MacroError> {
    pp.record(diagnostic(DiagnosticKind::Info, at, &args[0]));
    Ok(String::new())
}

fn warning_if(pp: &mut Preprocessor, args: &[String], at: Location) -> Result<String, MacroError> {
    if args[0] == "y" {
        pp.record(diagnostic(DiagnosticKind::Warning, at, &args[1]));
    }
    Ok(String::new())
}

fn shell(pp: &mut Preprocessor, args: &[String], at: Location) -> Result<String, MacroError> {
    pp.probes()
        .shell(&args[0], pp.env())
        .map_err(|e| error(at, MacroErrorKind::Probe(e)))
}

fn diagnostic(kind: DiagnosticKind, at: Location, message: &str) -> Diagnostic {
    Diagnostic {
        kind,
        file: at.file.to_owned(),
        line: at.line,
        message: message.to_owned(),
    }
}
