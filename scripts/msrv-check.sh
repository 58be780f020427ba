#!/usr/bin/env bash
# Checks the whole workspace (every crate, every target: libraries, the CLI,
# tests, examples, benchmarks) with the oldest Rust the manifests promise,
# `rust-version` in the workspace's Cargo.toml.
#
# The toolchain is Debian's: `rustc-web` and `cargo-web` of the promised
# version (bookworm ships 1.85.0; its security updates bring newer ones, so
# the version is asked by name), installed as /usr/bin/rustc and
# /usr/bin/cargo beside rustup's with apt-get when missing (needs root or
# sudo). It builds into its own target directory, so it never mixes with
# the main toolchain's output.
#
#   bash scripts/msrv-check.sh        # fails unless every target type-checks
set -euo pipefail
cd "$(dirname "$0")/.."

want="$(sed -n 's/^rust-version *= *"\(.*\)"/\1/p' Cargo.toml)"
if [ -z "$want" ]; then
    echo "msrv-check: no rust-version in Cargo.toml" >&2
    exit 1
fi

# True when Debian's rustc is the promised version (1.85 matches 1.85.x).
promised() {
    local have
    have="$(/usr/bin/rustc --version 2>/dev/null | awk '{print $2}')"
    case "$have" in "$want" | "$want".*) return 0 ;; *) return 1 ;; esac
}
# The newest version of a Debian package that is the promised Rust
# (bookworm-security's updates replace 1.85 by newer releases, while
# bookworm/main keeps 1.85: the version is named, not the newest taken).
pick() {
    apt-cache madison "$1" | awk -v w="$want" '{ v = $3 } index(v, w ".") == 1 { print v; exit }'
}
if ! promised; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    # rustc-web needs its standard library of the very same version.
    packages=()
    for p in rustc-web cargo-web libstd-rust-web-dev; do
        v="$(pick "$p")"
        if [ -z "$v" ]; then
            echo "msrv-check: Debian offers no $p $want" >&2
            exit 1
        fi
        packages+=("$p=$v")
    done
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        --allow-downgrades "${packages[@]}"
fi
if ! promised; then
    echo "msrv-check: rust-version is $want but Debian's rustc is $(/usr/bin/rustc --version 2>&1 || true)" >&2
    exit 1
fi
have="$(/usr/bin/rustc --version)"

echo "msrv-check: cargo check with $have (rust-version $want)"
RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc CARGO_TARGET_DIR=target/msrv \
    /usr/bin/cargo check --workspace --all-targets --locked
