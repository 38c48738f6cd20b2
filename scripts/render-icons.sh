#!/usr/bin/env bash
# Renders the icon set electron-builder packs from the two SVG sources in build/: a detailed one
# for 64 px and up, a simplified one (fewer, bolder shapes) that stays readable at 16-48 px.
# Needs rsvg-convert (Debian: apt-get install librsvg2-bin); the PNGs are committed, so only
# whoever changes the artwork runs this.
set -euo pipefail
cd "$(dirname "$0")/../build"
mkdir -p icons
for size in 16 32 48; do
  rsvg-convert --width "$size" --height "$size" icon-small.svg --output "icons/${size}x${size}.png"
done
for size in 64 128 256 512 1024; do
  rsvg-convert --width "$size" --height "$size" icon.svg --output "icons/${size}x${size}.png"
done
cp icons/1024x1024.png icon.png
