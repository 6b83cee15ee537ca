// Starts the vendored Swagger UI on /docs with our own schema; validatorUrl null keeps it from calling another host.
document.addEventListener("DOMContentLoaded", () => {
  const el = document.getElementById("swagger-ui");
  if (!el || typeof SwaggerUIBundle === "undefined") return;
  SwaggerUIBundle({ url: el.dataset.schemaUrl, dom_id: "#swagger-ui", validatorUrl: null, deepLinking: false });
});
