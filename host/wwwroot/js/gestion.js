// Editor of definitions and templates (/gestion/definitions/…). Without this script the page works:
// the gutter shows the saved text's line numbers and error links go to the numbered listing.
// With it, the gutter follows typing, and an error link puts the caret on its line and column.
(function () {
    "use strict";
    var editor = document.querySelector("[data-editor]");
    if (!editor) return;
    var text = editor.querySelector("textarea");
    var gutter = editor.querySelector(".editor__gutter");
    var errorLines = {};
    Array.prototype.forEach.call(gutter.querySelectorAll(".is-error"), function (span) { errorLines[span.textContent] = true; });

    // As the server counts: a final line end does not make one more line.
    function lineCount() { var n = text.value.split("\n").length; return text.value.endsWith("\n") ? n - 1 : n; }

    function refresh() {
        var count = Math.max(1, lineCount());
        if (gutter.childElementCount !== count) {
            var fragment = document.createDocumentFragment();
            for (var i = 1; i <= count; i++) {
                var span = document.createElement("span");
                span.textContent = String(i);
                if (errorLines[String(i)]) span.className = "is-error";
                fragment.appendChild(span);
            }
            gutter.replaceChildren(fragment);
        }
        text.rows = Math.max(count, 10) + 2;
    }

    function goTo(line, column) {
        var lines = text.value.split("\n");
        var start = 0;
        for (var i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
        var length = lines[line - 1] !== undefined ? lines[line - 1].length : 0;
        text.focus();
        text.setSelectionRange(start + Math.min(Math.max(column - 1, 0), length), start + length);
        // Scroll the frame so that the line is visible (1.25rem per line).
        var lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 20;
        editor.scrollTop = Math.max(0, (line - 4) * lineHeight);
    }

    text.addEventListener("input", refresh);
    document.addEventListener("click", function (event) {
        var link = event.target.closest("a[data-line]");
        if (!link) return;
        event.preventDefault();
        goTo(parseInt(link.dataset.line, 10), parseInt(link.dataset.column || "1", 10));
    });
    refresh();
}());
