// Starts the panel. A file of its own, not an inline script, so that the page's
// Content-Security-Policy can forbid inline scripts. trunk fills in the two addresses
// (Trunk.toml: pattern_script).
(function () {
  const me = document.currentScript;
  import(me.dataset.js)
    .then((bindings) => bindings.default({ module_or_path: me.dataset.wasm }))
    .then((wasm) => dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } })))
    .catch((error) => {
      const p = document.createElement("p");
      p.setAttribute("role", "alert");
      p.textContent = "DocSpace Admin could not start in this browser: " + error;
      document.body.append(p);
    });
})();
