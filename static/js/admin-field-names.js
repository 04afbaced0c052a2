// Accessible names for two admin widgets that have none of their own (axe:
// aria-input-field-name, label): the prose editor's text box and the
// autocomplete's select2 box and search field. Each takes its field's label;
// a file, so the admin's CSP lets it run without a nonce.
"use strict";
{
  const labelFor = (id) => document.querySelector(`label[for="${id}"]`);
  const nameOf = (label) => label.textContent.replace(/[\s:：]+$/, "");

  document.addEventListener("prose-editor:ready", ({ detail: { editor, textarea } }) => {
    const label = labelFor(textarea.id);
    if (!label) return;
    const props = editor.options.editorProps;
    const attributes = { ...props.attributes, "aria-label": nameOf(label) };
    editor.setOptions({ editorProps: { ...props, attributes } });
  });

  // Select2 names its box after the selection alone, empty when none is made.
  function nameAutocompletes() {
    for (const select of document.querySelectorAll("select.admin-autocomplete")) {
      const label = labelFor(select.id);
      // Of a multiple choice, the box one types in to find more.
      const search = select.nextElementSibling?.querySelector(".select2-search__field");
      if (label && search) search.setAttribute("aria-label", nameOf(label));
      const shown = document.getElementById(`select2-${select.id}-container`);
      if (!label || !shown) continue;
      label.id ||= `${select.id}-label`;
      const names = `${label.id} ${shown.id}`;
      shown.setAttribute("aria-labelledby", names);
      shown.closest(".select2-selection").setAttribute("aria-labelledby", names);
    }
  }
  // The admin's scripts (plain, so run before this deferred one) have queued
  // select2's set-up for when the page is ready: queue this after it.
  const $ = window.django && window.django.jQuery;
  if ($) {
    $(nameAutocompletes);
    document.addEventListener("formset:added", nameAutocompletes);
  }
}
