// Choices of a person that find one as one types (users/filters.py): a
// <select data-person-search="url"> becomes a Tom Select that asks the url for
// the people whose name contains the typed text. The box to type in opens in
// the dropdown, so the closed control stays one line like the selects beside
// it. The select keeps its name, so the form still sends ?owner=<key>; its
// texts come translated from the page.
(() => {
  const searchable = (select) => {
    if (select.tomselect) return;
    const texts = select.dataset;
    const search = new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: ["text", "username"],
      allowEmptyOption: true,
      plugins: ["dropdown_input"],
      placeholder: texts.placeholder,
      loadThrottle: 250,
      load(query, callback) {
        const url = new URL(texts.personSearch, window.location.href);
        url.searchParams.set("q", query);
        fetch(url, { headers: { Accept: "application/json" } })
          .then((response) => (response.ok ? response.json() : Promise.reject(response)))
          .then((data) => callback(data.results))
          .catch(() => callback());
      },
      render: {
        option: (person, escape) =>
          person.team
            ? `<div>${escape(person.text)} <small class="text-body-secondary">· ${escape(person.team)}</small></div>`
            : `<div>${escape(person.text)}</div>`,
        no_results: (_data, escape) => `<div class="no-results">${escape(texts.noResults)}</div>`,
        loading: (_data, escape) =>
          `<div class="loading small text-body-secondary px-2 py-1">${escape(texts.loading)}</div>`,
      },
    });
    // The field's label names the control; it names the box one types in
    // and the hidden select the form still sends as well.
    const labelledBy = search.control.getAttribute("aria-labelledby");
    if (labelledBy) {
      select.setAttribute("aria-labelledby", labelledBy);
      search.control_input.setAttribute("aria-labelledby", labelledBy);
    }
  };

  document.querySelectorAll("select[data-person-search]").forEach(searchable);
})();
