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
