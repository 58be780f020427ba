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
    apt_install fonts-wqy-microhei
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
    # The page at A4 text width, whole height, as a PNG.
    chrome --window-size="$width,6000" --screenshot="$out/summary-$lang.png" "file://$page"
    # A wrapper frames the page at that width; its script measures the
    # page's scroll width once loaded and writes the verdict into the DOM.
    wrapper="$out/check-$lang.html"
    cat >"$wrapper" <<HTML
<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="summary-$lang.html" style="width:${width}px;height:900px;border:0"></iframe>
<pre id="verdict">pending</pre>
<script>
document.getElementById('f').addEventListener('load', function () {
  var d = this.contentDocument.documentElement;
  var wide = [];
  this.contentDocument.querySelectorAll('body *').forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.right > d.clientWidth + 0.5) wide.push(e.tagName + (e.id ? '#' + e.id : ''));
  });
  document.getElementById('verdict').textContent =
    'scrollWidth=' + d.scrollWidth + ' clientWidth=' + d.clientWidth +
    (d.scrollWidth > d.clientWidth ? ' OVERFLOW ' + wide.slice(0, 5).join(' ') : ' OK');
});
</script></body></html>
HTML
    verdict="$(chrome --virtual-time-budget=5000 --dump-dom "file://$wrapper" \
        | sed -n 's:.*<pre id="verdict">\(.*\)</pre>.*:\1:p')"
    echo "summary ($lang) at ${width}px: ${verdict:-no verdict}"
    case "$verdict" in
        *" OK") ;;
        *) status=1 ;;
    esac
done
echo "PNGs: $out/summary-zh.png $out/summary-en.png"
exit $status
