// The viewer's time zone (docs/workspace.md, "Times"): the hub renders its pages on the server and
// cannot know the browser's zone, so this script, the pages' only one, keeps it in the cookie
// lexhub_tz, which the next page is written in, and rewrites this page's times in place. Without
// script the pages show the hub's zone and name it. It only changes how times are written.
(function () {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone || !/^[A-Za-z][A-Za-z0-9_+\-]{0,30}(\/[A-Za-z0-9_+\-]{1,30}){0,2}$/.test(zone)) return;
  document.cookie = 'lexhub_tz=' + zone + '; Path=/; Max-Age=31536000; SameSite=Lax' + (location.protocol === 'https:' ? '; Secure' : '');
  var names = document.querySelectorAll('[data-zone-name]');
  if (names.length === 0 || names[0].textContent === zone) return;
  // the server's form, "6 Dec 2026 21:40", for every instant (a time element whose datetime has a time of day)
  var format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'
  });
  document.querySelectorAll('time[datetime*="T"]').forEach(function (t) {
    var when = new Date(t.getAttribute('datetime'));
    if (isNaN(when.getTime())) return;
    var p = {};
    format.formatToParts(when).forEach(function (part) { p[part.type] = part.value; });
    t.textContent = p.day + ' ' + p.month + ' ' + p.year + ' ' + p.hour + ':' + p.minute;
  });
  names.forEach(function (n) { n.textContent = zone; });
})();
