//! The `ksolve` binary: the library's command-line front end ([`ksolve::cli_main`]).

fn main() {
    std::process::exit(ksolve::cli_main());
}
