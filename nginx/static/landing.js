// The landing page's live parts, self-contained (no libraries, no outside requests):
// - health dots: every lesson's Streamlit health endpoint, through this same nginx;
// - progress: which lessons this browser has opened (localStorage only, no accounts).
"use strict";

const POLL_MS = 5000;
const LABELS = { up: "running", down: "down or restarting", unknown: "checking…" };
const PROGRESS_KEY = "rerun-lab.visited";
const items = Array.from(document.querySelectorAll("li.lesson[data-slug]"));

async function probe(slug) {
  try {
    const response = await fetch(`/${slug}/_stcore/health`, { cache: "no-store" });
    return response.ok && (await response.text()).trim() === "ok" ? "up" : "down";
  } catch {
    return "down";
  }
}

async function refreshHealth() {
  await Promise.all(
    items.map(async (item) => {
      const state = await probe(item.dataset.slug);
      const dot = item.querySelector(".dot");
      const title = item.querySelector(".title").textContent;
      dot.dataset.state = state;
      dot.title = LABELS[state];
      dot.setAttribute("aria-label", `${title}: ${LABELS[state]}`);
    }),
  );
}

function visited() {
  try {
    return new Set(JSON.parse(localStorage.getItem(PROGRESS_KEY) || "[]"));
  } catch {
    return new Set(); // storage blocked or corrupt: progress is only a hint
  }
}

function saveVisited(slugs) {
  try {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify([...slugs]));
  } catch {
    /* storage blocked: nothing to keep */
  }
}

function showProgress() {
  const seen = visited();
  const next = items.find((item) => !seen.has(item.dataset.slug));
  for (const item of items) {
    item.querySelector(".progress").hidden = !seen.has(item.dataset.slug);
    item.classList.toggle("next-up", item === next);
  }
}

for (const item of items) {
  item.querySelector("a").addEventListener("click", () => {
    saveVisited(visited().add(item.dataset.slug));
  });
}
document.getElementById("reset-progress").addEventListener("click", () => {
  saveVisited(new Set());
  showProgress();
});
// Coming back with the browser's Back button restores the page from cache: refresh then too.
window.addEventListener("pageshow", showProgress);

showProgress();
refreshHealth();
setInterval(refreshHealth, POLL_MS);
