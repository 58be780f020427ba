//! The command-line cases in `tests/cmd/*.toml`: each file holds one command,
//! its input, and its exact expected output and exit status. The inputs they
//! name live in `tests/cmd/fixtures/`. A `*.trycmd` file runs several
//! commands in turn in a copy of its `*.in/` directory (`eduaid export`, then
//! reading back what it wrote).

#[test]
fn cmd_cases() {
    trycmd::TestCases::new()
        .case("tests/cmd/*.toml")
        .case("tests/cmd/*.trycmd");
}
