// Registers the site's service worker (service_worker_template.js), so that the page and
// embed.html keep working offline once opened. Only in the built site (the dev server has no
// service-worker.js) and only where the browser allows one (https or localhost). A refusal is
// not an error of the page: it then simply needs the network, as before.

export function registerServiceWorker() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register(new URL('service-worker.js', document.baseURI), { scope: './' }).catch(() => {});
}
