//! Source text: the files of a Kconfig tree, read and parsed.
//!
//! Files are named as the kernel names them: the path written in `source`,
//! relative to `$srctree` (the tree's root). Parsing does not need macro
//! expansion, so every file whose `source` path is a literal is read and
//! parsed ahead of time, in parallel waves (rayon); paths that contain a
//! macro (`source "arch/$(SRCARCH)/Kconfig"`) are loaded on demand when the
//! lowering pass reaches them in document order (and the files those name
//! literally are then read in parallel in turn).
//!
//! With a parse cache ([`Sources::with_parse_cache`], see [`cache`]) a file
//! whose metadata is unchanged since an earlier run is not read at all: its
//! syntax tree is decoded from the cache.

mod ahead;
mod cache;

/// Records that the parse cache in `dir` of the tree at `root` is in use
/// though not read (a stored model of the tree was), so that it is not
/// evicted (`store::evict_unused`).
pub(crate) fn parse_cache_in_use(dir: &Path, root: &Path) {
    cache::ParseCache::mark_used(dir, root);
}

use crate::error::{Error, KconfigErrorKind};
use crate::syntax::{self, ast};
use cache::{ParseCache, Record, Stamp};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// One file of the tree. Its text is not kept: syntax errors are rendered
/// while it is parsed, and nothing after that reads it.
#[derive(Debug)]
pub(crate) struct SourceFile {
    /// The name as the kernel prints it (`drivers/net/Kconfig`).
    pub name: String,
    /// The syntax tree; empty once [`Sources::drop_syntax`] has run.
    pub ast: ast::File,
}

/// The files of a tree read so far.
#[derive(Debug)]
pub(crate) struct Sources {
    root: PathBuf,
    files: Vec<SourceFile>,
    by_name: FxHashMap<String, ast::FileId>,
    /// Files parsed ahead of time that failed: the error is reported only
    /// if the lowering pass really enters them.
    failed: FxHashMap<String, Error>,
    cache: Option<std::sync::Arc<ParseCache>>,
    /// Decodes ahead the files sourced by those being lowered.
    ahead: Option<ahead::Ahead>,
    /// For each file, the paths it sources literally.
    children: Vec<Vec<String>>,
    /// For each file, what the parse cache is to hold for it.
    records: Vec<Option<Record>>,
    /// For each file, whether the lowering pass has taken its statements.
    taken: Vec<bool>,
    /// Where statements go to be freed (see [`Sources::lowered`]).
    freeing: Option<std::sync::mpsc::Sender<Box<dyn Send>>>,
    /// What was looked for on disk besides the files read: names found
    /// missing and glob patterns with what they matched (see
    /// [`Sources::inputs`]).
    missing: Vec<String>,
    globs: Vec<(String, Vec<String>)>,
}

/// Everything a tree's files contributed to a model, so that a stored model
/// can be checked against the disk ([`FileInputs::unchanged`]) without
/// reading a file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct FileInputs {
    /// Every file read, with its stamp when it was read.
    pub files: Vec<(String, crate::store::Stamp)>,
    /// Names looked for (`osource`, or `source` before its error) and not
    /// found.
    pub missing: Vec<String>,
    /// `source` glob patterns and the names they matched.
    pub globs: Vec<(String, Vec<String>)>,
}

impl FileInputs {
    /// Whether the disk under `root` still holds what was read: every file
    /// with its stamp, no missing name created, every glob matching the
    /// same names.
    pub(crate) fn unchanged(&self, root: &Path) -> bool {
        self.files.par_iter().all(|(name, stamp)| {
            crate::store::Stamp::of_path(&root.join(name)).as_ref() == Some(stamp)
        }) && self.missing.iter().all(|name| !root.join(name).is_file())
            && self
                .globs
                .iter()
                .all(|(pattern, names)| &glob(root, pattern) == names)
    }
}

/// The files matching `pattern` under `root`, relative to it, sorted.
fn glob(root: &Path, pattern: &str) -> Vec<String> {
    let full = root.join(pattern);
    let mut out: Vec<String> = glob::glob(&full.to_string_lossy())
        .map(|paths| {
            paths
                .filter_map(|p| p.ok())
                .filter_map(|p| {
                    p.strip_prefix(root)
                        .ok()
                        .map(|r| r.to_string_lossy().into_owned())
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

impl Sources {
    pub(crate) fn new(root: &Path) -> Sources {
        Sources {
            root: root.to_path_buf(),
            files: Vec::new(),
            by_name: FxHashMap::default(),
            failed: FxHashMap::default(),
            cache: None,
            ahead: None,
            children: Vec::new(),
            records: Vec::new(),
            taken: Vec::new(),
            freeing: None,
            missing: Vec::new(),
            globs: Vec::new(),
        }
    }

    /// Like [`Sources::new`], with the parse cache of this tree kept in
    /// `dir` (`<ksolve cache>/parse`).
    pub(crate) fn with_parse_cache(root: &Path, dir: &Path) -> Sources {
        let mut sources = Sources::new(root);
        sources.cache = Some(std::sync::Arc::new(ParseCache::open(dir, root)));
        sources
    }

    /// Writes the parse cache, if there is one and this run parsed a file.
    #[cfg(test)]
    pub fn save_parse_cache(&self) {
        if let Some(cache) = &self.cache {
            let records = self.files.iter().zip(&self.records);
            cache.store(records.filter_map(|(f, r)| Some((f.name.as_str(), r.as_ref()?))));
        }
    }

    /// Done loading: writes the parse cache like
    /// [`Sources::save_parse_cache`] but in the background
    /// ([`crate::store::in_background`]), and frees what
    /// [`Sources::drop_syntax`] frees.
    pub(crate) fn finish(&mut self) {
        if let Some(cache) = self.cache.take() {
            let names: Vec<String> = self.names();
            let records = std::mem::take(&mut self.records);
            crate::store::in_background(move || {
                let records = names.iter().zip(&records);
                cache.store(records.filter_map(|(n, r)| Some((n.as_str(), r.as_ref()?))));
            });
        }
        self.drop_syntax();
    }

    /// Frees the syntax trees not lowered (the model holds all it needs),
    /// the parse cache and the freeing thread; file names stay.
    pub(crate) fn drop_syntax(&mut self) {
        let trees: Vec<ast::File> = self
            .files
            .iter_mut()
            .map(|f| std::mem::take(&mut f.ast))
            .collect();
        let records = std::mem::take(&mut self.records);
        let cache = self.cache.take();
        self.ahead = None;
        self.free(Box::new((trees, records, cache)));
        self.freeing = None;
    }

    pub(crate) fn file(&self, id: ast::FileId) -> &SourceFile {
        &self.files[id.index()]
    }

    /// The statements of a file, moved out for the lowering pass (so that
    /// the table can grow while it walks them). A file lowered before (a
    /// second `source` of it, or another lowering pass) is decoded or read
    /// again.
    pub(crate) fn take_statements(
        &mut self,
        id: ast::FileId,
    ) -> Result<Vec<ast::Statement>, Error> {
        let i = id.index();
        let statements = if !self.taken[i] {
            self.taken[i] = true;
            std::mem::take(&mut self.files[i].ast.statements)
        } else {
            match self.ahead.as_ref().and_then(|ahead| ahead.take(id)) {
                Some(file) => file.statements,
                None => self.again(id)?.statements,
            }
        };
        self.decode_ahead(i);
        Ok(statements)
    }

    /// Has the files that file `i` sources decoded while it is lowered.
    fn decode_ahead(&mut self, i: usize) {
        let Some(cache) = &self.cache else { return };
        if self.ahead.is_none() {
            self.ahead = ahead::Ahead::start(cache.clone());
        }
        let Some(ahead) = &self.ahead else { return };
        for name in &self.children[i] {
            let Some(&child) = self.by_name.get(name) else {
                continue;
            };
            let c = child.index();
            if let (
                true,
                Some(Record {
                    stamp,
                    encoded: None,
                }),
            ) = (self.taken[c], &self.records[c])
            {
                ahead.submit(child, name, *stamp);
            }
        }
    }

    /// A lowered file's syntax tree once more: decoded from what the parse
    /// cache holds, else read and parsed.
    fn again(&self, id: ast::FileId) -> Result<ast::File, Error> {
        let i = id.index();
        let name = &self.files[i].name;
        let record = self.records.get(i).and_then(Option::as_ref);
        let again = match (record, &self.cache) {
            (
                Some(Record {
                    encoded: Some((bytes, _)),
                    ..
                }),
                _,
            ) => syntax::binary::decode(bytes, id),
            (
                Some(Record {
                    stamp,
                    encoded: None,
                }),
                Some(cache),
            ) => cache.get(name, *stamp, id),
            _ => None,
        };
        match again {
            Some(file) => Ok(file),
            None => read_file(&self.root, name, id, None).map(|read| read.ast.unwrap_or_default()),
        }
    }

    /// Before another lowering pass: the syntax trees of the files lowered
    /// so far, made again in parallel (the pass would otherwise make them
    /// one by one as it enters them).
    pub(crate) fn rewind(&mut self) {
        let taken: Vec<usize> = (0..self.files.len()).filter(|&i| self.taken[i]).collect();
        let trees: Vec<(usize, Result<ast::File, Error>)> = taken
            .par_iter()
            .map(|&i| (i, self.again(ast::FileId(i as u32))))
            .collect();
        for (i, tree) in trees {
            // A file that fails now is left taken: the pass meets the error.
            if let Ok(tree) = tree {
                self.files[i].ast = tree;
                self.taken[i] = false;
            }
        }
    }

    /// A speculative lowering pass is done with a file's statements: the
    /// next pass takes them again, as they are.
    pub(crate) fn put_back(&mut self, id: ast::FileId, statements: Vec<ast::Statement>) {
        let i = id.index();
        if self.taken[i] && self.files[i].ast.statements.is_empty() {
            self.files[i].ast.statements = statements;
            self.taken[i] = false;
        } else {
            self.lowered(id, statements);
        }
    }

    /// The lowering pass is done with a file's statements: they are freed
    /// now, so that syntax trees and the model are not in memory together,
    /// by a background thread (freeing a tree's million small allocations
    /// was a tenth of the lowering pass's instructions).
    pub(crate) fn lowered(&mut self, _id: ast::FileId, statements: Vec<ast::Statement>) {
        self.free(Box::new(statements));
    }

    /// Drops `garbage` on the freeing thread (started on first use).
    fn free(&mut self, garbage: Box<dyn Send>) {
        if self.freeing.is_none() {
            let (send, receive) = std::sync::mpsc::channel::<Box<dyn Send>>();
            let spawned = std::thread::Builder::new()
                .name("ksolve-free".into())
                .spawn(move || {
                    for (n, garbage) in receive.into_iter().enumerate() {
                        drop(garbage);
                        if n % 64 == 63 {
                            give_back_freed_memory();
                        }
                    }
                    give_back_freed_memory();
                });
            self.freeing = spawned.ok().map(|_| send);
        }
        match &self.freeing {
            // A send fails only if the thread is gone: the garbage comes
            // back in the error and is dropped here.
            Some(send) => {
                let _ = send.send(garbage);
            }
            None => drop(garbage),
        }
    }

    pub(crate) fn names(&self) -> Vec<String> {
        self.files.iter().map(|f| f.name.clone()).collect()
    }

    /// Whether `name` is a file of the tree (remembered when it is not).
    pub(crate) fn exists(&mut self, name: &str) -> bool {
        let found = self.by_name.contains_key(name) || self.root.join(name).is_file();
        if !found && !self.missing.iter().any(|m| m == name) {
            self.missing.push(name.to_owned());
        }
        found
    }

    /// The names a `source` glob pattern matches, sorted (remembered).
    pub(crate) fn glob(&mut self, pattern: &str) -> Vec<String> {
        let names = glob(&self.root, pattern);
        if !self.globs.iter().any(|(p, _)| p == pattern) {
            self.globs.push((pattern.to_owned(), names.clone()));
        }
        names
    }

    /// What the files read so far contributed, for a stored model; `None`
    /// if a file's stamp is unknown (it was not read for the parse cache),
    /// or once [`Sources::drop_syntax`] has run.
    pub(crate) fn inputs(&self) -> Option<FileInputs> {
        let files = self.files.iter().zip(&self.records);
        let files = files
            .map(|(f, r)| Some((f.name.clone(), r.as_ref()?.stamp)))
            .collect::<Option<Vec<_>>>()?;
        Some(FileInputs {
            files,
            missing: self.missing.clone(),
            globs: self.globs.clone(),
        })
    }

    /// Read and parse `top` and every file reachable from it through
    /// `source` statements with literal paths, in parallel.
    pub(crate) fn prefetch(&mut self, top: &str) {
        let mut wave = vec![top.to_string()];
        while !wave.is_empty() {
            let first = self.files.len() as u32;
            let (root, cache) = (&self.root, self.cache.as_deref());
            let parsed: Vec<(String, Result<Read, Error>)> = wave
                .par_iter()
                .enumerate()
                .map(|(i, name)| {
                    let id = ast::FileId(first + i as u32);
                    (name.clone(), read_file(root, name, id, cache))
                })
                .collect();
            let mut next = Vec::new();
            for (name, result) in parsed {
                let (ast, record, children) = match result {
                    Ok(read) => {
                        next.extend(read.sources.iter().cloned());
                        (read.ast, read.record, read.sources)
                    }
                    Err(e) => {
                        self.failed.insert(name.clone(), e);
                        (Some(ast::File::default()), None, Vec::new())
                    }
                };
                let lazy = ast.is_none();
                let id = self.push(name, ast.unwrap_or_default(), record);
                self.children[id.index()] = children;
                // Decoded from the cache when the lowering pass takes it, so
                // that the whole tree's syntax is never in memory at once.
                self.taken[id.index()] = lazy;
            }
            next.retain(|n| !self.by_name.contains_key(n) && self.root.join(n).is_file());
            next.sort();
            next.dedup();
            wave = next;
        }
    }

    /// The file named `name`, parsed; read now unless prefetched, together
    /// with the files it names literally (`source "arch/$(SRCARCH)/Kconfig"`
    /// brings in a whole subtree).
    pub(crate) fn load(&mut self, name: &str) -> Result<ast::FileId, Error> {
        if !self.by_name.contains_key(name) && !self.failed.contains_key(name) {
            self.prefetch(name);
        }
        if let Some(e) = self.failed.remove(name) {
            // Another lowering pass (see `Tree::load`) reads it again and
            // fails again, rather than finding an empty file.
            self.by_name.remove(name);
            return Err(e);
        }
        Ok(self.by_name[name])
    }

    fn push(&mut self, name: String, ast: ast::File, record: Option<Record>) -> ast::FileId {
        let id = ast::FileId(self.files.len() as u32);
        self.by_name.insert(name.clone(), id);
        self.files.push(SourceFile { name, ast });
        self.records.push(record);
        self.taken.push(false);
        self.children.push(Vec::new());
        id
    }
}

/// Largest Kconfig file read. The biggest in the kernel (arch/x86/Kconfig)
/// is about 100 KiB; the syntax tree takes several times the text, so a
/// bound keeps a runaway or hostile file from taking the machine's memory.
pub(crate) const MAX_FILE_SIZE: u64 = 16 << 20;

/// The file's bytes and stamp (taken before reading, so that a file
/// written meanwhile has another stamp next time), refused when larger than
/// [`MAX_FILE_SIZE`] (checked while reading too, for files that grow or lie
/// about their size).
fn read_bounded(path: &Path, name: &str) -> Result<(Vec<u8>, Option<Stamp>), Error> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().ok();
    let stamp = meta.as_ref().map(Stamp::of);
    let size = meta.map_or(0, |m| m.len());
    let too_large = |size: u64| {
        let limit_mib = MAX_FILE_SIZE >> 20;
        Error::kconfig(name, 1, KconfigErrorKind::FileTooLarge { size, limit_mib })
    };
    if size > MAX_FILE_SIZE {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize + 1);
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large(bytes.len() as u64));
    }
    Ok((bytes, stamp))
}

/// A file read: its syntax tree (`None`: in the parse cache, decoded when
/// needed), what the cache is to hold for it, and the paths it sources
/// literally.
struct Read {
    ast: Option<ast::File>,
    record: Option<Record>,
    sources: Vec<String>,
}

/// The syntax tree of `name`, from the cache when its stamp matches, else
/// read and parsed (and encoded for the cache).
fn read_file(
    root: &Path,
    name: &str,
    id: ast::FileId,
    cache: Option<&ParseCache>,
) -> Result<Read, Error> {
    let path = root.join(name);
    if let Some(cache) = cache {
        if let Ok(meta) = std::fs::metadata(&path) {
            let stamp = Stamp::of(&meta);
            if let Some(sources) = cache.sources(name, stamp) {
                let record = Some(Record {
                    stamp,
                    encoded: None,
                });
                return Ok(Read {
                    ast: None,
                    record,
                    sources: sources.to_vec(),
                });
            }
        }
    }
    let (bytes, stamp) = read_bounded(&path, name)?;
    let ast = parse(bytes, name, id)?;
    let mut sources = Vec::new();
    literal_sources(&ast.statements, &mut sources);
    let record = match (cache, stamp) {
        (Some(_), Some(stamp)) => {
            let encoded = syntax::binary::encode(&ast);
            Some(Record {
                stamp,
                encoded: Some((encoded, sources.clone())),
            })
        }
        _ => None,
    };
    Ok(Read {
        ast: Some(ast),
        record,
        sources,
    })
}

fn parse(bytes: Vec<u8>, name: &str, id: ast::FileId) -> Result<ast::File, Error> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        // The kernel reads bytes; Latin-1 appears in a few help texts.
        // Decoding each byte as a char keeps every line and column.
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    };
    syntax::parse_file(&text, id).map_err(|e| Error::syntax(name, e, &text))
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

#[cfg(test)]
mod tests;

/// Returns the pages of freed memory to the system. The syntax trees were
/// allocated by the parsing threads, in their own malloc arenas, which the
/// model (built on the lowering thread) cannot reuse: without this, a cold
/// load's peak is every syntax tree plus the whole model.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it takes no pointer.
    unsafe {
        libc::malloc_trim(0);
    }
}
