//! Writes a seeded synthetic retail platform model to stdout, for benchmarks and trying the
//! workbench at size: `cargo run --release --example synthetic -- [COMPONENTS] [SERVICES] [SEED]`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: u64| -> u64 {
        match args.get(i) {
            None => default,
            Some(a) => a.parse().unwrap_or_else(|_| {
                eprintln!(
                    "synthetic: argument {} must be a whole number, found {a:?}",
                    i + 1
                );
                std::process::exit(2)
            }),
        }
    };
    let components = arg(0, 500) as usize;
    let services = arg(1, 50) as usize;
    let seed = arg(2, 1);
    print!(
        "{}",
        nines::model::synthetic::platform(seed, components, services)
    );
}
