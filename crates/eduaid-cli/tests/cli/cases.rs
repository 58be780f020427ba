//! The command-line cases in `tests/cmd/*.toml`: each file holds one command,
//! its input, and its exact expected output and exit status. The inputs they
//! name live in `tests/cmd/fixtures/`.

#[test]
fn cmd_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
