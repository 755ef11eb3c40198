#!/usr/bin/env bash
# Debian packages the product and its tests use: Tesseract for OCR of scanned
# pages, poppler for rendering PDF pages to images, libmagic for file types,
# LibreOffice Writer and Impress for legacy .doc and .ppt, Chromium + ChromeDriver for
# the browser test.
# Installs only what is missing, so a second run costs nothing.
set -euo pipefail
missing=()
command -v tesseract >/dev/null || missing+=(tesseract-ocr tesseract-ocr-eng)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
[ -e /usr/lib/x86_64-linux-gnu/libmagic.so.1 ] || ldconfig -p | grep -q libmagic.so.1 || missing+=(libmagic1)
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
# Debian ships Impress separately; without it soffice cannot read .ppt.
[ -e /usr/lib/libreoffice/program/libsdlo.so ] || missing+=(libreoffice-impress-nogui)
if [ "${FOI_SKIP_BROWSER:-0}" != "1" ]; then
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
