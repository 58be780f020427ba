//! What the case files cannot show: atomic `--output`, the BOM, standard
//! input of a generated ledger, and a closed output pipe.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_eduaid");

const LEDGER: &str = "id,date,project,area,measure,breakdown,value,source\n\
    f1,2019-05-20,principal-studios,fuping,funds,general,1145000,paired-assistance\n\
    t1,2019-06-10,rural-teachers,fuping,people-trained,local,240,\n";

/// Runs the binary with `args`, `stdin` on its standard input.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(stdin)
        .expect("writing stdin");
    child.wait_with_output().expect("the binary ends")
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn output_file_is_replaced_whole_and_only_on_success() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let target = dir.path().join("report.csv");
    std::fs::write(&target, "old report\n").expect("writable");
    let target_arg = target.to_str().expect("UTF-8 path");

    // A ledger with an invalid row: status 1, the old report untouched, no
    // temporary file left behind.
    let bad = format!("{LEDGER}t2,2019-06-11,rural-teachers,fuping,people-trained,local,1.5,\n");
    let out = run(
        &["report", "-", "--format", "csv", "--output", target_arg],
        bad.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old report\n");
    assert_eq!(entries(dir.path()), ["report.csv"]);

    // A valid one: status 0, nothing on stdout, the report in place.
    let out = run(
        &[
            "report", "-", "--by", "project", "--format", "csv", "--output", target_arg, "--bom",
        ],
        LEDGER.as_bytes(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "\u{feff}project,measure,value,entries\n\
         principal-studios,funds,1145000.00,1\n\
         rural-teachers,people-trained,240,1\n"
    );
    assert_eq!(entries(dir.path()), ["report.csv"]);
}

#[test]
fn output_into_a_missing_directory_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let target = dir.path().join("no-such-dir").join("report.csv");
    let out = run(
        &["report", "-", "--output", target.to_str().unwrap()],
        LEDGER.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: ") && err.contains("report.csv: cannot write"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn generated_files_validate_and_are_reproducible() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let ledger = dir.path().join("ledger.csv");
    let programme = dir.path().join("programme.json");
    let (l, p) = (ledger.to_str().unwrap(), programme.to_str().unwrap());
    let gen_args = [
        "generate",
        "--entries",
        "3000",
        "--seed",
        "9",
        "--output",
        l,
        "--program-output",
        p,
    ];
    let out = run(&gen_args, b"");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = std::fs::read(&ledger).unwrap();
    assert_eq!(String::from_utf8_lossy(&first).lines().count(), 3001);

    // Read back through standard input against the generated programme.
    let out = run(&["validate", "-", "--program", p], &first);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "3000 rows read, 3000 entries accepted, 0 rows refused (0 errors, 0 warnings)\n"
    );
    assert_eq!(out.status.code(), Some(0));

    // Same options, same bytes; another seed, other bytes.
    let again = run(&["generate", "--entries", "3000", "--seed", "9"], b"");
    assert_eq!(again.stdout, first);
    let other = run(&["generate", "--entries", "3000", "--seed", "10"], b"");
    assert_ne!(other.stdout, first);
}

#[test]
fn a_closed_pipe_ends_quietly_with_status_0() {
    let mut child = Command::new(BIN)
        .args(["generate", "--entries", "2000000", "--seed", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdout = child.stdout.take().expect("piped");
    let mut head = [0u8; 4096];
    stdout.read_exact(&mut head).expect("some output");
    drop(stdout); // as `| head` does
    let out = child.wait_with_output().expect("the binary ends");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert!(head.starts_with(b"id,date,project,"));
}

#[cfg(target_os = "linux")]
#[test]
fn a_device_is_written_in_place_and_its_errors_reported() {
    use std::os::unix::fs::FileTypeExt;
    let out = run(&["report", "-", "--output", "/dev/null"], LEDGER.as_bytes());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta = std::fs::metadata("/dev/null").expect("/dev/null exists");
    assert!(meta.file_type().is_char_device(), "/dev/null was replaced");

    let out = run(
        &[
            "generate",
            "--entries",
            "1000",
            "--seed",
            "1",
            "--output",
            "/dev/full",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: ") && err.contains("/dev/full: cannot write"),
        "{err}"
    );
    assert!(
        std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[cfg(unix)]
#[test]
fn a_replaced_output_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let target = dir.path().join("report.csv");
    std::fs::write(&target, "old\n").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = run(
        &["report", "-", "--output", target.to_str().unwrap()],
        LEDGER.as_bytes(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mode = std::fs::metadata(&target).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    assert_ne!(std::fs::read_to_string(&target).unwrap(), "old\n");
}
