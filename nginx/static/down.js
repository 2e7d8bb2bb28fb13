// The "lesson is restarting" page: it is served at the lesson's own address, so poll
// that lesson's health endpoint and reload as soon as it answers again. (A script, not
// <meta http-equiv="refresh">, which screen readers and axe rightly object to.)
"use strict";

const slug = location.pathname.split("/")[1];
const status = document.getElementById("retry-status");
let attempts = 0;

async function retry() {
  attempts += 1;
  try {
    const response = await fetch(`/${slug}/_stcore/health`, { cache: "no-store" });
    if (response.ok && (await response.text()).trim() === "ok") {
      status.textContent = "Back up: reloading…";
      location.reload();
      return;
    }
  } catch {
    /* still down */
  }
  status.textContent = `Still restarting (checked ${attempts} time${attempts === 1 ? "" : "s"})…`;
  setTimeout(retry, 3000);
}

setTimeout(retry, 3000);
