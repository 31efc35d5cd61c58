// The purchase lines of a deal or contract form (table#lines, formset prefix
// "lines"): add a row from the <template id="empty-line">, hide and mark a
// removed row for deletion, and fill a blank unit price with the chosen
// product's list price (from the JSON in #product-prices).
(() => {
  const table = document.getElementById("lines");
  if (!table) return;
  const form = table.closest("form");
  const body = table.querySelector("tbody");
  const total = form.querySelector("[name=lines-TOTAL_FORMS]");
  const prices = JSON.parse(document.getElementById("product-prices").textContent);
  document.getElementById("add-line").addEventListener("click", () => {
    const html = document.getElementById("empty-line").innerHTML.replace(/__prefix__/g, total.value);
    body.insertAdjacentHTML("beforeend", html);
    total.value = Number(total.value) + 1;
  });
  body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action=remove-line]");
    if (!button) return;
    const row = button.closest("tr");
    const remove = row.querySelector("input[name$=-DELETE]");
    if (remove) remove.checked = true;
    row.classList.add("d-none");
  });
  body.addEventListener("change", (event) => {
    if (!event.target.name || !event.target.name.endsWith("-product")) return;
    const price = event.target.closest("tr").querySelector("input[name$=-unit_price]");
    if (price && !price.value && prices[event.target.value]) price.value = prices[event.target.value];
  });
})();
