// The image library's "Browse…" window (ImageAdmin.picker_view): choosing an
// image hands its address, its library id and its alt text to the editor
// that opened the window, through the CKEditor-style callback
// django-prose-editor's image dialog listens on. The alt text is the one in
// the language of the text being edited: a per-language column's suffix
// (description_zh_hans), else the item's own language (an article's
// "language" field), else the admin's. A file, for the admin's CSP.
"use strict";
{
  const params = new URLSearchParams(window.location.search);
  const callback = params.get("CKEditorFuncNum");

  function editorLanguage(opener, codes) {
    const dialog = opener.document.querySelector("dialog[open]");
    const textarea = dialog?.closest(".prose-editor")?.querySelector("textarea");
    const name = textarea?.name || "";
    const column = codes.find((code) => name.endsWith(`_${code.replace("-", "_")}`));
    if (column) return column;
    const form = textarea?.form || opener.document;
    const own = form.querySelector("[name=language]")?.value;
    if (codes.includes(own)) return own;
    return document.documentElement.lang;
  }

  function choose(button) {
    const opener = window.opener;
    if (!opener || opener.closed || !opener.CKEDITOR || callback === null) {
      document.querySelector(".image-picker-lost").hidden = false;
      return;
    }
    const altTexts = JSON.parse(button.dataset.altTexts);
    const language = editorLanguage(opener, Object.keys(altTexts));
    opener.CKEDITOR.tools.callFunction(callback, button.dataset.imageUrl, {
      id: button.dataset.imageId,
      alternative_text: altTexts[language] || "",
    });
    window.close();
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest(".image-picker-choice");
    if (button) choose(button);
  });

  // Just uploaded: insert it at once.
  document.addEventListener("DOMContentLoaded", () => {
    const picked = params.get("pick");
    if (!picked) return;
    const button = document.querySelector(
      `.image-picker-choice[data-image-id="${CSS.escape(picked)}"]`,
    );
    if (button) choose(button);
  });
}
