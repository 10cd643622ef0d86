// CfgResults — small enhancements of the school pages. Everything works without this file: the tabs
// are then two sections with links to them. With it, they become ARIA tabs (WAI-ARIA Authoring
// Practices « Tabs with automatic activation »): arrows, Home and End move between tabs.
(function () {
    "use strict";

    function enhanceTabs(root) {
        var list = root.querySelector(".tabs__list");
        var tabs = Array.prototype.slice.call(root.querySelectorAll(".tabs__tab"));
        var panels = tabs.map(function (tab) { return document.getElementById(tab.getAttribute("href").slice(1)); });
        if (!list || tabs.length === 0 || panels.some(function (p) { return !p; })) return null;

        root.classList.add("tabs--active");
        list.setAttribute("role", "tablist");
        Array.prototype.forEach.call(list.children, function (li) { li.setAttribute("role", "presentation"); });
        tabs.forEach(function (tab, i) {
            tab.setAttribute("role", "tab");
            tab.setAttribute("aria-controls", panels[i].id);
            panels[i].setAttribute("role", "tabpanel");
            panels[i].setAttribute("aria-labelledby", tab.id);
            panels[i].setAttribute("tabindex", "0");
        });

        function select(index, focus) {
            tabs.forEach(function (tab, i) {
                var selected = i === index;
                tab.setAttribute("aria-selected", selected ? "true" : "false");
                tab.setAttribute("tabindex", selected ? "0" : "-1");
                panels[i].hidden = !selected;
            });
            if (focus) tabs[index].focus();
        }

        tabs.forEach(function (tab, i) {
            tab.addEventListener("click", function (event) {
                event.preventDefault();
                select(i, false);
            });
            tab.addEventListener("keydown", function (event) {
                var next = null;
                if (event.key === "ArrowRight") next = (i + 1) % tabs.length;
                else if (event.key === "ArrowLeft") next = (i - 1 + tabs.length) % tabs.length;
                else if (event.key === "Home") next = 0;
                else if (event.key === "End") next = tabs.length - 1;
                if (next === null) return;
                event.preventDefault();
                select(next, true);
            });
        });

        // The panel holding an element (an error, a hash target) is shown before the element is reached.
        function reveal(element) {
            for (var i = 0; i < panels.length; i++) {
                if (panels[i] === element || panels[i].contains(element)) { select(i, false); return true; }
            }
            return false;
        }

        var initial = root.getAttribute("data-tabs-initial");
        var fromHash = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
        if (!(fromHash && reveal(fromHash))) {
            var start = panels.findIndex(function (p) { return p.id === initial; });
            select(start >= 0 ? start : 0, false);
        }
        return reveal;
    }

    var revealers = [];
    Array.prototype.forEach.call(document.querySelectorAll("[data-tabs]"), function (root) {
        var reveal = enhanceTabs(root);
        if (reveal) revealers.push(reveal);
    });

    // Links of the error summary (and any in-page link) open the tab of their target, then focus it.
    document.addEventListener("click", function (event) {
        var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
        if (!link || link.classList.contains("tabs__tab")) return;
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) return;
        revealers.forEach(function (reveal) { reveal(target); });
        event.preventDefault();
        target.scrollIntoView({ block: "center" });
        target.focus();
    });

    // A form shown again with errors: the summary gets the focus, so that it is read first.
    var summary = document.getElementById("erreurs");
    if (summary && summary.hasAttribute("tabindex")) summary.focus();
})();
