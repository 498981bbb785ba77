use std::process::ExitCode;

fn main() -> ExitCode {
    let code = carnet::cli::main();
    ExitCode::from(code)
}
