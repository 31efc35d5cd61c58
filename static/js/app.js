// Small behaviours shared by every page.

function showRequestFailed(detail) {
  const box = document.createElement("div");
  box.className = "alert alert-danger position-fixed bottom-0 end-0 m-3 shadow";
  box.setAttribute("role", "alert");
  box.textContent = document.body.dataset.requestFailed || `Request failed (${detail})`;
  document.body.appendChild(box);
  setTimeout(() => box.remove(), 5000);
}

// Inside [data-undo-on-error], a checkbox whose request failed goes back to what
// the server still holds, so the page never shows a tick that was not saved.
function undoFailedTick(element) {
  if (element && element.type === "checkbox" && element.closest("[data-undo-on-error]")) {
    element.checked = !element.checked;
  }
}

document.addEventListener("htmx:responseError", (event) => {
  undoFailedTick(event.detail.elt);
  showRequestFailed(event.detail.xhr.status);
});
document.addEventListener("htmx:sendError", (event) => {
  undoFailedTick(event.detail.elt);
  showRequestFailed("network");
});

// Forms that ask before a destructive action: <form data-confirm="...">.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// Quick choices fill a date-time field: <button data-fill="<input id>" data-value="…">;
// <button data-pick="<input id>"> opens the browser's own picker.
document.addEventListener("click", (event) => {
  const fill = event.target.closest("[data-fill]");
  if (fill) {
    const input = document.getElementById(fill.dataset.fill);
    if (!input) return;
    input.value = fill.dataset.value;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    fill.parentElement.querySelectorAll("[data-fill]").forEach((button) => {
      button.setAttribute("aria-pressed", String(button === fill));
      button.classList.toggle("active", button === fill);
    });
    return;
  }
  const pick = event.target.closest("[data-pick]");
  if (pick) {
    const input = document.getElementById(pick.dataset.pick);
    if (!input) return;
    input.focus();
    if (typeof input.showPicker === "function") {
      try { input.showPicker(); } catch (error) { /* not allowed here: focus is enough */ }
    }
  }
});

// Toasts that arrive with htmx (out of band) show themselves.
document.addEventListener("htmx:load", (event) => {
  const root = event.detail.elt;
  const toasts = root.matches && root.matches(".toast[data-autoshow]")
    ? [root] : Array.from(root.querySelectorAll ? root.querySelectorAll(".toast[data-autoshow]") : []);
  toasts.forEach((toast) => bootstrap.Toast.getOrCreateInstance(toast, { delay: 6000 }).show());
});

// A table wider than the screen scrolls sideways: keyboard users reach it too.
function focusableScrollers(root) {
  root.querySelectorAll(".table-responsive").forEach((box) => {
    if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
    }
  });
}
document.addEventListener("DOMContentLoaded", () => focusableScrollers(document));
window.addEventListener("resize", () => focusableScrollers(document));
document.addEventListener("htmx:load", (event) => {
  if (event.detail.elt.querySelectorAll) focusableScrollers(event.detail.elt);
});
