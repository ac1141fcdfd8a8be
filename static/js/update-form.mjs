// The update form never loses text: it warns before leaving with unsaved changes and saves the
// draft every 30 seconds while the person types. Progressive enhancement only: without this
// file the form still saves and submits as usual. Autosave uses the same compare-and-set as
// "Save draft", so it never overwrites someone else's save; on a conflict it stops and says so.
// Tests may shorten the interval by setting window.cspAutosaveSeconds before the page loads.
const AUTOSAVE_EVERY_MS = (window.cspAutosaveSeconds || 30) * 1000;

const form = document.querySelector("form[data-update-form]");
if (form) {
  const status = form.querySelector("[data-autosave-status]");
  const state = form.querySelector("input[name=state]");
  let dirty = false;
  let leaving = false;
  let stopped = false;
  let saving = false;

  const say = (message) => {
    if (status) status.textContent = message;
  };

  form.addEventListener("input", () => {
    dirty = true;
  });
  form.addEventListener("change", () => {
    dirty = true;
  });
  form.addEventListener("submit", () => {
    leaving = true;
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty && !leaving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  const autosave = async () => {
    if (!dirty || stopped || saving || leaving) return;
    saving = true;
    const body = new FormData(form);
    body.delete("submit");
    body.delete("resolving");
    try {
      const response = await fetch(form.dataset.autosaveUrl, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const answer = await response.json();
      if (response.ok && answer.saved) {
        state.value = answer.state;
        dirty = false;
      } else if (answer.conflict) {
        stopped = true; // the person must see both versions: "Save draft" shows them
      }
      say(answer.message);
    } catch {
      say("Not saved automatically: the connection failed. Your text is still here; save the draft when you can.");
    } finally {
      saving = false;
    }
  };

  if (form.dataset.autosaveUrl && !form.querySelector("input[name=resolving]")) {
    window.setInterval(autosave, AUTOSAVE_EVERY_MS);
  }
}
