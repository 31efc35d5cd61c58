// Small behaviours shared by every page.
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  const box = document.createElement("div");
  box.className = "alert alert-danger position-fixed bottom-0 end-0 m-3 shadow";
  box.setAttribute("role", "alert");
  box.textContent = document.body.dataset.requestFailed || `Request failed (${status})`;
  document.body.appendChild(box);
  setTimeout(() => box.remove(), 5000);
});

// Forms that ask before a destructive action: <form data-confirm="...">.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
