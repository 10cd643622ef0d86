// Issue 13 item 6: shows the warning of a confirmation check while none of its boxes is ticked.
(function () {
    "use strict";
    document.querySelectorAll(".confirmation-warning[data-watch]").forEach(function (warning) {
        var boxes = warning.getAttribute("data-watch").split(" ").map(function (id) { return document.getElementById(id); }).filter(Boolean);
        function update() { warning.hidden = boxes.some(function (b) { return b.checked; }); }
        boxes.forEach(function (b) { b.addEventListener("change", update); });
        update();
    });
})();
