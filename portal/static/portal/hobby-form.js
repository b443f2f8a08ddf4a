// Hobby form: keeps each empty translation's placeholder showing the text pupils would see
// instead (the fallback order fi → sv → en), and lets the user click the focus point of a
// new cover image. The form works without this script.
(function () {
  "use strict";
  var ORDER = ["fi", "sv", "en"];

  function fallbackFor(group, language) {
    var order = [language].concat(ORDER.filter(function (code) { return code !== language; }));
    for (var i = 1; i < order.length; i++) {
      var other = document.querySelector('[data-translation-group="' + group + '"][data-language="' + order[i] + '"]');
      if (other && other.value.trim()) { return other.value.trim(); }
    }
    return "";
  }

  function refreshPlaceholders(group) {
    document.querySelectorAll('[data-translation-group="' + group + '"]').forEach(function (field) {
      field.placeholder = fallbackFor(group, field.dataset.language).slice(0, 300);
    });
  }

  var translationGroups = {};
  document.querySelectorAll("[data-translation-group]").forEach(function (field) {
    translationGroups[field.dataset.translationGroup] = true;
    field.addEventListener("input", function () { refreshPlaceholders(field.dataset.translationGroup); });
  });
  // Text typed before this script ran, as on a slow connection, gets its placeholders too.
  Object.keys(translationGroups).forEach(refreshPlaceholders);

  var upload = document.getElementById("id_cover_upload");
  var preview = document.getElementById("cover-focus-preview");
  var focusX = document.getElementById("id_focus_x");
  var focusY = document.getElementById("id_focus_y");
  if (!upload || !preview || !focusX || !focusY) { return; }
  upload.addEventListener("change", function () {
    var file = upload.files && upload.files[0];
    if (!file) { preview.hidden = true; return; }
    preview.src = URL.createObjectURL(file);
    preview.hidden = false;
  });
  preview.addEventListener("click", function (event) {
    var box = preview.getBoundingClientRect();
    focusX.value = Math.round(100 * (event.clientX - box.left) / box.width);
    focusY.value = Math.round(100 * (event.clientY - box.top) / box.height);
  });
}());
