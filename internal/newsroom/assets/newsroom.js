// Dateline newsroom: live dateline preview and autosave of the editor.
// Everything works without this script; it only saves typing and clicks.
(function () {
  "use strict";
  var form = document.getElementById("editor");
  if (!form) return;

  var out = document.getElementById("dateline-preview");
  var fields = ["place", "date", "credit", "style", "dateline_text"];
  var timer = null;
  function preview() {
    var q = new URLSearchParams();
    fields.forEach(function (n) {
      var el = form.elements[n];
      if (el) q.set(n === "dateline_text" ? "text" : n, el.value);
    });
    fetch("/newsroom/dateline?" + q.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (j) { out.textContent = j.error ? "(" + j.error + ")" : j.text; })
      .catch(function () {});
  }
  fields.forEach(function (n) {
    var el = form.elements[n];
    if (el) el.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(preview, 250);
    });
  });

  var url = form.getAttribute("data-autosave");
  var status = document.getElementById("autosave-status");
  if (!url) return;
  var dirty = false;
  var busy = false;
  form.addEventListener("input", function () { dirty = true; });
  function autosave() {
    if (!dirty || busy) return;
    busy = true;
    dirty = false;
    var data = new FormData(form);
    data.set("op", "autosave");
    fetch(url, { method: "POST", body: new URLSearchParams(data), credentials: "same-origin",
      headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (res) {
        if (res.ok) {
          form.elements["revision"].value = res.j.revision;
          status.textContent = "Draft saved automatically at " + new Date(res.j.saved_at).toLocaleTimeString();
        } else {
          dirty = true;
          status.textContent = "Not saved: " + (res.j.detail || res.j.title);
        }
      })
      .catch(function () { dirty = true; status.textContent = "Not saved: the server could not be reached."; })
      .then(function () { busy = false; });
  }
  setInterval(autosave, 10000);
})();

// Picture uploads: drop files on the upload form, with progress. Without
// this script the form uploads the chosen files as it is.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  var zone = document.getElementById("dropzone");
  if (!form || !zone || !window.FormData) return;
  var input = document.getElementById("f-files");
  var bar = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  function send(files) {
    var data = new FormData();
    for (var i = 0; i < files.length; i++) data.append("files", files[i]);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    bar.hidden = false;
    bar.value = 0;
    status.textContent = "Uploading " + files.length + " file(s)…";
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total);
    };
    xhr.onload = function () {
      if (xhr.status < 400 && xhr.responseURL) { window.location = xhr.responseURL; return; }
      document.open(); document.write(xhr.responseText); document.close();
    };
    xhr.onerror = function () { status.textContent = "The upload failed: the server could not be reached."; };
    xhr.send(data);
  }
  ["dragenter", "dragover"].forEach(function (n) {
    zone.addEventListener(n, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (n) {
    zone.addEventListener(n, function (e) { e.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) {
    if (e.dataTransfer && e.dataTransfer.files.length) send(e.dataTransfer.files);
  });
  form.addEventListener("submit", function (e) {
    if (input.files && input.files.length) { e.preventDefault(); send(input.files); }
  });
})();
