// Starts Swagger UI on the document the page links to (rel=describedby). A file, not an inline
// script, so the page runs under a strict Content-Security-Policy (script-src 'self').
(function () {
  "use strict";

  function start() {
    var link = document.querySelector('link[rel="describedby"]');
    var documentUrl = new URL(link.getAttribute("href"), document.baseURI);
    // "Try it out" sends requests to where the page is served from, prefix included (/api/docs -> /api/).
    var apiRoot = new URL(".", document.baseURI).href;
    fetch(documentUrl, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("GET " + documentUrl + " answered " + response.status);
        }
        return response.json();
      })
      .then(function (spec) {
        spec.servers = [{ url: apiRoot, description: "This server" }];
        window.ui = SwaggerUIBundle({
          spec: spec,
          dom_id: "#swagger-ui",
          deepLinking: true,
          presets: [SwaggerUIBundle.presets.apis],
          layout: "BaseLayout",
          persistAuthorization: false,
        });
      })
      .catch(function (error) {
        var message = document.createElement("p");
        message.textContent = "The OpenAPI document could not be loaded: " + error.message;
        document.getElementById("swagger-ui").appendChild(message);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
