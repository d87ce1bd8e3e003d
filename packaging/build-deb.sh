#!/usr/bin/env bash
# Builds the Debian package (统信 UOS, 银河麒麟, Debian 12 and later):
#   packaging/build-deb.sh [OUT_DIR]      → OUT_DIR/yusuan_<version>_<arch>.deb
# A release build, then the files a desktop needs laid out and packed with dpkg-deb:
# the program, its menu entry, its icons, the MIME type of budget files, the guide and
# the licences. dpkg's triggers (shared-mime-info, desktop-file-utils, hicolor-icon-theme)
# update the MIME, menu and icon caches; removing the package leaves budget files alone.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-target/debian}")
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
arch=$(dpkg --print-architecture)
# The build's date, for `yusuan --version`: the last commit's, so that a rebuild of the
# same commit gives the same package.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
cargo build --release --locked
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
install -Dm755 target/release/yusuan "$root/usr/bin/yusuan"
strip --strip-unneeded "$root/usr/bin/yusuan" 2>/dev/null || true
install -Dm644 packaging/yusuan.desktop "$root/usr/share/applications/yusuan.desktop"
install -Dm644 packaging/yusuan-mime.xml "$root/usr/share/mime/packages/yusuan.xml"
install -Dm644 packaging/icons/yusuan.svg "$root/usr/share/icons/hicolor/scalable/apps/yusuan.svg"
for s in 16 24 32 48 64 128 256; do
    install -Dm644 "packaging/icons/yusuan-$s.png" "$root/usr/share/icons/hicolor/${s}x${s}/apps/yusuan.png"
done
install -Dm644 packaging/copyright "$root/usr/share/doc/yusuan/copyright"
install -Dm644 assets/fonts/LICENSE-OFL.txt "$root/usr/share/doc/yusuan/LICENSE-OFL.txt"
install -Dm644 assets/guide.md "$root/usr/share/doc/yusuan/guide.md"
mkdir -p "$root/DEBIAN"
size=$(du -sk "$root/usr" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
    packaging/control >"$root/DEBIAN/control"
mkdir -p "$out"
deb="$out/yusuan_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb ($(du -h "$deb" | cut -f1), installed $((size / 1024)) MB)"
