//! Checks the module map on a real tree against the seed's list (issue 7):
//! each module must map to exactly its symbol, and the map must be read
//! quickly. `cargo run --release --example module_map -- /var/tmp/ksolve-trees/linux-source-6.12`
//! Exit 1 on any mismatch.

use ksolve::kbuild::ModuleMap;
use std::path::PathBuf;

const EXPECTED: [(&str, &str); 15] = [
    ("aesni_intel", "CRYPTO_AES_NI_INTEL"),
    ("ghash_clmulni_intel", "CRYPTO_GHASH_CLMUL_NI_INTEL"),
    ("polyval_clmulni", "CRYPTO_POLYVAL_CLMUL_NI"),
    ("nvme", "BLK_DEV_NVME"),
    ("nvme_core", "NVME_CORE"),
    ("nvme_auth", "NVME_AUTH"),
    ("nvme_keyring", "NVME_KEYRING"),
    ("ptp", "PTP_1588_CLOCK"),
    ("pps_core", "PPS"),
    ("mdio", "MDIO"),
    ("libphy", "PHYLIB"),
    ("dca", "DCA"),
    ("ixgbe", "IXGBE"),
    ("ioatdma", "INTEL_IOATDMA"),
    ("pldmfw", "PLDMFW"),
];

fn main() {
    let tree = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| "/var/tmp/ksolve-trees/linux-source-6.12".into());
    let start = std::time::Instant::now();
    let map = match ModuleMap::load(&tree) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("module_map: {e}");
            std::process::exit(2);
        }
    };
    println!(
        "{} object rules read in {:?}",
        map.rules().len(),
        start.elapsed()
    );
    let mut bad = 0;
    for (module, symbol) in EXPECTED {
        let got: Vec<String> = map
            .module(module)
            .map(|r| format!("{} ({}:{})", r.symbol(), r.file, r.line))
            .collect();
        let ok = got.len() == 1 && got[0].starts_with(&format!("{symbol} ("));
        bad += usize::from(!ok);
        println!(
            "{} {module} -> {}",
            if ok { "ok  " } else { "FAIL" },
            got.join(", ")
        );
    }
    std::process::exit(i32::from(bad > 0));
}
