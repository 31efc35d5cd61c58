// Customer pickers (customers/widgets.py): a search box that refills its select.
(() => {
  if (window.customerPickerReady) return;
  window.customerPickerReady = true;

  const selectOf = (element) =>
    element.closest("[data-customer-picker]")?.querySelector("select");

  document.addEventListener("keydown", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.closest("[data-customer-picker]")) {
      return;
    }
    if (event.key === "Enter") {
      // Enter searches at once; it must not submit the form around the picker.
      event.preventDefault();
      htmx.trigger(box, "search");
    } else if (event.key === "ArrowDown") {
      // Down goes to the matches, as from the box of a combobox.
      event.preventDefault();
      selectOf(box)?.focus();
    }
  });

  // The first match is now the choice: tell whoever listens to the select
  // (a contract form reloads its deals when the customer changes).
  document.addEventListener("htmx:afterSwap", (event) => {
    const select = event.detail.target;
    if (select instanceof HTMLSelectElement && select.closest("[data-customer-picker]")) {
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
})();
