// Starts Swagger UI on the API's documentation page (templates/api/docs.html) from a file of our own,
// so that the page needs no inline script under the site's Content-Security-Policy.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    // The default validator badge loads an image from another host; the CSP would refuse it.
    validatorUrl: null,
    supportedSubmitMethods: ["get", "head"],
  });
})();
