// Dateline: keeps the front page's "All news" rail up to date from the
// public stream of public changes. The page works without it.
(function () {
  "use strict";
  var list = document.querySelector("ol.feed[data-live]");
  if (!list || !window.EventSource) { return; }
  var src = new EventSource(list.getAttribute("data-live"));
  src.addEventListener("rail", function (ev) {
    var items;
    try { items = JSON.parse(ev.data); } catch (e) { return; }
    var frag = document.createDocumentFragment();
    items.forEach(function (it) {
      if (it.day) {
        var d = document.createElement("li");
        d.className = "day";
        d.textContent = it.day;
        frag.appendChild(d);
      }
      var li = document.createElement("li");
      var t = document.createElement("time");
      t.setAttribute("datetime", it.iso);
      t.textContent = it.time;
      li.appendChild(t);
      li.appendChild(document.createTextNode(" "));
      var span = document.createElement("span");
      if (it.mark) {
        var m = document.createElement("span");
        m.className = "mark " + it.markClass;
        m.textContent = it.mark;
        span.appendChild(m);
        span.appendChild(document.createTextNode(" "));
      }
      var a = document.createElement("a");
      a.href = it.href;
      a.textContent = it.headline;
      span.appendChild(a);
      li.appendChild(span);
      frag.appendChild(li);
    });
    list.replaceChildren(frag);
  });
})();
