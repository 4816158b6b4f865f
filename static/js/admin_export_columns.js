// The staff export's columns (templates/admin/members/member/export.html): "all" and "none" for every group and
// for the whole list. Loaded as a file, so the strict Content-Security-Policy holds; without it the page works
// box by box, and the buttons, hidden in the HTML, stay hidden.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const list = document.querySelector("[data-export-columns]");
  if (!list) return;
  list.querySelectorAll(".export-toggles").forEach((toggles) => { toggles.hidden = false; });
  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-check]");
    if (!button) return;
    const scope = button.dataset.group ? list.querySelector(`[data-group="${button.dataset.group}"]`) : list;
    scope.querySelectorAll("input[type=checkbox]").forEach((box) => { box.checked = button.dataset.check === "all"; });
  });
});
