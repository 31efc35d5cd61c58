// The pipeline board's drag and drop (mode A only; the template loads this file
// only when cards may move). The server decides: on a refusal the card goes back
// where it was and a toast shows why; on success the card and both column heads
// are replaced by the server's HTML, so totals are never computed in the browser.
(() => {
  const board = document.getElementById("board");
  if (!board || board.dataset.canDrag !== "true" || !window.Sortable) return;

  function csrfToken() {
    // base.html puts the token on <body hx-headers>; the cookie is the fallback.
    try {
      const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
      if (headers["X-CSRFToken"]) return headers["X-CSRFToken"];
    } catch (error) {
      // Not JSON: fall through to the cookie.
    }
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function toast(message, kind) {
    const container = document.getElementById("board-toasts");
    if (!container || !message) return;
    const box = document.createElement("div");
    box.className = `toast align-items-center border-0 text-bg-${kind}`;
    box.setAttribute("role", kind === "danger" ? "alert" : "status");
    box.dataset.kind = kind;
    const row = document.createElement("div");
    row.className = "d-flex";
    const body = document.createElement("div");
    body.className = "toast-body";
    body.textContent = message;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close btn-close-white me-2 m-auto";
    close.setAttribute("data-bs-dismiss", "toast");
    close.setAttribute("aria-label", board.dataset.closeLabel || "Close");
    row.append(body, close);
    box.append(row);
    container.append(box);
    if (window.bootstrap) {
      box.addEventListener("hidden.bs.toast", () => box.remove());
      new bootstrap.Toast(box, { delay: kind === "danger" ? 7000 : 3500 }).show();
    } else {
      setTimeout(() => box.remove(), 5000);
    }
  }

  function markEmptyColumns() {
    board.querySelectorAll(".board-cards").forEach((list) => {
      list.classList.toggle("is-empty", !list.querySelector(".board-card"));
    });
  }

  function fromHtml(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  async function post(url, stageId) {
    // The board's filters ride along so the new column totals use the same ones.
    const response = await fetch(url + window.location.search, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      body: new URLSearchParams({ stage: stageId }),
    });
    let data = {};
    try {
      data = await response.json();
    } catch (error) {
      // A non-JSON answer (a 404 or 500 page): the generic message is shown.
    }
    return { ok: response.ok, data };
  }

  // The server's answer replaces the card and both column heads.
  function applyMove(card, data) {
    const fresh = fromHtml(data.card);
    if (fresh) card.replaceWith(fresh);
    for (const [stageId, html] of Object.entries(data.columns || {})) {
      const head = document.getElementById(`board-head-${stageId}`);
      const replacement = fromHtml(html);
      if (head && replacement) head.replaceWith(replacement);
    }
    markEmptyColumns();
    toast(data.message, "success");
  }

  async function move(card, stageId) {
    card.classList.add("board-card-saving");
    let result;
    try {
      result = await post(card.dataset.moveUrl, stageId);
    } catch (error) {
      result = { ok: false, data: {} };
    }
    card.classList.remove("board-card-saving");
    if (!result.ok) toast(result.data.error || board.dataset.moveFailed, "danger");
    return result;
  }

  async function onDrop(event) {
    // Reordering inside a column stores nothing: cards sort by weighted amount.
    if (event.from === event.to) return;
    const card = event.item;
    markEmptyColumns();
    const result = await move(card, event.to.dataset.stage);
    if (!result.ok) {
      event.from.insertBefore(card, event.from.children[event.oldIndex] || null);
      markEmptyColumns();
      return;
    }
    applyMove(card, result.data);
  }

  // A card's "Move to stage" menu is filled as it opens, from the board's one
  // template, with every stage but the column the card is in now.
  board.addEventListener("show.bs.dropdown", (event) => {
    const card = event.target.closest(".board-card");
    const menu = card && card.querySelector("[data-role=move-menu]");
    const template = document.getElementById("board-move-menu");
    if (!menu || !template) return;
    const current = card.closest(".board-cards")?.dataset.stage;
    menu.replaceChildren(template.content.cloneNode(true));
    menu.querySelectorAll("[data-move-to]").forEach((choice) => {
      if (choice.dataset.moveTo === current) choice.closest("li").remove();
    });
  });

  // "Move to stage" on a card's menu: the same move without dragging.
  board.addEventListener("click", async (event) => {
    const choice = event.target.closest("[data-move-to]");
    if (!choice) return;
    const card = choice.closest(".board-card");
    const target = board.querySelector(`.board-cards[data-stage="${choice.dataset.moveTo}"]`);
    if (!card || !target) return;
    const result = await move(card, choice.dataset.moveTo);
    if (!result.ok) return;
    target.prepend(card);
    applyMove(card, result.data);
    document.getElementById(card.id)?.scrollIntoView({ block: "nearest", inline: "nearest" });
  });

  board.querySelectorAll(".board-cards").forEach((list) => {
    Sortable.create(list, {
      group: "board",
      draggable: ".board-card",
      animation: 150,
      ghostClass: "board-card-ghost",
      // On touch screens a drag starts after a short press, so a swipe scrolls.
      delayOnTouchOnly: true,
      delay: 150,
      // The card's menu opens on a tap; it never starts a drag.
      filter: ".board-card-menu",
      preventOnFilter: false,
      onEnd: onDrop,
    });
  });
})();
