// Swagger UI on the hub's own description (api/ApiDocs). A file of the hub, not an inline script: the
// docs page's CSP allows script only from the hub. No validator badge (it would call validator.swagger.io).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
});
