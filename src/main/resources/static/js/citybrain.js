// htmx requests carry the CSRF token that Spring Security expects on every state-changing request.
document.addEventListener('htmx:configRequest', function (e) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    e.detail.headers[header.content] = token.content;
  }
});
