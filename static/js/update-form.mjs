// The update form never loses text: it warns before leaving with unsaved changes and saves the
// draft every 30 seconds while the person types. Progressive enhancement only: without this
// file the form still saves and submits as usual. Autosave uses the same compare-and-set as
// "Save draft", so it never overwrites someone else's save; on a conflict it stops and says so.
// Before the session's idle timeout it saves the draft first, then warns and offers "Stay
// signed in"; once the time is up it says so, and the saved draft is there after logging in.
// Tests may shorten the intervals by setting window.cspAutosaveSeconds, cspIdleSeconds and
// cspIdleWarningSeconds before the page loads.
const AUTOSAVE_EVERY_MS = (window.cspAutosaveSeconds || 30) * 1000;

const form = document.querySelector("form[data-update-form]");
if (form) {
  const status = form.querySelector("[data-autosave-status]");
  const state = form.querySelector("input[name=state]");
  let dirty = false;
  let leaving = false;
  let stopped = false;
  let saving = false;
  let lastContact = Date.now(); // the server's idle clock restarts with each request

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
      lastContact = Date.now();
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

  const idleSeconds = window.cspIdleSeconds || Number(form.dataset.idleSeconds || 0);
  const warnSeconds = window.cspIdleWarningSeconds || Number(form.dataset.idleWarningSeconds || 0);
  const warning = document.querySelector("[data-idle-warning]");
  if (idleSeconds && warnSeconds && warning && form.dataset.keepAliveUrl) {
    const text = warning.querySelector("[data-idle-warning-text]");
    const stay = warning.querySelector("[data-idle-stay]");
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    let warned = false;
    let over = false;
    const minutes = (seconds) => {
      const n = Math.max(1, Math.ceil(seconds / 60));
      return `${n} minute${n === 1 ? "" : "s"}`;
    };
    const watch = async () => {
      if (over || leaving) return;
      const left = idleSeconds - (Date.now() - lastContact) / 1000;
      if (left <= 0) {
        over = true;
        stay.hidden = true;
        text.textContent = dirty
          ? "You have been signed out. Copy any text you typed since the last save, then log in again."
          : "You have been signed out because nothing was done for a while. Your draft was saved: log in again to carry on.";
        warning.hidden = false;
        return;
      }
      if (left <= warnSeconds && !warned) {
        warned = true;
        await autosave(); // the draft is saved before anything else
        text.textContent = `For your security you will be signed out in ${minutes(left)} because nothing has been done. ${
          dirty ? "Your latest changes are not saved yet." : "Your draft is saved."
        }`;
        warning.hidden = false;
        stay.focus();
      }
    };
    stay.addEventListener("click", async () => {
      try {
        const response = await fetch(form.dataset.keepAliveUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
        });
        if (response.ok) {
          lastContact = Date.now();
          warned = false;
          warning.hidden = true;
          say("You are still signed in.");
        }
      } catch {
        say("Could not reach the server: save the draft to keep your text.");
      }
    });
    window.setInterval(watch, Math.min(5000, warnSeconds * 250));
  }
}
