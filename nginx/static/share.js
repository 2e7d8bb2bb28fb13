// The landing page's share panel: the class address in big letters and as a QR code,
// drawn in the browser by the vendored qrcode-generator (nothing fetched from outside).
// The address is RERUNLAB_PUBLIC_URL when the teacher set one, otherwise the address this
// browser used to open the page.
"use strict";

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\])$/;

async function classUrl() {
  try {
    const response = await fetch("/_lab/class.json", { cache: "no-store" });
    const { public_url: configured } = await response.json();
    if (configured) return { url: configured, configured: true };
  } catch {
    /* no setting: fall back to this page's own address */
  }
  return { url: `${location.origin}/`, configured: false };
}

async function showShare() {
  const { url, configured } = await classUrl();
  const link = document.getElementById("class-url");
  link.href = url;
  link.textContent = url;

  const qr = qrcode(0, "M");
  qr.addData(url);
  qr.make();
  const box = document.getElementById("class-qr");
  box.innerHTML = qr.createSvgTag({ cellSize: 6, margin: 2, scalable: true, alt: `QR code: ${url}` });
  box.setAttribute("aria-label", `QR code of ${url}`);

  const warning = document.getElementById("share-warning");
  if (!configured && LOOPBACK.test(location.hostname)) {
    warning.textContent =
      "This is this computer's own address: students can't use it. Open this page at the " +
      "machine's network address (scripts/class-url prints it), or set RERUNLAB_PUBLIC_URL.";
    warning.hidden = false;
  }
}

// Open for the projector; on a phone the student has already joined: the lessons come first,
// and the panel is one tap away (its summary).
const WIDE = window.matchMedia("(min-width: 40.01rem)");
document.getElementById("join").open = WIDE.matches;

showShare();
