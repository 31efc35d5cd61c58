// My day and my week write one reschedule menu (<template id="reschedule-menu">)
// for all their rows. The first time a row's menu opens, a copy goes into it,
// aimed at that row: its choices post to the row's data-reschedule-url and the
// answer replaces the row.
document.addEventListener("show.bs.dropdown", (event) => {
  const toggle = event.target;
  const url = toggle.dataset && toggle.dataset.rescheduleUrl;
  const template = document.getElementById("reschedule-menu");
  if (!url || !template) return;
  const menu = toggle.parentElement.querySelector("[data-role=reschedule-menu]");
  const row = toggle.closest("[data-role=day-row]");
  if (!menu || !row || menu.childElementCount) return;
  menu.append(template.content.cloneNode(true));
  menu.querySelectorAll("[hx-swap]").forEach((element) => {
    element.setAttribute("hx-post", url);
    element.setAttribute("hx-target", `#${row.id}`);
  });
  const input = menu.querySelector("[data-role=pick-input]");
  input.id = `pick-${row.id}`;
  menu.querySelector("[data-role=pick-label]").htmlFor = input.id;
  window.htmx.process(menu);
});
