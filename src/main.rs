fn main() -> std::process::ExitCode {
    tongwen::cli::main()
}
