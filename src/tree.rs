//! Loading a Kconfig tree: files, macros and probes, lowering into the
//! model. The entry point of the pipeline.

use crate::error::Error;
use crate::macros::{
    cache_root, Diagnostic, KernelEnv, KernelOptions, Preprocessor, ProbeCache, ProbeOptions,
    Probes,
};
use crate::model::lower::{Lowered, Lowerer};
use crate::model::{MenuEnds, Model, Semantics};
use crate::source::Sources;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod snapshot;

/// How to load a tree.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// The kernel source tree (`$srctree`).
    pub tree: PathBuf,
    /// The top Kconfig file, relative to the tree (`Kconfig`).
    pub top: String,
    /// `ARCH=` as given on make's command line.
    pub arch: Option<String>,
    /// A `$(shell,...)` replay file.
    pub probes_file: Option<PathBuf>,
    /// Use the on-disk caches: probe results and parsed files.
    pub probe_cache: bool,
    /// Which kernel's rules to apply; detected from the top Makefile when
    /// `None` (trees without one get the newest rules).
    pub semantics: Option<Semantics>,
    /// When `# end of` is written; detected from the top Makefile like
    /// `semantics` when `None`.
    pub menu_ends: Option<MenuEnds>,
    /// The environment `make` would see; the process environment if `None`.
    pub env: Option<Vec<(String, String)>>,
    /// make's command-line variables (`CC=clang-19`): they win over the
    /// Makefile's assignments and are exported to conf.
    pub make_vars: Vec<(String, String)>,
    /// Keep the help texts in the model (a sixth of its memory; only
    /// `bump`'s rename detection reads them).
    pub help: bool,
}

impl LoadOptions {
    pub fn new(tree: impl Into<PathBuf>) -> LoadOptions {
        LoadOptions {
            tree: tree.into(),
            top: "Kconfig".to_string(),
            arch: None,
            probes_file: None,
            probe_cache: true,
            semantics: None,
            menu_ends: None,
            env: None,
            make_vars: Vec::new(),
            help: true,
        }
    }
}

/// A loaded tree: the model and what was read to build it.
#[derive(Debug)]
pub struct Tree {
    pub model: std::sync::Arc<Model>,
    /// The tree's root directory (`$srctree`); `model.files` are relative
    /// to it.
    pub root: PathBuf,
    pub probes: Arc<Probes>,
    /// `$(info)` and `$(warning-if)` output, in order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Tree {
    /// Loads the tree: from the stored model when its inputs are unchanged
    /// (`snapshot`), else parsed (or from the parse cache) and lowered,
    /// running the probes. The caches are written on background threads:
    /// a program that ends right after should call
    /// [`crate::store::wait_for_writes`] first, as the binary does.
    pub fn load(opts: &LoadOptions) -> Result<Tree, Error> {
        check_top(opts)?;
        let mut load = Loading::new(opts)?;
        let (env, stored) = load.environment_and_stored();
        let env = env?;
        if let Some(entry) = stored {
            if let Some(tree) = load.stored_tree(entry, &env) {
                return Ok(tree);
            }
            load.parse("read + parse (environment changed)");
        }
        load.lowered(&env)
    }
}

fn check_top(opts: &LoadOptions) -> Result<(), Error> {
    let root = &opts.tree;
    if !root.join(&opts.top).is_file() {
        return Err(Error::Usage(format!(
            "{}: no {} here; is this a kernel source tree? (use --tree DIR)",
            root.display(),
            opts.top
        )));
    }
    Ok(())
}

/// One load in progress: what it was asked, the caches it found, and the
/// sources once they are opened (only when the model is not stored).
struct Loading<'o> {
    opts: &'o LoadOptions,
    probes: Arc<Probes>,
    semantics: Semantics,
    menu_ends: MenuEnds,
    /// The trusted cache directory (parsed files, stored models).
    parse_cache: Option<PathBuf>,
    snapshot_path: Option<PathBuf>,
    sources: Option<Sources>,
    profile: Profile,
}

impl<'o> Loading<'o> {
    fn new(opts: &'o LoadOptions) -> Result<Loading<'o>, Error> {
        let root = &opts.tree;
        let probes = Arc::new(
            Probes::new(ProbeOptions {
                dir: root.clone(),
                cache: if opts.probe_cache {
                    ProbeCache::Default
                } else {
                    ProbeCache::Disabled
                },
                replay: opts.probes_file.clone(),
            })
            .map_err(|e| Error::Usage(e.to_string()))?,
        );
        let semantics = opts.semantics.unwrap_or_else(|| detect_semantics(root));
        let menu_ends = opts.menu_ends.unwrap_or_else(|| detect_menu_ends(root));
        let parse_cache = opts
            .probe_cache
            .then(|| cache_root(|k| std::env::var(k).ok()))
            .flatten()
            .and_then(|root| crate::store::dir::trusted(&root, crate::store::dir::SUBDIRS));
        let snapshot_path = (parse_cache.as_deref())
            .and_then(|dir| snapshot::path(dir, opts, semantics, menu_ends));
        Ok(Loading {
            opts,
            probes,
            semantics,
            menu_ends,
            parse_cache,
            snapshot_path,
            sources: None,
            profile: Profile::start(),
        })
    }

    /// The kernel environment (with its compiler probe), computed on a
    /// thread while this one reads the stored model's entry, or, without
    /// one, reads and parses every literally named file: parsing needs no
    /// macro values.
    fn environment_and_stored(&mut self) -> (Result<KernelEnv, Error>, Option<snapshot::Entry>) {
        let (opts, probes) = (self.opts, &self.probes);
        std::thread::scope(|scope| {
            let env_job = scope.spawn(|| {
                let t = std::time::Instant::now();
                (kernel_env(opts, probes), t.elapsed())
            });
            let stored =
                (self.snapshot_path.as_deref()).and_then(|path| snapshot::read(path, &opts.tree));
            match stored {
                Some(_) => self.profile.mark("stored model: files unchanged"),
                None => {
                    open_sources(opts, self.parse_cache.as_deref(), &mut self.sources);
                    self.profile.mark("read + parse (parallel)");
                }
            }
            let (env, took) = env_job.join().expect("environment thread");
            self.profile.note("kernel environment (in parallel)", took);
            (env, stored)
        })
    }

    /// Opens the sources and reads and parses the tree.
    fn parse(&mut self, what: &str) {
        open_sources(self.opts, self.parse_cache.as_deref(), &mut self.sources);
        self.profile.mark(what);
    }

    /// The stored model, if it was computed in this environment with probe
    /// results that are still cached.
    fn stored_tree(&mut self, entry: snapshot::Entry, env: &KernelEnv) -> Option<Tree> {
        let (mut model, diagnostics) = entry.model(env, &self.probes, self.opts.help)?;
        model.menu_ends = self.menu_ends;
        if let (Some(path), Some(dir)) = (&self.snapshot_path, &self.parse_cache) {
            crate::store::mark_used(path);
            crate::source::parse_cache_in_use(&dir.join("parse"), &self.opts.tree);
        }
        self.profile.mark("stored model: decoded");
        Some(Tree {
            model: Arc::new(model),
            root: self.opts.tree.clone(),
            probes: self.probes.clone(),
            diagnostics,
        })
    }

    /// The model lowered from the parsed sources, stored in the background
    /// while the command computes (the help texts with it).
    fn lowered(mut self, env: &KernelEnv) -> Result<Tree, Error> {
        let mut sources = (self.sources.take()).expect("opened when the model was not stored");
        let (mut model, pp) = lower(
            &mut sources,
            env,
            &self.probes,
            self.semantics,
            &self.opts.top,
            &mut self.profile,
        )?;
        model.menu_ends = self.menu_ends;
        let files = sources.inputs();
        sources.finish();
        self.profile.mark("parse cache written in the background");
        let diagnostics = pp.diagnostics().to_vec();
        let inputs = files.and_then(|files| snapshot::inputs(files, &pp));
        let model = match (self.snapshot_path, inputs) {
            (Some(path), Some(inputs)) => {
                let model = Arc::new(model);
                let (stored, diagnostics) = (model.clone(), diagnostics.clone());
                crate::store::in_background(move || {
                    snapshot::store(&path, &inputs, &stored, &diagnostics)
                });
                model
            }
            _ => {
                if !self.opts.help {
                    model.strip_help();
                }
                Arc::new(model)
            }
        };
        Ok(Tree {
            model,
            root: self.opts.tree.clone(),
            probes: self.probes,
            diagnostics,
        })
    }
}

/// Opens the sources (with the parse cache when there is one) into `slot`
/// and prefetches every file literally named from the top Kconfig.
fn open_sources(opts: &LoadOptions, parse_cache: Option<&Path>, slot: &mut Option<Sources>) {
    let sources = match parse_cache {
        Some(dir) => Sources::with_parse_cache(&opts.tree, &dir.join("parse")),
        None => Sources::new(&opts.tree),
    };
    slot.insert(sources).prefetch(&opts.top);
}

/// Lowers the tree with probes speculative (see `Probes::speculate`) while
/// threads run the probes it wants: when every result is known, as on a
/// warm run, the first pass is the result. Otherwise it lowers again, as
/// soon as the outputs that the pass's unbuildable commands depended on are
/// known (`Probes::wait_for_inputs`); a pass that has met an unknown probe
/// only scans for more (`lower::walk`). Once a pass has built every command
/// it met (`Probes::dependent`), the real pass starts at once and waits for
/// each probe as it reaches it. After `SPECULATIVE_PASSES` passes, a last
/// one runs what remains in order.
fn lower(
    sources: &mut Sources,
    env: &KernelEnv,
    probes: &Arc<Probes>,
    semantics: Semantics,
    top: &str,
    profile: &mut Profile,
) -> Result<(Model, Preprocessor), Error> {
    const SPECULATIVE_PASSES: usize = 8;
    // Probes mostly wait for a compiler: twice as many as cores.
    let servers = std::thread::available_parallelism().map_or(2, |n| n.get() * 2);
    let done = std::thread::scope(|scope| {
        // Before the threads start: they return at once from a closed queue.
        probes.open();
        for _ in 0..servers {
            scope.spawn(|| probes.serve(env));
        }
        for pass in 0..SPECULATIVE_PASSES {
            if pass > 0 {
                sources.rewind();
            }
            probes.speculate(true);
            let mut pp = Preprocessor::new(env.clone(), probes.clone());
            let lowered = Lowerer::new(sources, &mut pp, semantics).speculate(top);
            let wanted = probes.speculate(false);
            let model = match lowered {
                Ok(Lowered::Model(model)) => Some(Ok(*model)),
                // An error after a probe was wanted may come from its output.
                Err(e) if !wanted => Some(Err(e.after(pp.diagnostics()))),
                _ => None,
            };
            if let Some(model) = model {
                profile.mark("lower + finalize + graph");
                probes.close();
                return Some(model.map(|m| (m, pp)));
            }
            if !probes.dependent() {
                // Every command is known: the real pass goes along with
                // the probes still running, waiting for each as it needs it.
                profile.mark("lower (speculative)");
                sources.rewind();
                let mut pp = Preprocessor::new(env.clone(), probes.clone());
                let model = Lowerer::new(sources, &mut pp, semantics).run(top);
                let model = model.map_err(|e| e.after(pp.diagnostics()));
                probes.abandon();
                profile.mark("lower + finalize + graph, with the last probes");
                return Some(model.map(|m| (m, pp)));
            }
            probes.wait_for_inputs();
            profile.mark("lower (speculative) + probes");
        }
        probes.close();
        None
    });
    if let Some(done) = done {
        return done;
    }
    profile.mark("probes");
    sources.rewind();
    let mut pp = Preprocessor::new(env.clone(), probes.clone());
    let model = Lowerer::new(sources, &mut pp, semantics)
        .run(top)
        .map_err(|e| e.after(pp.diagnostics()))?;
    profile.mark("lower + finalize + graph");
    Ok((model, pp))
}

/// What conf would see. A kernel tree gets what its top Makefile exports;
/// any other Kconfig tree gets the environment as it is (plus `ARCH=`).
/// Phase timings on standard error when `KSOLVE_PROFILE` is set.
struct Profile {
    on: bool,
    last: std::time::Instant,
}

impl Profile {
    fn start() -> Profile {
        Profile {
            on: std::env::var_os("KSOLVE_PROFILE").is_some(),
            last: std::time::Instant::now(),
        }
    }

    fn mark(&mut self, what: &str) {
        let now = std::time::Instant::now();
        self.note(what, now - self.last);
        self.last = now;
    }

    fn note(&self, what: &str, took: std::time::Duration) {
        if self.on {
            eprintln!(
                "ksolve profile: {what}: {:.1} ms{}",
                took.as_secs_f64() * 1e3,
                memory()
            );
        }
    }
}

/// Resident and peak memory so far (Linux), for the profile.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map_or(String::new(), |v| v.trim().to_owned())
    };
    if status.is_empty() {
        return String::new();
    }
    format!(" (rss {}, peak {})", field("VmRSS:"), field("VmHWM:"))
}

fn kernel_env(opts: &LoadOptions, probes: &Probes) -> Result<KernelEnv, Error> {
    if let Some(arch) = &opts.arch {
        check_arch(&opts.tree, arch)?;
    }
    let mut options = KernelOptions::from_process(opts.arch.as_deref());
    if let Some(env) = &opts.env {
        options.process_env = env.iter().cloned().collect();
    }
    options.overrides.extend(opts.make_vars.iter().cloned());
    if !opts.tree.join("Makefile").is_file() {
        return Ok(KernelEnv::from_vars(
            &opts.tree,
            options.overrides,
            options.process_env,
        ));
    }
    KernelEnv::detect(&opts.tree, &options, probes).map_err(|e| Error::Usage(e.to_string()))
}

/// `ARCH=` must name a directory of `arch/` (after the top Makefile's
/// aliases): else say which architectures the tree has and the closest.
fn check_arch(root: &Path, arch: &str) -> Result<(), Error> {
    let arch_dir = root.join("arch");
    if !arch_dir.is_dir() {
        return Ok(());
    }
    let srcarch = crate::macros::srcarch_from_arch(arch);
    if arch_dir.join(&srcarch).join("Kconfig").is_file() {
        return Ok(());
    }
    let mut have: Vec<String> = std::fs::read_dir(&arch_dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter(|e| e.path().join("Kconfig").is_file())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    have.sort();
    let hint = arch_alias(arch)
        .map(str::to_string)
        .or_else(|| {
            have.iter()
                .map(|h| (strsim::levenshtein(h, arch), h))
                .filter(|(d, _)| *d <= 2)
                .min()
                .map(|(_, h)| h.clone())
        })
        .map(|h| format!("; did you mean ARCH={h}?"))
        .unwrap_or_default();
    Err(Error::Usage(format!(
        "ARCH={arch}: this tree has no arch/{srcarch}{hint} (its architectures: {})",
        have.join(" ")
    )))
}

/// The names distributions and toolchains use for what make calls ARCH.
fn arch_alias(arch: &str) -> Option<&'static str> {
    Some(match arch {
        "amd64" | "x86-64" | "x64" | "x86_64h" => "x86_64",
        "i686" | "i586" | "i486" | "x86-32" | "ia32" => "i386",
        "aarch64" | "arm64e" | "armv8" => "arm64",
        "armhf" | "armel" | "armv7" | "armv7l" | "aarch32" => "arm",
        "ppc" | "ppc64" | "ppc64le" | "ppc64el" | "powerpc64" | "powerpc64le" => "powerpc",
        "riscv64" | "riscv32" | "rv64" => "riscv",
        "s390x" => "s390",
        "loong64" | "loongarch64" => "loongarch",
        "mips64" | "mips64el" | "mipsel" => "mips",
        _ => return None,
    })
}

/// The kernel source tree that `dir` is in: `dir` itself or its nearest
/// ancestor with a `Kconfig` file beside an `arch/` directory
/// (as git finds its repository from a subdirectory); `dir` when none is.
pub fn find_root(dir: &Path) -> PathBuf {
    let is_root = |d: &Path| d.join("Kconfig").is_file() && d.join("arch").is_dir();
    if is_root(dir) {
        return dir.to_path_buf();
    }
    let Ok(abs) = std::path::absolute(dir) else {
        return dir.to_path_buf();
    };
    abs.ancestors()
        .skip(1)
        .find(|d| is_root(d))
        .map_or_else(|| dir.to_path_buf(), Path::to_path_buf)
}

/// The rules of the kernel whose top Makefile this is.
pub fn detect_semantics(root: &Path) -> Semantics {
    kernel_version(root).map_or(Semantics::Modern, |(v, p)| Semantics::for_version(v, p))
}

/// The `# end of` rule of the kernel whose top Makefile this is.
pub fn detect_menu_ends(root: &Path) -> MenuEnds {
    kernel_version(root).map_or(MenuEnds::Every, |(v, p)| MenuEnds::for_version(v, p))
}

/// `VERSION.PATCHLEVEL` of the kernel whose top Makefile this is; `None`
/// for a tree without one (a Kconfig tree of its own, which gets the
/// newest rules).
pub fn kernel_version(root: &Path) -> Option<(u32, u32)> {
    let text = std::fs::read_to_string(root.join("Makefile")).ok()?;
    let field = |key: &str| -> Option<u32> {
        text.lines()
            .find_map(|l| l.strip_prefix(key).map(|r| r.trim_start()))
            .and_then(|r| r.strip_prefix('='))
            .and_then(|v| v.trim().parse().ok())
    };
    field("VERSION").zip(field("PATCHLEVEL"))
}
