// Live health dots: ask every lesson's Streamlit health endpoint, through this same
// nginx, every few seconds. Self-contained: no libraries, no outside requests.
"use strict";

const POLL_MS = 5000;
const LABELS = { up: "running", down: "down or restarting", unknown: "checking…" };

async function probe(slug) {
  try {
    const response = await fetch(`/${slug}/_stcore/health`, { cache: "no-store" });
    return response.ok && (await response.text()).trim() === "ok" ? "up" : "down";
  } catch {
    return "down";
  }
}

async function refresh() {
  const items = document.querySelectorAll("li.lesson[data-slug]");
  await Promise.all(
    Array.from(items, async (item) => {
      const state = await probe(item.dataset.slug);
      const dot = item.querySelector(".dot");
      const title = item.querySelector(".title").textContent;
      dot.dataset.state = state;
      dot.title = LABELS[state];
      dot.setAttribute("aria-label", `${title}: ${LABELS[state]}`);
    }),
  );
}

refresh();
setInterval(refresh, POLL_MS);
