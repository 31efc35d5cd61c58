// Customer pickers (customers/widgets.py): a search box that refills its select.
(() => {
  if (window.customerPickerReady) return;
  window.customerPickerReady = true;

  const pickerOf = (element) => element.closest?.("[data-customer-picker]");
  const selectOf = (element) => pickerOf(element)?.querySelector("select");

  document.addEventListener("keydown", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !pickerOf(box)) {
      return;
    }
    if (event.key === "Enter") {
      // Enter searches at once; it must not submit the form around the picker.
      // The same words again would only redo the search already shown (or on
      // its way), and its answer could arrive after the user picked a match.
      event.preventDefault();
      if (box.value !== box.dataset.searched) htmx.trigger(box, "search");
    } else if (event.key === "ArrowDown") {
      // Down goes to the matches, as from the box of a combobox.
      event.preventDefault();
      selectOf(box)?.focus();
    }
  });

  // Remember what each request searched for, so Enter knows whether it is new.
  document.addEventListener("htmx:beforeRequest", (event) => {
    const box = event.detail.elt;
    if (box instanceof HTMLInputElement && pickerOf(box)) {
      box.dataset.searched = box.value;
    }
  });

  // New matches never take away a pick the user made: a match that is still
  // offered stays chosen, however late the answer arrives.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const select = event.detail.target;
    if (select instanceof HTMLSelectElement && pickerOf(select)) {
      select.dataset.picked = select.value;
    }
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    const select = event.detail.target;
    if (!(select instanceof HTMLSelectElement) || !pickerOf(select)) return;
    const picked = select.dataset.picked || "";
    delete select.dataset.picked;
    if (picked && [...select.options].some((option) => option.value === picked)) {
      select.value = picked;
    }
    // Otherwise the first match is now the choice: tell whoever listens to the
    // select (a contract form reloads its deals when the customer changes).
    if (select.value !== picked) {
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
})();
