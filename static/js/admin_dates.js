"use strict";
// Every date the registry keeps is a calendar day, not a moment: Django's warning that the browser's clock
// differs from the server's ("your time is 3 hours behind") means nothing under a date field, so only
// time fields keep it. DateTimeShortcuts.js adds its warnings on "load", after this has run.
document.addEventListener("DOMContentLoaded", () => {
  const shortcuts = window.DateTimeShortcuts;
  if (!shortcuts) {
    return;
  }
  const warn = shortcuts.addTimezoneWarning;
  shortcuts.addTimezoneWarning = (input) => {
    if (!input.classList.contains("vDateField")) {
      warn.call(shortcuts, input);
    }
  };
});
