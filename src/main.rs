//! The `ksolve` binary: everything is in the library's `cli` front end.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
