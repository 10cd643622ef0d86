// Issue 13 item 8: the Hangfire dashboard shows its times (given as UTC instants, formatted by moment.js in the
// browser) in Paris time, whatever the time zone of the manager's computer. Every moment the dashboard builds is
// moved to the Europe/Paris offset of its own instant (summer or winter time), read from the browser's time zone data.
(function () {
    var original = window.moment;
    if (!original || original.cfgParis) return;
    var zone = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' });
    function parisOffset(date) {
        var part = zone.formatToParts(date).filter(function (p) { return p.type === 'timeZoneName'; })[0];
        var match = part && /GMT([+-])(\d{2}):(\d{2})/.exec(part.value);
        if (!match) return 0;
        var minutes = Number(match[2]) * 60 + Number(match[3]);
        return match[1] === '-' ? -minutes : minutes;
    }
    function paris() {
        var time = original.apply(this, arguments);
        return time.isValid() ? time.utcOffset(parisOffset(time.toDate())) : time;
    }
    for (var key in original) {
        if (Object.prototype.hasOwnProperty.call(original, key)) paris[key] = original[key];
    }
    paris.prototype = original.prototype;
    paris.cfgParis = true;
    window.moment = paris;
})();
