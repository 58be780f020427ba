#!/usr/bin/env bash
# A look at the HTML summary in a real browser: renders the embedded 2019
# dataset's summary (Chinese and English) in headless Chromium at the width
# of an A4 page's text (180 mm = 680 CSS px), saves a PNG of each, and fails
# when a page is wider than that (horizontal overflow).
#
# Installs Debian's `chromium` and a Chinese font (`fonts-wqy-microhei`)
# with apt-get when they are missing (needs root or sudo).
#
#   bash scripts/browser-check.sh [OUT_DIR]     # PNGs and pages in OUT_DIR (default: target/browser-check)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/browser-check}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

apt_install() {
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
    apt_install chromium
    browser="$(command -v chromium)"
fi
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
    # Without a Chinese font the check still measures widths (missing glyphs
    # are drawn as boxes about as wide), but the PNG is not worth a look.
    apt_install fonts-wqy-microhei || echo "warning: no Chinese font installed; Chinese text shows as boxes" >&2
fi

cargo build -q -p eduaid-cli
bin="target/debug/eduaid"

# A4 portrait at 96 dpi: 794 px wide; 15 mm margins leave 680 px of text.
width=680
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chrome() {
    "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$profile" "$@" 2>/dev/null
}

status=0
for lang in zh en; do
    page="$out/summary-$lang.html"
    "$bin" summary --format html --lang "$lang" --output "$page"
    # A copy of the page with a script at its end measures, at that width,
    # whether anything reaches past the right edge, and writes the verdict
    # into the DOM (the page itself has no script).
    probe="$out/probe-$lang.html"
    {
        sed '/^<\/body>$/,$d' "$page"
        cat <<'JS'
<script>(function () {
  var d = document.documentElement, wide = [];
  document.querySelectorAll("body *").forEach(function (e) {
    var r = e.getBoundingClientRect();
    var t = e.closest("[data-table],figure");
    var where = t ? (t.getAttribute("data-table") || t.id) : "";
    if (r.right > d.clientWidth + 0.5) wide.push(e.tagName + (where ? "(" + where + ")" : ""));
  });
  var p = document.createElement("pre");
  p.id = "verdict";
  p.textContent = "scrollHeight=" + d.scrollHeight + " scrollWidth=" + d.scrollWidth + " clientWidth=" + d.clientWidth +
    (d.scrollWidth > d.clientWidth || wide.length ? " OVERFLOW " + wide.slice(0, 5).join(" ") : " OK");
  document.body.appendChild(p);
})();</script>
</body>
</html>
JS
    } >"$probe"
    verdict="$(chrome --virtual-time-budget=5000 --window-size="$width,900" --dump-dom "file://$probe" \
        | sed -n 's:.*<pre id="verdict">\(.*\)</pre>.*:\1:p')"
    echo "summary ($lang) at ${width}px: ${verdict:-no verdict}"
    # The whole page at that width as a PNG, to look at.
    height="$(printf '%s\n' "$verdict" | sed -n 's/^scrollHeight=\([0-9]*\).*/\1/p')"
    chrome --window-size="$width,${height:-6000}" --screenshot="$out/summary-$lang.png" "file://$page"
    case "$verdict" in
        *" OK") ;;
        *) status=1 ;;
    esac
done
echo "PNGs: $out/summary-zh.png $out/summary-en.png"
exit $status
