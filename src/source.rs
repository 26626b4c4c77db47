//! Source text: the files of a Kconfig tree, read and parsed.
//!
//! Files are named as the kernel names them: the path written in `source`,
//! relative to `$srctree` (the tree's root). Parsing does not need macro
//! expansion, so every file whose `source` path is a literal is read and
//! parsed ahead of time, in parallel waves (rayon); paths that contain a
//! macro (`source "arch/$(SRCARCH)/Kconfig"`) are loaded on demand when the
//! lowering pass reaches them in document order.

use crate::error::Error;
use crate::syntax::{self, ast};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// One file of the tree.
#[derive(Debug)]
pub struct SourceFile {
    /// The name as the kernel prints it (`drivers/net/Kconfig`).
    pub name: String,
    pub text: String,
    pub ast: ast::File,
}

/// The files of a tree read so far.
#[derive(Debug)]
pub struct Sources {
    root: PathBuf,
    files: Vec<SourceFile>,
    by_name: FxHashMap<String, ast::FileId>,
    /// Files parsed ahead of time that failed: the error is reported only
    /// if the lowering pass really enters them.
    failed: FxHashMap<String, Error>,
}

impl Sources {
    pub fn new(root: &Path) -> Sources {
        Sources {
            root: root.to_path_buf(),
            files: Vec::new(),
            by_name: FxHashMap::default(),
            failed: FxHashMap::default(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn file(&self, id: ast::FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The statements of a file, for the lowering pass to move out and
    /// back while it walks them.
    pub(crate) fn statements_mut(&mut self, id: ast::FileId) -> &mut Vec<ast::Statement> {
        &mut self.files[id.0 as usize].ast.statements
    }

    pub fn names(&self) -> Vec<String> {
        self.files.iter().map(|f| f.name.clone()).collect()
    }

    pub fn exists(&self, name: &str) -> bool {
        self.by_name.contains_key(name) || self.root.join(name).is_file()
    }

    /// Read and parse `top` and every file reachable from it through
    /// `source` statements with literal paths, in parallel.
    pub fn prefetch(&mut self, top: &str) {
        let mut wave = vec![top.to_string()];
        while !wave.is_empty() {
            let first = self.files.len() as u32;
            let root = &self.root;
            let parsed: Vec<(String, Result<(String, ast::File), Error>)> = wave
                .par_iter()
                .enumerate()
                .map(|(i, name)| {
                    let id = ast::FileId(first + i as u32);
                    (name.clone(), read_and_parse(root, name, id))
                })
                .collect();
            let mut next = Vec::new();
            for (name, result) in parsed {
                let (text, ast) = match result {
                    Ok(r) => r,
                    Err(e) => {
                        self.failed.insert(name.clone(), e);
                        (String::new(), ast::File::default())
                    }
                };
                literal_sources(&ast.statements, &mut next);
                self.push(name, text, ast);
            }
            next.retain(|n| !self.by_name.contains_key(n) && self.root.join(n).is_file());
            next.sort();
            next.dedup();
            wave = next;
        }
    }

    /// The file named `name`, parsed; read now unless prefetched.
    pub fn load(&mut self, name: &str) -> Result<ast::FileId, Error> {
        if let Some(e) = self.failed.remove(name) {
            return Err(e);
        }
        if let Some(&id) = self.by_name.get(name) {
            return Ok(id);
        }
        let id = ast::FileId(self.files.len() as u32);
        let (text, ast) = read_and_parse(&self.root, name, id)?;
        Ok(self.push(name.to_string(), text, ast))
    }

    fn push(&mut self, name: String, text: String, ast: ast::File) -> ast::FileId {
        let id = ast::FileId(self.files.len() as u32);
        self.by_name.insert(name.clone(), id);
        self.files.push(SourceFile { name, text, ast });
        id
    }
}

/// Largest Kconfig file read. The biggest in the kernel (arch/x86/Kconfig)
/// is about 100 KiB; the syntax tree takes several times the text, so a
/// bound keeps a runaway or hostile file from taking the machine's memory.
pub const MAX_FILE_SIZE: u64 = 16 << 20;

/// The file's bytes, refused when larger than [`MAX_FILE_SIZE`] (checked
/// while reading too, for files that grow or lie about their size).
fn read_bounded(path: &Path, name: &str) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let too_large = |size: u64| {
        let message = format!("file of {size} bytes is larger than the limit for one Kconfig file ({} MiB)", MAX_FILE_SIZE >> 20);
        Error::kconfig(name, 1, message)
    };
    if size > MAX_FILE_SIZE {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize + 1);
    file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn read_and_parse(root: &Path, name: &str, id: ast::FileId) -> Result<(String, ast::File), Error> {
    let bytes = read_bounded(&root.join(name), name)?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        // The kernel reads bytes; Latin-1 appears in a few help texts.
        // Decoding each byte as a char keeps every line and column.
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    };
    let ast = syntax::parse_file(&text, id)
        .map_err(|e| Error::Syntax(e.render(name, &text)))?;
    Ok((text, ast))
}

/// Paths of `source` statements without macros, relative to the root.
fn literal_sources(stmts: &[ast::Statement], out: &mut Vec<String>) {
    for s in stmts {
        match s {
            ast::Statement::Source { kind, path, .. }
                if !kind.relative && !path.has_macro() && !path.raw.contains(['*', '?', '[']) =>
            {
                out.push(path.raw.clone())
            }
            ast::Statement::Choice { body, .. }
            | ast::Statement::Menu { body, .. }
            | ast::Statement::If { body, .. } => literal_sources(body, out),
            _ => {}
        }
    }
}

