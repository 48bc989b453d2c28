// The API reference page (/api/docs): starts Swagger UI (static/vendor/swagger-ui, from npm) on the
// contract the page names; no validator badge (it would call another site), no "Try it out" by
// default (requests go to this server with the bearer token given under Authorize).
(function () {
  'use strict';
  var root = document.getElementById('api-docs');
  if (!root || typeof window.SwaggerUIBundle !== 'function') return;
  window.SwaggerUIBundle({
    url: root.getAttribute('data-spec-url'),
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
    docExpansion: 'none',
    defaultModelsExpandDepth: 0,
    tryItOutEnabled: false,
  });
})();
