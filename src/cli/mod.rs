//! The command line: arguments, then a short `run` per command that calls the library, prints
//! diagnostics once, and decides the exit code (0 ok, 1 content problems, 2 usage or IO).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use crate::diagnostics::{Level, Lint, WARNINGS, display_path, plural};
use crate::model::Selection;
use crate::project::{Failure, Overrides, Project, today};

mod print;
use print::{Printer, print_json};

#[derive(Parser)]
#[command(name = "carnet", version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("CARNET_COMMIT"), ")"), about = "Static site generator for a public lab's knowledge base")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default), atomically.
    Build(BuildArgs),
    /// Report every problem of the site without writing anything.
    Check(CheckArgs),
    /// Create a page of a kind (page, session, value, tutorial, course, module, lesson, event)
    /// from its archetype, in its usual section.
    New(NewArgs),
    /// Create a new site in DIR: configuration, a home page and one page of each kind.
    Init(InitArgs),
    /// Preview the site: build it in memory (drafts and future pages included), serve it,
    /// and rebuild and reload open pages on every save.
    Serve(ServeArgs),
}

#[derive(Args)]
struct ServeArgs {
    /// The site's folder (the one holding carnet.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The address to listen on; 127.0.0.1 keeps the preview on this machine.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// The port to listen on; when it is taken, the next free one is used. 0 picks any.
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Open the preview in the default browser.
    #[arg(long)]
    open: bool,
    /// Do not make the search index (it is made in the background, after a quiet moment).
    #[arg(long)]
    no_search: bool,
    #[command(flatten)]
    lints: LintArgs,
}

/// Lint levels for one run, over those of `carnet.yaml` (docs/lints.md lists the lints).
#[derive(Args, Default)]
struct LintArgs {
    /// Do not report this lint (repeatable).
    #[arg(long = "allow", value_name = "LINT", value_parser = parse_lint)]
    allow: Vec<String>,
    /// Report this lint as a warning (repeatable).
    #[arg(long = "warn", value_name = "LINT", value_parser = parse_lint)]
    warn: Vec<String>,
    /// Report this lint as an error, which stops the build (repeatable); `--deny warnings`
    /// makes every warning an error. When one lint is named twice, the strictest level wins.
    #[arg(long = "deny", value_name = "LINT", value_parser = parse_lint)]
    deny: Vec<String>,
}

impl LintArgs {
    fn levels(&self) -> Vec<(String, Level)> {
        let named = |names: &[String], level: Level| names.iter().map(move |n| (n.clone(), level)).collect::<Vec<_>>();
        [named(&self.allow, Level::Allow), named(&self.warn, Level::Warn), named(&self.deny, Level::Deny)].concat()
    }
}

fn parse_lint(s: &str) -> Result<String, String> {
    if s == WARNINGS || Lint::from_name(s).is_some() {
        return Ok(s.to_string());
    }
    let (message, help) = Lint::unknown(s);
    Err(format!("{message}: {help}"))
}

fn parse_lint_only(s: &str) -> Result<Lint, String> {
    Lint::from_name(s).ok_or_else(|| {
        let (message, help) = Lint::unknown(s);
        format!("{message}: {help}")
    })
}

#[derive(Args)]
struct NewArgs {
    /// page, session, value, tutorial, course, module, lesson or event.
    kind: String,
    /// The page's title; the file name is made from it.
    title: String,
    /// The site's folder (the one holding carnet.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// A folder of content/ to put the file in, instead of the kind's usual section.
    #[arg(long)]
    section: Option<String>,
}

#[derive(Args)]
struct InitArgs {
    /// The folder to create the site in (new or empty).
    dir: PathBuf,
}

#[derive(Args)]
struct SiteArgs {
    /// The site's folder (the one holding carnet.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include draft pages.
    #[arg(long)]
    drafts: bool,
    /// Include pages dated or published in the future.
    #[arg(long)]
    future: bool,
    /// Use this date as today (YYYY-MM-DD), for reproducible builds.
    #[arg(long, value_parser = parse_today)]
    today: Option<jiff::civil::Date>,
    #[command(flatten)]
    lints: LintArgs,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site (relative to the current folder); default: `output` in carnet.yaml.
    #[arg(long)]
    output: Option<PathBuf>,
    /// The address the site is published at, instead of `base_url` in carnet.yaml.
    #[arg(long)]
    base_url: Option<String>,
    /// Print how long each stage took.
    #[arg(long)]
    timings: bool,
    /// Skip the search index (faster builds; the search page then finds nothing).
    #[arg(long)]
    no_search: bool,
    /// Print the name of each stage as it starts (scan, model, markdown, derive, render,
    /// search, write).
    #[arg(long)]
    progress: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// `json` prints the problems as JSON on standard output, for CI tools.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Also request every link to another site (8 at a time).
    #[arg(long)]
    external: bool,
    /// Seconds to wait for each external link.
    #[arg(long, default_value_t = 10, requires = "external")]
    timeout: u64,
    /// Show every problem in full (by default, a few of each kind, then their count).
    #[arg(long)]
    all: bool,
    /// Show only the problems of this lint, every one in full (repeatable).
    #[arg(long, value_name = "LINT", value_parser = parse_lint_only)]
    only: Vec<Lint>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

fn parse_today(s: &str) -> Result<jiff::civil::Date, String> {
    crate::model::when::parse_date(s)
}

/// Runs the command line and returns the exit code.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::New(args) => new(args),
        Command::Init(args) => init(args),
        Command::Serve(args) => crate::serve::run(crate::serve::Options {
            root: if args.root.as_os_str().is_empty() { PathBuf::from(".") } else { args.root },
            bind: args.bind,
            port: args.port,
            open: args.open,
            search: !args.no_search,
            color: use_color(),
            lints: args.lints.levels(),
        }),
    }
}

fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

fn report_failure(f: Failure, what: &str, printer: &Printer) -> u8 {
    eprint!("{}", printer.failure(&f, what));
    match f {
        Failure::Content(_) => 1,
        Failure::Operational(e) => match e.downcast_ref::<crate::output::Interrupted>() {
            Some(i) => interrupted(*i),
            None => 2,
        },
    }
}

/// Ends the process at once after a Ctrl-C or a SIGTERM, with the shell's code for that signal
/// (130 or 143): the site was left as it was, and what remains to free is of no use.
fn interrupted(i: crate::output::Interrupted) -> ! {
    std::process::exit(i32::from(i.exit_code()))
}

fn open(site: &SiteArgs, overrides: &Overrides) -> Result<(Project, Selection), Failure> {
    let root = if site.root.as_os_str().is_empty() { Path::new(".") } else { site.root.as_path() };
    let project = Project::open(root, overrides)?;
    let today = site.today.unwrap_or_else(|| today(&project.config));
    Ok((project, Selection { drafts: site.drafts, future: site.future, today }))
}

fn build(args: BuildArgs) -> u8 {
    let start = Instant::now();
    // --output is relative to where the command runs, like every other path on a command line.
    let output = args.output.as_ref().map(|o| std::path::absolute(o).unwrap_or_else(|_| o.clone()));
    let overrides = Overrides { base_url: args.base_url.clone(), output, lints: args.site.lints.levels() };
    let printer = Printer::grouped(&args.site.root, use_color());
    let (mut project, selection) = match open(&args.site, &overrides) {
        Ok(p) => p,
        Err(f) => return report_failure(f, "the site was not built, the previous output is untouched", &printer),
    };
    project.search = !args.no_search;
    if args.progress {
        project.on_stage = Some(Box::new(|stage| eprintln!("{stage}…")));
    }
    let dest = project.output_dir();
    if let Err(e) = check_destination(&project.root, &dest) {
        eprintln!("error: {e}");
        return 2;
    }
    let mut built = match project.build_into(selection, &dest) {
        Ok(b) => b,
        Err(f) => {
            return report_failure(f, "the site was not built, the previous output is untouched", &printer);
        }
    };
    eprint!("{}", printer.warnings(std::mem::take(&mut built.warnings)));
    let (page_count, file_count, timings) = (built.page_count, built.outputs.len(), std::mem::take(&mut built.timings));
    let writing = Instant::now();
    if args.progress {
        eprintln!("write…");
    }
    if let Err(e) = built.write(&dest) {
        eprintln!("error: {e:#}");
        return match e.downcast_ref::<crate::output::Interrupted>() {
            Some(i) => interrupted(*i),
            None => 2,
        };
    }
    if args.timings {
        // Pages are written as they are rendered: "render" includes their writing, "write" is
        // the rest (static files, the search index) and putting the site in place.
        for (stage, d) in timings.iter().chain([&("write", writing.elapsed())]) {
            eprintln!("  {stage:<10} {:>8.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
    eprintln!(
        "Built {} ({}) into {} in {:.2} s",
        plural(page_count, "page"),
        plural(file_count, "file"),
        display_path(&dest),
        start.elapsed().as_secs_f64()
    );
    0
}

/// The output folder is replaced whole: it must not hold the site's own sources.
fn check_destination(root: &Path, dest: &Path) -> Result<(), String> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, dest) = (abs(root), abs(dest));
    let norm = |p: &Path| p.components().collect::<PathBuf>();
    let (root, dest) = (norm(&root), norm(&dest));
    if root.starts_with(&dest) {
        return Err(format!("the output folder {} holds the site itself: choose another --output", dest.display()));
    }
    for src in ["content", "static", "themes", "templates"] {
        if dest.starts_with(root.join(src)) {
            return Err(format!(
                "the output folder {} is inside the site's `{src}/`: choose another --output",
                dest.display()
            ));
        }
    }
    Ok(())
}

fn check(args: CheckArgs) -> u8 {
    // Checking needs no search index.
    let overrides = Overrides { lints: args.site.lints.levels(), ..Overrides::default() };
    let result = open(&args.site, &overrides).and_then(|(mut project, selection)| {
        project.search = false;
        project.external = args.external.then(|| std::time::Duration::from_secs(args.timeout.max(1)));
        project.build(selection)
    });
    if args.format == Format::Json {
        return match result {
            Ok(built) => {
                print_json(built.warnings);
                0
            }
            Err(Failure::Content(diags)) => {
                print_json(diags);
                1
            }
            Err(Failure::Operational(e)) => {
                eprintln!("error: {e:#}");
                2
            }
        };
    }
    let mut printer = Printer::grouped(&args.site.root, use_color());
    if args.all || !args.only.is_empty() {
        printer = printer.every_one(args.only);
    }
    match result {
        Ok(built) => {
            let pages = built.page_count;
            eprint!("{}", printer.warnings(built.warnings));
            eprintln!("No error found in {}.", plural(pages, "page"));
            0
        }
        Err(f) => report_failure(f, "problems found", &printer),
    }
}

fn new(args: NewArgs) -> u8 {
    let config_path = args.root.join(crate::config::CONFIG_FILE);
    let text = match std::fs::read_to_string(&config_path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "error: cannot read {}: {e} (is this a carnet site? `--root DIR` names it)",
                config_path.display()
            );
            return 2;
        }
    };
    let config = match crate::config::parse(&text, Path::new(crate::config::CONFIG_FILE)) {
        Ok(c) => c,
        Err(diags) => {
            let printer = Printer::grouped(&args.root, use_color());
            return report_failure(Failure::Content(diags), "carnet.yaml has problems", &printer);
        }
    };
    let request = crate::scaffold::NewPage {
        root: &args.root,
        theme: &config.theme,
        kind: &args.kind,
        title: &args.title,
        today: today(&config),
        section: args.section.as_deref().map(|s| s.trim_matches('/')),
    };
    match crate::scaffold::new_page(&request) {
        Ok(path) => {
            eprintln!("Created {}", display_path(&path));
            0
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            2
        }
    }
}

fn init(args: InitArgs) -> u8 {
    match crate::scaffold::init(&args.dir) {
        Ok(files) => {
            eprintln!("Created a site in {} ({}).", args.dir.display(), plural(files.len(), "file"));
            eprintln!("Next: cd {} && carnet build", args.dir.display());
            0
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            2
        }
    }
}
