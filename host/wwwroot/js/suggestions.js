// Issue 13 item 10: fills the <datalist> of a field marked data-suggestions from GET /api/suggestions as the user
// types (at most 20, scoped to what the caller may see). Without this script the field stays a free text input,
// checked on the server as before.
(function () {
    "use strict";
    document.querySelectorAll("input[data-suggestions][list]").forEach(function (input) {
        var list = document.getElementById(input.getAttribute("list"));
        if (!list) return;
        var timer = null, asked = null;
        function fill(items) {
            list.replaceChildren.apply(list, items.map(function (s) {
                var option = document.createElement("option");
                option.value = s.valeur;
                if (s.libelle !== s.valeur) option.label = s.libelle;
                return option;
            }));
        }
        function ask() {
            var text = input.value.split(";").pop().trim();
            if (text === asked) return;
            asked = text;
            fetch(input.getAttribute("data-suggestions") + "&q=" + encodeURIComponent(text), { headers: { Accept: "application/json" }, credentials: "same-origin" })
                .then(function (r) { return r.ok ? r.json() : []; })
                .then(function (items) { if (asked === text) fill(items); })
                .catch(function () { /* no suggestions: the field still works as typed text */ });
        }
        input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 150); });
        input.addEventListener("focus", ask);
    });
})();
