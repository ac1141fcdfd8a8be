// Progress page of a report being prepared: checks every few seconds and swaps in the new state,
// so the reader need not reload (a timed <meta> refresh would fail WCAG 2.2.1). Without
// JavaScript the page's "Check now" link does the same job.
const box = document.querySelector("[data-report-progress]");
if (box && box.dataset.finished !== "true") {
  const seconds = Number(box.dataset.refreshSeconds || "2");
  const check = async () => {
    const response = await fetch(window.location.href, { headers: { Accept: "text/html" } });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.querySelector("[data-report-progress]");
    if (!fresh) return;
    box.innerHTML = fresh.innerHTML;
    box.dataset.finished = fresh.dataset.finished;
    if (fresh.dataset.finished !== "true") window.setTimeout(check, seconds * 1000);
  };
  window.setTimeout(check, seconds * 1000);
}
